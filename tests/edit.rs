//! `e` edits the selected entry: the key asks for the entry's file and line (no I/O in the
//! app); the real binary gives the terminal back, runs `$VISUAL` with `+LINE FILE`, waits
//! for it, takes the terminal again and shows what was saved. A fake editor — a shell
//! script — records what it was given and what the terminal was like. Also `qwen-tui
//! export`, which writes the built-in knowledge base out so that it can be edited.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use qwen_tui::explorer::action::{Action, Effect};
use qwen_tui::explorer::app::edit::READ_ONLY;
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::explorer::keymap::{Mode, action_for};
use qwen_tui::kb::Tab;

const MINIMAL: &str = include_str!("fixtures/valid/minimal.yaml");

/// A fresh folder of this test's own.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("edit")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The 1-based number of the line of `text` that is `line`.
fn line_of(text: &str, line: &str) -> u32 {
    let i = text.lines().position(|l| l == line).unwrap();
    u32::try_from(i + 1).unwrap()
}

fn press(app: &mut App, c: char) -> Option<Effect> {
    let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    action_for(key, app.mode).and_then(|a| app.update(a))
}

#[test]
fn e_on_the_built_in_knowledge_base_says_how_to_get_a_copy_and_asks_for_nothing() {
    let data = Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap()));
    let mut app = App::new(data, Options::default(), (120, 40));
    assert!(app.selected_entry().is_some());
    assert_eq!(press(&mut app, 'e'), None);
    assert_eq!(app.status.as_deref(), Some(READ_ONLY));
    assert!(READ_ONLY.contains("qwen-tui export kb.yaml"), "{READ_ONLY}");
    assert!(READ_ONLY.contains("qwen-tui --data kb.yaml"), "{READ_ONLY}");
    // The same in the detail.
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Detail);
    assert_eq!(press(&mut app, 'e'), None);
    assert_eq!(app.status.as_deref(), Some(READ_ONLY));
}

#[test]
fn e_asks_for_the_selected_entrys_file_and_line() {
    let dir = folder("effect");
    let (head, body) = halves();
    std::fs::write(dir.join("a-head.yaml"), &head).unwrap();
    std::fs::write(dir.join("b-body.yaml"), &body).unwrap();
    let kb = qwen_tui::kb::load_paths(std::slice::from_ref(&dir)).unwrap();
    let mut app = App::new(Arc::new(Loaded::new(kb)), Options::default(), (120, 40));
    jump(&mut app, "headquarters");
    assert_eq!(app.selected_entry().unwrap().id, "hq");
    // The entries are in the second file, at their own line there.
    let want = Effect::Edit {
        file: 1,
        line: line_of(&body, "  - id: hq"),
    };
    assert_eq!(press(&mut app, 'e'), Some(want.clone()));
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Detail);
    assert_eq!(press(&mut app, 'e'), Some(want));
    // A source is in the first.
    app.update(Action::Back);
    app.update(Action::GoTab(Tab::Sources));
    let Some(Effect::Edit { file, line }) = press(&mut app, 'e') else {
        panic!("no edit: {:?}", app.status);
    };
    assert_eq!(file, 0);
    let id = &app.selected_entry().unwrap().id;
    assert_eq!(line, line_of(&head, &format!("  - id: {id}")));
    // The disputed view edits the disputed entry; the search box takes `e` as text.
    press(&mut app, 'D');
    assert_eq!(app.mode, Mode::Disputed);
    let Some(Effect::Edit { file: 1, line }) = press(&mut app, 'e') else {
        panic!("no edit in the disputed view: {:?}", app.status);
    };
    let disputed = app.current_entry().unwrap();
    assert_eq!(line, disputed.pos.line);
    app.update(Action::Back);
    press(&mut app, '/');
    assert_eq!(
        action_for(
            KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE),
            Mode::Search
        ),
        Some(Action::Input('e'))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Searches for `query` and jumps to its best hit, as a user would.
fn jump(app: &mut App, query: &str) {
    press(app, '/');
    for c in query.chars() {
        press(app, c);
    }
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Browse);
}

/// The minimal example split in two: meta and sources, then the entries.
fn halves() -> (String, String) {
    let at = MINIMAL.find("\noverview:").unwrap() + 1;
    (MINIMAL[..at].to_string(), MINIMAL[at..].to_string())
}

