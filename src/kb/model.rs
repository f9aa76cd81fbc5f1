//! The knowledge-base file as serde types: what a file may contain, key by key.
//!
//! These types are also the source of `qwen-tui schema` (JSON Schema via schemars), so the
//! documentation comments here are what editors show. `docs/FORMAT.md` describes the same
//! format for people.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use super::date::PartialDate;
use super::node::Pos;
use super::node_de::{HINT_SEP, LOCATED_MARKER};

/// A value with the position it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Located<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Located<T>, A::Error> {
                let line: u32 = seq.next_element()?.unwrap_or(0);
                let col: u32 = seq.next_element()?.unwrap_or(0);
                let value = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::custom("missing value"))?;
                Ok(Located {
                    value,
                    pos: Pos { line, col },
                })
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Located<T>, D::Error> {
                Ok(Located {
                    value: T::deserialize(d)?,
                    pos: Pos::UNKNOWN,
                })
            }
        }
        d.deserialize_newtype_struct(LOCATED_MARKER, V(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        T::json_schema(g)
    }
}

/// Text that must not be empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().is_empty() {
            return Err(de::Error::custom(format!(
                "this text must not be empty{HINT_SEP}write the text, or remove the key if it is optional"
            )));
        }
        Ok(Text(s.trim().to_string()))
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "minLength": 1, "pattern": "\\S"})
    }
}

/// A stable identifier: lowercase letters, digits, `-`, `_`, `.`, starting with a letter
/// or digit.
#[derive(Clone, Debug, PartialEq)]
pub struct Id(pub Located<String>);

pub fn valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let located = Located::<String>::deserialize(d)?;
        if !valid_id(&located.value) {
            let suggestion: String = located
                .value
                .trim()
                .to_lowercase()
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() && c.is_ascii() || "-_.".contains(c) {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            return Err(de::Error::custom(format!(
                "`{}` is not a valid id{HINT_SEP}ids use lowercase letters, digits, `-`, `_` and `.`, for example `{}`",
                located.value,
                suggestion.trim_matches('-')
            )));
        }
        Ok(Id(located))
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9._-]*$",
            "description": "Stable identifier, unique in the whole file (entries and sources share one namespace)."
        })
    }
}

