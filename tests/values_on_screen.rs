//! What a person sees at each supported size, driven by keys with no terminal: what is
//! typed is never hidden, and the value that answers is never cut inside a figure.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::screen::{SIZES, app, cells, press, screen};
use qwen_tui::explorer::app::App;

/// Is `shown` the value whole, shortened, or its first words followed by `…` with every
/// figure in them whole — and, for a value that opens with a figure, that figure shown?
fn figure_whole(full: &str, shown: &str) -> bool {
    use qwen_tui::text::value_fit::shorten;
    let short = shorten(full);
    if shown == full || shown == short {
        return true;
    }
    let Some(head) = shown.strip_suffix('…') else {
        return false;
    };
    let head = head.trim_end();
    let digit = |t: &str| t.contains(|c: char| c.is_ascii_digit());
    // Cut where a word of the shortened value ends, and the first figure is in.
    let at_word_end = short.starts_with(head)
        && short[head.len()..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '|' || c == ',' || c == ';');
    let opens_with_figure = full.split(' ').next().is_some_and(|w| {
        digit(w) || w.starts_with(['$', '¥', '€', '~', '>', '<', '+']) || w == "RMB"
    });
    at_word_end && (digit(head) || !opens_with_figure)
}

#[test]
fn the_filter_box_wins_over_the_size_legend() {
    for size in SIZES {
        let mut a = app(size);
        press(&mut a, "3fqwen3");
        let rows = screen(&a);
        let bottom = rows
            .iter()
            .find(|r| r.contains("filter:"))
            .unwrap_or_else(|| panic!("{size:?}: no filter box\n{}", rows.join("\n")));
        assert!(bottom.contains("filter: qwen3▏"), "{size:?}: {bottom}");
        // Where both fit they stand apart; the legend never covers what is typed.
        if let (Some(f), Some(l)) = (bottom.find("qwen3▏"), bottom.find("█ active")) {
            assert!(l > f, "{size:?}: {bottom}");
        }
    }
}