#[test]
fn export_writes_the_built_in_knowledge_base_byte_for_byte() {
    let embedded = qwen_tui::kb::load::EMBEDDED_YAML;
    // To standard output.
    let o = common::run(&["export"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.stdout, embedded.as_bytes());
    let o = common::run(&["export", "-"]);
    assert_eq!(o.stdout, embedded.as_bytes());

    // To a file, which loads as the same knowledge base.
    let dir = folder("export");
    let file = dir.join("kb.yaml");
    let path = file.to_str().unwrap();
    let o = common::run(&["export", path]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty());
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains(&format!("qwen-tui --data {path}")), "{said}");
    assert_eq!(std::fs::read(&file).unwrap(), embedded.as_bytes());
    let loaded = qwen_tui::kb::load_path(&file).unwrap();
    let builtin = qwen_tui::kb::load_embedded().unwrap();
    assert_eq!(loaded.entries, builtin.entries);
    assert_eq!(loaded.sources, builtin.sources);
    assert_eq!(loaded.meta, builtin.meta);

    // An existing file is kept, unless --force.
    std::fs::write(&file, "mine\n").unwrap();
    let o = common::run(&["export", path]);
    assert_eq!(o.status.code(), Some(1));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(
        said.contains("already exists") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
    let o = common::run(&["export", "--force", path]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&file).unwrap(), embedded.as_bytes());

    // A place that cannot be written is said, with exit status 1.
    let o = common::run(&["export", dir.join("no/such/dir/kb.yaml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cannot write"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
mod pty {
    use super::*;
    use common::session::Session;
    use std::ffi::OsStr;
    use std::time::{Duration, Instant};

    /// Writes an executable shell script `fake-editor` into `dir`: it writes its arguments
    /// (one a line) to `dir/args`, `stty -a` to `dir/stty` and whether stdin and stdout are
    /// terminals to `dir/tty`, then runs `body` (with `$f` the file, its last argument).
    fn fake_editor(dir: &Path, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join("fake-editor");
        let text = format!(
            "#!/bin/sh\n\
             log='{}'\n\
             for a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$log/args\"\n\
             stty -a > \"$log/stty\" 2>&1\n\
             t=no; if [ -t 0 ] && [ -t 1 ]; then t=yes; fi; echo $t > \"$log/tty\"\n\
             for f in \"$@\"; do :; done\n\
             {body}\n",
            dir.display()
        );
        std::fs::write(&script, text).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    fn start(data: &Path, visual: &OsStr) -> Session {
        Session::start_with(
            &["--data", data.to_str().unwrap()],
            &[
                ("VISUAL", visual),
                ("EDITOR", OsStr::new("/nonexistent/editor")),
            ],
        )
    }

    /// Waits until `path` exists and returns what it holds.
    fn wait_file(path: &Path) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(text) = std::fs::read_to_string(path) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{} never written",
                path.display()
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Jumps to the hit for `query` (so the selection does not depend on the list's
    /// order).
    fn select(s: &mut Session, query: &str) {
        s.keys(&format!("/{query}"));
        s.wait_for_results(query);
        s.keys("\r");
        s.wait_for("hit 1 of");
    }

    /// The explorer again: its screen drawn, raw mode back.
    fn back_in_the_explorer(s: &Session) -> String {
        let screen = s.wait_until("back in the explorer", |p| {
            p.alternate_screen() && p.contents().contains("1 Overview")
        });
        let termios = s.master.as_ref().unwrap().get_termios().unwrap();
        assert!(
            !termios
                .local_flags
                .contains(nix::sys::termios::LocalFlags::ICANON),
            "not in raw mode again"
        );
        screen
    }

    #[test]
    fn e_runs_the_editor_at_the_entry_with_the_terminal_then_shows_the_change() {
        let dir = folder("run");
        let data = dir.join("kb.yaml");
        std::fs::write(&data, MINIMAL).unwrap();
        let editor = fake_editor(
            &dir,
            "printf 'FAKE EDITOR READY\\n'\n\
             IFS= read -r answer\n\
             printf '%s\\n' \"$answer\" > \"$log/answer\"\n\
             sed 's/Springfield/Shelbyville/' \"$f\" > \"$f.new\" && cat \"$f.new\" > \"$f\" && rm \"$f.new\"",
        );
        let mut s = start(&data, editor.as_os_str());
        s.wait_for("Overview (");
        select(&mut s, "headquarters");
        assert!(s.settled().contains("Springfield"));
        s.keys("e");

        // The editor has the terminal, given back as Ctrl-Z gives it: off the alternate
        // screen, line editing and echo on, the cursor shown; keys go to the editor.
        s.wait_until("the editor ran", |p| {
            p.contents().contains("FAKE EDITOR READY")
        });
        s.assert_terminal_restored();
        let args = wait_file(&dir.join("args"));
        let line = line_of(MINIMAL, "  - id: hq");
        assert_eq!(
            args.lines().collect::<Vec<_>>(),
            [format!("+{line}"), data.display().to_string()],
            "called with +LINE FILE"
        );
        let stty = wait_file(&dir.join("stty"));
        let flags: Vec<&str> = stty.split_whitespace().collect();
        for flag in ["icanon", "echo", "isig"] {
            assert!(
                flags.contains(&flag),
                "{flag} is off in the editor:\n{stty}"
            );
        }
        assert_eq!(wait_file(&dir.join("tty")).trim(), "yes");
        s.keys("typed in the editor\r");
        assert_eq!(wait_file(&dir.join("answer")).trim(), "typed in the editor");

        // Back: the explorer redrawn, the saved change reloaded and shown.
        back_in_the_explorer(&s);
        let screen = s.wait_for("Shelbyville");
        assert!(!screen.contains("Springfield"), "{screen}");
        // Keys work.
        s.keys("2");
        s.wait_for("Timeline (");
        s.keys("q");
        assert_eq!(s.wait_exit(), 0);
        s.assert_terminal_restored();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn in_a_directory_e_opens_the_file_the_entry_is_in() {
        let dir = folder("directory");
        let kb = dir.join("kb");
        std::fs::create_dir_all(&kb).unwrap();
        let (head, body) = halves();
        std::fs::write(kb.join("a-head.yaml"), &head).unwrap();
        std::fs::write(kb.join("b-body.yaml"), &body).unwrap();
        let editor = fake_editor(&dir, "exit 0");
        let mut s = start(&kb, editor.as_os_str());
        s.wait_for("Overview (");
        select(&mut s, "supply constraints");
        // From the detail.
        s.keys("\r");
        s.keys("e");
        back_in_the_explorer(&s);
        s.wait_for("back from");
        let args = wait_file(&dir.join("args"));
        let line = line_of(&body, "  - id: supply");
        assert_eq!(
            args.lines().collect::<Vec<_>>(),
            [
                format!("+{line}"),
                kb.join("b-body.yaml").display().to_string()
            ]
        );
        // `q` closes the detail, then quits.
        s.keys("qq");
        assert_eq!(s.wait_exit(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_editor_that_is_not_found_or_fails_is_said_and_the_explorer_goes_on() {
        let dir = folder("failing");
        let data = dir.join("kb.yaml");
        std::fs::write(&data, MINIMAL).unwrap();
        let mut s = start(&data, OsStr::new("/nonexistent/editor --flag"));
        s.wait_for("Overview (");
        s.keys("e");
        s.wait_for("editor `/nonexistent/editor` not found: set $VISUAL or $EDITOR");
        back_in_the_explorer(&s);
        s.keys("2");
        s.wait_for("Timeline (");
        s.keys("q");
        assert_eq!(s.wait_exit(), 0);
        s.assert_terminal_restored();

        let editor = fake_editor(&dir, "exit 3");
        let mut s = start(&data, editor.as_os_str());
        s.wait_for("Overview (");
        s.keys("e");
        s.wait_for("failed (exit status 3)");
        back_in_the_explorer(&s);
        s.keys("q");
        assert_eq!(s.wait_exit(), 0);

        // An unclosed quote: nothing is run.
        let mut s = start(&data, OsStr::new("'vim"));
        s.wait_for("Overview (");
        s.keys("e");
        s.wait_for("$VISUAL has an unclosed ' quote");
        s.keys("q");
        assert_eq!(s.wait_exit(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The explorer on a copy of the minimal file, with `e` pressed and a fake editor
    /// running that waits for a line of input.
    fn in_a_waiting_editor(tag: &str) -> (PathBuf, Session) {
        let dir = folder(tag);
        let data = dir.join("kb.yaml");
        std::fs::write(&data, MINIMAL).unwrap();
        let editor = fake_editor(
            &dir,
            "printf 'FAKE EDITOR READY\\n'\nIFS= read -r answer\nexit 0",
        );
        let mut s = start(&data, editor.as_os_str());
        s.wait_for("Overview (");
        s.keys("e");
        s.wait_until("the editor ran", |p| {
            p.contents().contains("FAKE EDITOR READY")
        });
        (dir, s)
    }

    #[test]
    fn ctrl_c_in_the_editor_ends_the_editor_not_the_explorer() {
        let (dir, mut s) = in_a_waiting_editor("interrupt");
        // The terminal sends SIGINT to the editor and the explorer alike.
        s.keys("\x03");
        let screen = back_in_the_explorer(&s);
        assert!(screen.contains("editor `"), "{screen}");
        // Past the grace a termination signal gets: still running.
        std::thread::sleep(Duration::from_millis(800));
        assert!(s.child.try_wait().unwrap().is_none(), "the explorer ended");
        s.keys("2");
        s.wait_for("Timeline (");
        s.keys("q");
        assert_eq!(s.wait_exit(), 0);
        s.assert_terminal_restored();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn ctrl_z_in_the_editor_stops_the_explorer_too() {
        let (dir, mut s) = in_a_waiting_editor("stop");
        s.keys("\x1a");
        let deadline = Instant::now() + Duration::from_secs(10);
        while s.process_state() != 'T' {
            assert!(Instant::now() < deadline, "the explorer never stopped");
            std::thread::sleep(Duration::from_millis(20));
        }
        // Stopped, it did not touch the terminal: still the editor's.
        assert!(!s.screen().screen().alternate_screen());
        let pid = nix::unistd::Pid::from_raw(s.child.process_id().unwrap() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGCONT).unwrap();
        s.keys("done\r");
        back_in_the_explorer(&s);
        s.wait_for("back from");
        s.keys("q");
        assert_eq!(s.wait_exit(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
