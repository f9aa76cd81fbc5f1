//! The precomputed search text of every entry.

use crate::kb::{Entry, KnowledgeBase, Tab, Value};

/// What one entry can be found by; built once, never re-derived per keystroke.
pub(super) struct Doc {
    pub tab: Tab,
    /// The title exactly as shown, so match positions can be highlighted.
    pub title: String,
    /// Aliases and tags, separated by ` · `.
    pub keywords: String,
    /// Lowercased title words, sorted, for exact-word bonuses.
    pub words: Vec<String>,
    /// Lowercased aliases and tags, sorted.
    pub aliases: Vec<String>,
    /// Everything else an entry says.
    pub body: String,
}

pub struct SearchIndex {
    pub(super) docs: Vec<Doc>,
    /// Distinct lowercase words of the knowledge base (for spelling corrections), sorted.
    pub(super) vocabulary: Vec<String>,
}

fn push_value(out: &mut String, v: &Value) {
    match v {
        Value::Text(t) => {
            out.push_str(t);
            out.push('\n');
        }
        Value::Claims(cs) => {
            for c in cs {
                out.push_str(&c.value);
                if let Some(d) = c.date {
                    out.push(' ');
                    out.push_str(&d.to_string());
                }
                if let Some(n) = &c.note {
                    out.push(' ');
                    out.push_str(n);
                }
                out.push('\n');
            }
        }
    }
}

fn split_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn doc(kb: &KnowledgeBase, e: &Entry) -> Doc {
    let keywords = e
        .aliases
        .iter()
        .chain(e.tags.iter())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" · ");
    let mut body = String::new();
    body.push_str(e.tab.name());
    body.push('\n');
    body.push_str(&e.key_value);
    body.push('\n');
    if let Some(d) = e.date {
        body.push_str(&d.to_string());
        body.push(' ');
        body.push_str(&d.canonical());
        body.push('\n');
    }
    for f in &e.fields {
        if f.key == "fact" {
            body.push_str(&f.label);
            body.push_str(": ");
        }
        push_value(&mut body, &f.value);
    }
    if let Some(n) = &e.notes {
        body.push_str(n);
        body.push('\n');
    }
    for &s in &e.sources {
        if let Some(src) = kb.sources.get(s) {
            body.push_str(&src.id);
            body.push(' ');
        }
    }
    let mut words: Vec<String> = split_words(&e.title).collect();
    words.sort();
    words.dedup();
    let mut aliases: Vec<String> = e
        .aliases
        .iter()
        .chain(e.tags.iter())
        .map(|a| a.to_lowercase())
        .collect();
    aliases.sort();
    aliases.dedup();
    Doc {
        tab: e.tab,
        title: e.title.clone(),
        keywords,
        words,
        aliases,
        body,
    }
}

impl SearchIndex {
    pub fn new(kb: &KnowledgeBase) -> SearchIndex {
        let docs: Vec<Doc> = kb.entries.iter().map(|e| doc(kb, e)).collect();
        let mut vocabulary: Vec<String> = docs
            .iter()
            .flat_map(|d| {
                split_words(&d.title)
                    .chain(split_words(&d.keywords))
                    .chain(split_words(&d.body))
            })
            .filter(|w| w.chars().count() >= 3)
            .collect();
        vocabulary.sort();
        vocabulary.dedup();
        SearchIndex { docs, vocabulary }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}
