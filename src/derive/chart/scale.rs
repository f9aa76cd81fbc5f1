//! Scales for charts: a linear value axis with round ticks, a log axis in powers of ten,
//! and short labels for both (`$2B`, `RMB 40B`, `25%`, `1T`).

use super::figure::{Unit, money_prefix};

/// A linear axis from `lo` to `hi` (always `lo < hi`, and including zero).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    pub lo: f64,
    pub hi: f64,
}

impl Linear {
    /// The axis for values between `min` and `max`: from zero (or the lowest negative
    /// value) to the highest value. All zero, or no values: 0 to 1.
    pub fn including_zero(min: f64, max: f64) -> Linear {
        let lo = min.min(0.0);
        let hi = max.max(0.0);
        if hi - lo > 0.0 && (hi - lo).is_finite() {
            Linear { lo, hi }
        } else {
            Linear { lo: 0.0, hi: 1.0 }
        }
    }

    /// The axis widened to the round ticks around it (0–380 → 0–400), so that its ends
    /// are labelled.
    pub fn rounded(self, max_ticks: usize) -> Linear {
        let t = self.ticks(max_ticks);
        let step = match t.as_slice() {
            [a, b, ..] => b - a,
            _ => return self,
        };
        Linear {
            lo: (self.lo / step).floor() * step,
            hi: (self.hi / step).ceil() * step,
        }
    }

    /// The step of the axis' round ticks (of [`Linear::rounded`] with five ticks).
    pub fn step(&self) -> f64 {
        match self.ticks(5).as_slice() {
            [a, b, ..] => b - a,
            _ => self.hi - self.lo,
        }
    }

    /// The multiples of `step` on the axis (zero among them).
    pub fn multiples(&self, step: f64) -> Vec<f64> {
        if step.is_nan() || step <= 0.0 || (self.hi - self.lo) / step > 1000.0 {
            return vec![0.0];
        }
        let first = (self.lo / step - 1e-9).ceil() as i64;
        let last = (self.hi / step + 1e-9).floor() as i64;
        (first..=last).map(|i| i as f64 * step).collect()
    }

    /// Where `v` falls on `cells` cells, in eighths of a cell from the left edge.
    pub fn eighths(&self, v: f64, cells: usize) -> usize {
        let t = ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        (t * (cells * 8) as f64).round() as usize
    }

    /// Round tick values (1, 2, 2.5 or 5 × a power of ten) with at most `max` ticks.
    pub fn ticks(&self, max: usize) -> Vec<f64> {
        let max = max.max(2);
        let span = self.hi - self.lo;
        let raw = span / (max - 1) as f64;
        let pow = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * pow)
            .find(|s| span / s <= (max - 1) as f64 + 1e-9)
            .unwrap_or(10.0 * pow);
        let first = (self.lo / step).ceil() as i64;
        let last = (self.hi / step + 1e-9).floor() as i64;
        (first..=last).map(|i| i as f64 * step).collect()
    }
}

/// A log axis from 10^`lo` to 10^`hi` (whole powers, `lo < hi`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Log {
    pub lo: i32,
    pub hi: i32,
}

impl Log {
    /// The powers of ten around the positive values `min`..`max`.
    pub fn around(min: f64, max: f64) -> Option<Log> {
        if !(min > 0.0 && max >= min && max.is_finite()) {
            return None;
        }
        let lo = min.log10().floor() as i32;
        let hi = (max.log10().ceil() as i32).max(lo + 1);
        Some(Log { lo, hi })
    }

    /// How many of `cells` cells a bar for `v` fills: at least one for any positive value.
    pub fn cells(&self, v: f64, cells: usize) -> usize {
        if v <= 0.0 || cells == 0 {
            return 0;
        }
        let t = (v.log10() - f64::from(self.lo)) / f64::from(self.hi - self.lo);
        ((t.clamp(0.0, 1.0) * cells as f64).round() as usize).clamp(1, cells)
    }
}

