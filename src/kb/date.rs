//! Partial dates: `2025`, `2025-04`, `2025-04-29`, `2025-Q3`, `2025-H1`, `FY2026`,
//! `FY2026-Q4` (also `Q4 FY2026`). They keep their precision when shown and sort by the
//! period they cover.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

use super::node_de::HINT_SEP;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Year(i32),
    Month(i32, u8),
    Day(i32, u8, u8),
    Quarter(i32, u8),
    Half(i32, u8),
    FiscalYear(i32),
    FiscalQuarter(i32, u8),
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub const DATE_FORMS: &str = "2025, 2025-04, 2025-04-29, 2025-Q3, 2025-H1, FY2026 or FY2026-Q4";

pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A month counted from year 0: `year * 12 + (month - 1)`.
type MonthIndex = i32;

impl PartialDate {
    /// Parses one of the accepted forms; the error says what is wrong.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let t = text.trim();
        let upper = t.to_ascii_uppercase();
        let bad = || format!("`{t}` is not a date{HINT_SEP}write dates as one of {DATE_FORMS}");
        let year = |s: &str| -> Result<i32, String> {
            if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse::<i32>().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let small = |s: &str, max: u8, what: &str| -> Result<u8, String> {
            match s.parse::<u8>() {
                Ok(n) if (1..=max).contains(&n) && s.len() <= 2 => Ok(n),
                _ => Err(format!(
                    "`{t}`: {what} must be 1–{max}{HINT_SEP}write dates as one of {DATE_FORMS}"
                )),
            }
        };
        // Q4 FY2026 → FY2026-Q4
        if let Some((q, fy)) = upper.split_once(' ')
            && q.starts_with('Q')
            && fy.starts_with("FY")
        {
            return PartialDate::parse(&format!("{fy}-{q}"));
        }
        if let Some(rest) = upper.strip_prefix("FY") {
            return match rest.split_once(['-', ' ']) {
                None => Ok(PartialDate::FiscalYear(year(rest)?)),
                Some((y, q)) => {
                    let q = q.strip_prefix('Q').ok_or_else(bad)?;
                    Ok(PartialDate::FiscalQuarter(
                        year(y)?,
                        small(q, 4, "the quarter")?,
                    ))
                }
            };
        }
        let parts: Vec<&str> = upper.split('-').collect();
        match parts.as_slice() {
            [y] => Ok(PartialDate::Year(year(y)?)),
            [y, p] if p.starts_with('Q') => Ok(PartialDate::Quarter(
                year(y)?,
                small(&p[1..], 4, "the quarter")?,
            )),
            [y, p] if p.starts_with('H') => {
                Ok(PartialDate::Half(year(y)?, small(&p[1..], 2, "the half")?))
            }
            [y, m] => Ok(PartialDate::Month(year(y)?, small(m, 12, "the month")?)),
            [y, m, d] => {
                let (y, m) = (year(y)?, small(m, 12, "the month")?);
                let max = days_in_month(y, m);
                let d = small(d, max, "the day")?;
                Ok(PartialDate::Day(y, m, d))
            }
            _ => Err(bad()),
        }
    }

    /// The months this date covers, first and last, given the month (1–12) the fiscal
    /// year ends in.
    fn month_range(&self, fiscal_year_end: u8) -> (MonthIndex, MonthIndex) {
        let m = |y: i32, month: u8| y * 12 + i32::from(month) - 1;
        match *self {
            PartialDate::Year(y) => (m(y, 1), m(y, 12)),
            PartialDate::Month(y, mo) | PartialDate::Day(y, mo, _) => (m(y, mo), m(y, mo)),
            PartialDate::Quarter(y, q) => (m(y, 3 * q - 2), m(y, 3 * q)),
            PartialDate::Half(y, h) => (m(y, 6 * h - 5), m(y, 6 * h)),
            PartialDate::FiscalYear(y) => {
                let end = m(y, fiscal_year_end);
                (end - 11, end)
            }
            PartialDate::FiscalQuarter(y, q) => {
                let start = m(y, fiscal_year_end) - 11 + 3 * (i32::from(q) - 1);
                (start, start + 2)
            }
        }
    }

