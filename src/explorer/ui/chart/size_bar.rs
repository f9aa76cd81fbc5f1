//! The models table's size column: per row, a bar on a log scale shared by every row —
//! `█` up to the active parameters, then `░` on to the total (`▒` when the sources give
//! the total differently, up to the largest) — and the figures (`235B/22B`). A dense
//! model's bar is all `█` when the knowledge base gives its active count; a model with
//! only a total shows `░` only: nothing is assumed. Sizes that cannot be read stay text.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::derive::chart::scale::{self, Log};
use crate::explorer::app::App;
use crate::explorer::theme::Theme;
use crate::explorer::ui::text::{pad, width};

/// The fewest cells a bar is drawn in; narrower, the column shows the figures as text.
pub const MIN_BAR: usize = 5;
/// Cells for the bar the column asks for when there is room (set with the columns).
pub use crate::explorer::app::columns::GOOD_BAR;

/// Cells for the figures after the bar: the widest label, so none is cut.
fn label_cells(app: &App) -> usize {
    app.data.charts().sizes.label_width.max("Params".len())
}

/// What the column asks for as text, for a screen reader: the widest figures (a size that
/// is not one figure is shortened into them, as in a narrow column).
pub fn text_width(app: &App) -> usize {
    label_cells(app)
}

/// The narrowest the column is drawn as bars (or, with no scale or for a screen reader,
/// as text).
pub fn min_width(app: &App) -> usize {
    if app.data.charts().sizes.scale.is_some() && !crate::explorer::ui::plain(app) {
        MIN_BAR + 1 + label_cells(app)
    } else {
        0
    }
}

pub const LEGEND: &str = " █ active  ░ total  parameters, log scale ";
pub const LEGEND_DISPUTED: &str = " █ active  ░ total  ▒ total, sources differ · log scale ";

/// The bar's width in a column `w` cells wide, and the scale; `None`: text only (always
/// for a screen reader: a bar of blocks says nothing read aloud, the figures do).
fn geometry(app: &App, w: usize) -> Option<(usize, Log)> {
    if crate::explorer::ui::plain(app) {
        return None;
    }
    let scale = app.data.charts().sizes.scale?;
    let label = label_cells(app);
    (w >= MIN_BAR + 1 + label).then(|| (w - 1 - label, scale))
}

/// Whether the column is drawn as bars at width `w` (the legend goes with it).
pub fn drawn(app: &App, w: usize) -> bool {
    geometry(app, w).is_some()
}

/// The legend for the list's bottom border.
pub fn legend(app: &App) -> &'static str {
    if app.data.charts().sizes.any_dispute {
        LEGEND_DISPUTED
    } else {
        LEGEND
    }
}

/// The column title: the scale's powers of ten over the bar, `Params` over the figures.
pub fn header(app: &App, w: usize, fallback: &str) -> String {
    let Some((bw, scale)) = geometry(app, w) else {
        return pad(fallback, w);
    };
    let mut line: Vec<char> = vec![' '; bw];
    let mut next_free = 0;
    let span = (scale.hi - scale.lo) as usize;
    for (k, p) in (scale.lo..=scale.hi).enumerate() {
        let label = scale::magnitude(10f64.powi(p));
        let lw = width(&label);
        let at = (k * bw).div_ceil(span.max(1)).min(bw);
        // The last power ends at the bar's end; the others start at their place.
        let start = if p == scale.hi {
            bw.saturating_sub(lw)
        } else {
            at
        };
        if start < next_free || start + lw > bw {
            continue;
        }
        for (i, ch) in label.chars().enumerate() {
            line[start + i] = ch;
        }
        next_free = start + lw + 1;
    }
    let mut out: String = line.into_iter().collect();
    out.push(' ');
    out.push_str(&pad("Params", label_cells(app)));
    pad(&out, w)
}

/// The cell of model `entry`: its bar and figures, or `text` (cut to `w`) when its size
/// cannot be drawn. A selected row keeps the row's style so the bar stays visible.
pub fn cell(
    app: &App,
    entry: usize,
    text: &str,
    w: usize,
    selected: bool,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let (Some((bw, scale)), Some(size)) = (geometry(app, w), app.data.charts().sizes.of(entry))
    else {
        return vec![Span::raw(pad(
            &crate::text::value_fit::fit_value(text, w),
            w,
        ))];
    };
    let active = size.active_max().map_or(0, |a| scale.cells(a, bw));
    let total = size
        .total_range()
        .map_or(0, |(_, largest)| scale.cells(largest, bw));
    let rest = if size.total.len() > 1 { '▒' } else { '░' };
    let bar: String = (0..bw)
        .map(|c| {
            if c < active {
                '█'
            } else if c < total {
                rest
            } else {
                ' '
            }
        })
        .collect();
    let style = if selected {
        Style::new()
    } else {
        theme.chart_bar
    };
    vec![
        Span::styled(bar, style),
        Span::raw(" "),
        Span::raw(pad(&size.label(), label_cells(app))),
    ]
}
