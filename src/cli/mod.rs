//! The command line, the top layer: the arguments (`args`), the headless commands
//! (`commands`), the settings from the environment and the config file (`config`), and the
//! loading note on standard error (`progress`). It may use every layer; none uses it.

pub mod args;
pub mod commands;
pub mod config;
pub mod progress;
