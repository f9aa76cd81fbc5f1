//! Search over every entry of a knowledge base: a ranked word search from an inverted
//! index, with fzf's operators and field filters.
//!
//! At load, every field of every entry is split into words (see [`crate::text::words`]) and indexed by
//! word (see [`postings`]). A query's words each reach the vocabulary by tier — exact,
//! prefix, typo, abbreviation, synonym (see [`expand`]) — and entries are ranked by how
//! many and how rare the words they match are, then where and how well (see [`rank`]).
//! A hit names the field that answers it, shown on its line (see [`highlight`]).

mod build;
mod exact;
mod expand;
mod fields;
pub mod highlight;
mod index;
mod pattern;
mod postings;
pub mod query;
mod rank;
mod scan;
mod searcher;
pub mod synonyms;
mod text;
pub mod worker;

pub use highlight::{Matched, Snippet};
pub use index::SearchIndex;
pub use scan::Hit;
pub use searcher::Searcher;
