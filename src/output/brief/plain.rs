//! The brief as plain text, wrapped to 80 columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Brief, Item};
use crate::kb::entry::source_ids;

/// Lines are wrapped to this many terminal columns (wide characters count as two).
pub const WIDTH: usize = 80;

/// Appends `text` to `out` wrapped to [`WIDTH`] columns: the first line starts with
/// `first`, the others with `rest`. Words are never split, except a run of wide (CJK)
/// characters too long for a line, which has no spaces to break at.
fn wrap(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = first.to_string();
    let mut fresh = true; // nothing but the indent on this line yet
    for word in text.split_whitespace() {
        for piece in pieces(word, WIDTH - rest.width()) {
            if !fresh && line.width() + 1 + piece.width() > WIDTH {
                out.push_str(line.trim_end());
                out.push('\n');
                line = rest.to_string();
                fresh = true;
            }
            if !fresh {
                line.push(' ');
            }
            line.push_str(piece);
            fresh = false;
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// `word` itself, or, when it is too wide and holds wide characters, chunks that fit.
fn pieces(word: &str, room: usize) -> Vec<&str> {
    if word.width() <= room || !word.chars().any(|c| c.width() == Some(2)) {
        return vec![word];
    }
    let mut out = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, c) in word.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > room && i > start {
            out.push(&word[start..i]);
            start = i;
            used = 0;
        }
        used += w;
    }
    out.push(&word[start..]);
    out
}

/// `label: text [a, b]`
fn item_text(brief: &Brief, item: &Item) -> String {
    let mut text = match &item.label {
        Some(label) => format!("{label}: {}", item.text),
        None => item.text.clone(),
    };
    let ids = source_ids(brief.kb, &item.sources);
    if !ids.is_empty() {
        text.push_str(&format!(" [{ids}]"));
    }
    text
}

/// `QUICK FACTS (8 of 52)`, `LATEST EVENTS (46, newest first)`
fn heading(title: &str, shown: usize, total: usize, order: &str) -> String {
    let count = super::count(shown, total, order);
    format!("{} ({count})", title.to_uppercase())
}

/// The brief as plain text: every line at most 80 columns (but for a long unbroken word
/// such as an address), sections in capitals, facts as `- ` items.
pub fn plain(brief: &Brief) -> String {
    let kb = brief.kb;
    let mut out = String::new();
    wrap(&mut out, &format!("{} — briefing", kb.meta.title), "", "  ");
    wrap(&mut out, &kb.meta.subject, "", "  ");
    let line = format!("As of {} · {}", kb.meta.as_of, brief.counts());
    wrap(&mut out, &line, "", "  ");
    if let Some(d) = &kb.meta.description {
        out.push('\n');
        wrap(&mut out, d, "", "");
    }
    for s in &brief.sections {
        out.push('\n');
        out.push_str(&heading(s.title, s.items.len(), s.total, s.order));
        out.push('\n');
        if s.items.is_empty() {
            out.push_str("None.\n");
        }
        for item in &s.items {
            wrap(&mut out, &item_text(brief, item), "- ", "  ");
        }
    }
    out.push('\n');
    out.push_str(&heading(
        "Disputed facts",
        brief.disputed_entries,
        brief.disputed_entries,
        "",
    ));
    out.push('\n');
    if brief.disputes.is_empty() {
        out.push_str("None: the sources agree on every fact.\n");
    }
    for d in &brief.disputes {
        wrap(&mut out, &format!("{} ({}):", d.title, d.id), "", "  ");
        for c in &d.claims {
            wrap(&mut out, &item_text(brief, c), "  - ", "    ");
        }
    }
    out.push_str("\nSOURCES\n");
    for &i in &brief.sources {
        if let Some(s) = kb.sources.get(i) {
            wrap(&mut out, &format!("[{}] {}", s.id, s.citation()), "", "  ");
            if let Some(url) = &s.url {
                wrap(&mut out, url, "  ", "  ");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_at_80_columns_with_a_hanging_indent() {
        let mut out = String::new();
        let text = "word ".repeat(40);
        wrap(&mut out, &text, "- ", "  ");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1, "{out}");
        assert!(lines.iter().all(|l| l.width() <= WIDTH), "{out}");
        assert!(lines[0].starts_with("- word"));
        assert!(lines[1..].iter().all(|l| l.starts_with("  word")), "{out}");
        assert_eq!(out.split_whitespace().filter(|w| *w == "word").count(), 40);
    }

    #[test]
    fn wide_characters_count_twice_and_a_long_run_of_them_is_broken() {
        let mut out = String::new();
        wrap(&mut out, &"通义千问".repeat(15), "- ", "  ");
        assert!(out.lines().count() >= 2, "{out}");
        assert!(out.lines().all(|l| l.width() <= WIDTH), "{out}");
        let joined: String = out.split_whitespace().filter(|w| *w != "-").collect();
        assert_eq!(joined, "通义千问".repeat(15));
    }

    #[test]
    fn a_long_address_is_kept_whole() {
        let mut out = String::new();
        let url = format!("https://example.com/{}", "a".repeat(100));
        wrap(&mut out, &format!("see {url}"), "", "  ");
        assert!(out.contains(&url), "{out}");
    }
}
