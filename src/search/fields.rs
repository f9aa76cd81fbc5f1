//! The fields an entry is searched by, in a fixed order, each with a rank (how much a
//! match in it counts) and the text a hit line shows for it. The index is built from this
//! list and a hit names a field by its place in it, so the answer shown on the hit line is
//! read from the entry itself when it is drawn — the index keeps no copy of the text.

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

/// One searchable field of an entry.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchField {
    /// What the hit line calls it (`Context`, `Parameters (total)`, `Alias`); `None` for
    /// the title and the bookkeeping.
    pub label: Option<String>,
    /// The rank of the label's words; the text's words rank `rank`.
    pub rank: Rank,
    pub text: String,
    /// The value's sources disagree (the hit line marks it `!`).
    pub disputed: bool,
}

impl SearchField {
    fn new(label: Option<&str>, rank: Rank, text: String) -> SearchField {
        SearchField {
            label: label.map(str::to_string),
            rank,
            text,
            disputed: false,
        }
    }

    /// `Label: text`, as the hit line shows it; the label's words come first, so a word's
    /// position counts from the start of this.
    pub fn shown(&self) -> String {
        match &self.label {
            Some(l) => format!("{l}: {}", self.text),
            None => self.text.clone(),
        }
    }

    /// How many bytes of [`SearchField::shown`] the label takes (with its `: `).
    pub fn label_len(&self) -> usize {
        self.label.as_ref().map_or(0, |l| l.len() + 2)
    }
}

/// The searchable fields of `e`, in index order: title, aliases, tags, each field (its
/// claims' notes after it), notes, then the bookkeeping.
pub fn fields_of(kb: &KnowledgeBase, e: &Entry) -> Vec<SearchField> {
    let mut out = vec![SearchField::new(None, Rank::Title, e.title.clone())];
    for a in &e.aliases {
        out.push(SearchField::new(Some("Alias"), Rank::Alias, a.clone()));
    }
    for t in &e.tags {
        out.push(SearchField::new(Some("Tag"), Rank::Alias, t.clone()));
    }
    for f in &e.fields {
        let mut field = SearchField::new(Some(&f.label), Rank::Value, f.value.summary());
        field.disputed = f.value.is_disputed();
        out.push(field);
        if let Value::Claims(cs) = &f.value {
            let notes: Vec<&str> = cs.iter().filter_map(|c| c.note.as_deref()).collect();
            if !notes.is_empty() {
                let label = format!("{} (note)", f.label);
                out.push(SearchField::new(
                    Some(&label),
                    Rank::Note,
                    notes.join(" | "),
                ));
            }
        }
    }
    if let Some(n) = &e.notes {
        out.push(SearchField::new(Some("Notes"), Rank::Note, n.clone()));
    }
    let mut meta = String::from(e.tab.name());
    if let Some(d) = e.date {
        meta.push(' ');
        meta.push_str(&d.to_string());
        meta.push(' ');
        meta.push_str(&d.canonical());
    }
    for f in &e.fields {
        if let Value::Claims(cs) = &f.value {
            for d in cs.iter().filter_map(|c| c.date) {
                meta.push(' ');
                meta.push_str(&d.to_string());
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
    out.push(SearchField::new(None, Rank::Meta, meta));
    out
}
