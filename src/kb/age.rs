//! How old an entry's information is, measured against the knowledge base's `as_of` date,
//! and whether it is older than the stale horizon.
//!
//! An entry is dated by its own date (a finance figure's period, an event's date, a model's
//! release) or, when it has none, by the newest date among its claims. Periods count from
//! their **last day**: `2025` is 31 Dec 2025, `2025-Q3` 30 Sep 2025, `FY2026` the last day
//! of the fiscal year. So a fact is called stale only when all of its period is older than
//! the horizon, and the as-of date (`Jun 2026`: knowledge current to 30 Jun 2026) is
//! measured the same way. Undated entries have no age.

use std::fmt;

use super::date::{PartialDate, days_in_month};
use super::entry::{Entry, KnowledgeBase, Tab, Value};

/// The unit of a [`Horizon`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Days => "day",
            Unit::Weeks => "week",
            Unit::Months => "month",
            Unit::Years => "year",
        }
    }
}

/// How old a fact may be before it is marked as possibly stale: `90 days`, `6 weeks`,
/// `12 months`, `2 years`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Horizon {
    amount: u32,
    unit: Unit,
}

/// What a horizon looks like, for error hints.
pub const HORIZON_FORMS: &str =
    "a number and a unit: \"90 days\", \"6 weeks\", \"12 months\" or \"2 years\"";

impl Horizon {
    /// Twelve months: a year-old figure has usually been superseded by a newer one.
    pub const DEFAULT: Horizon = Horizon {
        amount: 12,
        unit: Unit::Months,
    };
    /// The largest amount accepted (in any unit).
    pub const MAX_AMOUNT: u32 = 10_000;

    /// A horizon of `amount` units (1 to [`Horizon::MAX_AMOUNT`]).
    pub fn new(amount: u32, unit: Unit) -> Option<Horizon> {
        (1..=Horizon::MAX_AMOUNT)
            .contains(&amount)
            .then_some(Horizon { amount, unit })
    }

    /// Reads `12 months`, `1 year`, `90 days`, `6 weeks` (singular or plural, any case,
    /// the space optional); the error says what is wrong.
    pub fn parse(text: &str) -> Result<Horizon, String> {
        let t = text.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (number, unit) = (&t[..split], t[split..].trim().to_ascii_lowercase());
        if number.is_empty() {
            return Err(format!("`{t}` does not start with a number"));
        }
        let unit = match unit.as_str() {
            "day" | "days" => Unit::Days,
            "week" | "weeks" => Unit::Weeks,
            "month" | "months" => Unit::Months,
            "year" | "years" => Unit::Years,
            "" => return Err(format!("`{t}` has no unit")),
            other => return Err(format!("unknown unit `{other}` in `{t}`")),
        };
        let amount: u32 = number.parse().unwrap_or(u32::MAX);
        Horizon::new(amount, unit)
            .ok_or_else(|| format!("`{t}`: the number must be 1–{}", Horizon::MAX_AMOUNT))
    }

    /// The day this far before `day`. Months and years keep the day of the month where
    /// they can (31 May less one month is 30 Apr).
    fn before(self, day: Ymd) -> Ymd {
        let n = i64::from(self.amount);
        match self.unit {
            Unit::Days => Ymd::from_days(day.days() - n),
            Unit::Weeks => Ymd::from_days(day.days() - 7 * n),
            Unit::Months => day.months_back(n),
            Unit::Years => day.months_back(12 * n),
        }
    }
}

/// `12 months`, `1 year`: what [`Horizon::parse`] reads back.
impl fmt::Display for Horizon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = if self.amount == 1 { "" } else { "s" };
        write!(f, "{} {}{s}", self.amount, self.unit.name())
    }
}

impl std::str::FromStr for Horizon {
    type Err = String;
    fn from_str(s: &str) -> Result<Horizon, String> {
        Horizon::parse(s)
    }
}

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Ymd {
    y: i32,
    m: u8,
    d: u8,
}

impl Ymd {
    fn first_of(date: PartialDate, fiscal_year_end: u8) -> Ymd {
        let (y, m, d) = date.first_day(fiscal_year_end);
        Ymd { y, m, d }
    }

    fn last_of(date: PartialDate, fiscal_year_end: u8) -> Ymd {
        let (y, m, d) = date.last_day(fiscal_year_end);
        Ymd { y, m, d }
    }

