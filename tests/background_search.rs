//! Searching on the search thread, as the terminal loop does: a key is answered at once
//! with the previous results still on screen (marked "searching…"), only the newest
//! query's results are shown, Enter typed before they arrive waits for them, and results
//! about data that has since been reloaded are dropped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use qwen_tui::explorer::action::{Action, Effect};
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::explorer::keymap::Mode;
use qwen_tui::search::worker::{Job, Worker};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn data() -> Arc<Loaded> {
    Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap()))
}

fn app(data: &Arc<Loaded>) -> App {
    let options = Options {
        background_search: true,
        ..Options::default()
    };
    App::new(Arc::clone(data), options, (120, 40))
}

/// Types `c` and returns the search the app asked for.
fn type_char(app: &mut App, c: char) -> (u64, String) {
    match app.update(Action::Input(c)) {
        Some(Effect::Search { generation, query }) => (generation, query),
        other => panic!("typing `{c}` asked for {other:?}"),
    }
}

fn screen(app: &App) -> String {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_key_is_answered_at_once_and_the_previous_results_stay_until_the_new_ones_arrive() {
    let data = data();
    let mut app = app(&data);
    app.update(Action::OpenSearch);
    let (g1, q1) = type_char(&mut app, 'q');
    assert_eq!(q1, "q");
    assert!(app.search.pending());
    assert!(screen(&app).contains("searching…"), "{}", screen(&app));
    app.search_done(g1, Arc::new(data.index().search(&q1, None)));
    assert!(!app.search.pending());
    assert!(!screen(&app).contains("searching…"));
    let for_q = Arc::clone(&app.search.hits);
    assert!(!for_q.is_empty());

    // The next key: the query shows at once, the hits for `q` stay meanwhile.
    let (g2, q2) = type_char(&mut app, 'w');
    assert_eq!(app.search.query, "qw");
    assert_eq!(app.search.hits, for_q);
    assert!(screen(&app).contains("/ qw"));

    // A late answer to the older query is not shown; the newest one is.
    app.search_done(g1, Arc::new(Vec::new()));
    assert_eq!(app.search.hits, for_q);
    assert!(app.search.pending());
    let want = data.index().search(&q2, None);
    app.search_done(g2, Arc::new(want.clone()));
    assert_eq!(*app.search.hits, want);
    assert!(!app.search.pending());
}

#[test]
fn enter_typed_before_the_results_arrive_jumps_to_the_best_of_them() {
    let data = data();
    let mut app = app(&data);
    app.update(Action::OpenSearch);
    let mut last = (0, String::new());
    for c in "dingtalk".chars() {
        last = type_char(&mut app, c);
    }
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Search, "Enter must wait for the results");
    let hits = data.index().search(&last.1, None);
    let best = hits[0].entry;
    app.search_done(last.0, Arc::new(hits));
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(
        app.selected_entry().map(|e| e.id.clone()),
        Some(data.kb.entries[best].id.clone())
    );
}

#[test]
fn results_computed_over_the_data_before_a_reload_are_dropped() {
    let data = data();
    let mut app = app(&data);
    app.update(Action::OpenSearch);
    let (g, q) = type_char(&mut app, 'q');
    let old = Arc::new(data.index().search(&q, None));
    app.replace_data(self::data());
    // The reload searched the new data itself; the answer about the old data is stale.
    let now = Arc::clone(&app.search.hits);
    app.search_done(g, Arc::new(Vec::new()));
    assert_eq!(app.search.hits, now);
    assert_eq!(*app.search.hits, *old, "same file, same results");
    assert!(!app.search.pending());
}

#[test]
fn the_search_thread_answers_the_newest_query_of_a_burst() {
    let data = data();
    let worker = Worker::<Loaded>::spawn().unwrap();
    let query = "cloud revenue";
    let prefixes: Vec<&str> = (1..=query.len()).map(|n| &query[..n]).collect();
    for (g, q) in prefixes.iter().enumerate() {
        worker.submit(Job {
            generation: g as u64 + 1,
            query: (*q).to_string(),
            data: Arc::clone(&data),
        });
    }
    let newest = prefixes.len() as u64;
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let done = worker
            .results()
            .recv_timeout(left)
            .expect("no results from the search thread");
        seen.push(done.generation);
        if done.generation == newest {
            assert_eq!(*done.hits, data.index().search(query, None));
            break;
        }
    }
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "results came back out of order: {seen:?}"
    );
}

