//! Entries as CommonMark, for `show --format markdown` and `search --format markdown`.

use crate::search::Snippet;
use std::fmt::Write;

use crate::kb::entry::{date_label, source_ids as ids};
use crate::kb::{Claim, Entry, KnowledgeBase, Tab, Value};
use crate::output::commonmark::{escape as md, source, source_ids};

/// `value (date; a, b) — note`, as `show` prints a claim.
fn claim(kb: &KnowledgeBase, c: &Claim) -> String {
    let mut line = md(&c.value);
    let date = c.date.map(|d| format!("{d}; ")).unwrap_or_default();
    let _ = write!(line, " ({date}{})", md(&ids(kb, &c.sources)));
    if let Some(n) = &c.note {
        let _ = write!(line, " — {}", md(n));
    }
    line
}

/// The entry in full, as `show` prints it: a heading, its fields as a list (several claims
/// as a nested list, each with its date and sources), its notes, and its sources as a list
/// with links.
pub fn entry_markdown(kb: &KnowledgeBase, e: &Entry) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&e.title));
    let _ = write!(out, "{} · `{}`", e.tab, e.id);
    if e.disputed {
        out.push_str(" · **disputed: the sources differ**");
    }
    out.push_str("\n\n");
    let mut items = Vec::new();
    if let (Some(d), false) = (e.date, e.tab == Tab::Sources) {
        items.push(format!("- **{}:** {d}", date_label(e.tab)));
    }
    for f in &e.fields {
        match &f.value {
            Value::Text(t) => {
                let mut item = format!("- **{}:** {}", md(&f.label), md(t));
                if !f.sources.is_empty() {
                    let _ = write!(item, " ({})", md(&ids(kb, &f.sources)));
                }
                items.push(item);
            }
            // One claim needs no list of its own.
            Value::Claims(cs) if cs.len() == 1 => {
                items.push(format!("- **{}:** {}", md(&f.label), claim(kb, &cs[0])));
            }
            Value::Claims(cs) => {
                let mut item = if f.value.is_disputed() {
                    format!("- **{}** — sources differ:", md(&f.label))
                } else {
                    format!("- **{}:**", md(&f.label))
                };
                for c in cs {
                    let _ = write!(item, "\n  - {}", claim(kb, c));
                }
                items.push(item);
            }
        }
    }
    if !e.aliases.is_empty() {
        items.push(format!(
            "- **Also known as:** {}",
            md(&e.aliases.join(", "))
        ));
    }
    if !e.tags.is_empty() {
        items.push(format!("- **Tags:** {}", md(&e.tags.join(", "))));
    }
    for item in &items {
        let _ = writeln!(out, "{item}");
    }
    if !items.is_empty() {
        out.push('\n');
    }
    if let Some(n) = &e.notes {
        let _ = writeln!(out, "**Notes:** {}\n", md(n));
    }
    if e.tab == Tab::Sources {
        if let Some(i) = e.sources.first() {
            let _ = writeln!(out, "Cited by {} entries.", kb.citations(*i));
        }
    } else {
        out.push_str("## Sources\n\n");
        for s in e.sources.iter().filter_map(|&s| kb.sources.get(s)) {
            let _ = writeln!(out, "- {}", source(s));
        }
    }
    out
}

/// Search hits, best first, as an ordered list: title, key value, a disputed mark, then
/// tab, id and sources.
pub fn hits_markdown(kb: &KnowledgeBase, hits: &[(usize, Option<Snippet>)]) -> String {
    let mut out = String::new();
    for (n, (e, snippet)) in hits
        .iter()
        .filter_map(|(i, s)| kb.entries.get(*i).map(|e| (e, s)))
        .enumerate()
    {
        let _ = write!(out, "{}. **{}**", n + 1, md(&e.title));
        // The field that answers the query, else the entry's key value.
        match snippet {
            Some(s) if s.label().is_empty() => {
                let _ = write!(out, " — {}", md(&s.text));
            }
            Some(s) => {
                let _ = write!(out, " — {}: {}", md(s.label()), md(&s.text));
            }
            None if !e.key_value.is_empty() => {
                let _ = write!(out, " — {}", md(&e.key_value));
            }
            None => {}
        }
        if e.disputed {
            out.push_str(" · *disputed*");
        }
        let _ = writeln!(
            out,
            " ({}, `{}`) {}",
            e.tab,
            e.id,
            source_ids(&ids(kb, &e.sources))
        );
    }
    out
}
