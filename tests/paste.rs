//! A paste in the real binary (bracketed by the terminal): text for the box with the focus,
//! never keys — `alibaba cloud⏎yq` pasted into the search box does not jump, copy or quit.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::session::Session;

/// What a terminal sends for a paste when the program asked for bracketed paste.
fn pasted(text: &str) -> String {
    format!("\x1b[200~{text}\x1b[201~")
}

#[test]
fn the_app_asks_for_bracketed_paste_and_turns_it_off_on_exit() {
    let mut s = Session::start(&[]);
    s.wait_for("Overview (");
    assert!(
        String::from_utf8_lossy(&s.raw()).contains("\x1b[?2004h"),
        "bracketed paste was not enabled"
    );
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    let raw = String::from_utf8_lossy(&s.raw()).to_string();
    let on = raw.rfind("\x1b[?2004h").unwrap();
    assert!(
        raw.rfind("\x1b[?2004l").is_some_and(|off| off > on),
        "bracketed paste left on"
    );
}

#[test]
fn a_paste_is_text_in_the_box_and_nothing_outside_it() {
    let mut s = Session::start(&[]);
    s.wait_for("Overview (");
    // Outside a box: nothing (a `q` in it does not quit, `3` does not change tab).
    s.keys(&pasted("3q"));
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = s.settled();
    assert!(screen.contains("Overview ("), "{screen}");
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "a paste quit the app"
    );

    s.keys("/");
    s.wait_for("type to search every tab");
    s.keys(&pasted("alibaba cloud\nyq"));
    // The line break became a space; `y` and `q` are letters of the query.
    let screen = s.wait_for_results("alibaba cloud yq");
    assert!(!screen.contains("clipboard"), "{screen}");
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "a paste quit the app"
    );
    s.keys("\x1b");
    s.wait_for("Overview (");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// More than crossterm's 1,024-byte read in one burst: every key is handled, the last
/// (`q`) too, without waiting for more input.
#[test]
fn a_burst_of_five_thousand_bytes_is_handled_to_its_end() {
    let mut s = Session::start(&[]);
    s.wait_for("Overview (");
    let before = s.raw().len();
    let burst = format!("{}q", "j".repeat(4_999));
    s.keys(&burst);
    assert_eq!(
        s.wait_exit(),
        0,
        "the last key of the burst was not handled"
    );
    s.assert_terminal_restored();
    // A burst costs a few frames, not one per key (each frame ends by hiding the cursor).
    let raw = s.raw();
    let frames = raw[before..]
        .windows(6)
        .filter(|w| w == b"\x1b[?25l")
        .count();
    assert!(frames < 50, "{frames} frames for one burst");
}

/// A paste longer than one read: it arrives whole, as text, cut at the longest query.
#[test]
fn a_long_paste_arrives_whole() {
    let mut s = Session::start(&[]);
    s.wait_for("Overview (");
    s.keys("/");
    s.wait_for("type to search every tab");
    s.keys(&pasted(&format!("{}alibaba", "cloud ".repeat(250))));
    let screen = s.wait_for("the paste was cut");
    assert!(screen.contains("/ "), "{screen}");
    s.keys("\x1b");
    s.wait_for("Overview (");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}
