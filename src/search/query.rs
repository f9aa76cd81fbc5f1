//! The query language, fzf's with field filters added. Whitespace separates tokens, and
//! every token must hold for an entry to match:
//!
//! | token | matches an entry whose… |
//! |---|---|
//! | `qwn3` | a word: ranked by how well the entry's words match it (see [`super::rank`]) |
//! | `'moe` | text contains `moe` as written |
//! | `^qwen` | title, an alias or a tag starts with `qwen` |
//! | `max$` | title, an alias or a tag ends with `max` |
//! | `^qwen3$` | title, an alias or a tag is `qwen3` |
//! | `!beta` | text does not contain `beta` (also `!^x`, `!x$`, `!^x$`) |
//! | `tab:models` | entry is in that tab (a unique prefix works) |
//! | `year:2025`, `year:2023..2025`, `year:2024..`, `year:..2024` | date, or a claim's date, falls in those years |
//! | `tag:open` | has a tag starting with `open` |
//! | `source:reuters` | cites a source whose id starts with `reuters` |
//! | `is:disputed` | has claims that disagree |
//! | `is:stale` | is older than the stale horizon (see [`crate::kb::age`]) |
//!
//! A filter can be negated too (`!tab:risks`). Case is smart, as in fzf: a needle with a
//! capital letter matches case exactly, else case is ignored. A token that is only an
//! operator (`!`, `'`, `^`), or a filter with no value yet (`tab:`), asks nothing, so a
//! query being typed never flashes empty. A filter that can match nothing because its value
//! is wrong (`tab:nope`, `tag:` of a tag no entry has) makes the query match nothing and
//! says why (see [`SearchIndex::query_problems`]).

use super::SearchIndex;
use super::index::Doc;
use super::pattern::Term;
use crate::kb::Tab;
use crate::text::words::words;

/// The syntax, for the help overlay (the README says the same at more length).
pub const SYNTAX: &[(&str, &str)] = &[
    (
        "qwen3 ctx",
        "words: exact, start, one slip, abbreviation, synonym",
    ),
    (
        "who is cto",
        "more and rarer words first; question words only steer",
    ),
    ("'moe", "exact: as written"),
    (
        "^qwen  max$",
        "a name (title, alias, tag) starts / ends with it",
    ),
    ("^qwen3$", "a name is exactly it"),
    ("!beta", "leave out what contains it (also !^x, !x$)"),
    ("tab:models", "only this tab (a prefix works)"),
    (
        "year:2025",
        "dated in that year; also 2023..2025, 2024.., ..2024",
    ),
    ("tag:open", "has a tag starting with it"),
    ("source:cxo", "cites a source whose id starts with it"),
    ("is:disputed", "its sources disagree"),
    ("is:stale", "older than the stale horizon (marked ~)"),
    ("!tab:risks", "`!` negates a filter too"),
    ("Qwen", "a capital letter makes case count"),
];

/// How a pattern's needle must occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A word, matched by the ranked word search.
    Fuzzy,
    /// As written, anywhere (`'x`; also every excluded pattern `!x`).
    Exact,
    /// At the start of the title, an alias or a tag (`^x`).
    Prefix,
    /// At the end of the title, an alias or a tag (`x$`).
    Suffix,
    /// The whole title, an alias or a tag (`^x$`).
    Whole,
}

/// A condition on what an entry is rather than on its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Filter {
    Tab(Tab),
    /// Inclusive.
    Years(i32, i32),
    /// A tag starting with this (lowercase).
    Tag(String),
    /// Cites one of these sources (indices, ascending).
    Sources(Vec<u32>),
    Disputed,
    /// Older than the stale horizon: measured from before this day.
    Stale(i64),
}

/// The longest query searched, in characters: a longer one (a paste) is cut here, so the
/// work of one query stays bounded. The search and filter boxes stop taking characters at
/// this length and say so.
pub const MAX_QUERY_CHARS: usize = 256;

