//! `qwen-tui brief`, plain and Markdown, over the shipped knowledge base and crafted ones.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::{Block, fixture, ok, render, render_gfm, run};
use qwen_tui::kb::{KnowledgeBase, Value};
use unicode_width::UnicodeWidthStr;

const SECTIONS: [&str; 6] = [
    "Quick facts",
    "Latest events",
    "Key figures",
    "Top risks",
    "Disputed facts",
    "Sources",
];

/// The plain brief's lines joined with their wrapped continuations (indented lines that do
/// not start a `- ` item), whitespace collapsed.
fn logical_lines(out: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in out.lines() {
        let continued = line.starts_with(' ') && !line.trim_start().starts_with("- ");
        match lines.last_mut() {
            Some(last) if continued => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => lines.push(line.to_string()),
        }
    }
    lines
}

/// `text [a, b]` → the ids `a`, `b`; None when the line does not end with source ids.
fn cited(line: &str) -> Option<Vec<String>> {
    let inner = line.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    Some(inner[open + 1..].split(", ").map(String::from).collect())
}

/// Every fact line (a `- ` item) cites sources, each of which the legend spells out, and
/// the legend lists only sources that were cited.
fn assert_every_fact_is_sourced(kb: &KnowledgeBase, facts: &[&str], legend: &[&str]) {
    assert!(!facts.is_empty());
    let legend_ids: BTreeSet<String> = legend
        .iter()
        .map(|l| {
            let id = &l[1..l.find(']').unwrap()];
            assert!(kb.sources.iter().any(|s| s.id == id), "{l}");
            id.to_string()
        })
        .collect();
    assert_eq!(legend_ids.len(), legend.len(), "{legend:?}");
    let mut used = BTreeSet::new();
    for fact in facts {
        let ids = cited(fact).unwrap_or_else(|| panic!("no source ids: {fact}"));
        for id in ids {
            assert!(legend_ids.contains(&id), "`{id}` not in the legend: {fact}");
            used.insert(id);
        }
    }
    assert_eq!(
        used, legend_ids,
        "the legend lists exactly the cited sources"
    );
}

fn plain_parts(out: &str) -> (Vec<String>, Vec<String>) {
    let lines = logical_lines(out);
    let legend_at = lines.iter().position(|l| l == "SOURCES").unwrap();
    let facts = lines[..legend_at]
        .iter()
        .filter(|l| l.trim_start().starts_with("- "))
        .cloned()
        .collect();
    let legend = lines[legend_at + 1..].to_vec();
    (facts, legend)
}

#[test]
fn the_shipped_brief_has_every_section_fits_80_columns_and_cites_every_fact() {
    let kb = qwen_tui::kb::load_embedded().unwrap();
    let out = ok(&["brief"]);
    assert!(
        out.starts_with(&format!("{} — briefing\n", kb.meta.title)),
        "{out}"
    );
    let head = format!(
        "As of Jun 2026 · 203 entries from 5 sources · {} disputed",
        kb.disputed_count()
    );
    assert!(out.contains(&head), "{head}\n{out}");
    assert!(
        kb.disputed_count() >= 15,
        "the shipped disagreements are counted"
    );
    let mut at = 0;
    for s in SECTIONS {
        let heading = out.lines().position(|l| l.starts_with(&s.to_uppercase()));
        let heading = heading.unwrap_or_else(|| panic!("{s} missing:\n{out}"));
        assert!(heading > at, "{s} out of order");
        at = heading;
    }
    for line in out.lines() {
        assert!(line.width() <= 80, "wider than 80 columns: {line}");
        assert_eq!(line, line.trim_end(), "trailing space: {line:?}");
    }
    let (facts, legend) = plain_parts(&out);
    let facts: Vec<&str> = facts.iter().map(String::as_str).collect();
    let legend: Vec<&str> = legend.iter().map(String::as_str).collect();
    assert_every_fact_is_sourced(&kb, &facts, &legend);
    // A source is spelled out: title, publisher, date.
    assert!(
        legend.contains(
            &"[engine-room] Alibaba Reaffirms Open-Source AI Strategy as Qwen Downloads Pass \
              700 Million — The Engine Room (Ryan Matsuda), 22 Mar 2026, updated 7 Apr 2026"
        ),
        "{legend:#?}"
    );
    // About one page apart from the disputes, which are all listed.
    assert!(out.contains("QUICK FACTS (8 of 52)"), "{out}");
    assert!(
        out.contains("LATEST EVENTS (6 of 46, newest first)"),
        "{out}"
    );
    assert!(
        out.contains("- Company: Alibaba Group Holding Limited [provider-guide, info-matters]")
    );
}

