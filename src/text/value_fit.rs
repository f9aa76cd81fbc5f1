//! Fitting a value — the answer a row exists to give — into a table cell without ever showing
//! a figure without its magnitude: `more than $130 bill…` must not happen.
//!
//! In order, until it fits: the value whole; its words shortened around its figures
//! (`approximately $11.5 billion` → `~$11.5B`, `more than` → `>`, `RMB 1,023,670 million` →
//! `RMB 1,023,670M`); then its first words, cut between words and followed by ` …`, so every
//! figure shown is whole (`RMB 41,626M (~$6.0B) | $6.0B+ …`). Only when not even the first
//! word fits is it cut inside a word, as any text. The whole value is always in the detail.

use std::borrow::Cow;

use super::width::{ELLIPSIS, fit, width};

/// Words that qualify a figure, and their signs, when the figure follows them.
const QUALIFIERS: &[(&str, &str)] = &[
    ("approximately", "~"),
    ("about", "~"),
    ("around", "~"),
    ("roughly", "~"),
    ("some", "~"),
    ("more than", ">"),
    ("over", ">"),
    ("less than", "<"),
    ("under", "<"),
    ("at least", "≥"),
    ("up to", "≤"),
];

/// Magnitude words after a figure, and their letters.
const MAGNITUDES: &[(&str, &str)] = &[
    ("trillion", "T"),
    ("billion", "B"),
    ("million", "M"),
    ("thousand", "K"),
    ("per cent", "%"),
    ("percent", "%"),
    // A context length's unit: the column or label already says what is counted.
    ("tokens", ""),
];

/// Month names before a day or year (`September 2023`), and their short forms.
const MONTHS: &[(&str, &str)] = &[
    ("January", "Jan"),
    ("February", "Feb"),
    ("March", "Mar"),
    ("April", "Apr"),
    ("June", "Jun"),
    ("July", "Jul"),
    ("August", "Aug"),
    ("September", "Sep"),
    ("October", "Oct"),
    ("November", "Nov"),
    ("December", "Dec"),
];

/// Does `token` start a figure (`$11.5`, `RMB`, `41,626M`, `~$6.0B`)?
fn starts_figure(token: &str) -> bool {
    let t = token.trim_start_matches(['(', '~', '>', '<', '+', '-', '−', '≥', '≤']);
    t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '$' | '¥' | '€' | '£'))
        || t.starts_with("RMB")
        || t.starts_with("US$")
        || t.starts_with("HK$")
}

/// Does `token` end with a figure (`$11.5`, `1,023,670`, `1M`)?
fn ends_figure(token: &str) -> bool {
    let t = token.strip_suffix(['K', 'M', 'B', 'T']).unwrap_or(token);
    t.ends_with(|c: char| c.is_ascii_digit())
}

/// `value` with the words around its figures shortened (see the module docs); borrowed
/// when nothing could be shortened.
pub fn shorten(value: &str) -> Cow<'_, str> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    let mut changed = false;
    'scan: while !rest.is_empty() {
        let at_word = out.is_empty() || out.ends_with([' ', '(', '|']);
        if at_word {
            for (word, sign) in QUALIFIERS {
                if let Some(after) = strip_word(rest, word)
                    && let Some(next) = after.strip_prefix(' ')
                    && starts_figure(next)
                {
                    out.push_str(sign);
                    rest = next;
                    changed = true;
                    continue 'scan;
                }
            }
        }
        if at_word {
            for (month, short) in MONTHS {
                if let Some(after) = strip_word(rest, month)
                    && after
                        .strip_prefix(' ')
                        .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
                {
                    out.push_str(short);
                    rest = after;
                    changed = true;
                    continue 'scan;
                }
            }
        }
        if ends_figure(&out)
            && let Some(after_space) = rest.strip_prefix(' ')
        {
            for (word, letter) in MAGNITUDES {
                if let Some(after) = strip_word(after_space, word) {
                    out.push_str(letter);
                    rest = after;
                    changed = true;
                    continue 'scan;
                }
            }
        }
        let Some(c) = rest.chars().next() else { break };
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(value)
    }
}

/// `text` after `word` when it starts with that whole word (case as written, or with a
/// capital first letter).
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let after = text.strip_prefix(word).or_else(|| {
        let mut cap = word.to_string();
        cap[..1].make_ascii_uppercase();
        text.strip_prefix(cap.as_str())
    })?;
    let boundary = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
    boundary.then_some(after)
}

