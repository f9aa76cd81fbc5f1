//! A cache of loaded knowledge bases, so a large file is parsed once, not at every start.
//!
//! Parsing and checking a 27 MB file takes about 3 s; reading back what it produced takes
//! a fraction of that. After a file of 1 MB or more loads, the result is written to
//! `$XDG_CACHE_HOME/qwen-tui/` (else `~/.cache/qwen-tui/`) under a hash of the files'
//! names, sizes and modification times (so that it is read while the files are), holding
//! two hashes of their names and contents. A later start with the same bytes reads it
//! instead of parsing.
//!
//! A cache file is a first line `qwen-tui-cache <digest>`, then the knowledge base as JSON
//! (the payload: a line of everything but the entries, then the entries in a few lines of
//! their own, decoded on every core). The digest is 128 bits: two SipHashes of the
//! payload's bytes.
//!
//! Safe by construction:
//! - Only a knowledge base that loaded without errors is stored; a file with errors is
//!   always parsed, so its messages are always fresh.
//! - The digest is checked before the payload is decoded: any edit or damage to the
//!   payload is a miss.
//! - An entry is used only if its format number, the program version, two independent
//!   hashes of the contents, the byte count and the file names all match. Any
//!   other file, or one that cannot be read or decoded, is ignored and replaced.
//! - The decoded data is not trusted either, whatever the digest says (a digest is easily
//!   recomputed): it must obey the rules a parsed file obeys ([`super::cache_check`]:
//!   unique ids, source indexes in range, valid dates and `fiscal_year_end`, derived values
//!   that match, the entry limit…), and a string that would need sanitising rejects it.
//! - A miss of any kind means a fresh parse, and the cache file is written again.
//! - Writes go to a temporary file renamed into place; only the newest few are kept.
//! - `QWEN_TUI_CACHE=off` turns it off; so does any failure to find or write the folder,
//!   silently (the knowledge base still loads).

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use super::cache_check::validate;
use super::diagnostic::LoadError;
use super::entry::{Entry, Field, KnowledgeBase, Meta, Source, Value};
use super::load::{expand_paths, load_texts, read_files};
use super::sanitize::sanitize;

/// Bump when the stored shape changes.
const FORMAT: u32 = 4;
/// The start of a cache file's first line, before the digest.
const MAGIC: &str = "qwen-tui-cache ";
/// Smaller inputs load quickly enough: no cache file for them.
pub const CACHE_FROM: usize = 1_000_000;
/// How many cache files are kept (the newest).
const KEEP: usize = 8;

/// Where cache files go, unless `QWEN_TUI_CACHE` is `off` (or `0`) or no home is known.
pub fn dir() -> Option<PathBuf> {
    let setting = std::env::var("QWEN_TUI_CACHE").unwrap_or_default();
    if matches!(setting.as_str(), "off" | "0" | "false" | "no") {
        return None;
    }
    // The XDG spec: a relative path in XDG_CACHE_HOME is invalid and ignored (as the
    // history and the config already do), so a cache is never written into whatever
    // folder the app was started in.
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|d| d.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("qwen-tui"))
}

/// [`super::load_paths`], through the cache in `dir` when there is one.
///
/// A cache file is named after the files' names, sizes and modification times, so that it
/// is read (and its digest checked) on one core while the files are read and hashed on
/// the other; what it holds is then used only if it was made from these very contents.
pub fn load_paths(paths: &[PathBuf], dir: Option<&Path>) -> Result<KnowledgeBase, LoadError> {
    let (kb, pending) = load_deferred(paths, dir)?;
    if let Some(p) = pending {
        p.write(&kb);
    }
    Ok(kb)
}

/// A cache file still to be written, for a knowledge base just parsed.
pub struct PendingWrite {
    dir: PathBuf,
    path: PathBuf,
    key: Key,
}

impl PendingWrite {
    /// Writes it (0.3 s for 100,000 entries); failures are ignored, as [`load_paths`]'s.
    pub fn write(self, kb: &KnowledgeBase) {
        write(&self.dir, &self.path, &self.key, kb);
    }

