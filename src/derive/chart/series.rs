//! Finance series: the figures of one metric over periods, found once at load.
//!
//! Entries of the Finances tab belong to the same series when they share a `series` name,
//! or, without one, the same `metric` and `scope` (both compared ignoring case). Each
//! plain value is one figure at the entry's `period`; each claim is one figure at its own
//! `date` (else the period), labelled by its sources. Figures are charted in one unit
//! only — the unit most of them are given in, counting the equivalents sources give in
//! brackets — and the rest are left out and counted, never converted.

use std::collections::HashMap;

use super::change::{Change, periods_and_changes};
use super::figure::{Figure, Unit, read_with_unit};
use super::scale::Linear;
use crate::kb::{Entry, KnowledgeBase, PartialDate, Value};

/// The axis runs to the round tick above the highest figure, for about this many ticks.
const AXIS_TICKS: usize = 5;

/// One charted figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Plotted {
    pub entry: usize,
    pub date: PartialDate,
    /// The claim's sources, or the entry's for a plain value.
    pub sources: Vec<usize>,
    pub figure: Figure,
    /// Read from brackets: the source's own figure in this unit, given beside the figure
    /// here (`RMB 41,626M`).
    pub beside: Option<String>,
    /// Which of the series' periods it is in (index into [`Series::changes`]).
    pub period: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The series name, or the metric, as first written.
    pub name: String,
    pub scope: Option<String>,
    /// The unit charted; `None` when no figure could be read.
    pub unit: Option<Unit>,
    /// In period order, then file order.
    pub rows: Vec<Plotted>,
    /// One per distinct period of `rows`.
    pub changes: Vec<Change>,
    /// Figures left out because they are in another unit: (unit, how many).
    pub other_units: Vec<(String, usize)>,
    /// Values that are not one figure, as written.
    pub unreadable: Vec<String>,
    pub axis: Linear,
    /// How many rows each period has.
    pub period_sizes: Vec<usize>,
    /// The rows read from brackets: how many, and the first.
    pub beside: (usize, Option<usize>),
    /// The first and last row of each entry's figures.
    entry_rows: HashMap<usize, (usize, usize)>,
}

impl Series {
    /// The first row of `entry`'s figures.
    pub fn first_row_of(&self, entry: usize) -> Option<usize> {
        self.entry_rows.get(&entry).map(|r| r.0)
    }

    /// The last row of `entry`'s figures (its latest period).
    pub fn last_row_of(&self, entry: usize) -> Option<usize> {
        self.entry_rows.get(&entry).map(|r| r.1)
    }

    /// The row is its period's only figure.
    pub fn alone_in_period(&self, row: &Plotted) -> bool {
        self.period_sizes.get(row.period) == Some(&1)
    }
}

/// Every series of a knowledge base, and which one each finance entry is in.
#[derive(Clone, Debug, Default)]
pub struct FinanceSeries {
    pub series: Vec<Series>,
    of_entry: HashMap<usize, usize>,
}

impl FinanceSeries {
    pub fn new(kb: &KnowledgeBase, finance_entries: &[usize]) -> FinanceSeries {
        let mut keys: HashMap<String, usize> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut of_entry = HashMap::new();
        for &i in finance_entries {
            let e = &kb.entries[i];
            let n = *keys.entry(series_key(e)).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[n].push(i);
            of_entry.insert(i, n);
        }
        let series = members.iter().map(|m| build(kb, m)).collect();
        FinanceSeries { series, of_entry }
    }

    /// The series `entry` belongs to.
    pub fn of(&self, entry: usize) -> Option<&Series> {
        self.series.get(*self.of_entry.get(&entry)?)
    }
}

fn text_of(e: &Entry, key: &str) -> Option<String> {
    e.field(key).map(|f| f.value.summary())
}

fn series_key(e: &Entry) -> String {
    match text_of(e, "series") {
        Some(s) => format!("series\u{0}{}", s.trim().to_lowercase()),
        None => format!(
            "metric\u{0}{}\u{0}{}",
            e.title.trim().to_lowercase(),
            text_of(e, "scope")
                .unwrap_or_default()
                .trim()
                .to_lowercase()
        ),
    }
}

