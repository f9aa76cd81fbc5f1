//! What the explorer draws, as text snapshots (ratatui `TestBackend` + insta): every tab,
//! the search overlay, the help, a disputed entry's detail, at 120×40 and 80×24, and the
//! "too small" state. Review changes with `cargo insta review` (or `INSTA_UPDATE=always`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, OnceLock};

use qwen_tui::explorer::action::Action;
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::explorer::theme::ThemeName;
use qwen_tui::kb::Tab;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn data() -> Arc<Loaded> {
    static DATA: OnceLock<Arc<Loaded>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap())))
        .clone()
}

fn app(w: u16, h: u16) -> App {
    App::new(
        data(),
        Options {
            theme: ThemeName::Monochrome,
            mouse: false,
            ..Default::default()
        },
        (w, h),
    )
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t
}

fn send(app: &mut App, actions: &[Action]) {
    for &a in actions {
        app.update(a);
    }
}

fn typed(s: &str) -> Vec<Action> {
    s.chars().map(Action::Input).collect()
}

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

#[test]
fn every_tab() {
    for (w, h) in SIZES {
        for tab in Tab::ALL {
            let mut a = app(w, h);
            send(&mut a, &[Action::GoTab(tab), Action::Down, Action::Down]);
            insta::assert_snapshot!(format!("tab_{}_{w}x{h}", tab.name()), draw(&a).backend());
        }
    }
}

#[test]
fn search_overlay() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        send(&mut a, &[Action::OpenSearch]);
        send(&mut a, &typed("qwen3 moe"));
        insta::assert_snapshot!(format!("search_{w}x{h}"), draw(&a).backend());
    }
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        send(&mut a, &[Action::ToggleHelp]);
        insta::assert_snapshot!(format!("help_{w}x{h}"), draw(&a).backend());
    }
}

#[test]
fn disputed_detail() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        send(&mut a, &[Action::OpenSearch]);
        send(&mut a, &typed("market cap"));
        send(&mut a, &[Action::Confirm, Action::Confirm]);
        assert!(a.selected_entry().unwrap().disputed);
        insta::assert_snapshot!(format!("disputed_{w}x{h}"), draw(&a).backend());
    }
}

#[test]
fn small_and_too_small() {
    let mut a = app(40, 12);
    send(&mut a, &[Action::GoTab(Tab::Models)]);
    insta::assert_snapshot!("models_40x12", draw(&a).backend());
    send(&mut a, &[Action::Confirm]);
    insta::assert_snapshot!("detail_alone_40x12", draw(&a).backend());
    let a = app(20, 5);
    insta::assert_snapshot!("too_small_20x5", draw(&a).backend());
}

fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn search_hits_highlight_exactly_the_matched_characters() {
    let mut a = app(160, 40);
    send(&mut a, &[Action::OpenSearch]);
    // The title has a multi-byte em dash before the matched characters: positions are
    // characters, and drawing must not treat them as bytes.
    send(&mut a, &typed("from the east"));
    let t = draw(&a);
    let buf = t.backend().buffer();
    // Find the row of the first hit and its title's cells.
    let hit = &a.search.hits[0];
    let title = &a.kb().entries[hit.entry].title;
    let positions = hit.title_positions(title);
    assert!(title.contains('—') && !positions.is_empty(), "{title}");
    let start: String = title.chars().take(20).collect();
    let y = (5..buf.area.height)
        .find(|&y| row_text(buf, y).find(&start).is_some_and(|i| i < 16))
        .expect("the first hit is on screen");
    // Walk the title's characters by display cells and compare each one's style.
    let row = row_text(buf, y);
    let start_col = row.find(&start).unwrap();
    let start_x = row[..start_col].chars().count() as u16;
    let mut x = start_x;
    for (i, c) in title.chars().enumerate() {
        let cell = &buf[(x, y)];
        assert_eq!(cell.symbol(), c.to_string(), "cell {x} of {row}");
        let highlighted = cell.modifier.contains(Modifier::UNDERLINED);
        assert_eq!(
            highlighted,
            positions.contains(&i),
            "char {i} `{c}` of {title}"
        );
        x += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as u16;
    }
}

