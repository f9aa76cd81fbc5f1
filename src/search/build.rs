//! Building the inverted index ([`Postings`]) once at load, on every core.
//!
//! Each thread splits its share of the entries into words and appends every posting, with
//! its word's id in that thread, to one flat list (no list per word to grow), then sorts
//! its postings by word (a counting sort). The threads' words are merged into one sorted
//! vocabulary, and each word's runs from the threads are copied, in entry order, into one
//! shared list — half the vocabulary per thread.

use rustc_hash::FxHashMap;

use super::fields::{Rank, fields_of};
use super::postings::{Posting, Postings, char_mask};
use crate::kb::memory::release;
use crate::kb::{Entry, KnowledgeBase};
use crate::text::words::{Split, for_each_part, hyphen_joins, magnitude_form, squashed};

/// No entry, no posting, no id.
const NONE: u32 = u32::MAX;

/// One thread's postings, in the order made, each with its word's id in this thread.
#[derive(Default)]
struct Sink {
    /// Each word's [`Slot`]: a word of up to 16 bytes by its bytes as one number (no word
    /// holds a zero byte), so that finding it reads no memory but the table; longer ones
    /// by text.
    short: FxHashMap<u128, Slot>,
    long: FxHashMap<String, Slot>,
    /// Each id's word.
    names: Vec<String>,
    words: Vec<u32>,
    posts: Vec<Posting>,
    /// The words of the field being indexed, their memory reused from field to field.
    scratch: Split,
    label: Split,
}

/// A word's id in its thread, and its latest posting and that posting's place in
/// `posts` (kept beside the id, so that a repeat is seen without reading `posts`).
#[derive(Clone, Copy)]
struct Slot {
    id: u32,
    at: u32,
    latest: Posting,
}

/// A word of up to 16 bytes as one number, for [`Sink::short`].
fn short_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    (b.len() <= 16).then(|| {
        let mut k = [0u8; 16];
        k[..b.len()].copy_from_slice(b);
        u128::from_le_bytes(k)
    })
}

impl Sink {
    /// Adds a posting for `word`; allocates only for a word not seen before.
    fn push(&mut self, word: &str, p: Posting) {
        let fresh = Slot {
            id: self.names.len() as u32,
            at: self.posts.len() as u32,
            latest: p,
        };
        let slot = match short_key(word) {
            Some(k) => match self.short.entry(k) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(fresh);
                    self.names.push(word.to_string());
                    self.words.push(fresh.id);
                    self.posts.push(p);
                    return;
                }
            },
            None => match self.long.get_mut(word) {
                Some(slot) => slot,
                None => {
                    self.long.insert(word.to_string(), fresh);
                    self.names.push(word.to_string());
                    self.words.push(fresh.id);
                    self.posts.push(p);
                    return;
                }
            },
        };
        let l = slot.latest;
        // A word repeated in one field: its first place is enough (the ranking reads the
        // best match per field, and proximity the first) — unless it came first only as
        // part of a longer word (`qwen` of `Qwen3`) and now comes whole.
        if l.entry == p.entry && l.field == p.field && l.rank() == p.rank() {
            let better_written = !l.is_written() && p.is_written() && l.is_part() == p.is_part();
            if (l.is_part() && !p.is_part()) || better_written {
                slot.latest = p;
                self.posts[slot.at as usize] = p;
            }
            return;
        }
        slot.latest = p;
        slot.at = fresh.at;
        self.words.push(slot.id);
        self.posts.push(p);
    }
}

/// Words that say what kind of thing a name is rather than which: `Qwen2.5 series` is
/// asked for whole by `qwen2.5`.
const FILLER: &[&str] = &[
    "family", "line", "lineup", "model", "models", "series", "suite",
];

/// Characters between two words of a title that start a new name segment.
fn separates(between: &str) -> bool {
    between.contains(['(', ')', '/', ',', ';', ':', '—', '|'])
}

