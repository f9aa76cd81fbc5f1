//! One tab's list: its rows, selection, scroll offset, sort and filter. Each tab keeps its
//! own, so switching tabs and coming back finds everything where it was.

use super::Loaded;
use super::columns::default_sort;
use super::rows::{Row, build_rows};
use crate::derive::chart::events::EventCounts;
use crate::kb::Tab;
use crate::search::{Hit, Searcher};

#[derive(Clone, Debug)]
pub struct Pane {
    pub tab: Tab,
    pub rows: Vec<Row>,
    /// How many of the rows are entries (counted at rebuild, shown every frame).
    pub entries: usize,
    /// Index into `rows`; always an entry row when set.
    pub selected: Option<usize>,
    /// The first row on screen.
    pub offset: usize,
    /// Sorted by this column of the tab's table, descending when true.
    pub sort: (usize, bool),
    pub filter: String,
    /// How far the detail view of the selected entry is scrolled.
    pub detail_scroll: u16,
    /// Timeline only: the listed events counted per year and quarter, for the strip
    /// above the list (counted when the rows are built, not per frame).
    pub events: Option<EventCounts>,
    /// Remembers recent filters, so a filter typed again is answered from memory.
    searcher: Searcher,
    /// The filter's hits by entry, for the answer each row shows (see `ui::list`).
    pub hits: std::collections::HashMap<usize, Hit>,
    /// Entries marked (Space) for the compare view, in the order marked.
    pub marks: Vec<usize>,
}

impl Pane {
    pub fn new(data: &Loaded, tab: Tab) -> Pane {
        let mut pane = Pane {
            tab,
            rows: Vec::new(),
            entries: 0,
            selected: None,
            offset: 0,
            sort: default_sort(tab),
            filter: String::new(),
            detail_scroll: 0,
            events: None,
            searcher: Searcher::new(),
            hits: std::collections::HashMap::new(),
            marks: Vec::new(),
        };
        pane.rebuild(data);
        pane
    }

    /// Recomputes the rows after a change of sort or filter, keeping the selected entry
    /// when it is still listed.
    pub fn rebuild(&mut self, data: &Loaded) {
        let keep_entry = self.selected_entry();
        self.hits.clear();
        self.rows = if self.filter.trim().is_empty() {
            build_rows(&data.kb, &data.by_tab, self.tab, self.sort, None)
        } else {
            let mut matched = vec![false; data.kb.entries.len()];
            let hits = self
                .searcher
                .search(data.index(), &self.filter, Some(self.tab), &|| false)
                .unwrap_or_default();
            for h in hits.iter() {
                matched[h.entry] = true;
                if h.field.is_some() {
                    self.hits.insert(h.entry, h.clone());
                }
            }
            let keep = |i: usize| matched[i];
            build_rows(&data.kb, &data.by_tab, self.tab, self.sort, Some(&keep))
        };
        self.entries = self.rows.iter().filter(|r| r.entry().is_some()).count();
        self.events = (self.tab == Tab::Timeline)
            .then(|| EventCounts::new(&data.kb, self.rows.iter().filter_map(Row::entry)));
        self.selected = keep_entry
            .and_then(|e| self.rows.iter().position(|r| *r == Row::Entry(e)))
            .or_else(|| self.first_entry_from(0, 1));
        self.offset = 0;
    }

    pub fn selected_entry(&self) -> Option<usize> {
        self.rows.get(self.selected?)?.entry()
    }

    /// The first entry row at or after `from`, walking in `step` direction (±1).
    fn first_entry_from(&self, from: usize, step: isize) -> Option<usize> {
        let mut i = from as isize;
        while i >= 0 && (i as usize) < self.rows.len() {
            if self.rows[i as usize].entry().is_some() {
                return Some(i as usize);
            }
            i += step;
        }
        None
    }

    /// Moves the selection by `delta` entry rows (group headings are skipped), stopping at
    /// the ends; keeps it on screen in a list `height` rows tall.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        let Some(cur) = self.selected else {
            return;
        };
        let step = delta.signum();
        let mut at = cur;
        for _ in 0..delta.unsigned_abs() {
            let next = at as isize + step;
            if next < 0 || next as usize >= self.rows.len() {
                break;
            }
            match self.first_entry_from(next as usize, step) {
                Some(n) => at = n,
                None => break,
            }
        }
        self.select_row(at, height);
    }

    pub fn select_first(&mut self, height: usize) {
        if let Some(i) = self.first_entry_from(0, 1) {
            self.select_row(i, height);
            self.offset = 0; // show the heading above the first entry
        }
    }

    pub fn select_last(&mut self, height: usize) {
        if let Some(i) = self.first_entry_from(self.rows.len().saturating_sub(1), -1) {
            self.select_row(i, height);
        }
    }

    /// Selects row `i` (an entry row) and scrolls just enough to show it.
    pub fn select_row(&mut self, i: usize, height: usize) {
        if self.selected != Some(i) {
            self.detail_scroll = 0;
        }
        self.selected = Some(i);
        self.offset = scroll_to_show(self.offset, i, height, self.rows.len());
        // Moving up onto the first entry of a group shows the group's heading too.
        if self.offset == i && i > 0 && height > 1 && self.rows[i - 1].entry().is_none() {
            self.offset = i - 1;
        }
    }

    /// Selects the row of `entry`, if listed, centred when it was off screen (a jump).
    pub fn select_entry(&mut self, entry: usize, height: usize) -> bool {
        match self.rows.iter().position(|r| *r == Row::Entry(entry)) {
            Some(i) => {
                let height = height.max(1);
                if i < self.offset || i >= self.offset + height {
                    self.offset = i.saturating_sub(height / 2);
                }
                self.select_row(i, height);
                true
            }
            None => false,
        }
    }

    /// Re-establishes the on-screen invariant after the list height changed.
    pub fn fit(&mut self, height: usize) {
        if let Some(i) = self.selected {
            self.offset = scroll_to_show(self.offset, i, height, self.rows.len());
        }
    }
}

/// The smallest change of `offset` that shows row `i` in a window of `height` rows, never
/// leaving blank rows below the last row when the list could fill the window.
pub fn scroll_to_show(offset: usize, i: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut offset = offset;
    if i < offset {
        offset = i;
    } else if i >= offset + height {
        offset = i + 1 - height;
    }
    offset.min(len.saturating_sub(height))
}
