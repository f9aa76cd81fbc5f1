//! Timeline counts: how many events fall in each year (and each calendar quarter, when
//! every dated event is dated within one), counted when a timeline list is built.

use crate::kb::{KnowledgeBase, PartialDate};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventCounts {
    /// The calendar year of `years[0]` (and of `quarters[0..4]`).
    pub first_year: i32,
    /// Events per calendar year, from `first_year` on (a period counts in the year it
    /// starts, as the list groups it).
    pub years: Vec<u32>,
    /// Events per calendar quarter, when every dated event lies within one quarter.
    pub quarters: Option<Vec<u32>>,
    pub dated: usize,
    pub undated: usize,
}

/// How the strip groups events at a given width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Quarter,
    Year,
    /// `n` years per bucket, for long spans on narrow screens.
    Years(u32),
}

/// The counts laid out for drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strip {
    pub bucket: Bucket,
    pub counts: Vec<u32>,
    /// Cells per bucket.
    pub cells: usize,
}

/// Quarters are shown when they fit at two cells each; a bucket is at most six cells wide.
const QUARTER_CELLS: usize = 2;
const MAX_CELLS: usize = 6;

impl EventCounts {
    pub fn new(kb: &KnowledgeBase, entries: impl Iterator<Item = usize>) -> EventCounts {
        let fye = kb.meta.fiscal_year_end;
        let mut spans: Vec<(i32, i32)> = Vec::new();
        let mut undated = 0;
        for i in entries {
            match kb.entries[i].date {
                Some(d) => spans.push(d.months(fye)),
                None => undated += 1,
            }
        }
        let first_year = spans.iter().map(|s| s.0.div_euclid(12)).min().unwrap_or(0);
        let last_year = spans
            .iter()
            .map(|s| s.0.div_euclid(12))
            .max()
            .unwrap_or(first_year - 1);
        let n_years = (last_year - first_year + 1).max(0) as usize;
        let mut years = vec![0u32; n_years];
        let mut quarters = Some(vec![0u32; n_years * 4]);
        for &(start, end) in &spans {
            years[(start.div_euclid(12) - first_year) as usize] += 1;
            let (q, q_end) = (start.div_euclid(3), end.div_euclid(3));
            if q != q_end {
                quarters = None;
            }
            if let Some(qs) = quarters.as_mut() {
                qs[(q - first_year * 4) as usize] += 1;
            }
        }
        EventCounts {
            first_year,
            years,
            quarters,
            dated: spans.len(),
            undated,
        }
    }

    /// The buckets that fit in `width` cells: quarters when there are quarter counts and
    /// they fit, else years, else several years per bucket.
    pub fn strip(&self, width: usize) -> Strip {
        let width = width.max(1);
        if let Some(q) = &self.quarters {
            let counts = trim_quarters(q);
            if !counts.is_empty() && counts.len() * QUARTER_CELLS <= width {
                return Strip {
                    bucket: Bucket::Quarter,
                    cells: QUARTER_CELLS.max((width / counts.len()).min(MAX_CELLS)),
                    counts,
                };
            }
        }
        let n = self.years.len();
        if n <= width {
            return Strip {
                bucket: Bucket::Year,
                counts: self.years.clone(),
                cells: (width / n.max(1)).clamp(1, MAX_CELLS),
            };
        }
        let per = n.div_ceil(width);
        Strip {
            bucket: Bucket::Years(per as u32),
            counts: self.years.chunks(per).map(|c| c.iter().sum()).collect(),
            cells: 1,
        }
    }

    /// The bucket of `strip` that `date` falls in.
    pub fn bucket_of(&self, strip: &Strip, date: PartialDate, fye: u8) -> Option<usize> {
        let (start, _) = date.months(fye);
        let year = start.div_euclid(12) - self.first_year;
        let i = match strip.bucket {
            Bucket::Quarter => {
                let lead = self.leading_empty_quarters();
                (start.div_euclid(3) - self.first_year * 4) - lead as i32
            }
            Bucket::Year => year,
            Bucket::Years(per) => year.div_euclid(per as i32),
        };
        usize::try_from(i).ok().filter(|&i| i < strip.counts.len())
    }

