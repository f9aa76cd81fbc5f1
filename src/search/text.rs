//! An entry's text as the fzf operators and smart case read it, in three tiers — its
//! title, its names (aliases and tags), and the rest (tab, dates, values, claims, notes,
//! source ids) — read from the entry itself, not from a copy kept in the index.

use crate::kb::{Entry, KnowledgeBase, Value};

/// One entry's text, borrowed.
pub(super) struct EntryText<'a> {
    pub kb: &'a KnowledgeBase,
    pub e: &'a Entry,
}

impl EntryText<'_> {
    pub fn title(&self) -> &str {
        &self.e.title
    }

    /// The aliases, then the tags.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.e
            .aliases
            .iter()
            .chain(&self.e.tags)
            .map(String::as_str)
    }

    /// Does `f` hold for a piece of the rest of the text? Pieces never run into each
    /// other (a needle holds no space, and each piece is whole), so looking at them one
    /// by one finds what a search of them joined would.
    pub fn any_body(&self, f: &mut dyn FnMut(&str) -> bool) -> bool {
        let e = self.e;
        if f(e.tab.name()) {
            return true;
        }
        if let Some(d) = e.date
            && (f(&d.to_string()) || f(&d.canonical()))
        {
            return true;
        }
        for field in &e.fields {
            if field.key == "fact" && f(&field.label) {
                return true;
            }
            match &field.value {
                Value::Text(t) => {
                    if f(t) {
                        return true;
                    }
                }
                Value::Claims(cs) => {
                    for c in cs {
                        if f(&c.value)
                            || c.date.is_some_and(|d| f(&d.to_string()))
                            || c.note.as_deref().is_some_and(&mut *f)
                        {
                            return true;
                        }
                    }
                }
            }
        }
        if e.notes.as_deref().is_some_and(&mut *f) {
            return true;
        }
        e.sources
            .iter()
            .filter_map(|&s| self.kb.sources.get(s))
            .any(|s| f(&s.id))
    }

    /// Does `f` hold for any piece of the text?
    pub fn any(&self, f: &mut dyn FnMut(&str) -> bool) -> bool {
        f(self.title()) || self.names().any(&mut *f) || self.any_body(f)
    }

    /// Everything the entry is found by, on one line (for comparing with line-based
    /// finders such as fzf on the same text).
    pub fn line(&self) -> String {
        let mut pieces: Vec<String> = vec![self.title().to_string()];
        pieces.extend(self.names().map(str::to_string));
        self.any_body(&mut |p| {
            pieces.push(p.to_string());
            false
        });
        pieces
            .join(" · ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}
