//! The cache file is not trusted: `qwen-tui check` on a large file whose cache file was
//! edited (entries removed, a title changed) reports what the file holds, not what the
//! cache file says, and replaces the cache file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use qwen_tui::kb::cache::CACHE_FROM;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "qwen-tui-cache-trust-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `qwen-tui check file` with its cache under `work/xdg`: standard output.
fn check(work: &Path, file: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_qwen-tui"))
        .args(["check", file.to_str().unwrap()])
        .env("XDG_CACHE_HOME", work.join("xdg"))
        .env("HOME", work)
        .env_remove("QWEN_TUI_CACHE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The one cache file.
fn cache_file(work: &Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(work.join("xdg/qwen-tui"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.into_iter().next().unwrap()
}

/// The count `check` prints for a line such as `  overview      12`.
fn count(shown: &str, what: &str) -> usize {
    shown
        .lines()
        .find_map(|l| {
            let mut words = l.split_whitespace();
            (words.next() == Some(what)).then(|| words.next()?.parse().ok())?
        })
        .unwrap_or_else(|| panic!("no {what} in {shown}"))
}

/// The cache file with its payload changed by `edit` (made on the payload as JSON), the
/// digest line kept (as an editor would leave it).
fn edit_payload(path: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let file = std::fs::read(path).unwrap();
    // A digest line, then the payload.
    let line = file.iter().position(|&b| b == b'\n').unwrap() + 1;
    let payload = qwen_tui::kb::cache::edited_payload(&file[line..], edit).unwrap();
    std::fs::write(path, [&file[..line], &payload[..]].concat()).unwrap();
}

#[test]
fn check_reports_the_file_not_an_edited_cache_file() {
    let work = scratch("check");
    let file = work.join("big.yaml");
    let text = qwen_tui::kb::synth::knowledge_base(4_500, 5);
    assert!(text.len() > CACHE_FROM, "{} bytes", text.len());
    std::fs::write(&file, text).unwrap();

    let first = check(&work, &file);
    let entries = count(&first, "entries");
    let overview = count(&first, "overview");
    assert!(entries > 4_000 && overview > 0, "{first}");
    let cache = cache_file(&work);
    let original = std::fs::read(&cache).unwrap();
    // Read back from the cache: the same report.
    assert_eq!(check(&work, &file), first);

    // No entries at all (the digest line kept).
    edit_payload(&cache, |s| s["entries"] = serde_json::json!([]));
    let shown = check(&work, &file);
    assert_eq!(shown, first);
    assert_eq!(count(&shown, "entries"), entries);
    assert_eq!(count(&shown, "overview"), overview);
    // Parsed afresh and cached again.
    assert_eq!(std::fs::read(cache_file(&work)).unwrap(), original);

    // Only the overview entries removed, and a title changed.
    edit_payload(&cache, |s| {
        let list = s["entries"].as_array_mut().unwrap();
        list.retain(|e| e["tab"] != "Overview");
        list[0]["title"] = serde_json::json!("Edited in the cache");
    });
    let shown = check(&work, &file);
    assert_eq!(count(&shown, "overview"), overview, "{shown}");
    assert_eq!(shown, first);
    assert_eq!(std::fs::read(cache_file(&work)).unwrap(), original);
    let _ = std::fs::remove_dir_all(&work);
}