    /// The year (and quarter) bucket `i` of `strip` starts at.
    pub fn bucket_start(&self, strip: &Strip, i: usize) -> (i32, Option<u8>) {
        match strip.bucket {
            Bucket::Quarter => {
                let q = self.first_year * 4 + (i + self.leading_empty_quarters()) as i32;
                (q.div_euclid(4), Some((q.rem_euclid(4) + 1) as u8))
            }
            Bucket::Year => (self.first_year + i as i32, None),
            Bucket::Years(per) => (self.first_year + (i as u32 * per) as i32, None),
        }
    }

    fn leading_empty_quarters(&self) -> usize {
        self.quarters
            .as_ref()
            .map_or(0, |q| q.iter().take_while(|&&c| c == 0).count())
    }
}

/// Quarter counts without the empty quarters before the first event and after the last.
fn trim_quarters(q: &[u32]) -> Vec<u32> {
    let start = q.iter().take_while(|&&c| c == 0).count();
    let end = q.len() - q.iter().rev().take_while(|&&c| c == 0).count();
    q[start..end.max(start)].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::load_str;

    fn kb(dates: &[&str]) -> KnowledgeBase {
        let mut yaml = String::from(
            "meta: {title: T, subject: S, as_of: 2026-06, fiscal_year_end: 3}\n\
             sources:\n  - {id: a, title: A, publisher: P}\ntimeline:\n",
        );
        for (i, d) in dates.iter().enumerate() {
            yaml.push_str(&format!(
                "  - {{id: e{i}, date: \"{d}\", title: E, sources: [a]}}\n"
            ));
        }
        load_str(&yaml, "t.yaml").unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn counts(kb: &KnowledgeBase) -> EventCounts {
        EventCounts::new(kb, 0..kb.entries.len())
    }

    #[test]
    fn events_are_counted_per_year_including_empty_years() {
        let k = kb(&["2023", "2025-04", "2025-09-01", "FY2026"]);
        let c = counts(&k);
        assert_eq!(c.first_year, 2023);
        assert_eq!(c.years, vec![1, 0, 3], "FY2026 starts in April 2025");
        assert_eq!(c.quarters, None, "a year-only date has no quarter");
        let s = c.strip(60);
        assert_eq!((s.bucket, s.cells), (Bucket::Year, 6));
        let d = PartialDate::parse("2025-04").unwrap();
        assert_eq!(c.bucket_of(&s, d, 3), Some(2));
        assert_eq!(c.bucket_start(&s, 2), (2025, None));
    }

    #[test]
    fn quarters_when_every_date_is_within_a_quarter_and_they_fit() {
        let k = kb(&["2025-02", "2025-08-10", "FY2026-Q4", "2025-Q3"]);
        let c = counts(&k);
        let s = c.strip(40);
        assert_eq!(s.bucket, Bucket::Quarter);
        // Q1 2025 … Q1 2026 (FY2026-Q4 is January–March 2026).
        assert_eq!(s.counts, vec![1, 0, 2, 0, 1]);
        assert_eq!(c.bucket_start(&s, 4), (2026, Some(1)));
        let d = PartialDate::parse("2025-09").unwrap();
        assert_eq!(c.bucket_of(&s, d, 3), Some(2));
        // Too narrow for quarters: years.
        assert_eq!(c.strip(8).bucket, Bucket::Year);
    }

    #[test]
    fn long_spans_on_narrow_strips_group_years() {
        let k = kb(&["1999", "2009", "2026"]);
        let c = counts(&k);
        let s = c.strip(10);
        assert_eq!(s.bucket, Bucket::Years(3));
        assert_eq!(s.counts.iter().sum::<u32>(), 3);
        assert_eq!(s.counts.len(), 10);
        let d = PartialDate::parse("2026").unwrap();
        assert_eq!(c.bucket_of(&s, d, 12), Some(9));
    }

    #[test]
    fn no_events_and_one_event() {
        let none = counts(&kb(&[]));
        assert_eq!((none.dated, none.years.len()), (0, 0));
        let s = none.strip(30);
        assert!(s.counts.is_empty());
        let one = counts(&kb(&["2024-05"]));
        let s = one.strip(30);
        assert_eq!((s.bucket, s.counts.clone()), (Bucket::Quarter, vec![1]));
        assert_eq!(s.cells, 6);
    }
}