/// A value as written: the value itself, or claims from disagreeing sources.
#[derive(Clone, Debug, PartialEq)]
pub enum RawValue {
    Text(String),
    Claims(Vec<RawClaim>),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value, or a list of claims ({value, date, sources})")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
                self.visit_string(v.to_string())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawValue, E> {
                if v.trim().is_empty() {
                    return Err(E::custom(format!(
                        "this value must not be empty{HINT_SEP}write the value, or remove the key if it is optional"
                    )));
                }
                Ok(RawValue::Text(v.trim().to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
                let mut claims = Vec::new();
                while let Some(c) = seq.next_element::<RawClaim>()? {
                    claims.push(c);
                }
                if claims.is_empty() {
                    return Err(de::Error::custom(format!(
                        "an empty list of claims{HINT_SEP}give the value itself, or at least one claim"
                    )));
                }
                Ok(RawValue::Claims(claims))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawValue, A::Error> {
                let claim = RawClaim::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawValue::Claims(vec![claim]))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for RawValue {
    fn schema_name() -> Cow<'static, str> {
        "Value".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let claim = g.subschema_for::<RawClaim>();
        json_schema!({
            "description": "The value itself, or — when sources disagree — a list of claims, each with its own value, date and sources.",
            "anyOf": [
                {"type": ["string", "number", "boolean"]},
                {"type": "array", "items": claim, "minItems": 1},
                claim
            ]
        })
    }
}

/// One source's version of a value.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Claim")]
pub struct RawClaim {
    /// What this source says.
    pub value: Located<Text>,
    /// The date the figure refers to, if known.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// The source ids that make this claim (at least one).
    #[serde(default)]
    pub sources: Vec<Located<String>>,
    /// A remark on this claim (wording, caveats).
    #[serde(default)]
    pub note: Option<String>,
}

/// A further labelled fact: a benchmark score, a price, a count.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Fact")]
pub struct RawFact {
    /// What the fact is, e.g. `SWE-bench Verified`.
    pub label: Text,
    /// The fact's value.
    pub value: RawValue,
    /// Source ids, when they differ from the entry's.
    #[serde(default)]
    pub sources: Vec<Located<String>>,
}

/// How serious a risk is.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    JsonSchema,
    serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// What this knowledge base is about.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Shown in the header.
    pub title: Text,
    /// Who or what the knowledge base is about.
    pub subject: Text,
    /// The date the knowledge is current to.
    pub as_of: PartialDate,
    /// A sentence or two.
    #[serde(default)]
    pub description: Option<String>,
    /// The month (1–12) the subject's fiscal year ends in; default 12.
    #[serde(default)]
    #[schemars(range(min = 1, max = 12))]
    pub fiscal_year_end: Option<Located<u8>>,
}

/// A document facts come from.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Source")]
pub struct RawSource {
    pub id: Id,
    /// The document's title.
    pub title: Text,
    /// Publisher or author organisation.
    pub publisher: Text,
    /// A named author.
    #[serde(default)]
    pub author: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// Date of the last update.
    #[serde(default)]
    pub updated: Option<PartialDate>,
    /// File name of a local copy.
    #[serde(default)]
    pub file: Option<String>,
    /// Where it can be found.
    #[serde(default)]
    pub url: Option<String>,
    /// Reliability remarks, what it covers.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Defines an entry type: its own keys plus the keys every entry has.
macro_rules! entry_type {
    ($(#[$m:meta])* $name:ident as $schema:literal { $($(#[$fm:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[schemars(rename = $schema)]
        pub struct $name {
            pub id: Id,
            $($(#[$fm])* pub $field: $ty,)*
            /// Source ids this entry comes from.
            #[serde(default)]
            pub sources: Vec<Located<String>>,
            /// Words people type for it: abbreviations, other spellings, the Chinese name.
            #[serde(default)]
            pub aliases: Vec<String>,
            /// Topic words.
            #[serde(default)]
            pub tags: Vec<String>,
            /// Free text shown in the detail view.
            #[serde(default)]
            pub notes: Option<String>,
            /// Further labelled facts (benchmark scores, prices, counts).
            #[serde(default)]
            pub facts: Vec<RawFact>,
        }

        impl $name {
            pub fn common(&self) -> Common<'_> {
                Common {
                    id: &self.id,
                    sources: &self.sources,
                    aliases: &self.aliases,
                    tags: &self.tags,
                    notes: self.notes.as_deref(),
                    facts: &self.facts,
                }
            }
        }
    };
}

/// The keys every entry has.
pub struct Common<'a> {
    pub id: &'a Id,
    pub sources: &'a [Located<String>],
    pub aliases: &'a [String],
    pub tags: &'a [String],
    pub notes: Option<&'a str>,
    pub facts: &'a [RawFact],
}

entry_type!(
    /// A quick fact: label → value.
    RawOverview as "QuickFact" {
        /// What the fact is, e.g. `Headquarters`.
        label: Text,
        value: RawValue,
    }
);

entry_type!(
    /// A dated event.
    RawEvent as "Event" {
        date: PartialDate,
        /// What happened, in a line.
        title: Text,
        #[serde(default)]
        summary: Option<String>,
        /// e.g. `model`, `corporate`, `people`, `finance`.
        #[serde(default)]
        category: Option<String>,
    }
);

entry_type!(
    /// A model or model series.
    RawModel as "Model" {
        name: Text,
        #[serde(default)]
        family: Option<String>,
        /// e.g. `language`, `vision-language`, `omni`, `coder`.
        #[serde(default)]
        kind: Option<String>,
        #[serde(default)]
        released: Option<PartialDate>,
        /// Total parameters.
        #[serde(default)]
        params_total: Option<RawValue>,
        /// Parameters active per token (mixture-of-experts models).
        #[serde(default)]
        params_active: Option<RawValue>,
        /// Context window.
        #[serde(default)]
        context: Option<RawValue>,
        #[serde(default)]
        languages: Option<RawValue>,
        #[serde(default)]
        licence: Option<RawValue>,
        /// e.g. open weights, API-only.
        #[serde(default)]
        access: Option<RawValue>,
        #[serde(default)]
        summary: Option<String>,
    }
);

entry_type!(
    /// A financial figure for a period.
    RawFinance as "Finance" {
        metric: Text,
        period: PartialDate,
        value: RawValue,
        /// e.g. `RMB million`, `USD`.
        #[serde(default)]
        unit: Option<String>,
        /// e.g. `+38% YoY`.
        #[serde(default)]
        change: Option<RawValue>,
        /// Whose figure: `Alibaba Group`, `Cloud Intelligence Group`.
        #[serde(default)]
        scope: Option<String>,
        /// The series this figure belongs to, for charts: entries with the same series
        /// name are one series. Without it, entries with the same metric and scope are.
        #[serde(default)]
        series: Option<String>,
        #[serde(default)]
        summary: Option<String>,
    }
);

entry_type!(
    /// A risk.
    RawRisk as "Risk" {
        title: Text,
        /// e.g. `geopolitical`, `regulatory`.
        category: Text,
        severity: Severity,
        #[serde(default)]
        summary: Option<String>,
        #[serde(default)]
        mitigation: Option<String>,
    }
);

entry_type!(
    /// A person.
    RawPerson as "Person" {
        name: Text,
        role: RawValue,
        #[serde(default)]
        organisation: Option<String>,
        #[serde(default)]
        summary: Option<String>,
    }
);

entry_type!(
    /// A competitor.
    RawCompetitor as "Competitor" {
        name: Text,
        /// The company behind it.
        #[serde(default)]
        owner: Option<String>,
        #[serde(default)]
        positioning: Option<String>,
        #[serde(default)]
        distribution: Option<String>,
        /// How much of a threat, and why.
        #[serde(default)]
        threat: Option<String>,
        #[serde(default)]
        summary: Option<String>,
    }
);

entry_type!(
    /// A product, platform or service.
    RawProduct as "Product" {
        name: Text,
        #[serde(default)]
        category: Option<String>,
        #[serde(default)]
        summary: Option<String>,
    }
);

/// A qwen-tui knowledge base (format version 1).
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "qwen-tui knowledge base")]
pub struct KnowledgeBaseFile {
    /// Format version; 1 is the only one.
    #[serde(default)]
    pub version: Option<u32>,
    pub meta: Meta,
    /// The documents facts come from.
    pub sources: Vec<RawSource>,
    /// Quick facts.
    #[serde(default)]
    pub overview: Vec<RawOverview>,
    /// Dated events.
    #[serde(default)]
    pub timeline: Vec<RawEvent>,
    #[serde(default)]
    pub models: Vec<RawModel>,
    #[serde(default)]
    pub finances: Vec<RawFinance>,
    #[serde(default)]
    pub risks: Vec<RawRisk>,
    #[serde(default)]
    pub people: Vec<RawPerson>,
    #[serde(default)]
    pub competitors: Vec<RawCompetitor>,
    #[serde(default)]
    pub products: Vec<RawProduct>,
    /// Words that mean the same in this domain, for the search: each group a list of two
    /// or more words or short phrases (`[tongyi lab, qwen team]`).
    #[serde(default)]
    pub synonyms: Vec<Vec<Text>>,
}

/// The top-level keys, in the order of [`KnowledgeBaseFile`].
pub const TOP_LEVEL_KEYS: [&str; 12] = [
    "version",
    "meta",
    "sources",
    "overview",
    "timeline",
    "models",
    "finances",
    "risks",
    "people",
    "competitors",
    "products",
    "synonyms",
];
