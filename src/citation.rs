//! A short citation of one entry: the fact, its date, and its sources — what `y` (plain
//! text) and `Y` (Markdown) put on the clipboard to paste into notes or a chat.

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

/// Markdown characters that would change the meaning of plain text, escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The same as [`citation`] in Markdown: the title in bold, a disputed entry's claims as a
/// list, and the sources as a list of links (the source's title linked to its address when
/// it has one), each with its id as cited.
pub fn citation_markdown(kb: &KnowledgeBase, e: &Entry) -> String {
    let mut out = String::new();
    let _ = write!(out, "**{}**", md(&e.title));
    if !e.key_value.is_empty() && e.tab != Tab::Sources {
        let _ = write!(out, ": {}", md(&e.key_value));
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
            let _ = writeln!(out, "\n{} — sources differ:\n", md(&f.label));
            for c in claims {
                let date = c.date.map(|d| format!("{d}; ")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "- {} ({date}{})",
                    md(&c.value),
                    md(&source_ids(kb, &c.sources))
                );
            }
        }
    }
    let sources: Vec<String> = e
        .sources
        .iter()
        .filter_map(|&s| kb.sources.get(s))
        .map(|s| {
            let title = match &s.url {
                Some(url) => format!("[{}](<{}>)", md(&s.title), url.replace(['<', '>', ' '], "")),
                None => md(&s.title),
            };
            let rest = s.citation();
            let rest = rest.strip_prefix(s.title.as_str()).unwrap_or(&rest);
            format!("- \\[{}\\] {title}{}", md(&s.id), md(rest))
        })
        .collect();
    if !sources.is_empty() {
        let _ = writeln!(out, "\nSources:\n");
        for s in sources {
            let _ = writeln!(out, "{s}");
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn markdown_escapes_what_would_change_the_text() {
        assert_eq!(
            md("a*b_c [d] `e` <f> #g |h| ~i"),
            "a\\*b\\_c \\[d\\] \\`e\\` \\<f\\> \\#g \\|h\\| \\~i"
        );
    }

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
