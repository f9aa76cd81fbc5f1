//! The knowledge base shipped in `assets/`: it loads, every fact has a source, the
//! documents' figures are all there, each value's figures are in the documents it cites,
//! and their disagreements are kept (and only real ones are flagged).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use qwen_tui::kb::{Entry, KnowledgeBase, Tab, Value, load_embedded};
use qwen_tui::output::plain::entry_text;

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

/// The figures of a seed document, as `numbers` reads them.
fn document_figures(dir: &std::path::Path, file: &str) -> std::collections::HashSet<String> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    numbers(&text).into_iter().collect()
}

/// Fields that hold a *value* in docs/FORMAT.md's sense (what a document says, which may be a
/// list of claims): each figure in them must be in every document they cite. The other
/// fields (summaries, positioning, scope…) are prose that ties several documents together
/// under the entry's sources; each figure there must be in at least one of them.
const VALUE_KEYS: &[&str] = &[
    "value",
    "params_total",
    "params_active",
    "context",
    "languages",
    "licence",
    "access",
    "change",
    "role",
    "fact",
];

/// Figures of values that a cited document does not spell out as written, each with why:
/// (entry id, figure, source id, reason).
const NOT_SPELLED_OUT: &[(&str, &str, &str, &str)] = &[
    (
        "fin.cloud-revenue-fy2025",
        "4.3",
        "provider-guide",
        "derived: the guide's ~$6.0B for the March 2026 quarter at +38% YoY, a year earlier",
    ),
    (
        "fin.ai-revenue-q4-fy2026",
        "22",
        "provider-guide",
        "derived: the guide's RMB 8,971M AI revenue over its RMB 41,626M cloud revenue (21.6%)",
    ),
];

