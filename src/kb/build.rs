//! From the located YAML tree to a validated [`KnowledgeBase`], collecting every problem.

use super::diagnostic::{Diagnostic, LoadError, nearest};
use super::entry::{Entry, Field, KnowledgeBase, Meta, Source, Tab, Value};
use super::model::{
    self, Located, RawCompetitor, RawEvent, RawFinance, RawModel, RawOverview, RawPerson,
    RawProduct, RawRisk, RawSource, TOP_LEVEL_KEYS,
};
use super::node::{Node, NodeKind, Pos};
use super::node_de::from_node;
use super::resolve::Resolver;

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
    /// A builder whose problems are about `input` until told otherwise.
    pub(super) fn new(input: &Input<'a>) -> Builder<'a> {
        Builder {
            file: input.file,
            source: input.source,
            diags: Vec::new(),
        }
    }

    /// Errors from now on are about this file.
    pub(super) fn set_file(&mut self, input: &Input<'a>) {
        self.file = input.file;
        self.source = input.source;
    }

    /// Errors from now on name this file (their text positions are not read).
    pub(super) fn set_file_name(&mut self, file: &'a str) {
        self.file = file;
    }

    /// Whether a problem has been found.
    pub(super) fn has_problems(&self) -> bool {
        !self.diags.is_empty()
    }

    pub(super) fn error(&mut self, pos: Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(self.file, pos, message).hint(hint));
    }

    pub(super) fn parse<'n, T: serde::Deserialize<'n>>(&mut self, node: &'n Node) -> Option<T>
    where
        'a: 'n,
    {
        let (value, errors) = from_node::<T>(node, self.source);
        for e in errors {
            let mut d = Diagnostic::new(self.file, e.pos, e.message);
            d.hint = e.hint;
            self.diags.push(d);
        }
        value
    }

    /// The items of a section; an empty section (`risks:`) is an empty list.
    fn items<'n>(&mut self, key: &str, node: &'n Node) -> &'n [Node] {
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
}

/// One file of a knowledge base, as messages name it.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The file as the user named it.
    pub file: &'a str,
    /// Its text, for the exact spelling of values.
    pub source: &'a str,
}

/// Builds and validates a knowledge base from one file's tree; all problems are reported
/// together. The tree's entries are taken out of it as they are built (see [`build_many`]).
pub fn build(root: &mut Node, source: &str, file: &str) -> Result<KnowledgeBase, LoadError> {
    build_many(&[Input { file, source }], std::slice::from_mut(root))
}

/// The top-level mapping of a file, or the error that it is empty or not a mapping.
fn top_level<'n>(input: &Input, root: &'n Node) -> Result<&'n [(Node, Node)], Diagnostic> {
    match &root.kind {
        NodeKind::Map(m) => Ok(m),
        NodeKind::Null => Err(Diagnostic::new(input.file, Pos { line: 1, col: 1 }, "the file is empty")
            .hint("a knowledge base needs at least `meta:` and `sources:`; run `qwen-tui schema` for the format")),
        other => Err(Diagnostic::new(
            input.file,
            root.pos,
            format!("the top level must be a mapping of sections, found {}", other.describe()),
        )
        .hint("start the file with `meta:`, `sources:` and sections such as `timeline:`")),
    }
}

/// Whether a top-level key names a section of entries.
pub(super) fn is_entry_section(key: &str) -> bool {
    matches!(
        key,
        "overview"
            | "timeline"
            | "models"
            | "finances"
            | "risks"
            | "people"
            | "competitors"
            | "products"
    )
}

/// One item of the entry section `key`, parsed.
fn parse_entry(b: &mut Builder, key: &str, item: &Node) -> Option<RawEntry> {
    match key {
        "overview" => b.parse(item).map(RawEntry::Overview),
        "timeline" => b.parse(item).map(RawEntry::Event),
        "models" => b.parse(item).map(RawEntry::Model),
        "finances" => b.parse(item).map(RawEntry::Finance),
        "risks" => b.parse(item).map(RawEntry::Risk),
        "people" => b.parse(item).map(RawEntry::Person),
        "competitors" => b.parse(item).map(RawEntry::Competitor),
        "products" => b.parse(item).map(RawEntry::Product),
        _ => None,
    }
}

