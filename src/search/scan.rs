//! Running a query over the index.
//!
//! [`SearchIndex::search_plain`] defines the results: every entry, every text, scored in
//! full. [`SearchIndex::search`] and the narrowing [`super::Searcher`] reach the same results
//! (same entries, same order; tests hold them to it) with less work: a byte-mask and
//! subsequence prefilter, no body scoring where a body cannot win, the work split over
//! every core, and a way to give up when the query is already stale.

use std::thread;

use super::index::{Doc, SearchIndex, char_mask};
use super::query::Query;
use super::score::{CORRECTION_WEIGHT, MAX_CORRECTIONS, Matcher, Term, match_term, tab_prior};
use crate::kb::Tab;

/// One matching entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index into `KnowledgeBase::entries`.
    pub entry: usize,
    pub score: i64,
    /// Character indices (not bytes) of the title that matched, ascending, for highlighting.
    pub title_positions: Vec<usize>,
}

/// The terms of a query, each with its alternatives: the term itself first, then spelling
/// corrections.
pub(super) type Terms = Vec<Vec<Term>>;

/// What one scan found: the ranked hits, and every entry that passed the prefilter (a
/// superset of the hits that a longer query can only shrink; see `Searcher`).
pub(super) struct Scan {
    pub hits: Vec<Hit>,
    pub candidates: Vec<u32>,
}

/// Below this many entries a scan stays on the calling thread: starting threads would cost
/// more than it saves.
const PARALLEL_FROM: usize = 4096;
/// How many entries a thread scores between looks at whether it should give up.
const CHECK_EVERY: usize = 256;

impl SearchIndex {
    /// Ranked hits for `query` (see [`super::query`] for its operators and filters), best
    /// first, optionally limited to one tab. An empty query matches nothing; a query of
    /// filters alone lists what passes them in tab and file order.
    pub fn search(&self, query: &str, tab: Option<Tab>) -> Vec<Hit> {
        let query = self.query(query);
        self.scan(&query, tab, None, &|| false)
            .map(|s| s.hits)
            .unwrap_or_default()
    }

    /// The same results as [`SearchIndex::search`], by the plain full scan: every entry,
    /// every text, one thread, no shortcuts. The reference the quick paths are tested (and
    /// benchmarked) against.
    pub fn search_plain(&self, query: &str, tab: Option<Tab>) -> Vec<Hit> {
        let query = self.query(query);
        if query.is_empty() {
            return Vec::new();
        }
        let mut matcher = Matcher::plain();
        let mut hits: Vec<Hit> = (0..self.docs.len())
            .filter(|&i| tab.is_none_or(|t| self.docs[i].tab == t))
            .filter(|&i| query.admits(&self.docs[i]))
            .filter_map(|i| score_doc(&mut matcher, &self.docs[i], i, &query.terms))
            .collect();
        self.rank(&mut hits, &query);
        hits
    }

    /// The quick scan of `within` (ascending entry indices), or of every entry. `None` when
    /// `cancelled` said so before the end.
    pub(super) fn scan(
        &self,
        query: &Query,
        tab: Option<Tab>,
        within: Option<&[u32]>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Scan> {
        if query.is_empty() {
            return Some(Scan {
                hits: Vec::new(),
                candidates: Vec::new(),
            });
        }
        let total = within.map_or(self.docs.len(), <[u32]>::len);
        let threads = if total >= PARALLEL_FROM {
            thread::available_parallelism().map_or(1, |n| n.get().min(8))
        } else {
            1
        };
        self.scan_on(threads, query, tab, within, cancelled)
    }

    /// [`SearchIndex::scan`] on this many threads.
    fn scan_on(
        &self,
        threads: usize,
        query: &Query,
        tab: Option<Tab>,
        within: Option<&[u32]>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Scan> {
        let total = within.map_or(self.docs.len(), <[u32]>::len);
        let at = |k: usize| within.map_or(k, |w| w[k] as usize);
        let chunk = total.div_ceil(threads).max(1);
        let part = |start: usize| -> Option<Scan> {
            let mut matcher = Matcher::quick();
            let mut out = Scan {
                hits: Vec::new(),
                candidates: Vec::new(),
            };
            let end = (start + chunk).min(total);
            for k in start..end {
                if (k - start).is_multiple_of(CHECK_EVERY) && cancelled() {
                    return None;
                }
                let i = at(k);
                let doc = &self.docs[i];
                // Cheapest first: the filters read no text, the exclusions read it all.
                if tab.is_some_and(|t| doc.tab != t)
                    || !query.filters_pass(doc)
                    || !may_match(doc, &query.terms)
                    || query.excludes(doc)
                {
                    continue;
                }
                out.candidates.push(i as u32);
                out.hits
                    .extend(score_doc(&mut matcher, doc, i, &query.terms));
            }
            Some(out)
        };
        let parts: Vec<Option<Scan>> = if threads == 1 {
            vec![part(0)]
        } else {
            thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|n| s.spawn(move || part(n * chunk)))
                    .collect();
                // A panic is a bug: it is passed on, not mistaken for a cancelled search.
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            })
        };
        let mut all = Scan {
            hits: Vec::new(),
            candidates: Vec::new(),
        };
        for p in parts {
            let p = p?;
            all.hits.extend(p.hits);
            all.candidates.extend(p.candidates);
        }
        if cancelled() {
            return None;
        }
        self.rank(&mut all.hits, query);
        Some(all)
    }

    /// Best first. Equal scores: the shorter title (the more specific match) first, as fzf
    /// does; then tab and file order, so the order is total and every path agrees. Hits
    /// of filters alone, unscored, keep tab and file order.
    fn rank(&self, hits: &mut [Hit], query: &Query) {
        if query.terms.is_empty() {
            hits.sort_unstable_by_key(|h| (self.docs[h.entry].tab, h.entry));
            return;
        }
        hits.sort_unstable_by(|a, b| {
            let (da, db) = (&self.docs[a.entry], &self.docs[b.entry]);
            b.score
                .cmp(&a.score)
                .then(da.title.len().cmp(&db.title.len()))
                .then(da.tab.cmp(&db.tab))
                .then(a.entry.cmp(&b.entry))
        });
    }

    /// The term, then — when it is four letters or more and no word of the knowledge base
    /// starts with it, so probably misspelt — the knowledge base's words within one edit
    /// of it (two from eight letters), closest first.
    pub(super) fn alternatives(&self, term: &str) -> Vec<Term> {
        let mut alts = vec![Term::new(term)];
        let lower = term.to_lowercase();
        let len = lower.chars().count();
        if len < 4 || self.starts_a_word(&lower) {
            return alts;
        }
        let max = if len >= 8 { 2 } else { 1 };
        let mask = char_mask(&lower);
        let mut near: Vec<(usize, &String)> = self
            .vocabulary
            .iter()
            .zip(&self.word_shapes)
            .filter(|(_, shape)| {
                let (n, m) = **shape;
                n.abs_diff(len) <= max && (m ^ mask).count_ones() as usize <= 2 * max
            })
            .map(|(w, _)| (strsim::damerau_levenshtein(&lower, w), w))
            .filter(|(d, _)| *d <= max)
            .collect();
        near.sort();
        alts.extend(
            near.into_iter()
                .take(MAX_CORRECTIONS)
                .map(|(_, w)| Term::correction(w)),
        );
        alts
    }

    /// Does any word of the knowledge base start with `prefix` (lowercase)?
    fn starts_a_word(&self, prefix: &str) -> bool {
        let i = self.vocabulary.partition_point(|w| w.as_str() < prefix);
        self.vocabulary
            .get(i)
            .is_some_and(|w| w.starts_with(prefix))
    }
}

