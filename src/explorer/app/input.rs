//! Typing in the search and filter boxes, and moving through the search results.

use super::App;
use super::pane::scroll_to_show;
use super::search::ResultRow;
use super::update::step;
use crate::explorer::action::{Action, Effect};
use crate::explorer::keymap::Mode;
use crate::search::Hit;
use std::sync::Arc;

impl App {
    pub(super) fn searching(&mut self, action: Action) -> Option<Effect> {
        if let Some(effect) = self.recall(action) {
            return effect;
        }
        let action = as_movement(action);
        if std::mem::take(&mut self.search.query_selected) {
            match action {
                // Typing replaces the selected query; deleting clears it.
                Action::Input(_) => self.search.query.clear(),
                Action::Backspace | Action::DeleteWord | Action::ClearInput => {
                    self.search.query.clear();
                    self.history.at = None;
                    return self.requery();
                }
                Action::KeepInput => return None,
                // Anything else leaves it selected.
                _ => self.search.query_selected = true,
            }
        }
        let edited = edit_text(action, &mut self.search.query);
        if edited == Edit::Full {
            self.status = Some(FULL.into());
            return None;
        }
        if edited == Edit::Changed {
            self.history.at = None;
            return self.requery();
        }
        let h = self.results_height();
        if let Some(by) = step(action, h) {
            self.move_result(by, h);
            return None;
        }
        match action {
            Action::Confirm if self.search.pending() => {
                // What Enter means is the best hit of what was typed, not of what is
                // still on screen: jump when the results are in.
                self.search.confirm_when_done = true;
                self.status = Some("searching…".into());
                return self.remember_query();
            }
            Action::Confirm => {
                self.jump_to_selected_hit();
                return self.remember_query();
            }
            Action::Back => {
                self.history.at = None;
                self.search.confirm_when_done = false;
                self.keep_hits(usize::MAX);
                self.mode = Mode::Browse;
            }
            _ => {}
        }
        None
    }

    /// Searches for the query as it now is: on the search thread (the results come back
    /// through [`App::search_done`]), or here and now.
    pub(super) fn requery(&mut self) -> Option<Effect> {
        // Typing over a ready-made list (the entries citing a source) makes it a search:
        // its results must be shown, not refused as answers to another list.
        self.search.title = None;
        self.search.generation += 1;
        self.search.confirm_when_done = false;
        if self.options.background_search {
            return Some(Effect::Search {
                generation: self.search.generation,
                query: self.search.query.clone(),
            });
        }
        let data = self.data.clone();
        self.search.run(data.index(), &data.kb);
        None
    }

    /// The results of a background search ([`Effect::Search`]): shown if they answer the
    /// newest edit of the query, else dropped.
    pub fn search_done(&mut self, generation: u64, hits: Arc<Vec<Hit>>) {
        let data = Arc::clone(&self.data);
        if !self.search.finish(&data.kb, generation, hits) {
            return;
        }
        if std::mem::take(&mut self.search.confirm_when_done) && self.mode == Mode::Search {
            self.status = None;
            self.jump_to_selected_hit();
        }
    }

    fn jump_to_selected_hit(&mut self) {
        let Some(entry) = self.search.selected_entry() else {
            self.status = Some("nothing to jump to".into());
            return;
        };
        self.keep_hits(entry);
        self.jump_to(entry);
        self.status = Some(format!(
            "hit {} of {} · n/N for the others",
            self.hit_cursor + 1,
            self.last_hits.len()
        ));
    }

    /// Remembers the current results for `n`/`N`, positioned at `entry`.
    fn keep_hits(&mut self, entry: usize) {
        self.last_hits = self.search.entries_in_order();
        self.hit_cursor = self.last_hits.iter().position(|&e| e == entry).unwrap_or(0);
    }

    fn move_result(&mut self, delta: isize, height: usize) {
        let rows = &self.search.rows;
        let Some(mut at) = self.search.selected else {
            return;
        };
        let step = delta.signum();
        for _ in 0..delta.unsigned_abs() {
            let mut next = at as isize + step;
            while next >= 0
                && (next as usize) < rows.len()
                && matches!(rows[next as usize], ResultRow::Group(..))
            {
                next += step;
            }
            if next < 0 || next as usize >= rows.len() {
                break;
            }
            at = next as usize;
        }
        self.search.selected = Some(at);
        self.fit_results_to(height);
    }

