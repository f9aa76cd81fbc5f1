//! Words that mean the same: a built-in list of generic business and model vocabulary, and
//! the knowledge base's own `synonyms` groups for its domain (docs/FORMAT.md). Nothing here
//! names a company or a model: a domain's words belong in its knowledge base.
//!
//! A member is a word or a phrase (`context window`); a query's words that spell a member
//! — one to three in a row — also find every other member of its groups.

use std::collections::HashMap;

use crate::text::words::words;

/// Generic vocabulary: sizes, context, dates, finance, roles, licences.
pub const BUILT_IN: &[&[&str]] = &[
    &["size", "big", "params", "parameters", "parameter count"],
    &["ctx", "context", "context window", "context length"],
    &[
        "launch", "launched", "release", "released", "ship", "shipped", "debut",
    ],
    &[
        "growth",
        "grew",
        "yoy",
        "year on year",
        "year over year",
        "year-over-year",
    ],
    &["mkt", "market"],
    &[
        "cap",
        "market cap",
        "capitalisation",
        "capitalization",
        "market capitalisation",
        "market capitalization",
        "market value",
        "valuation",
    ],
    &["rev", "revenue", "revenues", "sales", "turnover"],
    &[
        "hq",
        "headquarters",
        "headquartered",
        "head office",
        "based",
    ],
    &["mau", "monthly active users", "monthly users"],
    &["dau", "daily active users", "daily users"],
    &[
        "capex",
        "capital expenditure",
        "capital expenditures",
        "capital spending",
        "infrastructure spending",
    ],
    &["fcf", "free cash flow"],
    &["ipo", "listing", "listed", "went public", "flotation"],
    &["ceo", "chief executive", "chief executive officer"],
    &["cto", "chief technology officer"],
    &["cfo", "chief financial officer"],
    &["coo", "chief operating officer"],
    &["chair", "chairman", "chairwoman", "chairperson"],
    &[
        "licence",
        "license",
        "licensed",
        "licensing",
        "licences",
        "licenses",
    ],
    &["employees", "staff", "headcount", "workforce"],
    &["founded", "founding", "established", "started"],
    &["price", "prices", "pricing", "cost", "costs"],
    &["download", "downloads", "downloaded"],
    &[
        "open source",
        "open-source",
        "opensource",
        "open sourced",
        "open-sourced",
        "open weights",
        "open-weight",
    ],
    &[
        "owns",
        "owner",
        "owned",
        "parent",
        "developer",
        "developed by",
        "built by",
    ],
    &["leads", "lead", "led", "heads", "head", "runs", "in charge"],
    &[
        "chip",
        "chips",
        "semiconductor",
        "semiconductors",
        "gpu",
        "gpus",
    ],
    &[
        "competitor",
        "competitors",
        "rival",
        "rivals",
        "vs",
        "versus",
    ],
    &["renamed", "rename", "rebrand", "rebranded"],
    &["profit", "earnings", "net income"],
    &["ai", "artificial intelligence"],
    &["llm", "large language model"],
    &["moe", "mixture of experts", "mixture-of-experts"],
    &["benchmark", "benchmarks", "score", "scores"],
    &["languages", "multilingual"],
    &["risk", "risks", "threat", "threats"],
    &["user", "users", "customers"],
];

/// A member of a group: its words, as the search splits them.
pub type Member = Vec<String>;

/// The groups, and which groups each member is in.
#[derive(Clone, Debug, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Member>>,
    /// A member's words joined by one space → its groups.
    by_member: HashMap<String, Vec<usize>>,
    /// The most words a member has.
    pub longest: usize,
}

fn member(text: &str) -> Member {
    words(text).into_iter().map(|w| w.text).collect()
}

impl Synonyms {
    /// The built-in groups and then `extra` (the knowledge base's).
    pub fn new(extra: &[Vec<String>]) -> Synonyms {
        let mut s = Synonyms::default();
        let built_in = BUILT_IN
            .iter()
            .map(|g| g.iter().map(|m| member(m)).collect::<Vec<_>>());
        let theirs = extra
            .iter()
            .map(|g| g.iter().map(|m| member(m)).collect::<Vec<_>>());
        for group in built_in.chain(theirs) {
            let group: Vec<Member> = group.into_iter().filter(|m| !m.is_empty()).collect();
            if group.len() < 2 {
                continue;
            }
            let id = s.groups.len();
            for m in &group {
                s.longest = s.longest.max(m.len());
                let ids = s.by_member.entry(m.join(" ")).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            s.groups.push(group);
        }
        s
    }

    /// The groups `words` (one member, split) is in.
    pub fn groups_of(&self, words: &[&str]) -> &[usize] {
        self.by_member
            .get(&words.join(" "))
            .map_or(&[], Vec::as_slice)
    }

    /// The other members of these groups than `words` itself, each once.
    pub fn others(&self, groups: &[usize], words: &[&str]) -> Vec<&Member> {
        let mut out: Vec<&Member> = Vec::new();
        for &g in groups {
            for m in &self.groups[g] {
                let same = m.len() == words.len() && m.iter().zip(words).all(|(a, b)| a == b);
                if !same && !out.contains(&m) {
                    out.push(m);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_and_knowledge_base_groups() {
        let s = Synonyms::new(&[vec!["tongyi".into(), "Qwen Lab".into()]]);
        let g = s.groups_of(&["ctx"]);
        assert!(!g.is_empty());
        let others: Vec<String> = s.others(g, &["ctx"]).iter().map(|m| m.join(" ")).collect();
        assert!(others.contains(&"context window".to_string()), "{others:?}");
        assert!(!others.contains(&"ctx".to_string()));
        let g = s.groups_of(&["qwen", "lab"]);
        assert_eq!(s.others(g, &["qwen", "lab"]), [&vec!["tongyi".to_string()]]);
        assert!(s.longest >= 3);
        // A group of one member means nothing and is left out.
        let lone = Synonyms::new(&[vec!["solo".into()]]);
        assert!(lone.groups_of(&["solo"]).is_empty());
    }
}
