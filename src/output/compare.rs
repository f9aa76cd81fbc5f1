//! A comparison of entries (see [`crate::derive::compare`]) as text to copy: plain, one
//! field a line, or a Markdown table.

use crate::derive::compare::CompareRow;
use crate::kb::KnowledgeBase;

/// The comparison as a Markdown table (for `Y` in the compare view).
pub fn markdown_table(kb: &KnowledgeBase, entries: &[usize], rows: &[CompareRow]) -> String {
    // The escaper also escapes `|`, which would end a table cell.
    let cell = crate::output::commonmark::escape;
    let titles: Vec<String> = entries
        .iter()
        .filter_map(|&i| kb.entries.get(i))
        .map(|e| cell(&e.title))
        .collect();
    let mut out = format!(
        "| | {} |\n|---|{}\n",
        titles.join(" | "),
        "---|".repeat(titles.len())
    );
    for r in rows {
        let cells: Vec<String> = r
            .cells
            .iter()
            .map(|c| match c {
                Some(c) if c.disputed => format!("{} (disputed)", cell(&c.text)),
                Some(c) => cell(&c.text),
                None => "—".to_string(),
            })
            .collect();
        let label = if r.differs {
            format!("**{}**", cell(&r.label))
        } else {
            cell(&r.label)
        };
        out.push_str(&format!("| {label} | {} |\n", cells.join(" | ")));
    }
    out
}

/// The comparison as plain text, one field a line (for `y` in the compare view).
pub fn plain_text(kb: &KnowledgeBase, entries: &[usize], rows: &[CompareRow]) -> String {
    let titles: Vec<&str> = entries
        .iter()
        .filter_map(|&i| kb.entries.get(i))
        .map(|e| e.title.as_str())
        .collect();
    let mut out = format!("Compared: {}\n", titles.join(" | "));
    for r in rows {
        let cells: Vec<String> = r
            .cells
            .iter()
            .map(|c| match c {
                Some(c) if c.disputed => format!("{} (disputed)", c.text),
                Some(c) => c.text.clone(),
                None => "—".to_string(),
            })
            .collect();
        let mark = if r.differs { "≠ " } else { "  " };
        out.push_str(&format!("{mark}{}: {}\n", r.label, cells.join(" | ")));
    }
    out
}
