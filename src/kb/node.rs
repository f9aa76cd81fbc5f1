//! A located YAML tree: the first stage of loading.
//!
//! serde-saphyr parses the file into [`Node`]s that remember where they came from (line,
//! column, and the raw spelling of plain scalars). The second stage deserializes each entry
//! from its node separately (see `node_de.rs`), so one bad entry does not hide the errors of
//! the others, and every error can point at the exact node it concerns.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

use super::sanitize::sanitize;

/// A position in the source file, 1-based. `line == 0` means unknown.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const UNKNOWN: Pos = Pos { line: 0, col: 0 };
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    /// Byte range of the node in the source (when the parser knows it).
    pub span: Span,
    pub kind: NodeKind,
}

// A 27 MB file makes about 1.3 million nodes: each byte here is a megabyte there.
const _: () = assert!(std::mem::size_of::<Node>() <= 48);

/// Where a node's bytes are in the source: a start and a length, in 8 bytes (a tree of a
/// large file has millions of nodes; files are at most 64 MiB).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// Not known.
    pub const NONE: Span = Span {
        start: 0,
        len: u32::MAX,
    };

    /// `len` bytes from `start` (not known if either does not fit).
    pub fn new(start: usize, len: usize) -> Span {
        match (u32::try_from(start), u32::try_from(len)) {
            (Ok(start), Ok(len)) if len != u32::MAX => Span { start, len },
            _ => Span::NONE,
        }
    }

    /// The start and length in bytes, if known.
    pub fn get(self) -> Option<(usize, usize)> {
        (self.len != u32::MAX).then_some((self.start as usize, self.len as usize))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl NodeKind {
    /// What a user would call this kind of node, for error messages.
    pub fn describe(&self) -> &'static str {
        match self {
            NodeKind::Null => "an empty value",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The text of a scalar as written in the file: a string's value, or for a plain number
    /// or boolean its exact spelling (so `1.50` stays `1.50`).
    pub fn scalar_text(&self, source: &str) -> Option<String> {
        let raw = || {
            self.span
                .get()
                .and_then(|(start, len)| source.get(start..start + len))
                .map(|s| sanitize(s.trim()).into_owned())
                .filter(|s| !s.is_empty())
        };
        match &self.kind {
            NodeKind::Str(s) => Some(s.clone()),
            NodeKind::Bool(b) => Some(raw().unwrap_or_else(|| b.to_string())),
            NodeKind::Int(i) => Some(raw().unwrap_or_else(|| i.to_string())),
            NodeKind::Float(f) => Some(raw().unwrap_or_else(|| f.to_string())),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<NodeKind>::deserialize(d)?;
        let loc = &spanned.defined;
        let to_u32 = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        let pos = Pos {
            line: to_u32(spanned.referenced.line()),
            col: to_u32(spanned.referenced.column()),
        };
        let span = loc.span();
        let span = match (span.byte_offset(), span.byte_len()) {
            (Some(o), Some(l)) => match (usize::try_from(o), usize::try_from(l)) {
                (Ok(o), Ok(l)) => Span::new(o, l),
                _ => Span::NONE,
            },
            _ => Span::NONE,
        };
        Ok(Node {
            pos,
            span,
            kind: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for NodeKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = NodeKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<NodeKind, E> {
        Ok(NodeKind::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<NodeKind, E> {
        Ok(i128::try_from(v).map_or(NodeKind::Float(v as f64), NodeKind::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<NodeKind, E> {
        Ok(NodeKind::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(sanitize(v).into_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(match sanitize(&v) {
            std::borrow::Cow::Borrowed(_) => v,
            std::borrow::Cow::Owned(s) => s,
        }))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(
            sanitize(&String::from_utf8_lossy(v)).into_owned(),
        ))
    }
    fn visit_unit<E: de::Error>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NodeKind, D::Error> {
        NodeKind::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeKind, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(NodeKind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeKind, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some((k, v)) = map.next_entry::<Node, Node>()? {
            entries.push((k, v));
        }
        Ok(NodeKind::Map(entries))
    }
}
