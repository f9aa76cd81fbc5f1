//! The cache of loaded knowledge bases: a large file is parsed once and read back after;
//! any change to the file, a damaged or edited cache file, or one that cannot be written
//! falls back to parsing; small files and files with errors are never cached.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::session::Session;
use qwen_tui::kb::cache::{CACHE_FROM, load_paths};
use qwen_tui::kb::load_path;

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qwen-tui-cache-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A synthetic knowledge base just over the size that is cached.
fn large_file(dir: &Path) -> PathBuf {
    let path = dir.join("big.yaml");
    let text = qwen_tui::kb::synth::knowledge_base(4_500, 3);
    assert!(text.len() > CACHE_FROM, "{} bytes", text.len());
    std::fs::write(&path, text).unwrap();
    path
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(list) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    list.flatten().map(|e| e.path()).collect()
}

#[test]
fn a_large_file_is_read_back_from_the_cache_until_it_changes() {
    let work = scratch("roundtrip");
    let cache = work.join("cache");
    let file = large_file(&work);
    let fresh = load_path(&file).unwrap();
    // A cache file of an earlier version (JSON), never read again: removed.
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(cache.join("0123456789abcdef.json"), "qwen-tui-cache 0\n{}").unwrap();

    let first = load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap();
    assert_eq!(first, fresh);
    let stored = cache_files(&cache);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(
        stored[0].extension().is_some_and(|e| e == "bin"),
        "{stored:?}"
    );

    // The next load reads the cache file (and leaves it as it is).
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let set_time = |t| {
        std::fs::File::options()
            .write(true)
            .open(&stored[0])
            .unwrap()
            .set_modified(t)
            .unwrap()
    };
    set_time(past);
    let second = load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap();
    assert_eq!(second, fresh);
    let modified = || std::fs::metadata(&stored[0]).unwrap().modified().unwrap();
    assert_eq!(modified(), past, "the cache file was written again");

    // A title changed in it fails its digest: parsed again, and the cache file rewritten.
    let title = fresh.entries[0].title.clone();
    let bytes = std::fs::read(&stored[0]).unwrap();
    let renamed: String = title.chars().rev().collect();
    assert_ne!(renamed, title);
    let edited =
        qwen_tui::kb::cache::replaced_in_payload(&bytes, title.as_bytes(), renamed.as_bytes())
            .unwrap();
    std::fs::write(&stored[0], edited).unwrap();
    set_time(past);
    let again = load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap();
    assert_eq!(again.entries[0].title, title);
    assert_ne!(modified(), past, "the damaged cache file was not replaced");
    assert_eq!(std::fs::read(&stored[0]).unwrap(), bytes);

    // One byte more in the file: parsed again, and cached again.
    let mut yaml = std::fs::read_to_string(&file).unwrap();
    yaml.push_str("# edited\n");
    std::fs::write(&file, yaml).unwrap();
    let third = load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap();
    assert_eq!(third.entries[0].title, title);
    assert_eq!(cache_files(&cache).len(), 2);
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn a_damaged_or_unwritable_cache_only_costs_time() {
    let work = scratch("damaged");
    let cache = work.join("cache");
    let file = large_file(&work);
    let fresh = load_path(&file).unwrap();
    load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap();
    for f in cache_files(&cache) {
        std::fs::write(f, b"{\"format\": 1, \"trunc").unwrap();
    }
    assert_eq!(
        load_paths(std::slice::from_ref(&file), Some(&cache)).unwrap(),
        fresh
    );

    // A cache "folder" that is a file: nothing can be written, the load still works.
    let blocked = work.join("not-a-folder");
    std::fs::write(&blocked, b"").unwrap();
    assert_eq!(
        load_paths(std::slice::from_ref(&file), Some(&blocked)).unwrap(),
        fresh
    );
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn small_files_and_files_with_errors_are_never_cached() {
    let work = scratch("never");
    let cache = work.join("cache");
    let small = PathBuf::from("tests/fixtures/valid/minimal.yaml");
    load_paths(&[small], Some(&cache)).unwrap();
    assert!(cache_files(&cache).is_empty());

    let broken = work.join("broken.yaml");
    let mut yaml = qwen_tui::kb::synth::knowledge_base(4_500, 3);
    yaml.push_str("  - id: x\n    titel: misspelt\n");
    std::fs::write(&broken, yaml).unwrap();
    for _ in 0..2 {
        let err = load_paths(std::slice::from_ref(&broken), Some(&cache))
            .unwrap_err()
            .to_string();
        assert!(err.contains("titel"), "{err}");
    }
    assert!(cache_files(&cache).is_empty());
    let _ = std::fs::remove_dir_all(&work);
}

/// The XDG spec: a relative XDG_CACHE_HOME is invalid and ignored, so no cache is written
/// into the folder the app was started in.
#[test]
fn a_relative_xdg_cache_home_is_ignored() {
    let work = scratch("relative-xdg");
    let file = large_file(&work);
    let home = work.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qwen-tui"))
        .args(["check", file.to_str().unwrap()])
        .current_dir(&work)
        .env("XDG_CACHE_HOME", "relative-cache")
        .env("HOME", &home)
        .env_remove("QWEN_TUI_CACHE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !work.join("relative-cache").exists(),
        "a cache was written under the current folder"
    );
    // The fallback, ~/.cache, is used instead.
    assert!(home.join(".cache/qwen-tui").exists());
}

/// The explorer opening a large file for the first time writes its cache file after the
/// first frame, not before it: it is there, complete, once the explorer has ended, and the
/// next start reads it back.
#[test]
fn the_explorer_writes_the_cache_file_after_its_first_frame() {
    let work = scratch("explorer");
    let file = large_file(&work);
    let xdg = work.join("xdg");
    let mut s = Session::start_with(
        &["--data", file.to_str().unwrap()],
        &[
            ("XDG_CACHE_HOME", xdg.as_os_str()),
            ("QWEN_TUI_CACHE", "on".as_ref()),
        ],
    );
    s.wait_for("help");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
    let stored = cache_files(&xdg.join("qwen-tui"));
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(
        stored[0].extension().is_some_and(|e| e == "bin"),
        "{stored:?}"
    );
    let written = std::fs::metadata(&stored[0]).unwrap().modified().unwrap();
    // Read back as it is, not written again: it was complete.
    let cached = load_paths(std::slice::from_ref(&file), Some(&xdg.join("qwen-tui"))).unwrap();
    assert_eq!(cached, load_path(&file).unwrap());
    assert_eq!(
        std::fs::metadata(&stored[0]).unwrap().modified().unwrap(),
        written
    );
    let _ = std::fs::remove_dir_all(&work);
}