#[test]
fn every_visible_rows_figure_is_whole_at_every_size() {
    use qwen_tui::explorer::app::Row;
    use qwen_tui::explorer::app::columns::{ColumnKind, columns};
    use qwen_tui::explorer::ui::list::{MARK, table_widths};
    use qwen_tui::kb::Tab;
    let mut checked = 0;
    for size in SIZES {
        for tab in Tab::ALL {
            let mut a = app(size);
            a.update(qwen_tui::explorer::action::Action::GoTab(tab));
            let Some(areas) = a.areas() else { continue };
            let body = areas.list_body();
            if body.width == 0 {
                continue;
            }
            let rows = screen(&a);
            let widths = table_widths(&a, body.width.saturating_sub(MARK as u16));
            let pane = a.pane(tab);
            let kb = a.kb();
            for (n, row) in pane
                .rows
                .iter()
                .skip(pane.offset)
                .take(body.height as usize)
                .enumerate()
            {
                let Row::Entry(e) = row else { continue };
                let entry = &kb.entries[*e];
                let mut x = usize::from(body.x) + MARK;
                for (c, &w) in columns(tab).iter().zip(&widths) {
                    if w == 0 {
                        continue;
                    }
                    let shown = cells(&rows[usize::from(body.y) + n], x, usize::from(w));
                    let shown = shown.trim_end();
                    x += usize::from(w) + 1;
                    if !c.value {
                        continue;
                    }
                    let full = (c.cell)(kb, entry);
                    if full.is_empty() {
                        // Nothing to cut (the row's name may run on over the empty cell).
                        continue;
                    }
                    if c.kind == ColumnKind::ModelSize
                        && let Some(bar) = a.data.charts().sizes.of(*e)
                        && shown.contains(['█', '░', '▒'])
                    {
                        let label = bar.label();
                        assert!(
                            shown.ends_with(&label),
                            "{size:?} {tab}: `{shown}` cuts `{label}`"
                        );
                        checked += 1;
                        continue;
                    }
                    assert!(
                        figure_whole(&full, shown),
                        "{size:?} {tab} {}: `{shown}` cuts `{full}`",
                        entry.id
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 300, "checked {checked} cells");
}

#[test]
fn the_sources_tab_shows_the_ids_citations_use() {
    use qwen_tui::kb::Tab;
    for size in SIZES {
        let mut a = app(size);
        a.update(qwen_tui::explorer::action::Action::GoTab(Tab::Sources));
        let text = screen(&a).join("\n");
        for &e in &a.data.by_tab[Tab::Sources as usize] {
            let id = &a.kb().entries[e].id;
            assert!(
                text.contains(&format!("[{id}]")),
                "{size:?}: no [{id}]\n{text}"
            );
        }
    }
    // The file a document was read from is named as such, not left as a bare label.
    let mut a = app((120, 40));
    a.update(qwen_tui::explorer::action::Action::GoTab(Tab::Sources));
    let text = screen(&a).join("\n");
    if a.selected_entry()
        .is_some_and(|e| e.field("file").is_some())
    {
        assert!(text.contains("Document file: "), "{text}");
    }
}

#[test]
fn the_overview_opens_with_facts_events_and_products_and_counts_what_it_shows() {
    use qwen_tui::kb::Tab;
    for size in [(200, 50), (120, 40), (100, 30)] {
        let a = app(size);
        let text = screen(&a).join("\n");
        // All three sections on the first screen.
        for heading in ["Quick facts", "Latest events", "Key products"] {
            assert!(text.contains(heading), "{size:?}: no `{heading}`\n{text}");
        }
        // Events show their dates beside their titles.
        let kb = a.kb();
        let pane = a.pane(Tab::Overview);
        for e in pane
            .rows
            .iter()
            .filter_map(qwen_tui::explorer::app::Row::entry)
        {
            let entry = &kb.entries[e];
            if entry.tab == Tab::Timeline {
                let date = entry.date.unwrap().to_string();
                let start: String = entry.title.chars().take(12).collect();
                assert!(
                    text.lines()
                        .any(|r| r.contains(&date) && r.contains(&start)),
                    "{size:?}: `{}` is not shown with its date {date}",
                    entry.title
                );
            }
        }
        // The count says what it counts, and agrees with `check`'s overview count.
        let facts = kb.count(Tab::Overview);
        assert!(
            text.contains(&format!("Overview ({facts} facts · ")),
            "{text}"
        );
    }
}

#[test]
fn a_finance_chart_of_one_figure_gives_its_rows_to_the_list_and_rows_stay_in_place() {
    use qwen_tui::kb::Tab;
    let mut a = app((120, 40));
    press(&mut a, "4");
    let shows = |a: &App| a.areas().unwrap().chart.is_some();
    let screen_y = |a: &App| {
        let p = a.pane(Tab::Finances);
        a.areas().unwrap().list_body().y as usize + p.selected.unwrap() - p.offset
    };
    let (mut seen_on, mut seen_off, mut flips) = (false, false, 0);
    for _ in 0..40 {
        let series = a
            .selected_entry()
            .and_then(|e| a.data.charts().finance.of(a.kb().index_of(&e.id).unwrap()))
            .map_or(0, |s| s.rows.len());
        // One figure: no chart, and the list has its rows.
        assert_eq!(
            shows(&a),
            series >= 2,
            "{:?}: {series} figures",
            a.selected_entry().map(|e| &e.id)
        );
        seen_on |= series >= 2;
        seen_off |= series < 2;
        let (before, y) = (shows(&a), screen_y(&a));
        press(&mut a, "j");
        if shows(&a) != before {
            flips += 1;
            // The selected row moved one row down, not the chart's height.
            assert!(
                screen_y(&a).abs_diff(y) <= 1,
                "the list jumped: {y} → {}",
                screen_y(&a)
            );
        }
    }
    assert!(
        seen_on && seen_off && flips > 0,
        "the shipped finances have both kinds"
    );
}

#[test]
fn hit_lines_never_cut_an_answer_inside_a_figure() {
    // Queries whose hits answer with figures: each hit's answer, fitted into rooms from a
    // narrow terminal's to a wide one's, never ends a figure in an ellipsis (`$14…`,
    // `+3% Y…`): a value is shortened, then cut between words.
    let theme = qwen_tui::explorer::theme::Theme::MONO;
    let a = app((120, 40));
    let mut checked = 0;
    for query in [
        "revenue",
        "market cap",
        "capex",
        "downloads",
        "employees",
        "cloud",
    ] {
        for hit in a.data.index().search(query, None).iter().take(25) {
            let Some(snippet) = a.data.index().snippet(hit) else {
                continue;
            };
            for room in [12, 20, 30, 45, 70] {
                let shown: String =
                    qwen_tui::explorer::ui::hit_line::answer(&snippet, room, false, &theme)
                        .iter()
                        .map(|s| s.content.to_string())
                        .collect();
                let chars: Vec<char> = shown.chars().collect();
                for w in chars.windows(2) {
                    assert!(
                        !(w[0].is_ascii_digit() && w[1] == '…'),
                        "`{query}` in {room}: a figure cut in `{shown}` (of `{}`)",
                        snippet.text
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}
