//! The loaded knowledge base: immutable, every entry in one uniform shape.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use std::fmt;

use super::date::PartialDate;
use super::model::Severity;
use super::node::Pos;

/// The panes of the app, in tab order. Every entry belongs to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tab {
    Overview,
    Timeline,
    Models,
    Finances,
    Risks,
    People,
    Competitors,
    Products,
    Sources,
}

impl Tab {
    pub const ALL: [Tab; 9] = [
        Tab::Overview,
        Tab::Timeline,
        Tab::Models,
        Tab::Finances,
        Tab::Risks,
        Tab::People,
        Tab::Competitors,
        Tab::Products,
        Tab::Sources,
    ];

    /// The name shown on the tab and accepted by `--tab` (lowercase).
    pub fn name(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Timeline => "timeline",
            Tab::Models => "models",
            Tab::Finances => "finances",
            Tab::Risks => "risks",
            Tab::People => "people",
            Tab::Competitors => "competitors",
            Tab::Products => "products",
            Tab::Sources => "sources",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Timeline => "Timeline",
            Tab::Models => "Models",
            Tab::Finances => "Finances",
            Tab::Risks => "Risks",
            Tab::People => "People",
            Tab::Competitors => "Competitors",
            Tab::Products => "Products",
            Tab::Sources => "Sources",
        }
    }

    /// Accepts a tab name or an unambiguous prefix (`fin`, `comp`), any case.
    pub fn parse(s: &str) -> Option<Tab> {
        let s = s.to_ascii_lowercase();
        if s.is_empty() {
            return None;
        }
        let mut hits = Tab::ALL.iter().filter(|t| t.name().starts_with(&s));
        let first = *hits.next()?;
        if first.name() == s || hits.next().is_none() {
            Some(first)
        } else {
            None
        }
    }
}

impl fmt::Display for Tab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One source's version of a value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub value: String,
    pub date: Option<PartialDate>,
    /// Indices into [`KnowledgeBase::sources`].
    pub sources: Vec<usize>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Text(String),
    Claims(Vec<Claim>),
}

/// Claims agree when their values are equal ignoring case and surrounding whitespace.
fn same_claim(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Value {
    /// True when the claims do not all say the same thing.
    pub fn is_disputed(&self) -> bool {
        match self {
            Value::Text(_) => false,
            Value::Claims(claims) => claims
                .iter()
                .any(|c| !same_claim(&c.value, &claims[0].value)),
        }
    }

    /// One line: the value, or the distinct claimed values joined with ` | `.
    pub fn summary(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Claims(claims) => {
                let mut seen: Vec<&str> = Vec::new();
                for c in claims {
                    if !seen.iter().any(|s| same_claim(s, &c.value)) {
                        seen.push(c.value.trim());
                    }
                }
                seen.join(" | ")
            }
        }
    }
}

/// A labelled value of an entry, in display order.
/// (Read back from the cache by `cache::StoredField`: the key must become `'static`.)
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    /// Machine key (`params_total`, `value`, or `fact` for labelled facts).
    pub key: &'static str,
    /// What the user reads (`Parameters (total)`, `SWE-bench Verified`).
    pub label: std::borrow::Cow<'static, str>,
    pub value: Value,
    /// Sources of this field when they differ from the entry's (facts with their own).
    pub sources: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub tab: Tab,
    pub id: String,
    pub title: String,
    /// The short value shown next to the title in lists and search results.
    pub key_value: String,
    /// The entry's date (event date, release date, financial period, source date).
    pub date: Option<PartialDate>,
    /// Chronological sort key of `date` (see [`PartialDate::sort_key`]).
    pub date_key: Option<(i32, i32)>,
    pub severity: Option<Severity>,
    pub fields: Vec<Field>,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// Every source this entry cites, directly or through claims and facts; indices into
    /// [`KnowledgeBase::sources`], in first-cited order.
    pub sources: Vec<usize>,
    /// Sources given on the entry itself (the ones its plain values come from).
    pub own_sources: Vec<usize>,
    pub disputed: bool,
    pub pos: Pos,
    /// Which of the knowledge base's files it is in (0 for a single file).
    pub file: usize,
}

impl Entry {
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub author: Option<String>,
    pub date: Option<PartialDate>,
    pub updated: Option<PartialDate>,
    pub file: Option<String>,
    pub url: Option<String>,
    pub notes: Option<String>,
    pub pos: Pos,
}