/// `text` cut to [`MAX_QUERY_CHARS`] characters, and whether it was cut.
pub fn capped(text: &str) -> (&str, bool) {
    match text.char_indices().nth(MAX_QUERY_CHARS) {
        Some((at, _)) => (&text[..at], true),
        None => (text, false),
    }
}

/// The field names a filter can start with.
const FIELDS: [&str; 5] = ["tab", "year", "tag", "source", "is"];

/// What one token of a query asks, before its needle is looked up in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape<'a> {
    /// Nothing yet (an operator alone, a filter without a value).
    Empty,
    Match(Kind, &'a str),
    Exclude(Kind, &'a str),
    Filter {
        negated: bool,
        field: &'a str,
        value: &'a str,
    },
}

/// Reads one token's operators.
pub(super) fn shape(token: &str) -> Shape<'_> {
    let (negated, rest) = match token.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    if let Some((field, value)) = rest.split_once(':')
        && FIELDS.iter().any(|f| f.eq_ignore_ascii_case(field))
    {
        return if value.is_empty() {
            Shape::Empty
        } else {
            Shape::Filter {
                negated,
                field,
                value,
            }
        };
    }
    let (kind, needle) = pattern(rest, negated);
    match (needle.is_empty(), negated) {
        (true, _) => Shape::Empty,
        (false, true) => Shape::Exclude(kind, needle),
        (false, false) => Shape::Match(kind, needle),
    }
}

/// The kind and needle of a pattern (without its `!`). Excluded patterns are exact, as in
/// fzf: `!beta` leaves out what contains `beta`, not what has its letters somewhere.
fn pattern(text: &str, excluded: bool) -> (Kind, &str) {
    let (anchored, rest) = match text.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (ends, rest) = match rest.strip_suffix('$') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    match (anchored, ends) {
        (true, true) => (Kind::Whole, rest),
        (true, false) => (Kind::Prefix, rest),
        (false, true) => (Kind::Suffix, rest),
        (false, false) => match rest.strip_prefix('\'') {
            Some(r) => (Kind::Exact, r),
            None if excluded => (Kind::Exact, rest),
            None => (Kind::Fuzzy, rest),
        },
    }
}

/// A parsed query: the words to rank by, the patterns that must hold, what is left out,
/// and what is filtered on.
#[derive(Clone, Debug, Default)]
pub(super) struct Query {
    /// The words, lowercase, each with its case as typed when that has a capital letter
    /// (smart case).
    pub words: Vec<(String, Option<String>)>,
    /// The last word is still being typed (no space after it): it may start a word.
    pub typing: bool,
    /// Operator patterns (`'x`, `^x`, `x$`, `^x$`), each of which must hold.
    pub patterns: Vec<Term>,
    pub exclude: Vec<Term>,
    /// Each filter, and whether it is negated.
    pub filters: Vec<(bool, Filter)>,
    /// Why the query can match nothing (a filter's value names nothing).
    pub problems: Vec<String>,
}

impl Query {
    /// Asks nothing at all: matches nothing (an empty search box shows no results).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.patterns.is_empty()
            && self.exclude.is_empty()
            && self.filters.is_empty()
            && self.problems.is_empty()
    }

    /// Only filters: the hits are listed in tab and file order, unscored.
    pub fn filters_only(&self) -> bool {
        self.words.is_empty() && self.patterns.is_empty()
    }
}

impl Query {
    /// Does the entry pass every filter? Cheap: no text is read.
    pub fn filters_pass(&self, doc: &Doc) -> bool {
        self.problems.is_empty()
            && self
                .filters
                .iter()
                .all(|(negated, f)| f.holds(doc) != *negated)
    }
}

impl Filter {
    fn holds(&self, doc: &Doc) -> bool {
        match self {
            Filter::Tab(t) => doc.tab == *t,
            Filter::Years(from, to) => {
                let i = doc.years.partition_point(|y| y < from);
                doc.years.get(i).is_some_and(|y| y <= to)
            }
            Filter::Tag(prefix) => doc.tags.iter().any(|t| t.starts_with(prefix.as_str())),
            Filter::Sources(ids) => doc.sources.iter().any(|s| ids.binary_search(s).is_ok()),
            Filter::Disputed => doc.disputed,
            Filter::Stale(before) => doc.stale_key.is_some_and(|day| day < *before),
        }
    }
}

