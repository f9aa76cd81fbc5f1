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

use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};

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
///
/// A large knowledge base is ranked on two cores, each taking half the entries (a
/// word's postings are in entry order, so each half reads its own stretch of them): the
/// threads meet after each word's entries are counted, for its rarity, and once at the
/// end, for the order words are given up in. Every entry's sums are made in the same
/// order either way, so the scores are the same.
pub fn rank(
    p: &Postings,
    slots: &[Slot],
    info: &(dyn EntryInfo + Sync),
    steer: Steer,
) -> Vec<Scored> {
    let halves = if p.entries >= TWO_CORES && cores() > 1 {
        2
    } else {
        1
    };
    rank_in(p, slots, info, steer, halves)
}

/// [`rank`] in one or two halves.
pub(super) fn rank_in(
    p: &Postings,
    slots: &[Slot],
    info: &(dyn EntryInfo + Sync),
    steer: Steer,
    halves: usize,
) -> Vec<Scored> {
    let n = p.entries;
    // Question words count only when the query has nothing else.
    let mut active: Vec<usize> = (0..slots.len()).filter(|&i| !slots[i].stop).collect();
    if active.is_empty() {
        active = (0..slots.len()).collect();
    }
    active.truncate(32);
    let halves = halves.clamp(1, 2);
    let shared = Shared {
        p,
        slots,
        active: &active,
        info,
        steer,
        reached: active.iter().map(|_| AtomicUsize::new(0)).collect(),
        matched: active.iter().map(|_| AtomicUsize::new(0)).collect(),
        meet: Barrier::new(halves),
    };
    if halves == 1 {
        return shared.half(0..n);
    }
    let mid = n / 2;
    std::thread::scope(|s| {
        let second = s.spawn(|| shared.half(mid..n));
        let mut out = shared.half(0..mid);
        match second.join() {
            Ok(rest) => out.extend(rest),
            Err(e) => std::panic::resume_unwind(e),
        }
        out
    })
}

/// What a half of a ranking works in: a sum and a best match per entry (every one empty
/// between rankings) and the entries touched and reached. Kept from one ranking to the
/// next, so that a keystroke neither fills megabytes at 100,000 entries nor waits for
/// the system to map fresh memory (2,500 page faults, about 5 ms, for a query reaching
/// most entries).
#[derive(Default)]
struct Scratch {
    acc: Vec<Acc>,
    best: Vec<Best>,
    touched: Vec<u32>,
    reached: Vec<u32>,
}

/// The scratch of the rankings that ended, for the next ones (a ranking in two halves
/// takes two).
static SCRATCH: std::sync::Mutex<Vec<Scratch>> = std::sync::Mutex::new(Vec::new());

impl Scratch {
    /// Scratch for `len` entries, all empty.
    fn take(len: usize) -> Scratch {
        let kept = SCRATCH.lock().ok().and_then(|mut kept| {
            // The largest kept, so that one large knowledge base's stays in use.
            let i = (0..kept.len()).max_by_key(|&i| kept[i].acc.len())?;
            Some(kept.swap_remove(i))
        });
        let mut s = kept.unwrap_or_default();
        if s.acc.len() < len {
            s.acc.resize(len, Acc::EMPTY);
            s.best.resize(len, Best::EMPTY);
        }
        s.touched.clear();
        s.reached.clear();
        s
    }

    /// Keeps this scratch (its sums empty again) for the next ranking; at most two are
    /// kept, the larger.
    fn give_back(self) {
        if let Ok(mut kept) = SCRATCH.lock() {
            kept.push(self);
            if kept.len() > 2 {
                kept.sort_by_key(|s| std::cmp::Reverse(s.acc.len()));
                kept.truncate(2);
            }
        }
    }
}

/// At least this many entries are ranked on two cores.
const TWO_CORES: usize = 16_384;

/// How many cores the machine has (asked once: the answer reads files).
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |c| c.get()))
}

/// What the halves of a ranking share: the query, and the counts they meet over.
struct Shared<'a> {
    p: &'a Postings,
    slots: &'a [Slot],
    active: &'a [usize],
    info: &'a (dyn EntryInfo + Sync),
    steer: Steer,
    /// For each active slot, how many entries its words reached, and how many of those
    /// it matched (after smart case): summed over the halves.
    reached: Vec<AtomicUsize>,
    matched: Vec<AtomicUsize>,
    meet: Barrier,
}

