//! qwen-tui: a terminal explorer over a sourced YAML knowledge base.

pub mod cli;
pub mod commands;
pub mod kb;
pub mod render_json;
pub mod render_text;
pub mod search;
