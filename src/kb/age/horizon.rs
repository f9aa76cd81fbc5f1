//! The stale horizon: how old a fact may be before it is marked as possibly stale.

use std::fmt;

use super::calendar::Ymd;

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
    pub(super) fn before(self, day: Ymd) -> Ymd {
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
    fn a_horizon_is_subtracted_in_its_own_unit() {
        let as_of = ymd(2026, 6, 30);
        let h = |t: &str| Horizon::parse(t).unwrap();
        assert_eq!(h("12 months").before(as_of), ymd(2025, 6, 30));
        assert_eq!(h("1 year").before(as_of), ymd(2025, 6, 30));
        assert_eq!(h("90 days").before(as_of), ymd(2026, 4, 1));
        assert_eq!(h("2 weeks").before(as_of), ymd(2026, 6, 16));
    }
}
