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

/// The per-entry sums, kept only for the entries a word reached.
struct Acc {
    score: Vec<f32>,
    matched: Vec<u32>,
    /// Which words of its names (see [`Postings::segments_of`]) the query matched, and
    /// what those matches scored.
    name_bits: Vec<u64>,
    name_score: Vec<f32>,
    last: Vec<(u16, u16)>,
    field: Vec<(f32, u16)>,
    touched: Vec<u32>,
}

/// The best match of one slot in each entry it reached.
struct SlotBest {
    score: Vec<f32>,
    at: Vec<(u16, u16)>,
    /// The best match in a name, and the bits of every name word it matched.
    name: Vec<(f32, u64)>,
    field: Vec<(f32, u16)>,
    touched: Vec<u32>,
}

const NO_FIELD: u16 = u16::MAX;

/// Ranks the entries `slots` reach. `info` answers what postings do not hold.
pub fn rank(p: &Postings, slots: &[Slot], info: &dyn EntryInfo, steer: Steer) -> Vec<Scored> {
    let n = p.entries;
    // Question words count only when the query has nothing else.
    let mut active: Vec<usize> = (0..slots.len()).filter(|&i| !slots[i].stop).collect();
    if active.is_empty() {
        active = (0..slots.len()).collect();
    }
    active.truncate(32);
    let mut acc = Acc {
        score: vec![0.0; n],
        matched: vec![0; n],
        name_bits: vec![0; n],
        name_score: vec![0.0; n],
        last: vec![(NO_FIELD, 0); n],
        field: vec![(0.0, NO_FIELD); n],
        touched: Vec::new(),
    };
    let mut best = SlotBest {
        score: vec![0.0; n],
        at: vec![(NO_FIELD, 0); n],
        name: vec![(0.0, 0); n],
        field: vec![(0.0, NO_FIELD); n],
        touched: Vec::new(),
    };
    let mut reach = vec![0usize; active.len()];
    for (k, &s) in active.iter().enumerate() {
        let slot = &slots[s];
        collect(p, slot, &mut best);
        // The word's rarity is that of everything it reached, so that for one word an
        // exact match always outranks a prefix, a typo or a synonym (their quality).
        let reached = best.touched.len() as f32;
        let idf = (1.0 + (n as f32 - reached + 0.5) / (reached + 0.5)).ln();
        for &e in &best.touched {
            let e = e as usize;
            let here = best.score[e] * idf;
            if let Some(word) = &slot.case
                && !info.has_case(e, word)
            {
                continue;
            }
            reach[k] += 1;
            if acc.matched[e] == 0 {
                acc.touched.push(e as u32);
            }
            let mut add = here;
            // Two words of the query next to each other in one field.
            let (f, pos) = best.at[e];
            let (lf, lpos) = acc.last[e];
            if k > 0 && acc.matched[e] & (1 << (k - 1)) != 0 && lf == f && lpos.abs_diff(pos) <= 2 {
                add += 0.35 * here;
            }
            acc.score[e] += add;
            acc.matched[e] |= 1 << k;
            acc.last[e] = (f, pos);
            let (name_score, bits) = best.name[e];
            if name_score > 0.0 {
                acc.name_bits[e] |= bits;
                acc.name_score[e] += name_score * idf;
            }
            // The answer is what the title does not say already: a field matched by a
            // word that the entry's names do not hold.
            let (field_score, field) = best.field[e];
            if name_score == 0.0 && field != NO_FIELD && field_score * idf > acc.field[e].0 {
                acc.field[e] = (field_score * idf, field);
            }
        }
        for &e in &best.touched {
            let e = e as usize;
            best.score[e] = 0.0;
            best.at[e] = (NO_FIELD, 0);
            best.name[e] = (0.0, 0);
            best.field[e] = (0.0, NO_FIELD);
        }
        best.touched.clear();
    }
    // The order words are given up in: the most common first.
    let mut order: Vec<usize> = (0..active.len()).collect();
    order.sort_by(|&a, &b| reach[b].cmp(&reach[a]).then(b.cmp(&a)));
    let mut drop_rank = vec![0u32; active.len()];
    for (r, &k) in order.iter().enumerate() {
        drop_rank[k] = r as u32 + 1;
    }
    acc.touched
        .iter()
        .map(|&e| {
            let i = e as usize;
            let bucket = (0..active.len())
                .filter(|&k| acc.matched[i] & (1 << k) == 0)
                .map(|k| drop_rank[k])
                .max()
                .unwrap_or(0);
            let mut score = acc.score[i];
            // A name asked for whole (every word of an alias, or of a part of the title)
            // counts more than one merely mentioned.
            let covered = acc.name_bits[i];
            if covered != 0 {
                let best_cover = p
                    .segments_of(i)
                    .iter()
                    .map(|&seg| (seg & covered).count_ones() as f32 / seg.count_ones() as f32)
                    .fold(0.0f32, f32::max);
                score += acc.name_score[i]
                    * if best_cover >= 1.0 {
                        0.6
                    } else {
                        0.2 * best_cover
                    };
                // A title that starts with what was asked (Meilisearch's exactness).
                if covered & 1 != 0 {
                    score += 0.05 * acc.name_score[i];
                }
            }
            let field = (acc.field[i].1 != NO_FIELD).then_some(acc.field[i].1);
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

/// The best match of `slot` in every entry it reaches, into `best`.
fn collect(p: &Postings, slot: &Slot, best: &mut SlotBest) {
    for alt in &slot.alternatives {
        let weight = alt.quality;
        let Some((&first, rest)) = alt.terms.split_first() else {
            continue;
        };
        for posting in p.of(first) {
            let e = posting.entry as usize;
            if !rest.iter().all(|&t| occurs_in(p, t, posting.entry)) {
                continue;
            }
            let rank = posting.rank();
            let part = if posting.is_part() { 0.8 } else { 1.0 };
            let s = weight * rank.weight() * part;
            if best.at[e].0 == NO_FIELD {
                best.touched.push(posting.entry);
                best.score[e] = s;
                best.at[e] = (posting.field, posting.pos());
            } else if s > best.score[e] {
                best.score[e] = s;
                best.at[e] = (posting.field, posting.pos());
            }
            if matches!(rank, Rank::Title | Rank::Alias)
                && let Some(bit) = p.name_bit(*posting)
            {
                let name = &mut best.name[e];
                name.0 = name.0.max(s);
                name.1 |= 1 << bit;
            }
            // The answer shown on the hit line: a labelled value or a note, never a name
            // (the line shows the title already).
            if matches!(rank, Rank::Label | Rank::Value | Rank::Note) && s > best.field[e].0 {
                best.field[e] = (s, posting.field);
            }
        }
    }
}

/// Does word `t` occur in `entry`? (Postings are in entry order.)
fn occurs_in(p: &Postings, t: u32, entry: u32) -> bool {
    p.of(t).binary_search_by(|q| q.entry.cmp(&entry)).is_ok()
}
