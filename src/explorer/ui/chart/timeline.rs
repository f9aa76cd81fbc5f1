//! The timeline strip: how many of the listed events fall in each year (or quarter, when
//! every event is dated that precisely and the quarters fit), as a two-row histogram with
//! the years under it and a `▲` under the selected event's bucket.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Sparkline, SparklineBar, Widget};

use super::put;
use crate::derive::chart::events::{Bucket, EventCounts, Strip};
use crate::explorer::app::App;
use crate::explorer::app::layout::inset;
use crate::explorer::theme::Theme;
use crate::explorer::ui::text::{titled_box, width};
use crate::kb::Tab;

fn per(strip: &Strip) -> String {
    match strip.bucket {
        Bucket::Quarter => "per quarter".to_string(),
        Bucket::Year => "per year".to_string(),
        Bucket::Years(n) => format!("per {n} years"),
    }
}

/// `2026`, `Q3 2025`, `2018–2020`.
fn bucket_name(c: &EventCounts, strip: &Strip, i: usize) -> String {
    match (c.bucket_start(strip, i), strip.bucket) {
        ((y, Some(q)), _) => format!("Q{q} {y}"),
        ((y, None), Bucket::Years(n)) => format!("{y}–{}", y + n as i32 - 1),
        ((y, None), _) => y.to_string(),
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let pane = app.pane(Tab::Timeline);
    let Some(c) = &pane.events else {
        return;
    };
    let inner = inset(area);
    let strip = c.strip(inner.width as usize);
    let tallest = strip.counts.iter().copied().max().unwrap_or(0);
    let mut title = format!(" Events {} · {} dated", per(&strip), c.dated);
    if c.undated > 0 {
        title.push_str(&format!(", {} undated (not shown)", c.undated));
    }
    if tallest > 0 {
        title.push_str(&format!(" · tallest bar {tallest}"));
    }
    title.push(' ');
    titled_box(&title, area.width, theme.border, theme).render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if c.dated == 0 {
        put(buf, inner, 0, 0, "no dated events", theme.dim);
        return;
    }
    let fye = app.kb().meta.fiscal_year_end;
    let selected = pane.selected_entry().map(|i| &app.kb().entries[i]);
    let sel_bucket = selected
        .and_then(|e| e.date)
        .and_then(|d| c.bucket_of(&strip, d, fye));

    // Bars: each bucket `cells` wide, the last cell a gap when there are two or more.
    let bar_rows = inner.height.saturating_sub(2).max(1);
    let ticks = u64::from(bar_rows) * 8;
    let mut data: Vec<SparklineBar> = Vec::new();
    for (b, &n) in strip.counts.iter().enumerate() {
        let v = if n == 0 {
            0
        } else {
            (u64::from(n) * ticks)
                .div_ceil(u64::from(tallest.max(1)))
                .max(1)
        };
        for k in 0..strip.cells {
            let gap = strip.cells >= 2 && k == strip.cells - 1;
            let bar = SparklineBar::from(if gap { 0 } else { v });
            data.push(if Some(b) == sel_bucket && !gap {
                bar.style(Some(theme.chart_selected))
            } else {
                bar
            });
        }
    }
    Sparkline::default()
        .data(data)
        .max(ticks)
        .style(theme.chart_bar)
        .render(
            Rect {
                height: bar_rows,
                ..inner
            },
            buf,
        );

    // Years under the bars: the first bucket, then round years where they fit.
    let labels_y = bar_rows as usize;
    let step = label_step(&strip);
    let mut next_free = 0;
    for i in 0..strip.counts.len() {
        let (year, quarter) = c.bucket_start(&strip, i);
        let wanted = i == 0
            || match strip.bucket {
                Bucket::Quarter => quarter == Some(1),
                _ => year.rem_euclid(step) == 0,
            };
        let x = i * strip.cells;
        let text = if i == 0 {
            bucket_name(c, &strip, 0)
                .split('–')
                .next()
                .unwrap_or_default()
                .to_string()
        } else {
            year.to_string()
        };
        if wanted && x >= next_free && x + width(&text) <= inner.width as usize {
            put(buf, inner, x, labels_y, &text, theme.dim);
            next_free = x + width(&text) + 1;
        }
    }

    // The selected event's bucket.
    let marker_y = labels_y + 1;
    match (selected, sel_bucket) {
        (Some(e), Some(b)) => {
            let x = b * strip.cells;
            put(buf, inner, x, marker_y, "▲", theme.chart_selected);
            let date = e.date.map(|d| d.to_string()).unwrap_or_default();
            let n = strip.counts[b];
            let caption = format!(
                "{date}: {} {} in {}",
                n,
                if n == 1 { "event" } else { "events" },
                bucket_name(c, &strip, b)
            );
            let cw = width(&caption);
            let w = inner.width as usize;
            let cx = if x + 2 + cw <= w || x < cw + 1 {
                x + 2
            } else {
                x - cw - 1
            };
            put(buf, inner, cx, marker_y, &caption, theme.dim);
        }
        (Some(_), None) => put(
            buf,
            inner,
            0,
            marker_y,
            "the selected event is undated",
            theme.dim,
        ),
        _ => {}
    }
}

/// Label every `step` years so that labels (four digits and a space) do not touch.
fn label_step(strip: &Strip) -> i32 {
    let years_per_bucket = match strip.bucket {
        Bucket::Years(n) => n as usize,
        _ => 1,
    };
    [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        .into_iter()
        .find(|&s| (s as usize).div_ceil(years_per_bucket) * strip.cells >= 5)
        .unwrap_or(1000)
}
