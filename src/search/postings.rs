//! The inverted index: every word form of the knowledge base (sorted, so a prefix is a
//! range) and, for each, the places it occurs — entry, field, rank and position — in entry
//! order. A keystroke reads the postings of the words it matches, never the entries' text.

use rustc_hash::FxHashMap;

use super::fields::{Rank, fields_of};
use super::words::{Word, hyphen_joins, magnitude_form, parts, squashed, words_into};
use crate::kb::{Entry, KnowledgeBase};

/// One occurrence of a word form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub entry: u32,
    /// The field's place in [`fields_of`].
    pub field: u16,
    /// Rank (top three bits), whether the word form is only a part of the word written
    /// (`qwen` of `Qwen3`: one bit), and the word's position in the field (the rest).
    packed: u16,
}

const POS_BITS: u16 = 11;
const POS_MAX: u16 = (1 << POS_BITS) - 1;
const PART_BIT: u16 = 1 << POS_BITS;
/// The form is not written in the text as it is (a squashed `qwen35`, a joined
/// `qwen3coder`, a magnitude `380000000000`): see [`Posting::is_written`].
const DERIVED_BIT: u16 = 1 << (POS_BITS + 1);
const RANK_SHIFT: u16 = POS_BITS + 2;

impl Posting {
    fn new(entry: u32, field: u16, rank: Rank, pos: usize, part: bool) -> Posting {
        let pos = (pos.min(POS_MAX as usize)) as u16;
        Posting {
            entry,
            field,
            packed: (rank as u16) << RANK_SHIFT | if part { PART_BIT } else { 0 } | pos,
        }
    }

    /// The same, for a form not written in the text as it is.
    fn derived(entry: u32, field: u16, rank: Rank, pos: usize) -> Posting {
        let mut p = Posting::new(entry, field, rank, pos, false);
        p.packed |= DERIVED_BIT;
        p
    }

    pub fn rank(self) -> Rank {
        Rank::from_bits(self.packed >> RANK_SHIFT)
    }

    /// The form is written in the field's text as it is (a word, or a part of one), so the
    /// text holds every string the form holds (case aside).
    pub fn is_written(self) -> bool {
        self.packed & DERIVED_BIT == 0
    }

    pub fn pos(self) -> u16 {
        self.packed & POS_MAX
    }

    /// The form matched is only part of the word written (`qwen` of `Qwen3`): it counts
    /// for less than the whole word (`qwen-max` means Qwen-Max before Qwen3-Max).
    pub fn is_part(self) -> bool {
        self.packed & PART_BIT != 0
    }
}

/// Words and where they occur.
#[derive(Default)]
pub struct Postings {
    /// Every word form, lowercase, sorted.
    pub vocab: Vec<String>,
    /// For each word: its length in characters and a bit per letter/digit it holds, so
    /// most words are ruled out as typos without an edit distance.
    pub shapes: Vec<(u8, u64)>,
    /// Word `t`'s postings, by entry (each list exactly as long as it needs to be).
    lists: Vec<Box<[Posting]>>,
    /// All postings, counted.
    total: usize,
    /// In how many entries word `t` occurs.
    pub df: Vec<u32>,
    /// For each entry, a bit per field (the first 64) whose text holds a digit (for
    /// `how many` / `how much`).
    pub digit_fields: Vec<u64>,
    /// The entry's *names* — its title and each alias and tag — as bits of one 64-bit set
    /// of word positions: where each name field's words start (`name_offsets`, from
    /// `name_start[entry]`), and the segments a person would call by name (`segments`,
    /// from `seg_start[entry]`): each alias, and each part of the title between
    /// brackets, slashes and commas (`Qwen app (Qwen Studio, formerly Qwen Chat)`),
    /// without filler words such as `series`. A query that covers a whole segment asked
    /// for that name.
    name_offsets: Vec<u8>,
    name_start: Vec<u32>,
    segments: Vec<u64>,
    seg_start: Vec<u32>,
    pub entries: usize,
}

/// A bit per letter and digit of a word; other characters share the rest.
pub fn char_mask(word: &str) -> u64 {
    word.chars().fold(0, |m, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            _ => 36 + c as u32 % 28,
        };
        m | 1 << bit
    })
}

/// What one entry contributes besides its postings: which fields hold figures, and its
/// names (see [`Postings::segments`]).
struct EntryWords {
    digit_fields: u64,
    /// Which bytes its text holds (see `index::byte_mask`): a superset of what the fzf
    /// operators read.
    mask: u64,
    name_offsets: Vec<u8>,
    segments: Vec<u64>,
}

/// One thread's postings: each word form once (an id), its postings by id.
#[derive(Default)]
struct Sink {
    ids: FxHashMap<String, u32>,
    lists: Vec<Vec<Posting>>,
    /// The words of the field being indexed, their memory reused from field to field.
    scratch: Vec<Word>,
    label: Vec<Word>,
}

