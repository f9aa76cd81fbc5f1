//! Resolving parsed entries into uniform [`Entry`] values: source references checked and
//! inherited by claims, fields in display order, ids checked for uniqueness.

use std::collections::HashMap;

use super::build::{Builder, RawEntry};
use super::diagnostic::nearest;
use super::entry::{Claim, Entry, Field, Tab, Value};
use super::model::{Common, Located, RawClaim, RawSource, RawValue, Text};
use super::node::Pos;

/// Resolves source references and builds uniform entries, reporting what does not resolve
/// to the builder it owns.
pub(super) struct Resolver<'a> {
    b: Builder<'a>,
    source_ids: HashMap<String, usize>,
    known: Vec<String>,
    /// An entry's fields and sources as they are gathered, their memory reused from entry
    /// to entry: each entry's own lists are copied out of them at their exact length (no
    /// room left over, as in lists read from the cache: at 100,000 entries the room lists
    /// grown by pushing keep is about 25 MB).
    fields: Vec<Field>,
    sources: Vec<usize>,
}

impl<'a> Resolver<'a> {
    /// A resolver that knows no source yet (see [`Resolver::set_sources`]).
    pub(super) fn new(b: Builder<'a>) -> Self {
        Resolver {
            b,
            source_ids: HashMap::new(),
            known: Vec::new(),
            fields: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// References resolve to these sources from now on.
    pub(super) fn set_sources(&mut self, sources: &[RawSource]) {
        self.source_ids.clear();
        for (i, s) in sources.iter().enumerate() {
            self.source_ids.entry(s.id.0.value.clone()).or_insert(i);
        }
        self.known = sources.iter().map(|s| s.id.0.value.clone()).collect();
    }

    /// The builder problems go to.
    pub(super) fn builder(&mut self) -> &mut Builder<'a> {
        &mut self.b
    }

    /// The builder, with every problem found.
    pub(super) fn into_builder(self) -> Builder<'a> {
        self.b
    }

    fn refs(&mut self, refs: &[Located<String>]) -> Vec<usize> {
        let mut out = Vec::with_capacity(refs.len());
        for r in refs {
            match self.source_ids.get(r.value.as_str()) {
                Some(&i) if !out.contains(&i) => out.push(i),
                Some(_) => {}
                None => {
                    let known: Vec<&str> = self.known.iter().map(String::as_str).collect();
                    let hint = match nearest(&r.value, &known) {
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

    /// Problems found from now on are in this file.
    pub(super) fn at_file(&mut self, input: &super::build::Input<'a>) {
        self.b.set_file(input);
    }

    pub(super) fn entry(&mut self, raw: &RawEntry) -> Entry {
        let c = common(raw);
        let pos = c.id.0.pos;
        let own = self.refs(c.sources);
        let mut fields = std::mem::take(&mut self.fields);
        let mut add_value =
            |r: &mut Self, key: &'static str, label: &'static str, v: Option<&RawValue>| {
                if let Some(v) = v {
                    let value = r.value(v, &own);
                    fields.push(Field {
                        key,
                        // The format's own labels are not copied (236,000 of them at 100,000
                        // entries).
                        label: label.into(),
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
                add_value(self, "series", "Series", text(&f.series).as_ref());
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
                label: fact.label.0.clone().into(),
                value,
                sources: fact_sources,
            });
        }
        let mut sources = std::mem::take(&mut self.sources);
        sources.extend(&own);
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
                    self.known.first().map_or("source-id", String::as_str)
                ),
            );
        }
        // Copied out at their exact length; the gathering lists are kept for the next entry.
        let (mut gathered, mut cited) = (fields, sources);
        let mut fields = Vec::with_capacity(gathered.len());
        fields.append(&mut gathered);
        let sources = cited.clone();
        cited.clear();
        (self.fields, self.sources) = (gathered, cited);
        let disputed = fields.iter().any(|f| f.value.is_disputed());
        let key_value = super::key_value::key_value(tab, &title, &fields, date);
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
            file: 0,
        }
    }

    /// Ids are unique across entries and sources, in all files: report each later
    /// duplicate, with where the first one is. (A sorted list rather than a map of 100,000
    /// ids: freed as it is, a map's large block would keep later ones from going back to
    /// the system, see `kb::memory`.)
    pub(super) fn check_unique_ids(&mut self, entries: &[Entry], files: &[&'a str]) {
        let mut all: Vec<(&str, usize, Pos)> = entries
            .iter()
            .map(|e| (e.id.as_str(), e.file, e.pos))
            .collect();
        all.sort_unstable();
        // Runs of one id, the first use first (files in order, then places).
        for run in all.chunk_by(|a, b| a.0 == b.0) {
            let (_, first_file, first) = run[0];
            for &(id, file, pos) in &run[1..] {
                let at = if first_file == file {
                    format!("line {}", first.line)
                } else {
                    format!(
                        "{}:{}:{}",
                        files.get(first_file).copied().unwrap_or("?"),
                        first.line,
                        first.col
                    )
                };
                self.b
                    .set_file_name(files.get(file).copied().unwrap_or("?"));
                self.b.error(
                    pos,
                    format!("duplicate id `{id}` (first used at {at})"),
                    "ids must be unique in the whole knowledge base; rename one of them",
                );
            }
        }
        super::memory::release(all);
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