/// (heading, claims) of each disputed value, from the plain brief.
fn plain_disputes(out: &str) -> Vec<(String, Vec<String>)> {
    let lines = logical_lines(out);
    let start = lines
        .iter()
        .position(|l| l.starts_with("DISPUTED FACTS"))
        .unwrap();
    let end = lines.iter().position(|l| l == "SOURCES").unwrap();
    let mut disputes: Vec<(String, Vec<String>)> = Vec::new();
    for line in &lines[start + 1..end] {
        if let Some(claim) = line.strip_prefix("  - ") {
            disputes.last_mut().unwrap().1.push(claim.to_string());
        } else if !line.is_empty() {
            disputes.push((line.clone(), Vec::new()));
        }
    }
    disputes
}

/// (heading, claims) of each disputed value, from the rendered Markdown brief.
fn markdown_disputes(blocks: &[Block]) -> Vec<(String, Vec<String>)> {
    let start = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(2, t) if t.starts_with("Disputed facts")))
        .unwrap();
    let mut disputes: Vec<(String, Vec<String>)> = Vec::new();
    for b in &blocks[start + 1..] {
        match b {
            Block::Heading(..) => break,
            Block::Paragraph(t) => disputes.push((t.clone(), Vec::new())),
            Block::Item(1, t) => disputes.last_mut().unwrap().1.push(t.clone()),
            other => panic!("unexpected {other:?}"),
        }
    }
    disputes
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every disputed value of `kb` is there, under its entry's id, with each claim: its
/// value, its date, its sources.
fn assert_every_dispute_is_listed(kb: &KnowledgeBase, disputes: &[(String, Vec<String>)]) {
    let mut expected = 0;
    for e in kb.entries.iter().filter(|e| e.disputed) {
        for f in e.fields.iter().filter(|f| f.value.is_disputed()) {
            let Value::Claims(claims) = &f.value else {
                unreachable!()
            };
            expected += 1;
            let (_, listed) = disputes
                .iter()
                .find(|(h, listed)| {
                    h.ends_with(&format!("({}):", e.id))
                        && h.contains(&e.title)
                        && listed.len() == claims.len()
                        && listed[0].starts_with(&squeeze(&claims[0].value))
                })
                .unwrap_or_else(|| panic!("{} {} missing: {disputes:#?}", e.id, f.label));
            for (c, line) in claims.iter().zip(listed) {
                assert!(line.starts_with(&squeeze(&c.value)), "{line}");
                if let Some(d) = c.date {
                    assert!(line.contains(&format!("({d})")), "{line}");
                }
                let ids: Vec<&str> = c
                    .sources
                    .iter()
                    .map(|&s| kb.sources[s].id.as_str())
                    .collect();
                assert_eq!(cited(line).unwrap(), ids, "{line}");
            }
        }
    }
    assert_eq!(
        disputes.len(),
        expected,
        "no other value is listed as disputed"
    );
}

#[test]
fn every_disputed_value_of_the_shipped_kb_is_listed_with_all_its_claims() {
    let kb = qwen_tui::kb::load_embedded().unwrap();
    let out = ok(&["brief"]);
    let disputes = plain_disputes(&out);
    assert!(disputes.len() >= kb.disputed_count(), "{disputes:#?}");
    assert_every_dispute_is_listed(&kb, &disputes);

    let md = render(&ok(&["brief", "--format", "markdown"]));
    assert_every_dispute_is_listed(&kb, &markdown_disputes(&md.blocks));
}

#[test]
fn the_markdown_brief_renders_as_headings_lists_and_cited_facts() {
    let kb = qwen_tui::kb::load_embedded().unwrap();
    let text = ok(&["brief", "--format", "markdown"]);
    let md = render(&text);
    assert_eq!(md.headings(1), [format!("{} — briefing", kb.meta.title)]);
    let h2 = md.headings(2);
    assert_eq!(h2.len(), SECTIONS.len(), "{h2:?}");
    for (h, s) in h2.iter().zip(SECTIONS) {
        assert!(h.starts_with(s), "{h} is not {s}");
    }
    assert!(md.html.is_empty(), "{:?}", md.html);
    assert!(md.other_inline.is_empty(), "{:?}", md.other_inline);
    assert!(md.ordered_lists.iter().all(|o| !o));
    // The items before the legend are facts; the legend's items start with the id.
    let items = md.items(1);
    let legend_at = items
        .iter()
        .position(|i| i.starts_with("[dayahimour]"))
        .unwrap();
    let (facts, legend) = items.split_at(legend_at);
    assert_every_fact_is_sourced(&kb, facts, legend);
    assert!(
        facts.contains(&"Company: Alibaba Group Holding Limited [provider-guide, info-matters]")
    );
    // Labels are bold.
    assert!(
        md.strong.contains(&"Company:".to_string()),
        "{:?}",
        md.strong
    );
    // The same brief, read by a GitHub-flavoured renderer, is the same text.
    assert_eq!(render_gfm(&text).text(), md.text());
}

