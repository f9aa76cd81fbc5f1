//! Live reload: watch the knowledge-base file and load it again when it changes — also when
//! an editor saves by writing a new file and renaming it over the old one (the directory is
//! watched, not the file). Loading happens on the watcher's thread; the result goes to the
//! event loop, which keeps the last good data when the new file does not load.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::kb::{KnowledgeBase, load_paths};

/// Changes closer together than this are one change (editors write in several steps).
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// What a reload produced: the new knowledge base, or the error to show over the old one.
pub type Reloaded = Result<KnowledgeBase, String>;

/// Loads the knowledge base again: the error as its first lines (what the banner shows).
pub fn load_for_reload(paths: &[PathBuf]) -> Reloaded {
    load_paths(paths).map_err(|e| {
        let text = e.to_string();
        let first: Vec<&str> = text.lines().take(2).map(str::trim).collect();
        first.join(" · ")
    })
}

/// Watches one file while alive; reloads arrive on `changes`.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher>,
    pub changes: Receiver<Reloaded>,
}

/// Starts watching the knowledge base's files — through their directories, so
/// rename-style saves are seen; a directory given as data is watched for any `.yaml` or
/// `.yml` file coming, changing or going.
pub fn watch(paths: &[PathBuf]) -> Result<Watch, String> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut files: Vec<std::ffi::OsString> = Vec::new();
    let mut whole_dirs: Vec<PathBuf> = Vec::new();
    for p in paths {
        if p.is_dir() {
            whole_dirs.push(p.clone());
            dirs.push(p.clone());
            continue;
        }
        let name = p
            .file_name()
            .ok_or_else(|| format!("{}: not a file name", p.display()))?;
        files.push(name.to_os_string());
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        dirs.push(dir);
    }
    dirs.sort();
    dirs.dedup();
    let (tx, rx): (Sender<Reloaded>, Receiver<Reloaded>) = channel();
    let targets = paths.to_vec();
    let handler = move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        let relevant = |p: &Path| {
            p.file_name().is_some_and(|n| files.iter().any(|f| f == n))
                || (p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                    && p.parent()
                        .is_some_and(|d| whole_dirs.iter().any(|w| same_dir(w, d))))
        };
        if events.iter().any(|e| relevant(&e.path)) {
            let _ = tx.send(load_for_reload(&targets));
        }
    };
    let mut debouncer =
        new_debouncer(DEBOUNCE, handler).map_err(|e| format!("cannot watch: {e}"))?;
    for dir in &dirs {
        debouncer
            .watcher()
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }
    Ok(Watch {
        _debouncer: debouncer,
        changes: rx,
    })
}

/// Whether two paths name the same directory (events carry absolute paths).
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
