//! Splitting text into the words it can be found by — the same way for an entry's text at
//! load and for a query as it is typed, so that what someone types meets what the entry
//! says.
//!
//! A *word* is a run of letters and digits, lowercased; a `.` or `,` between two digits
//! stays in it (`3.5`, `73.52`, `41,626`, and so `qwen3.5`). Each Chinese, Japanese or
//! Korean character is a word of its own, so a name is found by any of its characters.
//! Besides the word itself, an entry is also found by (see `postings::entry_words`):
//! - its *parts* where letters and digits meet (`qwen3.5` → `qwen`, `3.5`; `397b` → `397`;
//!   `262k` → `262`), so `qwen 3.5` and `262` find it;
//! - its *squashed* form without `.` and `,` (`qwen35`, `41626`);
//! - the squashed join of words written with hyphens (`qwen3-coder` → `qwen3coder`), so a
//!   name typed without its hyphens is found too.
//!
//! Every form of a word shares the word's position, so matching `qwen` and `3.5` in
//! `Qwen3.5` counts as one word of the title covered, not two.

use unicode_width::UnicodeWidthChar;

/// One word of a text: where it is (bytes of the original text) and its forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// Lowercased, as it reads.
    pub text: String,
}

/// Is `c` written in a script without spaces between words (each character a word)?
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x2FA1F) // CJK extensions B–F, compatibility supplement
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let n = words_into(text, &mut out);
    out.truncate(n);
    out
}

/// [`words`] into `out`, reusing its words' memory: the first `n` are this text's, for
/// the `n` returned; any after are left over.
pub fn words_into(text: &str, out: &mut Vec<Word>) -> usize {
    let mut n = 0;
    let ascii = text.is_ascii();
    let mut put = |start: usize, end: usize| {
        if n == out.len() {
            out.push(Word {
                start,
                end,
                text: String::new(),
            });
        }
        let slot = &mut out[n];
        slot.start = start;
        slot.end = end;
        slot.text.clear();
        spell(&text[start..end], ascii, &mut slot.text);
        n += 1;
    };
    if ascii {
        ascii_spans(text.as_bytes(), &mut put);
    } else {
        spans(text, &mut put);
    }
    n
}

/// How word `w` is spelt, onto `out`: lowercase, without joiners and variation selectors,
/// which change how a word is drawn, not how it is spelt (`می‌خواهم` is found as
/// `میخواهم`). `ascii`: the word is known to be ASCII.
fn spell(w: &str, ascii: bool, out: &mut String) {
    if ascii || w.is_ascii() {
        let from = out.len();
        out.push_str(w);
        out[from..].make_ascii_lowercase();
    } else {
        out.extend(
            w.chars()
                .filter(|&c| !is_invisible(c))
                .flat_map(char::to_lowercase),
        );
    }
}

/// A text's words for indexing, as [`words`] splits them but without a string per word
/// (indexing splits millions): where each is in the text, and its spelling as a range of
/// one string, `spelt` — for an ASCII text, the text lowercased.
#[derive(Default)]
pub struct Split {
    spelt: String,
    spans: Vec<Span>,
}

/// Where a word of a [`Split`] is: bytes `start..end` of the text, `from..to` of `spelt`.
#[derive(Clone, Copy)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    from: usize,
    to: usize,
}

impl Split {
    /// Splits `text`, reusing this split's memory.
    pub fn of(&mut self, text: &str) {
        self.spelt.clear();
        self.spans.clear();
        if text.is_ascii() {
            self.spelt.push_str(text);
            self.spelt.make_ascii_lowercase();
            let spans = &mut self.spans;
            ascii_spans(text.as_bytes(), &mut |start, end| {
                spans.push(Span {
                    start,
                    end,
                    from: start,
                    to: end,
                })
            });
        } else {
            let (spelt, spans) = (&mut self.spelt, &mut self.spans);
            self::spans(text, &mut |start, end| {
                let from = spelt.len();
                spell(&text[start..end], false, spelt);
                spans.push(Span {
                    start,
                    end,
                    from,
                    to: spelt.len(),
                })
            });
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Where word `i` is in the text.
    pub fn span(&self, i: usize) -> Span {
        self.spans[i]
    }

    /// How word `i` is spelt.
    pub fn word(&self, i: usize) -> &str {
        let s = self.spans[i];
        &self.spelt[s.from..s.to]
    }
}

/// Where the words of `text` are, as byte ranges, in order.
fn spans(text: &str, put: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_cjk(c) {
            put(start, start + c.len_utf8());
            continue;
        }
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        let mut prev = c;
        while let Some(&(at, d)) = chars.peek() {
            let letter = (d.is_alphanumeric() && !is_cjk(d)) || is_inner_mark(d);
            // `.` or `,` between two digits stays in the word (`3.5`, `41,626`).
            let decimal = matches!(d, '.' | ',')
                && prev.is_ascii_digit()
                && bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
            if !(letter || decimal) {
                break;
            }
            chars.next();
            end = at + d.len_utf8();
            prev = d;
        }
        put(start, end);
    }
}

/// [`spans`] of an ASCII text, a byte at a time (most text is ASCII, and indexing splits
/// millions of words).
fn ascii_spans(bytes: &[u8], put: &mut impl FnMut(usize, usize)) {
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while let Some(&d) = bytes.get(i) {
            let decimal = matches!(d, b'.' | b',')
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !(d.is_ascii_alphanumeric() || decimal) {
                break;
            }
            i += 1;
        }
        put(start, i);
    }
}

