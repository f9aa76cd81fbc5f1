//! One line of search results: the marks, the hit's tab, its title with what matched
//! highlighted, and the answer — the field that matched best, `Label: value`, highlighted
//! too — so a lookup is read off the line without opening anything.

use ratatui::style::Style;
use ratatui::text::Span;

use super::text::{highlighted, width};
use crate::explorer::app::App;
use crate::explorer::theme::Theme;
use crate::kb::Tab;
use crate::search::{Hit, Snippet};

/// The short name a hit line gives its tab (at most 7 cells).
pub fn tab_label(tab: Tab) -> &'static str {
    match tab {
        Tab::Overview => "fact",
        Tab::Timeline => "event",
        Tab::Models => "model",
        Tab::Finances => "figure",
        Tab::Risks => "risk",
        Tab::People => "person",
        Tab::Competitors => "rival",
        Tab::Products => "product",
        Tab::Sources => "source",
    }
}

const TAB_CELLS: usize = 8;

/// The spans of a hit line `max` cells wide. `with_tab`: label the hit with its tab (the
/// overlay mixes tabs; a tab's own filter does not). `selected`: the selected hit (for a
/// screen reader its line starts with `> `).
pub fn hit_line(
    app: &App,
    hit: &Hit,
    max: usize,
    with_tab: bool,
    selected: bool,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let kb = app.kb();
    let e = &kb.entries[hit.entry];
    let mut spans = super::marks(app, hit.entry, selected, theme);
    let mut used = super::mark_width(app);
    if with_tab && max >= 40 {
        let label = tab_label(e.tab);
        spans.push(Span::styled(
            format!("{label:<w$}", w = TAB_CELLS),
            theme.dim,
        ));
        used += TAB_CELLS;
    }
    let room = max.saturating_sub(used);
    let snippet = app.data.index_if_ready().and_then(|i| i.snippet(hit));
    let words = super::plain(app);
    let answer_cells = snippet.as_ref().map_or(width(&e.key_value), |s| {
        width(s.label()) + 2 + width(&s.text) + if s.disputed { mark(words).len() } else { 0 }
    });
    // The title gets what it needs, up to half the room when a matched answer follows and
    // three quarters when only the key value (which matched nothing) does.
    let title_cells = width(&e.title);
    let share = if snippet.is_some() {
        room / 2
    } else {
        room * 3 / 4
    };
    let title_room = if answer_cells == 0 {
        room
    } else {
        title_cells.min(share.max(room.saturating_sub(answer_cells + 2)))
    };
    let positions = hit.title_positions(&e.title);
    // A screen reader's mark words, on a narrow terminal, follow the title (kept whole).
    let mark_words = super::inline_mark_words(app, hit.entry);
    let title_room = title_room.saturating_sub(width(&mark_words));
    spans.extend(highlighted(
        &e.title,
        &positions,
        title_room,
        Style::new(),
        theme.matched,
    ));
    used += title_cells.min(title_room);
    if !mark_words.is_empty() {
        used += width(&mark_words);
        spans.push(Span::raw(mark_words));
    }
    let left = max.saturating_sub(used + 2);
    if left < 4 {
        return spans;
    }
    spans.push(Span::raw("  "));
    match snippet {
        Some(s) => spans.extend(answer(&s, left, words, theme)),
        None if !e.key_value.is_empty() => {
            let fitted = crate::text::value_fit::fit_value(&e.key_value, left);
            spans.extend(highlighted(&fitted, &[], left, theme.dim, theme.dim));
        }
        None => {}
    }
    spans
}

/// What follows a disputed value: ` !`, or for a screen reader (`words`) ` disputed`.
fn mark(words: bool) -> &'static str {
    if words { " disputed" } else { " !" }
}