#[test]
fn knowledge_base_text_with_markdown_punctuation_renders_as_written() {
    let data = fixture("valid/punctuation.yaml");
    let kb = qwen_tui::kb::load_path(std::path::Path::new(&data)).unwrap();
    let text = ok(&["--data", &data, "brief", "--format", "markdown"]);
    for md in [render(&text), render_gfm(&text)] {
        assert_eq!(md.headings(1), ["Acme *Widgets* & [Co] — briefing"]);
        assert!(md.html.is_empty(), "{:?}\n{text}", md.html);
        assert!(md.other_inline.is_empty(), "{:?}\n{text}", md.other_inline);
        let items = md.items(1);
        for e in kb
            .entries
            .iter()
            .filter(|e| e.tab == qwen_tui::kb::Tab::Overview)
        {
            let ids: Vec<&str> = e
                .sources
                .iter()
                .map(|&s| kb.sources[s].id.as_str())
                .collect();
            let want = format!("{}: {} [{}]", e.title, e.key_value, ids.join(", "));
            assert!(items.contains(&want.as_str()), "{want} not in {items:#?}");
        }
        assert!(items.contains(&"2020: Founded \\ with a backslash [report_1]"));
        assert!(items.contains(&"2 Apr 2026: + plus and = equals [blog]"));
        assert!(items.contains(&"Revenue_total, FY2025: 1,000 USD <million>, +3% YoY [report_1]"));
        // The only link is the source's, to its address.
        assert_eq!(
            md.links,
            [(
                "https://example.com/report%20(2026)?a=1&b=2".to_string(),
                "Report #1 | [final]".to_string()
            )]
        );
        assert!(
            items.contains(&"[blog] *Blog* post — ~~Nobody~~, undated"),
            "{items:#?}"
        );
        // Bold is used for labels only.
        assert!(
            md.strong.iter().all(|s| s.ends_with(':')),
            "{:?}",
            md.strong
        );
        let paragraphs = md.text();
        assert!(
            paragraphs.contains("# not a heading > not a quote"),
            "{paragraphs}"
        );
        assert!(paragraphs.contains("Acme_Corp <b>bold</b> `code` · as of May 2026"));
    }
}

#[test]
fn an_empty_section_and_a_kb_without_disputes_say_none() {
    let data = fixture("valid/punctuation.yaml");
    let out = ok(&["--data", &data, "brief"]);
    assert!(out.contains("\nTOP RISKS (0)\nNone.\n"), "{out}");
    assert!(
        out.contains("\nDISPUTED FACTS (0)\nNone: the sources agree on every fact.\n"),
        "{out}"
    );
    // Agreeing claims are not a dispute.
    assert!(out.contains("- Head count: 10 [report_1, blog]"), "{out}");
    let (facts, legend) = plain_parts(&out);
    let kb = qwen_tui::kb::load_path(std::path::Path::new(&data)).unwrap();
    let facts: Vec<&str> = facts.iter().map(String::as_str).collect();
    let legend: Vec<&str> = legend.iter().map(String::as_str).collect();
    assert_every_fact_is_sourced(&kb, &facts, &legend);
    assert!(
        out.contains("  https://example.com/report (2026)?a=1&b=2\n"),
        "{out}"
    );

    let md = render(&ok(&["--data", &data, "brief", "--format", "markdown"]));
    let blocks = &md.blocks;
    let after = |h: &str| {
        let i = blocks
            .iter()
            .position(|b| matches!(b, Block::Heading(2, t) if t.starts_with(h)))
            .unwrap();
        blocks[i + 1].clone()
    };
    assert_eq!(after("Top risks"), Block::Paragraph("None.".into()));
    assert_eq!(
        after("Disputed facts"),
        Block::Paragraph("None: the sources agree on every fact.".into())
    );
}

