//! The fast path against the exact one: wherever the fast path gives a tree, the exact path
//! gives the same one; and it gives one for the files knowledge bases are made of.

use super::tree;
use crate::kb::load::parse_exact;
use proptest::prelude::*;

/// The fast path's tree, checked against the exact path's; whether it took the text.
fn agrees(text: &str) -> bool {
    let Some((fast, _)) = tree(text) else {
        return false;
    };
    match parse_exact(text) {
        Ok(exact) => assert_eq!(fast, exact, "the two paths differ on {text:?}"),
        Err(e) => panic!("the fast path took {text:?}, which the exact path refuses: {e}"),
    }
    true
}

fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn the_shipped_and_valid_files_take_the_fast_path_with_the_same_tree() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("assets/qwen.yaml")];
    yaml_files(&root.join("tests/fixtures/valid"), &mut files);
    yaml_files(&root.join("tests/fixtures/charts"), &mut files);
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(agrees(&text), "{} did not take the fast path", f.display());
    }
    let synthetic = crate::kb::synth::knowledge_base(300, 7);
    assert!(agrees(&synthetic));
}

#[test]
fn every_invalid_fixture_gets_the_exact_path_or_the_same_tree() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&root.join("tests/fixtures/invalid"), &mut files);
    assert!(files.len() >= 20, "{files:?}");
    let mut exact = 0;
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        if !agrees(&text) {
            exact += 1;
        }
    }
    // The YAML-level errors (tabs, quotes, repeated keys, anchors) take the exact path.
    assert!(
        exact >= 5,
        "only {exact} invalid fixtures took the exact path"
    );
}

#[test]
fn scalars_resolve_as_the_exact_path_resolves_them() {
    let scalars = [
        "0",
        "-0",
        "+0",
        "7",
        "-7",
        "+7",
        "012",
        "-012",
        "+012",
        "0x1F",
        "-0x1f",
        "0X_1",
        "0o17",
        "0o8",
        "0b101",
        "0b2",
        "1_000",
        "1__0",
        "_1",
        "1_",
        "1_000.5",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "0xFFFFFFFFFFFFFFFFF",
        "1.50",
        "1.",
        ".5",
        "-.5",
        "+1.5",
        "1e5",
        "1E+5",
        "-1e-5",
        "inf",
        "-inf",
        "+infinity",
        "nan",
        "NaN",
        "true",
        "True",
        "TRUE",
        "tRue",
        "false",
        "no",
        "yes",
        "on",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "2026-06",
        "2026-06-01",
        "12:30",
        "1,000",
        "$5",
        "5%",
        "+",
        ".",
        "..",
        "-.",
        "1.2.3",
        "0.1e",
        "e5",
        "钉钉",
        "Qwen2.5-Max",
        "a b",
        "'q'",
        "\"dq\"",
        "\"\\t tab\"",
        "'it''s'",
        "\"\\u0007 bell\"",
        "\"\\u202e rtl\"",
    ];
    for s in scalars {
        let text = format!("a: {s}\nb:\n  - {s}\n  - [{s}, {s}]\n");
        assert!(agrees(&text), "{s:?} took the exact path");
    }
    // Numbers that are not finite are refused by the exact path, with its message.
    for s in ["1e999", "-1e999", ".inf", "-.inf", "+.INF", ".nan", ".NaN"] {
        assert!(tree(&format!("a: {s}\n")).is_none(), "{s:?}");
        assert!(parse_exact(&format!("a: {s}\n")).is_err(), "{s:?}");
    }
}

#[test]
fn block_and_multi_line_scalars_give_the_same_tree() {
    for text in [
        "a: |\n  one\n  two\nb: >\n  folded\n  text\n",
        "a: |-\n  kept\n\n  lines\nb: >+\n  x\n\n",
        "a: plain text\n  that goes on\nb: \"quoted\n  on two lines\"\n",
        "- a\n- - b\n  - c\n- {x: 1, y: [2, 3]}\n",
        "---\na: 1\n...\n",
        "a: # a comment\n  - 1 # another\n",
    ] {
        assert!(agrees(text), "{text:?} took the exact path");
    }
}

#[test]
fn what_only_the_exact_path_reads_is_left_to_it() {
    for text in [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "base: &b {x: 1}\nc:\n  <<: *b\n",
        "a: 1\na: 2\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "? [1, 2]\n: x\n",
        "1: x\n",
        "a: \"open\n",
        "a:\n\t- b\n",
        "a: .inf\n",
    ] {
        assert!(tree(text).is_none(), "the fast path took {text:?}");
    }
}

/// Pieces of YAML that knowledge-base files are made of, and some that they should not be.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-zA-Z]{1,6}( [a-z]{1,5}){0,3}",
        3 => "[0-9]{1,4}",
        3 => "[-+]?[0-9]{0,3}\\.[0-9]{0,3}(e[-+]?[0-9]{1,2})?",
        3 => "[0-9]{4}-[0-9]{2}",
        2 => "0[xob_0-9A-F]{0,4}",
        2 => "\"[a-z :#'\\\\]{0,8}\"",
        2 => "'[a-z :#\"]{0,8}'",
        2 => "[a-z ]{0,8} #[a-z]{0,4}",
        1 => Just("null".to_string()),
        1 => Just("~".to_string()),
        1 => Just("true".to_string()),
        1 => Just("False".to_string()),
        1 => Just("\"caf\\u00e9 \\u0007\"".to_string()),
        1 => Just("钉钉 Qwen".to_string()),
        1 => Just("[a, 1, b]".to_string()),
        1 => Just("{k: v, n: 2}".to_string()),
        1 => Just("".to_string()),
        1 => Just("&n x".to_string()),
        1 => Just("*n".to_string()),
        1 => Just("!t x".to_string()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        12 => "[a-z]{1,4}",
        1 => Just("<<".to_string()),
        1 => Just("\"q k\"".to_string()),
        1 => Just("7".to_string()),
    ];
    let entry = prop::collection::vec((key, scalar()), 1..5);
    prop::collection::vec((prop::bool::ANY, entry), 1..5).prop_map(|sections| {
        let mut out = String::new();
        for (i, (as_list, pairs)) in sections.into_iter().enumerate() {
            out.push_str(&format!("s{i}:\n"));
            for (j, (k, v)) in pairs.iter().enumerate() {
                let lead = if as_list && j == 0 {
                    "  - "
                } else if as_list {
                    "    "
                } else {
                    "  "
                };
                out.push_str(&format!("{lead}{k}: {v}\n"));
            }
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_give_the_same_tree_or_the_exact_path(text in document()) {
        agrees(&text);
    }
}
