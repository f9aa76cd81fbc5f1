//! From the located YAML tree to a validated [`KnowledgeBase`], collecting every problem.

use std::collections::HashMap;

use super::diagnostic::{Diagnostic, LoadError, nearest};
use super::entry::{Claim, Entry, Field, KnowledgeBase, Meta, Source, Tab, Value};
use super::model::{
    self, Common, Located, RawClaim, RawCompetitor, RawEvent, RawFinance, RawModel, RawOverview,
    RawPerson, RawProduct, RawRisk, RawSource, RawValue, TOP_LEVEL_KEYS, Text,
};
use super::node::{Node, NodeKind, Pos};
use super::node_de::from_node;

/// One parsed entry of any section.
enum RawEntry {
    Overview(RawOverview),
    Event(RawEvent),
    Model(RawModel),
    Finance(RawFinance),
    Risk(RawRisk),
    Person(RawPerson),
    Competitor(RawCompetitor),
    Product(RawProduct),
}

struct Builder<'a> {
    file: &'a str,
    source: &'a str,
    diags: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    fn error(&mut self, pos: Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(self.file, pos, message).hint(hint));
    }

    fn parse<T: serde::Deserialize<'a>>(&mut self, node: &'a Node) -> Option<T> {
        match from_node::<T>(node, self.source) {
            Ok(v) => Some(v),
            Err(e) => {
                let mut d = Diagnostic::new(self.file, e.pos, e.message);
                d.hint = e.hint;
                self.diags.push(d);
                None
            }
        }
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

    let mut resolver = Resolver::new(&mut b, &raw_sources);
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

/// Resolves source references and builds uniform entries, reporting what does not resolve.
struct Resolver<'b, 'a> {
    b: &'b mut Builder<'a>,
    source_ids: HashMap<&'a str, usize>,
    known: Vec<&'a str>,
}

impl<'b, 'a> Resolver<'b, 'a> {
    fn new(b: &'b mut Builder<'a>, sources: &'a [RawSource]) -> Self {
        let mut source_ids = HashMap::new();
        for (i, s) in sources.iter().enumerate() {
            source_ids.entry(s.id.0.value.as_str()).or_insert(i);
        }
        let known = sources.iter().map(|s| s.id.0.value.as_str()).collect();
        Resolver {
            b,
            source_ids,
            known,
        }
    }

    fn refs(&mut self, refs: &[Located<String>]) -> Vec<usize> {
        let mut out = Vec::new();
        for r in refs {
            match self.source_ids.get(r.value.as_str()) {
                Some(&i) if !out.contains(&i) => out.push(i),
                Some(_) => {}
                None => {
                    let hint = match nearest(&r.value, &self.known) {
                        Some(k) => {
                            format!("did you mean `{k}`? Sources are declared under `sources:`")
                        }
                        None => format!(
                            "declare it under `sources:`; known sources: {}",
                            self.known.join(", ")
                        ),
                    };
                    self.b
                        .error(r.pos, format!("unknown source `{}`", r.value), hint);
                }
            }
        }
        out
    }

    fn claim(&mut self, c: &RawClaim, inherited: &[usize]) -> Claim {
        let mut sources = self.refs(&c.sources);
        if c.sources.is_empty() {
            if inherited.is_empty() {
                self.b.error(
                    c.value.pos,
                    format!("the claim `{}` cites no source", c.value.value.0),
                    "give the claim `sources: [id]`, or the entry `sources:`",
                );
            }
            sources = inherited.to_vec();
        }
        Claim {
            value: c.value.value.0.clone(),
            date: c.date,
            sources,
            note: c.note.clone(),
        }
    }

    fn value(&mut self, v: &RawValue, inherited: &[usize]) -> Value {
        match v {
            RawValue::Text(t) => Value::Text(t.clone()),
            RawValue::Claims(cs) => {
                Value::Claims(cs.iter().map(|c| self.claim(c, inherited)).collect())
            }
        }
    }

    fn entry(&mut self, raw: &RawEntry) -> Entry {
        let c = common(raw);
        let pos = c.id.0.pos;
        let own = self.refs(c.sources);
        let mut fields: Vec<Field> = Vec::new();
        let mut add_value = |r: &mut Self, key: &'static str, label: &str, v: Option<&RawValue>| {
            if let Some(v) = v {
                let value = r.value(v, &own);
                fields.push(Field {
                    key,
                    label: label.to_string(),
                    value,
                    sources: vec![],
                });
            }
        };
        let text = |s: &Option<String>| {
            s.as_ref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| RawValue::Text(s.trim().to_string()))
        };
        let t = |s: &Text| RawValue::Text(s.0.clone());
        let (tab, title, date, severity) = match raw {
            RawEntry::Overview(o) => {
                add_value(self, "value", "Value", Some(&o.value));
                (Tab::Overview, o.label.0.clone(), None, None)
            }
            RawEntry::Event(e) => {
                add_value(self, "category", "Category", text(&e.category).as_ref());
                add_value(self, "summary", "Summary", text(&e.summary).as_ref());
                (Tab::Timeline, e.title.0.clone(), Some(e.date), None)
            }
            RawEntry::Model(m) => {
                add_value(self, "family", "Family", text(&m.family).as_ref());
                add_value(self, "kind", "Kind", text(&m.kind).as_ref());
                add_value(
                    self,
                    "params_total",
                    "Parameters (total)",
                    m.params_total.as_ref(),
                );
                add_value(
                    self,
                    "params_active",
                    "Parameters (active)",
                    m.params_active.as_ref(),
                );
                add_value(self, "context", "Context", m.context.as_ref());
                add_value(self, "languages", "Languages", m.languages.as_ref());
                add_value(self, "licence", "Licence", m.licence.as_ref());
                add_value(self, "access", "Access", m.access.as_ref());
                add_value(self, "summary", "Summary", text(&m.summary).as_ref());
                (Tab::Models, m.name.0.clone(), m.released, None)
            }
            RawEntry::Finance(f) => {
                add_value(self, "value", "Value", Some(&f.value));
                add_value(self, "unit", "Unit", text(&f.unit).as_ref());
                add_value(self, "change", "Change", f.change.as_ref());
                add_value(self, "scope", "Scope", text(&f.scope).as_ref());
                add_value(self, "summary", "Summary", text(&f.summary).as_ref());
                (Tab::Finances, f.metric.0.clone(), Some(f.period), None)
            }
            RawEntry::Risk(r) => {
                add_value(self, "category", "Category", Some(&t(&r.category)));
                add_value(
                    self,
                    "severity",
                    "Severity",
                    Some(&RawValue::Text(r.severity.name().to_string())),
                );
                add_value(self, "summary", "Summary", text(&r.summary).as_ref());
                add_value(
                    self,
                    "mitigation",
                    "Mitigation",
                    text(&r.mitigation).as_ref(),
                );
                (Tab::Risks, r.title.0.clone(), None, Some(r.severity))
            }
            RawEntry::Person(p) => {
                add_value(self, "role", "Role", Some(&p.role));
                add_value(
                    self,
                    "organisation",
                    "Organisation",
                    text(&p.organisation).as_ref(),
                );
                add_value(self, "summary", "Summary", text(&p.summary).as_ref());
                (Tab::People, p.name.0.clone(), None, None)
            }
            RawEntry::Competitor(k) => {
                add_value(self, "owner", "Owner", text(&k.owner).as_ref());
                add_value(
                    self,
                    "positioning",
                    "Positioning",
                    text(&k.positioning).as_ref(),
                );
                add_value(
                    self,
                    "distribution",
                    "Distribution",
                    text(&k.distribution).as_ref(),
                );
                add_value(self, "threat", "Threat", text(&k.threat).as_ref());
                add_value(self, "summary", "Summary", text(&k.summary).as_ref());
                (Tab::Competitors, k.name.0.clone(), None, None)
            }
            RawEntry::Product(p) => {
                add_value(self, "category", "Category", text(&p.category).as_ref());
                add_value(self, "summary", "Summary", text(&p.summary).as_ref());
                (Tab::Products, p.name.0.clone(), None, None)
            }
        };
        for fact in c.facts {
            let fact_sources = self.refs(&fact.sources);
            let inherited = if fact_sources.is_empty() {
                own.clone()
            } else {
                fact_sources.clone()
            };
            let value = self.value(&fact.value, &inherited);
            fields.push(Field {
                key: "fact",
                label: fact.label.0.clone(),
                value,
                sources: fact_sources,
            });
        }
        let mut sources = own.clone();
        for f in &fields {
            let cited: Box<dyn Iterator<Item = &usize>> = match &f.value {
                Value::Claims(cs) => Box::new(cs.iter().flat_map(|c| c.sources.iter())),
                Value::Text(_) => Box::new(f.sources.iter()),
            };
            for &s in cited {
                if !sources.contains(&s) {
                    sources.push(s);
                }
            }
        }
        // Unresolvable references were reported already; only a truly uncited entry is
        // reported here.
        let cites_anything = !c.sources.is_empty()
            || c.facts.iter().any(|f| !f.sources.is_empty())
            || !sources.is_empty();
        if !cites_anything {
            self.b.error(
                pos,
                format!("entry `{}` cites no source", c.id.0.value),
                format!(
                    "add `sources: [{}]` naming the document(s) it comes from",
                    self.known.first().copied().unwrap_or("source-id")
                ),
            );
        }
        let disputed = fields.iter().any(|f| f.value.is_disputed());
        let key_value = key_value(tab, &fields, date);
        Entry {
            tab,
            id: c.id.0.value.clone(),
            title,
            key_value,
            date,
            date_key: None,
            severity,
            fields,
            aliases: clean_list(c.aliases),
            tags: clean_list(c.tags),
            notes: c
                .notes
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            sources,
            own_sources: own,
            disputed,
            pos,
        }
    }

    /// Ids are unique across entries and sources: report each later duplicate.
    fn check_unique_ids(&mut self, entries: &[Entry]) {
        let mut seen: HashMap<&str, Pos> = HashMap::new();
        let mut all: Vec<&Entry> = entries.iter().collect();
        all.sort_by_key(|e| e.pos);
        for e in all {
            if let Some(first) = seen.get(e.id.as_str()) {
                self.b.error(
                    e.pos,
                    format!(
                        "duplicate id `{}` (first used at line {})",
                        e.id, first.line
                    ),
                    "ids must be unique in the whole file; rename one of them",
                );
            } else {
                seen.insert(&e.id, e.pos);
            }
        }
    }
}

