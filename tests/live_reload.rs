//! Live reload in the real binary: only a real change of the file reloads it — reading it
//! does not, and one save is one reload — and keys are answered while a large file is
//! reloaded. (Keeping the place across a reload is tested in tests/reload.rs and
//! tests/pty.rs.)

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use common::session::Session;

const MINIMAL: &str = include_str!("fixtures/valid/minimal.yaml");

/// A folder of this test's own, holding `kb.yaml` with `text`.
fn kb_file(name: &str, text: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("live-reload")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("kb.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Whether the status line says a reload happened, after waiting long enough for one that
/// an event would have started (the debounce is 150 ms; a load of the small file takes
/// well under a second even in a debug build).
fn reloaded_within_a_while(s: &Session) -> bool {
    std::thread::sleep(Duration::from_millis(1500));
    s.settled().contains("reloaded")
}

#[test]
fn reading_the_file_never_reloads_and_one_save_is_one_reload() {
    let path = kb_file("read", MINIMAL);
    let mut s = Session::start(&["--data", path.to_str().unwrap()]);
    s.wait_for("Overview (");

    // What `cat`, `grep`, an editor opening the file or a second qwen-tui do.
    for _ in 0..5 {
        let mut text = String::new();
        std::fs::File::open(&path)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
    }
    assert!(
        !reloaded_within_a_while(&s),
        "reading the file reloaded it:\n{}",
        s.settled()
    );

    // The same bytes written again: a new modification time, nothing new to show.
    std::fs::write(&path, MINIMAL).unwrap();
    assert!(!reloaded_within_a_while(&s), "{}", s.settled());

    // A real save reloads once: after a key clears the status, it never comes back (the
    // reload's own reading of the file must not start another).
    std::fs::write(&path, MINIMAL.replace("~1,200", "~1,300")).unwrap();
    s.wait_for("reloaded");
    assert!(s.settled().contains("~1,300"));
    s.keys("j");
    let screen = s.settled();
    assert!(!screen.contains("reloaded"), "{screen}");
    assert!(
        !reloaded_within_a_while(&s),
        "reloaded again without a change:\n{}",
        s.settled()
    );
    // `r` reloads by hand, through the same watcher, even with nothing changed.
    s.keys("r");
    s.wait_for("reloaded");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn keys_are_answered_while_a_large_file_reloads() {
    // About 5 MB: in a debug build its load and index take seconds, on the watcher's
    // thread.
    let text = qwen_tui::kb::synth::knowledge_base(20_000, 3);
    let path = kb_file("large", &text);
    let mut s = Session::start(&["--data", path.to_str().unwrap()]);
    s.wait_for("Overview (");

    std::fs::write(
        &path,
        text.replacen(
            "Synthetic knowledge base",
            "Synthetic knowledge base, edited",
            1,
        ),
    )
    .unwrap();
    // Past the debounce: the reload is under way.
    std::thread::sleep(Duration::from_millis(400));
    s.keys("2");
    // The key is answered before the reload ends: its tab shows, and the reload's status
    // comes after it (a reload done on the event loop would have come first, and the key
    // would have cleared its status).
    let screen = s.wait_for("Timeline (");
    assert!(
        !screen.contains("edited"),
        "the reload was not slower than the key:\n{screen}"
    );
    let screen = s.wait_for("reloaded");
    assert!(screen.contains("edited"), "{screen}");
    assert!(screen.contains("Timeline ("), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}
