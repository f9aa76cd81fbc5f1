//! What a query matched, for highlighting: the vocabulary words it reached (whole, or the
//! typed start of a word) and the operator patterns it holds. Shared by every hit of one
//! query; a hit line's title and answer are highlighted from it when drawn.

use std::collections::HashMap;

use super::exact;
use super::query::Kind;
use crate::text::words::{parts, squashed, words};

/// How much of a matched word to highlight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Whole,
    /// The first this-many characters (a word being typed).
    Start(usize),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matched {
    pub words: HashMap<String, Mark>,
    /// Operator patterns (`'x`, `^x`, `x$`, `^x$`) with whether case matters.
    pub(super) patterns: Vec<(String, Kind, bool)>,
}

impl Matched {
    /// The character ranges of `text` to highlight, ascending, not overlapping.
    pub fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        let mut bytes: Vec<(usize, usize)> = Vec::new();
        if !self.words.is_empty() {
            for w in words(text) {
                if let Some(r) = self.word_range(&w.text) {
                    // A whole word ends where the text's word ends (its spelling may leave
                    // out a joiner).
                    let end = if r.1 == w.text.len() {
                        w.end
                    } else {
                        w.start + r.1
                    };
                    bytes.push((w.start + r.0, end));
                }
            }
        }
        let mut out: Vec<(usize, usize)> = bytes
            .into_iter()
            .filter(|&(s, e)| text.is_char_boundary(s) && text.is_char_boundary(e) && s < e)
            .map(|(s, e)| {
                let cs = text[..s].chars().count();
                (cs, cs + text[s..e].chars().count())
            })
            .collect();
        for (needle, kind, case) in &self.patterns {
            let n = needle.chars().count();
            let at = match kind {
                Kind::Fuzzy | Kind::Exact => exact::find(text, needle, *case),
                _ => exact::anchored(text, needle, *kind, *case).and_then(|p| p.first().copied()),
            };
            if let Some(at) = at {
                out.push((at, at + n));
            }
        }
        out.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
        for (s, e) in out {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }

    /// The byte range of a word (lowercase, as [`words`] gives it) to highlight: the whole
    /// word, its typed start, or the part of it that matched (`qwen` in `qwen3.5`).
    fn word_range(&self, w: &str) -> Option<(usize, usize)> {
        let mark = |m: Mark, len: usize| match m {
            Mark::Whole => len,
            Mark::Start(n) => w.char_indices().nth(n).map_or(len, |(i, _)| i).min(len),
        };
        if let Some(&m) = self.words.get(w) {
            return Some((0, mark(m, w.len())));
        }
        if squashed(w).is_some_and(|s| self.words.contains_key(&s)) {
            return Some((0, w.len()));
        }
        for p in parts(w) {
            if let Some(&m) = self.words.get(p)
                && let Some(at) = w.find(p)
            {
                let end = match m {
                    Mark::Whole => p.len(),
                    Mark::Start(n) => p.char_indices().nth(n).map_or(p.len(), |(i, _)| i),
                };
                return Some((at, at + end));
            }
        }
        None
    }

    /// Character positions (not ranges) of `text` to highlight, for list rows.
    pub fn positions(&self, text: &str) -> Vec<usize> {
        self.ranges(text)
            .into_iter()
            .flat_map(|(s, e)| s..e)
            .collect()
    }
}

/// The field that answers a hit, as its line shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The field's label (`Context`, `Parameters (total)`, `Alias`).
    pub field: String,
    /// Its value: one line, the claims of disagreeing sources joined with ` | `.
    pub text: String,
    /// Character ranges of `text` that matched.
    pub highlights: Vec<(usize, usize)>,
    /// Character ranges of `field` that matched.
    pub field_highlights: Vec<(usize, usize)>,
    /// The sources disagree on this value (shown `!`).
    pub disputed: bool,
    /// The field is the entry's key value (the overview's `Value`): lines show the text
    /// alone, as they show the key value.
    pub key_value: bool,
}

impl Snippet {
    /// The label a hit line shows: none for the key value.
    pub fn label(&self) -> &str {
        if self.key_value { "" } else { &self.field }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matched(ws: &[(&str, Mark)]) -> Matched {
        Matched {
            words: ws.iter().map(|(w, m)| (w.to_string(), *m)).collect(),
            patterns: Vec::new(),
        }
    }

    #[test]
    fn ranges_are_characters_on_multibyte_text() {
        let m = matched(&[("通", Mark::Whole), ("qwen", Mark::Whole)]);
        assert_eq!(m.ranges("通义 — Qwen3.5"), [(0, 1), (5, 9)]);
        let m = matched(&[("context", Mark::Start(3))]);
        assert_eq!(m.ranges("Max context: 1M"), [(4, 7)]);
        let m = matched(&[("qwen35", Mark::Whole)]);
        assert_eq!(m.ranges("Qwen3.5-Omni"), [(0, 7)]);
        // A word spelt without its joiner is highlighted with it, to its end.
        let m = matched(&[("میخواهم", Mark::Whole)]);
        assert_eq!(m.ranges("x می\u{200c}خواهم y"), [(2, 10)]);
    }
}
