//! The search overlay's state: the query, its hits best first (a ready-made list grouped by
//! tab), and the selection.

use std::sync::Arc;

use crate::kb::{KnowledgeBase, Tab};
use crate::search::{Hit, SearchIndex, Searcher};

/// One line of the results: a tab heading or a hit (an index into `hits`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultRow {
    Group(Tab, usize),
    Hit(usize),
}

#[derive(Clone, Debug, Default)]
pub struct SearchState {
    pub query: String,
    /// Ranked hits, best first.
    pub hits: Arc<Vec<Hit>>,
    /// The rows shown: the hits best first, or a ready-made list under a heading per tab.
    pub rows: Vec<ResultRow>,
    /// Index into `rows` (always a hit).
    pub selected: Option<usize>,
    pub offset: usize,
    /// Shown instead of the query for a list the app made (the entries citing a source).
    pub title: Option<String>,
    /// The query is shown selected, as reopened with `/`: typing replaces it, Backspace
    /// clears it, → or End keeps it for typing after.
    pub query_selected: bool,
    /// Counts the edits of the query; a background search's results carry the count of the
    /// edit they answer, and only the newest are shown.
    pub generation: u64,
    /// The edit the hits answer: behind `generation` while a search is running (the
    /// previous results stay on screen meanwhile).
    pub answered: u64,
    /// Enter was pressed while the search was running: jump once its results are in.
    pub(crate) confirm_when_done: bool,
    /// Remembers recent queries, so a growing query only re-checks the previous matches.
    pub(crate) searcher: Searcher,
}

impl SearchState {
    /// Runs the query here and now and regroups the results; the best hit is selected.
    pub fn run(&mut self, index: &SearchIndex, kb: &KnowledgeBase) {
        self.title = None;
        let hits = self
            .searcher
            .search(index, &self.query, None, &|| false)
            .unwrap_or_default();
        self.set_hits(kb, hits, false);
        self.answered = self.generation;
    }

    /// Is a background search for the current query still running?
    pub fn pending(&self) -> bool {
        self.answered != self.generation
    }

    /// Shows the results of a background search, if they answer the newest edit.
    pub fn finish(&mut self, kb: &KnowledgeBase, generation: u64, hits: Arc<Vec<Hit>>) -> bool {
        if generation != self.generation || self.title.is_some() {
            return false;
        }
        self.set_hits(kb, hits, false);
        self.answered = generation;
        true
    }

    /// Shows a ready-made list of entries (in this order) under `title`.
    pub fn show_list(&mut self, kb: &KnowledgeBase, title: String, entries: &[usize]) {
        self.query.clear();
        let hits = entries.iter().map(|&entry| Hit::plain(entry)).collect();
        self.set_hits(kb, Arc::new(hits), true);
        self.title = Some(title);
        self.answered = self.generation;
    }

    /// Shows `hits`: ranked results best first whatever their tab (each line names its
    /// tab), or — for a ready-made list, `grouped` — under a heading per tab.
    fn set_hits(&mut self, kb: &KnowledgeBase, hits: Arc<Vec<Hit>>, grouped: bool) {
        if !grouped {
            self.rows = (0..hits.len()).map(ResultRow::Hit).collect();
            self.hits = hits;
            self.offset = 0;
            self.selected = (!self.rows.is_empty()).then_some(0);
            return;
        }
        // Tabs in the order of their first entry; entries within a tab keep their order.
        // One pass over the hits, however many.
        let mut order: Vec<Tab> = Vec::new();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); Tab::ALL.len()];
        for (i, h) in hits.iter().enumerate() {
            let t = kb.entries[h.entry].tab;
            if members[t as usize].is_empty() {
                order.push(t);
            }
            members[t as usize].push(i);
        }
        let mut rows = Vec::with_capacity(hits.len() + order.len());
        for t in order {
            let group = std::mem::take(&mut members[t as usize]);
            rows.push(ResultRow::Group(t, group.len()));
            rows.extend(group.into_iter().map(ResultRow::Hit));
        }
        self.hits = hits;
        self.rows = rows;
        self.offset = 0;
        self.selected = self
            .rows
            .iter()
            .position(|r| matches!(r, ResultRow::Hit(_)));
    }

    /// The entry of the selected hit.
    pub fn selected_entry(&self) -> Option<usize> {
        match self.rows.get(self.selected?)? {
            ResultRow::Hit(h) => self.hits.get(*h).map(|h| h.entry),
            ResultRow::Group(..) => None,
        }
    }

    /// The entries of the hits in the order shown.
    pub fn entries_in_order(&self) -> Vec<usize> {
        self.rows
            .iter()
            .filter_map(|r| match r {
                ResultRow::Hit(h) => self.hits.get(*h).map(|h| h.entry),
                ResultRow::Group(..) => None,
            })
            .collect()
    }

    /// Empties the query and results. The count of edits goes on, so the results of a
    /// search still running are not mistaken for the new query's.
    pub fn clear(&mut self) {
        let generation = self.generation + 1;
        *self = SearchState {
            generation,
            answered: generation,
            ..SearchState::default()
        };
    }
}
