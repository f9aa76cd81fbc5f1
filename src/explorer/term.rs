//! The event loop: the first frame drawn first, then keys, mouse, paste, signals, live
//! reloads and search results turned into actions and effects, and a frame drawn when
//! something changed. The terminal it runs in is set up and given back by `screen`.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::Duration;

use crate::explorer::ui::backend::terminal_backend;
use crossterm::event::{self, Event, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;

use crate::explorer::action::{Action, Effect};
use crate::explorer::app::{App, Loaded, Options};
use crate::explorer::keymap::action_for;
use crate::explorer::watch;
use crate::kb::cache::PendingWrite;
use crate::search::worker::{Job, Worker};

use super::screen::{
    EditTarget, Editing, Guard, Tui, copy_osc52, edit_entry, enter, install_panic_hook,
    suspend_and_resume, watch_signals, watch_terminal,
};

/// How often the loop wakes without input, to notice a termination signal.
const TICK: Duration = Duration::from_millis(100);
/// How long a keystroke waits for its search results before it is drawn without them
/// (the previous results stay on screen, marked as being updated).
const FRAME: Duration = Duration::from_millis(12);
/// How often the loop looks whether the search index is built, until it is.
const INDEX_POLL: Duration = Duration::from_millis(20);
/// How often the loop looks for the results of a search still running.
const RESULTS_POLL: Duration = Duration::from_millis(1);

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
