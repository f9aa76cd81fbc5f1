//! The located tree built straight from the YAML parser's events: the fast path of
//! parsing, about twice as fast as serde-saphyr's located values (`Spanned`), which build a
//! small map for every node.
//!
//! It takes the plain YAML that knowledge bases are written in: mappings with text keys,
//! lists, and scalars without tags. On anything else — a parse error, a tag, an anchor or
//! alias, a merge key (`<<`), a repeated key, a key that is not text, a `%YAML` directive,
//! a second document, a limit reached, a number that is not finite — it gives up, and
//! serde-saphyr parses the file instead: that path gives the same tree for what both take,
//! and the exact error, at the exact place, for what is wrong. The two agree by test (and
//! debug builds check every file they load against the other path).
//!
//! Scalars are resolved as serde-saphyr resolves them for an untyped value (YAML 1.2 core
//! schema, strict booleans, 64-bit integers).

use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle, Span};

use super::load::{MAX_DEPTH, MAX_NODES, MAX_TEXT_TOTAL};
use super::node::{Node, NodeKind, Pos, Span as NodeSpan};
use super::sanitize::sanitize;

/// How far below each limit the fast path stops: a file that close to a limit is left to
/// the exact path, which counts as its own budget does.
const MARGIN: usize = 64;

/// A list or mapping being read: its head (position, span) and what it holds so far.
enum Open {
    Seq(Node, Vec<Node>),
    /// The pairs, and the key whose value comes next.
    Map(Node, Vec<(Node, Node)>, Option<Node>),
}

/// What is told of the file's top level while it is read (see [`tree_with`]).
pub(super) trait Sink {
    /// A complete item of the list under the top-level key `section`, and the length in
    /// bytes of the longest scalar so far: `Some` gives it back, to be kept in the tree.
    fn item(&mut self, section: &str, item: Node, longest: usize) -> Option<Node>;

    /// A complete top-level pair, as it is put in the tree.
    fn pair(&mut self, key: &Node, value: &Node);
}

/// Keeps everything in the tree.
impl Sink for () {
    fn item(&mut self, _: &str, item: Node, _: usize) -> Option<Node> {
        Some(item)
    }

    fn pair(&mut self, _: &Node, _: &Node) {}
}

/// The file's tree and the length in bytes of its longest scalar, or `None` where the
/// exact path must decide (see the module docs).
pub(super) fn tree(text: &str) -> Option<(Node, usize)> {
    tree_with(text, &mut ())
}

/// [`tree`], telling `sink` of each top-level pair and each item of a top-level list as
/// it is complete: what the sink takes is not in the tree (so a large file's tree need
/// never be whole). When this gives `None`, what the sink was told is to be forgotten.
pub(super) fn tree_with(text: &str, sink: &mut dyn Sink) -> Option<(Node, usize)> {
    let mut parser = Parser::new_from_str_with_options(text, options());
    let mut open: Vec<Open> = Vec::new();
    let mut root = None;
    let mut longest = 0;
    let (mut events, mut nodes, mut text_bytes, mut documents) = (0usize, 0usize, 0usize, 0);
    while let Some(item) = parser.next_event() {
        let (event, span) = item.ok()?;
        events += 1;
        if events + MARGIN > MAX_NODES * 2 {
            return None;
        }
        let node = match event {
            Event::StreamStart | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_, version) => {
                documents += 1;
                if documents > 1 || version.is_some() {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                nodes += 1;
                text_bytes += value.len();
                longest = longest.max(value.len());
                if nodes + MARGIN > MAX_NODES || text_bytes + MARGIN > MAX_TEXT_TOTAL {
                    return None;
                }
                let kind = scalar(&value, style)?;
                located(&span, kind)
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                let map = matches!(event, Event::MappingStart(..));
                nodes += 1;
                if anchor != 0 || tag.is_some() || open.len() + 2 > MAX_DEPTH {
                    return None;
                }
                let head = located(&span, NodeKind::Null);
                open.push(if map {
                    Open::Map(head, Vec::new(), None)
                } else {
                    Open::Seq(head, Vec::new())
                });
                continue;
            }
            Event::SequenceEnd => match open.pop()? {
                Open::Seq(mut head, items) => {
                    head.kind = NodeKind::Seq(items);
                    head
                }
                Open::Map(..) => return None,
            },
            Event::MappingEnd => match open.pop()? {
                Open::Map(mut head, pairs, None) => {
                    if has_repeated_key(&pairs) {
                        return None;
                    }
                    head.kind = NodeKind::Map(pairs);
                    head
                }
                _ => return None,
            },
            // Aliases, anchors' metadata, comments: the exact path.
            _ => return None,
        };
        match open.as_mut_slice() {
            [] if root.is_none() => root = Some(node),
            [] => return None,
            [Open::Map(_, _, Some(section)), Open::Seq(_, items)] => {
                let NodeKind::Str(section) = &section.kind else {
                    return None;
                };
                items.extend(sink.item(section, node, longest));
            }
            [.., Open::Seq(_, items)] => items.push(node),
            [above @ .., Open::Map(_, pairs, key)] => match key.take() {
                Some(key) => {
                    if above.is_empty() {
                        sink.pair(&key, &node);
                    }
                    pairs.push((key, node));
                }
                // Only text keys, and no merge key.
                None => match &node.kind {
                    NodeKind::Str(k) if k != "<<" => *key = Some(node),
                    _ => return None,
                },
            },
        }
    }
    if !open.is_empty() {
        return None;
    }
    Some((root?, longest))
}

