//! Reading one figure out of a value's text, for charts: `RMB 41,626M (~$6.0B)`,
//! `approximately $11.5 billion`, `more than $130 billion`, `+38% YoY`, `>1T`, `11 quarters`.
//!
//! The reading is deliberately strict: a text is read only when, outside brackets, it holds
//! exactly one number and nothing before that number but approximation or bound words,
//! a currency and a sign. `fell 5.3%`, `dense 0.6B to 32B` or `swung to an outflow` are
//! not read (a chart leaves them out and says so). Figures in brackets after the main one
//! are kept as the source's own equivalents (`(~$6.0B)`); nothing is ever converted.

use super::words::{
    BOUND_WORDS, CURRENCIES, NOT_A_UNIT, magnitude, magnitude_letter, strip, unit_hint,
};

/// What a figure counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A currency, by its code: `USD`, `RMB`, `EUR`, `GBP`, `HKD`, `JPY`, or `¥` (yen or
    /// yuan: the sign alone does not say which).
    Money(&'static str),
    Percent,
    /// A plain number and the word after it (`quarters`), lowercase; empty when none.
    Count(String),
}

impl Unit {
    /// How the unit is named in a chart's title and notes: `USD`, `%`, `quarters`.
    pub fn name(&self) -> String {
        match self {
            Unit::Money(code) => (*code).to_string(),
            Unit::Percent => "%".to_string(),
            Unit::Count(w) if w.is_empty() => "number".to_string(),
            Unit::Count(w) => w.clone(),
        }
    }
}

/// How exact a figure is, as its text says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Exact,
    /// `~`, `about`, `approximately`, `around`, `roughly`, `nearly`…
    About,
    /// `at least`, `≥`, or a `+` after the number (`$6.0B+`).
    AtLeast,
    /// `more than`, `over`, `above`, `>`.
    MoreThan,
    /// `up to`, `at most`, `≤`.
    AtMost,
    /// `less than`, `under`, `below`, `<`.
    LessThan,
}

impl Bound {
    /// The mark written before a figure's label.
    pub fn mark(self) -> &'static str {
        match self {
            Bound::Exact => "",
            Bound::About => "~",
            Bound::AtLeast => "≥",
            Bound::MoreThan => ">",
            Bound::AtMost => "≤",
            Bound::LessThan => "<",
        }
    }

    /// A limit rather than a figure (a change computed from it would mean nothing).
    pub fn is_limit(self) -> bool {
        !matches!(self, Bound::Exact | Bound::About)
    }
}

/// One number with its unit, scaled to units (`41,626M` → 41,626,000,000).
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub unit: Unit,
    pub bound: Bound,
    /// The number as written, with its magnitude as a letter: `41,626M`, `6.0B`, `38`.
    pub written: String,
    /// The text gave a magnitude (`M`, `billion`…).
    pub scaled: bool,
}

impl Figure {
    /// The label without what a plain number counts (`15M` for `15M users`), for a chart
    /// whose title names the unit.
    pub fn short_label(&self) -> String {
        match &self.unit {
            Unit::Count(w) if !w.is_empty() => Figure {
                unit: Unit::Count(String::new()),
                ..self.clone()
            }
            .label(),
            _ => self.label(),
        }
    }

    /// A short label: `~$6.0B`, `RMB 41,626M`, `>$130B`, `-5.3%`, `11 quarters`.
    pub fn label(&self) -> String {
        let sign = if self.value < 0.0 { "-" } else { "" };
        let body = match &self.unit {
            Unit::Money(code) => format!("{}{sign}{}", money_prefix(code), self.written),
            Unit::Percent => format!("{sign}{}%", self.written),
            Unit::Count(w) if w.is_empty() => format!("{sign}{}", self.written),
            Unit::Count(w) => format!("{sign}{} {w}", self.written),
        };
        format!("{}{body}", self.bound.mark())
    }
}

/// What goes before an amount of this currency: `$`, `RMB `, `€`.
pub fn money_prefix(code: &str) -> &'static str {
    match code {
        "USD" => "$",
        "RMB" => "RMB ",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "JPY" => "JPY ",
        "¥" => "¥",
        _ => "",
    }
}

/// A value's main figure and the equivalents its source gives in brackets.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub main: Figure,
    pub also: Vec<Figure>,
}

impl Reading {
    /// The main figure, or else the first equivalent, in `unit`.
    pub fn in_unit(&self, unit: &Unit) -> Option<(&Figure, bool)> {
        if self.main.unit == *unit {
            return Some((&self.main, false));
        }
        self.also
            .iter()
            .find(|f| f.unit == *unit)
            .map(|f| (f, true))
    }
}

