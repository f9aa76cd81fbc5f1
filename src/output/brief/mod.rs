//! `qwen-tui brief`: a one-page briefing chosen from any knowledge base, as plain text or
//! Markdown. Every line that states a fact ends with the ids of its sources; a legend at
//! the end spells each cited source out.
//!
//! What goes in (the same rules for every knowledge base):
//! - **Quick facts**: the first [`QUICK_FACTS`] overview entries, in file order (the author
//!   of a knowledge base puts the most important first).
//! - **Latest events**: the [`EVENTS`] newest timeline entries (undated ones last).
//! - **Key figures**: the first [`FIGURES`] finance entries, in file order, each with its
//!   period.
//! - **Top risks**: the [`RISKS`] most severe risks (file order among equals).
//! - **Disputed facts**: every disputed entry, each differing value with all its claims.
//!
//! Quick facts and key figures older than the stale horizon (the settings') say "possibly
//! stale" and how old they are. `--all` lifts the limits. A section with nothing in it is kept and says "none", so a
//! reader can tell an empty section from a missing one.

mod markdown;
mod plain;

pub use markdown::markdown;
pub use plain::plain;

use std::cmp::Reverse;

use crate::kb::age::{self, Horizon};
use crate::kb::{Entry, KnowledgeBase, Tab, Value};

pub const QUICK_FACTS: usize = 8;
pub const EVENTS: usize = 6;
pub const FIGURES: usize = 6;
pub const RISKS: usize = 5;

/// One fact: `label: text [sources]`. The label is bold in Markdown.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub label: Option<String>,
    pub text: String,
    /// Indices into [`KnowledgeBase::sources`].
    pub sources: Vec<usize>,
}

/// A section of the brief: its items, and how many the knowledge base has in all.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: &'static str,
    /// How the items are ordered, for the heading (`newest first`).
    pub order: &'static str,
    pub items: Vec<Item>,
    pub total: usize,
}

/// One disputed value of an entry: what it is, and every claim about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Dispute {
    /// The entry's title, with the field's label when the entry has several values.
    pub title: String,
    pub id: String,
    pub claims: Vec<Item>,
}

/// Everything the brief says, chosen once; [`plain`] and [`markdown`] only lay it out.
#[derive(Clone, Debug, PartialEq)]
pub struct Brief<'a> {
    pub kb: &'a KnowledgeBase,
    pub sections: Vec<Section>,
    pub disputes: Vec<Dispute>,
    /// How many entries the disputes come from (an entry may dispute several values).
    pub disputed_entries: usize,
    /// Every source cited above, in the knowledge base's order.
    pub sources: Vec<usize>,
}

impl<'a> Brief<'a> {
    /// The brief of `kb`; with `all`, every entry of each section. Facts and figures
    /// older than `horizon` say they may be stale.
    pub fn new(kb: &'a KnowledgeBase, all: bool, horizon: Horizon) -> Self {
        let limit = |n: usize| if all { usize::MAX } else { n };
        let sections = vec![
            quick_facts(kb, limit(QUICK_FACTS), horizon),
            latest_events(kb, limit(EVENTS)),
            key_figures(kb, limit(FIGURES), horizon),
            top_risks(kb, limit(RISKS)),
        ];
        let disputes = disputes(kb);
        let mut cited = vec![false; kb.sources.len()];
        let items = sections.iter().flat_map(|s| &s.items);
        for item in items.chain(disputes.iter().flat_map(|d| &d.claims)) {
            for &s in &item.sources {
                if let Some(c) = cited.get_mut(s) {
                    *c = true;
                }
            }
        }
        let sources = (0..kb.sources.len()).filter(|&s| cited[s]).collect();
        let mut ids: Vec<&str> = disputes.iter().map(|d| d.id.as_str()).collect();
        ids.dedup();
        let disputed_entries = ids.len();
        Brief {
            kb,
            sections,
            disputed_entries,
            disputes,
            sources,
        }
    }

    /// `203 entries from 5 sources · 23 disputed`
    pub fn counts(&self) -> String {
        let kb = self.kb;
        let entries = kb.entries.len() - kb.count(Tab::Sources);
        format!(
            "{entries} {} from {} {} · {} disputed",
            plural(entries, "entry", "entries"),
            kb.sources.len(),
            plural(kb.sources.len(), "source", "sources"),
            kb.disputed_count()
        )
    }
}

fn plural<'s>(n: usize, one: &'s str, many: &'s str) -> &'s str {
    if n == 1 { one } else { many }
}

fn entries(kb: &KnowledgeBase, tab: Tab) -> impl Iterator<Item = usize> + '_ {
    (0..kb.entries.len()).filter(move |&i| kb.entries[i].tab == tab)
}

/// The first `limit` of `all` (indices into the entries), each made an item by `item`.
fn section(
    kb: &KnowledgeBase,
    (title, order): (&'static str, &'static str),
    all: Vec<usize>,
    limit: usize,
    item: impl Fn(&Entry) -> Item,
) -> Section {
    Section {
        title,
        order,
        total: all.len(),
        items: all
            .into_iter()
            .take(limit)
            .map(|i| item(&kb.entries[i]))
            .collect(),
    }
}

