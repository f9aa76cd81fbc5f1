//! What the charts show, worked out from the knowledge base once (at load, or when a
//! timeline list is rebuilt) so that drawing a frame only lays out what is on screen:
//! figures read from value texts, finance series, timeline counts, model sizes.

pub mod change;
pub mod events;
pub mod figure;
pub mod scale;
pub mod series;
pub mod sizes;
mod words;

use crate::kb::{KnowledgeBase, Tab};
use series::FinanceSeries;
use sizes::ModelSizes;

/// The chart data of a loaded knowledge base.
#[derive(Clone, Debug, Default)]
pub struct Charts {
    pub finance: FinanceSeries,
    pub sizes: ModelSizes,
}

impl Charts {
    /// `by_tab`: the entries of each tab, in [`Tab::ALL`] order.
    pub fn new(kb: &KnowledgeBase, by_tab: &[Vec<usize>]) -> Charts {
        let of = |t: Tab| by_tab.get(t as usize).map_or(&[][..], Vec::as_slice);
        Charts {
            finance: FinanceSeries::new(kb, of(Tab::Finances)),
            sizes: ModelSizes::new(kb, of(Tab::Models)),
        }
    }
}
