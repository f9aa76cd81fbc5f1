//! The ranked word search on small knowledge bases made for each rule: every tier of a word
//! outranks the next (exact, prefix, typo, abbreviation, synonym), soft AND, rarity,
//! synonyms from the built-in list and from the file's own `synonyms:` section, the field
//! that answers on the hit, and its JSON form.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use qwen_tui::kb::{KnowledgeBase, load_str};
use qwen_tui::search::SearchIndex;

/// A knowledge base of quick facts, each `(id, label, value)`, with `extra` YAML after.
fn kb(facts: &[(&str, &str, &str)], extra: &str) -> KnowledgeBase {
    let mut y = String::from(
        "meta:\n  title: T\n  subject: S\n  as_of: 2026-06\nsources:\n  - id: doc\n    title: D\n    publisher: P\noverview:\n",
    );
    for (id, label, value) in facts {
        y.push_str(&format!(
            "  - id: {id}\n    label: \"{label}\"\n    value: \"{value}\"\n    sources: [doc]\n"
        ));
    }
    y.push_str(extra);
    load_str(&y, "kb.yaml").unwrap()
}

fn ids(kb: &KnowledgeBase, query: &str) -> Vec<String> {
    SearchIndex::new(kb)
        .search(query, None)
        .iter()
        .map(|h| kb.entries[h.entry].id.clone())
        .filter(|id| id != "doc")
        .collect()
}

#[test]
fn an_exact_word_outranks_a_word_it_starts() {
    let k = kb(
        &[("longer", "Marketing", "x"), ("exact", "Market", "y")],
        "",
    );
    assert_eq!(ids(&k, "market"), ["exact", "longer"]);
}

#[test]
fn a_word_being_typed_outranks_a_slip() {
    // `marke`: the start of Marketing, one slip from Marka.
    let k = kb(&[("slip", "Marka", "x"), ("start", "Marketing", "y")], "");
    assert_eq!(ids(&k, "marke"), ["start", "slip"]);
}

#[test]
fn a_slip_outranks_an_abbreviation() {
    // `mrket ` (finished): one letter missing from Market; its letters in order in
    // Marketplace.
    let k = kb(&[("abbr", "Marketplace", "x"), ("slip", "Market", "y")], "");
    assert_eq!(ids(&k, "mrket "), ["slip", "abbr"]);
}

#[test]
fn an_abbreviation_outranks_a_synonym_from_the_file() {
    let k = kb(
        &[("synonym", "Quux", "x"), ("abbr", "Zebra", "y")],
        "synonyms:\n  - [zbr, quux]\n",
    );
    assert_eq!(ids(&k, "zbr "), ["abbr", "synonym"]);
}

#[test]
fn built_in_synonyms_find_what_a_word_stands_for() {
    let k = kb(
        &[
            ("hq", "Headquarters", "Springfield"),
            ("ctx", "Context window", "262K tokens"),
            ("other", "Employees", "1,200"),
        ],
        "",
    );
    assert_eq!(ids(&k, "hq")[0], "hq");
    assert_eq!(ids(&k, "ctx")[0], "ctx");
    // A phrase member: `market value` finds the capitalisation.
    let k = kb(
        &[
            ("cap", "Market capitalisation", "$260 billion"),
            ("rev", "Revenue", "$148 billion"),
        ],
        "",
    );
    assert_eq!(ids(&k, "market value")[0], "cap");
}

#[test]
fn a_word_nothing_has_never_empties_the_results() {
    let k = kb(&[("a", "Cloud revenue", "x"), ("b", "Employees", "y")], "");
    assert_eq!(ids(&k, "cloud zzzqqq"), ["a"]);
    assert_eq!(ids(&k, "zzzqqq cloud"), ["a"]);
    assert!(ids(&k, "zzzqqq").is_empty());
}

#[test]
fn entries_with_more_of_the_words_come_first() {
    let k = kb(
        &[
            ("one", "Cloud", "x"),
            ("two", "Cloud revenue", "y"),
            ("three", "Cloud revenue growth", "z"),
        ],
        "",
    );
    assert_eq!(ids(&k, "revenue growth cloud"), ["three", "two", "one"]);
}

