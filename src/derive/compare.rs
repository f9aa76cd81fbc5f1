//! Side-by-side comparison of 2–4 entries, and the list of every disputed fact: what the
//! compare and disputed views show, built from the knowledge base alone (no UI), so both
//! can be tested and copied as text.

use crate::kb::entry::{date_label, source_ids};
use crate::kb::{Entry, KnowledgeBase, Value};

/// At most this many entries side by side.
pub const MAX_COMPARED: usize = 4;

/// One row of a comparison: a field, and each entry's value of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareRow {
    pub label: String,
    /// One per compared entry, in order; `None` where the entry lacks the field.
    pub cells: Vec<Option<Cell>>,
    /// The entries do not all say the same (or some lack it).
    pub differs: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// The entry's own sources disagree about this value.
    pub disputed: bool,
}

/// Every field of the entries as a row, in the order they first appear: the date, the
/// fields, then each entry's sources. A row differs when the values are not all the same
/// (ignoring case) or some entry lacks it.
pub fn compare(kb: &KnowledgeBase, entries: &[usize]) -> Vec<CompareRow> {
    let list: Vec<&Entry> = entries.iter().filter_map(|&i| kb.entries.get(i)).collect();
    let mut rows: Vec<CompareRow> = Vec::new();
    let row_of = |label: &str, rows: &mut Vec<CompareRow>| -> usize {
        match rows
            .iter()
            .position(|r| r.label.eq_ignore_ascii_case(label))
        {
            Some(i) => i,
            None => {
                rows.push(CompareRow {
                    label: label.to_string(),
                    cells: vec![None; list.len()],
                    differs: false,
                });
                rows.len() - 1
            }
        }
    };
    for (n, e) in list.iter().enumerate() {
        if let Some(d) = e.date {
            let r = row_of(date_label(e.tab), &mut rows);
            rows[r].cells[n] = Some(Cell {
                text: d.to_string(),
                disputed: false,
            });
        }
        for f in &e.fields {
            let r = row_of(&f.label, &mut rows);
            rows[r].cells[n] = Some(Cell {
                text: f.value.summary(),
                disputed: f.value.is_disputed(),
            });
        }
    }
    let sources = CompareRow {
        label: "Sources".to_string(),
        cells: list
            .iter()
            .map(|e| {
                Some(Cell {
                    text: source_ids(kb, &e.sources),
                    disputed: false,
                })
            })
            .collect(),
        differs: false,
    };
    for r in &mut rows {
        let first = r
            .cells
            .first()
            .cloned()
            .flatten()
            .map(|c| c.text.to_lowercase());
        r.differs = r
            .cells
            .iter()
            .any(|c| c.as_ref().map(|c| c.text.to_lowercase()) != first);
    }
    // Last, and never marked as a difference: where each column comes from.
    rows.push(sources);
    rows
}

/// One disputed value: the entry, and which of its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dispute {
    pub entry: usize,
    pub field: usize,
}

/// Every disputed value of the knowledge base, in tab order and then file order.
pub fn disputes(kb: &KnowledgeBase) -> Vec<Dispute> {
    let mut out: Vec<Dispute> = kb
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.disputed)
        .flat_map(|(i, e)| {
            e.fields
                .iter()
                .enumerate()
                .filter(|(_, f)| matches!(f.value, Value::Claims(_)) && f.value.is_disputed())
                .map(move |(field, _)| Dispute { entry: i, field })
        })
        .collect();
    out.sort_by_key(|d| (kb.entries[d.entry].tab, d.entry, d.field));
    out
}