/// A short number: `2`, `2.5`, `40`, `1,200`.
fn short(n: f64) -> String {
    let r = (n * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        let i = r as i64;
        let s = i.unsigned_abs().to_string();
        let mut out = String::new();
        for (k, c) in s.chars().enumerate() {
            if k > 0 && (s.len() - k).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if i < 0 { format!("-{out}") } else { out }
    } else {
        format!("{r:.1}")
    }
}

/// `v` with a magnitude letter: `2.5B`, `400M`, `1T`, `950`.
pub fn magnitude(v: f64) -> String {
    let a = v.abs();
    for (scale, l) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] {
        if a >= scale {
            return format!("{}{l}", short(v / scale));
        }
    }
    short(v)
}

/// An axis label for `v` in `unit`: `$2B`, `RMB 40B`, `25%`, `1,200`.
pub fn label(v: f64, unit: &Unit) -> String {
    match unit {
        _ if v == 0.0 => "0".to_string(),
        Unit::Money(code) if v < 0.0 => format!("-{}{}", money_prefix(code), magnitude(-v)),
        Unit::Money(code) => format!("{}{}", money_prefix(code), magnitude(v)),
        Unit::Percent => format!("{}%", short(v)),
        Unit::Count(_) => magnitude(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_axes_start_at_zero_and_tick_at_round_values() {
        let a = Linear::including_zero(260e9, 400e9);
        assert_eq!(a.lo, 0.0);
        assert_eq!(a.ticks(5), vec![0.0, 100e9, 200e9, 300e9, 400e9]);
        assert_eq!(
            Linear::including_zero(0.0, 6e9).ticks(4),
            vec![0.0, 2e9, 4e9, 6e9]
        );
        let r = Linear::including_zero(0.0, 380e9).rounded(5);
        assert_eq!((r.lo, r.hi), (0.0, 400e9));
        assert_eq!(r.step(), 100e9);
        assert_eq!(r.multiples(200e9), vec![0.0, 200e9, 400e9]);
        let r = Linear::including_zero(-3.0, 38.0).rounded(5);
        assert_eq!((r.lo, r.hi), (-20.0, 40.0), "a step of 20 fits five ticks");
        let neg = Linear::including_zero(-5.0, 40.0);
        assert_eq!(neg.ticks(6), vec![0.0, 10.0, 20.0, 30.0, 40.0]);
        assert_eq!(neg.ticks(12)[0], -5.0);
    }

    #[test]
    fn one_value_or_none_gives_a_usable_axis() {
        let one = Linear::including_zero(6e9, 6e9);
        assert_eq!((one.lo, one.hi), (0.0, 6e9));
        assert_eq!(one.eighths(6e9, 10), 80);
        let none = Linear::including_zero(f64::INFINITY, f64::NEG_INFINITY);
        assert_eq!((none.lo, none.hi), (0.0, 1.0));
        let zero = Linear::including_zero(0.0, 0.0);
        assert_eq!(zero.eighths(0.0, 10), 0);
        assert!(!zero.ticks(3).is_empty());
    }

    #[test]
    fn log_axes_cover_whole_powers_and_show_every_positive_value() {
        let a = Log::around(3e9, 1e12).unwrap();
        assert_eq!((a.lo, a.hi), (9, 12));
        assert_eq!(a.cells(1e12, 9), 9);
        assert_eq!(a.cells(10e9, 9), 3);
        assert_eq!(a.cells(1.0, 9), 1, "a tiny value still shows");
        assert_eq!(a.cells(0.0, 9), 0);
        let one = Log::around(7e9, 7e9).unwrap();
        assert_eq!((one.lo, one.hi), (9, 10));
        assert_eq!(Log::around(0.0, 5.0), None);
    }

    #[test]
    fn labels_carry_the_unit_and_a_magnitude() {
        assert_eq!(label(2e9, &Unit::Money("USD")), "$2B");
        assert_eq!(label(2.5e9, &Unit::Money("USD")), "$2.5B");
        assert_eq!(label(40e9, &Unit::Money("RMB")), "RMB 40B");
        assert_eq!(label(-5.0, &Unit::Percent), "-5%");
        assert_eq!(label(1200.0, &Unit::Count(String::new())), "1.2K");
        assert_eq!(label(0.0, &Unit::Money("USD")), "0");
        assert_eq!(magnitude(1e12), "1T");
        assert_eq!(magnitude(950.0), "950");
    }
}
