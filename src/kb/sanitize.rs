//! The one function that makes untrusted text safe to show.
//!
//! Every string read from a knowledge base goes through [`sanitize`] once, at load, and so
//! does every error message before it is printed. So does all other text from outside
//! before it is shown: file names (`check`'s summary), command-line words (the search box),
//! history lines (at load), values `config --print` echoes (escaped by the same test,
//! [`is_plain`]), clap's usage errors and help (which quote arguments and environment
//! values), and the status line. Nothing from a file can then move the cursor, change
//! colours, set the window title, write the clipboard (OSC 52), query the terminal, or
//! reorder text with bidirectional controls (`tests/outside_text.rs` runs each command on a
//! file named with them).
//!
//! Per class of character:
//! - C0 controls (U+0000–U+001F) other than tab and line feed, DEL (U+007F) and C1
//!   controls (U+0080–U+009F) — including ESC, which starts every escape sequence, and
//!   CSI/OSC/DCS in their 8-bit forms — become U+FFFD `�`, so the reader sees that
//!   something was there. The printable remainder of a sequence (`[31m`) stays as
//!   harmless text.
//! - Tab becomes a space; line and paragraph separators (U+2028/U+2029) become `\n`.
//! - Bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069,
//!   U+200E/U+200F, U+061C), zero-width spaces and invisible operators (U+200B,
//!   U+2060–U+206F, U+FEFF), interlinear annotation (U+FFF9–U+FFFB), tag characters
//!   (U+E0000–U+E007F) and the other default-ignorable characters that show nothing but
//!   that terminals draw with widths of their own — the soft hyphen U+00AD, the Hangul
//!   fillers U+115F, U+1160, U+3164 and U+FFA0, U+180E, U+17B4/U+17B5 — are dropped: they
//!   are invisible, so a placeholder would only add noise, and left in they can make two
//!   different texts look alike.
//! - The joiners U+200C and U+200D are kept inside a word of a script that needs them
//!   (Persian `می‌خواهم`, Indic conjuncts, emoji sequences such as `👩‍🔬`): between two
//!   characters that are neither ASCII nor white space. Anywhere else they are invisible
//!   and dropped (`pay\u{200d}pal` becomes `paypal`).
//! - A variation selector (U+FE00–U+FE0F, U+E0100–U+E01EF, the Mongolian U+180B–U+180D and
//!   U+180F) and U+034F are kept once, right after the visible character they modify
//!   (`❤️`, keycaps); a second one in a row, or one after white space or at the start, is
//!   dropped (runs of them can smuggle hidden text).

use std::borrow::Cow;

/// What to do with one character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Treatment {
    Keep,
    Drop,
    Replace(char),
    /// A joiner: kept only inside a word of a script that needs it (see the module docs).
    Joiner,
    /// A variation selector: kept only right after the character it modifies.
    Selector,
}

fn treatment(c: char) -> Treatment {
    match c {
        '\n' => Treatment::Keep,
        '\t' => Treatment::Replace(' '),
        '\u{2028}' | '\u{2029}' => Treatment::Replace('\n'),
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Treatment::Replace('\u{fffd}'),
        '\u{200c}' | '\u{200d}' => Treatment::Joiner,
        '\u{fe00}'..='\u{fe0f}'
        | '\u{e0100}'..='\u{e01ef}'
        | '\u{180b}'..='\u{180d}'
        | '\u{180f}'
        | '\u{034f}' => Treatment::Selector,
        '\u{200b}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{061c}'
        | '\u{feff}'
        | '\u{fff0}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e00ff}'
        | '\u{e01f0}'..='\u{e0fff}'
        | '\u{00ad}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{3164}'
        | '\u{ffa0}'
        | '\u{180e}'
        | '\u{17b4}'
        | '\u{17b5}'
        | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}' => Treatment::Drop,
        _ => Treatment::Keep,
    }
}

/// Can `c` be shown as it is, on one line, whatever is around it? (Typed characters are
/// filtered by this: a pasted bidi override or control must not reach the search box
/// either. Joiners and selectors, which depend on their neighbours, are refused.)
pub fn is_plain(c: char) -> bool {
    c != '\n' && treatment(c) == Treatment::Keep
}

/// A character a joiner may stand next to: a letter, mark or symbol of a script that uses
/// joiners (anything but ASCII and white space).
fn joinable(c: Option<char>) -> bool {
    c.is_some_and(|c| !c.is_ascii() && !c.is_whitespace() && c != '\u{fffd}')
}

