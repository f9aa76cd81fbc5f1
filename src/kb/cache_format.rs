//! The cache file's format: a first line `qwen-tui-cache <digest>`, then the payload in
//! postcard (serde's compact binary form): a frame with everything but the entries, then
//! the entries in [`CHUNKS`] frames of their own, read one by one and decoded on every
//! core. Each frame is its length (4 bytes, little-endian) and its bytes. The digest is 128
//! bits: two SipHashes of the payload's bytes.
//!
//! At 100,000 entries the payload is 28 MB (it was 61 MB of JSON) and decodes in about
//! 65 ms on one core (JSON: 115 ms).
//!
//! Decoding trusts nothing: the digest first, then the format number, program version,
//! content hashes, byte count and file names, then every string (one that sanitising would
//! change rejects the file) and the rules of a parsed file ([`super::cache_check`]).

use std::hash::Hasher;

use serde::de::DeserializeSeed;
use serde::{Deserialize, Serialize};

use super::cache_check::validate;
use super::cache_strings::{entries_clean, head_clean};
use super::entry::{Entry, KnowledgeBase, Meta, Source};

/// Bump when the stored shape changes.
pub(super) const FORMAT: u32 = 6;
/// The start of a cache file's first line, before the digest.
const MAGIC: &str = "qwen-tui-cache ";
/// The entries are stored in this many frames, so that they are decoded on every core and
/// no block larger than one frame (1.7 MB at 100,000 entries) is freed while loading: glibc
/// raises the size from which it returns freed memory to the largest block freed.
const CHUNKS: usize = 16;

/// What a payload's first frame holds (in this order: postcard keeps no names).
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
    /// How many frames of entries follow.
    chunks: usize,
    synonyms: &'a [Vec<String>],
}

/// [`Stored`], read back.
#[derive(Serialize, Deserialize)]
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

/// The digest of a payload, as 32 hex digits: two 64-bit SipHashes of its bytes, each
/// after a different first byte (two independent hashes; about 5 ms for 28 MB).
#[cfg(test)]
fn digest(payload: &[u8]) -> String {
    let mut d = Digest::new();
    d.write(payload);
    d.hex()
}

/// Two independent 64-bit SipHashes of bytes that come in pieces (each after a different
/// first byte): a payload's [`digest`], and the key of the files a cache file is made from.
pub(super) struct Digest([std::hash::DefaultHasher; 2]);

impl Digest {
    pub(super) fn new() -> Digest {
        let mut halves = [
            std::hash::DefaultHasher::new(),
            std::hash::DefaultHasher::new(),
        ];
        halves[0].write_u8(1);
        halves[1].write_u8(2);
        Digest(halves)
    }

    pub(super) fn write(&mut self, bytes: &[u8]) {
        self.0.iter_mut().for_each(|h| h.write(bytes));
    }

    pub(super) fn pair(&self) -> (u64, u64) {
        (self.0[0].finish(), self.0[1].finish())
    }

    fn hex(&self) -> String {
        let (a, b) = self.pair();
        format!("{a:016x}{b:016x}")
    }
}

/// A cache file's frames, read one by one (each in a block of its own), if its digest
/// matches them.
pub(super) fn read_frames(path: &std::path::Path) -> Option<Vec<Vec<u8>>> {
    use std::io::{BufRead, Read};
    let file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut file = std::io::BufReader::with_capacity(1 << 16, file);
    let mut first = Vec::new();
    (&mut file).take(128).read_until(b'\n', &mut first).ok()?;
    let first = std::str::from_utf8(first.strip_suffix(b"\n")?).ok()?;
    let expected = first.strip_prefix(MAGIC)?;
    let mut digest = Digest::new();
    let mut frames = Vec::new();
    loop {
        let mut len = [0u8; 4];
        match file.read(&mut len[..1]).ok()? {
            0 => break,
            _ => file.read_exact(&mut len[1..]).ok()?,
        }
        let n = u32::from_le_bytes(len);
        if u64::from(n) > size {
            return None;
        }
        let mut frame = vec![0u8; usize::try_from(n).ok()?];
        file.read_exact(&mut frame).ok()?;
        digest.write(&len);
        digest.write(&frame);
        frames.push(frame);
    }
    (digest.hex() == expected).then_some(frames)
}

/// A cache file's bytes: the digest line, then the payload.
#[cfg(test)]
pub(super) fn seal(payload: &[u8]) -> Vec<u8> {
    let mut out = format!("{MAGIC}{}\n", digest(payload)).into_bytes();
    out.extend_from_slice(payload);
    out
}

