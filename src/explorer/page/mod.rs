//! The views that scroll — an entry's detail, the help, the compare view — as styled lines
//! wrapped to a width. The state counts them to know how far each scrolls
//! (`app::extent`); the drawing draws them (`ui`). Uses the layers below and the theme and
//! keymap, never the state or the drawing.

pub mod compare;
pub mod detail;
pub mod help;
