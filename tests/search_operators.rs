//! The query operators and field filters, on the shipped knowledge base: each hit of an
//! operator really has what the operator asks for, and what it leaves out really lacks it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use qwen_tui::kb::{Entry, KnowledgeBase, Tab, Value, load_embedded};
use qwen_tui::search::SearchIndex;

fn setup() -> (&'static KnowledgeBase, &'static SearchIndex) {
    static LOADED: OnceLock<(KnowledgeBase, SearchIndex)> = OnceLock::new();
    let (kb, index) = LOADED.get_or_init(|| {
        let kb = load_embedded().unwrap();
        let index = SearchIndex::new(&kb);
        (kb, index)
    });
    (kb, index)
}

/// The entries `query` finds, in order.
fn found(query: &str) -> Vec<usize> {
    let (_, index) = setup();
    index.search(query, None).iter().map(|h| h.entry).collect()
}

/// Everything an entry can be found by, lowercase.
fn text(i: usize) -> String {
    setup().1.line(i).unwrap().to_lowercase()
}

/// The title, aliases and tags of an entry, lowercase.
fn names(e: &Entry) -> Vec<String> {
    std::iter::once(&e.title)
        .chain(&e.aliases)
        .chain(&e.tags)
        .map(|n| n.to_lowercase())
        .collect()
}

fn years(kb: &KnowledgeBase, e: &Entry) -> Vec<i32> {
    let fy = kb.meta.fiscal_year_end;
    let claims = e.fields.iter().flat_map(|f| match &f.value {
        Value::Claims(cs) => cs.iter().filter_map(|c| c.date).collect(),
        Value::Text(_) => Vec::new(),
    });
    e.date
        .into_iter()
        .chain(claims)
        .map(|d| d.year(fy))
        .collect()
}

#[test]
fn exact_finds_the_words_as_written_and_fewer_than_fuzzy() {
    let exact = found("'moe");
    assert!(!exact.is_empty());
    for &i in &exact {
        assert!(text(i).contains("moe"), "{}", text(i));
    }
    // Fuzzy `moe` also finds the letters spread out (m…o…e), exact does not.
    let fuzzy = found("moe");
    assert!(
        fuzzy.len() > exact.len(),
        "{} vs {}",
        fuzzy.len(),
        exact.len()
    );
    assert!(exact.iter().all(|i| fuzzy.contains(i)));
}

#[test]
fn anchors_hold_for_a_name() {
    let (kb, _) = setup();
    let prefix = found("^qwen");
    assert!(prefix.len() >= 5, "{prefix:?}");
    for &i in &prefix {
        let n = names(&kb.entries[i]);
        assert!(n.iter().any(|n| n.starts_with("qwen")), "{n:?}");
    }
    let suffix = found("max$");
    assert!(!suffix.is_empty());
    for &i in &suffix {
        let n = names(&kb.entries[i]);
        assert!(n.iter().any(|n| n.ends_with("max")), "{n:?}");
    }
    // Whole: the name is exactly this.
    let whole = found("^qwen3$");
    assert!(!whole.is_empty());
    for &i in &whole {
        assert!(names(&kb.entries[i]).iter().any(|n| n == "qwen3"));
    }
    assert!(whole.len() < prefix.len());
}

#[test]
fn excluded_words_are_absent_from_every_hit() {
    let all = found("qwen");
    let without = found("qwen !open");
    assert!(!without.is_empty() && without.len() < all.len());
    for &i in &without {
        assert!(!text(i).contains("open"), "{}", text(i));
    }
    // And everything left out did contain it.
    for i in all.iter().filter(|i| !without.contains(i)) {
        assert!(text(*i).contains("open"));
    }
}

#[test]
fn case_is_smart() {
    // A capital letter makes case count; lowercase ignores it.
    let any = found("'qwen");
    let capital = found("'Qwen");
    assert!(capital.len() <= any.len());
    for &i in &capital {
        assert!(setup().1.line(i).unwrap().contains("Qwen"));
    }
}

#[test]
fn filters_by_tab_year_tag_and_source() {
    let (kb, _) = setup();
    let models = found("tab:models");
    assert_eq!(
        models.len(),
        kb.entries.iter().filter(|e| e.tab == Tab::Models).count()
    );
    // Filters alone list in file order.
    assert!(models.windows(2).all(|w| w[0] < w[1]));
    for &i in &found("tab:mod qwen") {
        assert_eq!(kb.entries[i].tab, Tab::Models);
    }
    let y2025 = found("year:2025");
    assert!(!y2025.is_empty());
    for (i, e) in kb.entries.iter().enumerate() {
        assert_eq!(years(kb, e).contains(&2025), y2025.contains(&i), "{}", e.id);
    }
    for &i in &found("year:..2023") {
        assert!(years(kb, &kb.entries[i]).iter().any(|&y| y <= 2023));
    }
    let corporate = found("tag:corp");
    assert!(!corporate.is_empty());
    for &i in &corporate {
        assert!(kb.entries[i].tags.iter().any(|t| t.starts_with("corp")));
    }
    let src = kb
        .sources
        .iter()
        .position(|s| s.id == "cxo-academy")
        .unwrap();
    let cited = found("source:cxo");
    assert_eq!(
        cited.len(),
        kb.entries
            .iter()
            .filter(|e| e.sources.contains(&src))
            .count()
    );
}

