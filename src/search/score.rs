//! Matching and ranking a query against the index.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::index::{Doc, SearchIndex};
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

/// How much more a hit in an entry's name counts than a hit in its body.
const NAME_WEIGHT: i64 = 3;
/// Bonus when a term is the whole title.
const EXACT_TITLE_BONUS: i64 = 300;
/// Bonus when a term is exactly an alias or a tag: the words an author chose for it.
const EXACT_ALIAS_BONUS: i64 = 250;
/// Bonus when a term is exactly a word of the title.
const EXACT_WORD_BONUS: i64 = 150;
/// Bonus when a term starts a word of the title, alias or tag.
const WORD_PREFIX_BONUS: i64 = 60;
/// Score lost for each piece of a term that matched in the middle of a word, away from
/// the previous piece: `apache` spread over "Qwen **ap**p re**ache**s" is noise, while
/// `qwn3` over "**Qw**e**n3**" (pieces starting words) is an abbreviation.
const SCATTER_PENALTY: i64 = 10;
/// Spelling corrections count for this fraction (numerator / 4) of a direct match.
const CORRECTION_WEIGHT: i64 = 2;
/// At most this many corrections are tried per term.
const MAX_CORRECTIONS: usize = 8;

/// A small preference by tab, for otherwise equal hits: a lookup usually means the thing
/// itself (a model, a person, a quick fact) more than an event about it, and a source
/// document least.
fn tab_prior(tab: Tab) -> i64 {
    match tab {
        Tab::Overview | Tab::Models | Tab::People | Tab::Products | Tab::Competitors => 10,
        Tab::Timeline | Tab::Finances | Tab::Risks => 0,
        Tab::Sources => -20,
    }
}

struct TermMatch {
    score: i64,
    title_positions: Vec<usize>,
}

/// Does a word start at `cur` (after `prev`)? Word starts are after a non-alphanumeric,
/// at a lower→upper case change, and between letters and digits (`Qwen|3`).
fn starts_word(prev: Option<char>, cur: char) -> bool {
    match prev {
        None => true,
        Some(p) => {
            !p.is_alphanumeric()
                || (p.is_lowercase() && cur.is_uppercase())
                || (p.is_alphabetic() && cur.is_numeric())
                || (p.is_numeric() && cur.is_alphabetic())
        }
    }
}

/// How many pieces of the match begin mid-word, apart from the first: `None` when the
/// match is too scattered to be meant (more than one piece, or a third of the term).
fn scattered_pieces(hay: &str, positions: &[usize], term_len: usize) -> Option<i64> {
    let mut bad = 0usize;
    let mut wanted = positions.iter().peekable();
    let mut prev: Option<char> = None;
    let mut last: Option<usize> = None;
    for (i, c) in hay.chars().enumerate() {
        let Some(&&next) = wanted.peek() else { break };
        if i == next {
            let continues = last.is_some_and(|l| l + 1 == i);
            if !continues && last.is_some() && !starts_word(prev, c) {
                bad += 1;
            }
            last = Some(i);
            wanted.next();
        }
        prev = Some(c);
    }
    (bad <= (term_len / 3).max(1)).then_some(bad as i64)
}

/// A fuzzy match of one term in one text.
struct Found {
    score: i64,
    positions: Vec<usize>,
    /// Every piece of the match starts a word or continues the previous piece.
    clean: bool,
}

/// Fuzzy-matches `term` in `hay`, discounting scattered matches.
///
/// A term without letters (`403`, `3.5`, `38%`) must occur as written: digits scattered
/// through a text are never what someone typing a figure means.
fn fuzzy(m: &SkimMatcherV2, hay: &str, term: &str, term_len: usize) -> Option<Found> {
    if !term.chars().any(char::is_alphabetic) && !hay.contains(term) {
        return None;
    }
    let (score, positions) = m.fuzzy_indices(hay, term)?;
    let bad = scattered_pieces(hay, &positions, term_len)?;
    let score = score - bad * SCATTER_PENALTY;
    (score > 0).then_some(Found {
        score,
        positions,
        clean: bad == 0,
    })
}

