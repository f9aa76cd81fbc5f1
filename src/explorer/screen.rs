//! The terminal itself: raw mode and the alternate screen, entered and restored on every
//! way out (normal exit, error, panic, SIGTERM/SIGHUP/SIGINT — also when the terminal is
//! gone, with or without a SIGHUP), Ctrl-Z suspend and resume, the editor `e` runs, and the
//! OSC 52 clipboard. The event loop that uses them is `term`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::explorer::ui::backend::ClusterSafe;
use base64::Engine;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    Clear, ClearType, DisableLineWrap, EnableLineWrap, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;

use crate::explorer::action::Action;
use crate::explorer::app::App;

/// Puts the terminal in the explorer's state. The cursor is hidden, unless `screen_reader`:
/// then it stays shown, and each frame puts it on the selection (`ui::cursor`).
pub(super) fn enter(mouse: bool, screen_reader: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    // Bracketed paste: a paste arrives as text, not as keys (it must not run commands).
    // No line wrap: a glyph the terminal draws wider than ratatui meant is clipped at the
    // right edge instead of spilling onto the next row (`ui::backend`).
    execute!(out, EnterAlternateScreen, Clear(ClearType::All))?;
    if screen_reader {
        execute!(out, cursor::Show)?;
    } else {
        execute!(out, cursor::Hide)?;
    }
    execute!(out, EnableBracketedPaste, DisableLineWrap)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Gives the terminal back as it was. Safe to call more than once, and from a panic hook.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        EnableLineWrap,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal when dropped: on return, on `?`, and while unwinding.
pub(super) struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// A panic on any thread — the event loop, the search thread, a scan's helpers — restores
/// the terminal, reports, and ends the process: with the terminal restored, the other
/// threads must not go on drawing into it.
pub(super) fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
        std::process::exit(101);
    }));
}

/// Whether an editor started by `e` has the terminal, for the signal watcher. The editor
/// runs in this process's group, as a shell would run it: `Ctrl-C` or `Ctrl-\` typed to an
/// editor that leaves them to the terminal (`code --wait`, a script) reach both, and must
/// end the editor, not the explorer; Ctrl-Z stops both, so the shell sees the job stop.
pub(super) struct Editing {
    /// 0: no editor; [`Editing::RUNNING`]: one runs; else the time (milliseconds since
    /// `epoch`) until which SIGINT and SIGQUIT are still taken as the editor's — the
    /// watcher may read the signal after the editor's end is seen.
    state: AtomicU64,
    epoch: Instant,
}

impl Editing {
    const RUNNING: u64 = u64::MAX;
    /// How long after the editor ends its interrupts are still ignored.
    const LINGER: Duration = Duration::from_millis(250);

    pub(super) fn new() -> Editing {
        Editing {
            state: AtomicU64::new(0),
            epoch: Instant::now(),
        }
    }

    pub(super) fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX - 1)
    }

    pub(super) fn start(&self) {
        self.state.store(Self::RUNNING, Ordering::SeqCst);
    }

    pub(super) fn end(&self) {
        let until = self.now().saturating_add(Self::LINGER.as_millis() as u64);
        self.state
            .store(until.clamp(1, Self::RUNNING - 1), Ordering::SeqCst);
    }

    pub(super) fn running(&self) -> bool {
        self.state.load(Ordering::SeqCst) == Self::RUNNING
    }

    /// Whether an interrupt now is one meant for the editor.
    pub(super) fn interrupts_are_its(&self) -> bool {
        let state = self.state.load(Ordering::SeqCst);
        state == Self::RUNNING || self.now() < state
    }
}

/// How long a termination signal waits for the event loop to finish on its own before the
/// watcher restores the terminal and exits itself.
const GRACE: Duration = Duration::from_millis(400);

/// Watches for SIGTERM, SIGHUP, SIGINT and SIGQUIT on a thread of its own. The first sets
/// `stop`, which the event loop checks every [`TICK`]. If the loop has not finished after
/// [`GRACE`] — crossterm's `poll` never returns once the terminal is gone (its input reads
/// EOF forever: crossterm issue 793) — the watcher restores what it can and exits with
/// 128 + the signal number. SIGTSTP from outside (`kill -TSTP`) asks the loop to suspend,
/// as Ctrl-Z does: the terminal is given back before the process stops, and taken again
/// when it continues. While an editor runs ([`Editing`]), SIGINT and SIGQUIT are its own
/// and ignored here, and SIGTSTP stops this process at once, leaving the terminal to the
/// editor, which stops too.
pub(super) fn watch_signals(
    stop: Arc<AtomicI32>,
    suspend: Arc<AtomicBool>,
    editing: Arc<Editing>,
) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if sig == SIGTSTP && editing.running() {
                let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                continue;
            }
            if sig == SIGTSTP {
                suspend.store(true, Ordering::SeqCst);
                continue;
            }
            if (sig == SIGINT || sig == SIGQUIT) && editing.interrupts_are_its() {
                continue;
            }
            stop.store(sig, Ordering::SeqCst);
            std::thread::sleep(GRACE);
            restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// How often the terminal is checked for being still there.
const TTY_CHECK: Duration = Duration::from_millis(250);

