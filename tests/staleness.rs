//! Entry age and staleness against the knowledge base's as-of date: which date counts
//! (the entry's, else its newest claim; the last day of a period), the horizon's edge,
//! the tabs that never go stale, and what the shipped knowledge base marks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use qwen_tui::kb::age::{Basis, Horizon, age, is_stale};
use qwen_tui::kb::{KnowledgeBase, load_str};

/// As of June 2026, fiscal years ending in March.
const KB: &str = r#"
meta:
  title: Ages
  subject: Example
  as_of: 2026-06
  fiscal_year_end: 3
sources:
  - id: s
    title: A report
    publisher: Someone
    date: 2026-05
overview:
  - id: claims-old
    label: Head count
    value:
      - value: "100"
        date: 2024-11
      - value: "120"
        date: 2025-05
    sources: [s]
  - id: claims-new
    label: Users
    value:
      - value: "1M"
        date: 2023
      - value: "2M"
        date: 2026-03
    sources: [s]
  - id: claims-this-year
    label: Downloads
    value:
      - value: "5M"
        date: 2026
    sources: [s]
  - id: undated
    label: Headquarters
    value: Springfield
    sources: [s]
timeline:
  - id: ancient-event
    date: 1999
    title: Founded
    sources: [s]
models:
  - id: old-model
    name: Widget-1
    released: 2023-04
    sources: [s]
finances:
  - id: fy2025
    metric: Revenue
    period: FY2025
    value: "1"
    sources: [s]
  - id: q1-fy2026
    metric: Revenue
    period: FY2026-Q1
    value: "1"
    sources: [s]
  - id: q4-fy2026
    metric: Revenue
    period: FY2026-Q4
    value: "1"
    sources: [s]
  - id: next-year
    metric: Revenue forecast
    period: 2027
    value: "2"
    sources: [s]
"#;

fn kb() -> KnowledgeBase {
    load_str(KB, "ages.yaml").unwrap()
}

fn h(text: &str) -> Horizon {
    Horizon::parse(text).unwrap()
}

fn stale(kb: &KnowledgeBase, id: &str, horizon: &str) -> bool {
    is_stale(kb, kb.entry(id).unwrap(), h(horizon))
}

fn shown(kb: &KnowledgeBase, id: &str) -> String {
    age(kb, kb.entry(id).unwrap())
        .map(|a| a.describe(kb.meta.as_of))
        .unwrap_or_default()
}

#[test]
fn a_period_counts_from_its_last_day() {
    let kb = kb();
    // FY2025 ends 31 Mar 2025: 15 months before 30 Jun 2026.
    assert_eq!(shown(&kb, "fy2025"), "15 months (as of Jun 2026)");
    assert!(stale(&kb, "fy2025", "12 months"));
    assert!(!stale(&kb, "fy2025", "15 months"));
    assert!(!stale(&kb, "fy2025", "2 years"));
    // FY2026-Q1 ends 30 Jun 2025: exactly twelve months, within a twelve-month horizon.
    assert_eq!(shown(&kb, "q1-fy2026"), "12 months (as of Jun 2026)");
    assert!(!stale(&kb, "q1-fy2026", "12 months"));
    assert!(stale(&kb, "q1-fy2026", "11 months"));
    // FY2026-Q4 ends 31 Mar 2026: 91 days.
    assert!(!stale(&kb, "q4-fy2026", "91 days"));
    assert!(stale(&kb, "q4-fy2026", "90 days"));
    assert!(stale(&kb, "q4-fy2026", "12 weeks"));
    assert!(!stale(&kb, "q4-fy2026", "13 weeks"));
}

#[test]
fn without_a_date_the_newest_claim_counts() {
    let kb = kb();
    let a = age(&kb, kb.entry("claims-old").unwrap()).unwrap();
    assert_eq!(a.basis, Basis::NewestClaim);
    assert_eq!(a.date.to_string(), "May 2025");
    assert_eq!(
        shown(&kb, "claims-old"),
        "13 months (newest claim May 2025; as of Jun 2026)"
    );
    assert!(stale(&kb, "claims-old", "12 months"));
    // An old claim does not make an entry stale when a newer one is there.
    assert!(!stale(&kb, "claims-new", "12 months"));
    assert_eq!(
        shown(&kb, "claims-new"),
        "3 months (newest claim Mar 2026; as of Jun 2026)"
    );
}

