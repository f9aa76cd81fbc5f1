//! The explorer's state. The loaded knowledge base is shared and immutable; everything here
//! is UI state, changed only by [`App::update`], which performs no I/O.

pub mod columns;
pub mod edit;
pub mod extent;
mod history;
mod input;
pub mod layout;
mod pane;
mod paste;
mod reload;
pub mod rows;
pub mod search;
mod update;
mod views;

use std::sync::Arc;

pub use pane::Pane;
pub use rows::Row;
pub use search::{ResultRow, SearchState};

use crate::derive::chart::Charts;
use crate::explorer::keymap::Mode;
use crate::explorer::theme::ThemeName;
use crate::kb::age::{self, Horizon};
use crate::kb::{Entry, KnowledgeBase, Tab};
use crate::search::SearchIndex;
use layout::Areas;

/// A loaded knowledge base with its search index, built once.
pub struct Loaded {
    /// Shared with the index, which reads the entries' text in place.
    pub kb: Arc<KnowledgeBase>,
    /// Built once, by whoever asks first (see [`Loaded::index`]).
    index: Arc<std::sync::OnceLock<SearchIndex>>,
    horizon: crate::kb::age::Horizon,
    /// The entries of each tab in file order.
    pub by_tab: Vec<Vec<usize>>,
    /// Every disputed value, for the disputed view (found once, at load).
    pub disputes: Vec<crate::derive::compare::Dispute>,
    /// What the charts of the Finances and Models tabs show, worked out once, when first
    /// drawn (see [`Loaded::charts`]).
    charts: std::sync::OnceLock<Charts>,
    /// Per tab, the cells each column's widest cell needs: measured the first time the tab
    /// is drawn (on an even sample of at most 2,048 rows), then kept (`natural_widths`).
    natural: Vec<std::sync::OnceLock<Vec<columns::Natural>>>,
}

impl AsRef<SearchIndex> for Loaded {
    fn as_ref(&self) -> &SearchIndex {
        self.index()
    }
}

/// What the status line says after a copy: the text was sent, not necessarily received
/// (a terminal or tmux may ignore OSC 52).
pub(crate) fn copy_note(options: &Options, what: &str) -> String {
    let tmux = if options.in_tmux {
        " · in tmux it needs `set -g set-clipboard on`"
    } else {
        ""
    };
    format!("sent to the terminal's clipboard: {what}{tmux}")
}

impl Loaded {
    /// Loaded with the default stale horizon (for `is:stale`).
    pub fn new(kb: impl Into<Arc<KnowledgeBase>>) -> Loaded {
        Loaded::with_horizon(kb, crate::kb::age::Horizon::DEFAULT)
    }

    /// Loaded with `is:stale` meaning older than `horizon`.
    pub fn with_horizon(
        kb: impl Into<Arc<KnowledgeBase>>,
        horizon: crate::kb::age::Horizon,
    ) -> Loaded {
        let loaded = Loaded::index_later(kb, horizon);
        loaded.index();
        loaded.charts();
        loaded
    }

