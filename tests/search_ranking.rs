//! Realistic lookups against the shipped knowledge base: the entry a person means comes
//! first (or among the first few, where several are equally right).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use qwen_tui::kb::{KnowledgeBase, Tab, load_embedded};
use qwen_tui::search::SearchIndex;
use std::sync::OnceLock;

/// Loaded once for all tests of this file.
fn setup() -> (&'static KnowledgeBase, &'static SearchIndex) {
    static LOADED: OnceLock<(KnowledgeBase, SearchIndex)> = OnceLock::new();
    let (kb, index) = LOADED.get_or_init(|| {
        let kb = load_embedded().unwrap();
        let index = SearchIndex::new(&kb);
        (kb, index)
    });
    (kb, index)
}

fn ids(kb: &KnowledgeBase, index: &SearchIndex, query: &str, n: usize) -> Vec<String> {
    index
        .search(query, None)
        .iter()
        .take(n)
        .map(|h| kb.entries[h.entry].id.clone())
        .collect()
}

#[track_caller]
fn first_is(query: &str, id: &str) {
    let (kb, index) = setup();
    let got = ids(kb, index, query, 5);
    assert_eq!(
        got.first().map(String::as_str),
        Some(id),
        "`{query}` → {got:?}"
    );
}

#[track_caller]
fn top_n_contains(query: &str, n: usize, wanted: &[&str]) {
    let (kb, index) = setup();
    let got = ids(kb, index, query, n);
    for w in wanted {
        assert!(
            got.iter().any(|g| g == w),
            "`{query}`: {w} not in top {n}: {got:?}"
        );
    }
}

#[test]
fn abbreviations_find_what_they_stand_for() {
    first_is("hq", "ov.headquarters");
    first_is("ceo", "ov.ceo");
    top_n_contains("ceo", 3, &["person.eddie-wu"]);
    top_n_contains("cto", 2, &["person.wu-zeming", "person.zhou-jingren"]);
}

#[test]
fn moe_finds_mixture_of_experts_models() {
    let (kb, index) = setup();
    let hits = index.search("moe", None);
    for h in &hits[..4] {
        assert_eq!(
            kb.entries[h.entry].tab,
            Tab::Models,
            "{}",
            kb.entries[h.entry].id
        );
    }
    top_n_contains("moe", 4, &["model.qwen3-235b-a22b"]);
}

#[test]
fn yoy_finds_growth_figures() {
    let (kb, index) = setup();
    let hits = index.search("yoy", None);
    for h in &hits[..4] {
        let e = &kb.entries[h.entry];
        assert_eq!(e.tab, Tab::Finances, "{}", e.id);
        let text = qwen_tui::output::plain::entry_text(kb, e);
        assert!(text.to_lowercase().contains("yoy"), "{}: {text}", e.id);
    }
}

#[test]
fn apache_finds_the_licence_then_apache_models() {
    first_is("apache", "ov.licence");
    let (kb, index) = setup();
    let top: Vec<_> = index.search("apache", None).into_iter().take(5).collect();
    let models = top
        .iter()
        .filter(|h| kb.entries[h.entry].tab == Tab::Models)
        .count();
    assert!(
        models >= 2,
        "{:?}",
        top.iter()
            .map(|h| &kb.entries[h.entry].id)
            .collect::<Vec<_>>()
    );
}

#[test]
fn multi_term_queries_match_in_any_order() {
    top_n_contains(
        "cloud rev",
        3,
        &["fin.cloud-revenue-q4-fy2026", "ov.cloud-quarterly-revenue"],
    );
    let (kb, index) = setup();
    assert_eq!(
        ids(kb, index, "cloud rev", 10),
        ids(kb, index, "rev cloud", 10)
    );
    first_is("market cap", "ov.market-cap");
    top_n_contains(
        "lin junyang",
        2,
        &["person.lin-junyang", "ev.lin-junyang-departure"],
    );
    first_is("zhou jingren", "person.zhou-jingren");
    top_n_contains("chip export", 3, &["risk.chip-export-controls"]);
}

