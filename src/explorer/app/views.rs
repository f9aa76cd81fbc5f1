//! The views over the tabs: every disputed value in one list (`D`), and the marked entries
//! side by side (Space marks, `c` compares).

use super::App;
use crate::derive::compare::{MAX_COMPARED, compare};
use crate::explorer::action::{Action, Effect};
use crate::explorer::keymap::Mode;
use crate::output::compare::{markdown_table, plain_text};

impl App {
    /// Space: marks or unmarks the selected entry of this tab for comparison.
    pub(super) fn toggle_mark(&mut self) {
        let h = self.list_height();
        let Some(e) = self.pane(self.tab).selected_entry() else {
            return;
        };
        let title = self.data.kb.entries[e].title.clone();
        let marks = &mut self.pane_mut().marks;
        if let Some(at) = marks.iter().position(|&m| m == e) {
            marks.remove(at);
            self.status = Some(format!("unmarked {title} ({} marked)", marks.len()));
        } else if marks.len() >= MAX_COMPARED {
            self.status = Some(format!(
                "{MAX_COMPARED} already marked: Space on one unmarks it"
            ));
            return;
        } else {
            marks.push(e);
            let n = marks.len();
            self.status = Some(if n >= 2 {
                format!("marked {title} ({n} marked): c compares")
            } else {
                format!("marked {title}: mark another, then c compares")
            });
        }
        // Marking is a step down the list, as in a file manager (not in the detail,
        // which shows the entry just marked).
        if self.mode == Mode::Browse {
            self.pane_mut().move_by(1, h);
        }
    }

    /// The entries the compare view shows: this tab's marks.
    pub fn compared(&self) -> &[usize] {
        &self.pane(self.tab).marks
    }

    pub(super) fn open_compare(&mut self) {
        let n = self.compared().len();
        if n < 2 {
            self.status = Some(format!(
                "mark 2–{MAX_COMPARED} entries of this tab with Space first ({n} marked)"
            ));
            return;
        }
        self.compare_scroll = 0;
        self.mode = Mode::Compare;
    }

    pub(super) fn open_disputed(&mut self) {
        if self.data.disputes.is_empty() {
            self.status = Some("no disputed values: every source agrees".into());
            return;
        }
        self.mode = Mode::Disputed;
        self.fit_disputed();
    }

    /// Keys in the compare view.
    pub(super) fn comparing(&mut self, action: Action) -> Option<Effect> {
        let page = self.view_height().saturating_sub(1).max(1) as u16;
        let max = super::extent::compare_max_scroll(self);
        let s = &mut self.compare_scroll;
        match action {
            Action::Down | Action::ScrollDown => *s = s.saturating_add(1),
            Action::Up | Action::ScrollUp => *s = s.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => *s = s.saturating_add(page),
            Action::PageUp | Action::HalfPageUp => *s = s.saturating_sub(page),
            Action::Top => *s = 0,
            Action::Bottom => *s = max,
            Action::Back | Action::OpenCompare => self.mode = Mode::Browse,
            Action::Copy | Action::CopyMarkdown => {
                let kb = &self.data.kb;
                let entries = self.compared();
                let rows = compare(kb, entries);
                let (text, how) = if action == Action::Copy {
                    (plain_text(kb, entries, &rows), "")
                } else {
                    (markdown_table(kb, entries, &rows), " as a Markdown table")
                };
                let what = format!(
                    "the comparison{how} ({} entries, {} rows)",
                    entries.len(),
                    rows.len()
                );
                self.status = Some(super::copy_note(&self.options, &what));
                return Some(Effect::Copy(text));
            }
            Action::ToggleHelp => self.open_help(),
            _ => {}
        }
        self.compare_scroll = self.compare_scroll.min(max);
        None
    }

    /// Keys in the disputed view.
    pub(super) fn in_disputed(&mut self, action: Action) -> Option<Effect> {
        let n = self.data.disputes.len();
        let page = self.view_height().saturating_sub(1).max(1) / 3;
        let sel = &mut self.disputed.selected;
        match action {
            Action::Down | Action::ScrollDown => *sel = (*sel + 1).min(n.saturating_sub(1)),
            Action::Up | Action::ScrollUp => *sel = sel.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => {
                *sel = (*sel + page.max(1)).min(n.saturating_sub(1));
            }
            Action::PageUp | Action::HalfPageUp => *sel = sel.saturating_sub(page.max(1)),
            Action::Top => *sel = 0,
            Action::Bottom => *sel = n.saturating_sub(1),
            Action::Confirm => {
                if let Some(d) = self.data.disputes.get(self.disputed.selected) {
                    let entry = d.entry;
                    self.jump_to(entry);
                }
                return None;
            }
            Action::Back | Action::OpenDisputed => {
                self.mode = Mode::Browse;
                return None;
            }
            Action::Copy => return self.copy(false),
            Action::CopyMarkdown => return self.copy(true),
            Action::ToggleHelp => self.open_help(),
            _ => {}
        }
        self.fit_disputed();
        None
    }

    /// Scrolls the disputed view just enough to show the whole selected value.
    pub(crate) fn fit_disputed(&mut self) {
        let height = self.view_height();
        let lines = |i: usize| super::layout::disputed_item_lines(self, i);
        let (sel, mut offset) = (self.disputed.selected, self.disputed.offset);
        offset = offset.min(sel);
        while offset < sel && (offset..=sel).map(lines).sum::<usize>() > height {
            offset += 1;
        }
        self.disputed.offset = offset;
    }

    /// Lines inside a view's border.
    fn view_height(&self) -> usize {
        self.areas()
            .map_or(1, |a| a.body.height.saturating_sub(2) as usize)
            .max(1)
    }
}