/// A figure as found, before the unit is chosen.
struct Found {
    entry: usize,
    date: PartialDate,
    key: (i32, i32),
    sources: Vec<usize>,
    text: String,
}

fn build(kb: &KnowledgeBase, members: &[usize]) -> Series {
    let fye = kb.meta.fiscal_year_end;
    let first = &kb.entries[members[0]];
    let mut found: Vec<Found> = Vec::new();
    for &i in members {
        let e = &kb.entries[i];
        let (Some(period), Some(value)) = (e.date, e.field("value")) else {
            continue;
        };
        let mut add = |date: PartialDate, sources: Vec<usize>, text: &str| {
            found.push(Found {
                entry: i,
                date,
                key: date.sort_key(fye),
                sources,
                text: text.to_string(),
            });
        };
        match &value.value {
            Value::Text(t) => add(period, e.own_sources.clone(), t),
            Value::Claims(cs) => {
                for c in cs {
                    add(c.date.unwrap_or(period), c.sources.clone(), &c.value);
                }
            }
        }
    }
    found.sort_by_key(|f| f.key); // stable: file order within a period
    let readings: Vec<_> = found
        .iter()
        .map(|f| {
            let unit = text_of(&kb.entries[f.entry], "unit");
            read_with_unit(&f.text, unit.as_deref())
        })
        .collect();
    let unit = most_common_unit(readings.iter().flatten());
    let mut rows = Vec::new();
    let mut other: Vec<(String, usize)> = Vec::new();
    let mut unreadable = Vec::new();
    for (f, r) in found.iter().zip(&readings) {
        let Some(r) = r else {
            unreadable.push(f.text.clone());
            continue;
        };
        match unit.as_ref().and_then(|u| r.in_unit(u)) {
            Some((figure, equivalent)) => rows.push(Plotted {
                entry: f.entry,
                date: f.date,
                sources: f.sources.clone(),
                figure: figure.clone(),
                beside: equivalent.then(|| r.main.label()),
                period: 0,
            }),
            None => {
                let name = r.main.unit.name();
                match other.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, count)) => *count += 1,
                    None => other.push((name, 1)),
                }
            }
        }
    }
    let changes = periods_and_changes(&mut rows, fye);
    let mut period_sizes = vec![0; changes.len()];
    let mut entry_rows = HashMap::new();
    let mut beside = (0, None);
    for (i, r) in rows.iter().enumerate() {
        period_sizes[r.period] += 1;
        entry_rows.entry(r.entry).or_insert((i, i)).1 = i;
        if r.beside.is_some() {
            beside = (beside.0 + 1, beside.1.or(Some(i)));
        }
    }
    let (min, max) = rows
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |m, r| {
            (m.0.min(r.figure.value), m.1.max(r.figure.value))
        });
    Series {
        name: text_of(first, "series").unwrap_or_else(|| first.title.clone()),
        scope: text_of(first, "scope"),
        unit,
        rows,
        changes,
        other_units: other,
        unreadable,
        axis: Linear::including_zero(min, max).rounded(AXIS_TICKS),
        period_sizes,
        beside,
        entry_rows,
    }
}

