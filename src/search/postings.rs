//! The inverted index: every word form of the knowledge base (sorted, so a prefix is a
//! range) and, for each, the places it occurs — entry, field, rank and position — in entry
//! order. A keystroke reads the postings of the words it matches, never the entries' text.
//! How it is built: [`super::build`].

use super::fields::Rank;

/// One occurrence of a word form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
    pub(super) fn new(entry: u32, field: u16, rank: Rank, pos: usize, part: bool) -> Posting {
        let pos = (pos.min(POS_MAX as usize)) as u16;
        Posting {
            entry,
            field,
            packed: (rank as u16) << RANK_SHIFT | if part { PART_BIT } else { 0 } | pos,
        }
    }

    /// The same, for a form not written in the text as it is.
    pub(super) fn derived(entry: u32, field: u16, rank: Rank, pos: usize) -> Posting {
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
    /// Every word's postings, word after word in vocabulary order, each word's by entry:
    /// word `t`'s are `all[starts[t]..starts[t + 1]]`.
    pub(super) all: Vec<Posting>,
    pub(super) starts: Vec<u32>,
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
    pub(super) name_offsets: Vec<u8>,
    pub(super) name_start: Vec<u32>,
    pub(super) segments: Vec<u64>,
    pub(super) seg_start: Vec<u32>,
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

impl Postings {
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
        &self.all[self.starts[t as usize] as usize..self.starts[t as usize + 1] as usize]
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
        self.all.len()
    }
}
