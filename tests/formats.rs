//! `show` and `search` with `--format plain|json|markdown`, and `--json` as its shorthand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Block, fixture, ok, render, run};

fn minimal() -> String {
    fixture("valid/minimal.yaml")
}

#[test]
fn plain_is_the_default_and_json_is_exactly_what_json_printed() {
    let data = minimal();
    for args in [
        vec!["show", "staff"],
        vec!["show", "widget-3"],
        vec!["search", "widget"],
        vec!["search", "-n", "3", "e"],
    ] {
        let with = |extra: &[&str]| {
            let mut all = vec!["--data", data.as_str()];
            all.extend(&args);
            all.extend(extra);
            ok(&all)
        };
        assert_eq!(with(&["--format", "plain"]), with(&[]), "{args:?}");
        let json = with(&["--json"]);
        assert_eq!(with(&["--format", "json"]), json, "{args:?}");
        assert_eq!(with(&["--json", "--format", "json"]), json, "{args:?}");
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    }
    // The shipped knowledge base too, with its disputes.
    assert_eq!(
        ok(&["show", "--format", "json", "model.qwen3.5"]),
        ok(&["show", "--json", "model.qwen3.5"])
    );
}

#[test]
fn json_together_with_another_format_is_a_usage_error() {
    for args in [
        vec!["show", "--json", "--format", "markdown", "staff"],
        vec!["search", "--format", "plain", "--json", "widget"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("`--json` is short for `--format json`")
                && err.contains(&format!("Usage: qwen-tui {}", args[0])),
            "{err}"
        );
    }
    let o = run(&["show", "--format", "yaml", "staff"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("plain") && err.contains("json") && err.contains("markdown"),
        "{err}"
    );
}

#[test]
fn show_in_markdown_has_a_heading_fields_claims_notes_and_linked_sources() {
    let data = fixture("valid/punctuation.yaml");
    let text = ok(&["--data", &data, "show", "--format", "markdown", "emphasis"]);
    let md = render(&text);
    assert_eq!(md.headings(1), ["Emphasis"]);
    assert!(md.html.is_empty() && md.other_inline.is_empty(), "{text}");
    assert!(
        md.items(1)
            .contains(&"Value: a_b_c **bold** `tick` ~~struck~~ | a | b |"),
        "{text}"
    );
    assert_eq!(md.headings(2), ["Sources"]);
    let sources: Vec<&str> = md.items(1).into_iter().rev().take(2).rev().collect();
    assert_eq!(
        sources,
        [
            "[report_1] Report #1 | [final] — Acme & Sons, 15 Jan 2026",
            "[blog] *Blog* post — ~~Nobody~~, undated",
        ]
    );
    assert_eq!(
        md.links,
        [(
            "https://example.com/report%20(2026)?a=1&b=2".to_string(),
            "Report #1 | [final]".to_string()
        )]
    );

    // A disputed entry: each claim a nested item with its date and sources.
    let text = ok(&[
        "--data",
        &minimal(),
        "show",
        "--format",
        "markdown",
        "staff",
    ]);
    let md = render(&text);
    assert_eq!(md.headings(1), ["Employees"]);
    assert!(
        md.blocks.contains(&Block::Paragraph(
            "overview · staff · disputed: the sources differ".into()
        )),
        "{text}"
    );
    assert!(md.items(1).contains(&"Value — sources differ:"), "{text}");
    assert_eq!(md.items(2), ["~1,200 (Mar 2026; report)", "1,500+ (press)"]);

    // Aliases, claims with notes, and an entry's notes.
    let md = render(&ok(&["show", "--format", "markdown", "ov.market-cap"]));
    let text = md.text();
    assert!(
        text.contains("Also known as: market cap, market value"),
        "{text}"
    );
    let claims = md.items(2);
    assert!(
        claims
            .iter()
            .any(|c| c.starts_with("~$260 billion (Jun 2026; provider-guide) — after")),
        "{claims:?}"
    );
    // A single claim is written inline, several as a nested list.
    let md = render(&ok(&["show", "--format", "markdown", "model.qwen3.5"]));
    let items = md.items(1);
    assert!(
        items.contains(&"Parameters (active): 17 billion (cxo-academy)"),
        "{items:?}"
    );
    assert!(
        items.contains(&"Parameters (total) — sources differ:"),
        "{items:?}"
    );
    assert!(md.items(2).contains(&"403 billion (engine-room)"));
    let notes = render(&ok(&["show", "--format", "markdown", "ov.company"]));
    assert!(
        notes.blocks.iter().any(|b| matches!(b, Block::Paragraph(t) if t.starts_with("Notes: Qwen is not a separate subsidiary"))),
        "{:?}",
        notes.blocks
    );
}

#[test]
fn search_in_markdown_is_a_ranked_list_of_the_same_hits() {
    let data = minimal();
    let plain = ok(&["--data", &data, "search", "-n", "5", "e"]);
    let text = ok(&[
        "--data", &data, "search", "-n", "5", "--format", "markdown", "e",
    ]);
    let md = render(&text);
    assert_eq!(md.ordered_lists, [true], "{text}");
    let items = md.items(1);
    assert_eq!(items.len(), plain.lines().count(), "{text}");
    for (item, line) in items.iter().zip(plain.lines()) {
        let mut words = line.split_whitespace();
        let (tab, id) = (words.next().unwrap(), words.next().unwrap());
        assert!(item.contains(&format!("({tab}, {id})")), "{item} vs {line}");
        assert!(item.ends_with(']'), "{item}");
    }
    let staff = ok(&[
        "--data",
        &data,
        "search",
        "--format",
        "markdown",
        "employees",
    ]);
    let md = render(&staff);
    assert_eq!(
        md.items(1)[0],
        "Employees — ~1,200 | 1,500+ · disputed (overview, staff) [report, press]"
    );
    assert_eq!(md.strong, ["Employees"]);

    // No hits: nothing printed, exit 1 as for plain.
    let o = run(&["--data", &data, "search", "--format", "markdown", "zzzzqqq"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}
