//! The committed lookup set (tests/fixtures/lookups.yaml): meeting-style lookups written
//! from the five source documents before the search was tuned. A lookup is answered when
//! one of its entries is among the first three hits. The share answered must stay at or
//! above the floor; every miss is printed with what came first instead.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use qwen_tui::kb::load_embedded;
use qwen_tui::search::SearchIndex;
use serde::Deserialize;

/// The share of lookups that must be answered in the top three.
const FLOOR: f64 = 0.97;
/// How many hits count as "on screen at a glance".
const TOP: usize = 3;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lookup {
    query: String,
    kind: String,
    from: Vec<String>,
    ids: Vec<String>,
}

fn lookups() -> Vec<Lookup> {
    let text = include_str!("fixtures/lookups.yaml");
    serde_saphyr::from_str(text).expect("tests/fixtures/lookups.yaml reads")
}

#[test]
fn every_lookup_names_entries_that_exist() {
    let kb = load_embedded().unwrap();
    let all = lookups();
    assert!(all.len() >= 100, "{} lookups", all.len());
    for l in &all {
        assert!(!l.ids.is_empty(), "`{}` names no entry", l.query);
        assert!(!l.from.is_empty() && !l.kind.is_empty(), "`{}`", l.query);
        for id in &l.ids {
            assert!(kb.entry(id).is_some(), "`{}`: no entry `{id}`", l.query);
        }
    }
}

#[test]
fn the_lookups_are_answered_in_the_top_three() {
    let kb = load_embedded().unwrap();
    let index = SearchIndex::new(&kb);
    let all = lookups();
    let mut misses = Vec::new();
    for l in &all {
        let top: Vec<&str> = index
            .search(&l.query, None)
            .iter()
            .take(TOP)
            .map(|h| kb.entries[h.entry].id.as_str())
            .collect();
        if !l.ids.iter().any(|id| top.contains(&id.as_str())) {
            misses.push(format!(
                "  [{}] `{}` wants {:?}, got {:?}",
                l.kind, l.query, l.ids, top
            ));
        }
    }
    let answered = all.len() - misses.len();
    let share = answered as f64 / all.len() as f64;
    println!(
        "lookups answered in the top {TOP}: {answered}/{} ({:.1}%)",
        all.len(),
        share * 100.0
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(
        share >= FLOOR,
        "{answered}/{} answered ({:.1}%), below the floor of {:.0}%; misses:\n{}",
        all.len(),
        share * 100.0,
        FLOOR * 100.0,
        misses.join("\n")
    );
}