    /// Writes it on a thread of its own ([`finish_writing`] waits for it). If no thread
    /// can be started, no cache file is written this time.
    pub fn write_in_background(self, kb: std::sync::Arc<KnowledgeBase>) {
        let spawned = std::thread::Builder::new()
            .name("cache".into())
            .spawn(move || self.write(&kb));
        if let Ok(handle) = spawned {
            *WRITING
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(handle);
        }
    }
}

/// The cache file being written in the background, if any.
static WRITING: Mutex<Option<std::thread::JoinHandle<()>>> = Mutex::new(None);

/// Waits for a cache file being written in the background (the program is ending).
pub fn finish_writing() {
    let handle = WRITING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take();
    if let Some(h) = handle {
        let _ = h.join();
    }
}

/// [`load_paths`], leaving the cache file to be written (when one is due) to the caller, so
/// that what the user waits for comes first.
pub fn load_deferred(
    paths: &[PathBuf],
    dir: Option<&Path>,
) -> Result<(KnowledgeBase, Option<PendingWrite>), LoadError> {
    let files = expand_paths(paths)?;
    let size: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let Some(dir) = dir.filter(|_| size >= CACHE_FROM as u64) else {
        let (texts, unread) = read_files(&files);
        return Ok((load_texts(&texts, unread)?, None));
    };
    let path = dir.join(format!("{:016x}.json", name_of(&files)));
    let ((texts, unread), sealed) = std::thread::scope(|s| {
        let sealed = s.spawn(|| read_sealed(&path));
        (read_files(&files), sealed.join().ok().flatten())
    });
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    if !unread.is_empty() || bytes < CACHE_FROM {
        return Ok((load_texts(&texts, unread)?, None));
    }
    let key = Key::of(&texts);
    if let Some(kb) = sealed.and_then(|(text, at)| decode_payload(&text[at..], &key)) {
        return Ok((kb, None));
    }
    let kb = load_texts(&texts, unread)?;
    let pending = PendingWrite {
        dir: dir.to_path_buf(),
        path,
        key,
    };
    Ok((kb, Some(pending)))
}

/// A cache file's name: a hash of the files' names, sizes and modification times (what
/// identifies their contents is checked inside).
fn name_of(files: &[PathBuf]) -> u64 {
    let mut sip = std::hash::DefaultHasher::new();
    sip.write_u32(FORMAT);
    for f in files {
        sip.write(f.to_string_lossy().as_bytes());
        sip.write_u8(0);
        if let Ok(m) = std::fs::metadata(f) {
            sip.write_u64(m.len());
            if let Ok(t) = m
                .modified()
                .map(|t| t.duration_since(std::time::UNIX_EPOCH))
            {
                sip.write_u128(t.map_or(0, |d| d.as_nanos()));
            }
        }
    }
    sip.finish()
}

/// What identifies the texts a cache file was made from.
struct Key {
    /// A SipHash of names and contents.
    name: u64,
    /// A second SipHash of the same, started from another first byte: a check independent
    /// of the name (as the payload's digest is made; it was FNV-1a, byte by byte).
    check: u64,
    bytes: u64,
    names: Vec<String>,
}

impl Key {
    fn of(texts: &[(String, String)]) -> Key {
        let hash = |domain: u8| {
            let mut sip = std::hash::DefaultHasher::new();
            sip.write_u8(domain);
            sip.write_u32(FORMAT);
            sip.write(env!("CARGO_PKG_VERSION").as_bytes());
            for (name, text) in texts {
                sip.write(name.as_bytes());
                sip.write_u8(0);
                sip.write(text.as_bytes());
                sip.write_u8(0);
            }
            sip.finish()
        };
        Key {
            name: hash(1),
            check: hash(2),
            bytes: texts.iter().map(|(_, t)| t.len() as u64).sum(),
            names: texts.iter().map(|(n, _)| n.clone()).collect(),
        }
    }
}

#[derive(Serialize)]
struct Stored<'a> {
    format: u32,
    version: &'a str,
    content: u64,
    check: u64,
    bytes: u64,
    names: &'a [String],
    origin: &'a str,
    meta: &'a Meta,
    sources: &'a [Source],
    /// How many lines of entries follow (see [`CHUNKS`]).
    chunks: usize,
    synonyms: &'a [Vec<String>],
}

