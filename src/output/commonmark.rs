//! CommonMark output shared by every Markdown renderer (`Y` citations, `brief`, `show` and
//! `search --format markdown`): one escaper for knowledge-base text and one form of a source.

use crate::kb::Source;

/// Knowledge-base text made safe to place inline in CommonMark: it reads as the same text
/// when rendered. Punctuation that would start emphasis, code, links, HTML, entities,
/// headings, quotes or (GFM) tables and strikethrough is backslash-escaped; a leading list
/// marker (`-`, `+`, `1.`) is escaped too, so a value may open a list item; line breaks
/// become spaces, so text never starts a block of its own.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let text = text.trim();
    // `1.` or `12)` followed by a space opens an ordered list.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let ordered = (1..=9).contains(&digits)
        && text[digits..].starts_with(['.', ')'])
        && text[digits + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
    let mut chars = text.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        // `&` matters only where it could start an entity (`&amp;`, `&#38;`).
        let entity = c == '&'
            && chars
                .peek()
                .is_some_and(|&(_, n)| n.is_ascii_alphanumeric() || n == '#');
        let punct = entity
            || matches!(
                c,
                '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '|' | '~'
            );
        let list_marker = (i == 0 && matches!(c, '-' | '+')) || (ordered && i == digits);
        if punct || list_marker {
            out.push('\\');
        }
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    out
}

/// A link destination in angle brackets (so parentheses need no escape), with whitespace
/// and angle brackets percent-encoded: they would end the destination or the line.
pub fn destination(url: &str) -> String {
    let mut out = String::from("<");
    for c in url.trim().chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

/// May this address become a live link? Only `http`, `https` and `mailto`: a file's
/// `javascript:` or `data:` address must not turn into something a reader's click runs
/// (the title is then shown unlinked).
pub fn linkable(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// `\[id\] [Title](<url>) — Publisher (Author), date`: the source's id as cited, its title
/// linked to its address when it has one, then the rest of its citation.
pub fn source(s: &Source) -> String {
    let title = match s.url.as_deref().filter(|u| linkable(u)) {
        Some(url) => format!("[{}]({})", escape(&s.title), destination(url)),
        None => escape(&s.title),
    };
    let full = s.citation();
    let rest = full.strip_prefix(s.title.as_str()).unwrap_or(&full);
    format!("\\[{}\\] {title}{}", escape(&s.id), escape_rest(rest))
}

/// The part of a citation after the title (` — Publisher, date`): escaped, keeping its
/// leading space (which [`escape`] would trim).
fn escape_rest(rest: &str) -> String {
    let lead = rest.len() - rest.trim_start().len();
    format!("{}{}", &rest[..lead], escape(rest))
}

/// `\[a, b\]`: source ids as cited, for the end of a line.
pub fn source_ids(ids: &str) -> String {
    format!("\\[{}\\]", escape(ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_become_links() {
        for ok in ["https://a.b/c", "HTTP://a.b", " mailto:x@y.z"] {
            assert!(linkable(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:x",
            "data:text/html,x",
            "file:///etc",
            "vbscript:x",
            "a.b/c",
        ] {
            assert!(!linkable(bad), "{bad}");
        }
    }

    #[test]
    fn punctuation_that_would_change_the_text_is_escaped() {
        assert_eq!(
            escape("a*b_c [d] `e` <f> #g |h| ~i &amp;"),
            "a\\*b\\_c \\[d\\] \\`e\\` \\<f\\> \\#g \\|h\\| \\~i \\&amp;"
        );
    }

    #[test]
    fn an_ampersand_is_escaped_only_where_it_could_start_an_entity() {
        assert_eq!(escape("Alibaba & Qwen"), "Alibaba & Qwen");
        assert_eq!(escape("&copy; &#169; AT&T"), "\\&copy; \\&\\#169; AT\\&T");
    }

    #[test]
    fn a_leading_list_marker_is_escaped_and_inner_dashes_are_not() {
        assert_eq!(escape("- not a list"), "\\- not a list");
        assert_eq!(escape("--- a rule"), "\\--- a rule");
        assert_eq!(escape("+38% YoY"), "\\+38% YoY");
        assert_eq!(escape("1. first"), "1\\. first");
        assert_eq!(escape("2025) year"), "2025\\) year");
        assert_eq!(escape("2025 revenue"), "2025 revenue");
        assert_eq!(escape("3.5 billion"), "3.5 billion");
        assert_eq!(escape("Qwen3-235B-A22B"), "Qwen3-235B-A22B");
    }

    #[test]
    fn line_breaks_become_spaces() {
        assert_eq!(escape("one\n- two\n# three"), "one - two \\# three");
    }

    #[test]
    fn a_destination_cannot_end_early_or_span_lines() {
        assert_eq!(
            destination("https://x.y/a b>c\nd"),
            "<https://x.y/a%20b%3Ec%20d>"
        );
    }
}