/// The segments of one name field, as bits from `offset`, onto `out`.
fn name_segments(shown: &str, ws: &Split, offset: usize, whole: bool, out: &mut Vec<u64>) {
    let mut seg = 0u64;
    for i in 0..ws.len() {
        let between = || &shown[ws.span(i - 1).end..ws.span(i).start];
        if !whole && i > 0 && seg != 0 && separates(between()) {
            out.push(seg);
            seg = 0;
        }
        let bit = offset + i;
        if bit < 64 && !FILLER.contains(&ws.word(i)) {
            seg |= 1 << bit;
        }
    }
    if seg != 0 {
        out.push(seg);
    }
}

/// What one thread indexed: its postings, and the per-entry figures in entry order
/// (`extra`: what the caller makes of each entry in the same pass). An entry's name
/// offsets and segments are pushed onto one list each, its own starting at
/// `name_start[k]` and `seg_start[k]` (counted from the part's first).
struct Part<T> {
    extra: Vec<T>,
    sink: Sink,
    digits: Vec<u64>,
    name_offsets: Vec<u8>,
    name_start: Vec<u32>,
    segments: Vec<u64>,
    seg_start: Vec<u32>,
}

impl<T> Part<T> {
    /// Indexes entry `e`, number `id`, returning which bytes its text holds (see
    /// `index::byte_mask`: a superset of what the fzf operators read).
    fn entry(&mut self, kb: &KnowledgeBase, e: &Entry, id: u32) -> u64 {
        let out = &mut self.sink;
        let mut digit_fields = 0u64;
        let mut name_bits = 0usize;
        let mut mask = 0u64;
        self.name_start.push(self.name_offsets.len() as u32);
        self.seg_start.push(self.segments.len() as u32);
        for (f, field) in fields_of(kb, e).iter().enumerate() {
            let text: &str = &field.text;
            let text_mask = super::index::byte_mask(text);
            if f < 64 && text_mask & super::index::DIGIT_BITS != 0 {
                digit_fields |= 1 << f;
            }
            mask |= text_mask;
            if let Some(l) = &field.label {
                mask |= super::index::byte_mask(l);
            }
            let f = f.min(u16::MAX as usize) as u16;
            // The label's words first (they rank as a label), then the text's.
            let mut pos = 0;
            if let Some(label) = field.label.as_deref().filter(|_| !field.label_is_kind()) {
                let mut ws = std::mem::take(&mut out.label);
                ws.of(label);
                for i in 0..ws.len() {
                    out.push(ws.word(i), Posting::new(id, f, Rank::Label, pos, false));
                    pos += 1;
                }
                out.label = ws;
            }
            let mut ws = std::mem::take(&mut out.scratch);
            ws.of(text);
            if matches!(field.rank, Rank::Title | Rank::Alias) {
                self.name_offsets.push(name_bits.min(255) as u8);
                name_segments(text, &ws, name_bits, f > 0, &mut self.segments);
                name_bits += ws.len();
            }
            let first = pos;
            let rank = field.rank;
            for i in 0..ws.len() {
                let pos = first + i;
                let w = ws.word(i);
                // The word, its parts and its squashed form, without allocating for the
                // common word that has neither.
                out.push(w, Posting::new(id, f, rank, pos, false));
                // Only a word with a digit has parts, a squashed form or a magnitude.
                if !w.bytes().any(|b| b.is_ascii_digit()) {
                    continue;
                }
                for_each_part(w, |part| {
                    out.push(part, Posting::new(id, f, rank, pos, true))
                });
                if let Some(squash) = squashed(w) {
                    out.push(&squash, Posting::derived(id, f, rank, pos));
                }
                let next = (i + 1 < ws.len()).then(|| ws.word(i + 1));
                if let Some(m) = magnitude_form(w, next) {
                    out.push(&m, Posting::derived(id, f, rank, pos));
                }
            }
            if text.contains('-') {
                for (i, joined) in hyphen_joins(text, &ws) {
                    out.push(&joined, Posting::derived(id, f, rank, first + i));
                }
            }
            out.scratch = ws;
        }
        self.digits.push(digit_fields);
        mask
    }
}

/// How many entries [`index_part`] indexes before it reserves room for the rest.
const SAMPLE: usize = 256;