#[test]
fn is_disputed_lists_every_disputed_entry_and_can_be_negated() {
    let (kb, _) = setup();
    let disputed: Vec<usize> = (0..kb.entries.len())
        .filter(|&i| kb.entries[i].disputed)
        .collect();
    // The shipped knowledge base keeps 18 real disagreements (after unflagging values that
    // only differed in wording).
    assert!(disputed.len() >= 15);
    // In tab order, then file order.
    let mut want = disputed.clone();
    want.sort_by_key(|&i| (kb.entries[i].tab, i));
    assert_eq!(found("is:disputed"), want);
    assert_eq!(found("is:d").len(), disputed.len());
    assert_eq!(
        found("!is:disputed").len(),
        kb.entries.len() - disputed.len()
    );
    // With a word: scored, but still only disputed entries.
    let cap = found("is:disputed cap");
    assert!(!cap.is_empty() && cap.iter().all(|i| kb.entries[*i].disputed));
}

#[test]
fn a_filter_naming_nothing_matches_nothing_and_says_why() {
    let (_, index) = setup();
    for (q, says) in [
        ("tab:nope", "tabs: overview"),
        ("tab:p", "tabs:"),
        ("is:new", "`is:` takes `disputed` or `stale`"),
        ("tag:zzz", "no tag starts with `zzz`"),
        ("source:zzz", "no source id starts with `zzz`"),
        ("year:soon", "not a year"),
    ] {
        assert!(found(&format!("qwen {q}")).is_empty(), "{q}");
        let problems = index.query_problems(&format!("qwen {q}"));
        assert_eq!(problems.len(), 1, "{q}");
        assert!(
            problems[0].starts_with(q) && problems[0].contains(says),
            "{problems:?}"
        );
    }
    assert!(
        index
            .query_problems("qwen tab:models is:disputed")
            .is_empty()
    );
}

#[test]
fn an_operator_alone_changes_nothing() {
    assert_eq!(found("qwen !"), found("qwen"));
    assert_eq!(found("qwen ^ ' tab:"), found("qwen"));
    assert!(found("!").is_empty());
}

/// `qwen-tui search` with these arguments (no user cache written, no user config read).
fn cli(args: &[&str]) -> std::process::Output {
    let no_config = std::env::temp_dir().join("qwen-tui-ops-no-config");
    std::process::Command::new(env!("CARGO_BIN_EXE_qwen-tui"))
        .args(args)
        .env("QWEN_TUI_CACHE", "off")
        .env("XDG_CONFIG_HOME", no_config)
        .env_remove("QWEN_TUI_CONFIG")
        .env_remove("QWEN_TUI_DATA")
        .output()
        .unwrap()
}

#[test]
fn the_search_command_takes_the_same_operators() {
    let (kb, _) = setup();
    let o = cli(&["search", "-n", "1000", "is:disputed"]);
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    let disputed = kb.entries.iter().filter(|e| e.disputed).count();
    assert_eq!(out.lines().count(), disputed);
    assert!(out.lines().all(|l| l.ends_with("[disputed]")), "{out}");
    // Several arguments are one query.
    let o = cli(&["search", "-n", "1000", "tab:models", "!moe"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(!out.is_empty());
    assert!(out.lines().all(|l| l.starts_with("models ")), "{out}");
}

#[test]
fn the_search_command_rejects_a_filter_naming_nothing() {
    let o = cli(&["search", "qwen", "tab:zz"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with("qwen-tui: tab:zz: no tab, or more than one, starts with `zz`"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

/// The help overlay's examples are real: each is a valid query that finds something here.
#[test]
fn every_example_in_the_help_finds_something() {
    let (_, index) = setup();
    for (example, _) in qwen_tui::search::query::SYNTAX {
        for token in example.split_whitespace() {
            assert!(index.query_problems(token).is_empty(), "{token}");
            assert!(!found(token).is_empty(), "{token} finds nothing");
        }
    }
}

#[test]
fn is_stale_follows_the_stale_horizon() {
    use qwen_tui::kb::age::{Horizon, is_stale};
    let (kb, _) = setup();
    for h in ["12 months", "1 month", "3 years"] {
        let horizon = Horizon::parse(h).unwrap();
        let index = SearchIndex::with_horizon(kb, horizon);
        let got: Vec<usize> = index
            .search("is:stale", None)
            .iter()
            .map(|hit| hit.entry)
            .collect();
        let mut want: Vec<usize> = (0..kb.entries.len())
            .filter(|&i| is_stale(kb, &kb.entries[i], horizon))
            .collect();
        want.sort_by_key(|&i| (kb.entries[i].tab, i));
        assert_eq!(got, want, "{h}");
        if h == "12 months" {
            assert!(!got.is_empty());
        }
        if h == "3 years" {
            assert!(got.is_empty());
        }
    }
    // Shorter horizon, more stale entries; `!is:stale` is the rest.
    let short = SearchIndex::with_horizon(kb, Horizon::parse("1 month").unwrap());
    assert!(short.search("is:stale", None).len() > found("is:stale").len());
    assert_eq!(
        found("!is:stale").len() + found("is:stale").len(),
        kb.entries.len()
    );
}

#[test]
fn the_search_command_uses_the_configured_horizon() {
    let dir = std::env::temp_dir().join(format!("qwen-tui-ops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "stale_horizon = \"1 month\"\n").unwrap();
    let count = |config: Option<&std::path::Path>| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_qwen-tui"));
        c.args(["search", "-n", "1000", "is:stale"])
            .env("QWEN_TUI_CACHE", "off")
            .env("XDG_CONFIG_HOME", &dir)
            .env_remove("QWEN_TUI_DATA")
            .env_remove("QWEN_TUI_CONFIG");
        if let Some(p) = config {
            c.env("QWEN_TUI_CONFIG", p);
        }
        let o = c.output().unwrap();
        String::from_utf8(o.stdout).unwrap().lines().count()
    };
    // XDG_CONFIG_HOME/qwen-tui/config.toml does not exist: the default horizon.
    let default = count(None);
    assert_eq!(default, found("is:stale").len());
    assert!(count(Some(&config)) > default);
    let _ = std::fs::remove_dir_all(&dir);
}