/// Reads a value's text; `None` when it is not one figure.
pub fn read(text: &str) -> Option<Reading> {
    let (main, brackets) = split_brackets(text);
    let main = read_one(&main)?;
    let also = brackets.iter().filter_map(|b| read_one(b)).collect();
    Some(Reading { main, also })
}

/// Reads a value with the entry's `unit` text as a fallback (`41,626` with unit
/// `RMB million` is RMB 41,626M). The unit text is used only where the value says
/// nothing: a currency in the value wins, and an ambiguous unit (`RMB million / USD`) is
/// ignored.
pub fn read_with_unit(text: &str, unit: Option<&str>) -> Option<Reading> {
    let mut r = read(text)?;
    if let Some((currency, scale)) = unit.and_then(unit_hint) {
        let f = &mut r.main;
        if f.unit == Unit::Count(String::new()) {
            if let Some(c) = currency {
                f.unit = Unit::Money(c);
            }
            if !f.scaled && scale != 1.0 {
                f.value *= scale;
                f.written.push_str(magnitude_letter(scale));
                f.scaled = true;
            }
        }
    }
    Some(r)
}

/// The text outside brackets, and the text of each bracketed part.
fn split_brackets(text: &str) -> (String, Vec<String>) {
    let mut main = String::new();
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut part = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => {
                if depth > 0 {
                    part.push(c);
                }
                depth += 1;
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    parts.push(std::mem::take(&mut part));
                } else {
                    part.push(c);
                }
            }
            _ if depth > 0 => part.push(c),
            _ => main.push(c),
        }
    }
    if !part.is_empty() {
        parts.push(part);
    }
    (main, parts)
}

