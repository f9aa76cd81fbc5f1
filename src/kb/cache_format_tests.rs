//! The cache file's format: what it holds reads back exactly, and what is damaged, edited
//! or forged is refused.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::kb::Value;
use serde_json::{Value as Json, json};

fn shipped() -> (KnowledgeBase, Vec<String>) {
    let kb = super::super::load_embedded().unwrap();
    let names = vec![kb.origin.clone()];
    (kb, names)
}

#[test]
fn the_shipped_knowledge_base_reads_back_exactly() {
    let (kb, names) = shipped();
    let file = encode(&kb, (3, 7), 9, &names);
    assert!(file.starts_with(MAGIC.as_bytes()));
    assert_eq!(decode(&file, (3, 7), 9, &names), Some(kb));
}

#[test]
fn another_check_size_or_name_is_a_miss() {
    let (kb, names) = shipped();
    let text = encode(&kb, (3, 7), 9, &names);
    assert!(decode(&text, (3, 7), 9, &names).is_some());
    assert!(decode(&text, (3, 8), 9, &names).is_none());
    assert!(decode(&text, (4, 7), 9, &names).is_none());
    assert!(decode(&text, (3, 7), 10, &names).is_none());
    assert!(decode(&text, (3, 7), 9, &["b.yaml".to_string()]).is_none());
    assert!(decode(b"not a cache file", (3, 7), 9, &names).is_none());
    assert!(decode(&seal(b"not a payload"), (3, 7), 9, &names).is_none());
    // Cut short, its digest recomputed: refused.
    let payload = unseal(&text).unwrap();
    assert!(decode(&seal(&payload[..payload.len() - 1]), (3, 7), 9, &names).is_none());
}

#[test]
fn a_cache_file_with_an_escape_sequence_is_refused() {
    let (kb, names) = shipped();
    let text = encode(&kb, (3, 1), 2, &names);
    let title = kb.entries[0].title.clone();
    let bad = edited_payload(unseal(&text).unwrap(), |s| {
        s["entries"][0]["title"] = json!(format!("{title}\u{1b}]52;c;bad\u{7}"));
    })
    .unwrap();
    assert_ne!(bad, unseal(&text).unwrap());
    assert!(decode(&seal(&bad), (3, 1), 2, &names).is_none());
    // The same edit without the escape sequence reads back: the sequence is refused.
    let fine = edited_payload(unseal(&text).unwrap(), |s| {
        s["entries"][0]["title"] = json!(format!("{title} edited"));
    })
    .unwrap();
    assert!(decode(&seal(&fine), (3, 1), 2, &names).is_some());
}

/// The cache file of the shipped knowledge base with `edit` made to its payload: as
/// an editor leaves it (the old digest line), and forged (the digest recomputed).
fn tampered(edit: impl Fn(&mut Json, &KnowledgeBase)) -> (Vec<u8>, Vec<u8>) {
    let (kb, names) = shipped();
    let file = encode(&kb, (3, 1), 2, &names);
    let payload = unseal(&file).unwrap();
    let edited = edited_payload(payload, |s| edit(s, &kb)).unwrap();
    with_old_digest(&file, &edited)
}

/// An edited payload as an editor leaves it (the old digest line), and forged (the digest
/// recomputed).
fn with_old_digest(file: &[u8], edited: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let line = file.iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut old = file[..line].to_vec();
    old.extend_from_slice(edited);
    (old, seal(edited))
}

#[test]
fn the_entries_are_in_frames_of_their_own_and_all_are_needed() {
    let (kb, names) = shipped();
    let text = encode(&kb, (3, 1), 2, &names);
    let payload = unseal(&text).unwrap();
    let all = frames(payload).unwrap();
    assert_eq!(all.len(), 1 + CHUNKS, "a frame, then the entries");
    // A frame of entries dropped (its digest recomputed): refused.
    let last = all[CHUNKS].len() + 4;
    let first = &payload[..payload.len() - last];
    assert!(decode(&seal(first), (3, 1), 2, &names).is_none());
    assert!(decode(&text, (3, 1), 2, &names).is_some());
}

fn decodes(file: &[u8]) -> bool {
    decode(file, (3, 1), 2, &shipped().1).is_some()
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
    let mut flipped = text.clone();
    flipped[13] = b'f';
    assert!(decode(&flipped, (3, 1), 2, &names).is_none());
    let mut digit = text.clone();
    digit[MAGIC.len()] = b'g';
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
    // Dates that are not dates cannot be written through the format's types: a forger
    // changes the stored text in place (with its length before it, so that it is a date's
    // and not some longer text's).
    let (kb, names) = shipped();
    let file = encode(&kb, (3, 1), 2, &names);
    let dates: Vec<String> = kb
        .entries
        .iter()
        .filter_map(|e| e.date)
        .chain([kb.meta.as_of])
        .map(|d| d.canonical())
        .collect();
    let shaped = |len: usize| {
        dates
            .iter()
            .find(|d| d.len() == len && d.as_bytes()[4] == b'-' && d[..4].parse::<u16>().is_ok())
            .unwrap_or_else(|| panic!("no date of {len} characters in {dates:?}"))
    };
    for (what, from, to) in [
        ("impossible day", shaped(10), "2025-02-30"),
        ("month 13", shaped(7), "2025-13"),
    ] {
        let prefixed = |d: &str| [&[d.len() as u8][..], d.as_bytes()].concat();
        let edited =
            replaced_in_payload(unseal(&file).unwrap(), &prefixed(from), &prefixed(to)).unwrap();
        let (edited, forged) = with_old_digest(&file, &edited);
        if decodes(&edited) {
            missed.push(format!("{what}: passed the digest"));
        }
        if decodes(&forged) {
            missed.push(format!("{what}: passed the checks"));
        }
    }
    assert!(missed.is_empty(), "{missed:#?}");
}

/// A frame of entries holds entries and nothing more: a byte after them (the digest
/// recomputed) is refused.
#[test]
fn a_frame_with_bytes_after_its_entries_is_refused() {
    let (kb, names) = shipped();
    let file = encode(&kb, (3, 1), 2, &names);
    let all = frames(unseal(&file).unwrap()).unwrap();
    let rebuilt = |extra: &[u8]| {
        let mut payload = Vec::new();
        for (i, f) in all.iter().enumerate() {
            let mut frame = f.to_vec();
            if i == all.len() - 1 {
                frame.extend_from_slice(extra);
            }
            push_frame(&mut payload, &frame);
        }
        seal(&payload)
    };
    assert!(decode(&rebuilt(b""), (3, 1), 2, &names).is_some());
    assert!(decode(&rebuilt(b"\0"), (3, 1), 2, &names).is_none());
}
