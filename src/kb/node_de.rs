//! Deserializing typed values from a located [`Node`], one entry at a time.
//!
//! Errors carry the position of the node they concern: an unknown key points at the key, a
//! wrong type at the value, a missing key at the mapping that lacks it.

use serde::Deserialize;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use std::cell::RefCell;
use std::fmt;

use super::diagnostic::nearest;
use super::node::{Node, NodeKind, Pos};

/// Separates a message from its hint inside `de::Error::custom` strings.
pub const HINT_SEP: &str = "\nhint: ";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeError {
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
    /// For an unknown key, the known key it most resembles; for a missing key, that key.
    /// A missing key explained by a misspelling is reported once, as the misspelling.
    key: Option<&'static str>,
}

impl NodeError {
    fn at(mut self, pos: Pos) -> NodeError {
        if self.pos == Pos::UNKNOWN {
            self.pos = pos;
        }
        self
    }
}

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NodeError {}

impl de::Error for NodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let msg = msg.to_string();
        let (message, hint) = match msg.split_once(HINT_SEP) {
            Some((m, h)) => (m.to_string(), Some(h.to_string())),
            None => (msg, None),
        };
        NodeError {
            pos: Pos::UNKNOWN,
            message,
            hint,
            key: None,
        }
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        let found = match unexp {
            de::Unexpected::Map => "a mapping".to_string(),
            de::Unexpected::Seq => "a list".to_string(),
            de::Unexpected::Unit => "an empty value".to_string(),
            other => other.to_string(),
        };
        let expected = match exp.to_string().as_str() {
            "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" => {
                "a whole number".to_string()
            }
            "f32" | "f64" => "a number".to_string(),
            other => other.to_string(),
        };
        Self::custom(format!("expected {expected}, found {found}"))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let near = nearest(field, expected);
        let hint = match near {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("known keys here: {}", expected.join(", ")),
        };
        NodeError {
            pos: Pos::UNKNOWN,
            message: format!("unknown key `{field}`"),
            hint: Some(hint),
            key: near,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        NodeError {
            pos: Pos::UNKNOWN,
            message: format!("missing required key `{field}`"),
            hint: Some(format!("add `{field}:` to this entry")),
            key: Some(field),
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        NodeError {
            pos: Pos::UNKNOWN,
            message: format!("`{variant}` is not allowed here"),
            hint: Some(format!("use one of: {}", expected.join(", "))),
            key: None,
        }
    }
}

/// Deserializes `T` from `node`; `source` is the file text, for the exact spelling of
/// plain scalars.
///
/// Unknown keys do not stop deserialization: they are collected, so one pass reports every
/// misspelt key of an entry together with its first wrong value. The value comes back with
/// the problems found; it is usable only when the list is empty.
pub fn from_node<'a, T: Deserialize<'a>>(
    node: &'a Node,
    source: &'a str,
) -> (Option<T>, Vec<NodeError>) {
    let sink = RefCell::new(Vec::new());
    let result = T::deserialize(NodeDe {
        node,
        source,
        sink: &sink,
    });
    let mut errors = sink.into_inner();
    let value = match result {
        Ok(v) => Some(v),
        Err(e) => {
            // The sink holds only unknown keys: a missing key one of them resembles is
            // already reported as that misspelling.
            let misspelt = |k| errors.iter().any(|u| u.key == Some(k));
            if !e.key.is_some_and(misspelt) {
                errors.push(e);
            }
            None
        }
    };
    errors.sort_by_key(|e| (e.pos.line, e.pos.col));
    (value, errors)
}

#[derive(Clone, Copy)]
pub struct NodeDe<'a, 's> {
    pub node: &'a Node,
    pub source: &'a str,
    sink: &'s RefCell<Vec<NodeError>>,
}

impl<'a> NodeDe<'a, '_> {
    fn unexpected(&self) -> de::Unexpected<'a> {
        match &self.node.kind {
            NodeKind::Null => de::Unexpected::Unit,
            NodeKind::Bool(b) => de::Unexpected::Bool(*b),
            NodeKind::Int(_) | NodeKind::Float(_) => de::Unexpected::Other("a number"),
            NodeKind::Str(s) => de::Unexpected::Str(s),
            NodeKind::Seq(_) => de::Unexpected::Seq,
            NodeKind::Map(_) => de::Unexpected::Map,
        }
    }

    fn wrong<V: Visitor<'a>>(&self, visitor: &V) -> NodeError {
        de::Error::invalid_type(self.unexpected(), visitor)
    }

    fn int(&self) -> Option<i128> {
        match self.node.kind {
            NodeKind::Int(i) => Some(i),
            _ => None,
        }
    }
}

/// Marker newtype name for [`super::model::Located`]: the deserializer hands out
/// line, column and then the value.
pub const LOCATED_MARKER: &str = "__qwen_tui_located";

macro_rules! int_method {
    ($name:ident, $ty:ty, $visit:ident) => {
        fn $name<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
            match self.int().and_then(|i| <$ty>::try_from(i).ok()) {
                Some(v) => visitor.$visit(v),
                None => Err(self.wrong(&visitor)),
            }
            .map_err(|e| e.at(self.node.pos))
        }
    };
}

impl<'a> Deserializer<'a> for NodeDe<'a, '_> {
    type Error = NodeError;

