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

/// Adds `query` as the newest to the history in `path` as it is now — read again, so that
/// what other instances of qwen-tui added meanwhile is kept — and writes it back
/// atomically, under a lock (a `history.lock` file beside it) so two instances never write
/// at once. Any failure is returned for the caller to ignore.
pub fn add(path: &Path, query: &str) -> std::io::Result<()> {
    let Some(query) = clean(query) else {
        return Ok(());
    };
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no directory"))?;
    std::fs::create_dir_all(dir)?;
    locked(&dir.join("history.lock"), || {
        let mut history = load(path);
        remember(&mut history, query);
        save(path, &history)
    })
}

/// How long a writer waits for another's lock, and after how long a lock is taken to be
/// left behind by a writer that died.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(500);
const LOCK_STALE: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs `f` holding the lock file `lock` (created exclusively, removed after). A lock that
/// cannot be had in [`LOCK_WAIT`] is not waited for longer: history is a convenience.
fn locked<T>(lock: &Path, f: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
    let start = std::time::Instant::now();
    loop {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(lock)
        {
            Ok(_) => {
                let result = f();
                let _ = std::fs::remove_file(lock);
                return result;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let stale = std::fs::metadata(lock)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > LOCK_STALE);
                if stale {
                    let _ = std::fs::remove_file(lock);
                } else if start.elapsed() > LOCK_WAIT {
                    return f();
                } else {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
            }
            Err(_) => return f(),
        }
    }
}

/// Writes the history to `path` (replacing it atomically). Any failure is returned for
/// the caller to ignore: history must never stop the app.
pub fn save(path: &Path, history: &[String]) -> std::io::Result<()> {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no directory"))?;
    std::fs::create_dir_all(dir)?;
    // A name of this write's own: two writers never share a temporary file.
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".history.{}.{n}", std::process::id()));
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
    fn two_writers_keep_each_others_queries() {
        let dir = std::env::temp_dir().join(format!("qwen-tui-history-two-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("history");
        // Two instances, each remembering its own queries (as the app's copy does) and
        // adding them to the file in turn.
        let writers: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|who| {
                let path = path.clone();
                std::thread::spawn(move || {
                    for i in 0..40 {
                        add(&path, &format!("{who}{i}")).unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let saved = load(&path);
        assert_eq!(saved.len(), 80, "{saved:?}");
        for who in ["a", "b"] {
            for i in 0..40 {
                assert!(saved.contains(&format!("{who}{i}")), "{who}{i} lost");
            }
        }
        assert!(
            !dir.join("history.lock").exists(),
            "the lock was left behind"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
