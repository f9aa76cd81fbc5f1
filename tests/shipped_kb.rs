//! The knowledge base shipped in `assets/`: it loads, every fact has a source, the
//! documents' figures are all there, and their disagreements are kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use qwen_tui::kb::{Entry, KnowledgeBase, Tab, Value, load_embedded};
use qwen_tui::render_text::entry_text;

fn kb() -> KnowledgeBase {
    load_embedded().unwrap_or_else(|e| panic!("the shipped knowledge base must load:\n{e}"))
}

/// `../shared/seeds/`, beside the project: present in development, maybe not in a clone.
fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    dir.is_dir().then_some(dir)
}

/// The figures of each seed document, committed so the check runs without the documents:
/// `FILE: N N N …`, one line per document.
const SEED_FIGURES: &str = include_str!("fixtures/seed-figures.txt");

fn committed_seed_figures() -> Vec<(String, Vec<String>)> {
    SEED_FIGURES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (file, nums) = l.split_once(':').unwrap();
            (
                file.trim().to_string(),
                nums.split_whitespace().map(str::to_string).collect(),
            )
        })
        .collect()
}

/// Unique figures of a text, in order of first appearance.
fn figures_of(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    numbers(text)
        .into_iter()
        .filter(|n| seen.insert(n.clone()))
        .collect()
}

#[test]
fn it_loads_with_every_section_filled() {
    let kb = kb();
    for tab in Tab::ALL {
        assert!(kb.count(tab) > 0, "{tab} is empty");
    }
    assert!(kb.entries.len() - kb.count(Tab::Sources) >= 150);
    assert_eq!(
        kb.meta.fiscal_year_end, 3,
        "Alibaba's fiscal year ends in March"
    );
}

#[test]
fn every_entry_cites_a_known_source_and_every_source_is_cited() {
    let kb = kb();
    for e in &kb.entries {
        assert!(!e.sources.is_empty(), "{} cites no source", e.id);
        assert!(
            e.sources.iter().all(|&s| s < kb.sources.len()),
            "{} cites an unknown source",
            e.id
        );
        for f in &e.fields {
            if let Value::Claims(cs) = &f.value {
                assert!(
                    cs.iter().all(|c| !c.sources.is_empty()),
                    "{}: a claim without source",
                    e.id
                );
            }
        }
    }
    for (i, s) in kb.sources.iter().enumerate() {
        assert!(kb.citations(i) > 0, "source {} is never cited", s.id);
    }
}

#[test]
fn every_source_names_a_seed_document() {
    let kb = kb();
    let committed = committed_seed_figures();
    assert_eq!(kb.sources.len(), 5);
    for s in &kb.sources {
        let file = s
            .file
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no file", s.id));
        assert!(
            committed.iter().any(|(f, _)| f == file),
            "{}: {file} is not one of the seed documents",
            s.id
        );
        if let Some(dir) = seeds_dir() {
            assert!(dir.join(file).is_file(), "{}: {file} not in {dir:?}", s.id);
        }
    }
}

/// The committed figure list is exactly what the seed documents contain (checked whenever
/// the documents are beside the project), so it cannot drift from them.
#[test]
fn the_committed_figure_list_matches_the_seed_documents() {
    let Some(dir) = seeds_dir() else {
        eprintln!("../shared/seeds is absent: using the committed figure list as it is");
        return;
    };
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".txt"))
        .collect();
    files.sort();
    let fresh: Vec<(String, Vec<String>)> = files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(dir.join(&f)).unwrap();
            let figs = figures_of(&text);
            (f, figs)
        })
        .collect();
    if fresh != committed_seed_figures() {
        let listing: String = fresh
            .iter()
            .map(|(f, n)| format!("{f}: {}\n", n.join(" ")))
            .collect();
        panic!("tests/fixtures/seed-figures.txt is stale; its body should be:\n{listing}");
    }
}

