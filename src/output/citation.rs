//! A short citation of one entry: the fact, its date, and its sources — what `y` (plain
//! text) and `Y` (Markdown) put on the clipboard to paste into notes or a chat.

use std::fmt::Write;

use crate::kb::entry::source_ids;
use crate::kb::{Entry, KnowledgeBase, Tab, Value};
use crate::output::commonmark::escape as md;

/// `Title: value (date)`, the differing claims of a disputed entry each with its sources,
/// then every source spelled out.
pub fn citation(kb: &KnowledgeBase, e: &Entry) -> String {
    render(kb, e, false)
}

/// The same as [`citation`] in Markdown: the title in bold, a disputed entry's claims as a
/// list, and the sources as a list (the source's title linked to its address when it has
/// one), each with its id as cited.
pub fn citation_markdown(kb: &KnowledgeBase, e: &Entry) -> String {
    render(kb, e, true)
}

fn render(kb: &KnowledgeBase, e: &Entry, markdown: bool) -> String {
    let esc = |t: &str| if markdown { md(t) } else { t.to_string() };
    // Markdown wants blank lines around lists.
    let gap = if markdown { "\n" } else { "" };
    let mut out = String::new();
    if markdown {
        let _ = write!(out, "**{}**", md(&e.title));
    } else {
        out.push_str(&e.title);
    }
    if !e.key_value.is_empty() && e.tab != Tab::Sources {
        let _ = write!(out, ": {}", esc(&e.key_value));
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
            let _ = writeln!(out, "{gap}{} — sources differ:{gap}", esc(&f.label));
            for c in claims {
                let date = c.date.map(|d| format!("{d}; ")).unwrap_or_default();
                let ids = esc(&source_ids(kb, &c.sources));
                let bullet = if markdown { "-" } else { "  -" };
                let _ = writeln!(out, "{bullet} {} ({date}{ids})", esc(&c.value));
            }
        }
    }
    let sources: Vec<String> = e
        .sources
        .iter()
        .filter_map(|&s| kb.sources.get(s))
        .map(|s| {
            if markdown {
                format!("- {}", crate::output::commonmark::source(s))
            } else {
                format!("[{}] {}", s.id, s.citation())
            }
        })
        .collect();
    match (sources.len(), markdown) {
        (0, _) => {}
        (1, false) => {
            let _ = writeln!(out, "Source: {}", sources[0]);
        }
        (_, false) => {
            let _ = writeln!(out, "Sources:");
            for s in sources {
                let _ = writeln!(out, "  {s}");
            }
        }
        (_, true) => {
            let _ = writeln!(out, "\nSources:\n");
            for s in sources {
                let _ = writeln!(out, "{s}");
            }
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_disputed_entry_in_markdown_lists_every_claim_and_source() {
        let kb = crate::kb::load_embedded().unwrap();
        let e = &kb.entries[kb.index_of("ov.market-cap").unwrap()];
        let text = citation_markdown(&kb, e);
        assert!(text.starts_with("**Market capitalisation**"), "{text}");
        assert!(text.contains("sources differ:"), "{text}");
        let claims = text
            .lines()
            .filter(|l| l.starts_with("- ") && !l.starts_with("- \\["))
            .count();
        assert!(claims >= 2, "{text}");
        assert!(text.contains("Sources:\n\n- \\["), "{text}");
        for &s in &e.sources {
            assert!(
                text.contains(&format!("\\[{}\\]", md(&kb.sources[s].id))),
                "{text}"
            );
        }
    }
}
