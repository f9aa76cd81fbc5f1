//! The knowledge base: the file format, loading with validation, and the loaded data.

pub mod age;
mod build;
pub mod cache;
mod cache_check;
mod cache_format;
mod cache_strings;
pub mod date;
mod decode;
pub mod diagnostic;
pub mod entry;
mod event_tree;
mod key_value;
pub mod load;
pub mod memory;
pub mod model;
pub mod node;
mod node_de;
pub mod read;
mod resolve;
pub mod sanitize;
pub mod schema;
mod stream;
mod synonyms;
pub mod synth;
mod yaml_error;

pub use date::PartialDate;
pub use diagnostic::{Diagnostic, LoadError};
pub use entry::{Claim, Entry, Field, KnowledgeBase, Meta, Source, Tab, Value};
pub use load::{load_bytes, load_embedded, load_path, load_paths, load_str};
pub use model::Severity;
pub use read::expand_paths;
