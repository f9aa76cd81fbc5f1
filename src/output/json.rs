//! Entries as JSON, for `search --json` and `show --json`.

use serde_json::{Value as Json, json};

use crate::kb::{Claim, Entry, KnowledgeBase, Value};
use crate::output::plain::entry_text;

fn source_json(kb: &KnowledgeBase, i: usize) -> Json {
    match kb.sources.get(i) {
        Some(s) => json!({
            "id": s.id,
            "title": s.title,
            "publisher": s.publisher,
            "author": s.author,
            "date": s.date.map(|d| d.canonical()),
            "updated": s.updated.map(|d| d.canonical()),
            "file": s.file,
            "url": s.url,
        }),
        None => Json::Null,
    }
}

fn source_ids<'a>(kb: &'a KnowledgeBase, sources: &[usize]) -> Vec<&'a str> {
    sources
        .iter()
        .filter_map(|&s| kb.sources.get(s).map(|s| s.id.as_str()))
        .collect()
}

fn claim_json(kb: &KnowledgeBase, c: &Claim) -> Json {
    json!({
        "value": c.value,
        "date": c.date.map(|d| d.canonical()),
        "sources": source_ids(kb, &c.sources),
        "note": c.note,
    })
}

/// The fields every JSON form of an entry shares.
pub fn entry_json(kb: &KnowledgeBase, e: &Entry) -> Json {
    let fields: Vec<Json> = e
        .fields
        .iter()
        .map(|f| {
            let mut obj = json!({ "key": f.key, "label": f.label });
            match &f.value {
                Value::Text(t) => obj["value"] = json!(t),
                Value::Claims(cs) => {
                    obj["value"] = json!(f.value.summary());
                    obj["claims"] = cs.iter().map(|c| claim_json(kb, c)).collect();
                    obj["disputed"] = json!(f.value.is_disputed());
                }
            }
            if !f.sources.is_empty() {
                obj["sources"] = json!(source_ids(kb, &f.sources));
            }
            obj
        })
        .collect();
    json!({
        "tab": e.tab.name(),
        "id": e.id,
        "title": e.title,
        "summary": e.key_value,
        "date": e.date.map(|d| d.canonical()),
        "disputed": e.disputed,
        "fields": fields,
        "aliases": e.aliases,
        "tags": e.tags,
        "notes": e.notes,
        "sources": e.sources.iter().map(|&s| source_json(kb, s)).collect::<Vec<_>>(),
        "text": entry_text(kb, e),
    })
}
