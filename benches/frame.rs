//! Frame cost: drawing each tab, the search overlay, the disputed view and the compare
//! view at 100 and at 100,000 entries
//! (only the rows on screen are drawn, so the two should cost the same); and a whole
//! keystroke at 10,000 entries — the search, the regrouped results and the frame they
//! draw — for each query shape typed a character at a time.
//!
//! `cargo bench --bench frame`

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{SHAPES, app, frame, loaded, prefixes};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use qwen_tui::explorer::action::Action;
use qwen_tui::kb::Tab;
use std::hint::black_box;
use std::time::Duration;

fn frames(c: &mut Criterion) {
    for entries in [100, 100_000] {
        let data = loaded(entries);
        let mut g = c.benchmark_group(format!("frame/{entries}"));
        g.warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        for tab in Tab::ALL {
            let mut a = app(&data);
            a.update(Action::GoTab(tab));
            // Halfway down the list: a scrolled view, not just the top.
            a.update(Action::Bottom);
            for _ in 0..a.pane(tab).entries / 2 {
                a.update(Action::Up);
            }
            g.bench_function(tab.name(), |b| b.iter(|| black_box(frame(&a))));
        }
        let mut a = app(&data);
        a.update(Action::OpenSearch);
        a.update(Action::Input('e'));
        g.bench_function("search overlay, `e`", |b| b.iter(|| black_box(frame(&a))));
        // The disputed view halfway down its list, and four models side by side.
        let mut a = app(&data);
        a.update(Action::OpenDisputed);
        for _ in 0..data.disputes.len() / 2 {
            a.update(Action::Down);
        }
        g.bench_function("disputed view", |b| b.iter(|| black_box(frame(&a))));
        let mut a = app(&data);
        a.update(Action::GoTab(Tab::Models));
        for _ in 0..4 {
            a.update(Action::ToggleMark);
        }
        a.update(Action::OpenCompare);
        g.bench_function("compare view, 4 models", |b| {
            b.iter(|| black_box(frame(&a)))
        });
        g.finish();
    }
}

fn keystrokes(c: &mut Criterion) {
    let data = loaded(10_000);
    let mut g = c.benchmark_group("keystroke+frame/10000");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for shape in SHAPES {
        let keys: Vec<char> = shape.chars().collect();
        for (k, prefix) in prefixes(shape).iter().enumerate() {
            g.bench_function(format!("{shape}/key {}: {prefix}", k + 1), |b| {
                b.iter_batched(
                    || {
                        let mut a = app(&data);
                        a.update(Action::OpenSearch);
                        for &ch in &keys[..k] {
                            a.update(Action::Input(ch));
                        }
                        a
                    },
                    // The app is returned, so freeing it is not timed.
                    |mut a| {
                        a.update(Action::Input(keys[k]));
                        let f = black_box(frame(&a));
                        (a, f)
                    },
                    BatchSize::PerIteration,
                )
            });
        }
    }
    g.finish();
}

criterion_group!(benches, frames, keystrokes);
criterion_main!(benches);