    /// Days since 1 Jan 1970 (proleptic Gregorian; H. Hinnant's `days_from_civil`).
    fn days(self) -> i64 {
        let (m, d) = (i64::from(self.m), i64::from(self.d));
        let y = i64::from(self.y) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Ymd::days`].
    fn from_days(days: i64) -> Ymd {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Ymd { y, m, d }
    }

    fn month_index(self) -> i64 {
        i64::from(self.y) * 12 + i64::from(self.m) - 1
    }

    fn is_month_end(self) -> bool {
        self.d == days_in_month(self.y, self.m)
    }

    /// `n` months earlier; a month end stays a month end, another day is kept where the
    /// month has it.
    fn months_back(self, n: i64) -> Ymd {
        let idx = self.month_index() - n;
        let (y, m) = (idx.div_euclid(12) as i32, idx.rem_euclid(12) as u8 + 1);
        let last = days_in_month(y, m);
        let d = if self.is_month_end() {
            last
        } else {
            self.d.min(last)
        };
        Ymd { y, m, d }
    }

    /// Whole months from `earlier` to `self` (month ends count as the same day of the
    /// month: 31 Jan to 30 Jun is five months).
    fn months_since(self, earlier: Ymd) -> i64 {
        let whole = self.month_index() - earlier.month_index();
        let short = self.d < earlier.d && !self.is_month_end();
        whole - i64::from(short)
    }
}

/// What an entry's age is measured from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The entry's own date.
    Date,
    /// The newest date among its claims (the entry has no date of its own).
    NewestClaim,
}

/// How long before the knowledge base's as-of date an entry's information dates from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Age {
    /// The date measured from.
    pub date: PartialDate,
    pub basis: Basis,
    /// From the last day of `date` to the last day of the as-of date; negative when the
    /// entry is dated after it (an announced plan, a forecast).
    pub days: i64,
    /// The same span in whole calendar months.
    pub months: i64,
    /// The date's period runs past the as-of date (`2026` seen in June 2026): the span is
    /// counted from the period's start, so the information is at most this old.
    pub within: bool,
}

impl Age {
    /// The span, short: `3 days`, `2 weeks`, `14 months`, `3 years` (rounded down; the
    /// sign is left to the caller).
    pub fn span(&self) -> String {
        let (days, months) = (self.days.abs(), self.months.abs());
        let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
        if months >= 24 {
            plural(months / 12, "year")
        } else if months >= 1 {
            plural(months, "month")
        } else if days >= 14 {
            plural(days / 7, "week")
        } else {
            plural(days, "day")
        }
    }

    /// One line for the detail view: `14 months (as of Jun 2026)`, `current (as of Jun
    /// 2026)`, with `newest claim Mar 2026` when measured from a claim.
    pub fn describe(&self, as_of: PartialDate) -> String {
        let claim = match self.basis {
            Basis::Date => String::new(),
            Basis::NewestClaim => format!("newest claim {}; ", self.date),
        };
        match self.days {
            0 => format!("current ({claim}as of {as_of})"),
            d if d > 0 && self.within => format!("up to {} ({claim}as of {as_of})", self.span()),
            d if d > 0 => format!("{} ({claim}as of {as_of})", self.span()),
            _ => format!("{} in the future ({claim}as of {as_of})", self.span()),
        }
    }
}

/// The day an entry dated `date` is measured from: the last day of its period, or the
/// as-of day when the period runs past it (a fact about `2026` is current in June 2026);
/// for a period that starts after the as-of date, its first day.
fn measured_from(date: PartialDate, as_of_end: Ymd, fye: u8) -> Ymd {
    let first = Ymd::first_of(date, fye);
    if first > as_of_end {
        first
    } else {
        Ymd::last_of(date, fye).min(as_of_end)
    }
}

/// The knowledge base's as-of date as a day: the last day of its period.
fn as_of_end(kb: &KnowledgeBase) -> Ymd {
    Ymd::last_of(kb.meta.as_of, kb.meta.fiscal_year_end)
}

/// The newest date among the entry's claims (in any field).
fn newest_claim(kb: &KnowledgeBase, e: &Entry) -> Option<PartialDate> {
    let (fye, end) = (kb.meta.fiscal_year_end, as_of_end(kb));
    e.fields
        .iter()
        .filter_map(|f| match &f.value {
            Value::Claims(claims) => Some(claims),
            Value::Text(_) => None,
        })
        .flatten()
        .filter_map(|c| c.date)
        .max_by_key(|d| (measured_from(*d, end, fye), d.sort_key(fye)))
}

/// The entry's age relative to `meta.as_of`; `None` for an undated entry and for
/// sources (documents, not facts).
pub fn age(kb: &KnowledgeBase, e: &Entry) -> Option<Age> {
    if e.tab == Tab::Sources {
        return None;
    }
    let (date, basis) = match e.date {
        Some(d) => (d, Basis::Date),
        None => (newest_claim(kb, e)?, Basis::NewestClaim),
    };
    let (to, fye) = (as_of_end(kb), kb.meta.fiscal_year_end);
    let within = Ymd::last_of(date, fye) > to && Ymd::first_of(date, fye) <= to;
    let from = if within {
        Ymd::first_of(date, fye)
    } else {
        measured_from(date, to, fye)
    };
    Some(Age {
        date,
        basis,
        days: to.days() - from.days(),
        months: if to >= from {
            to.months_since(from)
        } else {
            -from.months_since(to)
        },
        within,
    })
}

/// Whether an entry of this tab states something that can go out of date. The date of a
/// timeline event or of a model's release is history, which stays true (the age is still
/// shown); sources are documents.
pub fn can_go_stale(tab: Tab) -> bool {
    !matches!(tab, Tab::Timeline | Tab::Models | Tab::Sources)
}

/// True when the entry's information is older than `horizon` before the as-of date
/// (strictly: a fact exactly twelve months old is within a twelve-month horizon).
pub fn is_stale(kb: &KnowledgeBase, e: &Entry, horizon: Horizon) -> bool {
    if !can_go_stale(e.tab) {
        return false;
    }
    let Some(a) = age(kb, e) else {
        return false;
    };
    let end = as_of_end(kb);
    measured_from(a.date, end, kb.meta.fiscal_year_end) < horizon.before(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u8, d: u8) -> Ymd {
        Ymd { y, m, d }
    }

    #[test]
    fn horizons_parse_in_every_unit_and_print_back() {
        for (text, shown) in [
            ("12 months", "12 months"),
            ("1 year", "1 year"),
            ("2 Years", "2 years"),
            ("90 days", "90 days"),
            ("6weeks", "6 weeks"),
            ("  1 month ", "1 month"),
        ] {
            let h = Horizon::parse(text).unwrap();
            assert_eq!(h.to_string(), shown, "{text}");
            assert_eq!(Horizon::parse(shown), Ok(h));
        }
        assert_eq!(Horizon::DEFAULT.to_string(), "12 months");
    }

    #[test]
    fn bad_horizons_say_what_is_wrong() {
        let err = |t: &str| Horizon::parse(t).unwrap_err();
        assert!(err("12 moons").contains("unknown unit `moons`"));
        assert!(err("12").contains("has no unit"));
        assert!(err("months").contains("does not start with a number"));
        assert!(err("0 days").contains("1–10000"));
        assert!(err("99999999999 days").contains("1–10000"));
        assert!(err("-3 days").contains("does not start with a number"));
        assert!(err("1.5 years").contains("unknown unit `.5 years`"));
    }

    #[test]
    fn day_numbers_round_trip_across_leap_years_and_eras() {
        assert_eq!(ymd(1970, 1, 1).days(), 0);
        assert_eq!(ymd(2000, 3, 1).days() - ymd(2000, 2, 28).days(), 2);
        assert_eq!(ymd(2100, 3, 1).days() - ymd(2100, 2, 28).days(), 1);
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Ymd::from_days(days).days(), days);
        }
    }