/// Returns `text` with every unsafe character dropped or replaced (see the module docs).
/// Borrows when the text is already clean, which is the common case.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    // Printable ASCII and line feeds are kept as they are: most text, looked at a byte at a
    // time (every string of a knowledge base passes here at load, and again when a cache
    // is read back).
    if text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n')
    {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    // The last character kept, and what it was (Keep, Joiner or Selector).
    let mut prev: Option<char> = None;
    let mut prev_kind = Treatment::Keep;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let kind = treatment(c);
        let keep = match kind {
            Treatment::Keep => Some(c),
            Treatment::Drop => None,
            Treatment::Replace(r) => Some(r),
            Treatment::Joiner => {
                let next = chars.peek().map(|&(_, d)| d);
                let after = match prev_kind {
                    Treatment::Selector => true,
                    Treatment::Joiner => false,
                    _ => joinable(prev),
                };
                let before = next.is_some_and(|d| treatment(d) == Treatment::Keep);
                (after && before && joinable(next)).then_some(c)
            }
            Treatment::Selector => {
                let base = prev.is_some_and(|p| !p.is_whitespace() && p != '\u{fffd}');
                (base && prev_kind == Treatment::Keep).then_some(c)
            }
        };
        if keep != Some(c) && out.is_none() {
            out = Some(text[..i].to_string());
        }
        if let Some(k) = keep {
            if let Some(o) = out.as_mut() {
                o.push(k);
            }
            prev = Some(k);
            prev_kind = match kind {
                Treatment::Joiner | Treatment::Selector => kind,
                _ => Treatment::Keep,
            };
        }
    }
    match out {
        Some(o) => Cow::Owned(o),
        None => Cow::Borrowed(text),
    }
}

/// Like [`sanitize`], for text that must stay on one line (list rows, status messages):
/// line breaks become spaces as well.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    let clean = sanitize(text);
    if clean.contains('\n') {
        Cow::Owned(clean.replace('\n', " "))
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        let s = "Qwen3-235B-A22B — 通义千问 ~$260 billion";
        assert!(matches!(sanitize(s), Cow::Borrowed(x) if x == s));
    }

    #[test]
    fn escape_sequences_lose_their_escape() {
        assert_eq!(
            sanitize("a\x1b[31mred\x1b[0m"),
            "a\u{fffd}[31mred\u{fffd}[0m"
        );
        // OSC 52 clipboard write and OSC 0 title change, BEL- and ST-terminated.
        let osc = "x\x1b]52;c;aGVsbG8=\x07y\x1b]0;pwned\x1b\\z";
        let out = sanitize(osc);
        assert!(!out.contains('\x1b') && !out.contains('\x07'));
    }

    #[test]
    fn c1_controls_and_del_are_replaced() {
        assert_eq!(sanitize("a\u{9b}31mb\u{7f}"), "a\u{fffd}31mb\u{fffd}");
    }

    #[test]
    fn bidi_and_invisible_characters_are_dropped() {
        assert_eq!(
            sanitize("ab\u{202e}cd\u{2066}e\u{200b}f\u{feff}g\u{e0041}"),
            "abcdefg"
        );
        // Invisible fillers that terminals draw with widths of their own.
        assert_eq!(
            sanitize("a\u{ad}b\u{3164}c\u{115f}d\u{180e}e\u{ffa0}f\u{1160}g"),
            "abcdefg"
        );
    }

    #[test]
    fn joiners_stay_inside_the_words_and_emoji_that_need_them() {
        for kept in [
            "👩\u{200d}🔬",
            "👨\u{200d}👩\u{200d}👧",
            "❤\u{fe0f}\u{200d}🔥",
            "👍🏽",
            "می\u{200c}خواهم",
            "क\u{94d}\u{200d}ष",
        ] {
            assert_eq!(sanitize(kept), kept, "{kept:?}");
        }
        // Between ASCII letters, at an edge, next to white space or doubled: dropped.
        assert_eq!(sanitize("pay\u{200d}pal"), "paypal");
        assert_eq!(sanitize("\u{200d}👩"), "👩");
        assert_eq!(sanitize("👩\u{200d}"), "👩");
        assert_eq!(sanitize("👩\u{200d} 🔬"), "👩 🔬");
        assert_eq!(sanitize("👩\u{200d}\u{200d}🔬"), "👩\u{200d}🔬");
        assert_eq!(sanitize("👩\u{200d}\u{ad}🔬"), "👩🔬");
    }

    #[test]
    fn one_variation_selector_follows_a_character_and_no_more() {
        assert_eq!(sanitize("❤\u{fe0f}"), "❤\u{fe0f}");
        assert_eq!(sanitize("1\u{fe0f}\u{20e3}"), "1\u{fe0f}\u{20e3}");
        // A run of selectors can carry hidden bytes: only the first stays.
        assert_eq!(sanitize("😀\u{fe00}\u{fe01}\u{e0100}x"), "😀\u{fe00}x");
        assert_eq!(sanitize("\u{fe0f}a \u{fe0f}b"), "a b");
    }

    #[test]
    fn tabs_and_separators_are_normalised() {
        assert_eq!(sanitize("a\tb\u{2028}c"), "a b\nc");
        assert_eq!(sanitize_line("a\nb\u{2029}c"), "a b c");
    }
}
