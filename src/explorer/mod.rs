//! The interactive explorer: its state (`app`) and the actions that change it (`action`,
//! `keymap`), the drawing of each frame (`ui`), the event loop (`term`) and the terminal it
//! runs in (`screen`), live reload (`watch`) and the saved search history
//! (`history_file`). It may use every layer below (data, search, derived data, output); the
//! command line starts it.

pub mod action;
pub mod app;
pub mod history_file;
pub mod keymap;
pub mod screen;
pub mod term;
pub mod ui;
pub mod watch;
