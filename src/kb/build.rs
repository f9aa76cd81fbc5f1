//! From the located YAML tree to a validated [`KnowledgeBase`], collecting every problem.

use super::diagnostic::{Diagnostic, LoadError, nearest};
use super::entry::{Entry, Field, KnowledgeBase, Meta, Source, Tab, Value};
use super::model::{
    self, Located, RawCompetitor, RawEvent, RawFinance, RawModel, RawOverview, RawPerson,
    RawProduct, RawRisk, RawSource, TOP_LEVEL_KEYS,
};
use super::node::{Node, NodeKind, Pos};
use super::node_de::from_node;

/// One parsed entry of any section.
pub(super) enum RawEntry {
    Overview(RawOverview),
    Event(RawEvent),
    Model(RawModel),
    Finance(RawFinance),
    Risk(RawRisk),
    Person(RawPerson),
    Competitor(RawCompetitor),
    Product(RawProduct),
}

pub(super) struct Builder<'a> {
    file: &'a str,
    source: &'a str,
    diags: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    pub(super) fn error(&mut self, pos: Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(self.file, pos, message).hint(hint));
    }

    fn parse<T: serde::Deserialize<'a>>(&mut self, node: &'a Node) -> Option<T> {
        let (value, errors) = from_node::<T>(node, self.source);
        for e in errors {
            let mut d = Diagnostic::new(self.file, e.pos, e.message);
            d.hint = e.hint;
            self.diags.push(d);
        }
        value
    }

    /// The items of a section; an empty section (`risks:`) is an empty list.
    fn items(&mut self, key: &str, node: &'a Node) -> &'a [Node] {
        match &node.kind {
            NodeKind::Seq(items) => items,
            NodeKind::Null => &[],
            other => {
                self.error(
                    node.pos,
                    format!(
                        "`{key}` must be a list of entries, found {}",
                        other.describe()
                    ),
                    format!("write each entry as a `- id: …` item under `{key}:`"),
                );
                &[]
            }
        }
    }

    fn section<T: serde::Deserialize<'a>>(
        &mut self,
        key: &str,
        node: &'a Node,
        wrap: fn(T) -> RawEntry,
        out: &mut Vec<RawEntry>,
    ) {
        for item in self.items(key, node) {
            if let Some(v) = self.parse::<T>(item) {
                out.push(wrap(v));
            }
        }
    }
}

