//! What a person sees at each supported size, driven by keys with no terminal: what is
//! typed is never hidden, and the value that answers is never cut.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use qwen_tui::app::{App, Loaded, Options};
use qwen_tui::keymap::action_for;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The sizes the README promises.
const SIZES: [(u16, u16); 5] = [(200, 50), (120, 40), (100, 30), (80, 24), (40, 12)];

fn data() -> Arc<Loaded> {
    static DATA: OnceLock<Arc<Loaded>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap())))
        .clone()
}

fn app(size: (u16, u16)) -> App {
    App::new(data(), Options::default(), size)
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        if let Some(a) = action_for(KeyEvent::new(code, KeyModifiers::NONE), app.mode) {
            app.update(a);
        }
    }
}

fn screen(app: &App) -> Vec<String> {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    (0..area.height)
        .map(|y| {
            let mut row = String::new();
            let mut skip = 0;
            for x in 0..area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let s = buf[(x, y)].symbol();
                skip = qwen_tui::ui::text::width(s).saturating_sub(1);
                row.push_str(s);
            }
            row
        })
        .collect()
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
fn the_wheel_scrolls_what_is_under_the_pointer() {
    use qwen_tui::action::Action;
    let mut a = app((120, 24));
    // An entry whose detail is taller than its pane.
    press(&mut a, "1");
    for _ in 0..60 {
        if qwen_tui::ui::detail::max_scroll(&a) > 0 {
            break;
        }
        press(&mut a, "j");
    }
    let areas = a.areas().unwrap();
    let detail = areas.detail.expect("a detail beside the list at 120×24");
    let list = areas.list;
    let before = a.pane(a.tab).selected;
    let max = qwen_tui::ui::detail::max_scroll(&a);
    assert!(max > 0, "the test needs a detail that scrolls");
    // Over the detail: the detail scrolls, the list's selection stays.
    a.update(Action::Wheel {
        x: detail.x + 3,
        y: detail.y + 3,
        down: true,
    });
    assert_eq!(a.pane(a.tab).selected, before);
    assert!(a.pane(a.tab).detail_scroll > 0, "the detail did not scroll");
    // Over the list: the selection moves, even while the detail has the focus.
    press(&mut a, "\n");
    a.update(Action::Wheel {
        x: list.x + 5,
        y: list.y + 5,
        down: true,
    });
    assert_ne!(a.pane(a.tab).selected, before, "the list did not move");
}

/// The text of a screen row from cell `x`, `w` cells wide.
fn cells(row: &str, x: usize, w: usize) -> String {
    let mut out = String::new();
    let mut at = 0;
    for ch in row.chars() {
        let cw = qwen_tui::ui::text::width(&ch.to_string()).max(1);
        if at >= x && at + cw <= x + w {
            out.push(ch);
        }
        at += cw;
    }
    out
}

