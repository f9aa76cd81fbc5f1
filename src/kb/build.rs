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
    /// Errors from now on are about this file.
    pub(super) fn set_file(&mut self, input: &Input<'a>) {
        self.file = input.file;
        self.source = input.source;
    }

    /// Errors from now on name this file (their text positions are not read).
    pub(super) fn set_file_name(&mut self, file: &'a str) {
        self.file = file;
    }

    pub(super) fn error(&mut self, pos: Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(self.file, pos, message).hint(hint));
    }

    pub(super) fn parse<T: serde::Deserialize<'a>>(&mut self, node: &'a Node) -> Option<T> {
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

/// One parsed file of a knowledge base.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The file as the user named it.
    pub file: &'a str,
    /// Its text, for the exact spelling of values.
    pub source: &'a str,
    pub root: &'a Node,
}

/// Builds and validates a knowledge base from one file; all problems are reported together.
pub fn build(root: &Node, source: &str, file: &str) -> Result<KnowledgeBase, LoadError> {
    build_many(&[Input { file, source, root }])
}

/// The top-level mapping of a file, or the error that it is empty or not a mapping.
fn top_level<'n>(input: &Input<'n>) -> Result<&'n [(Node, Node)], Diagnostic> {
    match &input.root.kind {
        NodeKind::Map(m) => Ok(m),
        NodeKind::Null => Err(Diagnostic::new(input.file, Pos { line: 1, col: 1 }, "the file is empty")
            .hint("a knowledge base needs at least `meta:` and `sources:`; run `qwen-tui schema` for the format")),
        other => Err(Diagnostic::new(
            input.file,
            input.root.pos,
            format!("the top level must be a mapping of sections, found {}", other.describe()),
        )
        .hint("start the file with `meta:`, `sources:` and sections such as `timeline:`")),
    }
}

/// Builds one knowledge base from several files: `meta` once in any of them, sources and
/// entries from all, source references and ids checked across them all.
pub fn build_many(inputs: &[Input]) -> Result<KnowledgeBase, LoadError> {
    let Some(first) = inputs.first() else {
        return Err(LoadError::single(
            Diagnostic::new("<none>", Pos::UNKNOWN, "no knowledge-base file given")
                .hint("give a YAML file or a directory of them"),
        ));
    };
    let mut b = Builder {
        file: first.file,
        source: first.source,
        diags: Vec::new(),
    };
    let mut maps = Vec::new();
    for input in inputs {
        match top_level(input) {
            Ok(m) => maps.push((*input, m)),
            Err(d) => b.diags.push(d),
        }
    }
    if !b.diags.is_empty() {
        return Err(LoadError::from_diagnostics(b.diags));
    }

    let mut meta: Option<model::Meta> = None;
    let mut meta_file = "";
    let mut raw_sources = Vec::new();
    let mut source_files = Vec::new();
    let mut raw: Vec<(usize, RawEntry)> = Vec::new();
    let mut seen_keys: Vec<&str> = Vec::new();
    let mut synonyms: Vec<Vec<String>> = Vec::new();
    for (file_index, (input, map)) in maps.iter().enumerate() {
        b.set_file(input);
        let mut file_raw = Vec::new();
        for (key_node, value) in *map {
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
                "meta" if !meta_file.is_empty() => b.error(
                    key_node.pos,
                    format!("`meta` is already given in {meta_file}"),
                    "keep one `meta:` section across the files",
                ),
                "meta" => {
                    meta = b.parse::<model::Meta>(value);
                    meta_file = input.file;
                }
                "sources" => {
                    for item in b.items(key, value) {
                        if let Some(s) = b.parse::<RawSource>(item) {
                            raw_sources.push(s);
                            source_files.push(file_index);
                        }
                    }
                }
                "overview" => b.section(key, value, RawEntry::Overview, &mut file_raw),
                "timeline" => b.section(key, value, RawEntry::Event, &mut file_raw),
                "models" => b.section(key, value, RawEntry::Model, &mut file_raw),
                "finances" => b.section(key, value, RawEntry::Finance, &mut file_raw),
                "risks" => b.section(key, value, RawEntry::Risk, &mut file_raw),
                "people" => b.section(key, value, RawEntry::Person, &mut file_raw),
                "competitors" => b.section(key, value, RawEntry::Competitor, &mut file_raw),
                "products" => b.section(key, value, RawEntry::Product, &mut file_raw),
                "synonyms" => synonyms.extend(super::synonyms::groups(&mut b, value)),
                other => {
                    let hint = match nearest(other, &TOP_LEVEL_KEYS) {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => format!("known sections: {}", TOP_LEVEL_KEYS.join(", ")),
                    };
                    b.error(key_node.pos, format!("unknown section `{other}`"), hint);
                }
            }
            if let NodeKind::Str(k) = &key_node.kind
                && !seen_keys.contains(&k.as_str())
            {
                seen_keys.push(k.as_str());
            }
        }
        raw.extend(file_raw.into_iter().map(|r| (file_index, r)));
    }
    b.set_file(first);
    let top = Pos { line: 1, col: 1 };
    let has_key = |k: &str| seen_keys.contains(&k);
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
    let mut entries: Vec<Entry> = Vec::with_capacity(raw.len() + raw_sources.len());
    for (f, r) in &raw {
        resolver.at_file(&maps[*f].0);
        let mut e = resolver.entry(r);
        e.file = *f;
        entries.push(e);
    }
    for (i, s) in raw_sources.iter().enumerate() {
        let mut e = source_entry(i, s);
        e.file = source_files[i];
        entries.push(e);
    }
    let names: Vec<&str> = maps.iter().map(|(input, _)| input.file).collect();
    resolver.check_unique_ids(&entries, &names);
    drop(resolver);

    // Problems of `meta` itself are in the file that has it.
    if let Some(i) = maps.iter().find(|(input, _)| input.file == meta_file) {
        b.set_file(&i.0);
    }
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
    Ok(KnowledgeBase::new(names.join(", "), meta, sources, entries).with_synonyms(synonyms))
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
    let mut text = |key, label: &'static str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
            fields.push(Field {
                key,
                label: label.into(),
                value: Value::Text(v),
                sources: vec![],
            });
        }
    };
    text("publisher", "Publisher", Some(s.publisher.0.clone()));
    text("author", "Author", s.author.clone());
    text("date", "Published", s.date.map(|d| d.to_string()));
    text("updated", "Updated", s.updated.map(|d| d.to_string()));
    // The name of the file the document was read from: a file name, said to be one.
    text("file", "Document file", s.file.clone());
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
        file: 0,
    }
}
