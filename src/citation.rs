//! A short plain-text citation of one entry: the fact, its date, and its sources — what `y`
//! puts on the clipboard to paste into notes or a chat.

use std::fmt::Write;

use crate::kb::{Entry, KnowledgeBase, Tab, Value};
use crate::render_text::source_ids;

/// `Title: value (date)`, the differing claims of a disputed entry each with its sources,
/// then every source spelled out.
pub fn citation(kb: &KnowledgeBase, e: &Entry) -> String {
    let mut out = String::new();
    let _ = write!(out, "{}", e.title);
    if !e.key_value.is_empty() && e.tab != Tab::Sources {
        let _ = write!(out, ": {}", e.key_value);
    }
    if let Some(d) = e.date
        && !e.key_value.contains(&d.to_string())
    {
        let _ = write!(out, " ({d})");
    }
    out.push('\n');
    for f in &e.fields {
        if let Value::Claims(claims) = &f.value
            && f.value.is_disputed()
        {
            let _ = writeln!(out, "{} — sources differ:", f.label);
            for c in claims {
                let date = c.date.map(|d| format!("{d}; ")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  - {} ({date}{})",
                    c.value,
                    source_ids(kb, &c.sources)
                );
            }
        }
    }
    let sources: Vec<String> = e
        .sources
        .iter()
        .filter_map(|&s| kb.sources.get(s))
        .map(|s| format!("[{}] {}", s.id, s.citation()))
        .collect();
    match sources.len() {
        0 => {}
        1 => {
            let _ = writeln!(out, "Source: {}", sources[0]);
        }
        _ => {
            let _ = writeln!(out, "Sources:");
            for s in sources {
                let _ = writeln!(out, "  {s}");
            }
        }
    }
    out.trim_end().to_string()
}