/// What a section heading counts: `8 of 52`, `46, newest first`.
fn count(shown: usize, total: usize, order: &str) -> String {
    let mut count = if shown < total {
        format!("{shown} of {total}")
    } else {
        total.to_string()
    };
    if !order.is_empty() && shown > 1 {
        count.push_str(&format!(", {order}"));
    }
    count
}

/// ` (possibly stale: 18 months old)` for an entry older than the horizon.
fn stale_note(kb: &KnowledgeBase, e: &Entry, horizon: Horizon) -> String {
    match age::age(kb, e).filter(|_| age::is_stale(kb, e, horizon)) {
        Some(a) => format!(" (possibly stale: {} old)", a.span()),
        None => String::new(),
    }
}

/// The first overview entries, as the file has them.
fn quick_facts(kb: &KnowledgeBase, limit: usize, horizon: Horizon) -> Section {
    let all = entries(kb, Tab::Overview).collect();
    section(kb, ("Quick facts", ""), all, limit, |e| {
        let mut text = e.key_value.clone();
        if e.disputed {
            text.push_str(" (disputed)");
        }
        text.push_str(&stale_note(kb, e, horizon));
        Item {
            label: Some(e.title.clone()),
            text,
            sources: e.sources.clone(),
        }
    })
}

/// Newest first; undated entries last, file order among equals.
fn newest_first(kb: &KnowledgeBase, tab: Tab) -> Vec<usize> {
    let mut all: Vec<usize> = entries(kb, tab).collect();
    all.sort_by_key(|&i| Reverse(kb.entries[i].date_key));
    all
}

fn latest_events(kb: &KnowledgeBase, limit: usize) -> Section {
    let all = newest_first(kb, Tab::Timeline);
    section(kb, ("Latest events", "newest first"), all, limit, |e| {
        Item {
            label: Some(e.date.map_or_else(|| "Undated".into(), |d| d.to_string())),
            text: e.title.clone(),
            sources: e.sources.clone(),
        }
    })
}

/// `RMB 41,626M (~$6.0B) | $6.0B+, +38% YoY`: the value (with its unit when it is a bare
/// number) and the change.
fn figure(e: &Entry) -> String {
    let get = |k: &str| e.field(k).map(|f| f.value.summary());
    let mut text = match (get("value"), get("unit")) {
        (Some(v), Some(u)) if !v.chars().any(char::is_alphabetic) => format!("{v} {u}"),
        (v, _) => v.unwrap_or_default(),
    };
    if let Some(c) = get("change") {
        text.push_str(&format!(", {c}"));
    }
    if e.disputed {
        text.push_str(" (disputed)");
    }
    text
}

fn key_figures(kb: &KnowledgeBase, limit: usize, horizon: Horizon) -> Section {
    let all = entries(kb, Tab::Finances).collect();
    section(kb, ("Key figures", ""), all, limit, |e| {
        let label = match e.date {
            Some(d) => format!("{}, {d}", e.title),
            None => e.title.clone(),
        };
        Item {
            label: Some(label),
            text: figure(e) + &stale_note(kb, e, horizon),
            sources: e.sources.clone(),
        }
    })
}

fn top_risks(kb: &KnowledgeBase, limit: usize) -> Section {
    let mut all: Vec<usize> = entries(kb, Tab::Risks).collect();
    all.sort_by_key(|&i| Reverse(kb.entries[i].severity));
    section(kb, ("Top risks", "most severe first"), all, limit, |e| {
        let severity = e.field("severity").map(|f| f.value.summary());
        let mut text = e.title.clone();
        if let Some(c) = e.field("category") {
            text.push_str(&format!(" ({})", c.value.summary()));
        }
        Item {
            label: severity.map(|s| capitalised(&s)),
            text,
            sources: e.sources.clone(),
        }
    })
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Every disputed value of every entry, in tab order, with each claim.
fn disputes(kb: &KnowledgeBase) -> Vec<Dispute> {
    let mut out = Vec::new();
    for e in kb.entries.iter().filter(|e| e.disputed) {
        let disputed: Vec<_> = e.fields.iter().filter(|f| f.value.is_disputed()).collect();
        for f in &disputed {
            let Value::Claims(claims) = &f.value else {
                continue;
            };
            // The entry's title says what an overview value is; other tabs name the field.
            let title = if f.key == "value" && disputed.len() == 1 {
                e.title.clone()
            } else {
                format!("{} — {}", e.title, f.label)
            };
            out.push(Dispute {
                title,
                id: e.id.clone(),
                claims: claims
                    .iter()
                    .map(|c| Item {
                        label: None,
                        text: match c.date {
                            Some(d) => format!("{} ({d})", c.value),
                            None => c.value.clone(),
                        },
                        sources: c.sources.clone(),
                    })
                    .collect(),
            });
        }
    }
    out
}