impl SearchIndex {
    /// Parses a query against this index (corrections come from its words; tags and
    /// sources are looked up in it).
    pub(super) fn query(&self, text: &str) -> Query {
        let (text, _) = capped(text);
        let mut q = Query {
            typing: !text.ends_with(char::is_whitespace),
            ..Query::default()
        };
        for token in text.split_whitespace() {
            match shape(token) {
                Shape::Empty => {}
                Shape::Match(Kind::Fuzzy, needle) => {
                    // One typed token can hold several words (`qwen3.5-omni`, `$6.0B`).
                    for w in words(needle) {
                        let typed = &needle[w.start..w.end];
                        let case = exact_case_of(typed);
                        q.words.push((w.text, case));
                    }
                }
                Shape::Match(kind, needle) => q.patterns.push(Term::with_kind(needle, kind)),
                Shape::Exclude(kind, needle) => q.exclude.push(Term::with_kind(needle, kind)),
                Shape::Filter {
                    negated,
                    field,
                    value,
                } => match self.filter(field, value) {
                    Ok(f) => q.filters.push((negated, f)),
                    Err(why) => q.problems.push(format!("{token}: {why}")),
                },
            }
        }
        // Only the last word can still be growing, and only while it ends the query
        // (`+38%` is a finished figure).
        let last_word_ends = text
            .split_whitespace()
            .last()
            .is_some_and(|t| match shape(t) {
                Shape::Match(Kind::Fuzzy, needle) => {
                    words(needle).last().is_some_and(|w| w.end == needle.len())
                }
                _ => false,
            });
        q.typing = q.typing && last_word_ends;
        q
    }

    /// Why `query` can match nothing, if a filter's value names nothing: one message per
    /// such filter, for the search box (and `search`) to show.
    pub fn query_problems(&self, query: &str) -> Vec<String> {
        // Only the filters: cheap enough to ask while drawing.
        query
            .split_whitespace()
            .filter_map(|token| match shape(token) {
                Shape::Filter { field, value, .. } => self
                    .filter(field, value)
                    .err()
                    .map(|why| format!("{token}: {why}")),
                _ => None,
            })
            .collect()
    }

    fn filter(&self, field: &str, value: &str) -> Result<Filter, String> {
        let lower = value.to_lowercase();
        match field.to_ascii_lowercase().as_str() {
            "tab" => Tab::parse(value).map(Filter::Tab).ok_or_else(|| {
                let names: Vec<&str> = Tab::ALL.iter().map(|t| t.name()).collect();
                format!(
                    "no tab, or more than one, starts with `{value}` (tabs: {})",
                    names.join(", ")
                )
            }),
            "year" => years(value)
                .map(|(a, b)| Filter::Years(a, b))
                .ok_or_else(|| {
                    format!("`{value}` is not a year or a range (2025, 2023..2025, 2024.., ..2024)")
                }),
            "tag" => {
                let i = self.tags.partition_point(|t| t.as_str() < lower.as_str());
                if self.tags.get(i).is_some_and(|t| t.starts_with(&lower)) {
                    Ok(Filter::Tag(lower))
                } else {
                    Err(format!("no tag starts with `{value}`"))
                }
            }
            "source" => {
                let found: Vec<u32> = (0..self.source_ids.len())
                    .filter(|&s| self.source_ids[s].starts_with(&lower))
                    .map(|s| s as u32)
                    .collect();
                if found.is_empty() {
                    Err(format!(
                        "no source id starts with `{value}` (see the Sources tab)"
                    ))
                } else {
                    Ok(Filter::Sources(found))
                }
            }
            _ => {
                if "disputed".starts_with(&lower) {
                    Ok(Filter::Disputed)
                } else if "stale".starts_with(&lower) {
                    Ok(Filter::Stale(self.stale_before))
                } else {
                    Err("`is:` takes `disputed` or `stale`".to_string())
                }
            }
        }
    }
}