#[test]
fn a_period_that_includes_the_as_of_date_is_at_most_as_old_as_its_start() {
    let kb = kb();
    assert_eq!(
        shown(&kb, "claims-this-year"),
        "up to 5 months (newest claim 2026; as of Jun 2026)"
    );
    assert!(!stale(&kb, "claims-this-year", "1 day"));
    // A period after the as-of date is in the future, never stale.
    assert_eq!(
        shown(&kb, "next-year"),
        "6 months in the future (as of Jun 2026)"
    );
    assert!(!stale(&kb, "next-year", "1 day"));
}

#[test]
fn undated_entries_have_no_age_and_history_never_goes_stale() {
    let kb = kb();
    assert!(age(&kb, kb.entry("undated").unwrap()).is_none());
    assert!(!stale(&kb, "undated", "1 day"));
    // Events and releases have an age but stay true.
    assert_eq!(shown(&kb, "ancient-event"), "26 years (as of Jun 2026)");
    assert!(!stale(&kb, "ancient-event", "1 day"));
    assert_eq!(shown(&kb, "old-model"), "3 years (as of Jun 2026)");
    assert!(!stale(&kb, "old-model", "1 day"));
    // Sources are documents, not facts.
    assert!(age(&kb, kb.entry("s").unwrap()).is_none());
}

#[test]
fn the_shipped_knowledge_base_marks_only_figures_older_than_a_year() {
    let kb = qwen_tui::kb::load_embedded().unwrap();
    let marked: Vec<&str> = kb
        .entries
        .iter()
        .filter(|e| is_stale(&kb, e, Horizon::DEFAULT))
        .map(|e| e.id.as_str())
        .collect();
    // As of June 2026: calendar 2024 revenue, fiscal 2025 cloud revenue, and the capex
    // plan announced in February 2025 — in Overview and in Finances alike (one fact, one
    // age). Recent figures and history are not marked.
    assert_eq!(
        marked,
        [
            "ov.capex-plan",
            "fin.total-revenue-2024",
            "fin.cloud-revenue-fy2025",
            "fin.capex-plan"
        ]
    );
    for id in marked {
        let a = age(&kb, kb.entry(id).unwrap()).unwrap();
        assert!(a.months > 12, "{id}: {a:?}");
    }
    // A wider horizon marks fewer; a narrower one more.
    let count = |t: &str| kb.entries.iter().filter(|e| is_stale(&kb, e, h(t))).count();
    assert!(count("2 years") < 4);
    assert!(count("6 months") > 4);
}

/// `qwen-tui brief` with a config file of this text, standard output.
fn brief_with(config: &str, format: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("brief-stale");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{}.toml", config.len()));
    std::fs::write(&file, config).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_qwen-tui"))
        .args(["brief", "--format", format])
        .env("QWEN_TUI_CONFIG", &file)
        .env("QWEN_TUI_CACHE", "off")
        .env_remove("QWEN_TUI_DATA")
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn the_brief_says_which_figures_may_be_stale_by_the_configured_horizon() {
    for format in ["plain", "markdown"] {
        let out = brief_with("", format);
        // Calendar 2024 revenue is 18 months old in June 2026; the FY2026 figure is not.
        let line = |out: &str, what: &str| {
            out.lines()
                .find(|l| l.contains(what))
                .unwrap_or_else(|| panic!("{what} in {out}"))
                .to_string()
        };
        assert!(
            line(&out, "Total revenue").contains("(possibly stale: 18 months old)"),
            "{out}"
        );
        assert!(!line(&out, "Group revenue").contains("stale"));
        let relaxed = brief_with("stale_horizon = \"3 years\"\n", format);
        assert!(!relaxed.contains("possibly stale"), "{relaxed}");
    }
}
