//! The search index's size and build time for a synthetic knowledge base:
//! `cargo run --release --example index_stats -- ENTRIES` (default 100000).

use std::time::Instant;

/// Builds timed (the machine's noise is large; the median of many is steadier).
const RUNS: usize = 15;

fn main() {
    let entries = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let text = qwen_tui::kb::synth::knowledge_base(entries, 5);
    let kb = match qwen_tui::kb::load::load_str(&text, "synth.yaml") {
        Ok(kb) => std::sync::Arc::new(kb),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let mut times = Vec::new();
    let mut size = (0, 0);
    for _ in 0..RUNS {
        let t = Instant::now();
        let index = qwen_tui::search::SearchIndex::shared(
            std::sync::Arc::clone(&kb),
            qwen_tui::kb::age::Horizon::DEFAULT,
        );
        times.push(t.elapsed());
        size = index.postings_size();
    }
    times.sort();
    let (words, postings) = size;
    println!(
        "{entries} entries: index built in {:.0} ms (median of {RUNS}; fastest {:.0}); {words} word forms, {postings} postings ({:.1} MB at 8 bytes each)",
        times[RUNS / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        postings as f64 * 8.0 / 1e6
    );
}
