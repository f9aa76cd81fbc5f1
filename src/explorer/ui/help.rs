//! The help overlay, generated from the keymap the app uses — it cannot go stale.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::text::{fit, pad, width};
use super::theme::Theme;
use crate::explorer::app::App;
use crate::explorer::app::layout::inset;
use crate::explorer::keymap::{BINDINGS, Section};

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

/// The help's area within `body`: centred, at most 78 cells wide.
pub(crate) fn area(body: Rect) -> Rect {
    let w = body.width.min(78);
    Rect {
        x: body.x + (body.width - w) / 2,
        width: w,
        ..body
    }
}

/// The words a screen reader's rows show instead of the marks (`ui::marks`).
const MARK_WORDS: [(&str, &str); 3] = [("!", "disputed"), ("~", "stale"), ("+", "marked")];

/// The help as display lines `width` cells wide: headings, and each binding's keys with
/// its description wrapped beside them (nothing is cut). `words`: the marks are named as
/// a screen reader's rows show them.
fn display_lines(width_: usize, words: bool, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = help_lines();
    if words {
        for (keys, _) in &mut lines {
            if let Some(k) = keys
                && let Some((_, word)) = MARK_WORDS.iter().find(|(m, _)| m == k)
            {
                *k = (*word).to_string();
            }
        }
    }
    let key_w = lines
        .iter()
        .filter_map(|(k, _)| k.as_deref().map(width))
        .max()
        .unwrap_or(0)
        .min(width_ / 2);
    let mut out = Vec::new();
    for (keys, what) in lines {
        match keys {
            None => {
                for l in crate::text::width::wrap(&what, width_, 0) {
                    out.push(Line::from(Span::styled(l, theme.group)));
                }
            }
            Some(k) => {
                let room = width_.saturating_sub(key_w + 2).max(1);
                for (i, l) in crate::text::width::wrap(&what, room, 0)
                    .into_iter()
                    .enumerate()
                {
                    let keys = if i == 0 {
                        fit(&k, key_w)
                    } else {
                        String::new()
                    };
                    out.push(Line::from(vec![
                        Span::styled(pad(&keys, key_w), theme.key),
                        Span::raw("  "),
                        Span::raw(l),
                    ]));
                }
            }
        }
    }
    out
}

/// How far the help can scroll in a terminal of this size (0 when it fits).
pub fn max_scroll(app: &App) -> u16 {
    let Some(areas) = app.areas() else { return 0 };
    let inner = inset(area(areas.body));
    let n = display_lines(inner.width as usize, super::plain(app), &Theme::MONO).len();
    n.saturating_sub(inner.height as usize) as u16
}

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let area = area(body);
    Clear.render(area, buf);
    super::framed(app, Block::bordered())
        .border_style(theme.border_focus)
        .title(Span::styled(" Keys — Esc closes ", theme.title))
        .render(area, buf);
    let inner = inset(area);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let lines = display_lines(inner.width as usize, super::plain(app), theme);
    let skip = (app.help_scroll as usize).min(lines.len().saturating_sub(inner.height as usize));
    for (n, line) in lines
        .into_iter()
        .skip(skip)
        .take(inner.height as usize)
        .enumerate()
    {
        let r = Rect {
            y: inner.y + n as u16,
            height: 1,
            ..inner
        };
        line.render(r, buf);
    }
}