#[derive(Deserialize)]
struct Restored {
    format: u32,
    version: String,
    content: u64,
    check: u64,
    bytes: u64,
    names: Vec<String>,
    origin: String,
    meta: Meta,
    sources: Vec<Source>,
    chunks: usize,
    synonyms: Vec<Vec<String>>,
}

/// The payload is a line of everything but the entries, then the entries in this many
/// lines (JSON has no line break outside a string's escapes), so that they are decoded on
/// every core: 160 ms on one at 100,000 entries.
const CHUNKS: usize = 4;

/// The digest of a payload, as 32 hex digits: two 64-bit SipHashes of its bytes, each
/// after a different first byte (so two independent hashes; SipHash takes about 9 ms for
/// the 61 MB of a 100,000-entry file, FNV-1a six times as long).
fn digest(payload: &str) -> String {
    let half = |domain: u8| {
        let mut sip = std::hash::DefaultHasher::new();
        sip.write_u8(domain);
        sip.write(payload.as_bytes());
        sip.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

/// A cache file's text: the digest line, then the payload.
fn seal(payload: &str) -> String {
    format!("{MAGIC}{}\n{payload}", digest(payload))
}

/// The payload of a cache file, if its digest matches it.
fn unseal(text: &str) -> Option<&str> {
    let (first, payload) = text.split_once('\n')?;
    (first.strip_prefix(MAGIC)? == digest(payload)).then_some(payload)
}

fn encode_key(kb: &KnowledgeBase, key: &Key) -> String {
    encode(kb, (key.name, key.check), key.bytes, &key.names)
}

/// A cache file's text for `kb`, made from contents whose two hashes are `hashes`.
pub(crate) fn encode(
    kb: &KnowledgeBase,
    hashes: (u64, u64),
    bytes: u64,
    names: &[String],
) -> String {
    let per = kb.entries.len().div_ceil(CHUNKS).max(1);
    let chunks: Vec<&[Entry]> = kb.entries.chunks(per).collect();
    let stored = Stored {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION"),
        content: hashes.0,
        check: hashes.1,
        bytes,
        names,
        origin: &kb.origin,
        meta: &kb.meta,
        sources: &kb.sources,
        chunks: chunks.len(),
        synonyms: &kb.synonyms,
    };
    let mut payload = serde_json::to_string(&stored).unwrap_or_default();
    for chunk in chunks {
        payload.push('\n');
        payload.push_str(&serde_json::to_string(chunk).unwrap_or_default());
    }
    seal(&payload)
}

/// The knowledge base in `text`, if it is an undamaged cache file for exactly these texts,
/// every string in it is clean, and its data obeys the rules of a parsed file.
#[cfg(test)]
pub(crate) fn decode(
    text: &str,
    hashes: (u64, u64),
    bytes: u64,
    names: &[String],
) -> Option<KnowledgeBase> {
    decode_unsealed(unseal(text)?, hashes, bytes, names)
}

fn decode_payload(payload: &str, key: &Key) -> Option<KnowledgeBase> {
    decode_unsealed(payload, (key.name, key.check), key.bytes, &key.names)
}

/// [`decode`] of a payload whose digest was checked.
fn decode_unsealed(
    payload: &str,
    (content, check): (u64, u64),
    bytes: u64,
    names: &[String],
) -> Option<KnowledgeBase> {
    let mut lines = payload.split('\n');
    let r: Restored = serde_json::from_str(lines.next()?).ok()?;
    let chunks: Vec<&str> = lines.collect();
    let fits = chunks.len() == r.chunks
        && r.format == FORMAT
        && r.version == env!("CARGO_PKG_VERSION")
        && r.content == content
        && r.check == check
        && r.bytes == bytes
        && r.names == names
        && r.origin == names.join(", ");
    if !fits {
        return None;
    }
    let decoded: Vec<Option<Vec<Entry>>> = std::thread::scope(|s| {
        let each: Vec<_> = chunks
            .iter()
            .map(|c| s.spawn(move || serde_json::from_str::<Vec<Entry>>(c).ok()))
            .collect();
        each.into_iter().map(|h| h.join().ok().flatten()).collect()
    });
    let mut entries = Vec::new();
    for chunk in decoded {
        entries.extend(chunk?);
    }
    let kb = KnowledgeBase::new(r.origin, r.meta, r.sources, entries).with_synonyms(r.synonyms);
    // Two independent checks of the same data, on two cores (50 and 65 ms at 100,000
    // entries).
    let (clean, valid) = std::thread::scope(|s| {
        let clean = s.spawn(|| head_clean(&kb, names) && entries_clean(&kb.entries));
        let valid = validate(&kb, names.len()).is_ok();
        (clean.join().unwrap_or(false), valid)
    });
    (clean && valid).then_some(kb)
}

/// A cache file's text and where its payload starts, if its digest matches the payload.
fn read_sealed(path: &Path) -> Option<(String, usize)> {
    let text = std::fs::read_to_string(path).ok()?;
    let at = text.len() - unseal(&text)?.len();
    Some((text, at))
}

/// Writes the cache file (atomically) and removes all but the newest [`KEEP`]. Failures
/// are ignored: the cache only saves time.
fn write(dir: &Path, path: &Path, key: &Key, kb: &KnowledgeBase) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let text = encode_key(kb, key);
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, text).is_err() || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
        return;
    }
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    let mut caches: Vec<(std::time::SystemTime, PathBuf)> = listing
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    caches.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (_, old) in caches.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(old);
    }
}

