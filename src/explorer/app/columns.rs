//! The columns of each tab's table: what a cell shows and how the column sorts. Read by the
//! app (to sort) and by the renderer (to draw), so the two always agree.

use std::cmp::Ordering;

use crate::kb::{Entry, KnowledgeBase, Tab};

/// Cells for the size bar the models' column asks for when there is room (drawn by
/// `ui::chart::size_bar`).
pub const GOOD_BAR: usize = 16;

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
    /// Width in cells below which the column is dropped rather than shrunk. (What it asks
    /// for beyond that is measured from its cells: [`natural_widths`].)
    pub min: u16,
    pub cell: fn(&KnowledgeBase, &Entry) -> String,
    pub sort: SortBy,
    pub kind: ColumnKind,
    /// Which columns stay longest at narrow sizes and grow first (`ui::table`).
    pub keep: u8,
    /// The column holds the answer (a figure, a role): it is never cut inside a figure
    /// (`ui::value_fit`) and gets its room first.
    pub value: bool,
    /// Every cell needs its whole width (an id): the column asks for its widest cell
    /// first, not for what most cells need.
    pub whole: bool,
}

impl Column {
    const fn keep(self, keep: u8) -> Column {
        Column { keep, ..self }
    }
    /// Cells that mean nothing cut (ids).
    const fn whole(self) -> Column {
        Column {
            whole: true,
            ..self
        }
    }
    /// The answer's column: kept longest, grown first.
    const fn value(self) -> Column {
        Column {
            value: true,
            keep: 9,
            ..self
        }
    }
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
    min: u16,
    cell: fn(&KnowledgeBase, &Entry) -> String,
    sort: SortBy,
) -> Column {
    Column {
        title,
        min,
        cell,
        sort,
        kind: ColumnKind::Text,
        keep: 2,
        value: false,
        whole: false,
    }
}

fn overview_name(kb: &KnowledgeBase, e: &Entry) -> String {
    match e.tab {
        Tab::Timeline => date(kb, e),
        _ => e.title.clone(),
    }
}
fn overview_value(_: &KnowledgeBase, e: &Entry) -> String {
    match e.tab {
        Tab::Overview => field(e, "value"),
        Tab::Timeline => e.title.clone(),
        _ => e.key_value.clone(),
    }
}

const OVERVIEW: &[Column] = &[
    // An event under "Latest events" shows its date and title; a product its name and
    // what it is.
    col("Fact", 14, overview_name, SortBy::None).keep(5),
    col("Value", 18, overview_value, SortBy::None).value(),
];
const TIMELINE: &[Column] = &[
    col("Date", 11, date, SortBy::Date).keep(4),
    col("Event", 20, title, SortBy::Text).keep(5),
    col("Kind", 6, |_, e| field(e, "category"), SortBy::Text).keep(1),
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
    col("Model", 14, title, SortBy::Text).keep(8),
    col("Released", 11, date, SortBy::Date).keep(3),
    Column {
        kind: ColumnKind::ModelSize,
        ..col("Params", 12, params, SortBy::Number).value()
    },
    col("Context", 7, |_, e| field(e, "context"), SortBy::Number)
        .value()
        .keep(7),
    col(
        "Licence / access",
        10,
        |_, e| {
            let l = field(e, "licence");
            if l.is_empty() { field(e, "access") } else { l }
        },
        SortBy::Text,
    ),
    col("Family", 6, |_, e| field(e, "family"), SortBy::Text).keep(1),
];
const FINANCES: &[Column] = &[
    col("Metric", 14, title, SortBy::Text).keep(8),
    col("Period", 11, date, SortBy::Date).keep(3),
    col(
        "Value",
        12,
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
    )
    .value(),
    col("Change", 8, |_, e| field(e, "change"), SortBy::Number)
        .value()
        .keep(4),
];
const RISKS: &[Column] = &[
    col(
        "Severity",
        8,
        |_, e| e.severity.map(|s| s.name().to_string()).unwrap_or_default(),
        SortBy::Severity,
    )
    .keep(4),
    col("Category", 10, |_, e| field(e, "category"), SortBy::Text),
    col("Risk", 20, title, SortBy::Text).keep(9),
];
const PEOPLE: &[Column] = &[
    col("Name", 12, title, SortBy::Text).keep(8),
    col("Role", 18, |_, e| field(e, "role"), SortBy::Text).value(),
    col(
        "Organisation",
        10,
        |_, e| field(e, "organisation"),
        SortBy::Text,
    ),
];
const COMPETITORS: &[Column] = &[
    col("Competitor", 12, title, SortBy::Text).keep(8),
    col("Owner · threat", 18, key_value, SortBy::Text).value(),
];
const PRODUCTS: &[Column] = &[
    col("Product", 12, title, SortBy::Text).keep(8),
    col("Category", 10, |_, e| field(e, "category"), SortBy::Text),
];
const SOURCES: &[Column] = &[
    // The id every citation uses (`[provider-guide]`).
    col("Id", 10, |_, e| format!("[{}]", e.id), SortBy::Text)
        .value()
        .whole(),
    col("Document", 16, title, SortBy::Text).keep(8),
    col("Publisher", 10, |_, e| field(e, "publisher"), SortBy::Text),
    col("Dated", 11, date, SortBy::Date).keep(3),
    col(
        "Cited by",
        8,
        |kb, e| {
            e.sources
                .first()
                .map_or(0, |&s| kb.citations(s))
                .to_string()
        },
        SortBy::Number,
    ),
];