/// Numbers written in `text`: runs of digits with `,` or `.` between digits.
fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (matches!(chars[i], ',' | '.')
                        && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            out.push(chars[start..i].iter().filter(|&&c| c != ',').collect());
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn every_figure_in_the_source_documents_is_in_the_knowledge_base() {
    let kb = kb();
    let mut known = String::new();
    for e in &kb.entries {
        known.push_str(&entry_text(&kb, e));
    }
    for s in &kb.sources {
        known.push_str(s.notes.as_deref().unwrap_or(""));
    }
    let known: std::collections::HashSet<String> = numbers(&known).into_iter().collect();
    // Figures deliberately left out, with the reason.
    let left_out = [
        (
            "2027",
            "only in a section heading, \"2026-2027 Trajectory\"",
        ),
        (
            "500",
            "the newsletter's own subscriber count, not about Alibaba",
        ),
        (
            "90",
            "\"90K+ tenants\", kept as 90,000+ with the other documents' wording",
        ),
    ];
    let mut missing = Vec::new();
    let committed = committed_seed_figures();
    for s in &kb.sources {
        let file = s.file.as_deref().unwrap();
        let (_, figures) = committed.iter().find(|(f, _)| f == file).unwrap();
        for n in figures {
            if !known.contains(n) && !left_out.iter().any(|(x, _)| x == n) {
                missing.push(format!("{} in {}", n, s.id));
            }
        }
    }
    missing.dedup();
    assert!(
        missing.is_empty(),
        "figures of the documents not in the knowledge base: {missing:?}"
    );
}

fn claims<'a>(e: &'a Entry, key: &str) -> &'a [qwen_tui::kb::Claim] {
    match &e
        .field(key)
        .unwrap_or_else(|| panic!("{} has no {key}", e.id))
        .value
    {
        Value::Claims(cs) => cs,
        Value::Text(t) => panic!("{}: {key} is plain text `{t}`, expected claims", e.id),
    }
}

#[track_caller]
fn disputed_with(kb: &KnowledgeBase, id: &str, key: &str, figures: &[&str]) {
    let e = kb.entry(id).unwrap_or_else(|| panic!("no entry {id}"));
    assert!(e.disputed, "{id} should be marked disputed");
    let cs = claims(e, key);
    for fig in figures {
        assert!(
            cs.iter().any(|c| c.value.contains(fig)),
            "{id}.{key}: no claim with {fig}: {cs:?}"
        );
    }
    // The figures come from different documents, each named on its own claim.
    let mut sources: Vec<&Vec<usize>> = cs.iter().map(|c| &c.sources).collect();
    sources.sort();
    sources.dedup();
    assert!(
        sources.len() > 1,
        "{id}: every claim cites the same sources"
    );
}

#[test]
fn the_disagreements_between_documents_are_kept_as_claims() {
    let kb = kb();
    disputed_with(&kb, "ov.market-cap", "value", &["260", "400"]);
    disputed_with(&kb, "ov.employees", "value", &["131,000", "200,000"]);
    disputed_with(
        &kb,
        "ov.downloads",
        "value",
        &["942 million", "700 million", "1 billion"],
    );
    disputed_with(&kb, "model.qwen3.5", "params_total", &["397", "403"]);
    disputed_with(&kb, "ov.cloud-quarterly-revenue", "value", &["6.0B", "4B"]);
    assert!(kb.disputed_count() >= 15);
}

#[test]
fn the_text_is_clean() {
    let kb = kb();
    for e in &kb.entries {
        let text = entry_text(&kb, e);
        for bad in ["โ€", "๐Ÿ", "â€", "Ã", "\u{fffd}"] {
            assert!(
                !text.contains(bad),
                "{}: mis-decoded text `{bad}`:\n{text}",
                e.id
            );
        }
    }
}

#[test]
fn chinese_names_are_searchable_aliases() {
    let kb = kb();
    for (id, name) in [("person.jack-ma", "马云"), ("prod.dingtalk", "钉钉")] {
        let e = kb.entry(id).unwrap();
        assert!(
            e.aliases.iter().any(|a| a == name),
            "{id} lacks alias {name}: {:?}",
            e.aliases
        );
    }
    assert!(
        kb.entries
            .iter()
            .any(|e| e.aliases.iter().any(|a| a == "通义千问"))
    );
}