/// Can every term (one of its alternatives) match this entry? A necessary condition, by
/// byte mask and then ASCII-folded subsequence — so it holds for a query whenever it holds
/// for a longer one, which is what lets a growing query scan only the previous candidates.
fn may_match(doc: &Doc, terms: &Terms) -> bool {
    terms.iter().all(|alts| {
        alts.iter().any(|t| {
            t.may_match(doc)
                && [&doc.title, &doc.keywords, &doc.body]
                    .iter()
                    .any(|text| t.occurs_in_order(text))
        })
    })
}

/// The hit for entry `i`, if every term matches it (the best alternative of each; a
/// correction counts for less than the term as typed).
fn score_doc(m: &mut Matcher, doc: &Doc, i: usize, terms: &Terms) -> Option<Hit> {
    let mut total = 0;
    let mut positions = Vec::new();
    for alts in terms {
        let best = alts
            .iter()
            .enumerate()
            .filter_map(|(n, alt)| {
                match_term(m, doc, alt).map(|mut found| {
                    if n > 0 {
                        found.score = found.score * CORRECTION_WEIGHT / 4;
                    }
                    found
                })
            })
            .max_by_key(|found| found.score)?;
        total += best.score;
        positions.extend(best.title_positions);
    }
    positions.sort_unstable();
    positions.dedup();
    // Filters alone score nothing (and are ranked by tab and file order).
    let prior = if terms.is_empty() {
        0
    } else {
        tab_prior(doc.tab)
    };
    Some(Hit {
        entry: i,
        score: total + prior,
        title_positions: positions,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::kb::load::load_str;

    /// The split over threads is tested here with a small index (the app only splits from
    /// [`PARALLEL_FROM`] entries): the parts are put back in order, so the candidates and
    /// the ranking are those of one thread.
    #[test]
    fn splitting_over_threads_changes_nothing() {
        let kb = load_str(&crate::synth::knowledge_base(300, 3), "synth.yaml").unwrap();
        let index = SearchIndex::new(&kb);
        for q in [
            "e",
            "qwn3",
            "cloud rev",
            "zhipuqwen3",
            "qewn",
            "3.5",
            "中",
            "'cloud !rev",
            "is:disputed",
            "^qw year:2025",
        ] {
            let query = index.query(q);
            let one = index.scan_on(1, &query, None, None, &|| false).unwrap();
            for threads in [2, 3, 7] {
                let many = index
                    .scan_on(threads, &query, None, None, &|| false)
                    .unwrap();
                assert_eq!(many.hits, one.hits, "{q} on {threads} threads");
                assert_eq!(many.candidates, one.candidates, "{q} on {threads} threads");
            }
            assert_eq!(one.hits, index.search_plain(q, None), "{q}");
        }
    }

    #[test]
    fn cancelling_stops_every_thread() {
        let kb = load_str(&crate::synth::knowledge_base(300, 3), "synth.yaml").unwrap();
        let index = SearchIndex::new(&kb);
        let query = index.query("e");
        assert!(index.scan_on(3, &query, None, None, &|| true).is_none());
    }
}
