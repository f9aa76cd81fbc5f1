//! Where everything goes on screen, as a pure function of the terminal size and mode: the
//! renderer draws into these areas, and the app uses them to know how many rows fit and
//! what a mouse click hit.

use ratatui::layout::Rect;

use crate::explorer::app::App;
use crate::explorer::keymap::Mode;
use crate::kb::{Claim, Tab, Value};
use crate::text::width::{width, wrap};

/// Below this the app shows a "terminal too small" note instead of its layout.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;
/// From this width the detail sits beside the list.
pub const WIDE: u16 = 100;
/// Narrower than [`WIDE`] but at least this tall: the detail sits below the list.
pub const TALL: u16 = 24;
/// A chart in the list's column needs the column this wide, and leaves the list at least
/// [`CHART_MIN_LIST`] rows (its border, column titles and five rows); else it is hidden.
pub const CHART_MIN_WIDTH: u16 = 40;
pub const CHART_MIN_LIST: u16 = 8;

/// Where the detail of the selected entry goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    Right,
    Below,
    /// No room for both: the detail replaces the list when opened (Enter).
    Alone,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    /// Everything between the tab bar and the footer.
    pub body: Rect,
    /// The list (with its border); empty when the detail has the whole body.
    pub list: Rect,
    /// A chart in the list's column (Finances under the list, Timeline above it), when
    /// there is room for it.
    pub chart: Option<Rect>,
    pub detail: Option<Rect>,
    pub footer: Rect,
    pub placement: Placement,
    /// The search overlay: its input box, results, and the preview of the selected hit.
    pub search_input: Rect,
    pub results: Rect,
    pub preview: Option<Rect>,
}

/// What a mouse click landed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Tab(Tab),
    /// A row of the current tab's list (index into its rows).
    ListRow(usize),
    /// A row of the search results (index into their rows).
    ResultRow(usize),
    Detail,
}

fn split_h(r: Rect, left: u16) -> (Rect, Rect) {
    let left = left.min(r.width);
    (
        Rect { width: left, ..r },
        Rect {
            x: r.x + left,
            width: r.width - left,
            ..r
        },
    )
}

fn split_v(r: Rect, top: u16) -> (Rect, Rect) {
    let top = top.min(r.height);
    (
        Rect { height: top, ..r },
        Rect {
            y: r.y + top,
            height: r.height - top,
            ..r
        },
    )
}

/// The placement of the detail at this size.
pub fn placement(width: u16, height: u16) -> Placement {
    if width >= WIDE {
        Placement::Right
    } else if height >= TALL {
        Placement::Below
    } else {
        Placement::Alone
    }
}

/// `None` when the terminal is smaller than [`MIN_WIDTH`] × [`MIN_HEIGHT`].
pub fn areas(width: u16, height: u16, mode: Mode) -> Option<Areas> {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let full = Rect::new(0, 0, width, height);
    let (header, rest) = split_v(full, 1);
    let (tabs, rest) = split_v(rest, 1);
    let (body, footer) = split_v(rest, rest.height - 1);
    let placement = placement(width, height);
    let (list, detail) = match placement {
        Placement::Right => {
            let (l, d) = split_h(body, body.width * 3 / 5);
            (l, Some(d))
        }
        Placement::Below => {
            let (l, d) = split_v(body, body.height / 2);
            (l, Some(d))
        }
        Placement::Alone if mode == Mode::Detail => (Rect { height: 0, ..body }, Some(body)),
        Placement::Alone => (body, None),
    };
    let (search_input, below) = split_v(body, 3);
    let (results, preview) = match placement {
        Placement::Right => {
            let (r, p) = split_h(below, below.width * 3 / 5);
            (r, Some(p))
        }
        Placement::Below => {
            let (r, p) = split_v(below, below.height / 2);
            (r, Some(p))
        }
        Placement::Alone => (below, None),
    };
    Some(Areas {
        header,
        tabs,
        body,
        list,
        chart: None,
        detail,
        footer,
        placement,
        search_input,
        results,
        preview,
    })
}

impl Areas {
    /// Gives the top `rows` rows of the list's column to a chart, when the list keeps
    /// [`CHART_MIN_LIST`] rows and is at least [`CHART_MIN_WIDTH`] wide.
    pub fn with_chart(self, rows: u16) -> Areas {
        self.with_chart_at(rows, false)
    }

    /// [`Areas::with_chart`], the chart above the list or (`below`) under it. Under it,
    /// the list's rows stay where they are when the chart comes and goes (the finance
    /// chart does, with the selected metric: a metric of one figure has none).
    pub fn with_chart_at(mut self, rows: u16, below: bool) -> Areas {
        if rows == 0
            || self.list.width < CHART_MIN_WIDTH
            || self.list.height < rows + CHART_MIN_LIST
        {
            return self;
        }
        let (chart, list) = if below {
            let (list, chart) = split_v(self.list, self.list.height - rows);
            (chart, list)
        } else {
            split_v(self.list, rows)
        };
        self.chart = Some(chart);
        self.list = list;
        self
    }

    /// The chart even where [`Areas::with_chart`] finds no room: in the detail's place
    /// (beside or below the list), or, with no detail on screen, over the top of the list
    /// down to three list rows.
    pub fn with_chart_anyway(self, rows: u16) -> Areas {
        let mut a = self.with_chart(rows);
        if a.chart.is_some() || rows == 0 {
            return a;
        }
        if let Some(d) = a.detail.take() {
            a.chart = Some(d);
        } else {
            let take = rows.min(a.list.height.saturating_sub(5));
            if take >= 4 {
                let (chart, list) = split_v(a.list, take);
                a.chart = Some(chart);
                a.list = list;
            }
        }
        a
    }