/// Byte ranges of the numbers in `s`: digits, with `,` and `.` between digits.
fn numbers(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || ((b[i] == b',' || b[i] == b'.')
                        && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

fn read_one(text: &str) -> Option<Figure> {
    let s = text.trim();
    let nums = numbers(s);
    let [(start, end)] = nums.as_slice() else {
        return None;
    };
    let (mut bound, mut currency, mut negative) = (Bound::Exact, None, false);
    // Before the number: bound words, a currency and a sign, in any order; nothing else.
    let before = s[..*start].to_lowercase();
    let mut rest = before.trim_start();
    while !rest.is_empty() {
        if let Some((r, b)) = BOUND_WORDS
            .iter()
            .find_map(|&(w, b)| strip(rest, w).map(|r| (r, b)))
        {
            bound = b;
            rest = r;
        } else if let Some((r, c)) = CURRENCIES
            .iter()
            .find_map(|&(w, c)| strip(rest, w).map(|r| (r, c)))
        {
            currency = Some(c);
            rest = r;
        } else if let Some(r) = rest.strip_prefix(['-', '−', '–']) {
            negative = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('+') {
            rest = r;
        } else {
            return None;
        }
        rest = rest.trim_start();
    }
    let number = &s[*start..*end];
    let n = parse_number(number)?;
    // After the number: a magnitude, `%`, a `+`, a currency word, then free words.
    let after = &s[*end..];
    let (scale, letter, mut after) = magnitude(after);
    let mut percent = false;
    if let Some(r) = after.strip_prefix('%') {
        percent = true;
        after = r;
    }
    if let Some(r) = after.strip_prefix('+') {
        if bound == Bound::Exact {
            bound = Bound::AtLeast;
        }
        after = r;
    }
    let lower = after.trim_start().to_lowercase();
    let mut tail = lower.as_str();
    if currency.is_none()
        && let Some((r, c)) = CURRENCIES
            .iter()
            .filter(|(w, _)| w.chars().all(char::is_alphabetic))
            .find_map(|&(w, c)| strip(tail, w).map(|r| (r, c)))
    {
        currency = Some(c);
        tail = r;
    }
    let unit = match (currency, percent) {
        (Some(_), true) => return None,
        (Some(c), false) => Unit::Money(c),
        (None, true) => Unit::Percent,
        (None, false) => {
            let word: String = tail
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            if NOT_A_UNIT.contains(&word.as_str()) {
                Unit::Count(String::new())
            } else {
                Unit::Count(word)
            }
        }
    };
    let value = n * scale;
    Some(Figure {
        value: if negative { -value } else { value },
        unit,
        bound,
        written: format!("{number}{letter}"),
        scaled: scale != 1.0,
    })
}

/// `41,626` → 41626; commas must group thousands (`1,5` is not read).
fn parse_number(s: &str) -> Option<f64> {
    let (int, _) = s.split_once('.').unwrap_or((s, ""));
    if s.matches('.').count() > 1 {
        return None;
    }
    let groups: Vec<&str> = int.split(',').collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    s.replace(',', "").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn main(text: &str) -> Figure {
        read(text)
            .unwrap_or_else(|| panic!("`{text}` is read"))
            .main
    }

    #[test]
    fn money_with_magnitudes_and_currencies() {
        let f = main("RMB 41,626M");
        assert_eq!((f.value, &f.unit), (41_626e6, &Unit::Money("RMB")));
        assert_eq!(f.label(), "RMB 41,626M");
        let f = main("approximately $11.5 billion");
        assert_eq!((f.value, f.bound), (11.5e9, Bound::About));
        assert_eq!(f.label(), "~$11.5B");
        assert_eq!(main("380 billion yuan").unit, Unit::Money("RMB"));
        assert_eq!(main("US$ 2 bn").value, 2e9);
        assert_eq!(main("€3.5m").unit, Unit::Money("EUR"));
        assert_eq!(main("HK$120").unit, Unit::Money("HKD"));
        assert_eq!(main("¥5 trillion").unit, Unit::Money("¥"));
    }

    #[test]
    fn bounds_and_approximations() {
        assert_eq!(main("more than $130 billion").bound, Bound::MoreThan);
        assert_eq!(main(">$70B").bound, Bound::MoreThan);
        assert_eq!(main("$6.0B+").bound, Bound::AtLeast);
        assert_eq!(main("$6.0B+").label(), "≥$6.0B");
        assert_eq!(main("~30%").bound, Bound::About);
        assert_eq!(main("around $400 billion").label(), "~$400B");
        assert_eq!(main("under 5%").bound, Bound::LessThan);
        assert_eq!(main("up to 1M tokens").bound, Bound::AtMost);
        assert_eq!(main("over 900,000").value, 900_000.0);
        assert!(Bound::MoreThan.is_limit() && !Bound::About.is_limit());
    }

    #[test]
    fn percentages_signs_and_counts() {
        let f = main("+38% YoY");
        assert_eq!((f.value, &f.unit), (38.0, &Unit::Percent));
        assert_eq!(main("-5.3%").value, -5.3);
        assert_eq!(main("−5.3%").label(), "-5.3%");
        assert_eq!(main("11 quarters").unit, Unit::Count("quarters".into()));
        assert_eq!(main("11 quarters").label(), "11 quarters");
        assert_eq!(main("~11 quarters").short_label(), "~11");
        assert_eq!(main("~$6.0B").short_label(), "~$6.0B");
        assert_eq!(
            main("22 billion per token").unit,
            Unit::Count(String::new())
        );
        assert_eq!(main("22 billion per token").label(), "22B");
        assert_eq!(main(">1T").value, 1e12);
        assert_eq!(main("262K").value, 262e3);
    }

    #[test]
    fn bracketed_figures_are_the_sources_own_equivalents() {
        let r = read("RMB 41,626M (~$6.0B)").unwrap();
        assert_eq!(r.main.unit, Unit::Money("RMB"));
        assert_eq!(r.also.len(), 1);
        let (usd, from_brackets) = r.in_unit(&Unit::Money("USD")).unwrap();
        assert!(from_brackets);
        assert_eq!((usd.value, usd.bound), (6e9, Bound::About));
        let r = read("RMB 1,023,670 million (about $148.4 billion)").unwrap();
        assert_eq!(r.main.value, 1_023_670e6);
        assert_eq!(r.main.label(), "RMB 1,023,670M");
        assert_eq!(r.also[0].label(), "~$148.4B");
        // A bracket without a figure is a remark.
        assert!(
            read("80.4% (Alibaba's own testing)")
                .unwrap()
                .also
                .is_empty()
        );
        assert_eq!(read("RMB 8,971M").unwrap().in_unit(&Unit::Percent), None);
    }

    #[test]
    fn texts_that_are_not_one_figure_are_not_read() {
        for text in [
            "swung to an outflow",
            "not separately disclosed",
            "fell 5.3%",
            "dense 0.6B to 32B",
            "0.5B, 1.5B, 7B, 14B, 32B and 72B",
            "235 billion / 22 billion",
            "Q4 FY2026 revenue $6B",
            "1,5 million",
            "1.2.3",
            "$5%",
            "",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn the_entry_unit_fills_in_what_the_value_leaves_out() {
        let r = read_with_unit("41,626", Some("RMB million")).unwrap();
        assert_eq!(r.main.unit, Unit::Money("RMB"));
        assert_eq!(r.main.value, 41_626e6);
        assert_eq!(r.main.label(), "RMB 41,626M");
        // The value's own currency and magnitude win.
        let r = read_with_unit("$6B", Some("RMB million")).unwrap();
        assert_eq!((r.main.value, &r.main.unit), (6e9, &Unit::Money("USD")));
        // Two currencies in the unit: not used.
        let r = read_with_unit("41,626", Some("RMB million / USD")).unwrap();
        assert_eq!(r.main.unit, Unit::Count(String::new()));
        assert_eq!(
            read_with_unit("12", Some("USD")).unwrap().main.label(),
            "$12"
        );
    }
}
