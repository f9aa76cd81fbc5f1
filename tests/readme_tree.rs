//! The README's source tree is checked against the real one, so that it cannot drift: an
//! entry for every folder of `src/` and none for a folder that is gone, and in each entry
//! every module of that folder named in backticks, and no name in backticks that is not
//! one of its modules. ARCHITECTURE.md is checked too: every file and folder it names
//! must exist.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

/// Each folder's entry in the README's tree (`src/kb/` → its text, continuation lines
/// included).
fn entries(readme: &str) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        if let Some(rest) = line.strip_prefix("src/") {
            let (path, text) = rest.split_once(' ').unwrap_or((rest, ""));
            let key = format!("src/{path}");
            assert!(
                out.insert(key.clone(), text.to_string()).is_none(),
                "{key} is in the README's tree twice"
            );
            current = Some(key);
        } else if let Some(key) = &current {
            if line.starts_with(' ') {
                let text = out.get_mut(key).unwrap();
                text.push(' ');
                text.push_str(line.trim());
            } else {
                current = None;
            }
        }
    }
    out
}

/// The names a text puts in backticks that could be a module's.
fn named(text: &str) -> Vec<&str> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect()
}

/// The folders under `dir` (itself included), each with its modules: its `.rs` files but
/// `mod.rs` and the `_tests.rs` beside a module.
fn folders(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<String>>) {
    let rel = dir.strip_prefix(root.parent().unwrap()).unwrap();
    let key = format!("{}/", rel.display());
    let mut modules = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            folders(root, &path, out);
        } else if let Some(stem) = path
            .extension()
            .filter(|x| *x == "rs")
            .and(path.file_stem())
            .and_then(|s| s.to_str())
            && stem != "mod"
            && !stem.ends_with("_tests")
        {
            modules.push(stem.to_string());
        }
    }
    modules.sort();
    out.insert(key, modules);
}

#[test]
fn the_readme_lists_every_folder_and_module_of_src_and_nothing_else() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let listed = entries(&readme);
    let mut real = BTreeMap::new();
    folders(&root.join("src"), &root.join("src"), &mut real);
    let mut wrong = Vec::new();
    for folder in listed.keys() {
        if !real.contains_key(folder) {
            wrong.push(format!("{folder} is in the README but not in the tree"));
        }
    }
    for (folder, modules) in &real {
        let Some(text) = listed.get(folder) else {
            wrong.push(format!("{folder} is not in the README's tree"));
            continue;
        };
        let names = named(text);
        for m in modules {
            if !names.contains(&m.as_str()) {
                wrong.push(format!("{folder}{m}.rs is not named in the README (`{m}`)"));
            }
        }
        for n in names {
            let is_folder = real.contains_key(&format!("{folder}{n}/"));
            if !modules.iter().any(|m| m == n) && !is_folder {
                wrong.push(format!(
                    "the README names `{n}` in {folder}, which has no such module"
                ));
            }
        }
    }
    assert!(real.len() > 10, "{real:?}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_entry_runs_on_over_its_indented_lines() {
    let text = "intro\nsrc/a/   `x` and\n         `y`\nother\nsrc/b/ `z`\n";
    let e = entries(text);
    assert_eq!(named(&e["src/a/"]), ["x", "y"]);
    assert_eq!(named(&e["src/b/"]), ["z"]);
}

/// The paths a text puts in backticks: a file (`kb/load.rs`, `tests/keys.rs`) or a folder
/// (`page/`), not a pattern (`cache*.rs`) or an item (`explorer/ui::draw(&App)`).
fn paths(text: &str) -> Vec<&str> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| {
            (w.ends_with(".rs") || w.ends_with('/') || w.ends_with(".yaml"))
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_./".contains(c))
        })
        .collect()
}

/// Every file and folder under `dir`, by its path from the crate's root (`src/kb/load.rs`,
/// `src/kb/`).
fn tree(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            out.push(format!("{rel}/"));
            tree(root, &path, out);
        } else {
            out.push(rel);
        }
    }
}

/// ARCHITECTURE.md names files and folders as a contributor reads them: from the crate
/// (`tests/keys.rs`), from `src/` (`kb/load.rs`), or from the folder the sentence is about
/// (`read.rs` in the loading step). Each must be somewhere in the tree.
#[test]
fn architecture_md_names_only_files_and_folders_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let mut all = Vec::new();
    for dir in ["src", "tests"] {
        all.push(format!("{dir}/"));
        tree(root, &root.join(dir), &mut all);
    }
    let named = paths(&text);
    assert!(named.len() > 40, "{named:?}");
    let missing: Vec<&str> = named
        .into_iter()
        .filter(|p| {
            !all.iter().any(|real| {
                real == p
                    || real.strip_prefix("src/") == Some(p)
                    || real.ends_with(&format!("/{p}"))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names what the tree does not have: {missing:?}"
    );
}

#[test]
fn paths_in_backticks_are_told_from_patterns_and_items() {
    let text = "`kb/load.rs`, `page/`, `cache*.rs`, `explorer/ui::draw(&App)`, `Tab`";
    assert_eq!(paths(text), ["kb/load.rs", "page/"]);
}