fn common(raw: &RawEntry) -> Common<'_> {
    match raw {
        RawEntry::Overview(x) => x.common(),
        RawEntry::Event(x) => x.common(),
        RawEntry::Model(x) => x.common(),
        RawEntry::Finance(x) => x.common(),
        RawEntry::Risk(x) => x.common(),
        RawEntry::Person(x) => x.common(),
        RawEntry::Competitor(x) => x.common(),
        RawEntry::Product(x) => x.common(),
    }
}

fn clean_list(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        let i = i.trim();
        if !i.is_empty() && !out.iter().any(|o| o == i) {
            out.push(i.to_string());
        }
    }
    out
}

/// The short value shown beside an entry's title.
fn key_value(tab: Tab, fields: &[Field], date: Option<super::date::PartialDate>) -> String {
    let get = |k: &str| {
        fields
            .iter()
            .find(|f| f.key == k)
            .map(|f| f.value.summary())
    };
    let join = |parts: Vec<Option<String>>| {
        parts
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    match tab {
        Tab::Overview => get("value").unwrap_or_default(),
        Tab::Timeline => join(vec![date.map(|d| d.to_string()), get("category")]),
        Tab::Models => {
            let params = match (get("params_total"), get("params_active")) {
                (Some(t), Some(a)) => Some(format!("{t} / {a} active")),
                (t, _) => t,
            };
            join(vec![
                params,
                get("context").map(|c| format!("{c} ctx")),
                get("licence").or(get("access")),
            ])
        }
        Tab::Finances => {
            // A bare number needs its unit; a value written with its currency does not.
            let value = get("value").map(|v| match get("unit") {
                Some(u) if !v.chars().any(char::is_alphabetic) => format!("{v} {u}"),
                _ => v,
            });
            join(vec![value, get("change"), date.map(|d| d.to_string())])
        }
        Tab::Risks => join(vec![get("severity"), get("category")]),
        Tab::People => join(vec![get("role"), get("organisation")]),
        Tab::Competitors => join(vec![get("owner").or(get("positioning"))]),
        Tab::Products => get("category").unwrap_or_default(),
        Tab::Sources => String::new(),
    }
}
