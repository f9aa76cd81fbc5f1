//! The interactive explorer: its state (`app`) and the actions that change it (`action`,
//! `keymap`), the drawing of each frame (`ui`), what both read (`theme`, and the views that
//! scroll as lines: `page`), the event loop (`term`) and the terminal it runs in
//! (`screen`), live reload (`watch`) and the saved search history (`history_file`).
//! It may use every layer below (data, search, derived data, output); the command line
//! starts it.

pub mod action;
pub mod app;
pub mod history_file;
pub mod keymap;
pub mod page;
pub mod screen;
pub mod term;
pub mod theme;
pub mod ui;
pub mod watch;