    #[test]
    fn months_back_keeps_month_ends_and_clamps_other_days() {
        assert_eq!(ymd(2026, 6, 30).months_back(12), ymd(2025, 6, 30));
        assert_eq!(ymd(2026, 3, 31).months_back(1), ymd(2026, 2, 28));
        assert_eq!(ymd(2026, 2, 28).months_back(1), ymd(2026, 1, 31));
        assert_eq!(ymd(2026, 3, 15).months_back(1), ymd(2026, 2, 15));
        assert_eq!(ymd(2024, 3, 30).months_back(1), ymd(2024, 2, 29));
    }

    #[test]
    fn whole_months_count_month_ends_as_the_same_day() {
        assert_eq!(ymd(2026, 6, 30).months_since(ymd(2026, 1, 31)), 5);
        assert_eq!(ymd(2026, 6, 30).months_since(ymd(2025, 4, 30)), 14);
        assert_eq!(ymd(2026, 6, 10).months_since(ymd(2026, 5, 20)), 0);
        assert_eq!(ymd(2026, 6, 20).months_since(ymd(2026, 5, 20)), 1);
    }

    #[test]
    fn a_horizon_is_subtracted_in_its_own_unit() {
        let as_of = ymd(2026, 6, 30);
        let h = |t: &str| Horizon::parse(t).unwrap();
        assert_eq!(h("12 months").before(as_of), ymd(2025, 6, 30));
        assert_eq!(h("1 year").before(as_of), ymd(2025, 6, 30));
        assert_eq!(h("90 days").before(as_of), ymd(2026, 4, 1));
        assert_eq!(h("2 weeks").before(as_of), ymd(2026, 6, 16));
    }

    #[test]
    fn spans_read_as_a_person_would_say_them() {
        let age = |days, months| Age {
            date: PartialDate::Year(2025),
            basis: Basis::Date,
            days,
            months,
            within: false,
        };
        assert_eq!(age(1, 0).span(), "1 day");
        assert_eq!(age(13, 0).span(), "13 days");
        assert_eq!(age(20, 0).span(), "2 weeks");
        assert_eq!(age(31, 1).span(), "1 month");
        assert_eq!(age(425, 14).span(), "14 months");
        assert_eq!(age(1100, 36).span(), "3 years");
        assert_eq!(age(-200, -7).span(), "7 months");
        let june = PartialDate::Month(2026, 6);
        assert_eq!(age(425, 14).describe(june), "14 months (as of Jun 2026)");
        assert_eq!(age(0, 0).describe(june), "current (as of Jun 2026)");
        assert_eq!(
            age(-200, -7).describe(june),
            "7 months in the future (as of Jun 2026)"
        );
        let claim = Age {
            basis: Basis::NewestClaim,
            ..age(92, 3)
        };
        assert_eq!(
            claim.describe(june),
            "3 months (newest claim 2025; as of Jun 2026)"
        );
        let within = Age {
            within: true,
            ..age(180, 5)
        };
        assert_eq!(within.describe(june), "up to 5 months (as of Jun 2026)");
    }
}