/// Builds one knowledge base from several files (`inputs[i]`'s tree is `roots[i]`): `meta`
/// once in any of them, sources and entries from all, source references and ids checked
/// across them all.
///
/// The other sections are read first, so that every source is known; then each entry is
/// taken out of its tree, parsed, resolved and dropped, one at a time: the tree shrinks as
/// the entries grow, instead of both being whole at once. Problems are sorted by place when
/// reported, so the order they are found in does not show.
pub fn build_many(inputs: &[Input], roots: &mut [Node]) -> Result<KnowledgeBase, LoadError> {
    let Some(first) = inputs.first() else {
        return Err(LoadError::single(
            Diagnostic::new("<none>", Pos::UNKNOWN, "no knowledge-base file given")
                .hint("give a YAML file or a directory of them"),
        ));
    };
    let mut r = Resolver::new(Builder::new(first));
    for (input, root) in inputs.iter().zip(roots.iter()) {
        if let Err(d) = top_level(input, root) {
            r.builder().diags.push(d);
        }
    }
    if !r.builder().diags.is_empty() {
        return Err(LoadError::from_diagnostics(r.into_builder().diags));
    }
    let mut sections = Sections::default();
    for (file_index, (input, root)) in inputs.iter().zip(roots.iter()).enumerate() {
        r.builder().set_file(input);
        for (key, value) in top_level(input, root).unwrap_or(&[]) {
            sections.read(r.builder(), file_index, input, key, value);
        }
    }
    r.set_sources(&sections.raw_sources);
    let mut entries = Entries::with_capacity(sections.capacity());
    for (file_index, (input, root)) in inputs.iter().zip(roots.iter_mut()).enumerate() {
        r.at_file(input);
        entries.take_from(&mut r, file_index, root);
    }
    finish(r, inputs, sections, entries)
}

/// The entries built so far, and how many problems resolving them found.
pub(super) struct Entries {
    pub(super) list: Vec<Entry>,
    unresolved: usize,
}

impl Entries {
    pub(super) fn with_capacity(n: usize) -> Entries {
        Entries {
            list: Vec::with_capacity(n),
            unresolved: 0,
        }
    }

    /// Parses and resolves one item of the entry section `key` (problems go to `r`).
    pub(super) fn add(&mut self, r: &mut Resolver, file_index: usize, key: &str, item: Node) {
        if let Some(raw) = parse_entry(r.builder(), key, &item) {
            drop(item);
            let before = r.builder().diags.len();
            let mut e = r.entry(&raw);
            self.unresolved += r.builder().diags.len() - before;
            e.file = file_index;
            self.list.push(e);
        }
    }

    /// Takes every item of the entry sections out of `root`, in order, and adds it.
    pub(super) fn take_from(&mut self, r: &mut Resolver, file_index: usize, root: &mut Node) {
        let NodeKind::Map(map) = &mut root.kind else {
            return;
        };
        for (key_node, value) in map {
            let NodeKind::Str(key) = &key_node.kind else {
                continue;
            };
            if !is_entry_section(key) {
                continue;
            }
            r.builder().items(key, value);
            if let NodeKind::Seq(list) = &mut value.kind {
                for item in std::mem::take(list) {
                    self.add(r, file_index, key, item);
                }
            }
        }
    }

    /// These entries, then those of `later`, with room for `more` and no more (an entry is
    /// 256 bytes: a list grown by doubling can hold 25 MB of room at 100,000 entries).
    pub(super) fn then(mut self, mut later: Entries, more: usize) -> Entries {
        let mut list = if self.list.is_empty() {
            later.list
        } else {
            self.list.reserve_exact(later.list.len() + more);
            self.list.append(&mut later.list);
            self.list
        };
        list.reserve_exact(more);
        list.shrink_to(list.len() + more);
        Entries {
            list,
            unresolved: self.unresolved + later.unresolved,
        }
    }
}

