//! The source tree is grouped by layer, each folder of `src/` one layer, and a layer uses
//! only those below it (ARCHITECTURE.md): this reads every source file and fails on a
//! `crate::` path that reaches up.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: [&str; 7] = [
    "text", "kb", "search", "derive", "output", "explorer", "cli",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module of each `crate::` path in the code of `text` (comments left out).
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            // `qwen_tui::` is the crate too, but only the binary and the tests use it.
            if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let module: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((n + 1, module));
        }
    }
    out
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == module)
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let Some(own) = layer_of(&top) else {
            // lib.rs and main.rs stand above every layer.
            assert!(
                ["lib.rs", "main.rs"].contains(&top.as_ref()),
                "{} is outside every layer: put it in one of {LAYERS:?}",
                rel.display()
            );
            continue;
        };
        checked += 1;
        let text = std::fs::read_to_string(file).unwrap();
        for (line, module) in crate_paths(&text) {
            match layer_of(&module) {
                Some(used) if used > own => wrong.push(format!(
                    "src/{}:{line}: the {top} layer uses crate::{module}, a layer above it",
                    rel.display()
                )),
                Some(_) => {}
                None => wrong.push(format!(
                    "src/{}:{line}: crate::{module} is not a layer",
                    rel.display()
                )),
            }
        }
    }
    assert!(checked > 100, "only {checked} files read");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_path_reaching_up_is_found() {
    let found = crate_paths("use crate::explorer::app::App; // crate::cli in a comment\n");
    assert_eq!(found, [(1, "explorer".to_string())]);
    assert!(crate_paths("qwen_tui::kb::load_str(x)").is_empty());
}

/// Inside the explorer, the state (`app/`, `action`, `keymap`) does not use the drawing
/// (`ui/`, `term`, `screen`): the screen's areas are worked out in `app::layout`, which both read.
/// What is left are the scroll extents of three views, which are counted from the very
/// lines the drawing makes (see ARCHITECTURE.md): this list may only shrink.
#[test]
fn the_explorers_state_uses_the_drawing_only_for_the_known_scroll_extents() {
    let known = [
        "app/update.rs: crate::explorer::ui::help::max_scroll",
        "app/update.rs: crate::explorer::ui::detail::max_scroll",
        "app/views.rs: crate::explorer::ui::compare_view::max_scroll",
    ];
    let explorer = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/explorer");
    let mut files = Vec::new();
    sources(&explorer, &mut files);
    let mut found = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(&explorer)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let state = rel.starts_with("app/") || rel == "action.rs" || rel == "keymap.rs";
        if !state {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            for drawing in [
                "crate::explorer::ui",
                "crate::explorer::term",
                "super::super::ui",
            ] {
                for (at, _) in code.match_indices(drawing) {
                    let path: String = code[at..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                        .collect();
                    found.push(format!("{rel}: {path}"));
                }
            }
        }
    }
    found.sort();
    let mut expected: Vec<String> = known.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(
        found, expected,
        "the explorer's state should not use its drawing; when one of the known uses is gone, take it off the list"
    );
}
