//! The fields an entry is searched by, in a fixed order, each with a rank (how much a
//! match in it counts) and the text a hit line shows for it. The index is built from this
//! list and a hit names a field by its place in it, so the answer shown on the hit line is
//! read from the entry itself when it is drawn — the index keeps no copy of the text.

use std::borrow::Cow;

use crate::kb::{Entry, KnowledgeBase, Value};

/// Where in an entry a word was found, best first: a match in a title counts most, in the
/// bookkeeping (tab, dates, source ids) least.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    Title = 0,
    Alias = 1,
    Label = 2,
    Value = 3,
    Note = 4,
    Meta = 5,
}

impl Rank {
    pub fn from_bits(b: u16) -> Rank {
        match b {
            0 => Rank::Title,
            1 => Rank::Alias,
            2 => Rank::Label,
            3 => Rank::Value,
            4 => Rank::Note,
            _ => Rank::Meta,
        }
    }

    /// How much a match here counts, against one in the title.
    pub fn weight(self) -> f32 {
        match self {
            // The words an author chose to name the entry by, whether as its title or
            // as an alias, count the same.
            Rank::Title | Rank::Alias => 1.0,
            Rank::Label => 0.75,
            Rank::Value => 0.6,
            Rank::Note => 0.45,
            Rank::Meta => 0.3,
        }
    }
}

/// One searchable field of an entry, borrowing the entry's text where it can.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchField<'a> {
    /// What the hit line calls it (`Context`, `Parameters (total)`, `Alias`); `None` for
    /// the title and the bookkeeping.
    pub label: Option<Cow<'a, str>>,
    /// The rank of the text's words (a label's words rank [`Rank::Label`]).
    pub rank: Rank,
    pub text: Cow<'a, str>,
    /// The value's sources disagree (the hit line marks it `!`).
    pub disputed: bool,
}

impl<'a> SearchField<'a> {
    fn new(label: Option<Cow<'a, str>>, rank: Rank, text: Cow<'a, str>) -> SearchField<'a> {
        SearchField {
            label,
            rank,
            text,
            disputed: false,
        }
    }

    /// Is the label only what the name is (`Alias`, `Tag`), not words to search?
    pub fn label_is_kind(&self) -> bool {
        self.rank == Rank::Alias
    }
}

/// The searchable fields of `e`, in index order: title, aliases, tags, each field (its
/// claims' notes after it), notes, then the bookkeeping. A word's position counts the
/// label's words first, then the text's.
pub fn fields_of<'a>(kb: &KnowledgeBase, e: &'a Entry) -> Vec<SearchField<'a>> {
    // Title, aliases, tags, each field and its notes, notes, bookkeeping.
    let room = 3 + e.aliases.len() + e.tags.len() + 2 * e.fields.len();
    let mut out = Vec::with_capacity(room);
    out.push(SearchField::new(None, Rank::Title, Cow::Borrowed(&e.title)));
    for a in &e.aliases {
        out.push(SearchField::new(
            Some("Alias".into()),
            Rank::Alias,
            Cow::Borrowed(a),
        ));
    }
    for t in &e.tags {
        out.push(SearchField::new(
            Some("Tag".into()),
            Rank::Alias,
            Cow::Borrowed(t),
        ));
    }
    for f in &e.fields {
        let text = match &f.value {
            Value::Text(t) => Cow::Borrowed(t.as_str()),
            v => Cow::Owned(v.summary()),
        };
        let mut field = SearchField::new(Some(Cow::Borrowed(&f.label)), Rank::Value, text);
        field.disputed = f.value.is_disputed();
        out.push(field);
        if let Value::Claims(cs) = &f.value {
            let notes: Vec<&str> = cs.iter().filter_map(|c| c.note.as_deref()).collect();
            if !notes.is_empty() {
                let label = format!("{} (note)", f.label);
                out.push(SearchField::new(
                    Some(label.into()),
                    Rank::Note,
                    notes.join(" | ").into(),
                ));
            }
        }
    }
    if let Some(n) = &e.notes {
        out.push(SearchField::new(
            Some("Notes".into()),
            Rank::Note,
            Cow::Borrowed(n),
        ));
    }
    use std::fmt::Write;
    let mut meta = String::with_capacity(64);
    meta.push_str(e.tab.name());
    // Writing to a string cannot fail.
    if let Some(d) = e.date {
        let _ = write!(meta, " {d} {}", d.canonical());
    }
    for f in &e.fields {
        if let Value::Claims(cs) = &f.value {
            for d in cs.iter().filter_map(|c| c.date) {
                let _ = write!(meta, " {d}");
            }
        }
    }
    for &s in &e.sources {
        if let Some(src) = kb.sources.get(s) {
            meta.push(' ');
            meta.push_str(&src.id);
        }
    }
    meta.push(' ');
    meta.push_str(&e.id);
    out.push(SearchField::new(None, Rank::Meta, meta.into()));
    out
}