    /// A key that orders dates chronologically: by the start of the period, then shorter
    /// periods first (a month sorts before the quarter and the year that start with it).
    pub fn sort_key(&self, fiscal_year_end: u8) -> (i32, i32) {
        let (start, end) = self.month_range(fiscal_year_end);
        let day = match *self {
            PartialDate::Day(_, _, d) => i32::from(d),
            _ => 0,
        };
        (start * 32 + day, end * 32 + 31)
    }

    /// The first day of the period, as (year, month, day).
    pub fn first_day(&self, fiscal_year_end: u8) -> (i32, u8, u8) {
        if let PartialDate::Day(y, m, d) = *self {
            return (y, m, d);
        }
        let start = self.month_range(fiscal_year_end).0;
        (start.div_euclid(12), start.rem_euclid(12) as u8 + 1, 1)
    }

    /// The last day of the period, as (year, month, day): a day is its own last day, a
    /// month, quarter, half or (fiscal) year ends on the last day of its last month.
    pub fn last_day(&self, fiscal_year_end: u8) -> (i32, u8, u8) {
        if let PartialDate::Day(y, m, d) = *self {
            return (y, m, d);
        }
        let end = self.month_range(fiscal_year_end).1;
        let (y, m) = (end.div_euclid(12), end.rem_euclid(12) as u8 + 1);
        (y, m, days_in_month(y, m))
    }

    /// The first and last month the period covers, counted from year 0
    /// (`year * 12 + month - 1`).
    pub fn months(&self, fiscal_year_end: u8) -> (i32, i32) {
        self.month_range(fiscal_year_end)
    }

    /// The same kind of period (both months, both fiscal quarters…): two figures for
    /// such periods can be compared.
    pub fn same_kind(&self, other: &PartialDate) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// The calendar year the period starts in (for grouping and `year:` filters).
    pub fn year(&self, fiscal_year_end: u8) -> i32 {
        self.month_range(fiscal_year_end).0.div_euclid(12)
    }

    /// The form it is written in a file: `2025-04-29`, `FY2026-Q4`…
    pub fn canonical(&self) -> String {
        match *self {
            PartialDate::Year(y) => format!("{y}"),
            PartialDate::Month(y, m) => format!("{y}-{m:02}"),
            PartialDate::Day(y, m, d) => format!("{y}-{m:02}-{d:02}"),
            PartialDate::Quarter(y, q) => format!("{y}-Q{q}"),
            PartialDate::Half(y, h) => format!("{y}-H{h}"),
            PartialDate::FiscalYear(y) => format!("FY{y}"),
            PartialDate::FiscalQuarter(y, q) => format!("FY{y}-Q{q}"),
        }
    }
}

/// Human form, at the date's own precision: `29 Apr 2025`, `Apr 2025`, `Q4 FY2026`.
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month = |m: u8| MONTHS[usize::from(m.clamp(1, 12)) - 1];
        match *self {
            PartialDate::Year(y) => write!(f, "{y}"),
            PartialDate::Month(y, m) => write!(f, "{} {y}", month(m)),
            PartialDate::Day(y, m, d) => write!(f, "{d} {} {y}", month(m)),
            PartialDate::Quarter(y, q) => write!(f, "Q{q} {y}"),
            PartialDate::Half(y, h) => write!(f, "H{h} {y}"),
            PartialDate::FiscalYear(y) => write!(f, "FY{y}"),
            PartialDate::FiscalQuarter(y, q) => write!(f, "Q{q} FY{y}"),
        }
    }
}

