//! Loading: parse + validate + build the search index, at 1,000, 10,000 and 100,000
//! entries (about 0.27, 2.7 and 27 MB of YAML).
//!
//! `cargo bench --bench load`

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::yaml;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qwen_tui::app::Loaded;
use qwen_tui::kb::load::load_str;
use std::hint::black_box;
use std::time::Duration;

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
    }
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
