//! qwen-tui: a terminal explorer over a sourced YAML knowledge base.

pub mod action;
pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod derive;
pub mod history;
pub mod kb;
pub mod keymap;
pub mod output;
pub mod progress;
pub mod reload;
pub mod search;
pub mod term;
pub mod text;
pub mod ui;
