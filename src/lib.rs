//! qwen-tui: a terminal explorer over a sourced YAML knowledge base.

pub mod cli;
pub mod derive;
pub mod explorer;
pub mod kb;
pub mod output;
pub mod search;
pub mod text;
