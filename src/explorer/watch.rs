//! Live reload: watch the knowledge-base file and load it again when its content changes —
//! also when an editor saves by writing a new file and renaming it over the old one (the
//! directory is watched, not the file).
//!
//! Only events that can change content count (create, modify, remove, rename, close after
//! writing): opening or reading the file — a `cat`, a `grep`, a second qwen-tui, this
//! program's own reload — is reported by the watcher too, and reacting to it would reload
//! forever. Even then the file is loaded only when it did change: its size and modification
//! time first, then a hash of its bytes. Loading, validating and indexing happen on the
//! watcher's own thread; the event loop only swaps the finished data in, so keys keep being
//! answered while a large file reloads.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, SystemTime};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::explorer::app::Loaded;
use crate::kb::age::Horizon;
use crate::kb::load_paths;

/// Changes closer together than this are one change (editors write in several steps).
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// What a reload produced: the new data, ready to show, or the error to show over the old.
pub type Reloaded = Result<Arc<Loaded>, String>;

/// Loads and indexes the knowledge base again: the error as its first lines (what the
/// banner shows).
pub fn load_for_reload(paths: &[PathBuf], horizon: Horizon) -> Reloaded {
    load_paths(paths)
        .map(|kb| Arc::new(Loaded::with_horizon(kb, horizon)))
        .map_err(|e| {
            let text = e.to_string();
            let first: Vec<&str> = text.lines().take(2).map(str::trim).collect();
            first.join(" · ")
        })
}

/// Why the watcher's thread wakes.
enum Wake {
    /// Something happened to a watched file that may have changed its content.
    Changed,
    /// The user asked for a reload (`R`): load even when nothing seems to have changed.
    Asked,
}

/// Watches the knowledge base's files while alive; reloads arrive on `changes`.
pub struct Watch {
    _watcher: RecommendedWatcher,
    wake: Sender<Wake>,
    pub changes: Receiver<Reloaded>,
}

impl Watch {
    /// Asks for a reload now, on the watcher's thread (the result comes on `changes`).
    pub fn reload_now(&self) {
        let _ = self.wake.send(Wake::Asked);
    }
}

/// Can an event of this kind change what the file holds? Opening, reading and closing
/// after reading cannot; nor can a change of permissions or times alone.
pub fn can_change_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Any | EventKind::Other => true,
    }
}

/// Which paths an event must touch to matter: the watched files by name, or any YAML file
/// in a directory given as data.
struct Targets {
    files: Vec<std::ffi::OsString>,
    whole_dirs: Vec<PathBuf>,
}

impl Targets {
    fn relevant(&self, p: &Path) -> bool {
        p.file_name()
            .is_some_and(|n| self.files.iter().any(|f| f == n))
            || (is_yaml(p)
                && p.parent()
                    .is_some_and(|d| self.whole_dirs.iter().any(|w| same_dir(w, d))))
    }
}

fn is_yaml(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "yaml" || x == "yml")
}

/// Starts watching the knowledge base's files — through their directories, so
/// rename-style saves are seen; a directory given as data is watched for any `.yaml` or
/// `.yml` file coming, changing or going. Reloaded data is indexed with `horizon`.
pub fn watch(paths: &[PathBuf], horizon: Horizon) -> Result<Watch, String> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut targets = Targets {
        files: Vec::new(),
        whole_dirs: Vec::new(),
    };
    for p in paths {
        if p.is_dir() {
            targets.whole_dirs.push(p.clone());
            dirs.push(p.clone());
            continue;
        }
        let name = p
            .file_name()
            .ok_or_else(|| format!("{}: not a file name", p.display()))?;
        targets.files.push(name.to_os_string());
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        dirs.push(dir);
    }
    dirs.sort();
    dirs.dedup();
    let (wake, woken) = channel();
    let (tx, changes) = channel();
    let events = wake.clone();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
        let Ok(event) = result else {
            return;
        };
        if can_change_content(&event.kind) && event.paths.iter().any(|p| targets.relevant(p)) {
            let _ = events.send(Wake::Changed);
        }
    })
    .map_err(|e| format!("cannot watch: {e}"))?;
    for dir in &dirs {
        watcher
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }
    let paths = paths.to_vec();
    std::thread::Builder::new()
        .name("reload".into())
        // What the files look like now is read on the thread (the hash reads every byte:
        // 20 ms at 27 MB, which the first frame does not wait for). The watch is already
        // set: a change from here on is seen.
        .spawn(move || {
            let seen = Seen::now(&paths);
            reload_loop(&paths, horizon, seen, &woken, &tx);
        })
        .map_err(|e| format!("cannot watch: {e}"))?;
    Ok(Watch {
        _watcher: watcher,
        wake,
        changes,
    })
}