impl Sink {
    /// Adds a posting for `word`; allocates only for a word not seen before.
    fn push(&mut self, word: &str, p: Posting) {
        let id = match self.ids.get(word) {
            Some(&id) => id,
            None => {
                let id = self.lists.len() as u32;
                self.ids.insert(word.to_string(), id);
                self.lists.push(Vec::new());
                id
            }
        };
        let list = &mut self.lists[id as usize];
        // A word repeated in one field: its first place is enough (the ranking reads the
        // best match per field, and proximity the first) — unless it came first only as
        // part of a longer word (`qwen` of `Qwen3`) and now comes whole.
        match list.last_mut() {
            Some(l) if l.entry == p.entry && l.field == p.field && l.rank() == p.rank() => {
                let better_written =
                    !l.is_written() && p.is_written() && l.is_part() == p.is_part();
                if (l.is_part() && !p.is_part()) || better_written {
                    *l = p;
                }
            }
            _ => list.push(p),
        }
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

/// The segments of one name field, as bits from `offset`.
fn name_segments(shown: &str, ws: &[Word], offset: usize, whole: bool) -> Vec<u64> {
    let mut out = Vec::new();
    let mut seg = 0u64;
    for (i, w) in ws.iter().enumerate() {
        if !whole && i > 0 && separates(&shown[ws[i - 1].end..w.start]) {
            out.push(seg);
            seg = 0;
        }
        let bit = offset + i;
        if bit < 64 && !FILLER.contains(&w.text.as_str()) {
            seg |= 1 << bit;
        }
    }
    out.push(seg);
    out.retain(|&s| s != 0);
    out
}

fn entry_words(kb: &KnowledgeBase, e: &Entry, id: u32, out: &mut Sink) -> EntryWords {
    let mut digit_fields = 0u64;
    let mut name_offsets = Vec::new();
    let mut segments = Vec::new();
    let mut name_bits = 0usize;
    let mut mask = 0u64;
    for (f, field) in fields_of(kb, e).iter().enumerate() {
        if f < 64 && field.text.chars().any(|c| c.is_ascii_digit()) {
            digit_fields |= 1 << f;
        }
        mask |= super::index::byte_mask(&field.text);
        if let Some(l) = &field.label {
            mask |= super::index::byte_mask(l);
        }
        let f = f.min(u16::MAX as usize) as u16;
        // The label's words first (they rank as a label), then the text's.
        let mut pos = 0;
        if let Some(label) = field.label.as_deref().filter(|_| !field.label_is_kind()) {
            let mut ws = std::mem::take(&mut out.label);
            let n = words_into(label, &mut ws);
            for w in &ws[..n] {
                out.push(&w.text, Posting::new(id, f, Rank::Label, pos, false));
                pos += 1;
            }
            out.label = ws;
        }
        let text: &str = &field.text;
        let mut scratch = std::mem::take(&mut out.scratch);
        let n = words_into(text, &mut scratch);
        let ws = &scratch[..n];
        if matches!(field.rank, Rank::Title | Rank::Alias) {
            name_offsets.push(name_bits.min(255) as u8);
            segments.extend(name_segments(text, ws, name_bits, f > 0));
            name_bits += ws.len();
        }
        let first = pos;
        for (i, w) in ws.iter().enumerate() {
            let pos = first + i;
            let rank = field.rank;
            // The word, its parts and its squashed form, without allocating for the
            // common word that has neither.
            out.push(&w.text, Posting::new(id, f, rank, pos, false));
            for part in parts(&w.text) {
                out.push(part, Posting::new(id, f, rank, pos, true));
            }
            if let Some(squash) = squashed(&w.text) {
                out.push(&squash, Posting::derived(id, f, rank, pos));
            }
            let next = ws.get(i + 1).map(|n| n.text.as_str());
            if let Some(m) = magnitude_form(&w.text, next) {
                out.push(&m, Posting::derived(id, f, rank, pos));
            }
        }
        for (i, joined) in hyphen_joins(text, ws) {
            out.push(&joined, Posting::derived(id, f, field.rank, first + i));
        }
        out.scratch = scratch;
    }
    EntryWords {
        digit_fields,
        mask,
        name_offsets,
        segments,
    }
}

/// What one thread indexed: postings by word, and the per-entry figures in entry order
/// (`extra`: what the caller makes of each entry in the same pass).
struct Part<T> {
    extra: Vec<T>,
    sink: Sink,
    digits: Vec<u64>,
    names: Vec<Vec<u8>>,
    segments: Vec<Vec<u64>>,
}

fn index_part<T>(
    kb: &KnowledgeBase,
    first: usize,
    part: &[Entry],
    each: &(dyn Fn(&Entry, u64) -> T + Sync),
) -> Part<T> {
    let mut out = Part {
        extra: Vec::with_capacity(part.len()),
        sink: Sink::default(),
        digits: Vec::with_capacity(part.len()),
        names: Vec::with_capacity(part.len()),
        segments: Vec::with_capacity(part.len()),
    };
    for (k, e) in part.iter().enumerate() {
        let ew = entry_words(kb, e, (first + k) as u32, &mut out.sink);
        out.extra.push(each(e, ew.mask));
        out.digits.push(ew.digit_fields);
        out.names.push(ew.name_offsets);
        out.segments.push(ew.segments);
    }
    out
}

impl Postings {
    /// Indexes every entry, and makes `each` of every entry (and the byte mask of its
    /// text) in the same pass, in entry order; large knowledge bases on every core.
    pub fn build<T: Send>(
        kb: &KnowledgeBase,
        each: &(dyn Fn(&Entry, u64) -> T + Sync),
    ) -> (Postings, Vec<T>) {
        let n = kb.entries.len();
        let threads = if n >= 8192 {
            std::thread::available_parallelism().map_or(1, |t| t.get().min(8))
        } else {
            1
        };
        let chunk = n.div_ceil(threads).max(1);
        let parts: Vec<Part<T>> = if threads == 1 {
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
        let mut sinks = Vec::with_capacity(parts.len());
        let mut extra = Vec::with_capacity(n);
        for part in parts {
            extra.extend(part.extra);
            digit_fields.extend(part.digits);
            for (names, segs) in part.names.into_iter().zip(part.segments) {
                name_start.push(name_offsets.len() as u32);
                name_offsets.extend(names);
                seg_start.push(segments.len() as u32);
                segments.extend(segs);
            }
            sinks.push(part.sink);
        }
        name_start.push(name_offsets.len() as u32);
        seg_start.push(segments.len() as u32);
        let mut vocab: Vec<String> = sinks.iter().flat_map(|s| s.ids.keys().cloned()).collect();
        vocab.sort_unstable();
        vocab.dedup();
        // Each word's lists from the threads, joined in entry order and moved (not
        // copied) into place, one thread's memory freed as the next is taken.
        let mut lists = Vec::with_capacity(vocab.len());
        let mut df = Vec::with_capacity(vocab.len());
        let mut total = 0;
        for w in &vocab {
            let mut list: Vec<Posting> = Vec::new();
            for sink in &mut sinks {
                if let Some(&id) = sink.ids.get(w.as_str()) {
                    let part = std::mem::take(&mut sink.lists[id as usize]);
                    if list.is_empty() {
                        list = part;
                    } else {
                        list.extend(part);
                    }
                }
            }
            let mut count = 0;
            let mut last = u32::MAX;
            for p in &list {
                if p.entry != last {
                    count += 1;
                    last = p.entry;
                }
            }
            df.push(count);
            total += list.len();
            lists.push(list.into_boxed_slice());
        }
        drop(sinks);
        let shapes = vocab
            .iter()
            .map(|w| (w.chars().count().min(255) as u8, char_mask(w)))
            .collect();
        let postings = Postings {
            vocab,
            shapes,
            lists,
            total,
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

    /// The bit of a word of a name (title, alias, tag: a posting of rank
    /// [`Rank::Title`] or [`Rank::Alias`]) in the entry's name positions, if it has one.
    pub fn name_bit(&self, p: Posting) -> Option<u32> {
        let e = p.entry as usize;
        let from = self.name_start[e] as usize;
        let to = self.name_start[e + 1] as usize;
        let offset = *self.name_offsets[from..to].get(p.field as usize)? as u32;
        let bit = offset + u32::from(p.pos());
        (bit < 64).then_some(bit)
    }

    /// The name segments of `entry` (see [`Postings::segments`]).
    pub fn segments_of(&self, entry: usize) -> &[u64] {
        &self.segments[self.seg_start[entry] as usize..self.seg_start[entry + 1] as usize]
    }

    /// Word `t`'s postings, by entry.
    pub fn of(&self, t: u32) -> &[Posting] {
        &self.lists[t as usize]
    }

    /// The word's id, if the knowledge base has it.
    pub fn find(&self, word: &str) -> Option<u32> {
        self.vocab
            .binary_search_by(|w| w.as_str().cmp(word))
            .ok()
            .map(|i| i as u32)
    }

    /// The ids of the words starting with `prefix` (a range of the sorted vocabulary).
    pub fn with_prefix(&self, prefix: &str) -> std::ops::Range<u32> {
        let from = self.vocab.partition_point(|w| w.as_str() < prefix);
        let to = from + self.vocab[from..].partition_point(|w| w.starts_with(prefix));
        from as u32..to as u32
    }

    /// Postings held, for the benchmarks' memory figures.
    pub fn len(&self) -> usize {
        self.total
    }
}
