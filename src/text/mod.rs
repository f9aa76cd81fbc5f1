//! Text itself, beneath every other layer: how it splits into words (and the other forms
//! search finds a word by), and how many terminal cells it takes. It uses nothing else of
//! the crate.

pub mod value_fit;
pub mod width;
pub mod words;