/// Written as in a file (`FY2026-Q4`), which [`PartialDate::parse`] reads back.
impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.canonical())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a date ({DATE_FORMS})")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
        }
        // A text format may spell a year as a number; a binary one (the cache) holds the
        // written form only, and cannot be asked what comes next.
        if d.is_human_readable() {
            d.deserialize_any(V)
        } else {
            d.deserialize_str(V)
        }
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": format!("A date at any precision: {DATE_FORMS} (or Q4 FY2026)."),
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {"type": "string",
                 "pattern": "^([0-9]{4}(-(0?[1-9]|1[0-2])(-[0-9]{1,2})?|-[Qq][1-4]|-[Hh][12])?|[Ff][Yy][0-9]{4}([- ][Qq][1-4])?|[Qq][1-4] [Ff][Yy][0-9]{4})$"}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn every_form_parses_and_keeps_its_precision() {
        for (input, shown, canonical) in [
            ("2025", "2025", "2025"),
            ("2025-04", "Apr 2025", "2025-04"),
            ("2025-04-29", "29 Apr 2025", "2025-04-29"),
            ("2025-q3", "Q3 2025", "2025-Q3"),
            ("2025-H1", "H1 2025", "2025-H1"),
            ("FY2026", "FY2026", "FY2026"),
            ("FY2026-Q4", "Q4 FY2026", "FY2026-Q4"),
            ("Q4 FY2026", "Q4 FY2026", "FY2026-Q4"),
        ] {
            let d = p(input);
            assert_eq!(d.to_string(), shown, "{input}");
            assert_eq!(d.canonical(), canonical, "{input}");
        }
    }

    #[test]
    fn impossible_dates_are_rejected_with_a_reason() {
        assert!(
            PartialDate::parse("2025-13")
                .unwrap_err()
                .contains("month must be 1–12")
        );
        assert!(
            PartialDate::parse("2025-02-30")
                .unwrap_err()
                .contains("day must be 1–28")
        );
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(
            PartialDate::parse("2025-Q5")
                .unwrap_err()
                .contains("quarter")
        );
        assert!(
            PartialDate::parse("April 2025")
                .unwrap_err()
                .contains("not a date")
        );
        assert!(PartialDate::parse("25").is_err());
    }

    #[test]
    fn dates_sort_by_period_then_precision() {
        let fy_end = 3; // fiscal year ends in March
        let mut dates = [
            p("2026"),
            p("FY2026-Q4"), // Jan–Mar 2026
            p("2025-12-31"),
            p("FY2026"), // Apr 2025 – Mar 2026
            p("2025-04"),
            p("2025-04-29"),
            p("2025-Q2"),
            p("2025"),
        ];
        dates.sort_by_key(|d| d.sort_key(fy_end));
        let shown: Vec<String> = dates.iter().map(|d| d.canonical()).collect();
        assert_eq!(
            shown,
            [
                "2025",
                "2025-04",
                "2025-Q2",
                "FY2026",
                "2025-04-29",
                "2025-12-31",
                "FY2026-Q4",
                "2026"
            ]
        );
    }

    #[test]
    fn a_period_runs_from_its_first_to_the_last_day_of_its_last_month() {
        assert_eq!(p("2025").first_day(12), (2025, 1, 1));
        assert_eq!(p("2025-04-29").first_day(12), (2025, 4, 29));
        assert_eq!(p("FY2026").first_day(3), (2025, 4, 1));
        assert_eq!(p("FY2026-Q4").first_day(3), (2026, 1, 1));
        assert_eq!(p("2025").last_day(12), (2025, 12, 31));
        assert_eq!(p("2024-02").last_day(12), (2024, 2, 29));
        assert_eq!(p("2025-04-29").last_day(12), (2025, 4, 29));
        assert_eq!(p("2025-Q3").last_day(12), (2025, 9, 30));
        assert_eq!(p("2025-H1").last_day(12), (2025, 6, 30));
        assert_eq!(p("FY2026").last_day(3), (2026, 3, 31));
        assert_eq!(p("FY2026-Q1").last_day(3), (2025, 6, 30));
    }

    #[test]
    fn calendar_fiscal_years_are_calendar_years() {
        assert_eq!(p("FY2025").sort_key(12).0, p("2025").sort_key(12).0);
        assert_eq!(p("FY2026").year(3), 2025);
    }
}
