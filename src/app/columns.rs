//! The columns of each tab's table: what a cell shows and how the column sorts. Read by the
//! app (to sort) and by the renderer (to draw), so the two always agree.

use std::cmp::Ordering;

use crate::kb::{Entry, KnowledgeBase, Tab};

/// How a column orders its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Text,
    Date,
    /// The number the cell starts with, scaled by its unit word (`235B`, `1M`, `131,000`).
    Number,
    Severity,
    /// Not sortable (the overview card).
    None,
}

/// How a column's cells are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// The cell's text.
    Text,
    /// A model's size as a bar on the log scale every row shares, with its figures
    /// (`ui::chart::size_bar`); the text where the size cannot be read.
    ModelSize,
}

pub struct Column {
    pub title: &'static str,
    /// Width in cells below which the column is dropped rather than shrunk.
    pub min: u16,
    /// Preferred width in cells; the last column takes what is left.
    pub width: u16,
    pub cell: fn(&KnowledgeBase, &Entry) -> String,
    pub sort: SortBy,
    pub kind: ColumnKind,
}

fn field(e: &Entry, key: &str) -> String {
    e.field(key).map(|f| f.value.summary()).unwrap_or_default()
}

fn title(_: &KnowledgeBase, e: &Entry) -> String {
    e.title.clone()
}
fn date(_: &KnowledgeBase, e: &Entry) -> String {
    e.date.map(|d| d.to_string()).unwrap_or_default()
}
fn key_value(_: &KnowledgeBase, e: &Entry) -> String {
    e.key_value.clone()
}

const fn col(
    title: &'static str,
    (min, width): (u16, u16),
    cell: fn(&KnowledgeBase, &Entry) -> String,
    sort: SortBy,
) -> Column {
    Column {
        title,
        min,
        width,
        cell,
        sort,
        kind: ColumnKind::Text,
    }
}

const OVERVIEW: &[Column] = &[
    col("Fact", (14, 28), title, SortBy::None),
    col("Value", (12, 40), |_, e| field(e, "value"), SortBy::None),
];
const TIMELINE: &[Column] = &[
    col("Date", (11, 11), date, SortBy::Date),
    col("Event", (16, 40), title, SortBy::Text),
    col("Kind", (6, 10), |_, e| field(e, "category"), SortBy::Text),
];
/// Total and active parameters as text: what the size column sorts by, and shows where a
/// size cannot be drawn.
fn params(_: &KnowledgeBase, e: &Entry) -> String {
    match (field(e, "params_total"), field(e, "params_active")) {
        (t, a) if a.is_empty() => t,
        (t, a) if t.is_empty() => format!("? / {a}"),
        (t, a) => format!("{t} / {a}"),
    }
}

/// Family last: the model's name usually says it, and the size column needs the room.
const MODELS: &[Column] = &[
    col("Model", (14, 20), title, SortBy::Text),
    col("Released", (11, 11), date, SortBy::Date),
    Column {
        kind: ColumnKind::ModelSize,
        ..col("Params", (18, 26), params, SortBy::Number)
    },
    col(
        "Context",
        (7, 9),
        |_, e| field(e, "context"),
        SortBy::Number,
    ),
    col(
        "Licence / access",
        (10, 16),
        |_, e| {
            let l = field(e, "licence");
            if l.is_empty() { field(e, "access") } else { l }
        },
        SortBy::Text,
    ),
    col("Family", (6, 9), |_, e| field(e, "family"), SortBy::Text),
];
const FINANCES: &[Column] = &[
    col("Metric", (14, 28), title, SortBy::Text),
    col("Period", (11, 11), date, SortBy::Date),
    col(
        "Value",
        (12, 26),
        |_, e| {
            let v = field(e, "value");
            let u = field(e, "unit");
            if u.is_empty() || v.chars().any(char::is_alphabetic) {
                v
            } else {
                format!("{v} {u}")
            }
        },
        SortBy::Number,
    ),
    col("Change", (8, 12), |_, e| field(e, "change"), SortBy::Number),
];
const RISKS: &[Column] = &[
    col(
        "Severity",
        (8, 9),
        |_, e| e.severity.map(|s| s.name().to_string()).unwrap_or_default(),
        SortBy::Severity,
    ),
    col(
        "Category",
        (10, 14),
        |_, e| field(e, "category"),
        SortBy::Text,
    ),
    col("Risk", (16, 40), title, SortBy::Text),
];
const PEOPLE: &[Column] = &[
    col("Name", (12, 20), title, SortBy::Text),
    col("Role", (12, 36), |_, e| field(e, "role"), SortBy::Text),
    col(
        "Organisation",
        (10, 20),
        |_, e| field(e, "organisation"),
        SortBy::Text,
    ),
];
const COMPETITORS: &[Column] = &[
    col("Competitor", (12, 22), title, SortBy::Text),
    col("Owner · threat", (12, 40), key_value, SortBy::Text),
];
const PRODUCTS: &[Column] = &[
    col("Product", (12, 24), title, SortBy::Text),
    col(
        "Category",
        (10, 30),
        |_, e| field(e, "category"),
        SortBy::Text,
    ),
];
const SOURCES: &[Column] = &[
    col("Document", (16, 40), title, SortBy::Text),
    col(
        "Publisher",
        (10, 22),
        |_, e| field(e, "publisher"),
        SortBy::Text,
    ),
    col("Dated", (11, 11), date, SortBy::Date),
    col(
        "Cited by",
        (8, 8),
        |kb, e| {
            e.sources
                .first()
                .map_or(0, |&s| kb.citations(s))
                .to_string()
        },
        SortBy::Number,
    ),
];

