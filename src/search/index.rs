//! What every entry is found by, built once at load: the inverted index of its words (see
//! [`super::postings`]), and its text as one string per tier for the fzf operators
//! (`'x`, `^x`, `x$`, `!x`) and the filters.

use super::postings::Postings;
use super::synonyms::Synonyms;
use crate::kb::{Entry, KnowledgeBase, Tab, Value};

/// What one entry can be found by; built once, never re-derived per keystroke.
pub(super) struct Doc {
    pub tab: Tab,
    /// The title exactly as shown, so match positions can be highlighted.
    pub title: String,
    /// Aliases and tags, separated by ` · `.
    pub keywords: String,
    /// Everything else an entry says.
    pub body: String,
    /// Which bytes occur anywhere in the entry's text (see [`byte_mask`]): a pattern
    /// whose mask has a bit this lacks cannot occur, so most entries are skipped without
    /// reading their text.
    pub mask: u64,
    /// For the field filters (`tag:`, `year:`, `source:`, `is:disputed`): its tags
    /// lowercased, the calendar years its date and its claims' dates start in (sorted), the
    /// sources it cites, and whether its claims disagree.
    pub tags: Vec<String>,
    pub years: Vec<i32>,
    pub sources: Vec<u32>,
    pub disputed: bool,
    /// For `is:stale`: the day its age is measured from, when it can go stale (see
    /// [`crate::kb::age::stale_key`]).
    pub stale_key: Option<i64>,
}

/// A 64-bit summary of the bytes in a text, ASCII case folded: one bit per letter and
/// digit, 27 bits shared by the bytes of non-ASCII characters, one for everything else.
/// If a needle occurs in a text, every bit of the needle's mask is set in the text's.
pub fn byte_mask(text: &str) -> u64 {
    text.bytes().fold(0, |m, b| m | byte_bit(b))
}

#[inline]
fn byte_bit(b: u8) -> u64 {
    let b = b.to_ascii_lowercase();
    let bit = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + b - b'0',
        0x80.. => 36 + (b % 27),
        _ => 63,
    };
    1 << bit
}

pub struct SearchIndex {
    pub(super) docs: Vec<Doc>,
    /// Every word form and where it occurs.
    pub(super) postings: Postings,
    /// The built-in synonyms and the knowledge base's.
    pub(super) synonyms: Synonyms,
    /// Every tag of the knowledge base, lowercase, sorted, for `tag:`.
    pub(super) tags: Vec<String>,
    /// Every source id, lowercase, in source order, for `source:`.
    pub(super) source_ids: Vec<String>,
    /// `is:stale` finds entries whose `stale_key` is before this day.
    pub(super) stale_before: i64,
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
    // Not the key value: it is made from the fields below, and text twice over would
    // only make every body match cost twice as much.
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
    let mask = byte_mask(&e.title) | byte_mask(&keywords) | byte_mask(&body);
    let fy_end = kb.meta.fiscal_year_end;
    let claim_dates = e.fields.iter().flat_map(|f| match &f.value {
        Value::Claims(cs) => cs.iter().filter_map(|c| c.date).collect(),
        Value::Text(_) => Vec::new(),
    });
    let mut years: Vec<i32> = e
        .date
        .into_iter()
        .chain(claim_dates)
        .map(|d| d.year(fy_end))
        .collect();
    years.sort_unstable();
    years.dedup();
    Doc {
        tab: e.tab,
        title: e.title.clone(),
        keywords,
        body,
        mask,
        tags: e.tags.iter().map(|t| t.to_lowercase()).collect(),
        years,
        sources: e.sources.iter().map(|&s| s as u32).collect(),
        disputed: e.disputed,
        stale_key: crate::kb::age::stale_key(kb, e),
    }
}

impl SearchIndex {
    /// The index, with `is:stale` meaning older than the default horizon.
    pub fn new(kb: &KnowledgeBase) -> SearchIndex {
        SearchIndex::with_horizon(kb, crate::kb::age::Horizon::DEFAULT)
    }

    /// The index, with `is:stale` meaning older than `horizon` (the stale horizon of the
    /// settings).
    pub fn with_horizon(kb: &KnowledgeBase, horizon: crate::kb::age::Horizon) -> SearchIndex {
        // Large knowledge bases are indexed on every core, in file order.
        let threads = if kb.entries.len() >= 8192 {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
        } else {
            1
        };
        let chunk = kb.entries.len().div_ceil(threads).max(1);
        let index_part = |part: &[Entry]| -> Vec<Doc> { part.iter().map(|e| doc(kb, e)).collect() };
        let (docs, postings) = std::thread::scope(|s| {
            // The postings (on every core themselves) while the texts are gathered.
            let postings = s.spawn(|| Postings::build(kb));
            let docs: Vec<Doc> = if threads == 1 {
                index_part(&kb.entries)
            } else {
                let handles: Vec<_> = kb
                    .entries
                    .chunks(chunk)
                    .map(|part| s.spawn(move || index_part(part)))
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            };
            let postings = postings
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (docs, postings)
        });
        let mut tags: Vec<String> = docs.iter().flat_map(|d| d.tags.iter().cloned()).collect();
        tags.sort_unstable();
        tags.dedup();
        SearchIndex {
            docs,
            postings,
            synonyms: Synonyms::new(&kb.synonyms),
            tags,
            source_ids: kb.sources.iter().map(|s| s.id.to_lowercase()).collect(),
            stale_before: crate::kb::age::stale_before(kb, horizon),
        }
    }

    /// Everything entry `i` is found by, on one line: for comparing with line-based
    /// finders such as fzf on the same text (`cargo run --release --example synth --
    /// 10000 --lines`).
    pub fn line(&self, i: usize) -> Option<String> {
        let d = self.docs.get(i)?;
        let text = format!("{} · {} · {}", d.title, d.keywords, d.body);
        Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// How many word forms and postings the index holds (for the benchmarks' figures).
    pub fn postings_size(&self) -> (usize, usize) {
        (self.postings.vocab.len(), self.postings.len())
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}