/// The unit the most figures can be charted in (main figures and bracketed equivalents);
/// ties go to the one met first.
fn most_common_unit<'a>(
    readings: impl Iterator<Item = &'a super::figure::Reading>,
) -> Option<Unit> {
    let mut counts: Vec<(Unit, usize)> = Vec::new();
    for r in readings {
        let mut units: Vec<&Unit> = vec![&r.main.unit];
        units.extend(
            r.also
                .iter()
                .map(|f| &f.unit)
                .filter(|u| **u != r.main.unit),
        );
        units.dedup();
        for u in units {
            match counts.iter_mut().find(|(c, _)| c == u) {
                Some((_, n)) => *n += 1,
                None => counts.push((u.clone(), 1)),
            }
        }
    }
    let mut best: Option<(Unit, usize)> = None;
    for (u, n) in counts {
        if best.as_ref().is_none_or(|b| n > b.1) {
            best = Some((u, n));
        }
    }
    best.map(|b| b.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::load_str;

    /// A knowledge base with these lines under `finances:` (indented by two).
    fn kb(lines: &[&str]) -> KnowledgeBase {
        let mut yaml = String::from(
            "meta: {title: T, subject: S, as_of: 2026-06, fiscal_year_end: 3}\n\
             sources:\n  - {id: a, title: A, publisher: P}\n  - {id: b, title: B, publisher: P}\n\
             finances:\n",
        );
        for l in lines {
            yaml.push_str(&format!("  {l}\n"));
        }
        load_str(&yaml, "t.yaml").unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn series(kb: &KnowledgeBase) -> FinanceSeries {
        let fin: Vec<usize> = (0..kb.entries.len())
            .filter(|&i| kb.entries[i].tab == crate::kb::Tab::Finances)
            .collect();
        FinanceSeries::new(kb, &fin)
    }

    #[test]
    fn entries_with_the_same_metric_and_scope_form_one_series_in_period_order() {
        let kb = kb(&[
            r#"- {id: r2, metric: Revenue, period: FY2026, value: "$12B", sources: [a]}"#,
            r#"- {id: r1, metric: revenue, period: FY2025, value: "$10B", sources: [a]}"#,
            r#"- {id: r3, metric: Revenue, scope: Cloud, period: FY2026, value: "$3B", sources: [a]}"#,
        ]);
        let s = series(&kb);
        assert_eq!(s.series.len(), 2, "another scope is another series");
        let rev = s.of(kb.index_of("r2").unwrap()).unwrap();
        let labels: Vec<String> = rev.rows.iter().map(|r| r.figure.label()).collect();
        assert_eq!(labels, ["$10B", "$12B"]);
        assert_eq!(rev.unit, Some(Unit::Money("USD")));
        assert_eq!((rev.axis.lo, rev.axis.hi), (0.0, 15e9), "to a round tick");
        assert_eq!(
            rev.changes[1],
            Change::Computed {
                from: PartialDate::FiscalYear(2025),
                text: "+20%".into(),
                sources_differ: false
            }
        );
    }

    #[test]
    fn a_series_name_joins_differently_worded_metrics() {
        let kb = kb(&[
            r#"- {id: x, metric: Total revenue, series: Group revenue, period: 2024, value: "$130B", sources: [a]}"#,
            r#"- {id: y, metric: Group revenue, series: group revenue, period: FY2026, value: "RMB 1,000B (about $140B)", sources: [b]}"#,
        ]);
        let s = series(&kb);
        assert_eq!(s.series.len(), 1);
        let g = &s.series[0];
        assert_eq!(g.name, "Group revenue");
        assert_eq!(g.unit, Some(Unit::Money("USD")), "both have a USD figure");
        assert_eq!(g.rows[1].beside.as_deref(), Some("RMB 1,000B"));
        assert_eq!(g.changes[1], Change::NotComparable(PartialDate::Year(2024)));
    }

    #[test]
    fn claims_for_one_period_are_kept_apart_and_give_no_change() {
        let kb = kb(&[
            r#"- {id: q, metric: Cloud, period: FY2026-Q3, value: "$5B", sources: [a]}"#,
            "- id: c",
            "  metric: Cloud",
            "  period: FY2026-Q4",
            "  value:",
            r#"    - {value: "$6.0B", sources: [a]}"#,
            r#"    - {value: "$4B+", sources: [b]}"#,
        ]);
        let s = series(&kb);
        let c = s.of(kb.index_of("c").unwrap()).unwrap();
        assert_eq!(c.rows.len(), 3);
        assert_eq!(c.rows[1].sources, vec![0]);
        assert_eq!(c.rows[2].sources, vec![1]);
        assert_eq!(c.rows[1].period, c.rows[2].period);
        assert_eq!(
            c.changes[1],
            Change::SeveralFigures(PartialDate::FiscalQuarter(2026, 4))
        );
        assert_eq!(c.first_row_of(kb.index_of("c").unwrap()), Some(1));
    }

    #[test]
    fn claims_with_their_own_dates_are_points_of_their_own() {
        let kb = kb(&[
            "- id: m",
            "  metric: Market cap",
            "  period: 2026",
            "  value:",
            r#"    - {value: "~$260 billion", date: 2026-06, sources: [a]}"#,
            r#"    - {value: "around $400 billion", date: 2026-04, sources: [b]}"#,
        ]);
        let s = series(&kb);
        let m = &s.series[0];
        let dates: Vec<String> = m.rows.iter().map(|r| r.date.to_string()).collect();
        assert_eq!(dates, ["Apr 2026", "Jun 2026"]);
        // Two sources disagreeing about one value: not a fall of 35%.
        assert_eq!(m.changes[1], Change::Disputed(PartialDate::Month(2026, 4)));
        // Two entries, each its own figure, are a change even from different sources.
        let two = self::kb(&[
            r#"- {id: x, metric: Market cap, period: 2026-04, value: "$400 billion", sources: [b]}"#,
            r#"- {id: y, metric: Market cap, period: 2026-06, value: "$260 billion", sources: [a]}"#,
        ]);
        let s = series(&two);
        assert_eq!(
            s.series[0].changes[1],
            Change::Computed {
                from: PartialDate::Month(2026, 4),
                text: "-35%".into(),
                sources_differ: true
            }
        );
    }

    #[test]
    fn other_units_and_unreadable_values_are_left_out_and_counted() {
        let kb = kb(&[
            r#"- {id: a1, metric: M, period: 2024, value: "RMB 5B", sources: [a]}"#,
            r#"- {id: a2, metric: M, period: 2025, value: "RMB 6B", sources: [a]}"#,
            r#"- {id: a3, metric: M, period: 2026, value: "$1B", sources: [a]}"#,
            r#"- {id: a4, metric: M, period: 2023, value: "swung to an outflow", sources: [a]}"#,
        ]);
        let s = series(&kb);
        let m = &s.series[0];
        assert_eq!(m.unit, Some(Unit::Money("RMB")));
        assert_eq!(m.rows.len(), 2);
        assert_eq!(m.other_units, vec![("USD".to_string(), 1)]);
        assert_eq!(m.unreadable, vec!["swung to an outflow".to_string()]);
    }

    #[test]
    fn limits_percentages_and_a_lone_figure() {
        let kb = kb(&[
            r#"- {id: l1, metric: L, period: 2024, value: ">$130B", sources: [a]}"#,
            r#"- {id: l2, metric: L, period: 2025, value: "$140B", sources: [a]}"#,
            r#"- {id: p1, metric: P, period: 2024, value: "38%", sources: [a]}"#,
            r#"- {id: p2, metric: P, period: 2025, value: "40.5%", sources: [a]}"#,
            r#"- {id: o, metric: O, period: 2025, value: "11 quarters", sources: [a]}"#,
            r#"- {id: n, metric: N, period: 2025, value: "not disclosed", sources: [a]}"#,
        ]);
        let s = series(&kb);
        let of = |id: &str| s.of(kb.index_of(id).unwrap()).unwrap();
        assert_eq!(of("l1").changes[1], Change::Limit(">$130B".into()));
        assert!(
            matches!(&of("p1").changes[1], Change::Computed { text, .. } if text == "+2.5 pts")
        );
        let one = of("o");
        assert_eq!(
            (one.rows.len(), &one.changes[..]),
            (1, &[Change::First][..])
        );
        assert_eq!(one.unit, Some(Unit::Count("quarters".into())));
        let none = of("n");
        assert!(none.rows.is_empty() && none.unit.is_none() && none.changes.is_empty());
        assert_eq!((none.axis.lo, none.axis.hi), (0.0, 1.0));
    }
}
