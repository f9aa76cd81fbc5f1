//! Searching as someone types: a query seen a moment ago (after a backspace, or typed
//! again) is answered from memory; any other is answered from the index, whose work grows
//! with the words a query reaches rather than with the knowledge base.

use std::collections::VecDeque;
use std::sync::Arc;

use super::SearchIndex;
use super::scan::Hit;
use crate::kb::Tab;

/// How many recent queries are remembered.
const RECENT: usize = 32;

/// One query answered recently.
#[derive(Clone)]
struct Recent {
    /// The query as typed (case matters to smart case; a trailing space too, since the
    /// last word then no longer stands for any word it starts).
    exact: String,
    tab: Option<Tab>,
    hits: Arc<Vec<Hit>>,
}

/// Remembers recent queries against one index. Give it the same index every time (make a
/// new one when the data changes).
#[derive(Clone, Default)]
pub struct Searcher {
    recent: VecDeque<Recent>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Searcher({} recent queries)", self.recent.len())
    }
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// The same hits as [`SearchIndex::search`], usually sooner; `None` when `cancelled`
    /// said to give up.
    pub fn search(
        &mut self,
        index: &SearchIndex,
        query: &str,
        tab: Option<Tab>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Arc<Vec<Hit>>> {
        let exact = query.trim_start().to_string();
        if let Some(r) = self
            .recent
            .iter()
            .find(|r| r.exact == exact && r.tab == tab)
        {
            return Some(Arc::clone(&r.hits));
        }
        let parsed = index.query(query);
        let hits = Arc::new(index.run(&parsed, tab, cancelled)?);
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back(Recent {
            exact,
            tab,
            hits: Arc::clone(&hits),
        });
        Some(hits)
    }
}
