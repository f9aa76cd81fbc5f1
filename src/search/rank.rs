//! Ranking the entries a query's words reach, modelled on Meilisearch's rules and BM25:
//!
//! 1. **Words, soft and by rarity.** An entry that matches every word the query asks for
//!    comes first; then those missing only the most common word, then the two most common,
//!    and so on (Meilisearch's `frequency` matching strategy). No entry is dropped for one
//!    word that matched nothing, and a rare word (`junyang`) outweighs a common one (`qwen`).
//! 2. **Then a score**: each word's weight is its rarity (BM25's idf) times its tier (exact,
//!    prefix, typo, abbreviation, synonym) times where it was found (title, alias, label,
//!    value, note); words next to each other in one field add to it, a title the query
//!    asked for whole adds more; question words steer a little (`who` towards people,
//!    `when` towards dated entries, `how many` towards figures).
//!
//! Only the postings of the words a query reaches are read: the work of a keystroke grows
//! with how often those words occur, not with the knowledge base.

use super::expand::Slot;
use super::fields::Rank;
use super::postings::Postings;
use crate::kb::Tab;

/// An entry the query's words reached.
#[derive(Clone, Copy, Debug)]
pub struct Scored {
    pub entry: u32,
    /// 0: every word matched; higher: more (and rarer) words missing.
    pub bucket: u32,
    pub score: f32,
    /// The field that answers best, other than the title and the bookkeeping.
    pub field: Option<u16>,
}

/// What a query's question words ask for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Steer {
    pub who: bool,
    pub when: bool,
    pub figure: bool,
}

impl Steer {
    pub fn of(words: &[String]) -> Steer {
        let has = |w: &str| words.iter().any(|x| x == w);
        Steer {
            who: has("who") || has("whom") || has("whose"),
            when: has("when"),
            figure: has("how") && (has("many") || has("much")),
        }
    }
}

/// What is known about an entry for ranking, besides its postings.
pub trait EntryInfo {
    fn tab(&self, entry: usize) -> Tab;
    fn dated(&self, entry: usize) -> bool;
    /// Does the entry's text hold `word` in exactly this case (smart case)?
    fn has_case(&self, entry: usize, word: &str) -> bool;
    /// Does field `field` of the entry hold a figure (a digit)?
    fn field_has_digit(&self, entry: usize, field: u16) -> bool;
}

/// The per-entry sums, for the entries a word reached. One struct per entry, so that a
/// posting touches one cache line, not one per figure.
#[derive(Clone, Copy)]
struct Acc {
    score: f32,
    /// What the query's name matches scored (see [`Postings::segments_of`]).
    name_score: f32,
    /// Which words of its names the query matched.
    name_bits: u64,
    matched: u32,
    /// Where the previous slot's best match was (field, position).
    last: (u16, u16),
    /// The field that answers best and what it scored.
    field: (f32, u16),
}

const NO_FIELD: u16 = u16::MAX;

impl Acc {
    const EMPTY: Acc = Acc {
        score: 0.0,
        name_score: 0.0,
        name_bits: 0,
        matched: 0,
        last: (NO_FIELD, 0),
        field: (0.0, NO_FIELD),
    };
}

/// The best match of one slot in one entry it reached.
#[derive(Clone, Copy)]
struct Best {
    score: f32,
    at: (u16, u16),
    /// The best match in a name, and the bits of every name word it matched.
    name: (f32, u64),
    field: (f32, u16),
}

impl Best {
    const EMPTY: Best = Best {
        score: 0.0,
        at: (NO_FIELD, 0),
        name: (0.0, 0),
        field: (0.0, NO_FIELD),
    };
}