    /// Loaded without its search index, which is built when first asked for (by
    /// [`Loaded::index`], or on a thread of its own: [`Loaded::start_indexing`]). The
    /// explorer draws its first screen meanwhile.
    pub fn index_later(
        kb: impl Into<Arc<KnowledgeBase>>,
        horizon: crate::kb::age::Horizon,
    ) -> Loaded {
        let kb: Arc<KnowledgeBase> = kb.into();
        let by_tab = rows::entries_by_tab(&kb);
        let disputes = crate::derive::compare::disputes(&kb);
        Loaded {
            kb,
            index: Arc::default(),
            horizon,
            by_tab,
            disputes,
            charts: std::sync::OnceLock::new(),
            natural: Tab::ALL
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// What the charts show, worked out when first asked for (the first screen of a
    /// large knowledge base does not wait for them: 38 ms at 100,000 entries).
    pub fn charts(&self) -> &Charts {
        self.charts
            .get_or_init(|| Charts::new(&self.kb, &self.by_tab))
    }

    /// The search index: built by the first to ask (others wait for it) and kept.
    pub fn index(&self) -> &SearchIndex {
        self.index
            .get_or_init(|| SearchIndex::shared(Arc::clone(&self.kb), self.horizon))
    }

    /// Is the index built? (Until it is, a search waits for it and the footer says so.)
    pub fn index_ready(&self) -> bool {
        self.index.get().is_some()
    }

    /// The index if it is built, for drawing (which never waits).
    pub fn index_if_ready(&self) -> Option<&SearchIndex> {
        self.index.get()
    }

    /// Builds the index on a thread of its own, unless it is built already. A search
    /// asked for meanwhile waits for it — on the search thread, so typing goes on.
    pub fn start_indexing(&self) -> std::io::Result<()> {
        if self.index_ready() {
            return Ok(());
        }
        let (cell, kb, horizon) = (Arc::clone(&self.index), Arc::clone(&self.kb), self.horizon);
        std::thread::Builder::new()
            .name("index".into())
            .spawn(move || {
                cell.get_or_init(|| SearchIndex::shared(kb, horizon));
            })
            .map(drop)
    }

    /// The width each column of `tab` asks for: its widest cell (or its title), measured
    /// once.
    pub fn natural_widths(&self, tab: Tab) -> &[columns::Natural] {
        self.natural[tab as usize].get_or_init(|| {
            columns::natural_widths(&self.kb, &self.by_tab[tab as usize], tab, &|| self.charts())
        })
    }
}

/// Options fixed at start-up (from the command line, the environment and the config
/// file: see [`crate::cli::config`]).
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The colours (or, monochrome, only bold, reverse and underline).
    pub theme: ThemeName,
    /// Mouse reporting is on (clicks and the wheel are actions).
    pub mouse: bool,
    /// The tab the explorer opens on.
    pub default_tab: Tab,
    /// Entries older than this before the knowledge base's as-of date are marked as
    /// possibly stale.
    pub stale_horizon: Horizon,
    /// Searches are handed to a search thread instead of run inside
    /// `update` ([`crate::explorer::action::Effect::Search`]), so typing is never blocked by matching. The terminal loop sets this;
    /// without it (tests, benchmarks) every search finishes before `update` returns.
    pub background_search: bool,
    /// Running inside tmux, which swallows clipboard writes unless `set-clipboard` is on:
    /// a copy's status says what to set.
    pub in_tmux: bool,
    /// For screen readers and plain terminals (`--screen-reader`, `screen_reader = true`):
    /// the terminal's cursor shown on the selected row, no box lines, no charts or block
    /// glyphs, and every mark a word (see `ui::cursor`).
    pub screen_reader: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            theme: ThemeName::default(),
            mouse: false,
            default_tab: Tab::Overview,
            stale_horizon: Horizon::DEFAULT,
            background_search: false,
            in_tmux: false,
            screen_reader: false,
        }
    }
}

pub struct App {
    pub data: Arc<Loaded>,
    pub options: Options,
    pub tab: Tab,
    pub mode: Mode,
    /// The mode the help overlay returns to.
    pub(crate) help_return: Mode,
    pub help_scroll: u16,
    /// One per tab, in [`Tab::ALL`] order: rows, selection, scroll, sort, filter.
    pub panes: Vec<Pane>,
    pub search: SearchState,
    /// The hits `n`/`N` step through after the search closes, and where we are in them.
    pub(crate) last_hits: Vec<usize>,
    pub(crate) hit_cursor: usize,
    /// A one-line message for the footer; cleared by the next key.
    pub status: Option<String>,
    /// Why the last reload failed (the last good data stays on screen); cleared by a
    /// successful one.
    pub reload_error: Option<String>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The disputed view (`D`): the selected disputed value, and the first one on screen.
    pub disputed: ViewState,
    /// How far the compare view (`c`) is scrolled, in lines.
    pub compare_scroll: u16,
    /// Earlier queries for `↑` in the search and filter boxes.
    pub history: history::Recall,
    /// The charts above the Finances and Timeline lists (`v`): shown where they fit
    /// (`None`), always (`Some(true)`, in the detail's place where they do not fit), or
    /// never (`Some(false)`).
    pub chart: Option<bool>,
}

/// Where the user is in a view that lists items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ViewState {
    pub selected: usize,
    pub offset: usize,
}

impl App {
    pub fn new(data: Arc<Loaded>, options: Options, size: (u16, u16)) -> App {
        let panes = Tab::ALL.iter().map(|&tab| Pane::new(&data, tab)).collect();
        App {
            data,
            options,
            tab: options.default_tab,
            mode: Mode::Browse,
            help_return: Mode::Browse,
            help_scroll: 0,
            panes,
            search: SearchState::default(),
            last_hits: Vec::new(),
            hit_cursor: 0,
            status: None,
            reload_error: None,
            size,
            disputed: ViewState::default(),
            compare_scroll: 0,
            history: history::Recall::default(),
            chart: None,
        }
    }

    /// Starts with the search box open and filled in (`qwen-tui QUERY`).
    pub fn with_query(mut self, query: &str) -> App {
        self.mode = Mode::Search;
        // Words from the command line are outside text: sanitised, as typed characters are
        // filtered, so the search box never holds what would reach the terminal raw.
        let clean = crate::kb::sanitize::sanitize_line(query);
        let (kept, cut) = crate::search::query::capped(&clean);
        self.search.query = kept.to_string();
        self.search.run(self.data.index(), &self.data.kb);
        if cut {
            self.status = Some("the query was cut at 256 characters".into());
        }
        self
    }

