//! Times keystrokes as a terminal meets them, for qwen-tui and for fzf on the same entries.
//!
//! ```text
//! cargo build --release && cargo run --release --example pty_keys -- [ENTRIES] [QUERY]...
//! cargo run --release --example pty_keys -- --start [ENTRIES]   # the first screen
//! ```
//!
//! Each program runs in a pseudo-terminal of 120×40, and this program plays the terminal:
//! it writes one key of a query, reads what the program draws (parsing it with vt100, as a
//! terminal would), and takes the time from writing the key to the last byte of the frame
//! that answers it — the moment the final results are on screen. A key is answered when
//! nothing more has come for 400 ms; the screen is then checked to hold the query typed so
//! far and finished results (for qwen-tui the search box without `searching…`, for fzf the
//! prompt and its match counter). Timestamps are taken as the bytes are read, so the
//! figures are exact to a fraction of a millisecond (tmux's polling, in
//! `benches/tmux_keys.sh`, adds 10–20 ms to each).
//!
//! fzf reads the text each entry is found by, one entry per line (as `synth --lines`
//! prints it). The two runs of each query alternate, three times, each a fresh process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 40;
const COLS: u16 = 120;
/// No output for this long: the key is answered.
const QUIET: Duration = Duration::from_millis(400);
const RUNS: usize = 3;

struct Term {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<(Instant, Vec<u8>)>,
    screen: vt100::Parser,
    /// When the screen [`Term::wait_for`] waited for arrived.
    first: Option<Instant>,
}

impl Term {
    fn start(cmd: CommandBuilder) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        // The master must outlive the session; it is leaked with the child killed at the
        // end of each run.
        let writer = pair.master.take_writer().unwrap();
        std::mem::forget(pair.master);
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let screen = vt100::Parser::new(size(ROWS), size(COLS), 0);
        Term {
            child,
            writer,
            output,
            screen,
            first: None,
        }
    }

    /// Reads what comes until nothing has for `QUIET`; the time the last of it came.
    fn drain(&mut self) -> Option<Instant> {
        let mut last = None;
        while let Ok((at, bytes)) = self.output.recv_timeout(QUIET) {
            self.screen.process(&bytes);
            last = Some(at);
        }
        last
    }

    fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    /// Waits (up to a minute) until the screen satisfies `ready`, then until it is quiet.
    /// `first` is when the bytes that made it so came.
    fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        self.first = None;
        while !ready(&self.contents()) {
            assert!(
                Instant::now() < deadline,
                "never {what}:\n{}",
                self.contents()
            );
            if let Ok((at, bytes)) = self.output.recv_timeout(Duration::from_millis(50)) {
                self.screen.process(&bytes);
                self.first = Some(at);
            }
        }
        self.drain();
    }

    /// Writes `key` and returns how long the program took to draw its answer.
    fn key(&mut self, key: &[u8]) -> Duration {
        let sent = Instant::now();
        self.writer.write_all(key).unwrap();
        self.writer.flush().unwrap();
        let last = self.drain().expect("nothing drawn after a key");
        last.duration_since(sent)
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The two programs, how each is started and how its answer to a query looks.
#[derive(Clone, Copy, PartialEq)]
enum Finder {
    QwenTui,
    Fzf,
}

impl Finder {
    fn name(self) -> &'static str {
        match self {
            Finder::QwenTui => "qwen-tui",
            Finder::Fzf => "fzf",
        }
    }

    fn start(self, dir: &Path) -> Term {
        let mut term = Term::start(self.command(dir));
        match self {
            Finder::QwenTui => {
                term.wait_for("the first frame", |s| s.contains("help"));
                term.key(b"/");
                term.wait_for("the search box", |s| s.contains("/ "));
            }
            Finder::Fzf => {
                let lines = std::fs::read_to_string(dir.join("lines.txt")).unwrap();
                let n = lines.lines().count();
                let all = format!("{n}/{n}");
                term.wait_for("every line read", |s| s.contains(&all));
            }
        }
        term
    }

    fn command(self, dir: &Path) -> CommandBuilder {
        let mut cmd = match self {
            Finder::QwenTui => {
                let mut cmd = CommandBuilder::new(binary());
                cmd.arg("--data");
                cmd.arg(dir.join("kb.yaml"));
                cmd
            }
            Finder::Fzf => {
                let mut cmd = CommandBuilder::new("sh");
                cmd.arg("-c");
                cmd.arg(format!("exec fzf < '{}'", dir.join("lines.txt").display()));
                cmd
            }
        };
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", dir.join("config"));
        cmd.env("XDG_CACHE_HOME", dir.join("cache"));
        cmd.env("QWEN_TUI_HISTORY", "off");
        for var in [
            "QWEN_TUI_DATA",
            "QWEN_TUI_CONFIG",
            "FZF_DEFAULT_OPTS",
            "TMUX",
        ] {
            cmd.env_remove(var);
        }
        cmd
    }

    /// Does the screen show the final results for `typed`?
    fn answered(self, screen: &str, typed: &str) -> bool {
        let typed = typed.trim_end();
        match self {
            Finder::QwenTui => {
                screen.contains(&format!("/ {typed}")) && !screen.contains("searching…")
            }
            Finder::Fzf => {
                screen
                    .lines()
                    .any(|l| l.trim_end().ends_with(&format!("> {typed}")))
                    && screen
                        .lines()
                        .any(|l| l.contains('/') && l.trim().starts_with(char::is_numeric))
            }
        }
    }
}

