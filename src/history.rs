//! Search history kept across runs: the queries confirmed with Enter in the search and
//! filter boxes, newest last, one per line in `$XDG_DATA_HOME/qwen-tui/history` (else
//! `~/.local/share/qwen-tui/history`), at most [`CAP`] of them.
//!
//! History is a convenience, never a reason to fail: a file that cannot be read is an
//! empty history, and one that cannot be written (a read-only or missing home, a full
//! disk) is simply not written. `QWEN_TUI_HISTORY=off` keeps nothing.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// At most this many queries are kept (the oldest go first).
pub const CAP: usize = 500;
/// Longer queries are not kept (nobody recalls a pasted page).
pub const MAX_QUERY_CHARS: usize = 500;

/// Where history lives, or `None` when it is turned off or there is no home to keep it in.
pub fn path() -> Option<PathBuf> {
    if std::env::var_os("QWEN_TUI_HISTORY").is_some_and(|v| v == "off") {
        return None;
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty() && Path::new(d).is_absolute())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })?;
    Some(data.join("qwen-tui").join("history"))
}

/// A query as it may be kept and shown again: one line, through the one sanitiser (a
/// history file is not trusted, and a bidi override is no control character but would
/// still reach the screen when the query is recalled).
pub fn clean(query: &str) -> Option<String> {
    let q = crate::kb::sanitize::sanitize_line(query);
    let q = q.split_whitespace().collect::<Vec<_>>().join(" ");
    (!q.is_empty() && q.chars().count() <= MAX_QUERY_CHARS).then_some(q)
}

/// The history in `path`, oldest first; empty when there is none or it cannot be read.
/// The file is not trusted: every line is cleaned (and dropped if it cannot be) before it
/// can reach the screen, and only the newest [`CAP`] are kept.
pub fn load(path: &Path) -> Vec<String> {
    // A history file is small; one that is not (not ours, or damaged) is ignored.
    const MAX_BYTES: u64 = 1 << 20;
    let Ok(meta) = std::fs::metadata(path) else {
        return Vec::new();
    };
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return Vec::new();
    }
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut out: Vec<String> = Vec::new();
    for q in text.lines().filter_map(clean) {
        remember(&mut out, q);
    }
    out
}

/// Adds `query` as the newest, removing an earlier copy and the oldest beyond [`CAP`].
pub fn remember(history: &mut Vec<String>, query: String) {
    history.retain(|q| *q != query);
    history.push(query);
    if history.len() > CAP {
        let extra = history.len() - CAP;
        history.drain(..extra);
    }
}

/// Writes the history to `path` (replacing it atomically). Any failure is returned for
/// the caller to ignore: history must never stop the app.
pub fn save(path: &Path, history: &[String]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no directory"))?;
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".history.{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        for q in history {
            writeln!(f, "{q}")?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_history_is_capped_and_keeps_one_copy_of_each_query() {
        let mut h = Vec::new();
        for i in 0..CAP + 50 {
            remember(&mut h, format!("q{i}"));
        }
        assert_eq!(h.len(), CAP);
        assert_eq!(h[0], "q50", "the oldest went first");
        assert_eq!(h[CAP - 1], format!("q{}", CAP + 49));
        remember(&mut h, "q60".into());
        assert_eq!(h.len(), CAP);
        assert_eq!(h.last().unwrap(), "q60");
        assert_eq!(h.iter().filter(|q| *q == "q60").count(), 1);
    }

    #[test]
    fn a_saved_history_loads_back_capped_and_cleaned() {
        let dir = std::env::temp_dir().join(format!("qwen-tui-history-{}", std::process::id()));
        let path = dir.join("qwen-tui").join("history");
        let many: Vec<String> = (0..CAP + 10).map(|i| format!("query {i}")).collect();
        save(&path, &many).unwrap();
        let back = load(&path);
        assert_eq!(back.len(), CAP);
        assert_eq!(back.last().unwrap(), &format!("query {}", CAP + 9));
        // A line written by something else: control characters never come back.
        std::fs::write(&path, "ok\n\u{1b}]52;c;aGk=\u{7}evil\n\n   \nqwen  moe\n").unwrap();
        let back = load(&path);
        assert_eq!(back.len(), 3, "{back:?}");
        assert!(
            back.iter().all(|q| !q.chars().any(char::is_control)),
            "{back:?}"
        );
        assert_eq!(back[2], "qwen moe");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bidi_overrides_and_invisible_characters_never_come_back() {
        let dir =
            std::env::temp_dir().join(format!("qwen-tui-history-bidi-{}", std::process::id()));
        let path = dir.join("history");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            &path,
            "qw\u{202e}en\u{2066} moe\u{200b}\n\u{202e}\nrisk\u{9b}31m\n",
        )
        .unwrap();
        let back = load(&path);
        assert_eq!(back, ["qwen moe", "risk\u{fffd}31m"]);
        assert!(
            back.iter()
                .flat_map(|q| q.chars())
                .all(crate::kb::sanitize::is_plain)
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unwritable_place_is_an_error_to_ignore_not_a_panic() {
        // A directory that cannot be made: its parent is a file (refused even to root).
        let file = std::env::temp_dir().join(format!("qwen-tui-not-a-dir-{}", std::process::id()));
        std::fs::write(&file, "x").unwrap();
        let path = file.join("qwen-tui").join("history");
        assert!(save(&path, &["q".to_string()]).is_err());
        assert!(load(&path).is_empty());
        std::fs::remove_file(&file).unwrap();
    }
}
