//! The charts: the finance chart of the selected metric, the timeline strip and the size
//! bars of the models table. Text snapshots (insta + `TestBackend`) of the shipped knowledge
//! base and of small crafted ones in `tests/fixtures/charts/` (no figures, one figure,
//! mixed units), at a normal and a narrow size; monochrome snapshots mark bold cells, so
//! what tells the selection apart without colour is visible in them; and checks of what
//! a user reads off each chart.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use qwen_tui::explorer::action::Action;
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::explorer::theme::ThemeName;
use qwen_tui::kb::Tab;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

fn shipped() -> Arc<Loaded> {
    static DATA: OnceLock<Arc<Loaded>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap())))
        .clone()
}

fn fixture(name: &str) -> Arc<Loaded> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/charts")
        .join(format!("{name}.yaml"));
    Arc::new(Loaded::new(qwen_tui::kb::load_path(&path).unwrap()))
}

fn app(data: Arc<Loaded>, (w, h): (u16, u16), monochrome: bool) -> App {
    App::new(
        data,
        Options {
            theme: if monochrome {
                ThemeName::Monochrome
            } else {
                ThemeName::Dark
            },
            ..Default::default()
        },
        (w, h),
    )
}

fn draw(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().buffer().clone()
}

/// `tab` open with the entry `id` selected.
fn at(mut app: App, tab: Tab, id: &str) -> App {
    app.update(Action::GoTab(tab));
    app.update(Action::Top);
    for _ in 0..200 {
        if app.selected_entry().is_some_and(|e| e.id == id) {
            return app;
        }
        app.update(Action::Down);
    }
    panic!("{id} is not listed in {tab}");
}

/// [`at`], with the chart shown by `v` where it is not on its own: a series of fewer than
/// two figures charts nothing worth its rows, so it shows only when asked for.
fn at_shown(app: App, tab: Tab, id: &str) -> App {
    let mut app = at(app, tab, id);
    if app.areas().is_some_and(|a| a.chart.is_none()) {
        app.update(Action::ToggleChart);
    }
    app
}

