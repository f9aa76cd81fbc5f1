//! Prints a synthetic knowledge base: `cargo run --release --example synth -- ENTRIES [SEED]`.

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let entries = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let text = qwen_tui::synth::knowledge_base(entries, seed);
    let _ = std::io::stdout().write_all(text.as_bytes());
}