/// Builds and validates the knowledge base; all problems are reported together.
pub fn build(root: &Node, source: &str, file: &str) -> Result<KnowledgeBase, LoadError> {
    let mut b = Builder {
        file,
        source,
        diags: Vec::new(),
    };
    let map = match &root.kind {
        NodeKind::Map(m) => m,
        NodeKind::Null => {
            return Err(LoadError::single(
                Diagnostic::new(file, Pos { line: 1, col: 1 }, "the file is empty")
                    .hint("a knowledge base needs at least `meta:` and `sources:`; run `qwen-tui schema` for the format"),
            ));
        }
        other => {
            return Err(LoadError::single(
                Diagnostic::new(
                    file,
                    root.pos,
                    format!(
                        "the top level must be a mapping of sections, found {}",
                        other.describe()
                    ),
                )
                .hint("start the file with `meta:`, `sources:` and sections such as `timeline:`"),
            ));
        }
    };

    let mut meta = None;
    let mut raw_sources = Vec::new();
    let mut raw = Vec::new();
    for (key_node, value) in map {
        let NodeKind::Str(key) = &key_node.kind else {
            b.error(
                key_node.pos,
                "top-level keys must be text",
                "use section names such as `meta` or `timeline`",
            );
            continue;
        };
        match key.as_str() {
            "version" => {
                if let Some(v) = b.parse::<Located<u32>>(value)
                    && v.value != 1
                {
                    b.error(
                        v.pos,
                        format!("format version {} is not supported", v.value),
                        "this qwen-tui reads version 1; upgrade qwen-tui or remove `version:`",
                    );
                }
            }
            "meta" => meta = b.parse::<model::Meta>(value),
            "sources" => {
                for item in b.items(key, value) {
                    if let Some(s) = b.parse::<RawSource>(item) {
                        raw_sources.push(s);
                    }
                }
            }
            "overview" => b.section(key, value, RawEntry::Overview, &mut raw),
            "timeline" => b.section(key, value, RawEntry::Event, &mut raw),
            "models" => b.section(key, value, RawEntry::Model, &mut raw),
            "finances" => b.section(key, value, RawEntry::Finance, &mut raw),
            "risks" => b.section(key, value, RawEntry::Risk, &mut raw),
            "people" => b.section(key, value, RawEntry::Person, &mut raw),
            "competitors" => b.section(key, value, RawEntry::Competitor, &mut raw),
            "products" => b.section(key, value, RawEntry::Product, &mut raw),
            other => {
                let hint = match nearest(other, &TOP_LEVEL_KEYS) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("known sections: {}", TOP_LEVEL_KEYS.join(", ")),
                };
                b.error(key_node.pos, format!("unknown section `{other}`"), hint);
            }
        }
    }
    let top = Pos { line: 1, col: 1 };
    let has_key = |k: &str| {
        map.iter()
            .any(|(key, _)| matches!(&key.kind, NodeKind::Str(s) if s == k))
    };
    if !has_key("meta") {
        b.error(
            top,
            "missing required section `meta`",
            "add `meta:` with `title`, `subject` and `as_of`",
        );
    }
    if !has_key("sources") {
        b.error(
            top,
            "missing required section `sources`",
            "add `sources:` listing the documents entries cite",
        );
    } else if raw_sources.is_empty() && b.diags.is_empty() {
        b.error(
            top,
            "`sources` lists no source",
            "every entry must cite a source; add at least one",
        );
    }

    let mut resolver = super::resolve::Resolver::new(&mut b, &raw_sources);
    let entries: Vec<Entry> = raw
        .iter()
        .map(|r| resolver.entry(r))
        .chain(
            raw_sources
                .iter()
                .enumerate()
                .map(|(i, s)| source_entry(i, s)),
        )
        .collect();
    resolver.check_unique_ids(&entries);
    drop(resolver);

    let meta = match meta {
        Some(m) if b.diags.is_empty() => m,
        _ => return Err(LoadError::from_diagnostics(b.diags)),
    };
    let fiscal_year_end = match &meta.fiscal_year_end {
        Some(f) if !(1..=12).contains(&f.value) => {
            b.error(
                f.pos,
                format!("fiscal_year_end must be a month, 1–12, not {}", f.value),
                "e.g. `fiscal_year_end: 3` for years ending in March",
            );
            return Err(LoadError::from_diagnostics(b.diags));
        }
        Some(f) => f.value,
        None => 12,
    };
    let meta = Meta {
        title: meta.title.0,
        subject: meta.subject.0,
        as_of: meta.as_of,
        description: meta.description,
        fiscal_year_end,
    };
    let entries = entries
        .into_iter()
        .map(|mut e| {
            e.date_key = e.date.map(|d| d.sort_key(fiscal_year_end));
            e
        })
        .collect();
    let sources = raw_sources.into_iter().map(to_source).collect();
    Ok(KnowledgeBase::new(file.to_string(), meta, sources, entries))
}

fn to_source(s: RawSource) -> Source {
    Source {
        id: s.id.0.value,
        title: s.title.0,
        publisher: s.publisher.0,
        author: s.author,
        date: s.date,
        updated: s.updated,
        file: s.file,
        url: s.url,
        notes: s.notes,
        pos: s.id.0.pos,
    }
}

fn source_entry(index: usize, s: &RawSource) -> Entry {
    let mut fields = Vec::new();
    let mut text = |key, label: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
            fields.push(Field {
                key,
                label: label.to_string(),
                value: Value::Text(v),
                sources: vec![],
            });
        }
    };
    text("publisher", "Publisher", Some(s.publisher.0.clone()));
    text("author", "Author", s.author.clone());
    text("date", "Published", s.date.map(|d| d.to_string()));
    text("updated", "Updated", s.updated.map(|d| d.to_string()));
    text("file", "File", s.file.clone());
    text("url", "URL", s.url.clone());
    let key_value = match s.date {
        Some(d) => format!("{} · {d}", s.publisher.0),
        None => format!("{} · undated", s.publisher.0),
    };
    Entry {
        tab: Tab::Sources,
        id: s.id.0.value.clone(),
        title: s.title.0.clone(),
        key_value,
        date: s.date,
        date_key: None,
        severity: None,
        fields,
        aliases: vec![],
        tags: vec![],
        notes: s.notes.clone(),
        sources: vec![index],
        own_sources: vec![index],
        disputed: false,
        pos: s.id.0.pos,
    }
}
