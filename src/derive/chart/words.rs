//! The words a figure's text may use around its number: approximation and bound words,
//! currencies, magnitudes, and the reading of an entry's `unit` text.

use super::figure::Bound;

/// Words allowed before a number, longest first within each meaning.
pub(super) const BOUND_WORDS: &[(&str, Bound)] = &[
    ("approximately", Bound::About),
    ("approx.", Bound::About),
    ("approx", Bound::About),
    ("about", Bound::About),
    ("around", Bound::About),
    ("roughly", Bound::About),
    ("nearly", Bound::About),
    ("almost", Bound::About),
    ("circa", Bound::About),
    ("some", Bound::About),
    ("~", Bound::About),
    ("≈", Bound::About),
    ("more than", Bound::MoreThan),
    ("greater than", Bound::MoreThan),
    ("over", Bound::MoreThan),
    ("above", Bound::MoreThan),
    ("at least", Bound::AtLeast),
    (">=", Bound::AtLeast),
    ("≥", Bound::AtLeast),
    (">", Bound::MoreThan),
    ("less than", Bound::LessThan),
    ("fewer than", Bound::LessThan),
    ("under", Bound::LessThan),
    ("below", Bound::LessThan),
    ("up to", Bound::AtMost),
    ("at most", Bound::AtMost),
    ("<=", Bound::AtMost),
    ("≤", Bound::AtMost),
    ("<", Bound::LessThan),
];

/// Currency words and signs, before or after the number.
pub(super) const CURRENCIES: &[(&str, &str)] = &[
    ("us$", "USD"),
    ("usd", "USD"),
    ("hk$", "HKD"),
    ("hkd", "HKD"),
    ("$", "USD"),
    ("rmb", "RMB"),
    ("cny", "RMB"),
    ("yuan", "RMB"),
    ("eur", "EUR"),
    ("€", "EUR"),
    ("gbp", "GBP"),
    ("£", "GBP"),
    ("jpy", "JPY"),
    ("yen", "JPY"),
    ("¥", "¥"),
];

/// Words after a number that are not the name of what it counts.
pub(super) const NOT_A_UNIT: &[&str] = &[
    "per", "a", "an", "the", "of", "in", "for", "and", "or", "to", "from", "yoy", "qoq", "mom",
    "year", "on", "as", "at", "by", "with",
];

/// Strips `prefix` (lowercase) from the start of `s` (lowercase); a word prefix must end
/// at a word boundary.
pub(super) fn strip<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(prefix)?;
    let wordy = prefix.chars().last().is_some_and(char::is_alphabetic);
    if wordy && rest.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(rest)
}

pub(super) const MAGNITUDES: &[(&str, f64, &str)] = &[
    ("thousand", 1e3, "K"),
    ("million", 1e6, "M"),
    ("billion", 1e9, "B"),
    ("trillion", 1e12, "T"),
    ("bn", 1e9, "B"),
    ("mn", 1e6, "M"),
    ("tn", 1e12, "T"),
];

/// The magnitude right after a number: a letter attached to it (`41,626M`, `1.5B`, `262K`)
/// or a word (`11.5 billion`, `5 bn`). Returns the scale, its letter and the rest.
pub(super) fn magnitude(after: &str) -> (f64, &'static str, &str) {
    let attached: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    let letter = match attached.as_str() {
        "k" | "K" => Some((1e3, "K")),
        "m" | "M" => Some((1e6, "M")),
        "b" | "B" => Some((1e9, "B")),
        "t" | "T" => Some((1e12, "T")),
        _ => None,
    };
    if let Some((scale, l)) = letter {
        return (scale, l, &after[attached.len()..]);
    }
    let trimmed = after.trim_start();
    let lower = trimmed.to_lowercase();
    for &(word, scale, l) in MAGNITUDES {
        if let Some(r) = strip(&lower, word) {
            // The same number of bytes in the original text (ASCII words).
            let used = lower.len() - r.len();
            return (scale, l, &trimmed[used..]);
        }
    }
    (1.0, "", after)
}

pub(super) fn magnitude_letter(scale: f64) -> &'static str {
    MAGNITUDES.iter().find(|m| m.1 == scale).map_or("", |m| m.2)
}

/// The currency and scale an entry's `unit` text names (`RMB million` → RMB, 1e6); `None`
/// when it names two currencies or nothing known.
pub(super) fn unit_hint(unit: &str) -> Option<(Option<&'static str>, f64)> {
    let lower = unit.to_lowercase();
    let mut found: Vec<&'static str> = Vec::new();
    let mut scale = 1.0;
    for word in lower.split(|c: char| c.is_whitespace() || c == '/' || c == ',') {
        if let Some(&(_, c)) = CURRENCIES.iter().find(|(w, _)| *w == word) {
            if !found.contains(&c) {
                found.push(c);
            }
        } else if let Some(&(_, s, _)) = MAGNITUDES.iter().find(|(w, _, _)| *w == word) {
            scale = s;
        }
    }
    match found.as_slice() {
        [] if scale != 1.0 => Some((None, scale)),
        [c] => Some((Some(c), scale)),
        _ => None,
    }
}
