//! fuzzy-matcher's skim score for a one-character pattern, without its score matrix.
//!
//! Every query starts with one character, and it matches nearly every entry, so this is
//! the costliest keystroke; the library's matrix cost about 3 µs per 200-character text
//! here, where this loop reads the text once. The score is the same by construction — for one character the matrix
//! reduces to `gap_extension + in-place bonus + match score` at each occurrence, the best
//! (the last of equals) winning — and a property test holds it to the library's answer.

use super::skim::{
    FIRST_CHAR_MULTIPLIER, GAP_EXTENSION, Kind, PENALTY_CASE_MISMATCH, SCORE_MATCH, bonus, kind,
};

/// `SkimMatcherV2::default().smart_case().fuzzy_indices(hay, p)` for a one-character
/// pattern: the score and the character index it matched.
pub(super) fn fuzzy_indices(hay: &str, p: char) -> Option<(i64, usize)> {
    // Smart case: an upper-case pattern matches case-sensitively.
    let case_sensitive = p.is_ascii_uppercase();
    let mut prev = Kind::Empty;
    let mut best: Option<(i64, usize)> = None;
    for (j, c) in hay.chars().enumerate() {
        let cur = kind(c);
        let equal = if case_sensitive {
            c == p
        } else {
            c.eq_ignore_ascii_case(&p)
        };
        if equal {
            let mut b = bonus(prev, cur);
            if j == 0 {
                b *= FIRST_CHAR_MULTIPLIER;
            }
            let mismatch = if !case_sensitive && c != p {
                PENALTY_CASE_MISMATCH
            } else {
                0
            };
            let score = i64::from(GAP_EXTENSION + b + SCORE_MATCH + mismatch);
            if best.is_none_or(|(s, _)| score >= s) {
                best = Some((score, j));
            }
        }
        prev = cur;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn same_as_fuzzy_matcher(
            hay in "[a-cA-C0-9 ._/()\\-:中é]{0,40}",
            p in "[a-cA-C0-9 ._中é]",
        ) {
            let p = p.chars().next().unwrap_or('a');
            let m = SkimMatcherV2::default().smart_case();
            let want = m
                .fuzzy_indices(&hay, &p.to_string())
                .map(|(s, pos)| (s, pos[0]));
            prop_assert_eq!(fuzzy_indices(&hay, p), want);
        }
    }

    #[test]
    fn a_word_head_beats_a_later_middle() {
        // "Qwen cloud": `c` at a word head; `c` inside "rec" is worth less.
        let (s_head, at) = fuzzy_indices("rec cloud", 'c').unwrap_or_default();
        assert_eq!(at, 4);
        assert!(s_head > fuzzy_indices("rec", 'c').unwrap_or_default().0);
    }
}