/// Watches, on a thread of its own, that the terminal is still there. A terminal that goes
/// away hangs up, and the kernel sends SIGHUP — but not to a process that is not its
/// session's leader (`setsid`, or a parent that ignored the signal), and crossterm then
/// reads end-of-file forever at full CPU (crossterm issue 793). A terminal that no longer
/// answers as one is treated as that hang-up: `stop` is set to SIGHUP and, if the event
/// loop has not finished after [`GRACE`], the process restores what it can and exits
/// with 129.
pub(super) fn watch_terminal(stop: Arc<AtomicI32>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("tty".into())
        .spawn(move || {
            loop {
                std::thread::sleep(TTY_CHECK);
                if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
                    let hup = signal_hook::consts::SIGHUP;
                    stop.store(hup, Ordering::SeqCst);
                    std::thread::sleep(GRACE);
                    restore();
                    std::process::exit(128 + hup);
                }
            }
        })
        .map(|_| ())
}

pub(super) type Tui = Terminal<ClusterSafe<CrosstermBackend<io::Stdout>>>;

/// Ctrl-Z, or SIGTSTP from outside: give the terminal back, stop until the shell resumes
/// us (SIGCONT), then take the terminal again and redraw all of it.
pub(super) fn suspend_and_resume(terminal: &mut Tui, app: &mut App, mouse: bool) -> io::Result<()> {
    restore();
    // The stop itself, as the default action of SIGTSTP would do (this process handles
    // SIGTSTP, so raising it would only ask again).
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
    take_back(terminal, app, mouse)
}

/// Takes the terminal again after it was given back, and redraws all of it.
fn take_back(terminal: &mut Tui, app: &mut App, mouse: bool) -> io::Result<()> {
    enter(mouse, app.options.screen_reader)?;
    // Resizing clears the screen and forgets what was drawn: a full redraw.
    let size = terminal.size()?;
    terminal.resize(Rect::new(0, 0, size.width, size.height))?;
    app.update(Action::Resize(size.width, size.height));
    Ok(())
}

/// What `e` opens: file number `file` of the paths `files` stand for, at `line`.
pub(super) struct EditTarget<'a> {
    pub(super) files: &'a [PathBuf],
    pub(super) file: usize,
    pub(super) line: u32,
}

/// `e`: gives the terminal back as Ctrl-Z does, runs the editor on the entry's file and
/// line with the terminal as its own, waits for it, then takes the terminal again and
/// redraws everything. What the editor saved comes back through the live reload. An
/// editor that cannot be run or fails is said on the status line.
pub(super) fn edit_entry(
    terminal: &mut Tui,
    app: &mut App,
    target: EditTarget,
    mouse: bool,
    editing: &Editing,
) -> io::Result<()> {
    // The files as they are now: the order the knowledge base was loaded in (a directory's
    // YAML files in name order).
    let path = crate::kb::read::expand_paths(target.files)
        .ok()
        .and_then(|paths| paths.into_iter().nth(target.file));
    let Some(path) = path else {
        app.status = Some("cannot tell which file the entry is in: r reloads, then e again".into());
        return Ok(());
    };
    let visual = std::env::var_os("VISUAL");
    let editor = std::env::var_os("EDITOR");
    let command = match crate::explorer::app::edit::editor_command(
        visual.as_deref(),
        editor.as_deref(),
        &path,
        target.line,
    ) {
        Ok(c) => c,
        Err(why) => {
            app.status = Some(why);
            return Ok(());
        }
    };
    restore();
    editing.start();
    let outcome = std::process::Command::new(&command.program)
        .args(&command.args)
        .status();
    editing.end();
    take_back(terminal, app, mouse)?;
    app.status = Some(crate::explorer::app::edit::outcome_note(
        &command.name,
        &outcome,
    ));
    Ok(())
}

/// Puts `text` on the clipboard of the terminal — local, or at the far end of SSH — with
/// OSC 52. Inside tmux the sequence is also sent wrapped for passthrough.
pub(super) fn copy_osc52(text: &str) -> io::Result<()> {
    let osc = osc52(text);
    let mut out = io::stdout();
    out.write_all(osc.as_bytes())?;
    if std::env::var_os("TMUX").is_some() {
        out.write_all(tmux_passthrough(&osc).as_bytes())?;
    }
    out.flush()
}

/// `ESC ] 52 ; c ; BASE64 BEL`. The text is base64-encoded: nothing in it can act as a
/// terminal control.
pub fn osc52(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{b64}\x07")
}

/// Wraps a sequence in tmux's DCS passthrough (ESC doubled inside).
pub fn tmux_passthrough(seq: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_base64_encoded() {
        let s = osc52("Qwen3 \x1b[31m 通义");
        assert!(s.starts_with("\x1b]52;c;") && s.ends_with('\x07'));
        let b64 = &s["\x1b]52;c;".len()..s.len() - 1];
        let back = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert_eq!(back, "Qwen3 \x1b[31m 通义".as_bytes());
        assert_eq!(
            s.matches('\x1b').count(),
            1,
            "only the introducer is an escape"
        );
        let t = tmux_passthrough(&s);
        assert!(t.starts_with("\x1bPtmux;\x1b\x1b]52;c;") && t.ends_with("\x1b\\"));
    }
}
