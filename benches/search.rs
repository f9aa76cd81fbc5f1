//! Search cost per keystroke, for the query shapes typed a character at a time, at 10,000
//! and 100,000 entries (each keystroke is a new query to the index: the searcher only
//! remembers exact repeats, which cost nothing); every keystroke of a query in turn; and
//! whole queries with operators and filters.
//!
//! `cargo bench --bench search` (add a filter such as `-- 10000/qwn3` for part of it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{SHAPES, loaded, prefixes};
use criterion::{Criterion, criterion_group, criterion_main};
use qwen_tui::search::Searcher;
use std::hint::black_box;
use std::time::Duration;

fn search(c: &mut Criterion) {
    for entries in [10_000, 100_000] {
        let data = loaded(entries);
        let index = data.index();
        let mut g = c.benchmark_group(format!("search/{entries}"));
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        for shape in SHAPES {
            let keys = prefixes(shape);
            // Each keystroke: the query as typed so far, answered from the index.
            for (k, prefix) in keys.iter().enumerate() {
                g.bench_function(format!("{shape}/key {}: {prefix}", k + 1), |b| {
                    b.iter(|| black_box(index.search(prefix, None)))
                });
            }
            g.bench_function(format!("{shape}/whole query"), |b| {
                b.iter(|| black_box(index.search(shape, None)))
            });
            g.bench_function(format!("{shape}/typed, all keys"), |b| {
                b.iter(|| {
                    let mut s = Searcher::new();
                    for p in &keys {
                        black_box(s.search(index, p, None, &|| false));
                    }
                })
            });
        }
        // Operators and filters, whole queries: a filter alone lists everything that
        // passes it; an exclusion reads every candidate's text.
        for query in OPERATORS {
            g.bench_function(format!("operators/{query}"), |b| {
                b.iter(|| black_box(index.search(query, None)))
            });
        }
        g.finish();
    }
}

/// Queries with the operators and filters of `search::query`.
const OPERATORS: [&str; 5] = [
    "is:disputed",
    "tab:models qwen",
    "'cloud !rev",
    "^qwen year:2025..",
    "cloud rev !is:disputed",
];

criterion_group!(benches, search);
criterion_main!(benches);
