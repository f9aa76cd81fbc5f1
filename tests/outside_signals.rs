//! What comes from outside the keyboard: a terminal that goes away with no SIGHUP (started
//! with `setsid`, the explorer is not its terminal's session leader, so the kernel signals
//! nothing when the terminal hangs up; it must not spin on a dead input), `kill -TSTP` (a
//! suspend like Ctrl-Z: the terminal given back, and taken again on SIGCONT) and
//! `kill -QUIT` (an end like SIGTERM, the terminal restored).

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

fn signal(s: &Session, sig: nix::sys::signal::Signal) {
    let pid = s.child.process_id().unwrap() as i32;
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), sig).unwrap();
}

/// The process's state letter from /proc (`T` when stopped).
fn state(s: &Session) -> char {
    let pid = s.child.process_id().unwrap();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    stat.rsplit(')')
        .next()
        .unwrap()
        .trim()
        .chars()
        .next()
        .unwrap()
}

#[test]
fn sigtstp_from_outside_suspends_like_ctrl_z_and_sigcont_resumes() {
    let mut s = Session::start(&[]);
    s.wait_for("Overview (");
    signal(&s, nix::sys::signal::Signal::SIGTSTP);
    let deadline = Instant::now() + Duration::from_secs(10);
    while state(&s) != 'T' {
        assert!(Instant::now() < deadline, "never stopped");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Stopped with the terminal given back: the shell's screen, line editing, echo.
    s.assert_terminal_restored();
    signal(&s, nix::sys::signal::Signal::SIGCONT);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let p = s.screen();
        if p.screen().alternate_screen() && p.screen().contents().contains("Overview (") {
            break;
        }
        assert!(Instant::now() < deadline, "never came back");
        std::thread::sleep(Duration::from_millis(30));
    }
    // Raw mode again: a key is a command at once.
    let termios = s.master.as_ref().unwrap().get_termios().unwrap();
    assert!(
        !termios
            .local_flags
            .contains(nix::sys::termios::LocalFlags::ICANON)
    );
    s.keys("2");
    s.wait_for("Timeline (");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}

#[test]
fn sigquit_ends_the_app_like_sigterm_with_the_terminal_restored() {
    let mut s = Session::start(&[]);
    s.wait_for("Overview (");
    signal(&s, nix::sys::signal::Signal::SIGQUIT);
    assert_eq!(s.wait_exit(), 128 + 3, "ended by SIGQUIT");
    s.assert_terminal_restored();
}