/// A character that shows nothing by itself but belongs to the word around it: a combining
/// mark (the virama in `क्ष`), a joiner or a variation selector.
fn is_inner_mark(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !c.is_control() && c.width() == Some(0)
}

/// Joiners and variation selectors: they change how a word is drawn, not how it is spelt.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}')
}

/// The parts of a word where letters and digits meet (`qwen3.5` → `qwen`, `3.5`), when it
/// has more than one; single letters are left out (`a17b` → `17`), as too common to mean
/// anything alone.
pub fn parts(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for_each_part(word, |p| out.push(p));
    out
}

/// [`parts`], each given to `f` (no list is made: indexing asks for millions).
pub fn for_each_part<'a>(word: &'a str, mut f: impl FnMut(&'a str)) {
    // Only a word with a digit and something else has parts.
    let digits = word.bytes().filter(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits == word.len() {
        return;
    }
    let keep = |p: &str| p.chars().nth(1).is_some() || p.bytes().all(|b| b.is_ascii_digit());
    let mut start = 0;
    let mut prev: Option<bool> = None;
    for (i, c) in word.char_indices() {
        let digit = c.is_ascii_digit() || matches!(c, '.' | ',');
        if prev.is_some_and(|p| p != digit) {
            let part = &word[start..i];
            if keep(part) {
                f(part);
            }
            start = i;
        }
        prev = Some(digit);
    }
    if start > 0 && keep(&word[start..]) {
        f(&word[start..]);
    }
}

/// The word without its `.` and `,` (`qwen3.5` → `qwen35`, `41,626` → `41626`), when that
/// differs and the word is not a plain decimal (`3.5` stays `3.5` only).
pub fn squashed(word: &str) -> Option<String> {
    if !word.bytes().any(|b| matches!(b, b'.' | b',')) {
        return None;
    }
    let has_letter = word.chars().any(char::is_alphabetic);
    let comma = word.contains(',');
    if !(comma || (has_letter && word.contains('.'))) {
        return None;
    }
    Some(word.chars().filter(|c| !matches!(c, '.' | ',')).collect())
}

/// The squashed joins of words written with hyphens between them (no space): for
/// `Qwen3-Coder-480B`, `qwen3coder` and `qwen3coder480b`, each at the position of its
/// first word. Returned as (index of the first word, joined form).
pub fn hyphen_joins(text: &str, words: &Split) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    let hyphen = |j: usize| &text[words.span(j).end..words.span(j + 1).start] == "-";
    let form = |j: usize| squashed(words.word(j)).unwrap_or_else(|| words.word(j).to_string());
    while i < words.len() {
        let mut j = i;
        while j + 1 < words.len() && hyphen(j) {
            j += 1;
        }
        if j > i {
            let mut joined = form(i);
            for k in i + 1..=j.min(i + 3) {
                joined.push_str(&form(k));
                out.push((i, joined.clone()));
            }
        }
        i = j + 1;
    }
    out
}

/// The magnitude words and the letter each is written as after a figure (`53B`, `262K`).
const MAGNITUDES: &[(&str, &str)] = &[
    ("thousand", "k"),
    ("million", "m"),
    ("mn", "m"),
    ("billion", "b"),
    ("bn", "b"),
    ("trillion", "t"),
    ("tn", "t"),
];

/// Is this a figure (digits, with `.` or `,` inside)?
pub fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
}

