//! A YAML parser error in the loader's words, at the place that caused it: a tab in the
//! indentation at the tab's own line and column, an unclosed quote where it opened, a
//! resource limit with the limit named.

use super::decode::position_after;
use super::diagnostic::Diagnostic;
use super::load::{MAX_ALIAS_REPLAY, MAX_DEPTH, MAX_NODES, MAX_TEXT_TOTAL};
use super::node::Pos;

/// A parser error in our words. `text` is the source, for errors the parser notices past
/// their cause: a tab, an unclosed quote.
pub(super) fn yaml_diagnostic(err: &serde_saphyr::Error, text: &str, origin: &str) -> Diagnostic {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let pos = err.location().map_or(Pos::UNKNOWN, |l| Pos {
        line: u32::try_from(l.line()).unwrap_or(u32::MAX),
        col: u32::try_from(l.column()).unwrap_or(u32::MAX),
    });
    // Alias errors wrap the error that happened while replaying the alias.
    let mut inner = err.without_snippet();
    while let E::AliasError { error, .. } = inner {
        inner = error.without_snippet();
    }
    let limit = |what: String| {
        (
            format!("the file exceeds a safety limit: {what}"),
            "a knowledge base is a flat list of entries; check this is the file you meant to load"
                .to_string(),
        )
    };
    let aliases = || {
        (
            format!(
                "too many alias expansions (more than {MAX_ALIAS_REPLAY} values replayed through `*aliases`)"
            ),
            "write the values out instead of repeating an alias of a large value".to_string(),
        )
    };
    let (message, hint) = match inner {
        E::MultipleDocuments { .. } | E::Budget { breach: B::Documents { .. }, .. } => (
            "the file holds more than one YAML document".to_string(),
            "a knowledge base is one document: remove the `---` line (or split the file)".to_string(),
        ),
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => format!("duplicate key `{k}`"),
                None => "duplicate key".to_string(),
            },
            "a repeated key would silently replace the first one; keep one of them".to_string(),
        ),
        E::Budget { breach: B::Depth { .. }, .. } => limit(format!("nesting deeper than {MAX_DEPTH} levels")),
        E::Budget { breach: B::Nodes { .. } | B::Events { .. }, .. } => {
            limit(format!("more than {MAX_NODES} values"))
        }
        E::Budget { breach: B::Aliases { .. } | B::Anchors { .. }, .. } => {
            limit("more than 10000 anchors or aliases".to_string())
        }
        E::Budget { breach: B::ScalarBytes { .. }, .. } => (
            format!(
                "more than {} MiB of text in all, counting each use of an alias again",
                MAX_TEXT_TOTAL / (1024 * 1024)
            ),
            "write values out instead of repeating an alias of a large value".to_string(),
        ),
        E::Budget { breach, .. } => limit(format!("{breach:?}")),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => aliases(),
        _ if plain_message(inner).contains("recursion limit") => {
            limit(format!("nesting deeper than {MAX_DEPTH} levels"))
        }
        _ if is_tab_error(&plain_message(inner)) => {
            return tab_diagnostic(inner, text, pos, origin);
        }
        _ if is_quote_error(&plain_message(inner)) => {
            return quote_diagnostic(inner, text, pos, origin);
        }
        _ => (
            plain_message(inner),
            "check the YAML syntax here: indentation, matching quotes and brackets, and quote values that contain `: ` or start with `*`, `&`, `!`, `%`, `@` or `~`".to_string(),
        ),
    };
    Diagnostic::new(origin, pos, message).hint(hint)
}

/// The parser's complaints about a tab (granit-parser's messages).
fn is_tab_error(message: &str) -> bool {
    [
        "found a tab",
        "tabs disallowed",
        "tab cannot be used as indentation",
        "cannot start with a tab",
    ]
    .iter()
    .any(|m| message.contains(m))
}

fn is_quote_error(message: &str) -> bool {
    message == "unclosed quote" || message.starts_with("invalid trailing content after")
}

const TAB_HINT: &str = "YAML indents with spaces only; replace the tab";

/// A tab error, at the tab. The parser often reports it where the value before it began
/// (the line above, for a tab that indents a line): the tab is the first one from the
/// start of the reported line on.
fn tab_diagnostic(err: &serde_saphyr::Error, text: &str, pos: Pos, origin: &str) -> Diagnostic {
    let Some((tab, indents)) = first_tab_from(text, pos.line) else {
        return Diagnostic::new(origin, pos, plain_message(err)).hint(TAB_HINT);
    };
    let message = if indents {
        "a tab in the indentation".to_string()
    } else {
        format!(
            "a tab where YAML does not allow one ({})",
            plain_message(err)
        )
    };
    Diagnostic::new(origin, tab, message).hint(TAB_HINT)
}

/// The first tab on line `line` or after, and whether it is in its line's indentation.
fn first_tab_from(text: &str, line: u32) -> Option<(Pos, bool)> {
    let skip = usize::try_from(line.max(1) - 1).ok()?;
    text.split('\n').enumerate().skip(skip).find_map(|(i, l)| {
        let col = l.chars().position(|c| c == '\t')?;
        let indents = l.chars().take(col).all(|c| c == ' ' || c == '\t');
        Some((pos_of(i, col), indents))
    })
}

