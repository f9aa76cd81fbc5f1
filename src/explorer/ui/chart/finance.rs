//! The finance chart: one horizontal bar per figure of the selected entry's series, in
//! period order, each labelled with its period and sources (several claims for a period
//! are separate bars, never averaged), on a value axis from zero with round ticks in the
//! series' unit; the change into each period where it can be computed, and notes on the
//! change the knowledge base gives and on what was left out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Widget};

use super::put;
use crate::derive::chart::change::Change;
use crate::derive::chart::scale;
use crate::derive::chart::series::{Plotted, Series};
use crate::explorer::app::App;
use crate::explorer::app::layout::inset;
use crate::explorer::theme::Theme;
use crate::explorer::ui::text::{pad, titled_box, width};
use crate::kb::{KnowledgeBase, Tab, Value};

/// Partial blocks, by eighths filled from the left.
const EIGHTHS: [&str; 9] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"];
/// Bars narrower than this leave the source column out.
const MIN_BAR: usize = 16;
const MAX_SOURCE: usize = 16;
const MAX_VALUE: usize = 16;

fn title(s: &Series, shown: usize) -> String {
    let mut t = format!(" {}", s.name);
    if let Some(u) = &s.unit {
        t.push_str(&format!(" · {}", u.name()));
    }
    if shown < s.rows.len() {
        t.push_str(&format!(" · {shown} of {} figures", s.rows.len()));
    }
    if let Some(scope) = &s.scope {
        t.push_str(&format!(" · {scope}"));
    }
    t.push(' ');
    t
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let kb = app.kb();
    let selected = app.pane(Tab::Finances).selected_entry();
    let series = selected.and_then(|e| app.data.charts().finance.of(e).map(|s| (e, s)));
    let inner = inset(area);
    let h = inner.height as usize;
    let Some((sel, s)) = series else {
        Block::bordered()
            .border_style(theme.border)
            .render(area, buf);
        put(buf, inner, 0, 0, "no metric selected", theme.dim);
        return;
    };
    let notes = notes(kb, s, sel);
    let bars = if s.rows.is_empty() {
        0
    } else {
        s.rows
            .len()
            .min(h.saturating_sub(1 + notes.len().min(3)).max(1))
    };
    titled_box(&title(s, bars), area.width, theme.border, theme).render(area, buf);
    if h == 0 || inner.width == 0 {
        return;
    }
    let mut y = 0;
    if bars == 0 {
        put(buf, inner, 0, 0, "no figure to chart", theme.title);
        y = 1;
    } else {
        let start = match s.first_row_of(sel) {
            Some(i) => i.saturating_sub((bars - 1) / 2).min(s.rows.len() - bars),
            None => s.rows.len() - bars, // the latest figures
        };
        let shown = &s.rows[start..start + bars];
        let rows = Rows {
            kb,
            series: s,
            layout: Layout::new(kb, s, shown, inner.width as usize),
            selected: sel,
            theme,
        };
        for (k, r) in shown.iter().enumerate() {
            let first = k == 0 || shown[k - 1].period != r.period;
            rows.draw(buf, inner, y, r, first);
            y += 1;
        }
        draw_axis(buf, inner, y, &rows.layout, s, theme);
        y += 1;
    }
    for n in notes {
        if y >= h {
            break;
        }
        put(buf, inner, 0, y, &n, theme.dim);
        y += 1;
    }
}

/// Column widths of the bar rows.
struct Layout {
    period: usize,
    source: usize,
    bar: usize,
    value: usize,
}

const MARK: usize = 2;

