//! How old an entry's information is, measured against the knowledge base's `as_of` date,
//! and whether it is older than the stale horizon.
//!
//! An entry is dated by its own date (a finance figure's period, an event's date, a model's
//! release) or, when it has none, by the newest date among its claims. Undated entries
//! have no age. The as-of date stands for the last day of its period (`Jun 2026`:
//! knowledge current to 30 Jun 2026), and so does an entry's date: `2025` is 31 Dec 2025,
//! `2025-Q3` 30 Sep 2025, `FY2026` the last day of the fiscal year. So a fact is called
//! stale only when all of its period is older than the horizon. A period that runs past
//! the as-of date (`2026` seen in June 2026) is never stale, and its age is shown as "up
//! to" the time since the period began; a period that starts after it is in the future.

mod calendar;
mod horizon;

pub use horizon::{HORIZON_FORMS, Horizon, Unit};

use super::date::PartialDate;
use super::entry::{Entry, KnowledgeBase, Tab, Value};
use calendar::Ymd;

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
    stale_key(kb, e).is_some_and(|day| day < stale_before(kb, horizon))
}

/// For an entry that can go stale and has an age: the day (counted from an epoch) its age
/// is measured from. It is stale when this is before [`stale_before`] — so an index can
/// keep one number per entry and compare it with any horizon.
pub fn stale_key(kb: &KnowledgeBase, e: &Entry) -> Option<i64> {
    if !can_go_stale(e.tab) {
        return None;
    }
    let a = age(kb, e)?;
    Some(measured_from(a.date, as_of_end(kb), kb.meta.fiscal_year_end).days())
}

/// The first day that is not stale under `horizon` (see [`stale_key`]).
pub fn stale_before(kb: &KnowledgeBase, horizon: Horizon) -> i64 {
    horizon.before(as_of_end(kb)).days()
}

#[cfg(test)]
mod tests {
    use super::*;

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