pub fn columns(tab: Tab) -> &'static [Column] {
    match tab {
        Tab::Overview => OVERVIEW,
        Tab::Timeline => TIMELINE,
        Tab::Models => MODELS,
        Tab::Finances => FINANCES,
        Tab::Risks => RISKS,
        Tab::People => PEOPLE,
        Tab::Competitors => COMPETITORS,
        Tab::Products => PRODUCTS,
        Tab::Sources => SOURCES,
    }
}

/// The default sort of a tab: (column, descending).
pub fn default_sort(tab: Tab) -> (usize, bool) {
    match tab {
        Tab::Timeline => (0, true),
        Tab::Models => (1, true),
        Tab::Finances => (0, false),
        Tab::Risks => (0, true),
        _ => (usize::MAX, false), // file order
    }
}

/// The number a text starts with, scaled by the unit word after it: `235 billion` and
/// `235B` → 2.35e11, `262K` → 262000, `+38%` → 38, `RMB 41,626M` → 4.1626e10.
pub fn number_in(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let negative = text[..start].ends_with('-') || text[..start].ends_with('−');
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let n: f64 = rest[..end].replace(',', "").parse().ok()?;
    let unit = rest[end..].trim_start().to_ascii_lowercase();
    let scale = if unit.starts_with("trillion") || unit.starts_with('t') {
        1e12
    } else if unit.starts_with("billion") || unit.starts_with("bn") || unit.starts_with('b') {
        1e9
    } else if unit.starts_with("million") || unit.starts_with('m') {
        1e6
    } else if unit.starts_with("thousand") || unit.starts_with('k') {
        1e3
    } else {
        1.0
    };
    Some(if negative { -n * scale } else { n * scale })
}

/// A row's value in a sorted column, computed once per sort.
#[derive(Clone, Debug, PartialEq, PartialOrd)]
pub enum SortKey {
    Date(Option<(i32, i32)>),
    Number(Option<f64>),
    Text(String),
    Severity(Option<crate::kb::Severity>),
    None,
}

pub fn sort_key(kb: &KnowledgeBase, column: &Column, e: &Entry) -> SortKey {
    match column.sort {
        SortBy::Date => SortKey::Date(e.date_key),
        SortBy::Number => SortKey::Number(number_in(&(column.cell)(kb, e))),
        SortBy::Text => {
            let t = (column.cell)(kb, e).to_lowercase();
            SortKey::Text(t)
        }
        SortBy::Severity => SortKey::Severity(e.severity),
        SortBy::None => SortKey::None,
    }
}

/// Compares two keys; empty values sort last whatever the direction.
pub fn compare(a: &SortKey, b: &SortKey, desc: bool) -> Ordering {
    fn last<T>(x: &Option<T>, y: &Option<T>, both: impl FnOnce(&T, &T) -> Ordering) -> Ordering {
        match (x, y) {
            (Some(x), Some(y)) => both(x, y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let dir = |o: Ordering| if desc { o.reverse() } else { o };
    match (a, b) {
        (SortKey::Date(x), SortKey::Date(y)) => last(x, y, |x, y| dir(x.cmp(y))),
        (SortKey::Number(x), SortKey::Number(y)) => last(x, y, |x, y| dir(x.total_cmp(y))),
        (SortKey::Severity(x), SortKey::Severity(y)) => last(x, y, |x, y| dir(x.cmp(y))),
        (SortKey::Text(x), SortKey::Text(y)) => match (x.is_empty(), y.is_empty()) {
            (false, true) => Ordering::Less,
            (true, false) => Ordering::Greater,
            _ => dir(x.cmp(y)),
        },
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::number_in;

    #[test]
    fn numbers_scale_by_their_unit_words() {
        assert_eq!(number_in("235 billion"), Some(235e9));
        assert_eq!(number_in("235B"), Some(235e9));
        assert_eq!(number_in("262K"), Some(262e3));
        assert_eq!(number_in("RMB 41,626M (~$6.0B)"), Some(41_626e6));
        assert_eq!(number_in("+38% YoY"), Some(38.0));
        assert_eq!(number_in("-5.3%"), Some(-5.3));
        assert_eq!(number_in("open weights"), None);
        assert!(number_in("0.6B").unwrap() < number_in("32B").unwrap());
    }
}