/// The parser's options as serde-saphyr sets them for the loader's budget, so that both
/// paths read the same YAML.
fn options() -> Options {
    let budget = serde_saphyr::budget::Budget::default();
    let mut options = Options::default();
    options.simple_key_max_lookahead = budget.simple_key_max_lookahead;
    options.flow_nesting_limit = budget.flow_nesting_limit;
    options.block_nesting_limit = options.block_nesting_limit.max(MAX_DEPTH + 1);
    options.strict_indentation = false;
    options.emit_comments = false;
    options
}

/// A node at an event: where it starts (1-based line, character column) and its bytes.
fn located(span: &Span, kind: NodeKind) -> Node {
    let to_u32 = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    let (start, end) = (&span.start, &span.end);
    Node {
        pos: Pos {
            line: to_u32(start.line()),
            col: to_u32(start.col()).saturating_add(1),
        },
        span: match start.byte_offset().zip(end.byte_offset()) {
            Some((from, to)) => NodeSpan::new(from, to.saturating_sub(from)),
            None => NodeSpan::NONE,
        },
        kind,
    }
}

/// Two keys of one mapping with the same text (a repeated key is an error the exact path
/// words; keys equal only once sanitised are left to it too).
fn has_repeated_key(pairs: &[(Node, Node)]) -> bool {
    fn key(pair: &(Node, Node)) -> &str {
        match &pair.0.kind {
            NodeKind::Str(s) => s,
            _ => "",
        }
    }
    if pairs.len() <= 16 {
        return pairs
            .iter()
            .enumerate()
            .any(|(i, a)| pairs[..i].iter().any(|b| key(a) == key(b)));
    }
    let mut seen = rustc_hash::FxHashSet::default();
    !pairs.iter().all(|p| seen.insert(key(p)))
}

/// A scalar's value as serde-saphyr gives it to an untyped visitor; `None` for a value the
/// exact path refuses (a number that is not finite) or that is padded oddly.
fn scalar(value: &str, style: ScalarStyle) -> Option<NodeKind> {
    let text = || NodeKind::Str(sanitize(value).into_owned());
    if style != ScalarStyle::Plain {
        return Some(text());
    }
    if matches!(value, "" | "~" | "null" | "Null" | "NULL") {
        return Some(NodeKind::Null);
    }
    if value.trim_matches([' ', '\t', '\r', '\n']).len() != value.len() {
        return None;
    }
    match value {
        "true" | "True" | "TRUE" => return Some(NodeKind::Bool(true)),
        "false" | "False" | "FALSE" => return Some(NodeKind::Bool(false)),
        _ => {}
    }
    // Only a text that starts like a number can be one: `inf` and `nan` are text.
    if !matches!(value.as_bytes()[0], b'0'..=b'9' | b'+' | b'-' | b'.') {
        return Some(text());
    }
    if let Some(n) = integer(value) {
        return Some(NodeKind::Int(n));
    }
    match value.parse::<f64>() {
        Ok(f) if f.is_finite() => Some(NodeKind::Float(f)),
        // Too large a number is refused; `-inf` and `+infinity` are text.
        Ok(_) if unsigned(value).starts_with(|c: char| c.is_ascii_digit()) => None,
        Ok(_) => Some(text()),
        // `.inf` and `.nan` parse only as YAML: not finite either.
        Err(_)
            if matches!(
                unsigned(value),
                ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
            ) =>
        {
            None
        }
        Err(_) => Some(text()),
    }
}

fn unsigned(t: &str) -> &str {
    t.strip_prefix(['+', '-']).unwrap_or(t)
}

/// A 64-bit integer in YAML 1.2 core spelling: decimal without a leading zero, `0x`, `0o`
/// or `0b`, an optional sign, and `_` between digits.
fn integer(t: &str) -> Option<i128> {
    let (negative, rest) = match t.as_bytes()[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let prefixed = |p: [&str; 2]| rest.strip_prefix(p[0]).or_else(|| rest.strip_prefix(p[1]));
    let (radix, digits) = if let Some(d) = prefixed(["0x", "0X"]) {
        (16, d)
    } else if let Some(d) = prefixed(["0o", "0O"]) {
        (8, d)
    } else if let Some(d) = prefixed(["0b", "0B"]) {
        (2, d)
    } else {
        if rest.starts_with('0') && rest != "0" {
            return None;
        }
        (10, rest)
    };
    let magnitude = digits_value(digits, radix)?;
    let n = if negative {
        -i128::try_from(magnitude).ok()?
    } else {
        i128::try_from(magnitude).ok()?
    };
    let fits = if negative {
        i64::try_from(n).is_ok()
    } else {
        u64::try_from(n).is_ok()
    };
    fits.then_some(n)
}

/// The value of `digits` in `radix`, with single `_` allowed between digits.
fn digits_value(digits: &str, radix: u32) -> Option<u128> {
    let bytes = digits.as_bytes();
    let mut value: u128 = 0;
    let mut saw = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let between =
                i > 0 && bytes[i - 1] != b'_' && bytes.get(i + 1).is_some_and(|&n| n != b'_');
            if !between {
                return None;
            }
            continue;
        }
        let d = char::from(b).to_digit(radix)?;
        value = value
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(d))?;
        saw = true;
    }
    saw.then_some(value)
}

#[cfg(test)]
#[path = "event_tree_tests.rs"]
mod tests;
