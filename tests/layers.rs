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

/// Every source file under `folder` (of the crate), by its path from there (`/` between
/// folders) with its text.
fn sources_under(folder: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files = Vec::new();
    sources(&dir, &mut files);
    files
        .iter()
        .map(|f| {
            let rel = f
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(f).unwrap())
        })
        .collect()
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
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (rel, text) in sources_under("src") {
        let top = rel.split('/').next().unwrap_or("");
        let Some(own) = layer_of(top) else {
            // lib.rs and main.rs stand above every layer.
            assert!(
                ["lib.rs", "main.rs"].contains(&top),
                "{rel} is outside every layer: put it in one of {LAYERS:?}"
            );
            continue;
        };
        checked += 1;
        for (line, module) in crate_paths(&text) {
            match layer_of(&module) {
                Some(used) if used > own => wrong.push(format!(
                    "src/{}:{line}: the {top} layer uses crate::{module}, a layer above it",
                    rel
                )),
                Some(_) => {}
                None => wrong.push(format!(
                    "src/{}:{line}: crate::{module} is not a layer",
                    rel
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

/// The explorer's part (its first folder or file) that the path at `at` in `code` names,
/// for a file at `module` inside `src/explorer` (`["app", "update"]`): `crate::explorer::ui::…`
/// and `super::super::ui::…` both name `ui`. `None` for a path outside the explorer.
fn explorer_part(module: &[&str], code: &str) -> Option<String> {
    let path: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .next()?
        .split("::")
        .collect();
    let rest: Vec<&str> = match path.as_slice() {
        ["crate", "explorer", rest @ ..] => rest.to_vec(),
        ["super", ..] => {
            let ups = path.iter().take_while(|p| **p == "super").count();
            let mut at = module.to_vec();
            for _ in 0..ups {
                at.pop()?;
            }
            at.extend(&path[ups..]);
            at
        }
        _ => return None,
    };
    rest.first().map(|s| s.to_string())
}

/// Inside the explorer, the state (`app/`, `action`, `keymap`) never uses the drawing
/// (`ui/`) or the terminal (`term`, `screen`). What both need is where both reach it: the
/// screen's areas in `app::layout`, the styles in `theme`, and the lines of the views that
/// scroll in `page/`, which use neither the state nor the drawing (ARCHITECTURE.md).
#[test]
fn the_explorers_state_does_not_use_its_drawing() {
    let mut wrong = Vec::new();
    for (rel, text) in sources_under("src/explorer") {
        let mut module: Vec<&str> = rel.trim_end_matches(".rs").split('/').collect();
        if module.last() == Some(&"mod") {
            module.pop();
        }
        let (what, forbidden): (&str, &[&str]) = match module.first().copied() {
            Some("app" | "action" | "keymap") => ("the state", &["ui", "term", "screen"]),
            Some("theme" | "page") => ("a part both read", &["app", "ui", "term", "screen"]),
            _ => continue,
        };
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for start in ["crate::explorer::", "super::"] {
                for (at, _) in code.match_indices(start) {
                    // `super::super::` is one path, not two.
                    if code[..at].ends_with("::") {
                        continue;
                    }
                    if let Some(part) = explorer_part(&module, &code[at..])
                        && forbidden.contains(&part.as_str())
                    {
                        wrong.push(format!(
                            "src/explorer/{rel}:{}: {what} uses explorer::{part}",
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_path_into_the_drawing_is_found_written_either_way() {
    let update = ["app", "update"];
    assert_eq!(
        explorer_part(&update, "crate::explorer::ui::help::max_scroll(self)"),
        Some("ui".to_string())
    );
    assert_eq!(
        explorer_part(&update, "super::super::ui::detail"),
        Some("ui".to_string())
    );
    assert_eq!(
        explorer_part(&update, "super::layout::inset"),
        Some("app".to_string())
    );
    assert_eq!(
        explorer_part(&["page"], "super::theme::Theme"),
        Some("theme".to_string())
    );
    assert_eq!(explorer_part(&update, "crate::kb::Tab"), None);
}
