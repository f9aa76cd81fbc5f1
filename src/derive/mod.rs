//! What is worked out from the loaded data once and then only read: the charts' series and
//! figures, comparisons of entries, and the list of disputed values. It reads the knowledge
//! base (and text widths); it knows nothing of search, output or the screen.

pub mod chart;
pub mod compare;
