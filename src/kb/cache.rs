//! A cache of loaded knowledge bases, so a large file is parsed once, not at every start.
//!
//! Parsing and checking a 27 MB file takes about 0.9 s; reading back what it produced
//! takes a fifth of that. After a file of 1 MB or more loads, the result is written (by
//! the caller, once the user has what they asked for: [`load_deferred`]) to
//! `$XDG_CACHE_HOME/qwen-tui/` (else `~/.cache/qwen-tui/`) under a hash of the files'
//! names, sizes and modification times (so that it is read while the files are hashed),
//! holding two hashes of their names and bytes. A later start with the same bytes reads it
//! instead of parsing, and never reads the files' text.
//!
//! A cache file is a first line `qwen-tui-cache <digest>`, then the knowledge base in a
//! compact binary form (`cache_format`).
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

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::cache_format::{self, Digest, FORMAT, decode_frames, read_frames};
use super::diagnostic::LoadError;
use super::entry::KnowledgeBase;
use super::load::load_texts;
use super::read::{expand_paths, read_files, read_in_pieces, release_texts};

pub use super::cache_format::{edited_payload, replaced_in_payload};

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
        let kb = load_texts(&texts, unread);
        release_texts(texts);
        return Ok((kb?, None));
    };
    let path = dir.join(format!("{:016x}.bin", name_of(&files)));
    // The files are only hashed, a piece at a time, while the cache file is read: on a hit
    // their text is never needed (and no large block is freed, see `cache_format`).
    let (key, frames) = std::thread::scope(|s| {
        let frames = s.spawn(|| read_frames(&path));
        (Key::of_files(&files), frames.join().ok().flatten())
    });
    if let (Some(key), Some(frames)) = (&key, frames)
        && let Some(kb) = decode_frames(frames, (key.name, key.check), key.bytes, &key.names)
    {
        return Ok((kb, None));
    }
    let (texts, unread) = read_files(&files);
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    // Cached only if the files read are the ones hashed (an edit in between: not cached),
    // hashed again on the other core while they are parsed.
    let (kb, again) = std::thread::scope(|s| {
        let again = s.spawn(|| Key::of_files(&files));
        (load_texts(&texts, unread), again.join().ok().flatten())
    });
    release_texts(texts);
    let kb = kb?;
    let pending = key
        .filter(|k| bytes >= CACHE_FROM && Some(k) == again.as_ref())
        .map(|key| PendingWrite {
            dir: dir.to_path_buf(),
            path,
            key,
        });
    Ok((kb, pending))
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

/// What identifies the files a cache file was made from.
#[derive(PartialEq)]
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
    /// The files' key, from their bytes as they are on disk (read a piece at a time); `None`
    /// if one cannot be read (it is then loaded, and its error reported, as without a cache).
    fn of_files(files: &[PathBuf]) -> Option<Key> {
        let mut hashes = Digest::new();
        hashes.write(&FORMAT.to_le_bytes());
        hashes.write(env!("CARGO_PKG_VERSION").as_bytes());
        let mut bytes = 0u64;
        let mut names = Vec::with_capacity(files.len());
        let mut buf = vec![0u8; 1 << 20];
        for f in files {
            let name = f.display().to_string();
            hashes.write(name.as_bytes());
            hashes.write(&[0]);
            bytes += read_in_pieces(f, &mut buf, |piece| hashes.write(piece)).ok()?;
            hashes.write(&[0]);
            names.push(name);
        }
        super::memory::release(buf);
        let (name, check) = hashes.pair();
        Some(Key {
            name,
            check,
            bytes,
            names,
        })
    }
}

/// Writes the cache file (atomically) and removes all but the newest [`KEEP`]. Failures
/// are ignored: the cache only saves time.
fn write(dir: &Path, path: &Path, key: &Key, kb: &KnowledgeBase) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|f| {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, f);
        cache_format::write(&mut out, kb, (key.name, key.check), key.bytes, &key.names)
    });
    if written.is_err() || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
        return;
    }
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    let mut caches: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for p in listing.flatten().map(|e| e.path()) {
        match p.extension().and_then(|x| x.to_str()) {
            Some("bin") => {
                if let Ok(t) = std::fs::metadata(&p).and_then(|m| m.modified()) {
                    caches.push((t, p));
                }
            }
            // The JSON cache files of earlier versions are never read again.
            Some("json") => {
                let _ = std::fs::remove_file(&p);
            }
            _ => {}
        }
    }
    caches.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (_, old) in caches.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// The cache file is found by the file's name, size and time, but used only for the
    /// same contents: an edit that keeps the size and the time is seen.
    #[test]
    fn an_edit_that_keeps_size_and_time_is_not_read_from_the_cache() {
        let dir = std::env::temp_dir().join(format!("qwen-tui-cache-edit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("big.yaml");
        let text = crate::kb::synth::knowledge_base(4000, 7);
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
}