    pub(super) fn fit_results(&mut self) {
        let h = self.results_height();
        self.fit_results_to(h);
    }

    fn fit_results_to(&mut self, height: usize) {
        if let Some(i) = self.search.selected {
            let mut offset = scroll_to_show(self.search.offset, i, height, self.search.rows.len());
            if offset == i && i > 0 && height > 1 {
                offset = i - 1; // show the tab heading above the first hit
            }
            self.search.offset = offset;
        }
    }

    pub(super) fn filtering(&mut self, action: Action) -> Option<Effect> {
        if let Some(effect) = self.recall(action) {
            return effect;
        }
        let action = as_movement(action);
        let mut filter = self.pane(self.tab).filter.clone();
        let edited = edit_text(action, &mut filter);
        if edited == Edit::Full {
            self.status = Some(FULL.into());
        }
        let edited = edited == Edit::Changed;
        if edited {
            self.history.at = None;
            self.set_filter(filter);
            return None;
        }
        let h = self.list_height();
        if let Some(by) = step(action, h) {
            self.pane_mut().move_by(by, h);
            return None;
        }
        match action {
            Action::Confirm => {
                let p = self.pane(self.tab);
                let shown = p.entries;
                if !p.filter.is_empty() {
                    self.status = Some(format!("filter kept: {shown} entries · Esc clears"));
                }
                let effect = self.remember_query();
                self.mode = Mode::Browse;
                return effect;
            }
            Action::Back => {
                self.history.at = None;
                self.set_filter(String::new());
                self.mode = Mode::Browse;
            }
            _ => {}
        }
        None
    }
}

/// `↑`/`↓` that did not recall a query move through the results.
fn as_movement(action: Action) -> Action {
    match action {
        Action::Older => Action::Up,
        Action::Newer => Action::Down,
        a => a,
    }
}

/// Applies a text-editing action to `text`; true if the action was one.
/// What a key did to a box's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Edit {
    Changed,
    /// A character was refused: the box holds the longest query there is.
    Full,
    /// Not an editing key.
    None,
}

/// The status line's word when the box is full.
const FULL: &str = "the query is at its longest (256 characters); the rest was not taken";

fn edit_text(action: Action, text: &mut String) -> Edit {
    match action {
        // Typed or pasted characters meet the same rules as the file's text.
        Action::Input(c) => {
            if text.chars().count() >= crate::search::query::MAX_QUERY_CHARS {
                return Edit::Full;
            }
            if crate::kb::sanitize::is_plain(c) {
                text.push(c);
            }
        }
        Action::Backspace => {
            text.pop();
        }
        Action::DeleteWord => {
            let trimmed = text.trim_end().len();
            text.truncate(trimmed);
            // After the last whitespace character, which may be several bytes long.
            let cut = text
                .char_indices()
                .rfind(|(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            text.truncate(cut);
        }
        Action::ClearInput => text.clear(),
        _ => return Edit::None,
    }
    Edit::Changed
}

#[cfg(test)]
mod tests {
    use super::{Edit, edit_text};
    use crate::explorer::action::Action;

    #[test]
    fn typed_controls_and_bidi_overrides_never_enter_the_box() {
        let mut t = String::new();
        for c in [
            'q', '\u{1b}', '\u{202e}', '\u{9b}', 'w', '\u{200b}', '通', '\n',
        ] {
            assert_eq!(edit_text(Action::Input(c), &mut t), Edit::Changed);
        }
        assert_eq!(t, "qw通");
    }

    #[test]
    fn deleting_a_word_respects_multibyte_characters() {
        for (before, after) in [
            ("cloud rev", "cloud "),
            ("cloud rev  ", "cloud "),
            ("\u{2000}!0", "\u{2000}"),
            ("通义 千问", "通义 "),
            ("千问", ""),
            ("", ""),
        ] {
            let mut t = before.to_string();
            assert_eq!(edit_text(Action::DeleteWord, &mut t), Edit::Changed);
            assert_eq!(t, after, "{before:?}");
        }
    }
}
