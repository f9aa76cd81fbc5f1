//! Recalling earlier queries in the search and filter boxes: `↑` on an empty box brings
//! back the newest, further `↑`/`↓` step through them while the recalled query is left as
//! it is; any edit ends the recall, and `↑`/`↓` move through the results again. Enter
//! keeps the query (the terminal loop saves the list: see [`crate::explorer::history_file`]).

use super::App;
use crate::explorer::action::{Action, Effect};
use crate::explorer::keymap::Mode;

/// Where a recall is in the history.
#[derive(Clone, Debug, Default)]
pub struct Recall {
    /// Earlier queries, oldest first.
    pub queries: Vec<String>,
    /// The query shown is `queries[i]`, unchanged since it was recalled.
    pub at: Option<usize>,
}

impl App {
    /// Starts with these earlier queries (oldest first) to recall.
    pub fn with_history(mut self, queries: Vec<String>) -> App {
        self.history.queries = queries;
        self
    }

    /// The text of the box being typed in.
    fn box_text(&self) -> &str {
        match self.mode {
            Mode::Filter => &self.pane(self.tab).filter,
            _ => &self.search.query,
        }
    }

    /// `↑`/`↓` in a box: a step through the history when it applies (see the module),
    /// else `None` and the key moves through the results as `Up`/`Down`.
    pub(super) fn recall(&mut self, action: Action) -> Option<Option<Effect>> {
        let n = self.history.queries.len();
        let next = match (action, self.history.at) {
            (Action::Older, None) if self.box_text().is_empty() && n > 0 => Some(n - 1),
            (Action::Older, Some(i)) => Some(i.saturating_sub(1)),
            (Action::Newer, Some(i)) if i + 1 < n => Some(i + 1),
            // Past the newest: back to the empty box.
            (Action::Newer, Some(_)) => None,
            // Not recalling (or another key): the key does its usual work.
            _ => return None,
        };
        self.history.at = next;
        let text = next.map_or_else(String::new, |i| self.history.queries[i].clone());
        Some(self.set_box(text))
    }

    /// Replaces the box's text, as if it had been typed, and runs it.
    fn set_box(&mut self, text: String) -> Option<Effect> {
        if self.mode == Mode::Filter {
            self.set_filter(text);
            return None;
        }
        self.search.query = text;
        self.search.title = None;
        self.requery()
    }

    /// Enter in a box: the query becomes the newest of the history.
    pub(super) fn remember_query(&mut self) -> Option<Effect> {
        self.history.at = None;
        let q = crate::explorer::history_file::clean(self.box_text())?;
        crate::explorer::history_file::remember(&mut self.history.queries, q);
        Some(Effect::SaveHistory)
    }
}