/// The widest a column's cells get: no column asks for more.
const MAX_NATURAL: usize = 80;
/// At most this many cells of a column are measured (an even sample of a larger tab).
const NATURAL_SAMPLE: usize = 2048;

/// What a column's cells need: `whole`, its widest cell; `short`, what nine in ten of its
/// cells need (for the answer's column, shortened: `ui::value_fit::shorten`) — a rare long
/// cell does not take the room of the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Natural {
    pub whole: u16,
    pub short: u16,
}

/// For each column of `tab`, what its cells over `entries` need (at least its title, at
/// most [`MAX_NATURAL`]); a size column drawn as bars asks for a good bar and the widest
/// figures.
pub fn natural_widths<'c>(
    kb: &KnowledgeBase,
    entries: &[usize],
    tab: Tab,
    charts: &dyn Fn() -> &'c crate::derive::chart::Charts,
) -> Vec<Natural> {
    use crate::text::value_fit::shorten;
    use crate::text::width::width;
    columns(tab)
        .iter()
        .map(|c| {
            let floor = width(c.title);
            let bars = (c.kind == ColumnKind::ModelSize && charts().sizes.scale.is_some())
                .then(|| GOOD_BAR + 1 + charts().sizes.label_width.max(6));
            // A large tab is measured on an even sample: the first frame must not wait
            // for every cell of 25,000 rows (85 ms; sampled, a few).
            let step = entries.len().div_ceil(NATURAL_SAMPLE).max(1);
            let cells: Vec<String> = entries
                .iter()
                .step_by(step)
                .map(|&e| (c.cell)(kb, &kb.entries[e]))
                .collect();
            let whole = bars
                .unwrap_or_else(|| cells.iter().map(|t| width(t)).max().unwrap_or(0))
                .max(floor)
                .min(MAX_NATURAL);
            let short = if bars.is_some() || c.whole {
                whole
            } else {
                let mut ws: Vec<usize> = cells
                    .iter()
                    .map(|t| {
                        if c.value {
                            width(&shorten(t))
                        } else {
                            width(t)
                        }
                    })
                    .collect();
                ws.sort_unstable();
                let p90 = ws
                    .get(ws.len().saturating_sub(1) * 9 / 10)
                    .copied()
                    .unwrap_or(0);
                p90.max(floor).min(whole)
            };
            Natural {
                whole: whole as u16,
                short: short as u16,
            }
        })
        .collect()
}

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