/// The word as typed, when a capital letter in it makes case count (smart case) — not in
/// a figure's unit (`53B`, `262K`): a word of two letters or more.
fn exact_case_of(typed: &str) -> Option<String> {
    let letters = typed.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2 && super::exact::case_matters(typed)).then(|| typed.to_string())
}

/// `2025`, `2023..2025`, `2024..`, `..2024`.
fn years(value: &str) -> Option<(i32, i32)> {
    let year = |s: &str| s.parse::<i32>().ok();
    match value.split_once("..") {
        None => year(value).map(|y| (y, y)),
        Some((a, b)) => {
            let from = if a.is_empty() { i32::MIN } else { year(a)? };
            let to = if b.is_empty() { i32::MAX } else { year(b)? };
            (from <= to && !(a.is_empty() && b.is_empty())).then_some((from, to))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_are_read_as_in_fzf() {
        assert_eq!(shape("qwn3"), Shape::Match(Kind::Fuzzy, "qwn3"));
        assert_eq!(shape("'moe"), Shape::Match(Kind::Exact, "moe"));
        assert_eq!(shape("^qwen"), Shape::Match(Kind::Prefix, "qwen"));
        assert_eq!(shape("max$"), Shape::Match(Kind::Suffix, "max"));
        assert_eq!(shape("^qwen3$"), Shape::Match(Kind::Whole, "qwen3"));
        // An excluded pattern is exact, whatever else it says.
        assert_eq!(shape("!beta"), Shape::Exclude(Kind::Exact, "beta"));
        assert_eq!(shape("!'beta"), Shape::Exclude(Kind::Exact, "beta"));
        assert_eq!(shape("!^beta"), Shape::Exclude(Kind::Prefix, "beta"));
        assert_eq!(shape("!beta$"), Shape::Exclude(Kind::Suffix, "beta"));
        // Only the first `'`, `^`, `$` and `!` are operators.
        assert_eq!(shape("''a"), Shape::Match(Kind::Exact, "'a"));
        assert_eq!(shape("a$$"), Shape::Match(Kind::Suffix, "a$"));
        assert_eq!(shape("!!a"), Shape::Exclude(Kind::Exact, "!a"));
        // `$` starting a figure is text.
        assert_eq!(shape("$6.0B"), Shape::Match(Kind::Fuzzy, "$6.0B"));
    }

    #[test]
    fn an_operator_alone_asks_nothing() {
        for t in [
            "!", "'", "^", "$", "^$", "!^", "!'", "tab:", "!is:", "YEAR:",
        ] {
            assert_eq!(shape(t), Shape::Empty, "{t}");
        }
    }

    #[test]
    fn filters_are_known_field_names_only() {
        assert_eq!(
            shape("tab:models"),
            Shape::Filter {
                negated: false,
                field: "tab",
                value: "models"
            }
        );
        assert_eq!(
            shape("!IS:disputed"),
            Shape::Filter {
                negated: true,
                field: "IS",
                value: "disputed"
            }
        );
        // Any other word with a colon is text to find (`Q4:`, `http://…`).
        assert_eq!(shape("note:x"), Shape::Match(Kind::Fuzzy, "note:x"));
        assert_eq!(shape("Q4:"), Shape::Match(Kind::Fuzzy, "Q4:"));
    }

    #[test]
    fn year_ranges() {
        assert_eq!(years("2025"), Some((2025, 2025)));
        assert_eq!(years("2023..2025"), Some((2023, 2025)));
        assert_eq!(years("2024.."), Some((2024, i32::MAX)));
        assert_eq!(years("..2024"), Some((i32::MIN, 2024)));
        for bad in ["..", "2025..2023", "twenty", "2025-26", "2025..x"] {
            assert_eq!(years(bad), None, "{bad}");
        }
    }
}