/// The reverse of the check below: a value cites a document only for what it says, so a
/// figure in a value (or in one of its claims) must occur in each document it cites.
#[test]
fn every_figure_in_a_value_is_in_each_document_it_cites() {
    let Some(dir) = seeds_dir() else {
        eprintln!(
            "../shared/seeds is absent: the figures of values are not checked against the documents"
        );
        return;
    };
    let kb = kb();
    let docs: Vec<_> = kb
        .sources
        .iter()
        .map(|s| document_figures(&dir, s.file.as_deref().unwrap()))
        .collect();
    let excused = |id: &str, n: &str, s: usize| {
        NOT_SPELLED_OUT
            .iter()
            .any(|&(e, f, src, _)| e == id && f == n && src == kb.sources[s].id)
    };
    let mut used = std::collections::HashSet::new();
    let mut wrong = Vec::new();
    // `each`: every cited document must have the figure; otherwise one of them must.
    let mut check = |e: &Entry, label: &str, text: &str, cited: &[usize], each: bool| {
        for n in numbers(text) {
            let missing: Vec<usize> = cited
                .iter()
                .copied()
                .filter(|&s| {
                    if docs[s].contains(&n) {
                        false
                    } else if excused(&e.id, &n, s) {
                        used.insert((e.id.clone(), n.clone(), s));
                        false
                    } else {
                        true
                    }
                })
                .collect();
            let fails = if each {
                !missing.is_empty()
            } else {
                missing.len() == cited.len() && !cited.is_empty()
            };
            if fails {
                let names: Vec<&str> = missing.iter().map(|&s| kb.sources[s].id.as_str()).collect();
                wrong.push(format!(
                    "{} ({label}): {n} is not in {} — `{text}`",
                    e.id,
                    names.join(if each { ", " } else { " nor " })
                ));
            }
        }
    };
    for e in kb.entries.iter().filter(|e| e.tab != Tab::Sources) {
        check(e, "title", &e.title, &e.sources, false);
        for f in &e.fields {
            match &f.value {
                Value::Claims(cs) => {
                    for c in cs {
                        check(e, &f.label, &c.value, &c.sources, true);
                    }
                }
                Value::Text(t) => {
                    let cited = if !f.sources.is_empty() {
                        &f.sources
                    } else if !e.own_sources.is_empty() {
                        &e.own_sources
                    } else {
                        &e.sources
                    };
                    check(e, &f.label, t, cited, VALUE_KEYS.contains(&f.key));
                }
            }
        }
    }
    for &(id, n, src, _) in NOT_SPELLED_OUT {
        let s = kb.sources.iter().position(|s| s.id == src).unwrap();
        if !used.contains(&(id.to_string(), n.to_string(), s)) {
            wrong.push(format!(
                "NOT_SPELLED_OUT lists {n} for {id} in {src}, which is no longer needed"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "figures cited to a document that does not give them ({}):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
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

/// The claims of field `key`, or of the fact labelled `Label` for `fact:Label`.
fn claims<'a>(e: &'a Entry, key: &str) -> &'a [qwen_tui::kb::Claim] {
    let field = match key.strip_prefix("fact:") {
        Some(label) => e
            .fields
            .iter()
            .find(|f| f.key == "fact" && f.label == label),
        None => e.field(key),
    };
    match &field
        .unwrap_or_else(|| panic!("{} has no {key}", e.id))
        .value
    {
        Value::Claims(cs) => cs,
        Value::Text(t) => panic!("{}: {key} is plain text `{t}`, expected claims", e.id),
    }
}

/// `id`'s field `key` is disputed and has a claim with each figure; returns its claims.
#[track_caller]
fn disputed_within<'a>(
    kb: &'a KnowledgeBase,
    id: &str,
    key: &str,
    figures: &[&str],
) -> &'a [qwen_tui::kb::Claim] {
    let e = kb.entry(id).unwrap_or_else(|| panic!("no entry {id}"));
    assert!(e.disputed, "{id} should be marked disputed");
    let cs = claims(e, key);
    assert!(
        cs.iter()
            .any(|c| c.value.trim().to_lowercase() != cs[0].value.trim().to_lowercase()),
        "{id}.{key}: the claims agree: {cs:?}"
    );
    for fig in figures {
        assert!(
            cs.iter().any(|c| c.value.contains(fig)),
            "{id}.{key}: no claim with {fig}: {cs:?}"
        );
    }
    cs
}

#[track_caller]
fn disputed_with(kb: &KnowledgeBase, id: &str, key: &str, figures: &[&str]) {
    let cs = disputed_within(kb, id, key, figures);
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
    // Information Matters gives external cloud revenue two ways; the provider guide's
    // ~$6.0B is total revenue, a different measure, kept in a field of its own.
    disputed_within(
        &kb,
        "ov.cloud-quarterly-revenue",
        "fact:From external customers only",
        &["6.0B", "4B"],
    );
    // Disagreements once left in notes, now where a reader looks.
    disputed_with(&kb, "fin.cloud-revenue-fy2025", "value", &["11.5", "4.3"]);
    disputed_with(
        &kb,
        "fin.ai-revenue-q4-fy2026",
        "fact:Share of cloud revenue",
        &["30%", "22%"],
    );
    disputed_with(
        &kb,
        "ov.dingtalk-organisations",
        "value",
        &["2.2 million", "90,000+"],
    );
    assert!(kb.disputed_count() >= 15);
}

/// Disputed means the documents disagree about the same thing: values whose claims differ
/// only in wording, or that held two different things (two model generations, a lab and
/// who leads it), are one claim or separate fields, and not flagged.
#[test]
fn values_that_agree_or_describe_different_things_are_not_disputed() {
    let kb = kb();
    for id in [
        "ov.languages",
        "ov.ai-research-arm",
        "ov.downloads-vs-rivals",
        "person.joseph-tsai",
        "person.lin-junyang",
        "ev.qwen2.5-release",
        "model.qwen2.5",
        "model.qwen3-235b-a22b",
    ] {
        let e = kb.entry(id).unwrap_or_else(|| panic!("no entry {id}"));
        assert!(
            !e.disputed,
            "{id} is flagged disputed:\n{}",
            entry_text(&kb, e)
        );
    }
    let languages = entry_text(&kb, kb.entry("ov.languages").unwrap());
    for generation in ["Qwen3 ", "Qwen3.5 "] {
        assert!(languages.contains(generation), "{languages}");
    }
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

/// Licence values of the models are spelled one way per licence (`Apache 2.0` and
/// `Apache-2.0` would sort and filter as two licences): spellings that differ only in case,
/// spaces, hyphens or underscores must be the same spelling.
#[test]
fn model_licences_use_one_spelling_per_licence() {
    use std::collections::BTreeMap;
    let kb = kb();
    // normalised licence → raw spelling → models that use it
    let mut spellings: BTreeMap<String, BTreeMap<String, Vec<&str>>> = BTreeMap::new();
    for e in kb.entries.iter().filter(|e| e.tab == Tab::Models) {
        let Some(f) = e.field("licence") else {
            continue;
        };
        let values: Vec<&str> = match &f.value {
            Value::Text(t) => vec![t],
            Value::Claims(cs) => cs.iter().map(|c| c.value.as_str()).collect(),
        };
        for v in values {
            let key: String = v
                .chars()
                .filter(|c| !matches!(c, ' ' | '-' | '_'))
                .flat_map(char::to_lowercase)
                .collect();
            spellings
                .entry(key)
                .or_default()
                .entry(v.trim().to_string())
                .or_default()
                .push(&e.id);
        }
    }
    assert!(
        spellings.len() > 1,
        "the models give fewer licences than expected"
    );
    let mixed: Vec<String> = spellings
        .values()
        .filter(|raw| raw.len() > 1)
        .map(|raw| format!("{raw:?}"))
        .collect();
    assert!(
        mixed.is_empty(),
        "one licence, several spellings:\n{}",
        mixed.join("\n")
    );
}

/// One fact, one age: entries on different tabs that state the same figure under a shared
/// alias (the capex plan in Overview and in Finances) are both possibly stale or neither —
/// the brief, the lists and the detail then agree wherever the fact appears. Timeline events
/// and model releases never go stale (they are history), so they are not compared.
#[test]
fn one_fact_stated_on_two_tabs_has_one_staleness() {
    use qwen_tui::kb::age::{Horizon, can_go_stale, is_stale};
    let kb = kb();
    let first_figure = |e: &Entry| {
        let value = e
            .field("value")
            .map(|f| f.value.summary())
            .unwrap_or_default();
        numbers(&value).into_iter().next()
    };
    let facts: Vec<&Entry> = kb
        .entries
        .iter()
        .filter(|e| can_go_stale(e.tab) && first_figure(e).is_some())
        .collect();
    let mut pairs = 0;
    let mut differ = Vec::new();
    for (i, a) in facts.iter().enumerate() {
        for b in &facts[i + 1..] {
            let shared_alias = a
                .aliases
                .iter()
                .any(|x| b.aliases.iter().any(|y| x.eq_ignore_ascii_case(y)));
            if a.tab == b.tab || !shared_alias || first_figure(a) != first_figure(b) {
                continue;
            }
            pairs += 1;
            let (sa, sb) = (
                is_stale(&kb, a, Horizon::DEFAULT),
                is_stale(&kb, b, Horizon::DEFAULT),
            );
            if sa != sb {
                differ.push(format!("{} (stale: {sa}) / {} (stale: {sb})", a.id, b.id));
            }
        }
    }
    assert!(
        pairs > 0,
        "the shipped knowledge base states some facts twice"
    );
    assert!(differ.is_empty(), "one fact, two ages: {differ:#?}");
}