    pub fn kb(&self) -> &KnowledgeBase {
        &self.data.kb
    }

    pub fn pane(&self, tab: Tab) -> &Pane {
        &self.panes[tab as usize]
    }

    pub(crate) fn pane_mut(&mut self) -> &mut Pane {
        &mut self.panes[self.tab as usize]
    }

    /// The screen areas at the current size (`None`: the terminal is too small).
    pub fn areas(&self) -> Option<Areas> {
        self.areas_at(self.size.0, self.size.1)
    }

    /// The screen areas at `width` × `height`, with the current tab's chart when it fits.
    pub fn areas_at(&self, width: u16, height: u16) -> Option<Areas> {
        self.areas_for(self.tab, width, height)
    }

    /// The areas with `tab`'s chart: in the list's column when it fits and has something to
    /// show for the selected entry (unless hidden with `v`); shown with `v` where it does
    /// not fit, in the detail's place, or where it charts a single figure.
    fn areas_for(&self, tab: Tab, width: u16, height: u16) -> Option<Areas> {
        let areas = layout::areas(width, height, self.mode)?;
        let rows = crate::explorer::app::layout::chart_rows(tab);
        // The finance chart comes and goes with the selected metric: under the list, so
        // the list's rows never move when it does.
        let below = tab == Tab::Finances;
        Some(match (self.mode, self.chart) {
            // Charts speak in block glyphs: none for a screen reader (their rows go to
            // the list; every figure is in the list and the detail as text).
            _ if self.options.screen_reader => areas,
            (Mode::Search, _) | (_, Some(false)) => areas,
            (Mode::Detail, Some(true)) => areas.with_chart_at(rows, below),
            (_, None) if !crate::explorer::app::layout::chart_worth_showing(self, tab) => areas,
            (Mode::Detail, _) | (_, None) => areas.with_chart_at(rows, below),
            (_, Some(true)) => areas.with_chart_anyway(rows),
        })
    }

    /// Where the current list's first row is on screen, to keep rows in place when a chart
    /// comes or goes with the selection.
    pub(crate) fn list_top(&self) -> Option<(Tab, u16)> {
        let a = self.areas()?;
        matches!(self.mode, Mode::Browse | Mode::Detail).then(|| (self.tab, a.list_body().y))
    }

    /// After the list's top moved (a chart shown or hidden as the selection moved), scrolls
    /// it by as much, so the selected row stays where it was on screen.
    pub(crate) fn keep_rows_in_place(&mut self, before: Option<(Tab, u16)>) {
        let (Some((tab, y0)), Some((tab1, y1))) = (before, self.list_top()) else {
            return;
        };
        if tab != tab1 || y0 == y1 {
            return;
        }
        let h = self.list_height();
        let p = self.pane_mut();
        let moved = isize::from(y1 as i16) - isize::from(y0 as i16);
        p.offset = p.offset.saturating_add_signed(moved);
        p.fit(h);
    }

    /// How many list rows fit on screen now.
    pub(crate) fn list_height(&self) -> usize {
        self.list_height_for(self.tab)
    }

    /// How many rows `tab`'s list shows at the current size (tabs with a chart show fewer).
    pub(crate) fn list_height_for(&self, tab: Tab) -> usize {
        self.areas_for(tab, self.size.0, self.size.1)
            .map_or(1, |a| a.list_rows().max(1))
    }

    /// How many result rows fit in the search overlay now.
    pub(crate) fn results_height(&self) -> usize {
        self.areas().map_or(1, |a| a.results_rows().max(1))
    }

    /// The entry the user is looking at: the selected search hit while searching, else the
    /// selection of the current tab.
    pub fn current_entry(&self) -> Option<&Entry> {
        let i = match self.mode {
            Mode::Search => self.search.selected_entry(),
            Mode::Disputed => self
                .data
                .disputes
                .get(self.disputed.selected)
                .map(|d| d.entry),
            _ => self.pane(self.tab).selected_entry(),
        }?;
        self.data.kb.entries.get(i)
    }

    /// Whether the entry is older than the stale horizon (see [`crate::kb::age`]).
    pub fn is_stale(&self, e: &Entry) -> bool {
        age::is_stale(&self.data.kb, e, self.options.stale_horizon)
    }

    /// The selected entry of the current tab.
    pub fn selected_entry(&self) -> Option<&Entry> {
        let i = self.pane(self.tab).selected_entry()?;
        self.data.kb.entries.get(i)
    }
}