    /// The table's data rows: inside the border, below the column titles.
    pub fn list_body(&self) -> Rect {
        let inner = inset(self.list);
        Rect {
            y: inner.y + 1.min(inner.height),
            height: inner.height.saturating_sub(1),
            ..inner
        }
    }

    pub fn list_rows(&self) -> usize {
        self.list_body().height as usize
    }

    pub fn results_body(&self) -> Rect {
        inset(self.results)
    }

    pub fn results_rows(&self) -> usize {
        self.results_body().height as usize
    }

    /// What is at column `x`, row `y`.
    pub fn target(&self, x: u16, y: u16, app: &App) -> Option<Target> {
        let inside = |r: Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
        if inside(self.tabs) {
            return tab_labels(self.tabs.width)
                .into_iter()
                .find(|l| x >= l.x && x < l.x + l.width)
                .map(|l| Target::Tab(l.tab));
        }
        if app.mode == Mode::Search {
            let body = self.results_body();
            return inside(body)
                .then(|| Target::ResultRow(app.search.offset + (y - body.y) as usize));
        }
        let body = self.list_body();
        if inside(body) {
            return Some(Target::ListRow(
                app.pane(app.tab).offset + (y - body.y) as usize,
            ));
        }
        self.detail.filter(|d| inside(*d)).map(|_| Target::Detail)
    }
}

/// The area inside a one-cell border.
pub fn inset(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// The help's area within `body`: centred, at most 78 cells wide.
pub fn help_area(body: Rect) -> Rect {
    let w = body.width.min(78);
    Rect {
        x: body.x + (body.width - w) / 2,
        width: w,
        ..body
    }
}

/// One tab's label in the tab bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TabLabel {
    pub tab: Tab,
    pub text: String,
    pub x: u16,
    pub width: u16,
}

/// The tab bar's labels at this width: `1 Overview  2 Timeline …`, shortened when they do
/// not fit (`1 Over  2 Time  3 Models …`), down to numbers only (the list's title names the tab).
pub fn tab_labels(width: u16) -> Vec<TabLabel> {
    let long = |t: Tab| t.title().to_string();
    let short = |t: Tab| {
        match t {
            Tab::Overview => "Over",
            Tab::Timeline => "Time",
            Tab::Models => "Models",
            Tab::Finances => "Fin",
            Tab::Risks => "Risks",
            Tab::People => "People",
            Tab::Competitors => "Comp",
            Tab::Products => "Prod",
            Tab::Sources => "Src",
        }
        .to_string()
    };
    for name in [&long as &dyn Fn(Tab) -> String, &short] {
        let labels = place(
            Tab::ALL
                .iter()
                .map(|&t| (t, format!(" {} {} ", t as usize + 1, name(t)))),
        );
        if labels.last().is_some_and(|l| l.x + l.width <= width) {
            return labels;
        }
    }
    place(
        Tab::ALL
            .iter()
            .map(|&t| (t, format!(" {} ", t as usize + 1))),
    )
}

fn place(items: impl Iterator<Item = (Tab, String)>) -> Vec<TabLabel> {
    let mut x = 0;
    items
        .map(|(tab, text)| {
            let width = text.chars().count() as u16;
            let l = TabLabel {
                tab,
                text,
                x,
                width,
            };
            x += width;
            l
        })
        .collect()
}

/// Rows of the finance chart's box: six rows of bars, axis and notes between borders.
pub const FINANCE_ROWS: u16 = 10;
/// Rows of the timeline strip's box: two rows of bars, the years, the selected event.
pub const TIMELINE_ROWS: u16 = 6;

/// How many rows the chart above `tab`'s list takes (0: none).
pub fn chart_rows(tab: Tab) -> u16 {
    match tab {
        Tab::Finances => FINANCE_ROWS,
        Tab::Timeline => TIMELINE_ROWS,
        _ => 0,
    }
}

/// Whether `tab`'s chart has something to show for the selected entry: a finance series
/// of one figure charts nothing (no change, no trend), so its rows go to the list.
pub fn chart_worth_showing(app: &App, tab: Tab) -> bool {
    match tab {
        Tab::Finances => app
            .pane(tab)
            .selected_entry()
            .and_then(|e| app.data.charts().finance.of(e))
            .is_some_and(|s| s.rows.len() >= 2),
        _ => chart_rows(tab) > 0,
    }
}

/// The claims of disputed value `i` of the list.
pub fn disputed_claims(app: &App, i: usize) -> &[Claim] {
    let Some(d) = app.data.disputes.get(i) else {
        return &[];
    };
    match app.data.kb.entries[d.entry]
        .fields
        .get(d.field)
        .map(|f| &f.value)
    {
        Some(Value::Claims(cs)) => cs,
        _ => &[],
    }
}

/// The width of the claims' value column: as wide as the longest value, up to two fifths
/// of the line (longer values wrap: a value is never cut).
pub fn disputed_value_width(cs: &[Claim], max: usize) -> usize {
    let longest = cs.iter().map(|c| width(&c.value)).max().unwrap_or(0);
    longest.min((max * 2 / 5).max(16)).max(1)
}

/// How many lines value `i` takes at the current size: its heading, each claim's value
/// wrapped, and a blank line.
pub fn disputed_item_lines(app: &App, i: usize) -> usize {
    let max = app.areas().map_or(80, |a| inset(a.body).width as usize);
    let cs = disputed_claims(app, i);
    let w = disputed_value_width(cs, max);
    2 + cs.iter().map(|c| wrap(&c.value, w, 0).len()).sum::<usize>()
}