#[test]
fn the_selected_row_and_disputed_marks_are_visible_without_colour() {
    let mut a = app(120, 40);
    send(&mut a, &[Action::GoTab(Tab::Overview)]);
    let t = draw(&a);
    let buf = t.backend().buffer();
    let sel = a.pane(Tab::Overview).selected.unwrap() - a.pane(Tab::Overview).offset;
    let y = 4 + sel as u16; // header, tabs, border, column titles
    assert!(
        buf[(10, y)].modifier.contains(Modifier::REVERSED),
        "{}",
        row_text(buf, y)
    );
    assert!(!buf[(10, y + 1)].modifier.contains(Modifier::REVERSED));
    let disputed = (0..buf.area.height)
        .filter(|&y| row_text(buf, y).starts_with("│! "))
        .count();
    assert!(disputed > 0);
}

#[test]
fn disputed_view() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        send(&mut a, &[Action::OpenDisputed, Action::Down, Action::Down]);
        insta::assert_snapshot!(format!("disputed_view_{w}x{h}"), draw(&a).backend());
    }
}

/// Three models marked (Space) and compared (`c`).
fn comparing(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    send(&mut a, &[Action::GoTab(Tab::Models)]);
    send(&mut a, &[Action::ToggleMark; 3]);
    send(&mut a, &[Action::OpenCompare]);
    a
}

#[test]
fn compare_view() {
    for (w, h) in SIZES {
        let a = comparing(w, h);
        insta::assert_snapshot!(format!("compare_{w}x{h}"), draw(&a).backend());
    }
    // Scrolled to the end: the sources row is last.
    let mut a = comparing(80, 24);
    send(&mut a, &[Action::Bottom]);
    let t = draw(&a);
    let last = row_text(t.backend().buffer(), 21);
    assert!(last.contains("Sources"), "{last}");
    insta::assert_snapshot!("compare_80x24_end", t.backend());
}

/// In the monochrome theme the differences are still emphasised: bold values in rows
/// marked ≠, plain ones elsewhere.
#[test]
fn compare_differences_are_bold_without_colour() {
    // Qwen3.6 and Qwen3.5: the same licence, different everything else.
    let mut a = app(120, 40);
    send(
        &mut a,
        &[Action::GoTab(Tab::Models), Action::Down, Action::ToggleMark],
    );
    send(
        &mut a,
        &[Action::Down, Action::ToggleMark, Action::OpenCompare],
    );
    let titles: Vec<&str> = a
        .compared()
        .iter()
        .map(|&e| a.kb().entries[e].title.as_str())
        .collect();
    assert_eq!(titles[0], "Qwen3.6");
    assert!(titles[1].starts_with("Qwen3.5"), "{titles:?}");
    let t = draw(&a);
    let buf = t.backend().buffer();
    let (mut differ, mut same) = (0, 0);
    for y in 4..39 {
        let row = row_text(buf, y);
        // The first value column starts after the label (22) and the gap.
        let x = 1 + 2 + 22 + 2;
        // (A missing value, `—`, is dim whatever the row.)
        let sym = buf[(x, y)].symbol();
        if sym.trim().is_empty() || sym == "—" || row.contains("Sources") {
            continue;
        }
        let bold = buf[(x, y)].modifier.contains(Modifier::BOLD);
        if row.starts_with("│≠") {
            assert!(bold, "{row}");
            differ += 1;
        } else if row.starts_with("│  ") && row.chars().nth(3) != Some(' ') {
            assert!(!bold, "{row}");
            same += 1;
        }
    }
    assert!(
        differ > 0 && same > 0,
        "rows seen: {differ} differ, {same} same"
    );
}

/// Selects the entry with this id in its tab.
fn select(app: &mut App, tab: Tab, id: &str) {
    send(app, &[Action::GoTab(tab), Action::Top]);
    for _ in 0..200 {
        if app.selected_entry().is_some_and(|e| e.id == id) {
            return;
        }
        send(app, &[Action::Down]);
    }
    panic!("{id} not found in {tab}");
}

