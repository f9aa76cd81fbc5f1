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
//!   U+200E/U+200F, U+061C), zero-width characters (U+200B–U+200D, U+2060–U+2064,
//!   U+FEFF), interlinear annotation (U+FFF9–U+FFFB) and tag characters (U+E0000–U+E007F)
//!   are dropped: they are invisible, so a placeholder would only add noise.

use std::borrow::Cow;

/// What to do with one character.
enum Treatment {
    Keep,
    Drop,
    Replace(char),
}

fn treatment(c: char) -> Treatment {
    match c {
        '\n' => Treatment::Keep,
        '\t' => Treatment::Replace(' '),
        '\u{2028}' | '\u{2029}' => Treatment::Replace('\n'),
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Treatment::Replace('\u{fffd}'),
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061c}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}' => Treatment::Drop,
        _ => Treatment::Keep,
    }
}

/// Can `c` be shown as it is, on one line? (Typed characters are filtered by this: a pasted
/// bidi override or control must not reach the search box either.)
pub fn is_plain(c: char) -> bool {
    c != '\n' && matches!(treatment(c), Treatment::Keep)
}

/// Returns `text` with every unsafe character dropped or replaced (see the module docs).
/// Borrows when the text is already clean, which is the common case.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    let Some(first_bad) = text
        .char_indices()
        .find(|&(_, c)| !matches!(treatment(c), Treatment::Keep))
        .map(|(i, _)| i)
    else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first_bad]);
    for c in text[first_bad..].chars() {
        match treatment(c) {
            Treatment::Keep => out.push(c),
            Treatment::Drop => {}
            Treatment::Replace(r) => out.push(r),
        }
    }
    Cow::Owned(out)
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
    }

    #[test]
    fn tabs_and_separators_are_normalised() {
        assert_eq!(sanitize("a\tb\u{2028}c"), "a b\nc");
        assert_eq!(sanitize_line("a\nb\u{2029}c"), "a b c");
    }
}