#[test]
fn a_rare_word_outweighs_a_common_one() {
    // Nearly every entry says Qwen; one says Junyang.
    let mut facts: Vec<(String, String)> = (0..12)
        .map(|i| (format!("q{i}"), format!("Qwen fact {i}")))
        .collect();
    facts.push(("rare".into(), "Junyang".into()));
    let facts: Vec<(&str, &str, &str)> = facts
        .iter()
        .map(|(id, l)| (id.as_str(), l.as_str(), "v"))
        .collect();
    let k = kb(&facts, "");
    assert_eq!(ids(&k, "qwen junyang")[0], "rare");
    assert_eq!(ids(&k, "junyang qwen")[0], "rare");
}

#[test]
fn versions_are_found_however_they_are_typed() {
    let k = kb(
        &[
            ("omni", "Qwen3.5-Omni", "x"),
            ("flagship", "Qwen3.5", "Qwen3.5-397B-A17B"),
            ("three", "Qwen3", "y"),
        ],
        "",
    );
    for q in ["qwen3.5", "qwen 3.5", "Qwen3.5-397B-A17B", "qwen35"] {
        assert_eq!(ids(&k, q)[0], "flagship", "{q}");
    }
}

#[test]
fn figures_are_found_with_their_units_either_way() {
    let k = kb(
        &[
            ("capex", "Capex", "RMB 380 billion (about $53 billion)"),
            ("mau", "Monthly users", "203M"),
            ("other", "Employees", "1,200"),
        ],
        "",
    );
    assert_eq!(ids(&k, "$53B")[0], "capex");
    assert_eq!(ids(&k, "380 billion")[0], "capex");
    assert_eq!(ids(&k, "203 million")[0], "mau");
    assert_eq!(ids(&k, "1200")[0], "other");
}

#[test]
fn the_hit_names_the_field_that_answers_with_highlights_by_character() {
    let k = kb(
        &[("ctx", "Qwen3.6", "x")],
        "models:\n  - id: m\n    name: Qwen3.6\n    context: \"262K tokens — 通义\"\n    sources: [doc]\n",
    );
    let index = SearchIndex::new(&k);
    let hits = index.search("qwen3.6 通义", None);
    let hit = hits.iter().find(|h| k.entries[h.entry].id == "m").unwrap();
    let s = index.snippet(hit).expect("a snippet");
    assert_eq!(s.field, "Context");
    let chars: Vec<char> = s.text.chars().collect();
    let marked: Vec<String> = s
        .highlights
        .iter()
        .map(|&(a, b)| chars[a..b].iter().collect())
        .collect();
    assert_eq!(marked, ["通义"]);
}

#[test]
fn json_search_output_carries_the_snippet() {
    let out = common::ok(&["search", "--json", "--limit", "3", "hq"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &v[0];
    assert_eq!(first["id"], "ov.headquarters");
    let out = common::ok(&[
        "search", "--json", "--limit", "5", "alibaba", "cloud", "cto",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hit = v
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "person.zhou-jingren")
        .expect("the Alibaba Cloud CTO is among the first five");
    let s = &hit["snippet"];
    assert_eq!(s["field"], "Role");
    let text: Vec<char> = s["text"].as_str().unwrap().chars().collect();
    let marked: Vec<String> = s["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            text[a..b].iter().collect::<String>().to_lowercase()
        })
        .collect();
    assert!(marked.contains(&"cto".to_string()), "{marked:?}");
}

#[test]
fn plain_and_markdown_search_output_show_the_answering_field() {
    let plain = common::ok(&["search", "--limit", "3", "alibaba", "cloud", "cto"]);
    let line = plain
        .lines()
        .find(|l| l.contains("person.zhou-jingren"))
        .expect("the Alibaba Cloud CTO is among the first three");
    assert!(
        line.contains("Zhou Jingren — Role: Alibaba Cloud CTO"),
        "{line}"
    );
    let md = common::ok(&[
        "search", "--format", "markdown", "--limit", "3", "alibaba", "cloud", "cto",
    ]);
    assert!(
        md.lines()
            .any(|l| l.contains("**Zhou Jingren** — Role: Alibaba Cloud CTO")),
        "{md}"
    );
}

#[test]
fn a_huge_query_is_cut_to_its_first_256_characters() {
    let kb = qwen_tui::kb::load_embedded().unwrap();
    let index = SearchIndex::new(&kb);
    // A 100 KB paste: searched as its first 256 characters, so its work is bounded.
    let huge = "qwen cloud revenue ".repeat(6_000);
    let cut: String = huge.chars().take(256).collect();
    assert_eq!(index.search(&huge, None), index.search(&cut, None));
    let out = common::run(&["search", "--limit", "1", &huge]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cut at 256 characters"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