fn row(buf: &Buffer, r: Rect, y: u16) -> String {
    (r.x..r.x + r.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

fn text(buf: &Buffer, r: Rect) -> String {
    (r.y..r.y + r.height)
        .map(|y| row(buf, r, y))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The chart's box as text, one line per row.
fn chart(app: &App) -> String {
    let area = app.areas().unwrap().chart.expect("a chart at this size");
    text(&draw(app), area)
}

/// The area as text with runs of bold cells in `*…*`: what shows without colour.
fn marked(buf: &Buffer, r: Rect) -> String {
    let mut out = Vec::new();
    for y in r.y..r.y + r.height {
        let mut line = String::new();
        let mut bold = false;
        for x in r.x..r.x + r.width {
            let b = buf[(x, y)].modifier.contains(Modifier::BOLD);
            if b != bold {
                line.push('*');
                bold = b;
            }
            line.push_str(buf[(x, y)].symbol());
        }
        if bold {
            line.push('*');
        }
        out.push(line);
    }
    out.join("\n")
}

fn no_colour_in(buf: &Buffer, r: Rect) {
    for y in r.y..r.y + r.height {
        for x in r.x..r.x + r.width {
            let c = &buf[(x, y)];
            assert!(
                c.fg == Color::Reset && c.bg == Color::Reset,
                "colour at {x},{y}: {}",
                row(buf, r, y)
            );
        }
    }
}

const WIDE: (u16, u16) = (120, 40);

// ---------------------------------------------------------------- finances

#[test]
fn finance_chart_of_each_kind_of_shipped_series() {
    for id in [
        "fin.cloud-revenue-q4-fy2026",  // three claims for one quarter
        "fin.market-cap",               // two claims with their own dates: a change
        "fin.group-revenue-fy2026",     // a `series` joining two metrics; bracketed USD
        "fin.free-cash-flow-q4-fy2026", // no figure at all
        "fin.capex-plan",               // one figure
    ] {
        let a = at_shown(app(shipped(), WIDE, true), Tab::Finances, id);
        insta::assert_snapshot!(format!("finance_{id}"), chart(&a));
    }
}

#[test]
fn several_claims_for_one_period_are_separate_bars_labelled_by_source() {
    let a = at(
        app(shipped(), WIDE, true),
        Tab::Finances,
        "fin.cloud-revenue-q4-fy2026",
    );
    let c = chart(&a);
    let bars: Vec<&str> = c.lines().filter(|l| l.contains('█')).collect();
    assert_eq!(bars.len(), 3, "{c}");
    for (source, figure) in [
        ("provider-guide", "~$6.0B"),
        ("info-matters", "≥$6.0B"),
        ("info-matters", "≥$4B"),
    ] {
        assert!(
            bars.iter()
                .any(|b| b.contains(source) && b.contains(figure)),
            "{source} {figure} in\n{c}"
        );
    }
    // The lower claim's bar is shorter: bars are to scale, not averaged.
    let len = |b: &str| b.matches('█').count();
    assert!(len(bars[2]) < len(bars[0]), "{c}");
    assert!(c.contains("given: +38% YoY [provider-guide]"), "{c}");
    assert!(c.contains("~$6.0B: in brackets beside RMB 41,626M"), "{c}");
}

#[test]
fn a_change_is_computed_only_between_comparable_single_figures() {
    // Two sources' claims for one value at different dates: a disagreement, not a fall.
    let a = at(app(shipped(), WIDE, true), Tab::Finances, "fin.market-cap");
    let c = chart(&a);
    assert!(
        c.contains("Apr 2026 → Jun 2026: sources disagree on one value; not a change"),
        "{c}"
    );
    assert!(!c.contains("-35%"), "{c}");
    let a = at(
        app(shipped(), WIDE, true),
        Tab::Finances,
        "fin.group-revenue-fy2026",
    );
    assert!(chart(&a).contains("2024 and FY2026 are different kinds of period"));

    let data = fixture("mixed");
    let q4 = chart(&at(app(data.clone(), WIDE, true), Tab::Finances, "q4"));
    assert!(
        q4.contains("change Q3 FY2026 → Q4 FY2026: +16% (computed)"),
        "{q4}"
    );
    let q3 = chart(&at(app(data, WIDE, true), Tab::Finances, "q3"));
    assert!(
        q3.contains("Q2 FY2026 has several figures: no single change"),
        "{q3}"
    );
}

#[test]
fn finance_charts_of_crafted_series() {
    let mixed = fixture("mixed");
    for (name, data, id) in [
        ("none", fixture("none"), "fcf"),
        ("single", fixture("single"), "revenue"),
        ("mixed_units", mixed.clone(), "sales-2024"),
        ("quarters", mixed, "q2"),
    ] {
        let a = at_shown(app(data, WIDE, true), Tab::Finances, id);
        insta::assert_snapshot!(format!("finance_{name}"), chart(&a));
    }
}

#[test]
fn figures_in_another_unit_or_not_figures_are_left_out_and_counted() {
    let a = at_shown(
        app(fixture("mixed"), WIDE, true),
        Tab::Finances,
        "sales-2024",
    );
    let c = chart(&a);
    assert!(c.contains(" · RMB "), "charted in RMB: {c}");
    assert!(!c.contains("$7"), "the USD figure is not drawn: {c}");
    assert!(
        c.contains("not charted: 1 in USD (not converted), 1 not a figure"),
        "{c}"
    );
    // One figure: no chart on its own, the rows go to the list; `v` shows it.
    let alone = at(app(fixture("single"), WIDE, true), Tab::Finances, "revenue");
    assert_eq!(alone.areas().unwrap().chart, None);
    let one = chart(&at_shown(
        app(fixture("single"), WIDE, true),
        Tab::Finances,
        "revenue",
    ));
    assert!(one.matches('█').count() > 0, "{one}");
    assert!(
        one.contains("one period only: no change to compute"),
        "{one}"
    );
    let none = chart(&at_shown(
        app(fixture("none"), WIDE, true),
        Tab::Finances,
        "fcf",
    ));
    assert!(
        none.contains("no figure to chart") && !none.contains('█'),
        "{none}"
    );
}

#[test]
fn a_long_series_shows_the_figures_around_the_selected_one() {
    let data = fixture("long");
    let middle = chart(&at(
        app(data.clone(), WIDE, true),
        Tab::Finances,
        "users-2021",
    ));
    insta::assert_snapshot!("finance_long", middle);
    assert!(
        middle.contains("Users · users · 6 of 9 figures"),
        "{middle}"
    );
    let marked: Vec<&str> = middle.lines().filter(|l| l.contains('▸')).collect();
    assert!(marked.len() == 1 && marked[0].contains("2021"), "{middle}");
    assert!(
        middle.contains("change 2020 → 2021: +29% (computed)"),
        "{middle}"
    );
    let first = chart(&at(
        app(data.clone(), WIDE, true),
        Tab::Finances,
        "users-2017",
    ));
    assert!(first.contains("2017") && !first.contains("2023"), "{first}");
    let last = chart(&at(app(data, WIDE, true), Tab::Finances, "users-2025"));
    assert!(last.contains("2025") && !last.contains("2019 "), "{last}");
}

#[test]
fn narrow_finance_chart_drops_the_sources_and_small_terminals_hide_it() {
    let a = at(
        app(shipped(), (46, 40), true),
        Tab::Finances,
        "fin.market-cap",
    );
    let c = chart(&a);
    insta::assert_snapshot!("finance_narrow_46x40", c);
    assert!(!c.contains("dayahimour") && c.contains("~$400B"), "{c}");

    for size in [(80, 24), (120, 17), (39, 40)] {
        let a = at(app(shipped(), size, true), Tab::Finances, "fin.market-cap");
        assert_eq!(a.areas().unwrap().chart, None, "{size:?}");
        let screen = text(&draw(&a), Rect::new(0, 0, size.0, size.1));
        assert!(!screen.contains("Market capitalisation · USD"), "{screen}");
    }
}

#[test]
fn without_colour_the_selected_entrys_bars_are_bold_and_marked() {
    let a = at(
        app(shipped(), WIDE, true),
        Tab::Finances,
        "fin.group-revenue-fy2026",
    );
    let buf = draw(&a);
    let area = a.areas().unwrap().chart.unwrap();
    no_colour_in(&buf, area);
    let m = marked(&buf, area);
    insta::assert_snapshot!("finance_monochrome", m);
    let fy2026 = m.lines().find(|l| l.contains("FY2026")).unwrap();
    let y2024 = m.lines().find(|l| l.contains("2024 ")).unwrap();
    assert!(fy2026.contains("*▸*") && fy2026.contains("*FY2026*"), "{m}");
    assert!(!y2024.contains('*') && !y2024.contains('▸'), "{m}");
}

#[test]
fn the_list_under_a_chart_is_where_clicks_and_pages_land() {
    let mut a = at(app(shipped(), WIDE, true), Tab::Finances, "fin.market-cap");
    let areas = a.areas().unwrap();
    let chart = areas.chart.unwrap();
    let body = areas.list_body();
    assert!(
        chart.y >= body.y + body.height,
        "the chart is under the list"
    );
    a.update(Action::Top);
    // The third row on screen, drawn where a click selects it.
    a.update(Action::Click(body.x + 3, body.y + 2));
    let third: String = a.selected_entry().unwrap().title.chars().take(20).collect();
    let screen = text(&draw(&a), Rect::new(0, body.y + 2, 120, 1));
    assert!(screen.contains(&third), "{screen} / {third}");
    // A click on the chart selects nothing.
    let before = a.pane(Tab::Finances).selected;
    a.update(Action::Click(chart.x + 5, chart.y + 2));
    assert_eq!(a.pane(Tab::Finances).selected, before);
    // A page is the list's height under the chart.
    a.update(Action::Top);
    a.update(Action::PageDown);
    let p = a.pane(Tab::Finances);
    assert!(p.selected.unwrap() - p.offset < body.height as usize);
}

// ---------------------------------------------------------------- timeline

#[test]
fn timeline_strip_snapshots() {
    let shipped_at = |size| at(app(shipped(), size, true), Tab::Timeline, "ev.qwen3.7-max");
    insta::assert_snapshot!("timeline_shipped", chart(&shipped_at(WIDE)));
    insta::assert_snapshot!("timeline_narrow_44x40", chart(&shipped_at((44, 40))));
    let mut filtered = shipped_at(WIDE);
    filtered.update(Action::OpenFilter);
    for c in "model".chars() {
        filtered.update(Action::Input(c));
    }
    filtered.update(Action::Confirm);
    insta::assert_snapshot!("timeline_filtered_model", chart(&filtered));
    let one = at(app(fixture("single"), WIDE, true), Tab::Timeline, "launch");
    insta::assert_snapshot!("timeline_single", chart(&one));
    let mut none = app(fixture("none"), WIDE, true);
    none.update(Action::GoTab(Tab::Timeline));
    insta::assert_snapshot!("timeline_none", chart(&none));
}

#[test]
fn the_strip_counts_the_listed_events_and_marks_the_selected_ones_year() {
    let a = at(app(shipped(), WIDE, true), Tab::Timeline, "ev.qwen3.7-max");
    let c = chart(&a);
    let total = a.pane(Tab::Timeline).entries;
    assert!(c.contains(&format!("{total} dated")), "{c}");
    let in_2026 = a
        .kb()
        .entries
        .iter()
        .filter(|e| e.tab == Tab::Timeline && e.date.is_some_and(|d| d.year(3) == 2026))
        .count();
    assert!(
        c.contains(&format!("20 May 2026: {in_2026} events in 2026")),
        "{c}"
    );
    // The ▲ sits under the tallest (2026) bar, in the bar's column.
    let lines: Vec<&str> = c.lines().collect();
    let marker_col = lines[4].chars().position(|ch| ch == '▲').unwrap();
    assert_eq!(lines[2].chars().nth(marker_col), Some('█'), "{c}");
}

#[test]
fn without_colour_the_selected_bucket_is_bold() {
    let a = at(
        app(shipped(), WIDE, true),
        Tab::Timeline,
        "ev.qwen2.5-release",
    );
    let buf = draw(&a);
    let area = a.areas().unwrap().chart.unwrap();
    no_colour_in(&buf, area);
    let m = marked(&buf, area);
    insta::assert_snapshot!("timeline_monochrome", m);
    // Only the 2024 bucket's bar and the ▲ are bold among the bars and the marker row.
    let bars = m.lines().nth(2).unwrap();
    assert_eq!(bars.matches('*').count(), 2, "one bold run: {m}");
    assert!(m.lines().nth(4).unwrap().contains("*▲*"), "{m}");
}

// ---------------------------------------------------------------- models

fn model_row<'a>(screen: &'a str, name: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("{name} in\n{screen}"))
}

#[test]
fn size_bars_show_active_against_total_on_one_log_scale() {
    let a = at(app(shipped(), WIDE, true), Tab::Models, "model.qwen3.7-max");
    let buf = draw(&a);
    let list = a.areas().unwrap().list;
    let screen = text(&buf, list);
    insta::assert_snapshot!("models_sizes_120x40", screen);
    let count = |l: &str, c: char| l.matches(c).count();
    let moe = model_row(&screen, "Qwen3-235B-A22B");
    assert!(moe.contains("235B/22B"), "{moe}");
    assert!(
        count(moe, '█') > 0 && count(moe, '░') > 0,
        "MoE: part active: {moe}"
    );
    let max = model_row(&screen, "Qwen3-Max");
    assert_eq!(count(max, '█'), 0, "no active count given: {max}");
    assert!(
        count(max, '░') > count(moe, '█') + count(moe, '░'),
        "1T is longer: {max}"
    );
    let active_only = model_row(&screen, "Qwen3.6-35B-A3B");
    assert!(active_only.contains("?/3B") && count(active_only, '░') == 0);
    let disputed = model_row(&screen, "Qwen3.5 (flag");
    assert!(count(disputed, '▒') > 0, "totals that differ: {disputed}");
    // Text that is not one figure stays text.
    assert!(model_row(&screen, "Qwen3 family").contains("dense 0.6B"));
    let header = screen.lines().nth(1).unwrap();
    assert!(header.contains("1B") && header.contains("1T") && header.contains("Params"));
    assert!(screen.lines().last().unwrap().contains("log scale"));
    no_colour_in(&buf, list);
}

#[test]
fn size_bars_of_crafted_models_and_narrow_tables() {
    let one = at(app(fixture("single"), WIDE, true), Tab::Models, "dense");
    let list = one.areas().unwrap().list;
    let screen = text(&draw(&one), list);
    insta::assert_snapshot!("models_single", screen);
    let dense = model_row(&screen, "Dense 7B");
    assert!(
        dense.contains("7B/7B") && !dense.contains('░'),
        "dense: all active: {dense}"
    );

    let none = at(app(fixture("none"), WIDE, true), Tab::Models, "tiny");
    let screen = text(&draw(&none), none.areas().unwrap().list);
    insta::assert_snapshot!("models_none", screen);
    assert!(!screen.contains("log scale") && screen.contains("dense 1B to 3B"));

    // Narrow: the column shows the text (see the 40×12 snapshot in snapshots.rs).
    let narrow = at(
        app(shipped(), (60, 30), true),
        Tab::Models,
        "model.qwen3.7-max",
    );
    let screen = text(&draw(&narrow), narrow.areas().unwrap().list);
    insta::assert_snapshot!("models_narrow_60x30", screen);
}

// ---------------------------------------------------------------- every size

#[test]
fn every_chart_draws_at_every_size_without_panicking() {
    let sets = [
        shipped(),
        fixture("none"),
        fixture("single"),
        fixture("mixed"),
    ];
    for data in sets {
        for tab in [Tab::Finances, Tab::Timeline, Tab::Models] {
            for w in (1..=160).step_by(4) {
                for h in [1, 8, 12, 20, 24, 31, 40] {
                    for mono in [false, true] {
                        let mut a = app(data.clone(), (w, h), mono);
                        a.update(Action::GoTab(tab));
                        a.update(Action::Bottom);
                        draw(&a);
                    }
                }
            }
        }
    }
}