/// `value` in at most `max` cells (see the module docs).
pub fn fit_value(value: &str, max: usize) -> String {
    if width(value) <= max {
        return value.to_string();
    }
    let short = shorten(value);
    if width(&short) <= max {
        return short.into_owned();
    }
    // Whole words, then ` …`; if that leaves out the first figure, whole words then `…`;
    // failing that, whole words even without it (it is in the detail), never half a figure.
    let has_digit = |t: &str| t.contains(|c: char| c.is_ascii_digit());
    let mut fallback = None;
    for gap in [" ", ""] {
        let head = words_within(&short, max.saturating_sub(width(gap) + 1));
        if head.is_empty() {
            continue;
        }
        if has_digit(head) || !has_digit(&short) {
            return format!("{head}{gap}{ELLIPSIS}");
        }
        fallback.get_or_insert_with(|| format!("{head}{gap}{ELLIPSIS}"));
    }
    fallback.unwrap_or_else(|| fit(&short, max))
}

/// `text` in at most `max` cells, cut only between words (then ` …`), never shortened: a
/// prefix of the text, so character positions in it (highlights) stay right. A single
/// word longer than the room is cut as text.
pub fn cut_between_words(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let head = words_within(text, max.saturating_sub(2));
    if head.is_empty() {
        return fit(text, max);
    }
    format!("{head} {ELLIPSIS}")
}

/// The longest run of `text`'s first words that fits in `room` cells (trailing space
/// trimmed).
fn words_within(text: &str, room: usize) -> &str {
    let mut kept = 0;
    for word in text.split_inclusive(' ') {
        if width(text[..kept + word.len()].trim_end()) > room {
            break;
        }
        kept += word.len();
    }
    // A separator left at the end says nothing (`a | b | …` reads `a | b …`), and neither
    // does a currency without its figure (`~$6.0B (RMB …` reads `~$6.0B …`).
    let mut head = text[..kept].trim_end();
    loop {
        let trimmed = head.trim_end_matches(['|', ',', ';', '—', '–']).trim_end();
        let last = trimmed.rsplit(' ').next().unwrap_or("");
        let bare_currency = starts_figure(last) && !last.contains(|c: char| c.is_ascii_digit());
        if bare_currency && last.len() < trimmed.len() {
            head = trimmed[..trimmed.len() - last.len()].trim_end();
        } else {
            break trimmed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_around_figures_shorten_and_nothing_else_does() {
        assert_eq!(shorten("approximately $11.5 billion"), "~$11.5B");
        assert_eq!(shorten("more than $130 billion"), ">$130B");
        assert_eq!(
            shorten("RMB 1,023,670 million (about $148.4 billion)"),
            "RMB 1,023,670M (~$148.4B)"
        );
        assert_eq!(shorten("Around 20 per cent"), "~20%");
        assert_eq!(shorten("1M tokens"), "1M");
        assert_eq!(shorten("CEO since September 2023"), "CEO since Sep 2023");
        assert_eq!(shorten("a May 2024 launch"), "a May 2024 launch");
        assert_eq!(shorten("in March, then"), "in March, then");
        // Not before or after a figure: left alone.
        assert_eq!(shorten("about the cloud"), "about the cloud");
        assert_eq!(shorten("over a billion users"), "over a billion users");
        assert!(matches!(shorten("RMB 8,971M"), Cow::Borrowed(_)));
        // Not inside a word.
        assert_eq!(shorten("aboutness 5"), "aboutness 5");
        assert_eq!(shorten("5 billionaires"), "5 billionaires");
    }

    #[test]
    fn a_value_is_shortened_then_cut_between_words_never_inside_a_figure() {
        assert_eq!(fit_value("RMB 8,971M", 20), "RMB 8,971M");
        assert_eq!(fit_value("approximately $11.5 billion", 20), "~$11.5B");
        assert_eq!(
            fit_value("RMB 41,626M (~$6.0B) | $6.0B+ | $4B+ per quarter", 31),
            "RMB 41,626M (~$6.0B) | $6.0B+ …"
        );
        assert_eq!(
            fit_value("RMB 41,626M (~$6.0B) | $6.0B+ | $4B+ per quarter", 30),
            "RMB 41,626M (~$6.0B) …"
        );
        assert_eq!(fit_value("RMB 41,626M (~$6.0B)", 14), "RMB 41,626M …");
        // A currency is not left without its figure.
        assert_eq!(fit_value("~$6.0B (RMB 41,626M), +38% YoY", 16), "~$6.0B …");
        // Where ` …` would leave out the figure, `…` alone.
        assert_eq!(fit_value("RMB 41,626M (~$6.0B)", 12), "RMB 41,626M…");
        // A figure that cannot be shown whole is left out, not cut.
        assert_eq!(
            fit_value("Group CEO since Sep 2023", 22),
            "Group CEO since Sep …"
        );
        // A single word that does not fit: cut as text, the last resort.
        assert_eq!(fit_value("Qwen3-235B-A22B", 8), "Qwen3-2…");
        for max in 3..40 {
            let v = "RMB 1,023,670 million (about $148.4 billion)";
            let got = fit_value(v, max);
            assert!(width(&got) <= max, "{max}: {got}");
        }
    }
}
