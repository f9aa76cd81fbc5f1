//! Entries as plain text: for `show`, `search --json`'s `text`, and citations.

use std::fmt::Write;

use crate::kb::entry::{date_label, source_ids};
use crate::kb::{Claim, Entry, KnowledgeBase, Tab, Value};

fn claim_line(kb: &KnowledgeBase, c: &Claim) -> String {
    let mut line = c.value.clone();
    let mut meta = Vec::new();
    if let Some(d) = c.date {
        meta.push(d.to_string());
    }
    meta.push(source_ids(kb, &c.sources));
    let _ = write!(line, "  ({})", meta.join("; "));
    if let Some(n) = &c.note {
        let _ = write!(line, " — {n}");
    }
    line
}

/// The entry in full: every field, claims side by side, and its sources spelled out.
pub fn entry_text(kb: &KnowledgeBase, e: &Entry) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", e.title);
    let _ = write!(out, "[{} · {}]", e.tab, e.id);
    if e.disputed {
        out.push_str("  DISPUTED: sources differ");
    }
    out.push('\n');
    if let (Some(d), false) = (e.date, e.tab == Tab::Sources) {
        let _ = writeln!(out, "{}: {d}", date_label(e.tab));
    }
    for f in &e.fields {
        match &f.value {
            Value::Text(t) => {
                let _ = write!(out, "{}: {t}", f.label);
                if !f.sources.is_empty() {
                    let _ = write!(out, "  ({})", source_ids(kb, &f.sources));
                }
                out.push('\n');
            }
            Value::Claims(cs) => {
                let marker = if f.value.is_disputed() {
                    " — sources differ:"
                } else {
                    ":"
                };
                let _ = writeln!(out, "{}{marker}", f.label);
                for c in cs {
                    let _ = writeln!(out, "  • {}", claim_line(kb, c));
                }
            }
        }
    }
    if !e.aliases.is_empty() {
        let _ = writeln!(out, "Also known as: {}", e.aliases.join(", "));
    }
    if !e.tags.is_empty() {
        let _ = writeln!(out, "Tags: {}", e.tags.join(", "));
    }
    if let Some(n) = &e.notes {
        let _ = writeln!(out, "Notes: {n}");
    }
    if e.tab == Tab::Sources {
        if let Some(i) = e.sources.first() {
            let _ = writeln!(out, "Cited by: {} entries", kb.citations(*i));
        }
    } else {
        out.push_str("Sources:\n");
        for &s in &e.sources {
            if let Some(src) = kb.sources.get(s) {
                let _ = writeln!(out, "  [{}] {}", src.id, src.citation());
            }
        }
    }
    out
}