/// A figure and a magnitude written the other way: `53` before `billion` is also `53b`;
/// `53b` is also `billion` (and, through its parts, `53`). Returns the extra form.
pub fn magnitude_form(word: &str, next: Option<&str>) -> Option<String> {
    if is_number(word) {
        let next = next?;
        let (_, letter) = MAGNITUDES.iter().find(|(w, _)| *w == next)?;
        return Some(format!("{word}{letter}"));
    }
    let unit = word.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ','));
    if unit.len() == word.len() || unit.is_empty() || !is_number(&word[..word.len() - unit.len()]) {
        return None;
    }
    MAGNITUDES
        .iter()
        .find(|(_, l)| *l == unit)
        .map(|(w, _)| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        words(t).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn versions_figures_and_ids() {
        assert_eq!(texts("Qwen3.5-397B-A17B"), ["qwen3.5", "397b", "a17b"]);
        assert_eq!(texts("qwen 3.5"), ["qwen", "3.5"]);
        assert_eq!(texts("$53B, +38% YoY"), ["53b", "38", "yoy"]);
        assert_eq!(texts("RMB 41,626M (73.52)"), ["rmb", "41,626m", "73.52"]);
        assert_eq!(texts("380 billion."), ["380", "billion"]);
        assert_eq!(
            texts("model.qwen3-235b-a22b"),
            ["model", "qwen3", "235b", "a22b"]
        );
        // A full stop after a number ends the sentence, not a decimal.
        assert_eq!(texts("in 2023. Then"), ["in", "2023", "then"]);
        assert_eq!(texts("Alibaba's"), ["alibaba", "s"]);
    }

    #[test]
    fn marks_and_joiners_stay_inside_their_word() {
        // The virama of a conjunct, a vowel sign: one word, not three.
        assert_eq!(
            texts("Hindi क्षमता and मित्र"),
            ["hindi", "क्षमता", "and", "मित्र"]
        );
        // Persian with a zero-width non-joiner is spelt without it, so a query typed
        // without one finds it.
        assert_eq!(texts("می\u{200c}خواهم"), ["میخواهم"]);
        let w = &words("x می\u{200c}خواهم")[1];
        assert_eq!(
            w.end,
            "x می\u{200c}خواهم".len(),
            "the word's span keeps the joiner"
        );
        // Emoji are not words.
        assert_eq!(texts("lab 👩\u{200d}🔬 head"), ["lab", "head"]);
    }

    #[test]
    fn parts_and_squashed_forms() {
        assert_eq!(parts("qwen3.5"), ["qwen", "3.5"]);
        assert_eq!(parts("262k"), ["262"]);
        assert_eq!(parts("a17b"), ["17"]);
        assert!(parts("qwen").is_empty());
        assert_eq!(squashed("qwen3.5").as_deref(), Some("qwen35"));
        assert_eq!(squashed("41,626m").as_deref(), Some("41626m"));
        assert_eq!(squashed("3.5"), None);
        assert_eq!(squashed("qwen35"), None);
    }

    #[test]
    fn figures_and_magnitudes_meet() {
        assert_eq!(
            magnitude_form("53", Some("billion")).as_deref(),
            Some("53b")
        );
        assert_eq!(magnitude_form("203m", None).as_deref(), Some("million"));
        assert_eq!(magnitude_form("1.5t", None).as_deref(), Some("trillion"));
        assert_eq!(magnitude_form("53", Some("people")), None);
        assert_eq!(magnitude_form("qwen3", None), None);
        assert_eq!(magnitude_form("a17b", None), None);
    }

    #[test]
    fn hyphenated_names_join() {
        let t = "Qwen3-Coder-480B and X-1";
        let mut w = Split::default();
        w.of(t);
        let joins = hyphen_joins(t, &w);
        assert_eq!(
            joins,
            [
                (0, "qwen3coder".to_string()),
                (0, "qwen3coder480b".to_string()),
                (4, "x1".to_string()),
            ]
        );
    }

    #[test]
    fn cjk_characters_are_words_and_offsets_are_bytes() {
        let t = "通义千问 Qwen";
        let w = words(t);
        assert_eq!(
            w.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            ["通", "义", "千", "问", "qwen"]
        );
        assert_eq!(&t[w[4].start..w[4].end], "Qwen");
        assert_eq!(&t[w[1].start..w[1].end], "义");
    }

    #[test]
    fn a_split_has_the_words_words_has() {
        let texts = [
            "Qwen3.5-397B-A17B, RMB 41,626M (73.52) in 2023. Then",
            "通义千问 Qwen app (Qwen Studio, formerly Qwen Chat)",
            "Hindi क्षमता and मित्र; می\u{200c}خواهم x",
            "",
            "  --  ",
            "ÉCOLE Straße 3.5.6 a,b 1,2,3",
        ];
        let mut split = Split::default();
        for t in texts {
            split.of(t);
            let ws = words(t);
            assert_eq!(split.len(), ws.len(), "{t}");
            for (i, w) in ws.iter().enumerate() {
                assert_eq!(split.word(i), w.text, "{t}");
                assert_eq!((split.span(i).start, split.span(i).end), (w.start, w.end));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// The byte-at-a-time split of ASCII text finds the words the general one does.
        #[test]
        fn ascii_text_splits_as_any_text_does(t in "[a-zA-Z0-9 .,;:()$%+-]{0,40}") {
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            ascii_spans(t.as_bytes(), &mut |s, e| fast.push((s, e)));
            spans(&t, &mut |s, e| general.push((s, e)));
            proptest::prop_assert_eq!(fast, general);
        }

        #[test]
        fn a_split_of_any_text_has_the_words_words_has(t in "\\PC{0,30}") {
            let mut split = Split::default();
            split.of(&t);
            let ws = words(&t);
            proptest::prop_assert_eq!(split.len(), ws.len());
            for (i, w) in ws.iter().enumerate() {
                proptest::prop_assert_eq!(split.word(i), w.text.as_str());
            }
        }
    }
}