fn clean(s: &str) -> bool {
    matches!(sanitize(s), Cow::Borrowed(_))
}

/// Is every string of `kb` but its entries' (and the file names it was made from) what
/// sanitising leaves as it is? (The entries: [`entries_clean`].)
fn head_clean(r: &KnowledgeBase, names: &[String]) -> bool {
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
fn entries_clean(entries: &[Entry]) -> bool {
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
            label: f.label,
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

/// [`intern`] in the table every thread shares.
fn intern_shared(key: String) -> Result<&'static str, &'static str> {
    static KEYS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut keys = KEYS
        .get_or_init(Default::default)
        .lock()
        .map_err(|_| "the key table is unusable")?;
    if let Some(k) = keys.get(key.as_str()) {
        return Ok(k);
    }
    if keys.len() >= 512 || !clean(&key) {
        return Err("not a field key");
    }
    let k: &'static str = Box::leak(key.into_boxed_str());
    keys.insert(k);
    Ok(k)
}

/// For tests that tamper with a cache file: `payload` as one JSON object, its entries
/// under `entries`, changed by `edit`, then written back in the cache's own layout (as
/// many lines of entries as it says). `None` if it is not a payload.
#[doc(hidden)]
pub fn edited_payload(payload: &str, edit: impl FnOnce(&mut serde_json::Value)) -> Option<String> {
    use serde_json::Value as Json;
    let mut lines = payload.split('\n');
    let mut stored: Json = serde_json::from_str(lines.next()?).ok()?;
    let mut entries = Vec::new();
    for line in lines {
        entries.extend(serde_json::from_str::<Vec<Json>>(line).ok()?);
    }
    stored["entries"] = Json::Array(entries);
    edit(&mut stored);
    let entries = stored.as_object_mut()?.remove("entries")?;
    let entries = entries.as_array()?;
    let chunks = stored["chunks"].as_u64().unwrap_or(1).max(1) as usize;
    let per = entries.len().div_ceil(chunks).max(1);
    let mut out = serde_json::to_string(&stored).ok()?;
    let mut lines: Vec<String> = entries
        .chunks(per)
        .filter_map(|c| serde_json::to_string(c).ok())
        .collect();
    // As many lines as the payload says, even with fewer entries than that.
    lines.resize(chunks, "[]".into());
    for line in lines {
        out.push('\n');
        out.push_str(&line);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use serde_json::{Value as Json, json};

    fn shipped() -> (KnowledgeBase, Vec<String>) {
        let kb = super::super::load_embedded().unwrap();
        let names = vec![kb.origin.clone()];
        (kb, names)
    }

    #[test]
    fn the_shipped_knowledge_base_reads_back_exactly() {
        let (kb, names) = shipped();
        let text = encode(&kb, (3, 7), 9, &names);
        assert!(text.starts_with(MAGIC), "{}", &text[..40]);
        assert_eq!(decode(&text, (3, 7), 9, &names), Some(kb));
    }

    /// The cache file is found by the file's name, size and time, but used only for the
    /// same contents: an edit that keeps the size and the time is seen.
    #[test]
    fn an_edit_that_keeps_size_and_time_is_not_read_from_the_cache() {
        let dir = std::env::temp_dir().join(format!("qwen-tui-cache-edit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("big.yaml");
        let text = crate::synth::knowledge_base(4000, 7);
        assert!(text.len() >= CACHE_FROM);
        std::fs::write(&file, &text).unwrap();
        let when = std::fs::metadata(&file).unwrap().modified().unwrap();
        let cache = dir.join("cache");
        let first = load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap();
        assert_eq!(
            std::fs::read_dir(&cache).unwrap().count(),
            1,
            "a cache file"
        );
        // The same bytes again: read back from the cache, the same knowledge base.
        let again = load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap();
        assert_eq!(again, first);
        // One title changed, same length, the time set back.
        let title = &first.entries[0].title;
        let renamed: String = title.chars().rev().collect();
        assert_ne!(&renamed, title);
        std::fs::write(&file, text.replacen(title.as_str(), &renamed, 1)).unwrap();
        let f = std::fs::File::options().write(true).open(&file).unwrap();
        f.set_modified(when).unwrap();
        drop(f);
        let edited = load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap();
        assert_eq!(edited.entries[0].title, renamed, "the edit is seen");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn another_check_size_or_name_is_a_miss() {
        let (kb, names) = shipped();
        let text = encode(&kb, (3, 7), 9, &names);
        assert!(decode(&text, (3, 8), 9, &names).is_none());
        assert!(decode(&text, (4, 7), 9, &names).is_none());
        assert!(decode(&text, (3, 7), 10, &names).is_none());
        assert!(decode(&text, (3, 7), 9, &["b.yaml".to_string()]).is_none());
        assert!(decode("{not json", (3, 7), 9, &names).is_none());
        assert!(decode(&seal("{not json"), (3, 7), 9, &names).is_none());
    }

    #[test]
    fn a_cache_file_with_an_escape_sequence_is_refused() {
        let (kb, names) = shipped();
        let text = encode(&kb, (3, 1), 2, &names);
        let title = &kb.entries[0].title;
        let bad = unseal(&text).unwrap().replacen(
            &serde_json::to_string(title).unwrap(),
            &serde_json::to_string(&format!("{title}\u{1b}]52;c;bad\u{7}")).unwrap(),
            1,
        );
        assert_ne!(bad, unseal(&text).unwrap());
        assert!(decode(&seal(&bad), (3, 1), 2, &names).is_none());
    }

    /// The cache file of the shipped knowledge base with `edit` made to its payload: as
    /// an editor leaves it (the old digest line), and forged (the digest recomputed).
    fn tampered(edit: impl Fn(&mut Json, &KnowledgeBase)) -> (String, String) {
        let (kb, names) = shipped();
        let text = encode(&kb, (3, 1), 2, &names);
        let (head, payload) = text.split_once('\n').unwrap();
        let payload = edited_payload(payload, |s| edit(s, &kb)).unwrap();
        (format!("{head}\n{payload}"), seal(&payload))
    }

    #[test]
    fn the_entries_are_in_lines_of_their_own_and_all_are_needed() {
        let (kb, names) = shipped();
        let text = encode(&kb, (3, 1), 2, &names);
        let payload = unseal(&text).unwrap();
        assert_eq!(
            payload.lines().count(),
            1 + CHUNKS,
            "a line, then the entries"
        );
        // A line of entries dropped (its digest recomputed): refused.
        let (first, _) = payload.rsplit_once('\n').unwrap();
        assert!(decode(&seal(first), (3, 1), 2, &names).is_none());
        assert!(decode(&text, (3, 1), 2, &names).is_some());
    }

    fn decodes(text: &str) -> bool {
        decode(text, (3, 1), 2, &shipped().1).is_some()
    }

    /// The first entry with a field of claims, and that field.
    fn with_claims(kb: &KnowledgeBase) -> (usize, usize) {
        kb.entries
            .iter()
            .enumerate()
            .find_map(|(i, e)| {
                let f = e
                    .fields
                    .iter()
                    .position(|f| matches!(f.value, Value::Claims(_)))?;
                Some((i, f))
            })
            .unwrap()
    }

    #[test]
    fn an_edited_payload_fails_the_digest() {
        let (edited, forged) = tampered(|s, _| s["entries"][0]["title"] = json!("Edited"));
        assert!(!decodes(&edited));
        // A consistent edit with a recomputed digest is the one thing that cannot be told
        // from a real cache file.
        assert!(decodes(&forged));
        // A damaged digest line, or none.
        let (kb, names) = shipped();
        let text = encode(&kb, (3, 1), 2, &names);
        let payload = unseal(&text).unwrap();
        assert!(decode(payload, (3, 1), 2, &names).is_none());
        let flipped = text.replacen(MAGIC, "qwen-tui-cachf ", 1);
        assert!(decode(&flipped, (3, 1), 2, &names).is_none());
        let digit = text.replacen(&digest(payload)[..1], "g", 1);
        assert!(decode(&digit, (3, 1), 2, &names).is_none());
    }

    #[test]
    fn bad_data_is_refused_with_or_without_a_recomputed_digest() {
        type Edit = Box<dyn Fn(&mut Json, &KnowledgeBase)>;
        let edits: Vec<(&str, Edit)> = vec![
            ("no entries", Box::new(|s, _| s["entries"] = json!([]))),
            (
                "no entries and no sources",
                Box::new(|s, _| {
                    s["entries"] = json!([]);
                    s["sources"] = json!([]);
                }),
            ),
            (
                "entry source out of range",
                Box::new(|s, kb| s["entries"][0]["sources"][0] = json!(kb.sources.len())),
            ),
            (
                "own source out of range",
                Box::new(|s, _| s["entries"][0]["own_sources"][0] = json!(usize::MAX)),
            ),
            (
                "claim source out of range",
                Box::new(|s, kb| {
                    let (e, f) = with_claims(kb);
                    s["entries"][e]["fields"][f]["value"]["Claims"][0]["sources"][0] =
                        json!(kb.sources.len() + 5);
                }),
            ),
            (
                "entry in a file that is not there",
                Box::new(|s, _| s["entries"][0]["file"] = json!(1)),
            ),
            (
                "fiscal_year_end 0",
                Box::new(|s, _| s["meta"]["fiscal_year_end"] = json!(0)),
            ),
            (
                "fiscal_year_end 200",
                Box::new(|s, _| s["meta"]["fiscal_year_end"] = json!(200)),
            ),
            (
                "duplicate entry id",
                Box::new(|s, _| s["entries"][1]["id"] = s["entries"][0]["id"].clone()),
            ),
            (
                "an entry with a source's id",
                Box::new(|s, kb| s["entries"][0]["id"] = json!(kb.sources[0].id)),
            ),
            (
                "invalid id",
                Box::new(|s, _| s["entries"][0]["id"] = json!("Not An Id")),
            ),
            (
                "impossible day",
                Box::new(|s, _| s["meta"]["as_of"] = json!("2025-02-30")),
            ),
            (
                "month 13",
                Box::new(|s, kb| {
                    let i = kb.entries.iter().position(|e| e.date.is_some()).unwrap();
                    s["entries"][i]["date"] = json!("2025-13");
                }),
            ),
            (
                "date_key of another date",
                Box::new(|s, kb| {
                    let i = kb.entries.iter().position(|e| e.date.is_some()).unwrap();
                    s["entries"][i]["date_key"] = json!([1, 2]);
                }),
            ),
            (
                "severity outside risks",
                Box::new(|s, _| s["entries"][0]["severity"] = json!("high")),
            ),
            (
                "key_value not derived",
                Box::new(|s, _| s["entries"][0]["key_value"] = json!("forged")),
            ),
            (
                "Sources-tab entry renamed",
                Box::new(|s, kb| {
                    let last = kb.entries.len() - 1;
                    s["entries"][last]["title"] = json!("Another title");
                }),
            ),
        ];
        let mut missed = Vec::new();
        for (what, edit) in edits {
            let (edited, forged) = tampered(edit);
            if decodes(&edited) {
                missed.push(format!("{what}: passed the digest"));
            }
            if decodes(&forged) {
                missed.push(format!("{what}: passed the checks"));
            }
        }
        assert!(missed.is_empty(), "{missed:#?}");
    }
}
