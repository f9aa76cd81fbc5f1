//! The tests of `cache_check.rs`.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::kb::{Severity, load_embedded, load_path, load_paths, load_str};

fn shipped() -> KnowledgeBase {
    load_embedded().unwrap()
}

/// The message for `kb` with `edit` made, which must be an error.
fn refused(edit: impl FnOnce(&mut KnowledgeBase)) -> String {
    let mut kb = shipped();
    edit(&mut kb);
    validate(&kb, 1).unwrap_err()
}

#[test]
fn whatever_the_parser_accepts_passes() {
    validate(&shipped(), 1).unwrap();
    for f in [
        "tests/fixtures/valid/minimal.yaml",
        "tests/fixtures/valid/punctuation.yaml",
        "tests/fixtures/charts/long.yaml",
        "tests/fixtures/charts/mixed.yaml",
        "tests/fixtures/charts/none.yaml",
        "tests/fixtures/charts/single.yaml",
    ] {
        let kb = load_path(std::path::Path::new(f)).unwrap();
        validate(&kb, 1).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    for seed in 1..4 {
        let text = crate::kb::synth::knowledge_base(800, seed);
        let kb = load_str(&text, "synth.yaml").unwrap();
        validate(&kb, 1).unwrap_or_else(|e| panic!("synth {seed}: {e}"));
    }
}

#[test]
fn entries_of_several_files_pass_with_their_file_count_only() {
    let dir = std::env::temp_dir().join(format!("qwen-tui-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.yaml");
    let b = dir.join("b.yaml");
    std::fs::write(
        &a,
        "meta: {title: T, subject: S, as_of: 2026}\nsources:\n  - {id: s, title: A, publisher: P}\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "sources:\n  - {id: t, title: B, publisher: P, date: 2024-02-29}\ntimeline:\n  - {id: e, date: FY2025-Q2, title: E, sources: [t]}\n",
    )
    .unwrap();
    let kb = load_paths(&[a, b]).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    validate(&kb, 2).unwrap();
    assert!(validate(&kb, 1).unwrap_err().contains("in file 1 of 1"));
}

#[test]
fn an_empty_or_short_entry_list_is_refused() {
    assert!(refused(|kb| kb.entries.clear()).contains("Sources-tab entries"));
    let e = refused(|kb| {
        kb.entries.clear();
        kb.sources.clear();
    });
    assert_eq!(e, "no source");
    // A source's entry missing.
    assert!(refused(|kb| drop(kb.entries.pop())).contains("Sources-tab entries"));
}

#[test]
fn source_indexes_out_of_range_are_refused() {
    let n = shipped().sources.len();
    assert!(refused(|kb| kb.entries[0].sources[0] = n).contains("out of range"));
    assert!(refused(|kb| kb.entries[0].own_sources.push(n + 1)).contains("out of range"));
    assert!(refused(|kb| kb.entries[0].sources.push(0)).contains("not those it cites"));
    let e = refused(|kb| {
        let f = kb
            .entries
            .iter_mut()
            .flat_map(|e| &mut e.fields)
            .find(|f| f.key == "fact")
            .unwrap();
        f.sources = vec![n];
    });
    assert!(e.contains("out of range"), "{e}");
    let e = refused(|kb| {
        let claims = kb
            .entries
            .iter_mut()
            .flat_map(|e| &mut e.fields)
            .find_map(|f| match &mut f.value {
                Value::Claims(c) => Some(c),
                Value::Text(_) => None,
            })
            .unwrap();
        claims[0].sources = vec![usize::MAX];
    });
    assert!(e.contains("out of range"), "{e}");
    assert!(refused(|kb| kb.entries[0].file = 1).contains("in file 1 of 1"));
}

#[test]
fn fiscal_year_end_must_be_a_month() {
    for month in [0, 13, 200] {
        let e = refused(|kb| kb.meta.fiscal_year_end = month);
        assert_eq!(e, format!("fiscal_year_end {month} is not a month"));
    }
}

#[test]
fn ids_must_be_valid_and_unique() {
    let e = refused(|kb| kb.entries[1].id = kb.entries[0].id.clone());
    assert!(e.contains("repeated"), "{e}");
    let e = refused(|kb| kb.entries[0].id = kb.sources[0].id.clone());
    assert!(e.contains("repeated"), "{e}");
    let e = refused(|kb| kb.sources[1].id = kb.sources[0].id.clone());
    assert!(e.contains("source id"), "{e}");
    let e = refused(|kb| kb.entries[0].id = "Has Spaces".into());
    assert!(e.contains("invalid"), "{e}");
}

#[test]
fn dates_must_be_real_and_their_keys_derived() {
    assert!(refused(|kb| kb.meta.as_of = PartialDate::Day(2025, 2, 30)).contains("not a date"));
    assert!(refused(|kb| kb.meta.as_of = PartialDate::Month(2025, 13)).contains("not a date"));
    assert!(refused(|kb| kb.meta.as_of = PartialDate::Quarter(2025, 0)).contains("not a date"));
    assert!(refused(|kb| kb.meta.as_of = PartialDate::Year(99_999)).contains("not a date"));
    let dated = |kb: &KnowledgeBase| kb.entries.iter().position(|e| e.tab == Tab::Timeline);
    let e = refused(|kb| {
        let i = dated(kb).unwrap();
        kb.entries[i].date = Some(PartialDate::Day(2023, 2, 29));
    });
    assert!(e.contains("not a date"), "{e}");
    let e = refused(|kb| {
        let i = dated(kb).unwrap();
        kb.entries[i].date_key = Some((0, 0));
    });
    assert!(e.contains("date_key"), "{e}");
    let e = refused(|kb| {
        let i = dated(kb).unwrap();
        kb.entries[i].date = None;
        kb.entries[i].date_key = None;
    });
    assert!(e.contains("no date"), "{e}");
    // The keys depend on the fiscal year: a changed month is caught by them.
    let e = refused(|kb| kb.meta.fiscal_year_end = 12);
    assert!(e.contains("date_key"), "{e}");
}

#[test]
fn derived_values_must_match() {
    assert!(refused(|kb| kb.entries[0].key_value = "forged".into()).contains("key_value"));
    assert!(refused(|kb| kb.entries[0].disputed ^= true).contains("disputed"));
    assert!(refused(|kb| kb.entries[0].severity = Some(Severity::High)).contains("severity"));
    let e = refused(|kb| {
        let risk = kb.entries.iter_mut().find(|e| e.tab == Tab::Risks).unwrap();
        risk.severity = Some(if risk.severity == Some(Severity::Low) {
            Severity::High
        } else {
            Severity::Low
        });
    });
    assert!(e.contains("severity"), "{e}");
    let e = refused(|kb| {
        let last = kb.entries.len() - 1;
        kb.entries[last].title = "Another".into();
    });
    assert!(e.contains("does not match"), "{e}");
    assert!(refused(|kb| kb.entries[0].title = " padded".into()).contains("untrimmed"));
    assert!(refused(|kb| kb.entries[0].fields.clear()).contains("field"));
    assert!(refused(|kb| kb.meta.title = "x".repeat(MAX_TEXT_CHARS + 1)).contains("over"));
}