impl Layout {
    fn new(kb: &KnowledgeBase, s: &Series, shown: &[Plotted], w: usize) -> Layout {
        let max = |f: &dyn Fn(&Plotted) -> usize| shown.iter().map(f).max().unwrap_or(0);
        let period = max(&|r| width(&r.date.to_string()));
        let mut source = max(&|r| width(&source_ids(kb, r))).min(MAX_SOURCE);
        let value = max(&|r| width(&value_text(s, r))).min(MAX_VALUE);
        let fixed =
            |source: usize| MARK + period + 1 + source + usize::from(source > 0) + 1 + value;
        if w.saturating_sub(fixed(source)) < MIN_BAR {
            source = 0;
        }
        let bar = w.saturating_sub(fixed(source));
        Layout {
            period,
            source,
            bar,
            value,
        }
    }

    fn bar_x(&self) -> usize {
        MARK + self.period + 1 + self.source + usize::from(self.source > 0)
    }
}

fn source_ids(kb: &KnowledgeBase, r: &Plotted) -> String {
    r.sources
        .iter()
        .filter_map(|&i| kb.sources.get(i))
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The figure, and the computed change into its period on the period's only figure.
fn value_text(s: &Series, r: &Plotted) -> String {
    match (&s.changes.get(r.period), s.alone_in_period(r)) {
        (Some(Change::Computed { text, .. }), true) => {
            format!("{} ({text})", r.figure.short_label())
        }
        _ => r.figure.short_label(),
    }
}

/// What every bar row of one chart shares.
struct Rows<'a> {
    kb: &'a KnowledgeBase,
    series: &'a Series,
    layout: Layout,
    /// The selected entry.
    selected: usize,
    theme: &'a Theme,
}

impl Rows<'_> {
    /// Row `y`: the mark of the selected entry's figures, the period (on the period's
    /// first row only), the sources, the bar, the figure and its change.
    fn draw(&self, buf: &mut Buffer, area: Rect, y: usize, r: &Plotted, first_of_period: bool) {
        let (l, theme) = (&self.layout, self.theme);
        let mine = r.entry == self.selected;
        let (bar_style, text_style) = if mine {
            (theme.chart_selected, theme.chart_selected)
        } else {
            (theme.chart_bar, Style::new())
        };
        if mine {
            put(buf, area, 0, y, "▸", theme.chart_selected);
        }
        if first_of_period {
            put(buf, area, MARK, y, &r.date.to_string(), text_style);
        }
        if l.source > 0 {
            let ids = pad(&source_ids(self.kb, r), l.source);
            put(buf, area, MARK + l.period + 1, y, &ids, Style::new());
        }
        let x = l.bar_x();
        if l.bar > 0 {
            let b = bar(self.series, r.figure.value, l.bar);
            put(buf, area, x, y, &b, bar_style);
        }
        put(
            buf,
            area,
            x + l.bar + 1,
            y,
            &value_text(self.series, r),
            text_style,
        );
    }
}

/// The bar of `v` on `cells` cells: from zero (a whole cell) to the value, in eighths of
/// a cell for positive values, whole cells for negative ones.
fn bar(s: &Series, v: f64, cells: usize) -> String {
    let zero = s.axis.eighths(0.0, cells).div_ceil(8).min(cells);
    let e = s.axis.eighths(v, cells);
    (0..cells)
        .map(|c| {
            if v >= 0.0 {
                let start = zero * 8;
                let end = if v > 0.0 { e.max(start + 1) } else { start };
                EIGHTHS[end.saturating_sub(c * 8).min(8) * usize::from(c >= zero)]
            } else if c >= e / 8 && c < zero {
                EIGHTHS[8]
            } else {
                EIGHTHS[0]
            }
        })
        .collect()
}

