//! Swapping in a reloaded knowledge base without losing the user's place: the same tab, the
//! same entry selected in every tab (by id), the same sorts, filters and query.

use std::sync::Arc;

use super::{App, Loaded, Pane};

/// Where the user is in one tab, by entry id rather than index (indices change).
struct Place {
    selected: Option<String>,
    offset: usize,
    sort: (usize, bool),
    filter: String,
    marks: Vec<String>,
}

impl App {
    /// Shows `data` instead of the current knowledge base, keeping the user's place.
    pub fn replace_data(&mut self, data: Arc<Loaded>) {
        let old = Arc::clone(&self.data);
        let id_of = |i: usize| old.kb.entries.get(i).map(|e| e.id.clone());
        let kept: Vec<Place> = self
            .panes
            .iter()
            .map(|p| Place {
                selected: p.selected_entry().and_then(id_of),
                offset: p.offset,
                sort: p.sort,
                filter: p.filter.clone(),
                marks: p.marks.iter().filter_map(|&i| id_of(i)).collect(),
            })
            .collect();
        let hit_ids: Vec<Option<String>> = self.last_hits.iter().map(|&i| id_of(i)).collect();

        self.data = data;
        let heights: Vec<usize> = self
            .panes
            .iter()
            .map(|p| self.list_height_for(p.tab))
            .collect();
        for ((pane, place), h) in self.panes.iter_mut().zip(kept).zip(heights) {
            let mut fresh = Pane::new(&self.data, pane.tab);
            fresh.sort = place.sort;
            fresh.filter = place.filter;
            fresh.rebuild(&self.data);
            fresh.offset = place.offset;
            if let Some(e) = place.selected.and_then(|id| self.data.kb.index_of(&id)) {
                fresh.select_entry(e, h);
            }
            fresh.fit(h);
            fresh.marks = place
                .marks
                .iter()
                .filter_map(|id| self.data.kb.index_of(id))
                .collect();
            *pane = fresh;
        }
        self.last_hits = hit_ids
            .into_iter()
            .flatten()
            .filter_map(|id| self.data.kb.index_of(&id))
            .collect();
        self.hit_cursor = self.hit_cursor.min(self.last_hits.len().saturating_sub(1));
        if self.search.title.is_some() {
            self.search.clear();
        } else if !self.search.query.is_empty() {
            // New entries: nothing remembered about the old ones applies, and a search
            // still running over the old data must not be shown.
            self.search.searcher = crate::search::Searcher::new();
            self.search.generation += 1;
            let data = Arc::clone(&self.data);
            self.search.run(data.index(), &data.kb);
        }
        // The disputed view: the same value when it is still disputed, else the nearest.
        let disputed = old.disputes.get(self.disputed.selected).and_then(|d| {
            let id = id_of(d.entry)?;
            let entry = self.data.kb.index_of(&id)?;
            self.data
                .disputes
                .iter()
                .position(|n| n.entry == entry && n.field == d.field)
        });
        self.disputed.selected = disputed
            .unwrap_or(self.disputed.selected)
            .min(self.data.disputes.len().saturating_sub(1));
        self.disputed.offset = self.disputed.offset.min(self.disputed.selected);
        if self.mode == crate::explorer::keymap::Mode::Compare && self.compared().len() < 2 {
            self.mode = crate::explorer::keymap::Mode::Browse;
        }
        if self.data.disputes.is_empty() && self.mode == crate::explorer::keymap::Mode::Disputed {
            self.mode = crate::explorer::keymap::Mode::Browse;
        }
        self.reload_error = None;
        let n = self.data.kb.entries.len() - self.data.kb.sources.len();
        self.status = Some(format!("reloaded: {n} entries"));
    }

    /// Keeps the current data and shows why the new file did not load, until it does.
    pub fn reload_failed(&mut self, message: String) {
        self.reload_error = Some(message);
    }
}
