//! `qwen-tui search`.

use std::io::Write;
use std::sync::Arc;

use crate::cli::args::Format;
use crate::kb::{KnowledgeBase, Tab};
use crate::output::json::entry_json;
use crate::output::markdown::hits_markdown;
use crate::search::{SearchIndex, Snippet};

pub fn search(
    kb: &Arc<KnowledgeBase>,
    query: &[String],
    tab: Option<Tab>,
    limit: usize,
    format: Format,
    horizon: crate::kb::age::Horizon,
) -> u8 {
    let index = SearchIndex::shared(Arc::clone(kb), horizon);
    let query = query.join(" ");
    let problems = index.query_problems(&query);
    if !problems.is_empty() {
        let mut err = std::io::stderr().lock();
        for p in problems {
            let _ = writeln!(err, "qwen-tui: {}", crate::kb::sanitize::sanitize_line(&p));
        }
        return super::EXIT_USAGE;
    }
    if crate::search::query::capped(&query).1 {
        let _ = writeln!(
            std::io::stderr(),
            "qwen-tui: the query was cut at {} characters",
            crate::search::query::MAX_QUERY_CHARS
        );
    }
    let hits = index.search(&query, tab);
    let shown: Vec<(&crate::search::Hit, Option<Snippet>)> = hits[..hits.len().min(limit)]
        .iter()
        .map(|h| (h, index.snippet(h)))
        .collect();
    let mut out = std::io::stdout().lock();
    if format == Format::Markdown {
        let entries: Vec<(usize, Option<Snippet>)> =
            shown.iter().map(|(h, s)| (h.entry, s.clone())).collect();
        let _ = write!(out, "{}", hits_markdown(kb, &entries));
    } else if format == Format::Json {
        let items: Vec<serde_json::Value> = shown
            .iter()
            .map(|(h, snippet)| {
                let mut obj = entry_json(kb, &kb.entries[h.entry]);
                obj["score"] = serde_json::json!(h.score);
                obj["snippet"] = snippet_json(snippet.as_ref());
                obj
            })
            .collect();
        let _ = writeln!(out, "{}", serde_json::Value::Array(items));
    } else {
        let id_width = shown
            .iter()
            .map(|(h, _)| kb.entries[h.entry].id.len())
            .max()
            .unwrap_or(0);
        for (h, snippet) in &shown {
            let e = &kb.entries[h.entry];
            let mut line = format!("{:<11} {:<id_width$}  {}", e.tab.name(), e.id, e.title);
            // The field that answers the query, else the entry's key value.
            match snippet {
                Some(s) => {
                    line.push_str(" — ");
                    if !s.label().is_empty() {
                        line.push_str(s.label());
                        line.push_str(": ");
                    }
                    line.push_str(&s.text);
                }
                None if !e.key_value.is_empty() => {
                    line.push_str(" — ");
                    line.push_str(&e.key_value);
                }
                None => {}
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

/// `{"field": …, "text": …, "highlights": [[start, end], …]}` (character offsets into
/// `text`, end exclusive), or `null` when no field besides the title matched.
pub fn snippet_json(snippet: Option<&Snippet>) -> serde_json::Value {
    match snippet {
        None => serde_json::Value::Null,
        Some(s) => serde_json::json!({
            "field": s.field,
            "text": s.text,
            "highlights": s.highlights.iter().map(|&(a, b)| [a, b]).collect::<Vec<_>>(),
            "disputed": s.disputed,
        }),
    }
}