/// Tick labels under the bars, at round values of the series' unit: every step of the
/// axis when the labels fit, else every 2nd, 5th or 10th, always including zero.
fn draw_axis(buf: &mut Buffer, area: Rect, y: usize, l: &Layout, s: &Series, theme: &Theme) {
    let (Some(unit), true) = (&s.unit, l.bar > 0) else {
        return;
    };
    let room = l.bar + 1 + l.value;
    // (start, label) of each tick, or None when two would touch.
    let place = |ticks: &[f64]| -> Option<Vec<(usize, String)>> {
        let mut out: Vec<(usize, String)> = Vec::new();
        for &t in ticks {
            let label = scale::label(t, unit);
            let lw = width(&label);
            let at = s.axis.eighths(t, l.bar).div_ceil(8).min(l.bar);
            let start = at.saturating_sub(lw / 2).min(room.saturating_sub(lw));
            if out.last().is_some_and(|(x, p)| start < x + width(p) + 1) {
                return None;
            }
            out.push((start, label));
        }
        Some(out)
    };
    let base = s.axis.step();
    let placed = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .find_map(|m| place(&s.axis.multiples(base * m)))
        .or_else(|| place(&[0.0]))
        .unwrap_or_default();
    for (x, label) in placed {
        put(buf, area, l.bar_x() + x, y, &label, theme.dim);
    }
}

/// Lines under the chart, most useful first: the change into the selected entry's
/// period, the change the knowledge base gives, what was left out.
fn notes(kb: &KnowledgeBase, s: &Series, sel: usize) -> Vec<String> {
    let mut out = Vec::new();
    match s.last_row_of(sel) {
        Some(i) => out.push(change_note(s, &s.rows[i])),
        None if !s.rows.is_empty() => out.push("this entry's figure is not charted".into()),
        None => {}
    }
    if let Some(f) = kb.entries[sel].field("change") {
        let e = &kb.entries[sel];
        let ids = |srcs: &[usize]| {
            srcs.iter()
                .filter_map(|&i| kb.sources.get(i))
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let given = match &f.value {
            Value::Text(t) => {
                let srcs = if f.sources.is_empty() {
                    &e.own_sources
                } else {
                    &f.sources
                };
                format!("{t} [{}]", ids(srcs))
            }
            Value::Claims(cs) => cs
                .iter()
                .map(|c| format!("{} [{}]", c.value, ids(&c.sources)))
                .collect::<Vec<_>>()
                .join("; "),
        };
        out.push(format!("given: {given}"));
    }
    let mut left: Vec<String> = s
        .other_units
        .iter()
        .map(|(u, n)| format!("{n} in {u} (not converted)"))
        .collect();
    match (s.unreadable.as_slice(), left.is_empty()) {
        ([], _) => {}
        ([only], true) => left.push(format!("1 not a figure (“{only}”)")),
        ([_], false) => left.push("1 not a figure".to_string()),
        (many, _) => left.push(format!("{} not figures", many.len())),
    }
    if !left.is_empty() {
        out.push(format!("not charted: {}", left.join(", ")));
    }
    match s.beside {
        (1, Some(i)) => {
            let r = &s.rows[i];
            let main = r.beside.as_deref().unwrap_or_default();
            out.push(format!(
                "{}: in brackets beside {main} (not converted)",
                r.figure.label()
            ));
        }
        (0, _) => {}
        (n, _) => out.push(format!(
            "{n} figures: in brackets beside another unit (not converted)"
        )),
    }
    out
}

fn change_note(s: &Series, r: &Plotted) -> String {
    let date = r.date;
    match &s.changes[r.period] {
        Change::Computed {
            from,
            text,
            sources_differ,
        } => format!(
            "change {from} → {date}: {text} (computed{})",
            if *sources_differ {
                "; different sources"
            } else {
                ""
            }
        ),
        Change::First if s.changes.len() == 1 => {
            "one period only: no change to compute".to_string()
        }
        Change::First => format!("{date} is the first period: nothing earlier to compare"),
        Change::SeveralFigures(d) => format!("{d} has several figures: no single change"),
        Change::NotComparable(prev) => {
            format!("{prev} and {date} are different kinds of period: no change computed")
        }
        Change::Limit(l) => format!("{l} is a limit, not a figure: no change computed"),
        Change::FromZero => "the figure before is zero: no change computed".to_string(),
        Change::Disputed(d) => {
            format!("{d} → {date}: sources disagree on one value; not a change")
        }
    }
}