/// A quote error, where the quote opened. A `"` left open runs on to the next `"`, often
/// lines later, and the parser complains there — of text after what it took for the
/// closing quote, or of a quote that never closes: the opening quote is found by scanning
/// back from the closing one through the quoted text.
fn quote_diagnostic(err: &serde_saphyr::Error, text: &str, pos: Pos, origin: &str) -> Diagnostic {
    let message = plain_message(err);
    let hint = "close the quote on the line it opens; inside `\"…\"` a `\"` is written `\\\"`, inside `'…'` a `'` is written `''`";
    let generic = || Diagnostic::new(origin, pos, message.clone()).hint(hint);
    let Some(at) = offset_of(text, pos) else {
        return generic();
    };
    if message == "unclosed quote" {
        // Reported at the opening quote itself; else at the first quote from there on.
        return match text[at..].find(['"', '\'']) {
            Some(q) => {
                let opened = position_after(&text[..at + q]);
                Diagnostic::new(origin, opened, "unclosed quote").hint(hint)
            }
            None => generic(),
        };
    }
    let quote = if message.contains("single-quoted") {
        '\''
    } else {
        '"'
    };
    // Reported just after the closing quote (or a little further along its line).
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let Some(close) = text[line_start..at].rfind(quote).map(|i| line_start + i) else {
        return generic();
    };
    let Some(open) = opening_quote(&text[..close], quote) else {
        return generic();
    };
    if !text[open..close].contains('\n') {
        // Closed on its own line: what follows really is stray text.
        return generic();
    }
    let closed_at = position_after(&text[..close]);
    Diagnostic::new(
        origin,
        position_after(&text[..open]),
        format!(
            "unclosed quote: this `{quote}` runs on to line {}, column {}, where the next `{quote}` closes it",
            closed_at.line, closed_at.col
        ),
    )
    .hint(hint)
}

/// The byte offset of the quote that opens the quoted text `before` ends in (the closing
/// quote itself not included): back over escaped quotes (`\"` in double quotes, `''` in
/// single) to the first one that is not.
fn opening_quote(before: &str, quote: char) -> Option<usize> {
    let bytes = before.as_bytes();
    let q = u8::try_from(quote).ok()?;
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        if bytes[i] != q {
            continue;
        }
        if q == b'"' {
            let backslashes = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            if backslashes % 2 == 0 {
                return Some(i);
            }
        } else if i > 0 && bytes[i - 1] == b'\'' {
            i -= 1;
        } else {
            return Some(i);
        }
    }
    None
}

/// The 1-based position of the character at 0-based line `line` and column `col`.
fn pos_of(line: usize, col: usize) -> Pos {
    Pos {
        line: u32::try_from(line + 1).unwrap_or(u32::MAX),
        col: u32::try_from(col + 1).unwrap_or(u32::MAX),
    }
}

/// The byte offset of a parser position (1-based line and character column) in `text`; a
/// column past its line's end is the line's end.
fn offset_of(text: &str, pos: Pos) -> Option<usize> {
    let skip = usize::try_from(pos.line.checked_sub(1)?).ok()?;
    let start = if skip == 0 {
        0
    } else {
        text.match_indices('\n').nth(skip - 1)?.0 + 1
    };
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let col = usize::try_from(pos.col.max(1) - 1).ok()?;
    Some(start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i))
}

/// The parser's message without its own location prefix and developer hints.
fn plain_message(err: &serde_saphyr::Error) -> String {
    let s = err.to_string();
    let s = s.strip_prefix("error: ").unwrap_or(&s);
    let s = match s.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map_or(s, |(_, m)| m),
        None => s,
    };
    let s = s.split(", set DuplicateKeyPolicy").next().unwrap_or(s);
    let s = s.lines().next().unwrap_or(s);
    let s = s.split(" at line ").next().unwrap_or(s);
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opening_quote_is_found_back_over_escaped_quotes() {
        let text = "a: \"x \\\" y\nb: z";
        assert_eq!(opening_quote(text, '"'), Some(3));
        // `'it''s` left open, closed by the quote that was to open `'x'`.
        assert_eq!(opening_quote("a: 'it''s\nb: ", '\''), Some(3));
        // `'''` is a quoted `'`: the quote before the closing one is the opening one.
        assert_eq!(opening_quote("a: '''", '\''), Some(3));
        assert_eq!(opening_quote("no quote", '"'), None);
    }

    #[test]
    fn parser_positions_are_lines_and_character_columns() {
        let text = "ab\nçé\"x\n";
        assert_eq!(offset_of(text, Pos { line: 1, col: 1 }), Some(0));
        assert_eq!(offset_of(text, Pos { line: 2, col: 3 }), Some(7));
        assert_eq!(&text[7..8], "\"");
        assert_eq!(offset_of(text, Pos { line: 2, col: 99 }), Some(9));
        assert_eq!(offset_of(text, Pos { line: 9, col: 1 }), None);
        assert_eq!(
            first_tab_from("a\n b\tc\n\td", 1),
            Some((Pos { line: 2, col: 3 }, false))
        );
        assert_eq!(
            first_tab_from("a\n b\n\td", 2),
            Some((Pos { line: 3, col: 1 }, true))
        );
    }
}