impl Source {
    /// `Title — Publisher (Author), 22 Mar 2026, updated 7 Apr 2026`
    pub fn citation(&self) -> String {
        let mut s = format!("{} — {}", self.title, self.publisher);
        if let Some(a) = &self.author {
            s.push_str(&format!(" ({a})"));
        }
        match self.date {
            Some(d) => s.push_str(&format!(", {d}")),
            None => s.push_str(", undated"),
        }
        if let Some(u) = self.updated {
            s.push_str(&format!(", updated {u}"));
        }
        s
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub title: String,
    pub subject: String,
    pub as_of: PartialDate,
    pub description: Option<String>,
    pub fiscal_year_end: u8,
}

/// Everything loaded from one file. Immutable once built.
#[derive(Clone, Debug, PartialEq)]
pub struct KnowledgeBase {
    /// Where it came from: the path as given, or `<embedded>`.
    pub origin: String,
    pub meta: Meta,
    pub sources: Vec<Source>,
    /// All entries, grouped by tab in tab order, file order within a tab. Sources appear
    /// here too, as entries of the Sources tab.
    pub entries: Vec<Entry>,
    /// The knowledge base's own synonym groups (`synonyms:`), each a list of words or
    /// phrases that mean the same, for the search.
    pub synonyms: Vec<Vec<String>>,
    /// Entry indexes by id, made when first asked for (35 ms at 100,000 entries, which
    /// the first screen does not wait for).
    by_id: ById,
    /// Counted once here, so screens that show them every frame do not rescan the entries.
    disputed: usize,
    citations: Vec<usize>,
}

impl KnowledgeBase {
    pub fn new(origin: String, meta: Meta, sources: Vec<Source>, mut entries: Vec<Entry>) -> Self {
        // Stable: file order within a tab. Entries come in tab order already, most often
        // (a sort would take a buffer of half their size, 13 MB at 100,000 entries).
        if !entries.is_sorted_by_key(|e| e.tab) {
            entries.sort_by_key(|e| e.tab);
        }
        let disputed = entries.iter().filter(|e| e.disputed).count();
        let mut citations = vec![0; sources.len()];
        for e in entries.iter().filter(|e| e.tab != Tab::Sources) {
            for &s in &e.sources {
                if let Some(c) = citations.get_mut(s) {
                    *c += 1;
                }
            }
        }
        KnowledgeBase {
            origin,
            meta,
            sources,
            entries,
            synonyms: Vec::new(),
            by_id: ById::default(),
            disputed,
            citations,
        }
    }

    fn id_map(&self) -> &HashMap<String, usize> {
        self.by_id.0.get_or_init(|| {
            let mut ids = HashMap::with_capacity(self.entries.len());
            for (i, e) in self.entries.iter().enumerate() {
                ids.insert(e.id.clone(), i);
            }
            ids
        })
    }

    /// The same, with these synonym groups for the search.
    pub fn with_synonyms(mut self, synonyms: Vec<Vec<String>>) -> Self {
        self.synonyms = synonyms;
        self
    }

    /// The index in `entries` of the entry with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.id_map().get(id).copied()
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.id_map().get(id).map(|&i| &self.entries[i])
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }

    pub fn count(&self, tab: Tab) -> usize {
        self.entries.iter().filter(|e| e.tab == tab).count()
    }

    pub fn disputed_count(&self) -> usize {
        self.disputed
    }

    /// How many entries (other than the source's own) cite this source.
    pub fn citations(&self, source: usize) -> usize {
        self.citations.get(source).copied().unwrap_or(0)
    }
}

/// [`KnowledgeBase`]'s map of ids, made once; always equal, being made from the entries.
#[derive(Clone, Debug, Default)]
struct ById(std::sync::OnceLock<HashMap<String, usize>>);

impl PartialEq for ById {
    fn eq(&self, _: &ById) -> bool {
        true
    }
}

/// What an entry's `date` means in its tab.
pub fn date_label(tab: Tab) -> &'static str {
    match tab {
        Tab::Models => "Released",
        Tab::Finances => "Period",
        Tab::Sources => "Published",
        _ => "Date",
    }
}

/// `cxo-academy, provider-guide`
pub fn source_ids(kb: &KnowledgeBase, sources: &[usize]) -> String {
    sources
        .iter()
        .filter_map(|&s| kb.sources.get(s).map(|s| s.id.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_names_parse_with_unambiguous_prefixes() {
        assert_eq!(Tab::parse("models"), Some(Tab::Models));
        assert_eq!(Tab::parse("FIN"), Some(Tab::Finances));
        assert_eq!(Tab::parse("p"), None); // people or products
        assert_eq!(Tab::parse("peo"), Some(Tab::People));
        assert_eq!(Tab::parse("nope"), None);
    }

    #[test]
    fn claims_that_differ_are_disputed_and_equal_ones_are_not() {
        let claim = |v: &str| Claim {
            value: v.into(),
            date: None,
            sources: vec![0],
            note: None,
        };
        let agree = Value::Claims(vec![claim("397B"), claim(" 397b ")]);
        assert!(!agree.is_disputed());
        assert_eq!(agree.summary(), "397B");
        let differ = Value::Claims(vec![claim("397B"), claim("403B")]);
        assert!(differ.is_disputed());
        assert_eq!(differ.summary(), "397B | 403B");
    }
}