#[test]
fn getting_ready_answers_nothing_and_holds_no_search_back() {
    let data = data();
    let worker = Worker::<Loaded>::spawn().unwrap();
    worker.warm(Arc::clone(&data));
    assert!(
        worker
            .results()
            .recv_timeout(Duration::from_millis(300))
            .is_err(),
        "getting ready sent results"
    );
    // Asked to get ready again and then to search at once: the search is answered.
    worker.warm(Arc::clone(&data));
    worker.submit(Job {
        generation: 1,
        query: "qwen".into(),
        data: Arc::clone(&data),
    });
    let done = worker
        .results()
        .recv_timeout(Duration::from_secs(30))
        .expect("no results after getting ready");
    assert_eq!(done.generation, 1);
    assert_eq!(*done.hits, data.index().search("qwen", None));
}

#[test]
fn typing_over_the_list_of_a_source_searches() {
    // Sources → Enter lists the entries citing the source; typing there is a search whose
    // results must arrive (they were refused while the list had its title).
    let data = data();
    let mut app = app(&data);
    app.update(Action::GoTab(qwen_tui::kb::Tab::Sources));
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Search);
    assert!(app.search.title.is_some(), "a source's list");
    let mut last = (0, String::new());
    for c in "qwen3".chars() {
        last = type_char(&mut app, c);
    }
    assert_eq!(last.1, "qwen3");
    let want = data.index().search(&last.1, None);
    app.search_done(last.0, Arc::new(want.clone()));
    assert!(!app.search.pending(), "{}", screen(&app));
    assert_eq!(*app.search.hits, want);
    assert!(!screen(&app).contains("searching…"));
    // And Enter jumps to the best of them.
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(
        app.selected_entry().map(|e| e.id.clone()),
        Some(data.kb.entries[want[0].entry].id.clone())
    );
}

#[test]
fn the_first_screen_comes_before_the_index_and_says_so_and_keys_typed_meanwhile_are_answered_in_full()
 {
    let kb = qwen_tui::kb::load_embedded().unwrap();
    let data = Arc::new(Loaded::index_later(kb, qwen_tui::kb::age::Horizon::DEFAULT));
    assert!(!data.index_ready());
    let mut app = app(&data);
    assert!(
        screen(&app).contains("indexing…"),
        "the footer says the index is not built:\n{}",
        screen(&app)
    );
    // A search typed now is asked of the search thread, which waits for the index.
    app.update(Action::OpenSearch);
    let mut last = (0, String::new());
    for c in "qwen3".chars() {
        last = type_char(&mut app, c);
    }
    let waiting = screen(&app);
    assert!(
        waiting.contains("indexing… the results follow") && !waiting.contains("no entry matches"),
        "{waiting}"
    );
    let worker = Worker::<Loaded>::spawn().unwrap();
    worker.submit(Job {
        generation: last.0,
        query: last.1.clone(),
        data: Arc::clone(&data),
    });
    data.start_indexing().unwrap();
    let done = worker
        .results()
        .recv_timeout(Duration::from_secs(30))
        .expect("no results once the index was built");
    assert!(data.index_ready());
    let whole = Loaded::new(qwen_tui::kb::load_embedded().unwrap());
    assert_eq!(
        *done.hits,
        whole.index().search("qwen3", None),
        "complete results"
    );
    app.search_done(done.generation, done.hits);
    let shown = screen(&app);
    assert!(
        !shown.contains("indexing…") && !shown.contains("searching…"),
        "{shown}"
    );
}

#[test]
fn a_first_query_still_running_says_searching_not_that_nothing_matches() {
    let data = data();
    let mut app = app(&data);
    app.update(Action::OpenSearch);
    let (g, q) = type_char(&mut app, 'q');
    assert!(app.search.pending() && app.search.rows.is_empty());
    let waiting = screen(&app);
    assert!(
        waiting.contains("searching…") && !waiting.contains("no entry matches"),
        "{waiting}"
    );
    app.search_done(g, Arc::new(data.index().search(&q, None)));
    assert!(!screen(&app).contains("searching…"));
}
