//! Fuzzy search over every entry of a knowledge base.
//!
//! The index is built once at load: for each entry, the text it can be found by, in two
//! tiers — its *name* (title, aliases, tags), which ranks high, and its *body* (every field,
//! claim, fact, note and source id), which ranks lower. A query is whitespace-separated
//! terms that must all match, in any order, each fuzzily (fzf style). When nothing matches,
//! terms of four or more letters are retried with spelling corrections drawn from the
//! knowledge base's own words, so `qewn` still finds Qwen.

mod exact;
mod index;
mod one_char;
pub mod query;
mod scan;
mod score;
mod searcher;
mod skim;
pub mod worker;

pub use index::SearchIndex;
pub use scan::Hit;
pub use searcher::Searcher;
