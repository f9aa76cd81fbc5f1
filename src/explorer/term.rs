//! The terminal: raw mode and the alternate screen, restored on every way out (normal exit,
//! error, panic, SIGTERM/SIGHUP/SIGINT — also when the terminal itself is gone, with or
//! without a SIGHUP), Ctrl-Z
//! suspend and resume, the editor `e` runs, the event loop, and the OSC 52 clipboard.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::explorer::ui::backend::{ClusterSafe, terminal_backend};
use base64::Engine;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseButton, MouseEvent, MouseEventKind,
};
use crossterm::terminal::{
    Clear, ClearType, DisableLineWrap, EnableLineWrap, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;

use crate::explorer::action::{Action, Effect};
use crate::explorer::app::{App, Loaded, Options};
use crate::explorer::keymap::action_for;
use crate::explorer::watch;
use crate::kb::cache::PendingWrite;
use crate::search::worker::{Job, Worker};

/// How often the loop wakes without input, to notice a termination signal.
const TICK: Duration = Duration::from_millis(100);
/// How long a keystroke waits for its search results before it is drawn without them
/// (the previous results stay on screen, marked as being updated).
const FRAME: Duration = Duration::from_millis(12);
/// How often the loop looks whether the search index is built, until it is.
const INDEX_POLL: Duration = Duration::from_millis(20);
/// How often the loop looks for the results of a search still running.
const RESULTS_POLL: Duration = Duration::from_millis(1);

/// Puts the terminal in the explorer's state. The cursor is hidden, unless `screen_reader`:
/// then it stays shown, and each frame puts it on the selection (`ui::cursor`).
fn enter(mouse: bool, screen_reader: bool) -> io::Result<()> {
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
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// A panic on any thread — the event loop, the search thread, a scan's helpers — restores
/// the terminal, reports, and ends the process: with the terminal restored, the other
/// threads must not go on drawing into it.
fn install_panic_hook() {
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
struct Editing {
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

    fn new() -> Editing {
        Editing {
            state: AtomicU64::new(0),
            epoch: Instant::now(),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX - 1)
    }

    fn start(&self) {
        self.state.store(Self::RUNNING, Ordering::SeqCst);
    }

    fn end(&self) {
        let until = self.now().saturating_add(Self::LINGER.as_millis() as u64);
        self.state
            .store(until.clamp(1, Self::RUNNING - 1), Ordering::SeqCst);
    }

    fn running(&self) -> bool {
        self.state.load(Ordering::SeqCst) == Self::RUNNING
    }

    /// Whether an interrupt now is one meant for the editor.
    fn interrupts_are_its(&self) -> bool {
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
fn watch_signals(
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
fn watch_terminal(stop: Arc<AtomicI32>) -> io::Result<()> {
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

/// Runs the explorer until the user quits or a termination signal arrives; returns the
/// signal's number, if one ended it.
pub fn run(
    data: Arc<Loaded>,
    options: Options,
    query: Option<String>,
    files: &[PathBuf],
    pending: Option<PendingWrite>,
) -> Result<Option<i32>, String> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(
            "qwen-tui: the explorer needs a terminal on stdin and stdout; for scripts use `qwen-tui search QUERY`"
                .into(),
        );
    }
    // Watch the file (not the embedded knowledge base) before the terminal changes, so a
    // failure to watch is a plain message.
    let watch = if files.is_empty() {
        None
    } else {
        Some(watch::watch(files, options.stale_horizon).map_err(|e| format!("qwen-tui: {e}"))?)
    };
    // Earlier queries, read before the terminal changes (a history that cannot be read is
    // an empty one).
    let history_path = crate::explorer::history_file::path();
    let history = history_path
        .as_deref()
        .map(crate::explorer::history_file::load)
        .unwrap_or_default();
    let stop = Arc::new(AtomicI32::new(0));
    let suspend_asked = Arc::new(AtomicBool::new(false));
    let editing = Arc::new(Editing::new());
    watch_signals(
        Arc::clone(&stop),
        Arc::clone(&suspend_asked),
        Arc::clone(&editing),
    )
    .map_err(|e| format!("qwen-tui: {e}"))?;
    watch_terminal(Arc::clone(&stop)).map_err(|e| format!("qwen-tui: {e}"))?;
    install_panic_hook();
    // crossterm drops every colour when NO_COLOR is set. A colour theme is here only
    // because the user chose it over NO_COLOR (config file or --theme): let it through.
    if options.theme.has_colour() {
        crossterm::style::Colored::set_ansi_color_disabled(false);
    }
    enter(options.mouse, options.screen_reader)
        .map_err(|e| format!("qwen-tui: cannot set up the terminal: {e}"))?;
    let _guard = Guard;
    let result = event_loop(Setup {
        data,
        options,
        query,
        stop: &stop,
        suspend_asked: &suspend_asked,
        watch: watch.as_ref(),
        history,
        history_path: history_path.as_deref(),
        files,
        editing: &editing,
        pending,
    });
    // A signal explains any error the loop met on the way out (a hung-up terminal fails
    // every write): report the signal, not the error.
    let signal = Some(stop.load(Ordering::SeqCst)).filter(|&s| s != 0);
    match result {
        Err(e) if signal.is_none() => Err(format!("qwen-tui: terminal error: {e}")),
        _ => Ok(signal),
    }
}

/// What the event loop starts from.
struct Setup<'a> {
    data: Arc<Loaded>,
    options: Options,
    query: Option<String>,
    stop: &'a AtomicI32,
    /// Set by a SIGTSTP from outside: suspend as Ctrl-Z does.
    suspend_asked: &'a AtomicBool,
    watch: Option<&'a watch::Watch>,
    history: Vec<String>,
    history_path: Option<&'a std::path::Path>,
    /// The knowledge base's paths as given (`--data`; empty: the embedded one).
    files: &'a [PathBuf],
    editing: &'a Editing,
    /// The cache file of a knowledge base just parsed, written after the first frame.
    pending: Option<PendingWrite>,
}

fn event_loop(setup: Setup) -> io::Result<()> {
    // No `terminal.clear()`: it asks the terminal for the cursor position and fails where
    // no answer comes (some emulators, slow links). `enter` already cleared the screen.
    let mut terminal = Terminal::new(terminal_backend(io::stdout()))?;
    let result = run_loop(&mut terminal, setup);
    // ratatui's `Terminal` shows the cursor when dropped and, if that fails, prints to
    // stderr — a print that panics when the terminal is gone (a hang-up). Show it here; if
    // that fails, skip its `Drop` (the process is ending; `restore` does the rest).
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
    result
}

/// The work the first frame does not wait for: the search index (built by the first
/// search instead if no thread can be started for it), the search thread's warm-up, the
/// cache file of a knowledge base just parsed, and freeing what loading no longer needs.
fn after_first_frame(data: &Arc<Loaded>, worker: &Worker<Loaded>, pending: Option<PendingWrite>) {
    let _ = data.start_indexing();
    worker.warm(Arc::clone(data));
    if let Some(p) = pending {
        p.write_in_background(Arc::clone(&data.kb));
    }
    crate::kb::load::free_now();
}

type Tui = Terminal<ClusterSafe<CrosstermBackend<io::Stdout>>>;

fn run_loop(terminal: &mut Tui, setup: Setup) -> io::Result<()> {
    let Setup {
        data,
        options,
        query,
        stop,
        suspend_asked,
        watch,
        history,
        history_path,
        files,
        editing,
        mut pending,
    } = setup;
    // Start crossterm's event source — and with it the SIGWINCH handler — before the first
    // frame: a resize between that frame and the first poll would otherwise be lost (the
    // signal's default is to be ignored), leaving the app drawn at the old size. The size
    // is read after, so a resize before it is seen too.
    let _ = event::poll(Duration::ZERO)?;
    let size = terminal.size()?;
    let mut app = App::new(data, options, (size.width, size.height)).with_history(history);
    if let Some(q) = query.filter(|q| !q.trim().is_empty()) {
        app = app.with_query(&q);
    }
    let worker = Worker::<Loaded>::spawn()?;
    // The search index is built, and the search thread warmed up, once the first frame is
    // drawn: on two cores, work started before it slows it down. (A panic building the
    // index ends the process through the hook, the terminal restored.)
    let mut first_frame = true;
    let mut dirty = true;
    let mut indexed = app.data.index_ready();
    'frames: while stop.load(Ordering::SeqCst) == 0 {
        if suspend_asked.swap(false, Ordering::SeqCst) {
            suspend_and_resume(terminal, &mut app, options.mouse)?;
            dirty = true;
        }
        for done in worker.results().try_iter() {
            app.search_done(done.generation, done.hits);
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| crate::explorer::ui::draw(f, &app))?;
            dirty = false;
            if std::mem::take(&mut first_frame) {
                after_first_frame(&app.data, &worker, pending.take());
            }
        }
        if let Some(changed) = watch.and_then(|w| w.changes.try_iter().last()) {
            apply_reload(&mut app, changed);
            worker.warm(Arc::clone(&app.data));
            dirty = true;
        }
        // The footer says `indexing…` until the index is built: redraw once it is.
        if !indexed && app.data.index_ready() {
            indexed = true;
            dirty = true;
            continue;
        }
        // While a search runs, look for its results often; otherwise wake for keys only
        // (and, while the index is built, to see it done).
        let wait = if app.search.pending() {
            RESULTS_POLL
        } else if !indexed {
            INDEX_POLL
        } else {
            TICK
        };
        if !event::poll(wait)? {
            continue;
        }
        // Every event already waiting is handled before the next frame: a burst (a held
        // key, a long unbracketed paste) costs one frame, not one per key.
        let mut handled = 0;
        loop {
            let action = match event::read()? {
                Event::Paste(text) => {
                    dirty = true;
                    if let Some(Effect::Search { generation, query }) = app.paste(&text) {
                        worker.submit(Job {
                            generation,
                            query,
                            data: Arc::clone(&app.data),
                        });
                    }
                    None
                }
                Event::Key(key) => action_for(key, app.mode),
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                Event::Mouse(m) if options.mouse => mouse_action(m),
                Event::FocusGained => {
                    dirty = true;
                    None
                }
                _ => None,
            };
            let Some(action) = action else {
                if burst_done(&mut handled)? {
                    break;
                }
                continue;
            };
            dirty = true;
            match app.update(action) {
                None => {}
                Some(Effect::Quit) => break 'frames,
                Some(Effect::SaveHistory) => {
                    // Never a reason to fail: an unwritable place keeps no history.
                    if let Some(p) = history_path {
                        // The newest query, added to the file as it is now (other
                        // instances' queries are kept).
                        if let Some(q) = app.history.queries.last() {
                            let _ = crate::explorer::history_file::add(p, q);
                        }
                    }
                }
                Some(Effect::Copy(text)) => copy_osc52(&text)?,
                // Loaded on the watcher's thread, like a change on disk; the embedded
                // knowledge base has no watcher.
                Some(Effect::Reload) => match watch {
                    Some(w) => {
                        w.reload_now();
                        app.status = Some("reloading…".into());
                    }
                    None => app.status = Some("the embedded knowledge base does not change".into()),
                },
                Some(Effect::Search { generation, query }) => {
                    worker.submit(Job {
                        generation,
                        query,
                        data: Arc::clone(&app.data),
                    });
                    // Draw the results with the key that asked for them when they come within
                    // a frame — unless more keys are already waiting, which make them stale.
                    if !input_waiting()?
                        && let Ok(done) = worker.results().recv_timeout(FRAME)
                    {
                        app.search_done(done.generation, done.hits);
                    }
                }
                Some(Effect::Suspend) => {
                    suspend_and_resume(terminal, &mut app, options.mouse)?;
                }
                Some(Effect::Edit { file, line }) => {
                    let target = EditTarget { files, file, line };
                    edit_entry(terminal, &mut app, target, options.mouse, editing)?;
                }
            }
            if burst_done(&mut handled)? {
                break;
            }
        }
    }
    Ok(())
}

/// At most this many events are handled between two frames.
const BURST: usize = 4096;

/// Counts one more event handled; true when the burst is over — no event is waiting, or
/// [`BURST`] were handled (the screen must not freeze under an endless stream).
fn burst_done(handled: &mut usize) -> io::Result<bool> {
    *handled += 1;
    Ok(*handled >= BURST || !input_waiting()?)
}

/// Is an event already waiting? crossterm 0.29's `/dev/tty` source (the `use-dev-tty`
/// feature) answers a zero-timeout poll without looking at what it has already read and
/// parsed, so `poll(Duration::ZERO)` is false in the middle of a burst and every key drew a
/// frame of its own (5,000 keys: 3,316 frames). A poll this short does look, and waits
/// this long at most when nothing is there.
fn input_waiting() -> io::Result<bool> {
    event::poll(Duration::from_micros(200))
}

/// A reload's outcome: new data in place of the old, or the error over the old.
fn apply_reload(app: &mut App, outcome: watch::Reloaded) {
    match outcome {
        Ok(data) => app.replace_data(data),
        Err(e) => app.reload_failed(e),
    }
}

fn mouse_action(m: MouseEvent) -> Option<Action> {
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
        MouseEventKind::ScrollDown => Some(Action::Wheel {
            x: m.column,
            y: m.row,
            down: true,
        }),
        MouseEventKind::ScrollUp => Some(Action::Wheel {
            x: m.column,
            y: m.row,
            down: false,
        }),
        _ => None,
    }
}

/// Ctrl-Z, or SIGTSTP from outside: give the terminal back, stop until the shell resumes
/// us (SIGCONT), then take the terminal again and redraw all of it.
fn suspend_and_resume(terminal: &mut Tui, app: &mut App, mouse: bool) -> io::Result<()> {
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
struct EditTarget<'a> {
    files: &'a [PathBuf],
    file: usize,
    line: u32,
}

/// `e`: gives the terminal back as Ctrl-Z does, runs the editor on the entry's file and
/// line with the terminal as its own, waits for it, then takes the terminal again and
/// redraws everything. What the editor saved comes back through the live reload. An
/// editor that cannot be run or fails is said on the status line.
fn edit_entry(
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
fn copy_osc52(text: &str) -> io::Result<()> {
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
