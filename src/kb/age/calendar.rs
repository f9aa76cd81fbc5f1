//! Calendar days for measuring ages: day numbers, whole months between two days, and
//! months back from a day.

use crate::kb::date::{PartialDate, days_in_month};

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Ymd {
    pub(super) y: i32,
    pub(super) m: u8,
    pub(super) d: u8,
}

impl Ymd {
    pub(super) fn first_of(date: PartialDate, fiscal_year_end: u8) -> Ymd {
        let (y, m, d) = date.first_day(fiscal_year_end);
        Ymd { y, m, d }
    }

    pub(super) fn last_of(date: PartialDate, fiscal_year_end: u8) -> Ymd {
        let (y, m, d) = date.last_day(fiscal_year_end);
        Ymd { y, m, d }
    }

    /// Days since 1 Jan 1970 (proleptic Gregorian; H. Hinnant's `days_from_civil`).
    pub(super) fn days(self) -> i64 {
        let (m, d) = (i64::from(self.m), i64::from(self.d));
        let y = i64::from(self.y) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Ymd::days`].
    pub(super) fn from_days(days: i64) -> Ymd {
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

    pub(super) fn month_index(self) -> i64 {
        i64::from(self.y) * 12 + i64::from(self.m) - 1
    }

    pub(super) fn is_month_end(self) -> bool {
        self.d == days_in_month(self.y, self.m)
    }

    /// `n` months earlier; a month end stays a month end, another day is kept where the
    /// month has it.
    pub(super) fn months_back(self, n: i64) -> Ymd {
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
    pub(super) fn months_since(self, earlier: Ymd) -> i64 {
        let whole = self.month_index() - earlier.month_index();
        let short = self.d < earlier.d && !self.is_month_end();
        whole - i64::from(short)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn ymd(y: i32, m: u8, d: u8) -> Ymd {
        Ymd { y, m, d }
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
}
