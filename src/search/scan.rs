//! Running a query: its words through the index and the ranking (see [`super::rank`]), its
//! operator patterns, exclusions and filters over the entries the words reached — or, for a
//! query of patterns alone, over every entry, as fzf would.

use std::sync::Arc;

use super::expand::{Slot, Tier, slots};
use super::highlight::{Mark, Matched, Snippet};
use super::index::{Doc, Head, SearchIndex};
use super::query::Query;
use super::rank::{EntryInfo, Scored, Steer, rank};
use super::text::EntryText;

/// No answering field, in [`SearchIndex::ordered`]'s table.
const NO_FIELD: u16 = u16::MAX;
use crate::kb::{KnowledgeBase, Tab};

/// One matching entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index into `KnowledgeBase::entries`.
    pub entry: usize,
    /// Higher is better; hits are in this order (then shorter titles, tab, file order).
    pub score: i64,
    /// The field that answers best (its place in [`super::fields::fields_of`]), when a
    /// word matched outside the title.
    pub field: Option<u16>,
    /// What the query matched, for highlighting (shared by every hit of one query).
    pub matched: Arc<Matched>,
}

impl Hit {
    /// A hit of no query (a ready-made list): nothing highlighted.
    pub fn plain(entry: usize) -> Hit {
        Hit {
            entry,
            score: 0,
            field: None,
            matched: Arc::default(),
        }
    }

    /// Character positions of `text` (the entry's title) to highlight.
    pub fn title_positions(&self, title: &str) -> Vec<usize> {
        self.matched.positions(title)
    }
}

/// How often a long search looks at whether it should give up.
const CHECK_EVERY: usize = 4096;

/// What the index knows of one pattern before any text is read (see
/// `SearchIndex::pattern_reach`).
struct Reach {
    /// A bit per entry with a word holding the needle: only these can match.
    held: Vec<u64>,
    /// A bit per entry where some such word proves nothing (read its text).
    unsure: Vec<u64>,
    /// The strength the postings prove (0: none).
    proven: Vec<u8>,
}

impl Reach {
    fn entries(&self) -> impl Iterator<Item = usize> + '_ {
        self.held.iter().enumerate().flat_map(|(block, &bits)| {
            let mut b = bits;
            std::iter::from_fn(move || {
                (b != 0).then(|| {
                    let at = b.trailing_zeros() as usize;
                    b &= b - 1;
                    block * 64 + at
                })
            })
        })
    }

    fn unsure(&self, i: usize) -> bool {
        self.unsure[i / 64] & (1 << (i % 64)) != 0
    }
}
/// One bucket of the ranking (a word fewer matched) outweighs any score within one.
const BUCKET: i64 = 1_000_000_000;

struct Info<'a> {
    kb: &'a KnowledgeBase,
    docs: &'a [Doc],
    heads: &'a [Head],
    digit_fields: &'a [u64],
}

impl EntryInfo for Info<'_> {
    fn tab(&self, entry: usize) -> Tab {
        self.heads[entry].tab
    }

    fn dated(&self, entry: usize) -> bool {
        !self.docs[entry].years.is_empty()
    }

    fn has_case(&self, entry: usize, word: &str) -> bool {
        let text = EntryText {
            kb: self.kb,
            e: &self.kb.entries[entry],
        };
        text.any(&mut |t| t.contains(word))
    }

    fn field_has_digit(&self, entry: usize, field: u16) -> bool {
        field < 64 && self.digit_fields[entry] & (1 << field) != 0
    }
}

impl SearchIndex {
    /// Ranked hits for `query` (see [`super::query`] for its operators and filters), best
    /// first, optionally limited to one tab. An empty query matches nothing; a query of
    /// filters alone lists what passes them in tab and file order.
    pub fn search(&self, query: &str, tab: Option<Tab>) -> Vec<Hit> {
        let query = self.query(query);
        self.run(&query, tab, &|| false).unwrap_or_default()
    }

