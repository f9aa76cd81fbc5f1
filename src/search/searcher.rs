//! Searching as someone types: each query narrows the previous one's candidates, and a
//! query seen a moment ago (after a backspace) is answered from memory.

use std::collections::VecDeque;
use std::sync::Arc;

use super::SearchIndex;
use super::query;
use super::scan::{Hit, Terms};
use crate::kb::Tab;

/// How many recent queries are remembered.
const RECENT: usize = 32;

/// One query answered recently.
#[derive(Clone)]
struct Recent {
    /// Its tokens as typed (for an exact repeat, and what "a narrower query" is judged by;
    /// case matters to smart case).
    exact: Vec<String>,
    tab: Option<Tab>,
    candidates: Arc<Vec<u32>>,
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
        let exact: Vec<String> = query.split_whitespace().map(str::to_string).collect();
        if let Some(r) = self
            .recent
            .iter()
            .find(|r| r.exact == exact && r.tab == tab)
        {
            return Some(Arc::clone(&r.hits));
        }
        let parsed = index.query(query);
        if parsed.is_empty() {
            return Some(Arc::new(Vec::new()));
        }
        let within = narrowing_base(&self.recent, &parsed.terms, &exact, tab);
        let scan = index.scan(
            &parsed,
            tab,
            within.as_deref().map(Vec::as_slice),
            cancelled,
        )?;
        let hits = Arc::new(scan.hits);
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back(Recent {
            exact,
            tab,
            candidates: Arc::new(scan.candidates),
            hits: Arc::clone(&hits),
        });
        Some(hits)
    }
}

/// The smallest candidate list of a recent query that this one only narrows: same tab,
/// at least as many tokens, each earlier token narrowed by the new one in its place (see
/// [`query::narrows`]: a pattern grown longer, or a token unchanged). Only when no term
/// has spelling corrections — a correction can match what the term as typed could not, so
/// it is not a narrowing.
fn narrowing_base(
    recent: &VecDeque<Recent>,
    terms: &Terms,
    tokens: &[String],
    tab: Option<Tab>,
) -> Option<Arc<Vec<u32>>> {
    if terms.iter().any(|alts| alts.len() > 1) {
        return None;
    }
    recent
        .iter()
        .filter(|r| r.tab == tab && r.exact.len() <= tokens.len())
        .filter(|r| {
            r.exact
                .iter()
                .zip(tokens)
                .all(|(old, new)| query::narrows(old, new))
        })
        .min_by_key(|r| r.candidates.len())
        .map(|r| Arc::clone(&r.candidates))
}
