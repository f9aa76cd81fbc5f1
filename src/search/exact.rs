//! Matching a needle as written — anywhere, at the start, at the end, or whole — for the
//! operators `'x`, `^x`, `x$`, `^x$` and `!x`. Case is smart: a needle with a capital
//! letter matches case exactly, else case is ignored. Positions are in characters.

use super::query::Kind;

/// Does case matter for this needle (it has a capital letter)?
pub(super) fn case_matters(needle: &str) -> bool {
    needle.chars().any(char::is_uppercase)
}

fn fold(c: char, exact: bool) -> char {
    if exact {
        c
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// The character index where `needle` first occurs in `hay`.
pub(super) fn find(hay: &str, needle: &str, exact: bool) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    let byte = if exact {
        hay.find(needle)
    } else if needle.is_ascii() {
        let want = needle.as_bytes();
        hay.as_bytes()
            .windows(want.len())
            .position(|w| w.eq_ignore_ascii_case(want))
    } else {
        let want: Vec<char> = needle.chars().map(|c| fold(c, false)).collect();
        let chars: Vec<(usize, char)> = hay
            .char_indices()
            .map(|(i, c)| (i, fold(c, false)))
            .collect();
        chars
            .windows(want.len())
            .find(|w| w.iter().zip(&want).all(|((_, a), b)| a == b))
            .map(|w| w[0].0)
    }?;
    Some(hay[..byte].chars().count())
}

/// Does `hay` hold `needle` (with smart case)? [`find`] without the position: the test the
/// operators make of every entry a query reads, so the common case — an ASCII needle,
/// case ignored — looks only where the needle's first letter is (memchr), in either case.
pub(super) fn contains(hay: &str, needle: &str, exact: bool) -> bool {
    if exact {
        return hay.contains(needle);
    }
    let want = needle.as_bytes();
    let (Some(&first), true) = (want.first(), needle.is_ascii()) else {
        return find(hay, needle, exact).is_some();
    };
    let hay = hay.as_bytes();
    let (lo, up) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    memchr::memchr2_iter(lo, up, hay).any(|at| {
        hay.get(at..at + want.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(want))
    })
}

fn starts(hay: &str, needle: &str, exact: bool) -> bool {
    let mut h = hay.chars();
    needle
        .chars()
        .all(|n| h.next().is_some_and(|c| fold(c, exact) == fold(n, exact)))
}

fn ends(hay: &str, needle: &str, exact: bool) -> bool {
    let mut h = hay.chars().rev();
    needle
        .chars()
        .rev()
        .all(|n| h.next().is_some_and(|c| fold(c, exact) == fold(n, exact)))
}

/// Where an anchored pattern (`^x`, `x$`, `^x$`) matches `text`: the character positions
/// of the needle, or `None`.
pub(super) fn anchored(text: &str, needle: &str, kind: Kind, exact: bool) -> Option<Vec<usize>> {
    let (n, len) = (needle.chars().count(), text.chars().count());
    let hit = match kind {
        Kind::Prefix => starts(text, needle, exact),
        Kind::Suffix => ends(text, needle, exact),
        Kind::Whole => n == len && starts(text, needle, exact),
        Kind::Fuzzy | Kind::Exact => false,
    };
    // A hit means the needle fits in the text: `len - n` cannot underflow.
    let from = if kind == Kind::Suffix {
        len.saturating_sub(n)
    } else {
        0
    };
    hit.then(|| (from..from + n).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_agrees_with_find() {
        for (hay, needle) in [
            ("Alibaba Cloud revenue", "cloud"),
            ("Alibaba Cloud revenue", "Cloud"),
            ("Alibaba Cloud revenue", "CLOUD"),
            ("cloud", "clouds"),
            ("通义千问 Qwen3", "qwen3"),
            ("通义千问 Qwen3", "千问"),
            ("ab", ""),
            ("aab", "ab"),
        ] {
            let exact = case_matters(needle);
            assert_eq!(
                contains(hay, needle, exact),
                find(hay, needle, exact).is_some(),
                "{hay:?} {needle:?}"
            );
        }
    }

    #[test]
    fn find_is_smart_case_and_counts_characters() {
        assert_eq!(find("Alibaba Cloud", "cloud", false), Some(8));
        assert_eq!(find("Alibaba Cloud", "Cloud", true), Some(8));
        assert_eq!(find("Alibaba cloud", "Cloud", true), None);
        assert_eq!(find("通义千问 Qwen", "qwen", false), Some(5));
        assert_eq!(find("ÉCOLE école", "école", false), Some(0));
        assert_eq!(find("abc", "abcd", false), None);
    }

    #[test]
    fn anchored_patterns() {
        let at = |t, n, k| anchored(t, n, k, case_matters(n));
        assert_eq!(
            at("Qwen3-Max", "qwen", Kind::Prefix),
            Some(vec![0, 1, 2, 3])
        );
        assert_eq!(at("Qwen3-Max", "max", Kind::Suffix), Some(vec![6, 7, 8]));
        assert_eq!(
            at("Qwen3-Max", "qwen3-max", Kind::Whole),
            Some((0..9).collect())
        );
        assert_eq!(at("Qwen3-Max", "qwen3", Kind::Whole), None);
        assert_eq!(at("Qwen3-Max", "Max", Kind::Prefix), None);
        assert_eq!(at("Qwen3-Max", "MAX", Kind::Suffix), None);
        assert_eq!(at("Max", "qwen3-max", Kind::Suffix), None);
    }
}
