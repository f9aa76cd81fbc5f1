//! The help overlay's text, generated from the keymap the app uses — it cannot go stale.

use ratatui::text::{Line, Span};

use crate::explorer::keymap::{BINDINGS, Section};
use crate::explorer::theme::Theme;
use crate::text::width::{fit, pad, width};

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

/// The words a screen reader's rows show instead of the marks (`ui::marks`).
const MARK_WORDS: [(&str, &str); 3] = [("!", "disputed"), ("~", "stale"), ("+", "marked")];

/// The help as display lines `width` cells wide: headings, and each binding's keys with
/// its description wrapped beside them (nothing is cut). `words`: the marks are named as
/// a screen reader's rows show them.
pub fn lines(width_: usize, words: bool, theme: &Theme) -> Vec<Line<'static>> {
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