/// What the sections other than entries give, read one top-level pair at a time.
#[derive(Default)]
pub(super) struct Sections<'a> {
    meta: Option<model::Meta>,
    meta_file: &'a str,
    pub(super) raw_sources: Vec<RawSource>,
    source_files: Vec<usize>,
    has_meta: bool,
    has_sources: bool,
    synonyms: Vec<Vec<String>>,
    /// Items of the entry sections (read later).
    items: usize,
}

impl<'a> Sections<'a> {
    /// Room for the entries of the sections read, and one per source.
    pub(super) fn capacity(&self) -> usize {
        self.items + self.raw_sources.len()
    }

    /// Reads one top-level pair of file `file_index` (an entry section is only counted).
    pub(super) fn read(
        &mut self,
        b: &mut Builder<'a>,
        file_index: usize,
        input: &Input<'a>,
        key_node: &Node,
        value: &Node,
    ) {
        let NodeKind::Str(key) = &key_node.kind else {
            b.error(
                key_node.pos,
                "top-level keys must be text",
                "use section names such as `meta` or `timeline`",
            );
            return;
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
            "meta" if !self.meta_file.is_empty() => b.error(
                key_node.pos,
                format!("`meta` is already given in {}", self.meta_file),
                "keep one `meta:` section across the files",
            ),
            "meta" => {
                self.meta = b.parse::<model::Meta>(value);
                self.meta_file = input.file;
            }
            "sources" => {
                for item in b.items(key, value) {
                    if let Some(s) = b.parse::<RawSource>(item) {
                        self.raw_sources.push(s);
                        self.source_files.push(file_index);
                    }
                }
            }
            "synonyms" => self.synonyms.extend(super::synonyms::groups(b, value)),
            k if is_entry_section(k) => {
                if let NodeKind::Seq(list) = &value.kind {
                    self.items += list.len();
                }
            }
            other => {
                let hint = match nearest(other, &TOP_LEVEL_KEYS) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("known sections: {}", TOP_LEVEL_KEYS.join(", ")),
                };
                b.error(key_node.pos, format!("unknown section `{other}`"), hint);
            }
        }
        self.has_meta |= key == "meta";
        self.has_sources |= key == "sources";
    }
}

/// The checks of the whole knowledge base once every section is read, and the knowledge
/// base, or every problem found.
pub(super) fn finish<'a>(
    mut r: Resolver<'a>,
    inputs: &[Input<'a>],
    sections: Sections<'a>,
    entries: Entries,
) -> Result<KnowledgeBase, LoadError> {
    let Sections {
        meta,
        meta_file,
        raw_sources,
        source_files,
        has_meta,
        has_sources,
        synonyms,
        items: _,
    } = sections;
    let Entries {
        list: mut entries,
        unresolved,
    } = entries;
    if let Some(first) = inputs.first() {
        r.at_file(first);
    }
    let b = r.builder();
    let top = Pos { line: 1, col: 1 };
    if !has_meta {
        b.error(
            top,
            "missing required section `meta`",
            "add `meta:` with `title`, `subject` and `as_of`",
        );
    }
    if !has_sources {
        b.error(
            top,
            "missing required section `sources`",
            "add `sources:` listing the documents entries cite",
        );
    } else if raw_sources.is_empty() && b.diags.len() == unresolved {
        // Said only when nothing else is wrong but the references it leaves unresolved.
        b.error(
            top,
            "`sources` lists no source",
            "every entry must cite a source; add at least one",
        );
    }
    for (i, s) in raw_sources.iter().enumerate() {
        let mut e = source_entry(i, s);
        e.file = source_files[i];
        entries.push(e);
    }
    let names: Vec<&str> = inputs.iter().map(|input| input.file).collect();
    r.check_unique_ids(&entries, &names);
    let mut b = r.into_builder();

    // Problems of `meta` itself are in the file that has it.
    if let Some(input) = inputs.iter().find(|input| input.file == meta_file) {
        b.set_file(input);
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
    for e in &mut entries {
        e.date_key = e.date.map(|d| d.sort_key(fiscal_year_end));
    }
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
