//! `--data` with several files or a directory: one knowledge base, problems reported with
//! the file they are in, duplicate ids across files with both locations.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use qwen_tui::kb::{load_paths, load_str};

const MINIMAL: &str = include_str!("fixtures/valid/minimal.yaml");

/// A fresh directory holding `files` (name, text).
fn dir_with(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qwen-tui-multi-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// The minimal example split in two: meta and sources, then the entries.
fn halves() -> (String, String) {
    let at = MINIMAL.find("\noverview:").unwrap() + 1;
    (MINIMAL[..at].to_string(), MINIMAL[at..].to_string())
}

fn err_of(paths: &[PathBuf]) -> String {
    match load_paths(paths) {
        Ok(_) => panic!("{paths:?} should not load"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn files_and_directories_merge_into_one_knowledge_base() {
    let whole = load_str(MINIMAL, "minimal.yaml").unwrap();
    let (head, body) = halves();
    let dir = dir_with(
        "merge",
        &[
            ("a-head.yaml", &head),
            ("b-body.yaml", &body),
            ("notes.txt", "x"),
        ],
    );
    let files = [dir.join("a-head.yaml"), dir.join("b-body.yaml")];
    for kb in [
        load_paths(&files).unwrap(),
        load_paths(std::slice::from_ref(&dir)).unwrap(),
    ] {
        assert_eq!(kb.entries.len(), whole.entries.len());
        // An entry in one file cites a source defined in the other.
        let hq = kb.entry("hq").unwrap();
        assert_eq!(kb.sources[hq.sources[0]].id, "report");
        assert_eq!(kb.meta.title, whole.meta.title);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_duplicate_id_across_files_names_both_places() {
    let (head, body) = halves();
    let dir = dir_with(
        "dup",
        &[("a.yaml", &format!("{head}{body}")), ("b.yaml", &body)],
    );
    let shown = err_of(&[dir.join("a.yaml"), dir.join("b.yaml")]);
    let a = dir.join("a.yaml").display().to_string();
    let b = dir.join("b.yaml").display().to_string();
    let line_in_a = head.lines().count() + 2; // `overview:` then `  - id: hq`
    let line_in_b = 2;
    assert!(
        shown.contains(&format!(
            "{b}:{line_in_b}:9: error: duplicate id `hq` (first used at {a}:{line_in_a}:9)"
        )),
        "{shown}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn meta_belongs_in_one_file_and_every_file_reports_its_own_problems() {
    let (head, body) = halves();
    let broken_body = body.replacen("label: Headquarters", "lable: Headquarters", 1);
    let dir = dir_with(
        "meta",
        &[
            ("a.yaml", &head),
            ("b.yaml", &head),
            ("c.yaml", &broken_body),
        ],
    );
    let paths = [dir.join("a.yaml"), dir.join("b.yaml"), dir.join("c.yaml")];
    let shown = err_of(&paths);
    let a = dir.join("a.yaml").display().to_string();
    let b = dir.join("b.yaml").display().to_string();
    let c = dir.join("c.yaml").display().to_string();
    assert!(
        shown.contains(&format!("{b}:1:1: error: `meta` is already given in {a}")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("{c}:")) && shown.contains("unknown key `lable`"),
        "{shown}"
    );
    // Files in the order given.
    assert!(shown.find(&format!("{b}:")).unwrap() < shown.find(&format!("{c}:")).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_empty_directory_is_a_clear_error() {
    let dir = dir_with("empty", &[("readme.txt", "not yaml")]);
    let shown = err_of(std::slice::from_ref(&dir));
    assert!(
        shown.contains("the directory holds no `.yaml` or `.yml` file"),
        "{shown}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_qwen-tui"))
        .args(args)
        .env_remove("QWEN_TUI_DATA")
        // The user's own config file is never read.
        .env_remove("QWEN_TUI_CONFIG")
        .env(
            "XDG_CONFIG_HOME",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config"),
        )
        .output()
        .unwrap()
}

#[test]
fn the_commands_take_several_files_or_a_directory() {
    let (head, body) = halves();
    let dir = dir_with("cli", &[("a.yaml", &head), ("b.yaml", &body)]);
    let (a, b) = (dir.join("a.yaml"), dir.join("b.yaml"));
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let o = run(&["--data", &s(&a), "--data", &s(&b), "search", "springfield"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("hq"), "{o:?}");
    let o = run(&["check", &s(&dir)]);
    assert!(o.status.success(), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("valid"),
        "{o:?}"
    );
    let o = run(&["check", &s(&a)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "meta and sources alone are a valid knowledge base"
    );
    let o = run(&["check", &s(&b)]);
    assert_eq!(o.status.code(), Some(1), "entries without meta are not");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_parsed_side_by_side_report_their_errors_in_the_files_order() {
    // Several files are parsed at once (a thread per core); what they say must still come
    // in the order the files were given, each message with its own file and place.
    let (head, body) = halves();
    let mut files: Vec<(String, String)> = vec![("a0.yaml".into(), head)];
    for i in 1..8 {
        let broken = format!("{body}\n  - id: broken{i}\n    label: \"unclosed\n");
        files.push((
            format!("a{i}.yaml"),
            broken.replace("id: hq", &format!("id: hq{i}")),
        ));
    }
    let named: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = dir_with("parallel", &named);
    let paths: Vec<PathBuf> = files.iter().map(|(n, _)| dir.join(n)).collect();
    let shown = err_of(&paths);
    let mut last = 0;
    for (n, _) in &files[1..] {
        let at = shown
            .find(&format!("{}:", dir.join(n).display()))
            .unwrap_or_else(|| panic!("no error for {n}:\n{shown}"));
        assert!(at >= last, "{n} out of order:\n{shown}");
        last = at;
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