fn match_term(m: &SkimMatcherV2, doc: &Doc, term: &str) -> Option<TermMatch> {
    let lower = term.to_lowercase();
    let bonus = if doc.title.to_lowercase() == lower {
        EXACT_TITLE_BONUS
    } else if doc.aliases.binary_search(&lower).is_ok() {
        EXACT_ALIAS_BONUS
    } else if doc.words.binary_search(&lower).is_ok() {
        EXACT_WORD_BONUS
    } else if doc
        .words
        .iter()
        .chain(&doc.aliases)
        .any(|w| w.starts_with(&lower))
    {
        WORD_PREFIX_BONUS
    } else {
        0
    };
    // A clean hit in the name counts triple; a scattered one no more than body text.
    let name = |f: &Found| {
        if f.clean {
            f.score * NAME_WEIGHT + bonus
        } else {
            f.score
        }
    };
    let len = term.chars().count();
    let title = fuzzy(m, &doc.title, term, len);
    let candidates = [
        title.as_ref().map(name),
        fuzzy(m, &doc.keywords, term, len).as_ref().map(name),
        fuzzy(m, &doc.body, term, len).map(|f| f.score),
    ];
    let score = candidates.into_iter().flatten().max()?;
    // Highlight the title wherever the term was found, if it occurs there at all.
    let title_positions = title.map(|f| f.positions).unwrap_or_default();
    Some(TermMatch {
        score,
        title_positions,
    })
}

/// Terms of a query, each with its alternatives (the term itself first, then corrections).
type Alternatives = Vec<Vec<String>>;

impl SearchIndex {
    /// Ranked hits for `query`, best first, optionally limited to one tab. An empty query
    /// matches nothing.
    pub fn search(&self, query: &str, tab: Option<Tab>) -> Vec<Hit> {
        let terms: Alternatives = query
            .split_whitespace()
            .map(|t| self.alternatives(t))
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        self.run(&terms, tab)
    }

    fn run(&self, terms: &Alternatives, tab: Option<Tab>) -> Vec<Hit> {
        let matcher = SkimMatcherV2::default().smart_case();
        let mut hits: Vec<Hit> = self
            .docs
            .iter()
            .enumerate()
            .filter(|(_, d)| tab.is_none_or(|t| d.tab == t))
            .filter_map(|(i, d)| {
                let mut total = 0;
                let mut positions = Vec::new();
                for alts in terms {
                    let best = alts
                        .iter()
                        .enumerate()
                        .filter_map(|(n, alt)| {
                            match_term(&matcher, d, alt).map(|mut m| {
                                if n > 0 {
                                    m.score = m.score * CORRECTION_WEIGHT / 4;
                                }
                                m
                            })
                        })
                        .max_by_key(|m| m.score)?;
                    total += best.score;
                    positions.extend(best.title_positions);
                }
                positions.sort_unstable();
                positions.dedup();
                Some(Hit {
                    entry: i,
                    score: total + tab_prior(d.tab),
                    title_positions: positions,
                })
            })
            .collect();
        // Equal scores: the shorter title (the more specific match) first, as fzf does.
        hits.sort_by(|a, b| {
            let (da, db) = (&self.docs[a.entry], &self.docs[b.entry]);
            b.score
                .cmp(&a.score)
                .then(da.title.len().cmp(&db.title.len()))
                .then(da.tab.cmp(&db.tab))
                .then(a.entry.cmp(&b.entry))
        });
        hits
    }

    /// The term, then — when it is four letters or more and no word of the knowledge base
    /// starts with it, so probably misspelt — the knowledge base's words within one edit
    /// of it (two from eight letters), closest first.
    fn alternatives(&self, term: &str) -> Vec<String> {
        let mut alts = vec![term.to_string()];
        let lower = term.to_lowercase();
        let len = lower.chars().count();
        if len < 4 || self.starts_a_word(&lower) {
            return alts;
        }
        let max = if len >= 8 { 2 } else { 1 };
        let mut near: Vec<(usize, &String)> = self
            .vocabulary
            .iter()
            .filter(|w| w.chars().count().abs_diff(len) <= max)
            .map(|w| (strsim::damerau_levenshtein(&lower, w), w))
            .filter(|(d, _)| *d <= max)
            .collect();
        near.sort();
        alts.extend(
            near.into_iter()
                .take(MAX_CORRECTIONS)
                .map(|(_, w)| w.clone()),
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