/// `Label: value !`, fitted into `max` cells, the value shown from a little before its
/// first highlight when it would otherwise be cut there. `words`: the disputed mark is
/// the word (for a screen reader).
pub fn answer(s: &Snippet, max: usize, words: bool, theme: &Theme) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut left = max;
    // The label when there is room for it and some of the value (a narrow table column
    // shows the value alone).
    let label = s.label();
    if !label.is_empty() && max >= 24 {
        // The label takes up to a third, or what a short value leaves.
        let value = width(&s.text) + if s.disputed { mark(words).len() } else { 0 };
        let label_room = width(label)
            .min((left / 3).max(left.saturating_sub(value + 2)))
            .max(4);
        let pos: Vec<usize> = s.field_highlights.iter().flat_map(|&(a, b)| a..b).collect();
        out.extend(highlighted(
            label,
            &pos,
            label_room,
            theme.dim,
            theme.matched,
        ));
        out.push(Span::styled(": ", theme.dim));
        left = left.saturating_sub(width(label).min(label_room) + 2);
    }
    let mark_cells = if s.disputed { mark(words).len() } else { 0 };
    let room = left.saturating_sub(mark_cells);
    // A value with nothing highlighted is fitted as a table's value is: shortened around
    // its figures, then cut between words, never inside a figure.
    let (text, shift) = if s.highlights.is_empty() {
        (crate::text::value_fit::fit_value(&s.text, room), 0)
    } else {
        // Cut between words — unless that would drop the first matched word, which says
        // why the hit is here: then it is cut as text.
        let (text, shift) = window(&s.text, &s.highlights, room);
        let cut = crate::text::value_fit::cut_between_words(&text, room);
        let first_end = s
            .highlights
            .first()
            .map_or(0, |&(_, e)| e.saturating_sub(shift));
        let kept = cut.trim_end_matches('…').trim_end().chars().count();
        (if kept >= first_end { cut } else { text }, shift)
    };
    let pos: Vec<usize> = s
        .highlights
        .iter()
        .flat_map(|&(a, b)| a..b)
        .filter_map(|p| p.checked_sub(shift))
        .collect();
    out.extend(highlighted(&text, &pos, room, Style::new(), theme.matched));
    if s.disputed && left >= mark_cells {
        out.push(Span::styled(mark(words), theme.disputed));
    }
    out
}

/// The text to show in `room` cells: all of it, or — when the first highlight would be cut
/// off — from a few characters before it, after an ellipsis. Returns the text and how many
/// characters were dropped from its start.
fn window(text: &str, highlights: &[(usize, usize)], room: usize) -> (String, usize) {
    let Some(&(first, end)) = highlights.first() else {
        return (text.to_string(), 0);
    };
    let prefix: String = text.chars().take(end).collect();
    if width(&prefix) < room {
        return (text.to_string(), 0);
    }
    let from = first.saturating_sub(8).max(1);
    let rest: String = text.chars().skip(from).collect();
    // The ellipsis takes the place of one character, so positions shift by one less.
    (format!("…{rest}"), from - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_highlight_is_brought_into_view() {
        let text = "a long preamble that goes on and on before the answer: 262K tokens";
        let at = text.find("262K").unwrap_or(0);
        let (shown, shift) = window(text, &[(at, at + 4)], 30);
        assert!(shown.starts_with('…'));
        let chars: Vec<char> = shown.chars().collect();
        let hl: String = chars[at - shift..at - shift + 4].iter().collect();
        assert_eq!(hl, "262K");
        // Near the start: nothing moves.
        assert_eq!(window("Context: 262K", &[(9, 13)], 30).1, 0);
    }

    fn shown(s: &Snippet, room: usize) -> String {
        answer(s, room, false, &Theme::MONO)
            .iter()
            .map(|s| s.content.to_string())
            .collect()
    }

    #[test]
    fn an_answer_is_cut_between_words_unless_that_hides_the_matched_word() {
        let s = |text: &str, highlights: Vec<(usize, usize)>| Snippet {
            field: "Positioning".into(),
            text: text.into(),
            highlights,
            field_highlights: Vec::new(),
            disputed: false,
            key_value: true,
        };
        // Nothing matched in it: a value, shortened and cut between words.
        assert_eq!(
            shown(&s("more than $130 billion in 2024", vec![]), 12),
            ">$130B in …"
        );
        // The matched word fits: cut between words after it.
        let text = "Qwen downloads in December 2025 passed 700 million";
        assert_eq!(shown(&s(text, vec![(5, 14)]), 24), "Qwen downloads in …");
        // A word cut would drop the only matched word (`Qwen3.6-35B-A3B`, too long for
        // the room after the words before it): it is cut as text, so the match shows.
        let text = "open-weight Qwen3.6-35B-A3B released";
        let got = shown(&s(text, vec![(12, 17)]), 20);
        assert!(got.contains("Qwen3"), "{got}");
    }
}
