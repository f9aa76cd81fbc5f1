//! The rows a tab shows: its entries in the chosen order, with group headings where the
//! tab groups (overview sections, timeline years), narrowed by the tab's filter.

use super::columns::{SortKey, columns, compare, sort_key};
use crate::kb::{KnowledgeBase, Tab};

/// One line of a list: a group heading or an entry (an index into `kb.entries`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    Group(String),
    Entry(usize),
}

impl Row {
    pub fn entry(&self) -> Option<usize> {
        match self {
            Row::Entry(i) => Some(*i),
            Row::Group(_) => None,
        }
    }
}

/// How many facts, events and products the overview shows before the rest of its facts:
/// the brief's numbers, so the two open alike.
pub const OVERVIEW_FACTS: usize = crate::output::brief::QUICK_FACTS;
pub const OVERVIEW_EVENTS: usize = crate::output::brief::EVENTS;
pub const OVERVIEW_PRODUCTS: usize = 8;

/// The entries of each tab, in file order; computed once per knowledge base.
pub fn entries_by_tab(kb: &KnowledgeBase) -> Vec<Vec<usize>> {
    let mut by_tab = vec![Vec::new(); Tab::ALL.len()];
    for (i, e) in kb.entries.iter().enumerate() {
        by_tab[e.tab as usize].push(i);
    }
    by_tab
}

fn sorted(kb: &KnowledgeBase, tab: Tab, entries: &[usize], sort: (usize, bool)) -> Vec<usize> {
    let Some(column) = columns(tab).get(sort.0) else {
        return entries.to_vec();
    };
    let mut keyed: Vec<(SortKey, usize)> = entries
        .iter()
        .map(|&i| (sort_key(kb, column, &kb.entries[i]), i))
        .collect();
    // Stable: equal keys keep file order.
    keyed.sort_by(|a, b| compare(&a.0, &b.0, sort.1));
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The rows of `tab`. `keep` narrows them to the entries a filter matched (headings of
/// groups left empty are dropped).
pub fn build_rows(
    kb: &KnowledgeBase,
    by_tab: &[Vec<usize>],
    tab: Tab,
    sort: (usize, bool),
    keep: Option<&dyn Fn(usize) -> bool>,
) -> Vec<Row> {
    let kept = |i: &usize| keep.is_none_or(|k| k(*i));
    let mut rows = Vec::new();
    let group = |rows: &mut Vec<Row>, title: String, items: Vec<usize>| {
        let items: Vec<usize> = items.into_iter().filter(kept).collect();
        if !items.is_empty() {
            rows.push(Row::Group(title));
            rows.extend(items.into_iter().map(Row::Entry));
        }
    };
    match tab {
        Tab::Overview => {
            // As the brief opens: the author's first facts, the newest events, the key
            // products — all on the first screen — then the rest of the facts.
            let facts = &by_tab[Tab::Overview as usize];
            let first = OVERVIEW_FACTS.min(facts.len());
            group(&mut rows, "Quick facts".into(), facts[..first].to_vec());
            let events = sorted(
                kb,
                Tab::Timeline,
                &by_tab[Tab::Timeline as usize],
                (0, true),
            );
            group(
                &mut rows,
                "Latest events".into(),
                events.into_iter().take(OVERVIEW_EVENTS).collect(),
            );
            let products = &by_tab[Tab::Products as usize];
            group(
                &mut rows,
                "Key products".into(),
                products.iter().copied().take(OVERVIEW_PRODUCTS).collect(),
            );
            group(&mut rows, "More facts".into(), facts[first..].to_vec());
        }
        Tab::Timeline if sort.0 == 0 => {
            // Chronological, one group per year.
            let mut year: Option<i32> = None;
            let mut items = Vec::new();
            for i in sorted(kb, tab, &by_tab[tab as usize], sort) {
                let y = kb.entries[i].date.map(|d| d.year(kb.meta.fiscal_year_end));
                if y != year && !items.is_empty() {
                    group(&mut rows, year_title(year), std::mem::take(&mut items));
                }
                year = y;
                items.push(i);
            }
            group(&mut rows, year_title(year), items);
        }
        _ => {
            rows.extend(
                sorted(kb, tab, &by_tab[tab as usize], sort)
                    .into_iter()
                    .filter(kept)
                    .map(Row::Entry),
            );
        }
    }
    rows
}

fn year_title(year: Option<i32>) -> String {
    year.map_or_else(|| "Undated".to_string(), |y| y.to_string())
}
