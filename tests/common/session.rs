//! A session of the real binary in a pseudo-terminal, for the tests that drive it: keys
//! in, the parsed screen out (vt100).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::termios::LocalFlags;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 30;
pub const COLS: u16 = 110;

pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Option<Box<dyn MasterPty + Send>>,
    pub writer: Box<dyn Write + Send>,
    pub output: Arc<Mutex<Vec<u8>>>,
    /// Cleared to let the reader thread end (and close its handle on the pty) after its
    /// next read.
    pub reading: Arc<std::sync::atomic::AtomicBool>,
    pub reader_thread: Option<std::thread::JoinHandle<()>>,
}

impl Session {
    pub fn start(args: &[&str]) -> Session {
        Session::start_with(args, &[])
    }

    /// Starts the binary with these environment variables added (after the test
    /// environment is set up, so they can override it).
    pub fn start_with(args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Session {
        Session::start_command(env!("CARGO_BIN_EXE_qwen-tui"), args, env)
    }

    /// Starts `program` (the binary, or a wrapper that runs it) in the pseudo-terminal.
    pub fn start_command(
        program: &str,
        args: &[&str],
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("QWEN_TUI_DATA");
        // The user's own config file is never read.
        cmd.env_remove("QWEN_TUI_CONFIG");
        cmd.env(
            "XDG_CONFIG_HOME",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config"),
        );
        // Nothing of a test is written to the user's cache folder, nor to their search
        // history (a test turns history on with a folder of its own).
        cmd.env("QWEN_TUI_CACHE", "off");
        cmd.env("QWEN_TUI_HISTORY", "off");
        cmd.env_remove("TMUX");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        let reading = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let keep = Arc::clone(&reading);
        let reader_thread = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
                if !keep.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Session {
            child,
            master: Some(pair.master),
            writer,
            output,
            reading,
            reader_thread: Some(reader_thread),
        }
    }

    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    pub fn screen(&self) -> vt100::Parser {
        let rows = std::num::NonZeroU16::new(ROWS).unwrap();
        let cols = std::num::NonZeroU16::new(COLS).unwrap();
        let mut p = vt100::Parser::new(rows, cols, 0);
        p.process(&self.raw());
        p
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let contents = self.screen().screen().contents();
            if contents.contains(text) {
                return self.settled();
            }
            assert!(
                Instant::now() < deadline,
                "`{text}` never appeared; screen:\n{contents}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// The screen once the output has stopped for a moment: a frame arrives in pieces, and
    /// a test that found one line must not judge the lines below before they are drawn.
    pub fn settled(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen = self.output.lock().unwrap().len();
        loop {
            std::thread::sleep(Duration::from_millis(40));
            let now = self.output.lock().unwrap().len();
            if now == seen || Instant::now() > deadline {
                return self.screen().screen().contents();
            }
            seen = now;
        }
    }

    /// Waits until the search box shows `query` and its results are in (the search runs
    /// on its own thread: the query shows first, marked `searching…` until they are).
    pub fn wait_for_results(&self, query: &str) -> String {
        let box_text = format!("/ {query}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = |c: &str| c.contains(&box_text) && !c.contains("searching…");
            let contents = self.screen().screen().contents();
            if ready(&contents) {
                // A frame arrives in pieces: judge the whole of it.
                let settled = self.settled();
                if ready(&settled) {
                    return settled;
                }
            }
            assert!(
                Instant::now() < deadline,
                "the results for `{query}` never appeared; screen:\n{contents}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits until `ready` holds for the screen (`what` names it in the failure).
    pub fn wait_until(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let p = self.screen();
            if ready(p.screen()) {
                return self.settled();
            }
            assert!(
                Instant::now() < deadline,
                "never {what}; screen:\n{}",
                p.screen().contents()
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// The app's process state letter from /proc (`T` when stopped).
    #[cfg(target_os = "linux")]
    pub fn process_state(&self) -> char {
        let pid = self.child.process_id().unwrap();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        stat.rsplit(')')
            .next()
            .and_then(|rest| rest.trim().chars().next())
            .unwrap()
    }

    pub fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(Instant::now() < deadline, "the app did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Out of raw mode: line editing and echo are back.
    pub fn assert_terminal_restored(&self) {
        std::thread::sleep(Duration::from_millis(100));
        let termios = self
            .master
            .as_ref()
            .unwrap()
            .get_termios()
            .expect("termios of the pty");
        assert!(
            termios.local_flags.contains(LocalFlags::ICANON),
            "still in raw mode"
        );
        assert!(
            termios.local_flags.contains(LocalFlags::ECHO),
            "echo is off"
        );
        let p = self.screen();
        assert!(
            !p.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!p.screen().hide_cursor(), "the cursor is still hidden");
    }
}

impl Drop for Session {
    /// A failed test must not leave the app running.
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