/// The payload of a cache file, if its digest matches it.
#[cfg(test)]
pub(super) fn unseal(file: &[u8]) -> Option<&[u8]> {
    let at = file.iter().position(|&b| b == b'\n')?;
    let first = std::str::from_utf8(&file[..at]).ok()?;
    let payload = &file[at + 1..];
    (first.strip_prefix(MAGIC)? == digest(payload)).then_some(payload)
}

fn push_frame(out: &mut Vec<u8>, frame: &[u8]) {
    let len = u32::try_from(frame.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(frame);
}

/// The frames of a payload, if it is nothing but whole frames.
fn frames(mut payload: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    while !payload.is_empty() {
        let (len, rest) = payload.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
        if len > rest.len() {
            return None;
        }
        let (frame, rest) = rest.split_at(len);
        out.push(frame);
        payload = rest;
    }
    Some(out)
}

/// A cache file's bytes for `kb`, made from contents whose two hashes are `hashes` (see
/// [`write`]).
#[cfg(test)]
pub(crate) fn encode(
    kb: &KnowledgeBase,
    hashes: (u64, u64),
    bytes: u64,
    names: &[String],
) -> Vec<u8> {
    let mut file = std::io::Cursor::new(Vec::new());
    match write(&mut file, kb, hashes, bytes, names) {
        Ok(()) => file.into_inner(),
        Err(_) => Vec::new(),
    }
}

/// Writes the cache file for `kb`, made from contents whose two hashes are `hashes`, a
/// frame at a time: a line with room for the digest, the frames (each as soon as it is
/// encoded, into one buffer), then the digest in its line. The whole file is never in
/// memory (28 MB at 100,000 entries, and as much again to seal it).
pub(crate) fn write(
    out: &mut (impl std::io::Write + std::io::Seek),
    kb: &KnowledgeBase,
    hashes: (u64, u64),
    bytes: u64,
    names: &[String],
) -> std::io::Result<()> {
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
    let start = out.stream_position()?;
    let mut digest = Digest::new();
    let line = |digest: &Digest| format!("{MAGIC}{}\n", digest.hex());
    out.write_all(line(&digest).as_bytes())?;
    let invalid = |e: postcard::Error| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
    let mut frame = postcard::to_extend(&stored, Vec::new()).map_err(invalid)?;
    let mut chunks = chunks.into_iter();
    loop {
        let len = u32::try_from(frame.len()).unwrap_or(u32::MAX).to_le_bytes();
        digest.write(&len);
        digest.write(&frame);
        out.write_all(&len)?;
        out.write_all(&frame)?;
        let Some(chunk) = chunks.next() else {
            break;
        };
        frame.clear();
        frame = postcard::to_extend(chunk, frame).map_err(invalid)?;
    }
    super::memory::release(frame);
    let end = out.stream_position()?;
    out.seek(std::io::SeekFrom::Start(start))?;
    out.write_all(line(&digest).as_bytes())?;
    out.seek(std::io::SeekFrom::Start(end))?;
    out.flush()
}

/// The knowledge base in `file`, if it is an undamaged cache file for exactly these texts,
/// every string in it is clean, and its data obeys the rules of a parsed file.
#[cfg(test)]
pub(crate) fn decode(
    file: &[u8],
    hashes: (u64, u64),
    bytes: u64,
    names: &[String],
) -> Option<KnowledgeBase> {
    decode_unsealed(unseal(file)?, hashes, bytes, names)
}

/// [`decode`] of a payload whose digest was checked.
#[cfg(test)]
pub(super) fn decode_unsealed(
    payload: &[u8],
    hashes: (u64, u64),
    bytes: u64,
    names: &[String],
) -> Option<KnowledgeBase> {
    let frames = frames(payload)?.into_iter().map(<[u8]>::to_vec).collect();
    decode_frames(frames, hashes, bytes, names)
}

/// The knowledge base in a cache file's frames (see [`read_frames`]): the entries decoded
/// on every core, each frame freed once decoded.
pub(super) fn decode_frames(
    frames: Vec<Vec<u8>>,
    (content, check): (u64, u64),
    bytes: u64,
    names: &[String],
) -> Option<KnowledgeBase> {
    let mut frames = frames.into_iter();
    let head = frames.next()?;
    let r: Restored = postcard::from_bytes(&head).ok()?;
    super::memory::release(head);
    let chunks: Vec<Vec<u8>> = frames.collect();
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
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, chunks.len().max(1));
    let per = chunks.len().div_ceil(threads).max(1);
    let mut parts: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut chunks = chunks.into_iter().peekable();
    while chunks.peek().is_some() {
        parts.push(chunks.by_ref().take(per).collect());
    }
    // Each thread decodes its frames into one list, and the lists are joined: no list of a
    // frame's entries is made and freed (each would leave a hole in the allocator's heap).
    let decoded: Vec<Option<Vec<Entry>>> = std::thread::scope(|s| {
        let each: Vec<_> = parts
            .into_iter()
            .map(|part| {
                s.spawn(move || {
                    let mut entries = Vec::new();
                    for frame in part {
                        let mut de = postcard::Deserializer::from_bytes(&frame);
                        AppendTo(&mut entries).deserialize(&mut de).ok()?;
                        de.finalize().ok().filter(|rest| rest.is_empty())?;
                        super::memory::release(frame);
                    }
                    Some(entries)
                })
            })
            .collect();
        each.into_iter().map(|h| h.join().ok().flatten()).collect()
    });
    let mut decoded = decoded.into_iter().collect::<Option<Vec<_>>>()?.into_iter();
    let mut entries = decoded.next().unwrap_or_default();
    for mut more in decoded {
        entries.append(&mut more);
        super::memory::release(more);
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

/// Decodes a list of entries onto the end of a list.
struct AppendTo<'a>(&'a mut Vec<Entry>);

impl<'de> serde::de::DeserializeSeed<'de> for AppendTo<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for AppendTo<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of entries")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(e) = seq.next_element::<Entry>()? {
            self.0.push(e);
        }
        Ok(())
    }
}