impl Shared<'_> {
    /// Ranks the entries in `range` (every half calls this, each with its own).
    fn half(&self, range: std::ops::Range<usize>) -> Vec<Scored> {
        let met = std::cell::Cell::new(0);
        let ranked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.ranked_half(range, &met)
        }));
        ranked.unwrap_or_else(|panic| {
            // The other half must not wait for this one for ever: meet it as often as it
            // will ask, then go on failing.
            for _ in met.get()..self.active.len() + 1 {
                self.meet.wait();
            }
            std::panic::resume_unwind(panic)
        })
    }

    /// [`Shared::half`], counting in `met` the times it met the other half.
    fn ranked_half(
        &self,
        range: std::ops::Range<usize>,
        met: &std::cell::Cell<usize>,
    ) -> Vec<Scored> {
        let (p, slots, info) = (self.p, self.slots, self.info);
        let n = p.entries;
        let lo = range.start;
        let mut scratch = Scratch::take(range.len());
        let Scratch {
            acc,
            best,
            touched,
            reached,
        } = &mut scratch;
        for (k, &s) in self.active.iter().enumerate() {
            let slot = &slots[s];
            collect(p, slot, &range, best, reached);
            // The word's rarity is that of everything it reached, so that for one word an
            // exact match always outranks a prefix, a typo or a synonym (their quality).
            self.reached[k].fetch_add(reached.len(), Ordering::Relaxed);
            self.meet.wait();
            met.set(met.get() + 1);
            let count = self.reached[k].load(Ordering::Relaxed) as f32;
            let idf = (1.0 + (n as f32 - count + 0.5) / (count + 0.5)).ln();
            let mut matched = 0;
            for &e in reached.iter() {
                let e = e as usize;
                let b = std::mem::replace(&mut best[e - lo], Best::EMPTY);
                if let Some(word) = &slot.case
                    && !info.has_case(e, word)
                {
                    continue;
                }
                matched += 1;
                let a = &mut acc[e - lo];
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
            self.matched[k].fetch_add(matched, Ordering::Relaxed);
            reached.clear();
        }
        self.meet.wait();
        met.set(met.get() + 1);
        // The order words are given up in: the most common first.
        let reach: Vec<usize> = self
            .matched
            .iter()
            .map(|m| m.load(Ordering::Relaxed))
            .collect();
        let mut order: Vec<usize> = (0..self.active.len()).collect();
        order.sort_by(|&a, &b| reach[b].cmp(&reach[a]).then(b.cmp(&a)));
        let mut drop_rank = vec![0u32; self.active.len()];
        for (r, &k) in order.iter().enumerate() {
            drop_rank[k] = r as u32 + 1;
        }
        let out = touched
            .iter()
            .map(|&e| self.scored(e, &acc[e as usize - lo], &drop_rank))
            .collect();
        // Left as found: every sum empty again.
        for &e in touched.iter() {
            acc[e as usize - lo] = Acc::EMPTY;
        }
        scratch.give_back();
        out
    }

    /// Entry `e`'s place in the ranking, from its sums.
    fn scored(&self, e: u32, a: &Acc, drop_rank: &[u32]) -> Scored {
        let (p, info, steer) = (self.p, self.info, self.steer);
        let i = e as usize;
        let bucket = (0..self.active.len())
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
    }
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

/// The best match of `slot` in every entry of `range` it reaches, into `best` (from the
/// range's first entry); the entries reached into `reached`.
fn collect(
    p: &Postings,
    slot: &Slot,
    range: &std::ops::Range<usize>,
    best: &mut [Best],
    reached: &mut Vec<u32>,
) {
    let (lo, hi) = (range.start as u32, range.end as u32);
    for alt in &slot.alternatives {
        let weight = alt.quality;
        let Some((&first, rest)) = alt.terms.split_first() else {
            continue;
        };
        let list = p.of(first);
        let from = list.partition_point(|q| q.entry < lo);
        let to = from + list[from..].partition_point(|q| q.entry < hi);
        for posting in &list[from..to] {
            if !rest.is_empty() && !rest.iter().all(|&t| occurs_in(p, t, posting.entry)) {
                continue;
            }
            let rank = posting.rank();
            let part = if posting.is_part() { 0.8 } else { 1.0 };
            let s = weight * rank.weight() * part;
            let b = &mut best[(posting.entry - lo) as usize];
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

#[cfg(test)]
#[path = "rank_tests.rs"]
mod tests;
