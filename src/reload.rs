//! Live reload: watch the knowledge-base file and load it again when it changes — also when
//! an editor saves by writing a new file and renaming it over the old one (the directory is
//! watched, not the file). Loading happens on the watcher's thread; the result goes to the
//! event loop, which keeps the last good data when the new file does not load.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::kb::{KnowledgeBase, load_path};

/// Changes closer together than this are one change (editors write in several steps).
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// What a reload produced: the new knowledge base, or the error to show over the old one.
pub type Reloaded = Result<KnowledgeBase, String>;

/// Loads `path` for a reload: the error as its first lines (what the banner shows).
pub fn load_for_reload(path: &Path) -> Reloaded {
    load_path(path).map_err(|e| {
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

/// Starts watching `path` (through its directory, so rename-style saves are seen).
pub fn watch(path: &Path) -> Result<Watch, String> {
    let file = path
        .file_name()
        .map(|n| n.to_os_string())
        .ok_or_else(|| format!("{}: not a file name", path.display()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tx, rx): (Sender<Reloaded>, Receiver<Reloaded>) = channel();
    let target = path.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        if events
            .iter()
            .any(|e| e.path.file_name() == Some(file.as_os_str()))
        {
            let _ = tx.send(load_for_reload(&target));
        }
    };
    let mut debouncer = new_debouncer(DEBOUNCE, handler)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    debouncer
        .watcher()
        .watch(&dir, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    Ok(Watch {
        _debouncer: debouncer,
        changes: rx,
    })
}
