//! Running a query: its words through the index and the ranking (see [`super::rank`]), its
//! operator patterns, exclusions and filters over the entries the words reached — or, for a
//! query of patterns alone, over every entry, as fzf would.

use std::sync::Arc;

use super::expand::{Slot, Tier, slots};
use super::highlight::{Mark, Matched, Snippet};
use super::index::{Doc, SearchIndex};
use super::query::Query;
use super::rank::{EntryInfo, Scored, Steer, rank};
use super::text::EntryText;
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
/// One bucket of the ranking (a word fewer matched) outweighs any score within one.
const BUCKET: i64 = 1_000_000_000;

struct Info<'a> {
    kb: &'a KnowledgeBase,
    docs: &'a [Doc],
    digit_fields: &'a [u64],
}

impl EntryInfo for Info<'_> {
    fn tab(&self, entry: usize) -> Tab {
        self.docs[entry].tab
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
        let admits = |i: usize| {
            let d = &self.docs[i];
            tab.is_none_or(|t| d.tab == t) && q.filters_pass(d) && !q.excludes(d, &text(i))
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
            hits.sort_unstable_by_key(|h| (self.docs[h.entry].tab, h.entry));
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
            // Patterns alone: every entry is read, as fzf reads every line.
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
        } else {
            let info = Info {
                kb,
                docs: &self.docs,
                digit_fields: &self.postings.digit_fields,
            };
            let words: Vec<String> = q.words.iter().map(|w| w.0.clone()).collect();
            let ranked: Vec<Scored> = rank(&self.postings, &slots, &info, Steer::of(&words));
            if cancelled() {
                return None;
            }
            for s in ranked {
                let i = s.entry as usize;
                if !admits(i) {
                    continue;
                }
                let Some(extra) = patterns(i) else { continue };
                let score =
                    -(s.bucket as i64) * BUCKET + (s.score * 10_000.0) as i64 + extra * 10_000;
                scored.push((score, s.field, i));
            }
        }
        if cancelled() {
            return None;
        }
        // Best first; equal scores: the shorter title (the more specific), then tab and
        // file order, so the order is total. One integer per hit, computed once and
        // compared without looking anything up (a broad query can have every entry as a
        // hit).
        let mut keyed: Vec<(u128, i64, Option<u16>)> = scored
            .into_iter()
            .map(|(score, field, i)| {
                let d = &self.docs[i];
                let better = u64::MAX - (score as u64 ^ (1 << 63));
                let title = (d.title_len as u128).min((1 << 24) - 1);
                let key = (better as u128) << 64 | title << 40 | (d.tab as u128) << 32 | i as u128;
                (key, score, field)
            })
            .collect();
        keyed.sort_unstable_by_key(|k| k.0);
        Some(
            keyed
                .into_iter()
                .map(|(key, score, field)| Hit {
                    entry: (key & 0xffff_ffff) as usize,
                    score,
                    field,
                    matched: Arc::clone(&matched),
                })
                .collect(),
        )
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