/// The release binary beside this example (`target/release/qwen-tui`).
fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("qwen-tui");
    assert!(
        bin.exists(),
        "build the binary first: cargo build --release"
    );
    bin
}

/// Writes the knowledge base and its lines for fzf, once per size.
fn data(n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qwen-tui-pty-keys-{n}"));
    std::fs::create_dir_all(dir.join("config")).unwrap();
    if !dir.join("lines.txt").exists() {
        let text = qwen_tui::kb::synth::knowledge_base(n, 1);
        let kb = std::sync::Arc::new(qwen_tui::kb::load::load_str(&text, "kb.yaml").unwrap());
        let index = qwen_tui::search::SearchIndex::shared(kb, qwen_tui::kb::age::Horizon::DEFAULT);
        let lines: Vec<String> = (0..index.len()).filter_map(|i| index.line(i)).collect();
        std::fs::write(dir.join("kb.yaml"), text).unwrap();
        std::fs::write(dir.join("lines.txt"), lines.join("\n") + "\n").unwrap();
    }
    dir
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// With `--start`: how long each program takes from being started to its first complete
/// screen — qwen-tui from its cache and with the cache off (its key hints are drawn last),
/// fzf with every line read (its counter shows them all) — medians of five.
fn starts(dir: &Path) {
    let lines = std::fs::read_to_string(dir.join("lines.txt")).unwrap();
    let all = {
        let n = lines.lines().count();
        format!("{n}/{n}")
    };
    // The first run writes the cache.
    drop(Finder::QwenTui.start(dir));
    let runs = [
        (Finder::QwenTui, true),
        (Finder::QwenTui, false),
        (Finder::Fzf, true),
    ];
    let mut times: [Vec<f64>; 3] = Default::default();
    for _ in 0..5 {
        for (k, (finder, cache)) in runs.into_iter().enumerate() {
            let mut cmd = finder.command(dir);
            if !cache {
                cmd.env("QWEN_TUI_CACHE", "off");
            }
            let started = Instant::now();
            let mut term = Term::start(cmd);
            let ready = |s: &str| match finder {
                Finder::QwenTui => s.contains("help"),
                Finder::Fzf => s.contains(&all),
            };
            term.wait_for("the first screen", ready);
            let took = term.first.expect("a screen") - started;
            times[k].push(took.as_secs_f64() * 1000.0);
        }
    }
    let names = [
        "qwen-tui, cached",
        "qwen-tui, not cached",
        "fzf, every line read",
    ];
    for (name, t) in names.iter().zip(times) {
        let each: Vec<f64> = t.iter().map(|t| t.round()).collect();
        println!("  {name:22} {:.0} ms (runs: {each:?})", median(t));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--start") {
        let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(100_000);
        println!("{n} entries: process start to the first complete screen");
        starts(&data(n));
        return;
    }
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let mut queries: Vec<String> = args.iter().skip(1).cloned().collect();
    if queries.is_empty() {
        queries = ["cloud rev", "alibba cloud cto", "qwn3", "e"]
            .map(String::from)
            .to_vec();
    }
    let dir = data(n);
    println!("{n} entries; ms from a key to its final screen, median of {RUNS} runs each");
    let mut all = [Vec::new(), Vec::new()];
    for query in &queries {
        let mut times = [vec![Vec::new(); query.len()], vec![Vec::new(); query.len()]];
        for _ in 0..RUNS {
            for (f, finder) in [Finder::QwenTui, Finder::Fzf].into_iter().enumerate() {
                let mut term = finder.start(&dir);
                for (i, c) in query.char_indices() {
                    let took = term.key(c.to_string().as_bytes());
                    let typed = &query[..i + c.len_utf8()];
                    assert!(
                        finder.answered(&term.contents(), typed),
                        "{}: no final results for `{typed}`:\n{}",
                        finder.name(),
                        term.contents()
                    );
                    times[f][i].push(took.as_secs_f64() * 1000.0);
                }
            }
        }
        for (f, finder) in [Finder::QwenTui, Finder::Fzf].into_iter().enumerate() {
            let per_key: Vec<f64> = times[f].iter().map(|t| median(t.clone())).collect();
            all[f].extend(times[f].iter().flatten().copied());
            let shown: Vec<String> = per_key.iter().map(|t| format!("{t:.1}")).collect();
            println!("  {:8} `{query}`: {}", finder.name(), shown.join(" "));
        }
    }
    let summary = |v: &Vec<f64>| (median(v.clone()), v.iter().copied().fold(0.0, f64::max));
    let (q_med, q_worst) = summary(&all[0]);
    let (f_med, f_worst) = summary(&all[1]);
    println!(
        "every key: qwen-tui median {q_med:.1} ms, worst {q_worst:.1}; fzf median {f_med:.1} ms, worst {f_worst:.1}; fzf/qwen-tui {:.1}× (median), {:.1}× (worst)",
        f_med / q_med,
        f_worst / q_worst
    );
}
