//! The disputed view (`D`): every value the sources disagree on, each with all its claims,
//! their dates and sources — the list to glance at before quoting a number. Only the
//! values on screen are drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::text::{fit, pad, titled_box, width};
use crate::explorer::app::App;
use crate::explorer::app::layout::{disputed_claims, disputed_value_width, inset};
use crate::explorer::theme::Theme;
use crate::kb::entry::source_ids;
use crate::text::width::wrap;

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let kb = app.kb();
    let list = &app.data.disputes;
    // Counted at load: a frame reads only the values on screen.
    let title = format!(
        " Disputed values · {} in {} entries · Enter goes to one ",
        list.len(),
        kb.disputed_count()
    );
    Clear.render(body, buf);
    super::framed(
        app,
        titled_box(&title, body.width, theme.border_focus, theme),
    )
    .render(body, buf);
    let inner = inset(body);
    let max = inner.width as usize;
    if max < 8 || inner.height == 0 {
        return;
    }
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    let mut put = |line: Line, y: &mut u16| {
        if *y < bottom {
            line.render(
                Rect {
                    y: *y,
                    height: 1,
                    ..inner
                },
                buf,
            );
            *y += 1;
        }
    };
    for (i, &d) in list.iter().enumerate().skip(app.disputed.offset) {
        if y >= bottom {
            break;
        }
        let e = &kb.entries[d.entry];
        let label = e.fields.get(d.field).map_or("", |f| &*f.label);
        let selected = i == app.disputed.selected;
        let right = format!(" {} · {}", e.tab.name(), e.id);
        // The selected value's mark: a triangle, or for a screen reader `>`.
        let pointer = match (selected, super::plain(app)) {
            (false, _) => " ",
            (true, false) => "▶",
            (true, true) => ">",
        };
        let left = format!("{pointer} {} — {}", e.title, label);
        let room = max.saturating_sub(width(&right));
        let heading = if width(&left) + width(&right) <= max {
            Line::from(vec![
                Span::styled(pad(&left, room), theme.title),
                Span::styled(right, theme.dim),
            ])
        } else {
            Line::from(Span::styled(fit(&left, max), theme.title))
        };
        put(
            if selected {
                super::on_selection(heading.spans, theme.selected)
            } else {
                heading
            },
            &mut y,
        );
        let cs = disputed_claims(app, i);
        let value_w = disputed_value_width(cs, max);
        for c in cs {
            let date = c
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into());
            let ids = source_ids(kb, &c.sources);
            let value = wrap(&c.value, value_w, 0);
            let mut spans = vec![
                Span::raw("    "),
                Span::styled(
                    pad(value.first().map_or("", String::as_str), value_w),
                    theme.disputed,
                ),
                Span::raw("  "),
                Span::raw(pad(&date, 11)),
                Span::raw("  "),
                Span::styled(format!("[{ids}]"), theme.label),
            ];
            if let Some(n) = &c.note {
                spans.push(Span::styled(format!(" — {n}"), theme.dim));
            }
            let line: String = spans.iter().map(|s| s.content.as_ref()).collect();
            if width(&line) > max {
                // Too wide: cut the tail (the note first) to the line.
                let mut used = 0;
                let mut cut = Vec::new();
                for s in spans {
                    let w = width(&s.content);
                    if used + w <= max {
                        used += w;
                        cut.push(s);
                    } else {
                        cut.push(Span::styled(fit(&s.content, max - used), s.style));
                        break;
                    }
                }
                put(Line::from(cut), &mut y);
            } else {
                put(Line::from(spans), &mut y);
            }
            for more in value.iter().skip(1) {
                put(
                    Line::from(vec![
                        Span::raw("    "),
                        Span::styled(fit(more, max.saturating_sub(4)), theme.disputed),
                    ]),
                    &mut y,
                );
            }
        }
        put(Line::from(""), &mut y);
    }
}