fn index_part<T>(
    kb: &KnowledgeBase,
    first: usize,
    entries: &[Entry],
    each: &(dyn Fn(&Entry, u64) -> T + Sync),
) -> (Part<T>, Runs) {
    let n = entries.len();
    let mut part = Part {
        extra: Vec::with_capacity(n),
        sink: Sink::default(),
        digits: Vec::with_capacity(n),
        name_offsets: Vec::with_capacity(n * 2),
        name_start: Vec::with_capacity(n),
        segments: Vec::with_capacity(n * 2),
        seg_start: Vec::with_capacity(n),
    };
    for (k, e) in entries.iter().enumerate() {
        // Room for the rest at the rate of the first few hundred, so the lists are not
        // copied as they grow.
        if k == SAMPLE && n > SAMPLE {
            let more = part.sink.posts.len() * (n - SAMPLE) / SAMPLE * 11 / 10;
            part.sink.posts.reserve(more);
            part.sink.words.reserve(more);
        }
        let mask = part.entry(kb, e, (first + k) as u32);
        part.extra.push(each(e, mask));
    }
    let runs = std::mem::take(&mut part.sink).into_runs();
    (part, runs)
}

impl Postings {
    /// Indexes every entry, and makes `each` of every entry (and the byte mask of its
    /// text) in the same pass, in entry order; large knowledge bases on every core.
    pub fn build<T: Send>(
        kb: &KnowledgeBase,
        each: &(dyn Fn(&Entry, u64) -> T + Sync),
    ) -> (Postings, Vec<T>) {
        let threads = if kb.entries.len() >= 8192 {
            std::thread::available_parallelism().map_or(1, |t| t.get().min(8))
        } else {
            1
        };
        Postings::build_on(kb, each, threads)
    }

    /// [`Postings::build`] on `threads` threads.
    fn build_on<T: Send>(
        kb: &KnowledgeBase,
        each: &(dyn Fn(&Entry, u64) -> T + Sync),
        threads: usize,
    ) -> (Postings, Vec<T>) {
        let n = kb.entries.len();
        let chunk = n.div_ceil(threads).max(1);
        let parts: Vec<(Part<T>, Runs)> = if threads == 1 {
            vec![index_part(kb, 0, &kb.entries, each)]
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = kb
                    .entries
                    .chunks(chunk)
                    .enumerate()
                    .map(|(i, part)| s.spawn(move || index_part(kb, i * chunk, part, each)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            })
        };
        let mut digit_fields = Vec::with_capacity(n);
        let (mut name_offsets, mut name_start) = (Vec::new(), Vec::with_capacity(n + 1));
        let (mut segments, mut seg_start) = (Vec::new(), Vec::with_capacity(n + 1));
        let mut runs = Vec::with_capacity(parts.len());
        let mut extra = Vec::with_capacity(n);
        for (mut part, part_runs) in parts {
            extra.append(&mut part.extra);
            release(part.extra);
            digit_fields.extend(part.digits);
            let (names, segs) = (name_offsets.len() as u32, segments.len() as u32);
            name_start.extend(part.name_start.iter().map(|s| s + names));
            seg_start.extend(part.seg_start.iter().map(|s| s + segs));
            name_offsets.extend(part.name_offsets);
            segments.extend(part.segments);
            runs.push(part_runs);
        }
        name_start.push(name_offsets.len() as u32);
        seg_start.push(segments.len() as u32);
        let (vocab, all, starts, df) = merge(runs);
        let shapes = vocab
            .iter()
            .map(|w| (w.chars().count().min(255) as u8, char_mask(w)))
            .collect();
        let postings = Postings {
            vocab,
            shapes,
            all,
            starts,
            df,
            digit_fields,
            name_offsets,
            name_start,
            segments,
            seg_start,
            entries: n,
        };
        (postings, extra)
    }
}

/// One thread's postings, sorted by its words: word `id`'s are
/// `posts[starts[id]..starts[id + 1]]`, in entry order, in `df[id]` entries.
struct Runs {
    names: Vec<String>,
    posts: Vec<Posting>,
    starts: Vec<u32>,
    df: Vec<u32>,
}