/// For tests that tamper with a cache file: `payload` as one JSON object, its entries
/// under `entries`, changed by `edit`, then encoded back in the cache's own layout (as
/// many frames of entries as it says). `None` if it is not a payload, or if the edit
/// leaves what the format cannot hold (a date that is not one: [`replaced_in_payload`]
/// makes those).
#[doc(hidden)]
pub fn edited_payload(
    payload: &[u8],
    edit: impl FnOnce(&mut serde_json::Value),
) -> Option<Vec<u8>> {
    use serde_json::Value as Json;
    let frames = frames(payload)?;
    let (head, chunks) = frames.split_first()?;
    let head: Restored = postcard::from_bytes(head).ok()?;
    let mut entries = Vec::new();
    for chunk in chunks {
        entries.extend(postcard::from_bytes::<Vec<Entry>>(chunk).ok()?);
    }
    let mut stored = serde_json::to_value(&head).ok()?;
    stored["entries"] = serde_json::to_value(&entries).ok()?;
    edit(&mut stored);
    let entries: Vec<Entry> = match stored.as_object_mut()?.remove("entries")? {
        Json::Array(list) => list
            .into_iter()
            .map(serde_json::from_value)
            .collect::<Result<_, _>>()
            .ok()?,
        _ => return None,
    };
    let head: Restored = serde_json::from_value(stored).ok()?;
    let per = entries.len().div_ceil(head.chunks.max(1)).max(1);
    let mut out = Vec::new();
    push_frame(&mut out, &postcard::to_allocvec(&head).ok()?);
    let mut written = 0;
    for chunk in entries.chunks(per) {
        push_frame(&mut out, &postcard::to_allocvec(chunk).ok()?);
        written += 1;
    }
    // As many frames as the payload says, even with fewer entries than that.
    for _ in written..head.chunks {
        push_frame(&mut out, &postcard::to_allocvec::<[Entry]>(&[]).ok()?);
    }
    Some(out)
}

/// For tests: `payload` with every `from` replaced by `to`, of the same length (bytes the
/// format holds, such as a date, changed in place as a forger would). `None` if there is
/// none.
#[doc(hidden)]
pub fn replaced_in_payload(payload: &[u8], from: &[u8], to: &[u8]) -> Option<Vec<u8>> {
    if from.len() != to.len() || from.is_empty() {
        return None;
    }
    let mut out = payload.to_vec();
    let mut found = false;
    let mut at = 0;
    while let Some(i) = out[at..].windows(from.len()).position(|w| w == from) {
        out[at + i..at + i + to.len()].copy_from_slice(to);
        at += i + to.len();
        found = true;
    }
    found.then_some(out)
}

#[cfg(test)]
#[path = "cache_format_tests.rs"]
mod tests;