    /// The hits of a parsed query; `None` when `cancelled` said to give up.
    pub(super) fn run(
        &self,
        q: &Query,
        tab: Option<Tab>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        if q.is_empty() || !q.problems.is_empty() {
            return Some(Vec::new());
        }
        let kb: &KnowledgeBase = &self.kb;
        let text = |i: usize| EntryText {
            kb,
            e: &kb.entries[i],
        };
        // An excluded needle is looked for only in the entries whose words can hold it,
        // and not even there where the postings prove it is written.
        let reaches: Vec<Option<Reach>> = q.exclude.iter().map(|t| self.pattern_reach(t)).collect();
        let excluded = |i: usize| {
            q.exclude
                .iter()
                .zip(&reaches)
                .any(|(t, reach)| match reach {
                    Some(r) if r.held[i / 64] & (1 << (i % 64)) == 0 => false,
                    Some(r) if r.proven[i] > 0 => true,
                    _ => t.occurs(&self.docs[i], &text(i)),
                })
        };
        let admits = |i: usize| {
            tab.is_none_or(|t| self.heads[i].tab == t)
                && q.filters_pass(&self.docs[i])
                && !excluded(i)
        };
        if q.filters_only() {
            let matched = Arc::new(Matched::default());
            let mut hits = Vec::new();
            for i in 0..self.docs.len() {
                if i % CHECK_EVERY == 0 && cancelled() {
                    return None;
                }
                if admits(i) {
                    hits.push(Hit {
                        matched: Arc::clone(&matched),
                        ..Hit::plain(i)
                    });
                }
            }
            hits.sort_unstable_by_key(|h| (self.heads[h.entry].tab, h.entry));
            return Some(hits);
        }
        let patterns = |i: usize| -> Option<i64> {
            let d = &self.docs[i];
            q.patterns
                .iter()
                .map(|p| p.strength(d, &text(i)).map(i64::from))
                .sum::<Option<i64>>()
        };
        let slots = slots(&self.postings, &self.synonyms, &q.words, q.typing);
        let matched = Arc::new(matched_of(self, q, &slots));
        let mut scored: Vec<(i64, Option<u16>, usize)> = Vec::new();
        if q.words.is_empty() {
            // Patterns alone: the entries whose words can hold the first pattern's needle
            // (see `pattern_reach`), else every entry, as fzf reads every line.
            let reach = q
                .patterns
                .iter()
                .enumerate()
                .find_map(|(k, p)| self.pattern_reach(p).map(|r| (k, r)));
            let Some((k, reach)) = reach else {
                for i in 0..self.docs.len() {
                    if i % CHECK_EVERY == 0 && cancelled() {
                        return None;
                    }
                    if admits(i)
                        && let Some(s) = patterns(i)
                    {
                        scored.push((s, None, i));
                    }
                }
                return Some(self.ordered(scored, &matched));
            };
            let others = |i: usize| -> Option<i64> {
                let d = &self.docs[i];
                q.patterns
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != k)
                    .map(|(_, p)| p.strength(d, &text(i)).map(i64::from))
                    .sum::<Option<i64>>()
            };
            for (n, i) in reach.entries().enumerate() {
                if n % CHECK_EVERY == 0 && cancelled() {
                    return None;
                }
                if !admits(i) {
                    continue;
                }
                // What the postings prove, read from the text only where they cannot.
                let proven = reach.proven[i];
                let first = if proven == 3 || !reach.unsure(i) {
                    Some(proven)
                } else {
                    let read = q.patterns[k].strength(&self.docs[i], &text(i));
                    read.map(|r| r.max(proven))
                        .or((proven > 0).then_some(proven))
                };
                let Some(first) = first.filter(|&s| s > 0) else {
                    continue;
                };
                if let Some(rest) = others(i) {
                    scored.push((i64::from(first) + rest, None, i));
                }
            }
        } else {
            let info = Info {
                kb,
                docs: &self.docs,
                heads: &self.heads,
                digit_fields: &self.postings.digit_fields,
            };
            let words: Vec<String> = q.words.iter().map(|w| w.0.clone()).collect();
            let ranked: Vec<Scored> = rank(&self.postings, &slots, &info, Steer::of(&words));
            if cancelled() {
                return None;
            }
            // Straight into the ordering, with no list between.
            let scored = ranked.into_iter().filter_map(|s| {
                let i = s.entry as usize;
                if !admits(i) {
                    return None;
                }
                let extra = patterns(i)?;
                let score =
                    -(s.bucket as i64) * BUCKET + (s.score * 10_000.0) as i64 + extra * 10_000;
                Some((score, s.field, i))
            });
            let hits = self.ordered(scored, &matched);
            return (!cancelled()).then_some(hits);
        }
        if cancelled() {
            return None;
        }
        Some(self.ordered(scored, &matched))
    }

    /// The hits, best first; equal scores: the shorter title (the more specific), then tab
    /// and file order, so the order is total. One integer per hit, computed once and
    /// compared without looking anything up (a broad query can have every entry as a hit).
    fn ordered(
        &self,
        scored: impl IntoIterator<Item = (i64, Option<u16>, usize)>,
        matched: &Arc<Matched>,
    ) -> Vec<Hit> {
        // The key holds the score (its top half) and the entry (its lowest 32 bits), so
        // only keys are sorted; each hit's answering field waits in a table by entry.
        let mut fields = Vec::new();
        let mut keys: Vec<u128> = scored
            .into_iter()
            .map(|(score, field, i)| {
                if fields.is_empty() {
                    fields = vec![NO_FIELD; self.len()];
                }
                let d = self.heads[i];
                fields[i] = field.unwrap_or(NO_FIELD);
                let better = u64::MAX - (score as u64 ^ (1 << 63));
                let title = (d.title_len as u128).min((1 << 24) - 1);
                (better as u128) << 64 | title << 40 | (d.tab as u128) << 32 | i as u128
            })
            .collect();
        keys.sort_unstable();
        keys.into_iter()
            .map(|key| {
                let entry = (key & 0xffff_ffff) as usize;
                let better = (key >> 64) as u64;
                Hit {
                    entry,
                    score: ((u64::MAX - better) ^ (1 << 63)) as i64,
                    field: Some(fields[entry]).filter(|&f| f != NO_FIELD),
                    matched: Arc::clone(matched),
                }
            })
            .collect()
    }

    /// For a pattern of ASCII letters and digits, the entries that can match it and, where
    /// the postings prove it, how strongly. An occurrence of such a needle lies inside one
    /// word of the text (words are runs of letters and digits), so only entries with a
    /// vocabulary word holding it can match — found in the vocabulary (57,000 words at
    /// 100,000 entries) instead of in the entries' text. A word written in the title that
    /// holds the needle proves 3, in an alias or tag 2, in a value or note 1 — with case
    /// ignored, for `'x` and plain patterns. Labels and the entry's id are indexed but not
    /// read by the operators, and derived forms (`qwen35`) are not written in the text:
    /// those only make an entry a candidate to read. `None` for any other needle.
    fn pattern_reach(&self, term: &super::pattern::Term) -> Option<Reach> {
        use super::fields::Rank;
        use super::query::Kind;
        let needle = term.text.to_ascii_lowercase();
        if needle.len() < 2 || !needle.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let provable = !term.exact_case && matches!(term.kind, Kind::Fuzzy | Kind::Exact);
        let postings = &self.postings;
        let mask = super::postings::char_mask(&needle);
        let blocks = self.docs.len().div_ceil(64);
        let mut reach = Reach {
            held: vec![0; blocks],
            unsure: vec![0; blocks],
            proven: vec![0; self.docs.len()],
        };
        for (t, word) in postings.vocab.iter().enumerate() {
            if postings.shapes[t].1 & mask != mask || !word.contains(needle.as_str()) {
                continue;
            }
            for p in postings.of(t as u32) {
                let (e, bit) = (p.entry as usize, 1u64 << (p.entry % 64));
                reach.held[e / 64] |= bit;
                let strength = match p.rank() {
                    _ if !provable || !p.is_written() => 0,
                    Rank::Title => 3,
                    Rank::Alias => 2,
                    Rank::Value | Rank::Note => 1,
                    Rank::Label | Rank::Meta => 0,
                };
                if strength == 0 {
                    reach.unsure[e / 64] |= bit;
                } else {
                    reach.proven[e] = reach.proven[e].max(strength);
                }
            }
        }
        Some(reach)
    }

    /// The field that answers `hit`, as its line shows it: the best field a word matched
    /// outside the title, else none (the line shows the entry's key value).
    pub fn snippet(&self, hit: &Hit) -> Option<Snippet> {
        let kb: &KnowledgeBase = &self.kb;
        let e = kb.entries.get(hit.entry)?;
        let fields = super::fields::fields_of(kb, e);
        let f = fields.get(hit.field? as usize)?;
        let field = f.label.as_deref().unwrap_or_default().to_string();
        Some(Snippet {
            highlights: hit.matched.ranges(&f.text),
            field_highlights: hit.matched.ranges(&field),
            field,
            key_value: f.label.as_deref() == Some("Value") && f.text == e.key_value,
            text: f.text.to_string(),
            disputed: f.disputed,
        })
    }
}

/// What to highlight: every word the query's counted slots reached, and its patterns.
fn matched_of(index: &SearchIndex, q: &Query, slots: &[Slot]) -> Matched {
    let p = &index.postings;
    let any_content = slots.iter().any(|s| !s.stop);
    let mut m = Matched::default();
    for s in slots.iter().filter(|s| !any_content || !s.stop) {
        let typed = s.words.last().map_or(0, |w| w.chars().count());
        for alt in &s.alternatives {
            for &t in &alt.terms {
                let mark = if alt.tier == Tier::Prefix {
                    Mark::Start(typed)
                } else {
                    Mark::Whole
                };
                let w = p.vocab[t as usize].clone();
                // A word reached whole and by its start is shown whole.
                let e = m.words.entry(w).or_insert(mark);
                if mark == Mark::Whole {
                    *e = Mark::Whole;
                }
            }
        }
    }
    m.patterns = q
        .patterns
        .iter()
        .map(|t| (t.text.clone(), t.kind, t.exact_case))
        .collect();
    m
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
