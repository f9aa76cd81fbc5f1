//! The help overlay, generated from the keymap the app uses — it cannot go stale.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::layout::inset;
use super::text::{fit, pad, width};
use super::theme::Theme;
use crate::app::App;
use crate::keymap::{BINDINGS, Section};

/// What the two cells before a list row mean (see `ui::marks`).
const MARKS: [(&str, &str); 3] = [
    ("!", "disputed: the sources disagree (D lists them all)"),
    ("~", "possibly stale: older than the stale horizon"),
    ("+", "marked for comparing (Space; c compares)"),
];

/// The help text: per section, each binding's keys and what it does.
pub fn help_lines() -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    for section in Section::ALL {
        out.push((None, section.title().to_string()));
        for b in BINDINGS
            .iter()
            .filter(|b| b.section == section && !b.help.is_empty())
        {
            let keys = match b.label {
                Some(l) => l.to_string(),
                None => b
                    .keys
                    .iter()
                    .map(|k| k.label())
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            out.push((Some(keys), b.help.to_string()));
        }
    }
    out.push((None, "Marks before a row".to_string()));
    for (mark, what) in MARKS {
        out.push((Some(mark.to_string()), what.to_string()));
    }
    out.push((
        None,
        "Search syntax (search box, filter box, `search`)".to_string(),
    ));
    for (example, what) in crate::search::query::SYNTAX {
        out.push((Some((*example).to_string()), (*what).to_string()));
    }
    out
}

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let w = body.width.min(78);
    let area = Rect {
        x: body.x + (body.width - w) / 2,
        width: w,
        ..body
    };
    Clear.render(area, buf);
    Block::bordered()
        .border_style(theme.border_focus)
        .title(Span::styled(" Keys — Esc closes ", theme.title))
        .render(area, buf);
    let inner = inset(area);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let lines = help_lines();
    let key_w = lines
        .iter()
        .filter_map(|(k, _)| k.as_deref().map(width))
        .max()
        .unwrap_or(0)
        .min(inner.width as usize / 2);
    let max = inner.width as usize;
    let skip = (app.help_scroll as usize).min(lines.len().saturating_sub(inner.height as usize));
    for (n, (keys, what)) in lines
        .iter()
        .skip(skip)
        .take(inner.height as usize)
        .enumerate()
    {
        let r = Rect {
            y: inner.y + n as u16,
            height: 1,
            ..inner
        };
        let line = match keys {
            None => Line::from(Span::styled(fit(what, max), theme.group)),
            Some(k) => Line::from(vec![
                Span::styled(pad(k, key_w), theme.key),
                Span::raw("  "),
                Span::raw(fit(what, max.saturating_sub(key_w + 2))),
            ]),
        };
        line.render(r, buf);
    }
}