/// Is `shown` the value whole, shortened, or its first words followed by `…` with every
/// figure in them whole — and, for a value that opens with a figure, that figure shown?
fn figure_whole(full: &str, shown: &str) -> bool {
    use qwen_tui::ui::value_fit::shorten;
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
fn every_visible_rows_figure_is_whole_at_every_size() {
    use qwen_tui::app::Row;
    use qwen_tui::app::columns::{ColumnKind, columns};
    use qwen_tui::kb::Tab;
    use qwen_tui::ui::list::{MARK, table_widths};
    let mut checked = 0;
    for size in SIZES {
        for tab in Tab::ALL {
            let mut a = app(size);
            a.update(qwen_tui::action::Action::GoTab(tab));
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
                        && let Some(bar) = a.data.charts.sizes.of(*e)
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
        a.update(qwen_tui::action::Action::GoTab(Tab::Sources));
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
    a.update(qwen_tui::action::Action::GoTab(Tab::Sources));
    let text = screen(&a).join("\n");
    if a.selected_entry()
        .is_some_and(|e| e.field("file").is_some())
    {
        assert!(text.contains("Document file: "), "{text}");
    }
}

fn press_code(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    if let Some(a) = action_for(KeyEvent::new(code, mods), app.mode) {
        app.update(a);
    }
}

#[test]
fn the_help_is_wrapped_not_cut_and_every_list_key_moves_it() {
    use qwen_tui::keymap::Mode;
    for size in SIZES {
        let mut a = app(size);
        press(&mut a, "?");
        assert_eq!(a.mode, Mode::Help);
        // Page through it all; the text of every screen, words joined.
        let mut seen = String::new();
        let mut last = None;
        // The help's box: centred in the body, at most 78 cells wide.
        let body = a.areas().unwrap().body;
        let w = body.width.min(78);
        let x = usize::from(body.x + (body.width - w) / 2);
        for _ in 0..200 {
            let rows: Vec<String> = screen(&a)
                .iter()
                .skip(usize::from(body.y))
                .take(usize::from(body.height))
                .map(|r| cells(r, x, usize::from(w)))
                .collect();
            for r in &rows {
                assert!(!r.contains('…'), "{size:?}: the help is cut: {r}");
            }
            seen.push_str(&rows.join(" "));
            seen.push(' ');
            if last == Some(a.help_scroll) {
                break;
            }
            last = Some(a.help_scroll);
            press_code(&mut a, KeyCode::PageDown, KeyModifiers::NONE);
        }
        let words = |t: &str| {
            t.split(|c: char| c.is_whitespace() || c == '│')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let seen = words(&seen);
        for (_, what) in qwen_tui::ui::help_lines() {
            // Every word of every description is on some screen (wrapped lines split it).
            for w in what.split_whitespace() {
                assert!(seen.contains(w), "{size:?}: `{w}` of `{what}` never shown");
            }
        }
        // g/G, Home/End, Ctrl-d/u and PageUp move the help as they move a list.
        let max = qwen_tui::ui::help::max_scroll(&a);
        press(&mut a, "g");
        assert_eq!(a.help_scroll, 0);
        press(&mut a, "G");
        assert_eq!(a.help_scroll, max, "{size:?}");
        press_code(&mut a, KeyCode::Home, KeyModifiers::NONE);
        assert_eq!(a.help_scroll, 0);
        if max > 2 {
            press_code(&mut a, KeyCode::Char('d'), KeyModifiers::CONTROL);
            assert!(a.help_scroll > 0, "{size:?}: Ctrl-d");
            press_code(&mut a, KeyCode::Char('u'), KeyModifiers::CONTROL);
            assert_eq!(a.help_scroll, 0, "{size:?}: Ctrl-u");
            press_code(&mut a, KeyCode::End, KeyModifiers::NONE);
            press_code(&mut a, KeyCode::PageUp, KeyModifiers::NONE);
            assert!(a.help_scroll < max, "{size:?}: PageUp");
        }
    }
}

#[test]
fn q_closes_what_is_open_and_quits_only_from_the_lists() {
    use qwen_tui::keymap::Mode;
    let mut a = app((120, 40));
    press(&mut a, "\n");
    assert_eq!(a.mode, Mode::Detail);
    let quit = action_for(
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
        a.mode,
    );
    assert_ne!(
        quit,
        Some(qwen_tui::action::Action::Quit),
        "q in the detail quits"
    );
    press(&mut a, "q");
    assert_eq!(a.mode, Mode::Browse, "q closes the detail");
    for open in ["?", "D"] {
        press(&mut a, open);
        assert_ne!(a.mode, Mode::Browse);
        press(&mut a, "q");
        assert_eq!(a.mode, Mode::Browse, "q closes `{open}`");
    }
    assert_eq!(
        action_for(
            KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
            Mode::Browse
        ),
        Some(qwen_tui::action::Action::Quit)
    );
}

#[test]
fn space_marks_and_steps_in_the_list_and_stays_in_the_detail() {
    use qwen_tui::keymap::Mode;
    let mut a = app((120, 40));
    press(&mut a, "3");
    let first = a.pane(a.tab).selected;
    press(&mut a, " ");
    assert_eq!(a.compared().len(), 1);
    assert_ne!(
        a.pane(a.tab).selected,
        first,
        "Space steps down in the list"
    );
    press(&mut a, "\n");
    assert_eq!(a.mode, Mode::Detail);
    let shown = a.pane(a.tab).selected;
    press(&mut a, " ");
    assert_eq!(a.compared().len(), 2);
    assert_eq!(a.pane(a.tab).selected, shown, "Space stays in the detail");
}

#[test]
fn slash_brings_the_last_query_back_selected_and_typing_replaces_it() {
    use qwen_tui::keymap::Mode;
    let mut a = app((120, 40));
    press(&mut a, "/cloud rev\n");
    assert_eq!(a.mode, Mode::Browse);
    press(&mut a, "/");
    assert_eq!(a.search.query, "cloud rev");
    assert!(a.search.query_selected);
    // Shown selected (reversed or coloured like the selection), and the help says so.
    press(&mut a, "qwen");
    assert_eq!(a.search.query, "qwen", "typing replaces the selected query");
    press(&mut a, "\n/");
    press_code(&mut a, KeyCode::End, KeyModifiers::NONE);
    press(&mut a, "3");
    assert_eq!(a.search.query, "qwen3", "End keeps it");
    press(&mut a, "\n/");
    press_code(&mut a, KeyCode::Right, KeyModifiers::NONE);
    press(&mut a, " max");
    assert_eq!(a.search.query, "qwen3 max", "→ keeps it");
    press(&mut a, "\n/");
    press_code(&mut a, KeyCode::Backspace, KeyModifiers::NONE);
    assert_eq!(a.search.query, "", "Backspace clears the selection");
    // A paste replaces it too.
    press(&mut a, "dingtalk\n/");
    a.paste("alibaba cloud");
    assert_eq!(a.search.query, "alibaba cloud");
}

#[test]
fn help_and_quit_are_the_last_hints_to_go() {
    for width in [200, 120, 80, 60, 40, 30] {
        let a = app((width, 24));
        let rows = screen(&a);
        let footer = rows.last().unwrap();
        assert!(footer.contains("? help"), "{width}: {footer}");
        assert!(footer.contains("q quit"), "{width}: {footer}");
    }
    let mut a = app((60, 24));
    press(&mut a, "\n");
    let footer = screen(&a).last().unwrap().clone();
    assert!(
        footer.contains("? help") && footer.contains("q close"),
        "{footer}"
    );
}

#[test]
fn the_selected_row_is_drawn_in_the_selections_colours_only() {
    use qwen_tui::ui::theme::{Theme, ThemeName};
    for name in [ThemeName::Dark, ThemeName::Light] {
        let theme = Theme::named(name);
        let options = Options {
            theme: name,
            ..Options::default()
        };
        // A search whose selected hit has highlighted words and dim labels; then a list.
        for keys in ["/cloud revenue", "3"] {
            let mut a = App::new(data(), options, (120, 40));
            press(&mut a, keys);
            let area = Rect::new(0, 0, 120, 40);
            let mut buf = Buffer::empty(area);
            a.render(area, &mut buf);
            let selected_rows: Vec<u16> = (0..40)
                .filter(|&y| {
                    (0..120)
                        .filter(|&x| buf[(x, y)].bg == theme.selected.bg.unwrap())
                        .count()
                        > 20
                })
                .collect();
            assert!(
                !selected_rows.is_empty(),
                "{name:?} `{keys}`: no selected row"
            );
            for y in selected_rows {
                for x in 0..120 {
                    let c = &buf[(x, y)];
                    if c.bg == theme.selected.bg.unwrap() && c.symbol() != " " {
                        assert_eq!(
                            c.fg,
                            theme.selected.fg.unwrap(),
                            "{name:?} `{keys}`: `{}` at {x},{y}",
                            c.symbol()
                        );
                    }
                }
            }
        }
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
        for e in pane.rows.iter().filter_map(qwen_tui::app::Row::entry) {
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
            .and_then(|e| a.data.charts.finance.of(a.kb().index_of(&e.id).unwrap()))
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
