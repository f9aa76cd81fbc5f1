//! The brief as CommonMark: headings, lists, and the sources as links.

use std::fmt::Write;

use super::{Brief, Item};
use crate::kb::entry::source_ids as ids;
use crate::output::commonmark::{escape as md, source, source_ids};

/// `- **label:** text \[a, b\]`, knowledge-base text escaped.
fn item(brief: &Brief, item: &Item, bullet: &str) -> String {
    let mut line = bullet.to_string();
    if let Some(label) = &item.label {
        let _ = write!(line, "**{}:** ", md(label));
    }
    line.push_str(&md(&item.text));
    let ids = ids(brief.kb, &item.sources);
    if !ids.is_empty() {
        let _ = write!(line, " {}", source_ids(&ids));
    }
    line
}

/// `## Quick facts (8 of 52)`
fn heading(title: &str, shown: usize, total: usize, order: &str) -> String {
    format!("## {title} ({})\n\n", super::count(shown, total, order))
}

/// The brief in Markdown: the title as a heading, one `##` section each, facts as list
/// items ending with their source ids, and the sources as a list with links.
pub fn markdown(brief: &Brief) -> String {
    let kb = brief.kb;
    let mut out = String::new();
    let _ = writeln!(out, "# {} — briefing\n", md(&kb.meta.title));
    let _ = writeln!(
        out,
        "{} · as of {} · {}\n",
        md(&kb.meta.subject),
        kb.meta.as_of,
        md(&brief.counts())
    );
    if let Some(d) = &kb.meta.description {
        let _ = writeln!(out, "{}\n", md(d));
    }
    for s in &brief.sections {
        out.push_str(&heading(s.title, s.items.len(), s.total, s.order));
        if s.items.is_empty() {
            out.push_str("None.\n");
        }
        for i in &s.items {
            let _ = writeln!(out, "{}", item(brief, i, "- "));
        }
        out.push('\n');
    }
    let n = brief.disputed_entries;
    out.push_str(&heading("Disputed facts", n, n, ""));
    if brief.disputes.is_empty() {
        out.push_str("None: the sources agree on every fact.\n\n");
    }
    for d in &brief.disputes {
        let _ = writeln!(out, "**{}** (`{}`):\n", md(&d.title), d.id);
        for c in &d.claims {
            let _ = writeln!(out, "{}", item(brief, c, "- "));
        }
        out.push('\n');
    }
    out.push_str("## Sources\n\n");
    for s in brief.sources.iter().filter_map(|&i| kb.sources.get(i)) {
        let _ = writeln!(out, "- {}", source(s));
    }
    out
}