    /// Scalars are handed out as text, as written: the typed model decides what they mean.
    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        let r = match &self.node.kind {
            NodeKind::Null => visitor.visit_unit(),
            NodeKind::Str(s) => visitor.visit_borrowed_str(s),
            NodeKind::Seq(_) => return self.deserialize_seq(visitor),
            NodeKind::Map(_) => return self.deserialize_map(visitor),
            _ => match self.node.scalar_text(self.source) {
                Some(text) => visitor.visit_string(text),
                None => Err(self.wrong(&visitor)),
            },
        };
        r.map_err(|e| e.at(self.node.pos))
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match self.node.kind {
            NodeKind::Bool(b) => visitor.visit_bool(b),
            _ => Err(self.wrong(&visitor)),
        }
        .map_err(|e| e.at(self.node.pos))
    }

    int_method!(deserialize_i8, i8, visit_i8);
    int_method!(deserialize_i16, i16, visit_i16);
    int_method!(deserialize_i32, i32, visit_i32);
    int_method!(deserialize_i64, i64, visit_i64);
    int_method!(deserialize_u8, u8, visit_u8);
    int_method!(deserialize_u16, u16, visit_u16);
    int_method!(deserialize_u32, u32, visit_u32);
    int_method!(deserialize_u64, u64, visit_u64);

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match self.node.kind {
            NodeKind::Float(f) => visitor.visit_f64(f),
            NodeKind::Int(i) => visitor.visit_f64(i as f64),
            _ => Err(self.wrong(&visitor)),
        }
        .map_err(|e| e.at(self.node.pos))
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match &self.node.kind {
            NodeKind::Str(s) => visitor.visit_borrowed_str(s),
            NodeKind::Seq(_) | NodeKind::Map(_) | NodeKind::Null => Err(self.wrong(&visitor)),
            _ => match self.node.scalar_text(self.source) {
                Some(text) => visitor.visit_string(text),
                None => Err(self.wrong(&visitor)),
            },
        }
        .map_err(|e| e.at(self.node.pos))
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match self.node.kind {
            NodeKind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
        .map_err(|e| e.at(self.node.pos))
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match self.node.kind {
            NodeKind::Null => visitor.visit_unit(),
            _ => Err(self.wrong(&visitor)),
        }
        .map_err(|e| e.at(self.node.pos))
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        if name == LOCATED_MARKER {
            return visitor
                .visit_seq(LocatedAccess { de: self, step: 0 })
                .map_err(|e| e.at(self.node.pos));
        }
        visitor
            .visit_newtype_struct(self)
            .map_err(|e| e.at(self.node.pos))
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match &self.node.kind {
            NodeKind::Seq(items) => visitor.visit_seq(Items {
                sink: self.sink,
                items: items.iter(),
                source: self.source,
            }),
            _ => Err(self.wrong(&visitor)),
        }
        .map_err(|e| e.at(self.node.pos))
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match &self.node.kind {
            NodeKind::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
                source: self.source,
                sink: self.sink,
                fields: None,
            }),
            _ => Err(self.wrong(&visitor)),
        }
        .map_err(|e| e.at(self.node.pos))
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        match &self.node.kind {
            NodeKind::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
                source: self.source,
                sink: self.sink,
                fields: Some(fields),
            }),
            _ => Err(self.wrong(&visitor)),
        }
        .map_err(|e| e.at(self.node.pos))
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        match &self.node.kind {
            NodeKind::Str(s) => {
                let de: de::value::StrDeserializer<'_, NodeError> = s.as_str().into_deserializer();
                visitor.visit_enum(de)
            }
            _ => Err(self.wrong(&visitor)),
        }
        .map_err(|e| e.at(self.node.pos))
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, NodeError> {
        visitor.visit_unit()
    }
}

struct Items<'a, 's> {
    items: std::slice::Iter<'a, Node>,
    source: &'a str,
    sink: &'s RefCell<Vec<NodeError>>,
}

impl<'a> SeqAccess<'a> for Items<'a, '_> {
    type Error = NodeError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, NodeError> {
        match self.items.next() {
            Some(node) => seed
                .deserialize(NodeDe {
                    node,
                    source: self.source,
                    sink: self.sink,
                })
                .map(Some)
                .map_err(|e| e.at(node.pos)),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'a, 's> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
    source: &'a str,
    sink: &'s RefCell<Vec<NodeError>>,
    /// The keys a struct knows; other keys are recorded in the sink and skipped.
    fields: Option<&'static [&'static str]>,
}

impl<'a> MapAccess<'a> for Entries<'a, '_> {
    type Error = NodeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, NodeError> {
        for (key, value) in self.entries.by_ref() {
            if let (Some(fields), NodeKind::Str(name)) = (self.fields, &key.kind)
                && !fields.contains(&name.as_str())
            {
                let e: NodeError = de::Error::unknown_field(name, fields);
                self.sink.borrow_mut().push(e.at(key.pos));
                continue;
            }
            self.value = Some(value);
            return seed
                .deserialize(NodeDe {
                    node: key,
                    source: self.source,
                    sink: self.sink,
                })
                .map(Some)
                .map_err(|e| e.at(key.pos));
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, NodeError> {
        let node = self.value.take().ok_or_else(|| {
            <NodeError as de::Error>::custom("a value was requested before its key")
        })?;
        seed.deserialize(NodeDe {
            node,
            source: self.source,
            sink: self.sink,
        })
        .map_err(|e| e.at(node.pos))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Hands out a node's line, column, then the node itself.
struct LocatedAccess<'a, 's> {
    de: NodeDe<'a, 's>,
    step: u8,
}

impl<'a> SeqAccess<'a> for LocatedAccess<'a, '_> {
    type Error = NodeError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, NodeError> {
        self.step += 1;
        let pos = self.de.node.pos;
        match self.step {
            1 => seed.deserialize(pos.line.into_deserializer()).map(Some),
            2 => seed.deserialize(pos.col.into_deserializer()).map(Some),
            3 => seed.deserialize(self.de).map(Some),
            _ => Ok(None),
        }
    }
}
