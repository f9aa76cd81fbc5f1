//! Loading: parse + validate (throughput in bytes of YAML), and parse + validate + build
//! the search index, at 1,000, 10,000 and 100,000 entries (about 0.27, 2.7 and 27 MB of
//! YAML); and the two larger read back from the cache of loaded knowledge bases.
//!
//! `cargo bench --bench load`

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::yaml;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qwen_tui::explorer::app::Loaded;
use qwen_tui::kb::cache::{CACHE_FROM, load_paths};
use qwen_tui::kb::load::load_str;
use std::hint::black_box;
use std::time::Duration;

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse+validate");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(8));
    for entries in [10_000, 100_000] {
        let text = yaml(entries);
        g.throughput(Throughput::Bytes(text.len() as u64));
        // The knowledge base is dropped outside the timing, and each parse tree is freed
        // on its own thread at once (as after the explorer's first frame).
        qwen_tui::kb::load::free_now();
        g.bench_function(entries.to_string(), |b| {
            b.iter_with_large_drop(|| load_str(&text, "synth.yaml").unwrap())
        });
    }
    g.finish();
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load+index");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    for entries in [1_000, 10_000, 100_000] {
        let text = yaml(entries);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(entries.to_string(), |b| {
            b.iter(|| black_box(Loaded::new(load_str(&text, "synth.yaml").unwrap())))
        });
        // The same file again, read back from the cache (which its first load wrote).
        if text.len() >= CACHE_FROM {
            let dir = std::env::temp_dir().join(format!("qwen-tui-bench-{}", std::process::id()));
            let file = dir.join(format!("synth{entries}.yaml"));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &text).unwrap();
            let cache = dir.join("cache");
            load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap();
            g.bench_function(format!("{entries}, from the cache"), |b| {
                b.iter(|| {
                    let kb = load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap();
                    black_box(Loaded::new(kb))
                })
            });
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    g.finish();
}

criterion_group!(benches, parse, load);
criterion_main!(benches);
