//! What every entry is found by, built once at load: the inverted index of its words (see
//! [`super::postings`]), and what the filters read. The fzf operators (`'x`, `^x`, `x$`,
//! `!x`) read the entries' own text (see [`super::text`]): the index shares the knowledge
//! base rather than keeping a copy of its text.

use std::sync::Arc;

use super::postings::Postings;
use super::synonyms::Synonyms;
use super::text::EntryText;
use crate::kb::{Entry, KnowledgeBase, Tab, Value};

/// What one entry can be found by; built once, never re-derived per keystroke.
pub(super) struct Doc {
    pub tab: Tab,
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
    text.bytes().fold(0, |m, b| m | BYTE_BITS[b as usize])
}

/// Each byte's bit in [`byte_mask`], worked out once.
static BYTE_BITS: [u64; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = byte_bit(b as u8);
        b += 1;
    }
    t
};

/// The bits of [`byte_mask`] that stand for the digits.
pub const DIGIT_BITS: u64 = ((1 << 10) - 1) << 26;

const fn byte_bit(b: u8) -> u64 {
    let b = b.to_ascii_lowercase();
    let bit = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + b - b'0',
        0x80.. => 36 + (b % 27),
        _ => 63,
    };
    1 << bit
}

/// What ranking and ordering read of every hit, kept apart from [`Doc`] in a small
/// record so that a query reaching most entries reads 8 bytes of each, not a cache line.
#[derive(Clone, Copy)]
pub(super) struct Head {
    pub tab: Tab,
    /// The title's length, for ordering equal hits (the shorter, the more specific).
    pub title_len: u32,
}

pub struct SearchIndex {
    /// The knowledge base the index is of (its text is read in place).
    pub(super) kb: Arc<KnowledgeBase>,
    pub(super) docs: Vec<Doc>,
    pub(super) heads: Vec<Head>,
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

/// What the filters read about `e`; `mask` covers its text (see [`byte_mask`]).
fn doc(kb: &KnowledgeBase, e: &Entry, mask: u64) -> Doc {
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
        mask,
        tags: e.tags.iter().map(|t| t.to_lowercase()).collect(),
        years,
        sources: e.sources.iter().map(|&s| s as u32).collect(),
        disputed: e.disputed,
        stale_key: crate::kb::age::stale_key(kb, e),
    }
}

impl SearchIndex {
    /// The index of a copy of `kb`, with `is:stale` meaning older than the default
    /// horizon. For small knowledge bases and tests; the app and the commands share theirs
    /// ([`SearchIndex::shared`]).
    pub fn new(kb: &KnowledgeBase) -> SearchIndex {
        SearchIndex::shared(Arc::new(kb.clone()), crate::kb::age::Horizon::DEFAULT)
    }

    /// The index of a copy of `kb`, with `is:stale` meaning older than `horizon`.
    pub fn with_horizon(kb: &KnowledgeBase, horizon: crate::kb::age::Horizon) -> SearchIndex {
        SearchIndex::shared(Arc::new(kb.clone()), horizon)
    }

    /// The index of `kb`, shared, with `is:stale` meaning older than `horizon` (the stale
    /// horizon of the settings).
    pub fn shared(shared: Arc<KnowledgeBase>, horizon: crate::kb::age::Horizon) -> SearchIndex {
        let kb: &KnowledgeBase = &shared;
        // What the filters and operators read about each entry, made in the same pass
        // (on every core, in file order) as its postings.
        let (postings, docs) = Postings::build(kb, &|e: &Entry, mask| doc(kb, e, mask));
        let mut tags: Vec<String> = docs.iter().flat_map(|d| d.tags.iter().cloned()).collect();
        tags.sort_unstable();
        tags.dedup();
        let heads = kb
            .entries
            .iter()
            .map(|e| Head {
                tab: e.tab,
                title_len: e.title.len().min(u32::MAX as usize) as u32,
            })
            .collect();
        SearchIndex {
            kb: Arc::clone(&shared),
            docs,
            heads,
            postings,
            synonyms: Synonyms::new(&kb.synonyms),
            tags,
            source_ids: kb.sources.iter().map(|s| s.id.to_lowercase()).collect(),
            stale_before: crate::kb::age::stale_before(kb, horizon),
        }
    }

    /// Gets ready to search: answers, twice, the word most entries hold and throws the
    /// answers away. A query that reaches most entries works in megabytes of memory (the
    /// ranking's sums, kept from one query to the next, and the list of hits), and memory
    /// never used before costs the system a page fault per 4 KiB on first touch — about
    /// 2,500 at 100,000 entries, 5 ms — which would otherwise fall on the first key typed.
    /// Twice, because the allocator maps a large block afresh the first time it is asked
    /// for one of that size, and keeps it for reuse only from the second.
    ///
    /// Gives up as soon as `cancelled` says so (a key was typed).
    pub fn warm_up(&self, cancelled: &(dyn Fn() -> bool + Sync)) {
        let Some(common) = (0..self.postings.df.len()).max_by_key(|&t| self.postings.df[t]) else {
            return;
        };
        let query = self.query(&self.postings.vocab[common]);
        for _ in 0..2 {
            if cancelled() {
                return;
            }
            std::hint::black_box(self.run(&query, None, cancelled));
        }
    }

    /// Everything entry `i` is found by, on one line: for comparing with line-based
    /// finders such as fzf on the same text (`cargo run --release --example synth --
    /// 10000 --lines`).
    pub fn line(&self, i: usize) -> Option<String> {
        let e = self.kb.entries.get(i)?;
        Some(EntryText { kb: &self.kb, e }.line())
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
