//! The search overlay's state: the query, its hits grouped by tab, and the selection.

use crate::kb::{KnowledgeBase, Tab};
use crate::search::{Hit, SearchIndex};

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
    pub hits: Vec<Hit>,
    /// Hits grouped by tab; groups ordered by their best hit.
    pub rows: Vec<ResultRow>,
    /// Index into `rows` (always a hit).
    pub selected: Option<usize>,
    pub offset: usize,
    /// Shown instead of the query for a list the app made (the entries citing a source).
    pub title: Option<String>,
}

impl SearchState {
    /// Runs `query` and regroups the results; the best hit is selected.
    pub fn run(&mut self, index: &SearchIndex, kb: &KnowledgeBase) {
        self.title = None;
        let hits = index.search(&self.query, None);
        self.set_hits(kb, hits);
    }

    /// Shows a ready-made list of entries (in this order) under `title`.
    pub fn show_list(&mut self, kb: &KnowledgeBase, title: String, entries: &[usize]) {
        self.query.clear();
        let hits = entries
            .iter()
            .map(|&entry| Hit {
                entry,
                score: 0,
                title_positions: Vec::new(),
            })
            .collect();
        self.set_hits(kb, hits);
        self.title = Some(title);
    }

    fn set_hits(&mut self, kb: &KnowledgeBase, hits: Vec<Hit>) {
        // Tabs in the order of their best hit; hits within a tab keep their rank.
        let mut order: Vec<Tab> = Vec::new();
        for h in &hits {
            let t = kb.entries[h.entry].tab;
            if !order.contains(&t) {
                order.push(t);
            }
        }
        let mut rows = Vec::with_capacity(hits.len() + order.len());
        for t in order {
            let members: Vec<usize> = (0..hits.len())
                .filter(|&i| kb.entries[hits[i].entry].tab == t)
                .collect();
            rows.push(ResultRow::Group(t, members.len()));
            rows.extend(members.into_iter().map(ResultRow::Hit));
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

    pub fn clear(&mut self) {
        *self = SearchState::default();
    }
}
