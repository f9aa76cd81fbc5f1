//! The strings of a cache file: each must be what sanitising leaves as it is, and a
//! field's key (and most often its label) is kept once for the life of the process rather
//! than once per field.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use serde::Deserialize;

use super::entry::{Entry, Field, KnowledgeBase, Value};
use super::sanitize::sanitize;

fn clean(s: &str) -> bool {
    matches!(sanitize(s), Cow::Borrowed(_))
}

/// Is every string of `kb` but its entries' (and the file names it was made from) what
/// sanitising leaves as it is? (The entries: [`entries_clean`].)
pub(super) fn head_clean(r: &KnowledgeBase, names: &[String]) -> bool {
    let opt = |s: &Option<String>| s.as_deref().is_none_or(clean);
    let meta = &r.meta;
    clean(&r.origin)
        && names.iter().all(|n| clean(n))
        && r.synonyms.iter().flatten().all(|w| clean(w))
        && clean(&meta.title)
        && clean(&meta.subject)
        && opt(&meta.description)
        && r.sources.iter().all(|s| {
            [&s.id, &s.title, &s.publisher].iter().all(|t| clean(t))
                && [&s.author, &s.file, &s.url, &s.notes]
                    .iter()
                    .all(|t| opt(t))
        })
}

/// Is every string of these entries what sanitising leaves as it is?
pub(super) fn entries_clean(entries: &[Entry]) -> bool {
    let opt = |s: &Option<String>| s.as_deref().is_none_or(clean);
    entries.iter().all(|e| {
        [&e.id, &e.title, &e.key_value].iter().all(|t| clean(t))
            && e.aliases.iter().chain(&e.tags).all(|t| clean(t))
            && opt(&e.notes)
            && e.fields.iter().all(|f| {
                clean(&f.label)
                    && match &f.value {
                        Value::Text(t) => clean(t),
                        Value::Claims(cs) => cs.iter().all(|c| clean(&c.value) && opt(&c.note)),
                    }
            })
    })
}

/// A field as stored: its key as an owned string (see [`intern`]).
#[derive(Deserialize)]
struct StoredField {
    key: String,
    label: String,
    value: Value,
    sources: Vec<usize>,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        let f = StoredField::deserialize(d)?;
        Ok(Field {
            key: intern(f.key).map_err(serde::de::Error::custom)?,
            label: label(f.label),
            value: f.value,
            sources: f.sources,
        })
    }
}

/// A field's key as the `&'static str` the rest of the program uses. Keys are the format's
/// own few dozen names; each distinct one is kept once for the life of the process, and a
/// cache file with more than a few hundred distinct keys is refused.
fn intern(key: String) -> Result<&'static str, &'static str> {
    // Each decoding thread asks its own table first (the shared one is locked only for a
    // key this thread has not met).
    thread_local! {
        static SEEN: std::cell::RefCell<HashSet<&'static str>> = Default::default();
    }
    if let Some(k) = SEEN.with(|seen| seen.borrow().get(key.as_str()).copied()) {
        return Ok(k);
    }
    let k = intern_shared(key)?;
    SEEN.with(|seen| seen.borrow_mut().insert(k));
    Ok(k)
}

/// A field's label, kept once for the life of the process if it is short and one of the
/// first few hundred distinct ones met (the format's own labels, most often), else as it
/// is.
fn label(label: String) -> Cow<'static, str> {
    thread_local! {
        static SEEN: std::cell::RefCell<HashSet<&'static str>> = Default::default();
    }
    if let Some(k) = SEEN.with(|seen| seen.borrow().get(label.as_str()).copied()) {
        return Cow::Borrowed(k);
    }
    if label.len() > 64 {
        return Cow::Owned(label);
    }
    static LABELS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    match intern_in(&LABELS, label.clone()) {
        Ok(k) => {
            SEEN.with(|seen| seen.borrow_mut().insert(k));
            Cow::Borrowed(k)
        }
        Err(_) => Cow::Owned(label),
    }
}

/// [`intern`] in the table every thread shares.
fn intern_shared(key: String) -> Result<&'static str, &'static str> {
    static KEYS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    intern_in(&KEYS, key)
}

/// `text` kept once in `table` (at most 512 distinct texts, each clean).
fn intern_in(
    table: &'static OnceLock<Mutex<HashSet<&'static str>>>,
    text: String,
) -> Result<&'static str, &'static str> {
    let mut known = table
        .get_or_init(Default::default)
        .lock()
        .map_err(|_| "the table is unusable")?;
    if let Some(k) = known.get(text.as_str()) {
        return Ok(k);
    }
    if known.len() >= 512 || !clean(&text) {
        return Err("not a field key");
    }
    let k: &'static str = Box::leak(text.into_boxed_str());
    known.insert(k);
    Ok(k)
}