#[test]
fn stale_detail() {
    // Calendar 2024 revenue, 18 months before the June 2026 as-of date.
    for (w, h) in SIZES {
        let mut a = app(w, h);
        select(&mut a, Tab::Finances, "fin.total-revenue-2024");
        insta::assert_snapshot!(format!("stale_{w}x{h}"), draw(&a).backend());
    }
}

#[test]
fn stale_entries_are_marked_without_colour_and_recent_ones_are_not() {
    let mut a = app(120, 40);
    select(&mut a, Tab::Finances, "fin.total-revenue-2024");
    let t = draw(&a);
    let buf = t.backend().buffer();
    // The list row whose first column starts with `text`.
    let row = |text: &str| {
        (0..buf.area.height)
            .find(|&y| {
                row_text(buf, y)
                    .chars()
                    .skip(3)
                    .collect::<String>()
                    .starts_with(text)
            })
            .unwrap_or_else(|| panic!("{text} is on screen"))
    };
    let y = row("Total revenue");
    assert!(row_text(buf, y).starts_with("│~ Total revenue"));
    assert!(buf[(1, y)].modifier.contains(Modifier::BOLD));
    let y = row("Group revenue");
    assert!(row_text(buf, y).starts_with("│  Group revenue"));
    // The detail says how old it is and that it may be stale.
    let detail: String = (0..buf.area.height).map(|y| row_text(buf, y)).collect();
    assert!(
        detail.contains("~ POSSIBLY STALE: 18 months old"),
        "{detail}"
    );
    assert!(
        detail.contains("Age: 18 months (as of Jun 2026)"),
        "{detail}"
    );
    // With a two-year horizon it is not marked, but its age is still shown.
    let mut a = App::new(
        data(),
        Options {
            theme: ThemeName::Monochrome,
            stale_horizon: qwen_tui::kb::age::Horizon::parse("2 years").unwrap(),
            ..Default::default()
        },
        (120, 40),
    );
    select(&mut a, Tab::Finances, "fin.total-revenue-2024");
    let t = draw(&a);
    let buf = t.backend().buffer();
    let all: String = (0..buf.area.height).map(|y| row_text(buf, y)).collect();
    assert!(
        !all.contains("│~ ") && !all.contains("POSSIBLY STALE"),
        "{all}"
    );
    assert!(all.contains("Age: 18 months"));
}

#[test]
fn the_explorer_opens_on_the_default_tab() {
    let a = App::new(
        data(),
        Options {
            default_tab: Tab::Models,
            ..Default::default()
        },
        (120, 40),
    );
    assert_eq!(a.tab, Tab::Models);
    let t = draw(&a);
    assert!(row_text(t.backend().buffer(), 2).contains("┌ Models ("));
}

#[test]
fn light_theme() {
    // Text and styles: the colours are part of what is checked here.
    let mut a = App::new(
        data(),
        Options {
            theme: ThemeName::Light,
            ..Default::default()
        },
        (80, 24),
    );
    select(&mut a, Tab::Finances, "fin.total-revenue-2024");
    insta::assert_snapshot!("light_80x24", format!("{:?}", draw(&a).backend().buffer()));
}

#[test]
fn chart_shown_with_v_on_a_small_terminal() {
    let mut a = app(80, 24);
    send(
        &mut a,
        &[
            Action::GoTab(Tab::Finances),
            Action::Down,
            Action::ToggleChart,
        ],
    );
    insta::assert_snapshot!("chart_toggled_80x24", draw(&a).backend());
}

/// A filtered list shows, in its last column, the field that answers the filter when a
/// word matched outside the title — here a benchmark fact no column shows.
#[test]
fn a_filtered_row_shows_the_answering_field_in_its_last_column() {
    let mut a = app(120, 40);
    send(
        &mut a,
        &[Action::GoTab(qwen_tui::kb::Tab::Models), Action::OpenFilter],
    );
    send(&mut a, &typed("verified"));
    let t = draw(&a);
    let buf = t.backend().buffer();
    let row = (0..buf.area.height)
        .map(|y| row_text(buf, y))
        .find(|r| r.starts_with("│  Qwen3.7-Max "))
        .expect("the model is listed");
    assert!(row.contains("80.4%"), "{row}");
}