impl Sink {
    /// This thread's postings by word (a counting sort, on the thread that made them).
    fn into_runs(self) -> Runs {
        let Sink {
            names,
            words,
            posts,
            ..
        } = self;
        let mut starts = vec![0u32; names.len() + 1];
        for &id in &words {
            starts[id as usize + 1] += 1;
        }
        for t in 1..starts.len() {
            starts[t] += starts[t - 1];
        }
        let mut sorted = vec![Posting::default(); posts.len()];
        let mut next = starts.clone();
        let mut df = vec![0u32; names.len()];
        let mut last_entry = vec![NONE; names.len()];
        for (&id, &p) in words.iter().zip(&posts) {
            let id = id as usize;
            sorted[next[id] as usize] = p;
            next[id] += 1;
            if last_entry[id] != p.entry {
                last_entry[id] = p.entry;
                df[id] += 1;
            }
        }
        release(words);
        release(posts);
        Runs {
            names,
            posts: sorted,
            starts,
            df,
        }
    }
}

impl Runs {
    /// Word `id`'s postings in this thread.
    fn run(&self, id: u32) -> &[Posting] {
        let id = id as usize;
        &self.posts[self.starts[id] as usize..self.starts[id + 1] as usize]
    }
}

/// The threads' runs (each thread's entries after the previous thread's) as one index:
/// the sorted vocabulary, every word's postings in entry order one word after another,
/// where each word's start, and in how many entries each word occurs.
fn merge(mut runs: Vec<Runs>) -> (Vec<String>, Vec<Posting>, Vec<u32>, Vec<u32>) {
    // Every thread's words: (word, thread, id in the thread), sorted.
    let mut words: Vec<(String, u32, u32)> = Vec::new();
    for (t, r) in runs.iter_mut().enumerate() {
        let names = std::mem::take(&mut r.names).into_iter();
        words.extend(names.enumerate().map(|(id, w)| (w, t as u32, id as u32)));
    }
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // For each word of the vocabulary, its id in each thread (or none).
    let mut vocab: Vec<String> = Vec::with_capacity(words.len());
    let mut local: Vec<Vec<u32>> = vec![Vec::with_capacity(words.len()); runs.len()];
    for (w, t, id) in words {
        if vocab.last() != Some(&w) {
            vocab.push(w);
            local.iter_mut().for_each(|l| l.push(NONE));
        }
        local[t as usize][vocab.len() - 1] = id;
    }
    let ids = |g: usize| local.iter().zip(&runs).filter(move |(l, _)| l[g] != NONE);
    let mut starts = Vec::with_capacity(vocab.len() + 1);
    let mut df = Vec::with_capacity(vocab.len());
    let mut total = 0u32;
    for g in 0..vocab.len() {
        starts.push(total);
        let (mut n, mut d) = (0, 0);
        for (l, r) in ids(g) {
            n += r.run(l[g]).len() as u32;
            d += r.df[l[g] as usize];
        }
        total += n;
        df.push(d);
    }
    starts.push(total);
    // Each word's runs joined, the vocabulary in ranges of about as many postings each,
    // one per thread.
    let mut all = vec![Posting::default(); total as usize];
    let pieces = runs.len().max(1) as u32;
    let mut bounds: Vec<usize> = (0..pieces)
        .map(|k| starts.partition_point(|&s| s < (total as u64 * k as u64 / pieces as u64) as u32))
        .map(|b| b.min(vocab.len()))
        .collect();
    bounds.push(vocab.len());
    std::thread::scope(|s| {
        let mut rest = &mut all[..];
        for w in bounds.windows(2) {
            let (lo, hi) = (w[0], w[1]);
            let (here, more) = rest.split_at_mut((starts[hi] - starts[lo]) as usize);
            rest = more;
            let ids = &ids;
            let mut join = move || {
                let mut at = 0;
                for g in lo..hi {
                    for (l, r) in ids(g) {
                        let run = r.run(l[g]);
                        here[at..at + run.len()].copy_from_slice(run);
                        at += run.len();
                    }
                }
            };
            if pieces == 1 {
                join();
            } else {
                s.spawn(join);
            }
        }
    });
    for r in runs {
        release(r.posts);
        release(r.starts);
        release(r.df);
    }
    local.into_iter().for_each(release);
    (vocab, all, starts, df)
}

#[cfg(test)]
#[path = "build_tests.rs"]
mod tests;