/// The watcher's thread: waits for a change, lets a burst of writes settle, and loads the
/// files when their content is new. Ends when the [`Watch`] is dropped.
fn reload_loop(
    paths: &[PathBuf],
    horizon: Horizon,
    mut seen: Seen,
    woken: &Receiver<Wake>,
    tx: &Sender<Reloaded>,
) {
    while let Ok(first) = woken.recv() {
        let mut asked = matches!(first, Wake::Asked);
        // Editors write in several steps: wait until the events stop.
        loop {
            match woken.recv_timeout(DEBOUNCE) {
                Ok(Wake::Asked) => asked = true,
                Ok(Wake::Changed) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if !seen.update(paths) && !asked {
            continue;
        }
        if tx.send(load_for_reload(paths, horizon)).is_err() {
            return;
        }
    }
}

/// One file of the data, with its size and modification time (`None`: it cannot be read).
type Stamp = (PathBuf, Option<(u64, Option<SystemTime>)>);

/// What the files looked like when last loaded: each file's size and modification time,
/// and a hash of all their bytes.
#[derive(Debug, PartialEq)]
pub struct Seen {
    stamps: Vec<Stamp>,
    hash: Option<u64>,
}

impl Seen {
    /// The files as they are now.
    pub fn now(paths: &[PathBuf]) -> Seen {
        let stamps = stamps(paths);
        let hash = content_hash(&stamps);
        Seen { stamps, hash }
    }

    /// Looks at the files again; returns whether their content changed since last seen
    /// (size and time first — nothing is read when they are the same — then the bytes).
    pub fn update(&mut self, paths: &[PathBuf]) -> bool {
        let stamps = stamps(paths);
        if stamps == self.stamps {
            return false;
        }
        let hash = content_hash(&stamps);
        self.stamps = stamps;
        if hash == self.hash && hash.is_some() {
            return false;
        }
        self.hash = hash;
        true
    }
}

/// The files the data consists of (a directory's YAML files, sorted) with their size and
/// modification time; `None` for one that cannot be read.
fn stamps(paths: &[PathBuf]) -> Vec<Stamp> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| is_yaml(f))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    files
        .into_iter()
        .map(|f| {
            let stamp = std::fs::metadata(&f)
                .ok()
                .map(|m| (m.len(), m.modified().ok()));
            (f, stamp)
        })
        .collect()
}

/// A hash of the named files' bytes, in order; `None` when one cannot be read.
fn content_hash(stamps: &[Stamp]) -> Option<u64> {
    let mut h = std::hash::DefaultHasher::new();
    let mut buf = vec![0u8; 1 << 16];
    for (path, _) in stamps {
        h.write(path.as_os_str().as_encoded_bytes());
        let len = crate::kb::read::read_in_pieces(path, &mut buf, |piece| h.write(piece)).ok()?;
        h.write_u64(len);
    }
    Some(h.finish())
}

/// Whether two paths name the same directory (events carry absolute paths).
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, RenameMode};

    #[test]
    fn reading_the_file_is_not_a_change_writing_it_is() {
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
        ] {
            assert!(!can_change_content(&kind), "{kind:?}");
        }
        for kind in [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Create(CreateKind::File),
            EventKind::Remove(notify::event::RemoveKind::File),
        ] {
            assert!(can_change_content(&kind), "{kind:?}");
        }
    }

    #[test]
    fn only_new_content_counts_as_a_change() {
        let dir = std::env::temp_dir().join(format!("qwen-tui-seen-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("kb.yaml");
        std::fs::write(&file, "version: 1\n").unwrap();
        let paths = vec![file.clone()];
        let mut seen = Seen::now(&paths);
        assert!(!seen.update(&paths), "nothing happened");
        let _ = std::fs::read(&file).unwrap();
        assert!(!seen.update(&paths), "reading is no change");
        // The same bytes written again: a new time, the same content.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&file, "version: 1\n").unwrap();
        assert!(!seen.update(&paths), "same bytes");
        std::fs::write(&file, "version: 1\n# edited\n").unwrap();
        assert!(seen.update(&paths), "new bytes");
        assert!(!seen.update(&paths), "seen once");
        std::fs::remove_file(&file).unwrap();
        assert!(seen.update(&paths), "gone is a change");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
