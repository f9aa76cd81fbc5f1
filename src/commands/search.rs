//! `qwen-tui search`.

use std::io::Write;

use crate::cli::Format;
use crate::kb::{KnowledgeBase, Tab};
use crate::render_json::entry_json;
use crate::render_markdown::hits_markdown;
use crate::search::SearchIndex;

pub fn search(
    kb: &KnowledgeBase,
    query: &[String],
    tab: Option<Tab>,
    limit: usize,
    format: Format,
    horizon: crate::kb::age::Horizon,
) -> u8 {
    let index = SearchIndex::with_horizon(kb, horizon);
    let query = query.join(" ");
    let problems = index.query_problems(&query);
    if !problems.is_empty() {
        let mut err = std::io::stderr().lock();
        for p in problems {
            let _ = writeln!(err, "qwen-tui: {}", crate::kb::sanitize::sanitize_line(&p));
        }
        return super::EXIT_USAGE;
    }
    let hits = index.search(&query, tab);
    let shown = &hits[..hits.len().min(limit)];
    let mut out = std::io::stdout().lock();
    if format == Format::Markdown {
        let entries: Vec<usize> = shown.iter().map(|h| h.entry).collect();
        let _ = write!(out, "{}", hits_markdown(kb, &entries));
    } else if format == Format::Json {
        let items: Vec<serde_json::Value> = shown
            .iter()
            .map(|h| {
                let mut obj = entry_json(kb, &kb.entries[h.entry]);
                obj["score"] = serde_json::json!(h.score);
                obj
            })
            .collect();
        let _ = writeln!(out, "{}", serde_json::Value::Array(items));
    } else {
        let id_width = shown
            .iter()
            .map(|h| kb.entries[h.entry].id.len())
            .max()
            .unwrap_or(0);
        for h in shown {
            let e = &kb.entries[h.entry];
            let mut line = format!("{:<11} {:<id_width$}  {}", e.tab.name(), e.id, e.title);
            if !e.key_value.is_empty() {
                line.push_str(" — ");
                line.push_str(&e.key_value);
            }
            if e.disputed {
                line.push_str("  [disputed]");
            }
            let _ = writeln!(out, "{}", crate::kb::sanitize::sanitize_line(&line));
        }
    }
    if hits.is_empty() {
        let _ = writeln!(
            std::io::stderr(),
            "no entry matches `{}`",
            crate::kb::sanitize::sanitize_line(&query)
        );
        return super::EXIT_FAILURE;
    }
    0
}
