//! Results while typing — through the [`Searcher`] the app uses, which remembers recent
//! queries — are exactly the results of the same query computed from scratch: the same
//! entries, in the same order, with the same scores, answering fields and highlights.
//! Checked on the shipped knowledge base and on a synthetic one, for arbitrary queries and
//! for queries typed, corrected and extended a key at a time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use proptest::prelude::*;
use qwen_tui::kb::{KnowledgeBase, Tab, load::load_str, load_embedded};
use qwen_tui::search::{SearchIndex, Searcher};

fn shipped() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::new(&load_embedded().unwrap()))
}

fn synthetic() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let kb: KnowledgeBase =
            load_str(&qwen_tui::kb::synth::knowledge_base(600, 7), "synth.yaml").unwrap();
        SearchIndex::new(&kb)
    })
}

/// Letters common in the data (so queries match something), a few rare ones, digits,
/// punctuation, upper case (smart case), Chinese, spaces between terms, and the query
/// operators and filters (whose narrowing rules the key sequences exercise).
const KEYS: &[&str] = &[
    "a",
    "e",
    "i",
    "o",
    "u",
    "n",
    "r",
    "c",
    "l",
    "d",
    "q",
    "w",
    "z",
    "x",
    "3",
    "5",
    "0",
    ".",
    "%",
    "Q",
    "C",
    "中",
    "国",
    "通",
    " ",
    " ",
    // The operators and filters, typed as one key or a character at a time.
    "!",
    "'",
    "^",
    "$",
    " !",
    " '",
    " ^",
    "$ ",
    " tab:m",
    " is:d",
    " year:2025",
    " year:..2024",
    " tag:c",
    " source:c",
    " source:d",
    " source:s",
    " !is:d",
    " !tab:t",
];

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(KEYS), 1..9).prop_map(|k| k.concat())
}

/// A key a person might press in the search box.
#[derive(Clone, Debug)]
enum Key {
    Type(&'static str),
    Backspace,
    Clear,
}

fn keys() -> impl Strategy<Value = Vec<Key>> {
    let key = prop_oneof![
        8 => prop::sample::select(KEYS).prop_map(Key::Type),
        2 => Just(Key::Backspace),
        1 => Just(Key::Clear),
    ];
    prop::collection::vec(key, 1..24)
}

fn tab() -> impl Strategy<Value = Option<Tab>> {
    prop_oneof![
        3 => Just(None),
        1 => prop::sample::select(Tab::ALL.to_vec()).prop_map(Some),
    ]
}

/// 48 cases in CI; more by hand with `QWEN_TUI_CASES=5000 cargo test --release --test
/// search_equality`.
fn cases() -> u32 {
    std::env::var("QWEN_TUI_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48)
}

#[track_caller]
fn same_as_plain(
    index: &SearchIndex,
    query: &str,
    tab: Option<Tab>,
    got: &[qwen_tui::search::Hit],
) {
    // From scratch: a new index answering the query once, nothing remembered.
    let want = index.search(query, tab);
    assert_eq!(got, want.as_slice(), "query {query:?} tab {tab:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn one_query_matches_the_plain_scan(q in query(), tab in tab()) {
        for index in [shipped(), synthetic()] {
            same_as_plain(index, &q, tab, &index.search(&q, tab));
        }
    }

    #[test]
    fn typing_a_key_at_a_time_matches_the_plain_scan(keys in keys(), tab in tab()) {
        for index in [shipped(), synthetic()] {
            let mut searcher = Searcher::new();
            let mut q = String::new();
            for k in &keys {
                match k {
                    Key::Type(s) => q.push_str(s),
                    Key::Backspace => {
                        q.pop();
                    }
                    Key::Clear => q.clear(),
                }
                let got = searcher.search(index, &q, tab, &|| false).unwrap();
                same_as_plain(index, &q, tab, &got);
            }
        }
    }
}

/// Queries that exercise the memory on purpose: a misspelling corrected, a growing number,
/// upper case after lower, a word finished with a space, and a word removed.
#[test]
fn chosen_sequences_match_the_plain_scan() {
    let sequences: &[&[&str]] = &[
        &["q", "qw", "qwe", "qwen", "qwenn", "qwennx", "qwenn", "qwen"],
        &["4", "40", "403", "403b", "403"],
        &[
            "c",
            "cl",
            "clo",
            "cloud",
            "cloud ",
            "cloud",
            "cloud ",
            "cloud r",
            "cloud re",
            "cloud rev",
        ],
        &["qw", "Qw", "QW", "Q", "q"],
        &["dingtlak", "dingtalk", "ding"],
        // `wqen` is corrected to `qwen`, which finds entries `wqe` could not.
        &["w", "wq", "wqe", "wqen"],
        &["cloud rev", "rev", "rev cloud"],
        &["通", "通义", "通义千问"],
    ];
    for index in [shipped(), synthetic()] {
        for seq in sequences {
            let mut searcher = Searcher::new();
            for q in *seq {
                let got = searcher.search(index, q, None, &|| false).unwrap();
                same_as_plain(index, q, None, &got);
            }
        }
    }
}

#[test]
fn a_cancelled_search_gives_no_results_rather_than_partial_ones() {
    let mut searcher = Searcher::new();
    assert!(
        searcher
            .search(synthetic(), "cloud", None, &|| true)
            .is_none()
    );
    // Nothing half-done was remembered: the next search is complete.
    let got = searcher
        .search(synthetic(), "cloud", None, &|| false)
        .unwrap();
    same_as_plain(synthetic(), "cloud", None, &got);
    assert!(!got.is_empty());
}
