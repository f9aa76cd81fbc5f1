//! A note on standard error while a large knowledge base loads, so a long wait is never a
//! silent one: `qwen-tui: loading big.yaml (27.0 MB)… 1.4 s`, redrawn as the seconds
//! pass and erased when loading ends. Only on a terminal, only for files large enough to
//! take a noticeable time, and only once the wait has lasted a moment.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::kb::sanitize::sanitize_line;

/// Files smaller than this load in well under a second: no note.
const WORTH_SHOWING: u64 = 2_000_000;
/// Nothing is shown for a wait shorter than this.
const QUIET_FOR: Duration = Duration::from_millis(250);
const REDRAW: Duration = Duration::from_millis(100);

/// Shows the note until dropped.
pub struct Progress {
    /// Dropping this wakes the ticker at once (it does not sleep out its interval).
    done: Option<Sender<()>>,
    ticker: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts the note for `what` (a verb) over `files`, if they are large enough and
    /// standard error is a terminal; otherwise does nothing.
    pub fn start(what: &str, files: &[PathBuf]) -> Progress {
        let bytes: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len())
            .sum();
        if bytes < WORTH_SHOWING || !std::io::stderr().is_terminal() {
            return Progress {
                done: None,
                ticker: None,
            };
        }
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                f.file_name()
                    .unwrap_or(f.as_os_str())
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let label = sanitize_line(&format!(
            "qwen-tui: {what} {} ({:.1} MB)…",
            names.join(", "),
            bytes as f64 / 1e6
        ))
        .into_owned();
        let (done, woken) = mpsc::channel::<()>();
        let ticker = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || tick(&label, &woken))
            .ok();
        Progress {
            done: Some(done),
            ticker,
        }
    }
}

fn tick(label: &str, done: &mpsc::Receiver<()>) {
    let start = Instant::now();
    let mut shown = false;
    // Until the loader drops its end of the channel.
    while let Err(RecvTimeoutError::Timeout) = done.recv_timeout(REDRAW) {
        let waited = start.elapsed();
        if waited >= QUIET_FOR {
            // Carriage return and erase-line: the note is redrawn in place.
            let _ = write!(
                std::io::stderr(),
                "\r\x1b[2K{label} {:.1} s",
                waited.as_secs_f64()
            );
            shown = true;
        }
    }
    if shown {
        let _ = write!(std::io::stderr(), "\r\x1b[2K");
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        drop(self.done.take());
        if let Some(t) = self.ticker.take() {
            // The ticker erases its note before it ends, so the next output starts clean.
            let _ = t.join();
        }
    }
}