/// Ranks the entries `slots` reach. `info` answers what postings do not hold.
pub fn rank(p: &Postings, slots: &[Slot], info: &dyn EntryInfo, steer: Steer) -> Vec<Scored> {
    let n = p.entries;
    // Question words count only when the query has nothing else.
    let mut active: Vec<usize> = (0..slots.len()).filter(|&i| !slots[i].stop).collect();
    if active.is_empty() {
        active = (0..slots.len()).collect();
    }
    active.truncate(32);
    let mut acc = vec![Acc::EMPTY; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut best = vec![Best::EMPTY; n];
    let mut reached: Vec<u32> = Vec::new();
    let mut reach = vec![0usize; active.len()];
    for (k, &s) in active.iter().enumerate() {
        let slot = &slots[s];
        collect(p, slot, &mut best, &mut reached);
        // The word's rarity is that of everything it reached, so that for one word an
        // exact match always outranks a prefix, a typo or a synonym (their quality).
        let count = reached.len() as f32;
        let idf = (1.0 + (n as f32 - count + 0.5) / (count + 0.5)).ln();
        for &e in &reached {
            let e = e as usize;
            let b = std::mem::replace(&mut best[e], Best::EMPTY);
            if let Some(word) = &slot.case
                && !info.has_case(e, word)
            {
                continue;
            }
            reach[k] += 1;
            let a = &mut acc[e];
            if a.matched == 0 {
                touched.push(e as u32);
            }
            let here = b.score * idf;
            let mut add = here;
            // Two words of the query next to each other in one field.
            let (f, pos) = b.at;
            let (lf, lpos) = a.last;
            if k > 0 && a.matched & (1 << (k - 1)) != 0 && lf == f && lpos.abs_diff(pos) <= 2 {
                add += 0.35 * here;
            }
            a.score += add;
            a.matched |= 1 << k;
            a.last = (f, pos);
            let (name_score, bits) = b.name;
            if name_score > 0.0 {
                a.name_bits |= bits;
                a.name_score += name_score * idf;
            }
            // The answer is what the title does not say already: a field matched by a
            // word that the entry's names do not hold.
            let (field_score, field) = b.field;
            if name_score == 0.0 && field != NO_FIELD && field_score * idf > a.field.0 {
                a.field = (field_score * idf, field);
            }
        }
        reached.clear();
    }
    // The order words are given up in: the most common first.
    let mut order: Vec<usize> = (0..active.len()).collect();
    order.sort_by(|&a, &b| reach[b].cmp(&reach[a]).then(b.cmp(&a)));
    let mut drop_rank = vec![0u32; active.len()];
    for (r, &k) in order.iter().enumerate() {
        drop_rank[k] = r as u32 + 1;
    }
    touched
        .iter()
        .map(|&e| {
            let i = e as usize;
            let a = &acc[i];
            let bucket = (0..active.len())
                .filter(|&k| a.matched & (1 << k) == 0)
                .map(|k| drop_rank[k])
                .max()
                .unwrap_or(0);
            let mut score = a.score;
            // A name asked for whole (every word of an alias, or of a part of the title)
            // counts more than one merely mentioned.
            let covered = a.name_bits;
            if covered != 0 {
                let best_cover = p
                    .segments_of(i)
                    .iter()
                    .map(|&seg| (seg & covered).count_ones() as f32 / seg.count_ones() as f32)
                    .fold(0.0f32, f32::max);
                score += a.name_score
                    * if best_cover >= 1.0 {
                        0.6
                    } else {
                        0.2 * best_cover
                    };
                // A title that starts with what was asked (Meilisearch's exactness).
                if covered & 1 != 0 {
                    score += 0.05 * a.name_score;
                }
            }
            let field = (a.field.1 != NO_FIELD).then_some(a.field.1);
            let tab = info.tab(i);
            if steer.who && tab == Tab::People {
                score *= 1.25;
            }
            if steer.when && info.dated(i) {
                score *= 1.15;
            }
            if steer.figure && field.is_some_and(|f| info.field_has_digit(i, f)) {
                score *= 1.15;
            }
            score += tab_prior(tab);
            Scored {
                entry: e,
                bucket,
                score,
                field,
            }
        })
        .collect()
}

/// A small preference by tab, for otherwise equal hits: the thing itself (a model, a
/// person, a quick fact) over an event about it, a source document last.
fn tab_prior(tab: Tab) -> f32 {
    match tab {
        Tab::Overview | Tab::Models | Tab::People | Tab::Products | Tab::Competitors => 0.05,
        Tab::Timeline | Tab::Finances | Tab::Risks => 0.0,
        Tab::Sources => -0.3,
    }
}

/// The best match of `slot` in every entry it reaches, into `best`; the entries reached
/// into `reached`.
fn collect(p: &Postings, slot: &Slot, best: &mut [Best], reached: &mut Vec<u32>) {
    for alt in &slot.alternatives {
        let weight = alt.quality;
        let Some((&first, rest)) = alt.terms.split_first() else {
            continue;
        };
        for posting in p.of(first) {
            if !rest.is_empty() && !rest.iter().all(|&t| occurs_in(p, t, posting.entry)) {
                continue;
            }
            let rank = posting.rank();
            let part = if posting.is_part() { 0.8 } else { 1.0 };
            let s = weight * rank.weight() * part;
            let b = &mut best[posting.entry as usize];
            if b.at.0 == NO_FIELD {
                reached.push(posting.entry);
                b.score = s;
                b.at = (posting.field, posting.pos());
            } else if s > b.score {
                b.score = s;
                b.at = (posting.field, posting.pos());
            }
            if matches!(rank, Rank::Title | Rank::Alias)
                && let Some(bit) = p.name_bit(*posting)
            {
                b.name.0 = b.name.0.max(s);
                b.name.1 |= 1 << bit;
            }
            // The answer shown on the hit line: a labelled value or a note, never a name
            // (the line shows the title already).
            if matches!(rank, Rank::Label | Rank::Value | Rank::Note) && s > b.field.0 {
                b.field = (s, posting.field);
            }
        }
    }
}

/// Does word `t` occur in `entry`? (Postings are in entry order.)
fn occurs_in(p: &Postings, t: u32, entry: u32) -> bool {
    p.of(t).binary_search_by(|q| q.entry.cmp(&entry)).is_ok()
}
