//! The change into each period of a finance series from the period before: computed only
//! between periods of the same kind with one figure each, neither a limit; otherwise the
//! reason there is none.

use super::figure::{Bound, Unit};
use super::series::Plotted;
use crate::kb::PartialDate;

/// The change into a period from the one before, or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Computed {
        from: PartialDate,
        /// `+12%`, `~-35%`, `+2.0 pts` (for percentages).
        text: String,
        /// The two figures come from different sources.
        sources_differ: bool,
    },
    /// The first period of the series.
    First,
    /// Several different figures for this period or the one before.
    SeveralFigures(PartialDate),
    /// Periods of different kinds (a calendar year and a fiscal year…).
    NotComparable(PartialDate),
    /// A figure is a limit (`>$130B`), not a value.
    Limit(String),
    /// The previous figure is zero.
    FromZero,
    /// The two figures are claims of one disputed value (different sources' figures for
    /// one fact, at different dates): their difference is a disagreement, not a change.
    Disputed(PartialDate),
}

/// Numbers the rows' periods and works out the change into each period.
pub(super) fn periods_and_changes(rows: &mut [Plotted], fye: u8) -> Vec<Change> {
    let mut periods: Vec<(PartialDate, Vec<usize>)> = Vec::new();
    for (i, r) in rows.iter_mut().enumerate() {
        let same = periods
            .last()
            .is_some_and(|p| p.0.sort_key(fye) == r.date.sort_key(fye));
        if !same {
            periods.push((r.date, Vec::new()));
        }
        r.period = periods.len() - 1;
        if let Some(p) = periods.last_mut() {
            p.1.push(i);
        }
    }
    let single = |p: &(PartialDate, Vec<usize>)| -> Option<usize> {
        let first = *p.1.first()?;
        let v = rows[first].figure.value;
        p.1.iter()
            .all(|&i| rows[i].figure.value == v)
            .then_some(first)
    };
    let mut changes = if periods.is_empty() {
        Vec::new()
    } else {
        vec![Change::First]
    };
    for w in periods.windows(2) {
        let (prev, cur) = (&w[0], &w[1]);
        let change = if !prev.0.same_kind(&cur.0) {
            Change::NotComparable(prev.0)
        } else {
            match (single(prev), single(cur)) {
                (None, _) => Change::SeveralFigures(prev.0),
                (_, None) => Change::SeveralFigures(cur.0),
                (Some(a), Some(b)) => compute(&rows[a], &rows[b]),
            }
        };
        changes.push(change);
    }
    changes
}

fn compute(a: &Plotted, b: &Plotted) -> Change {
    // One entry gives several figures only as the claims of a disputed value.
    if a.entry == b.entry {
        return Change::Disputed(a.date);
    }
    for f in [&a.figure, &b.figure] {
        if f.bound.is_limit() {
            return Change::Limit(f.label());
        }
    }
    let about = if a.figure.bound != Bound::Exact || b.figure.bound != Bound::Exact {
        "~"
    } else {
        ""
    };
    let (x, y) = (a.figure.value, b.figure.value);
    let text = if b.figure.unit == Unit::Percent {
        format!("{about}{:+.1} pts", y - x)
    } else if x == 0.0 {
        return Change::FromZero;
    } else {
        let pct = (y - x) / x.abs() * 100.0;
        if pct.abs() >= 10.0 {
            format!("{about}{pct:+.0}%")
        } else {
            format!("{about}{pct:+.1}%")
        }
    };
    Change::Computed {
        from: a.date,
        text,
        sources_differ: a.sources != b.sources,
    }
}
