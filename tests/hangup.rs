//! The explorer exits when its terminal goes away even when no SIGHUP comes — started with
//! `setsid`, it is not its terminal's session leader, so the kernel signals nothing when
//! the terminal hangs up; it must not spin on a dead input (crossterm reads end-of-file
//! forever there).

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::session::Session;

#[test]
fn without_a_sighup_the_app_still_exits_when_its_terminal_goes_away() {
    let pidfile = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("hangup-{}.pid", std::process::id()));
    let _ = std::fs::remove_file(&pidfile);
    // A shell starts the app in a session of its own (so no SIGHUP reaches it) and writes
    // down its process id; the shell itself waits.
    let script = format!(
        "setsid {} 0<&1 & echo $! > {}; wait",
        env!("CARGO_BIN_EXE_qwen-tui"),
        pidfile.display()
    );
    let mut s = Session::start_command("sh", &["-c", &script], &[]);
    s.wait_for("Overview (");
    let pid: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let alive = || nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok();
    assert!(alive());
    // Close every handle on the master side: the terminal is gone.
    s.reading.store(false, std::sync::atomic::Ordering::SeqCst);
    let reader = s.reader_thread.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !reader.is_finished() {
        assert!(Instant::now() < deadline, "the reader never stopped");
        s.keys("j");
    }
    reader.join().unwrap();
    s.writer = Box::new(std::io::sink());
    s.master = None;
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive() {
        assert!(
            Instant::now() < deadline,
            "still running (spinning) after its terminal went away"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = s.child.kill();
    let _ = std::fs::remove_file(&pidfile);
}