/// Soft AND: entries with every word come first; a word that matches nothing never empties
/// the results.
#[test]
fn entries_matching_every_word_come_first() {
    let (kb, index) = setup();
    let hits = index.search("qwen3.5 403", None);
    let has = |h: &qwen_tui::search::Hit, w: &str| {
        qwen_tui::output::plain::entry_text(kb, &kb.entries[h.entry])
            .to_lowercase()
            .contains(w)
    };
    let both = hits
        .iter()
        .take_while(|h| has(h, "403") && has(h, "qwen3.5"))
        .count();
    assert!(both >= 1, "no hit has both words");
    assert!(
        hits[both..]
            .iter()
            .all(|h| !(has(h, "403") && has(h, "qwen3.5"))),
        "an entry with both words ranks below one without"
    );
    assert!(hits.len() > both, "entries with one of the words follow");
    // An unknown word: the known one still answers, in the same order.
    let known = ids(kb, index, "qwen", 20);
    assert!(!known.is_empty());
    assert_eq!(ids(kb, index, "qwen zzzzqqqq", 20), known);
}

#[test]
fn misspellings_still_find_the_entry() {
    let (kb, index) = setup();
    let top = &kb.entries[index.search("qewn", None)[0].entry];
    assert!(top.title.contains("Qwen"), "{}", top.title);
    top_n_contains("dingtlak", 2, &["prod.dingtalk"]);
    first_is("deepsek", "comp.deepseek");
    first_is("jingern", "person.zhou-jingren");
}

#[test]
fn fuzzy_abbreviations_and_version_numbers_work() {
    let (kb, index) = setup();
    let top = &kb.entries[index.search("qwn3", None)[0].entry];
    assert!(top.title.starts_with("Qwen3"), "{}", top.title);
    first_is("qwen3.5", "model.qwen3.5");
    first_is("3.7 max", "model.qwen3.7-max");
}

#[test]
fn chinese_names_are_found() {
    first_is("马云", "person.jack-ma");
    let (kb, index) = setup();
    let top = &kb.entries[index.search("通义千问", None)[0].entry];
    assert!(
        top.title.contains("Tongyi Qianwen") || top.title.contains("Qwen"),
        "{}",
        top.title
    );
}

#[test]
fn title_match_positions_point_at_the_matched_characters() {
    let (kb, index) = setup();
    // `hq` stands for the word: the whole word is highlighted.
    let hit = &index.search("hq", None)[0];
    let title = &kb.entries[hit.entry].title;
    let chars: Vec<char> = title.chars().collect();
    let positions = hit.title_positions(title);
    let matched: String = positions.iter().map(|&i| chars[i]).collect();
    assert_eq!(matched.to_lowercase(), "headquarters");
    // A word being typed: only what is typed of it.
    let hit = &index.search("headq", None)[0];
    let title = &kb.entries[hit.entry].title;
    let chars: Vec<char> = title.chars().collect();
    let matched: String = hit
        .title_positions(title)
        .iter()
        .map(|&i| chars[i])
        .collect();
    assert_eq!(matched.to_lowercase(), "headq");
}

#[test]
fn tab_filter_and_empty_query() {
    let (kb, index) = setup();
    let hits = index.search("qwen", Some(Tab::People));
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| kb.entries[h.entry].tab == Tab::People));
    assert!(index.search("", None).is_empty());
    assert!(index.search("   ", None).is_empty());
}

/// A misspelt word (one slip from five letters) is corrected to words of the knowledge
/// base, and a correction counts only where its word occurs whole — not its letters
/// scattered through some other text.
#[test]
fn a_correction_counts_only_where_the_corrected_word_occurs() {
    let yaml = format!(
        "{}\n  - id: shipping\n    title: Shipping registry opened\n    category: corporate\n    date: 2020\n    sources: [report]\n  - id: scattered\n    title: Sales help investors plan\n    category: corporate\n    date: 2021\n    sources: [report]\n",
        include_str!("fixtures/valid/minimal.yaml")
            .split("\nmodels:")
            .next()
            .unwrap()
    );
    let kb = qwen_tui::kb::load_str(&yaml, "kb.yaml").unwrap();
    let index = SearchIndex::new(&kb);
    // `shipqing` itself matches nothing (no `q`); it is corrected to `shipping`, whose
    // letters also start the words of "Sales help investors plan".
    let ids: Vec<&str> = index
        .search("shipqing", None)
        .iter()
        .map(|h| kb.entries[h.entry].id.as_str())
        .collect();
    assert_eq!(ids, ["shipping"]);
}
