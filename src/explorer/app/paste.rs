//! A paste (bracketed by the terminal): text for the box that has the focus, never keys.
//! Pasting `alibaba cloud⏎yq` into the search box types those words; it does not jump,
//! copy and quit. Outside a box a paste does nothing.

use super::App;
use crate::explorer::action::Effect;
use crate::explorer::keymap::Mode;
use crate::search::query::MAX_QUERY_CHARS;

impl App {
    /// Puts pasted `text` into the search or filter box, line breaks and tabs as spaces,
    /// characters that cannot be shown left out, cut at the longest query.
    pub fn paste(&mut self, text: &str) -> Option<Effect> {
        let box_text = match self.mode {
            // A paste replaces a query shown selected, as typing does.
            Mode::Search if std::mem::take(&mut self.search.query_selected) => String::new(),
            Mode::Search => self.search.query.clone(),
            Mode::Filter => self.pane(self.tab).filter.clone(),
            _ => return None,
        };
        let room = MAX_QUERY_CHARS.saturating_sub(box_text.chars().count());
        let spaced: String = text
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !c.is_control())
            .collect();
        // Sanitised as a whole, so that joiners inside a word (`می‌خواهم`, `👩‍🔬`) stay.
        let clean: Vec<char> = crate::kb::sanitize::sanitize_line(&spaced)
            .chars()
            .collect();
        let mut edited = box_text;
        edited.extend(clean.iter().take(room));
        self.status = (clean.len() > room)
            .then(|| format!("the paste was cut: a query is at most {MAX_QUERY_CHARS} characters"));
        self.history.at = None;
        if self.mode == Mode::Search {
            self.search.query = edited;
            self.requery()
        } else {
            self.set_filter(edited);
            None
        }
    }
}