/// A knowledge base with more events and risks than the brief shows, out of order.
fn ordering_kb() -> std::path::PathBuf {
    let mut yaml = String::from(
        "meta: {title: Ordering, subject: Order, as_of: 2026}\n\
         sources: [{id: s, title: S, publisher: P}, {id: t, title: T, publisher: P}]\n\
         overview:\n",
    );
    for i in 1..=10 {
        // Only the last fact, which the brief leaves out, cites `t`.
        let source = if i == 10 { "t" } else { "s" };
        yaml.push_str(&format!(
            "  - {{id: fact-{i}, label: Fact {i}, value: v{i}, sources: [{source}]}}\n"
        ));
    }
    yaml.push_str("timeline:\n");
    for (id, date) in [
        ("e2019", "2019"),
        ("e2024-06", "2024-06"),
        ("e2026-q1", "2026-Q1"),
        ("e2021", "2021"),
        ("e2025-03-04", "2025-03-04"),
        ("e2026-02-01", "2026-02-01"),
        ("e2023", "2023"),
        ("e2022", "2022"),
    ] {
        yaml.push_str(&format!(
            "  - {{id: {id}, date: {date}, title: {id}, sources: [s]}}\n"
        ));
    }
    yaml.push_str("risks:\n");
    for (id, severity) in [
        ("r-low", "low"),
        ("r-critical", "critical"),
        ("r-medium", "medium"),
        ("r-high", "high"),
        ("r-critical-2", "critical"),
        ("r-low-2", "low"),
    ] {
        yaml.push_str(&format!(
            "  - {{id: {id}, title: {id}, category: c, severity: {severity}, sources: [s]}}\n"
        ));
    }
    let dir = std::env::temp_dir().join(format!("qwen-tui-brief-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("ordering.yaml");
    std::fs::write(&path, yaml).unwrap();
    path
}

fn section_items(out: &str, heading: &str) -> Vec<String> {
    out.split("\n\n")
        .find(|block| block.starts_with(heading))
        .unwrap_or_else(|| panic!("{heading} missing:\n{out}"))
        .lines()
        .skip(1)
        .map(String::from)
        .collect()
}

#[test]
fn facts_keep_file_order_events_are_newest_first_and_risks_most_severe_first() {
    let path = ordering_kb();
    let data = path.to_str().unwrap();
    let out = ok(&["--data", data, "brief"]);
    let facts = section_items(&out, "QUICK FACTS (8 of 10)");
    let want: Vec<String> = (1..=8).map(|i| format!("- Fact {i}: v{i} [s]")).collect();
    assert_eq!(facts, want);
    assert_eq!(
        section_items(&out, "LATEST EVENTS (6 of 8, newest first)"),
        [
            "- 1 Feb 2026: e2026-02-01 [s]",
            "- Q1 2026: e2026-q1 [s]",
            "- 4 Mar 2025: e2025-03-04 [s]",
            "- Jun 2024: e2024-06 [s]",
            "- 2023: e2023 [s]",
            "- 2022: e2022 [s]",
        ]
    );
    assert_eq!(
        section_items(&out, "TOP RISKS (5 of 6, most severe first)"),
        [
            "- Critical: r-critical (c) [s]",
            "- Critical: r-critical-2 (c) [s]",
            "- High: r-high (c) [s]",
            "- Medium: r-medium (c) [s]",
            "- Low: r-low (c) [s]",
        ]
    );
    // The legend lists the sources cited, not every source.
    assert!(out.ends_with("SOURCES\n[s] S — P, undated\n"), "{out}");
    // --all lifts the limits.
    let all = ok(&["--data", data, "brief", "--all"]);
    assert!(
        all.ends_with("SOURCES\n[s] S — P, undated\n[t] T — P, undated\n"),
        "{all}"
    );
    assert_eq!(section_items(&all, "QUICK FACTS (10)").len(), 10);
    assert_eq!(
        section_items(&all, "LATEST EVENTS (8, newest first)").len(),
        8
    );
    assert_eq!(
        section_items(&all, "TOP RISKS (6, most severe first)").len(),
        6
    );
    let md = render(&ok(&[
        "--data", data, "brief", "--all", "--format", "markdown",
    ]));
    assert!(md.headings(2).contains(&"Latest events (8, newest first)"));
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn brief_takes_plain_or_markdown_only() {
    let o = run(&["brief", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("plain") && err.contains("markdown"), "{err}");
    // `md` is short for markdown.
    assert_eq!(
        ok(&["brief", "--format", "md"]),
        ok(&["brief", "--format", "markdown"])
    );
}
