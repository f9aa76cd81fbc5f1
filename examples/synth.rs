//! Prints a synthetic knowledge base: `cargo run --release --example synth -- ENTRIES [SEED]`.
//!
//! With `--lines`, prints instead the text each entry is found by, one entry per line, for
//! timing a line-based finder on the same entries (`fzf --filter QUERY < lines.txt`).

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lines = args.iter().any(|a| a == "--lines");
    let mut numbers = args.iter().filter_map(|a| a.parse().ok());
    let entries = numbers.next().unwrap_or(10_000) as usize;
    let seed = numbers.next().unwrap_or(1);
    let text = qwen_tui::kb::synth::knowledge_base(entries, seed);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if !lines {
        let _ = out.write_all(text.as_bytes());
        return;
    }
    let kb = match qwen_tui::kb::load::load_str(&text, "synth.yaml") {
        Ok(kb) => std::sync::Arc::new(kb),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            std::process::exit(1);
        }
    };
    let index = qwen_tui::search::SearchIndex::shared(
        std::sync::Arc::clone(&kb),
        qwen_tui::kb::age::Horizon::DEFAULT,
    );
    for i in 0..index.len() {
        if let Some(line) = index.line(i) {
            let _ = writeln!(out, "{line}");
        }
    }
}
