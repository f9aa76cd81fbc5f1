//! `App::update`: every state change the keyboard, mouse or terminal can cause. No I/O:
//! what needs the outside world comes back as an [`Effect`].

use super::App;
use super::columns::{SortBy, columns};
use super::search::ResultRow;
use crate::explorer::action::{Action, Effect};
use crate::explorer::app::layout::Target;
use crate::explorer::keymap::Mode;
use crate::kb::Tab;
use crate::output::citation::{citation, citation_markdown};

impl App {
    /// Applies one action. Returns what the terminal loop must do, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let top = self.list_top();
        let effect = self.apply(action);
        self.keep_rows_in_place(top);
        effect
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        if !matches!(action, Action::Resize(..)) {
            self.status = None;
        }
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::Suspend => return Some(Effect::Suspend),
            Action::Edit => return self.edit(),
            Action::Resize(w, h) => {
                self.size = (w, h);
                for i in 0..self.panes.len() {
                    let height = self.list_height_for(self.panes[i].tab);
                    self.panes[i].fit(height);
                }
                self.fit_results();
                self.fit_disputed();
                return None;
            }
            Action::Click(x, y) => {
                self.click(x, y);
                return None;
            }
            Action::Wheel { x, y, down } => return self.wheel(x, y, down),
            _ => {}
        }
        match self.mode {
            Mode::Browse | Mode::Detail => self.browse(action),
            Mode::Search => self.searching(action),
            Mode::Filter => self.filtering(action),
            Mode::Disputed => self.in_disputed(action),
            Mode::Compare => self.comparing(action),
            Mode::Help => {
                // Every movement key of the lists moves the help too.
                let max = i32::from(super::extent::help_max_scroll(self));
                let page = i32::from(self.size.1.saturating_sub(8).max(1));
                let by = match action {
                    Action::Down => Some(1),
                    Action::Up => Some(-1),
                    Action::ScrollDown => Some(3),
                    Action::ScrollUp => Some(-3),
                    Action::PageDown => Some(page),
                    Action::PageUp => Some(-page),
                    Action::HalfPageDown => Some(page / 2),
                    Action::HalfPageUp => Some(-page / 2),
                    Action::Top => Some(-max),
                    Action::Bottom => Some(max),
                    _ => None,
                };
                if let Some(by) = by {
                    self.help_scroll = (i32::from(self.help_scroll) + by).clamp(0, max) as u16;
                } else if matches!(action, Action::Back | Action::ToggleHelp) {
                    self.mode = self.help_return;
                }
                None
            }
        }
    }

    fn browse(&mut self, action: Action) -> Option<Effect> {
        let h = self.list_height();
        let in_detail = self.mode == Mode::Detail;
        // Movement: the list's selection (in the detail, the arms below scroll it instead).
        if !in_detail && let Some(by) = step(action, h) {
            self.pane_mut().move_by(by, h);
            return None;
        }
        match action {
            Action::Down | Action::ScrollDown if in_detail => self.scroll_detail(1),
            Action::Up | Action::ScrollUp if in_detail => self.scroll_detail(-1),
            Action::PageDown | Action::HalfPageDown if in_detail => self.scroll_detail(10),
            Action::PageUp | Action::HalfPageUp if in_detail => self.scroll_detail(-10),
            Action::Top if in_detail => self.pane_mut().detail_scroll = 0,
            Action::Top => self.pane_mut().select_first(h),
            Action::Bottom => self.pane_mut().select_last(h),
            Action::NextTab => self.go_tab(step_tab(self.tab, 1)),
            Action::PrevTab => self.go_tab(step_tab(self.tab, -1)),
            Action::GoTab(t) => self.go_tab(t),
            Action::OpenSearch => {
                self.mode = Mode::Search;
                if self.search.title.is_some() {
                    self.search.clear();
                }
                // The last query comes back selected, as in an address bar.
                self.search.query_selected = !self.search.query.is_empty();
            }
            Action::OpenFilter => self.mode = Mode::Filter,
            Action::Confirm => self.confirm(),
            Action::Back => self.back(),
            Action::NextHit => self.step_hit(1),
            Action::PrevHit => self.step_hit(-1),
            Action::SortNext => self.sort_next(),
            Action::SortReverse => self.sort_reverse(),
            Action::ToggleHelp => self.open_help(),
            Action::ToggleMark => self.toggle_mark(),
            Action::ToggleChart => self.toggle_chart(),
            Action::OpenCompare => self.open_compare(),
            Action::OpenDisputed => self.open_disputed(),
            Action::Copy => return self.copy(false),
            Action::CopyMarkdown => return self.copy(true),
            Action::Reload => return Some(Effect::Reload),
            _ => {}
        }
        None
    }

    /// `v`: hides a chart on screen, shows one that is not (making room for it).
    fn toggle_chart(&mut self) {
        if crate::explorer::app::layout::chart_rows(self.tab) == 0 {
            self.status = Some(format!(
                "{} has no chart (Finances and Timeline do)",
                self.tab.title()
            ));
            return;
        }
        let shown = self.areas().is_some_and(|a| a.chart.is_some());
        self.chart = Some(!shown);
        let now = self.areas().is_some_and(|a| a.chart.is_some());
        self.status = Some(match (shown, now) {
            (true, _) => "chart hidden: v shows it".into(),
            (false, true) => "chart shown: v hides it".into(),
            (false, false) => "no room for the chart at this size".into(),
        });
        let h = self.list_height();
        for p in &mut self.panes {
            p.fit(h);
        }
    }

    pub(super) fn open_help(&mut self) {
        self.help_return = self.mode;
        self.help_scroll = 0;
        self.mode = Mode::Help;
    }

    fn go_tab(&mut self, tab: Tab) {
        self.tab = tab;
        if self.mode == Mode::Detail {
            self.mode = Mode::Browse;
        }
        let h = self.list_height();
        self.pane_mut().fit(h);
    }

    fn confirm(&mut self) {
        if self.tab == Tab::Sources {
            // The entries citing the selected source.
            let Some(e) = self.selected_entry() else {
                return;
            };
            let (Some(&source), id) = (e.sources.first(), e.id.clone()) else {
                return;
            };
            let kb = &self.data.kb;
            let citing: Vec<usize> = (0..kb.entries.len())
                .filter(|&i| {
                    kb.entries[i].tab != Tab::Sources && kb.entries[i].sources.contains(&source)
                })
                .collect();
            let title = format!("{} entries cite [{id}]", citing.len());
            let data = self.data.clone();
            self.search.show_list(&data.kb, title, &citing);
            self.mode = Mode::Search;
        } else if self.selected_entry().is_some() {
            self.mode = Mode::Detail;
        }
    }

    fn back(&mut self) {
        if self.mode == Mode::Detail {
            self.mode = Mode::Browse;
        } else if !self.pane(self.tab).filter.is_empty() {
            self.set_filter(String::new());
            self.status = Some("filter cleared".into());
        } else if !self.pane(self.tab).marks.is_empty() {
            self.pane_mut().marks.clear();
            self.status = Some("marks cleared".into());
        } else {
            self.status = Some("q quits".into());
        }
    }

    fn scroll_detail(&mut self, by: i32) {
        let max = super::extent::detail_max_scroll(self);
        let p = self.pane_mut();
        p.detail_scroll = (i32::from(p.detail_scroll) + by).clamp(0, i32::from(max)) as u16;
    }

    fn sort_next(&mut self) {
        let cols = columns(self.tab);
        let sortable: Vec<usize> = (0..cols.len())
            .filter(|&i| cols[i].sort != SortBy::None)
            .collect();
        if sortable.is_empty() {
            self.status = Some(format!("{} is not sortable", self.tab.title()));
            return;
        }
        let cur = self.pane(self.tab).sort.0;
        let next = sortable
            .iter()
            .copied()
            .find(|&i| i > cur && cur != usize::MAX)
            .unwrap_or(sortable[0]);
        // Dates, numbers and severities read best largest first; text A to Z.
        let desc = cols[next].sort != SortBy::Text;
        self.set_sort((next, desc));
    }

    fn sort_reverse(&mut self) {
        let cols = columns(self.tab);
        let (col, desc) = self.pane(self.tab).sort;
        if cols.get(col).is_none_or(|c| c.sort == SortBy::None) {
            let first = (0..cols.len()).find(|&i| cols[i].sort != SortBy::None);
            match first {
                Some(i) => self.set_sort((i, cols[i].sort == SortBy::Text)),
                None => self.status = Some(format!("{} is not sortable", self.tab.title())),
            }
            return;
        }
        self.set_sort((col, !desc));
    }

    fn set_sort(&mut self, sort: (usize, bool)) {
        let data = self.data.clone();
        let h = self.list_height();
        let p = self.pane_mut();
        p.sort = sort;
        p.rebuild(&data);
        p.fit(h);
        let name = columns(self.tab)[sort.0].title;
        let arrow = if sort.1 { "↓" } else { "↑" };
        self.status = Some(format!("sorted by {name} {arrow}"));
    }

    pub(crate) fn set_filter(&mut self, filter: String) {
        let data = self.data.clone();
        let h = self.list_height();
        let p = self.pane_mut();
        p.filter = filter;
        p.rebuild(&data);
        p.fit(h);
    }

    pub(super) fn copy(&mut self, markdown: bool) -> Option<Effect> {
        let e = self.current_entry()?;
        let text = if markdown {
            citation_markdown(self.kb(), e)
        } else {
            citation(self.kb(), e)
        };
        let what = format!(
            "{}{} ({} lines)",
            e.title,
            if markdown { " as Markdown" } else { "" },
            text.lines().count()
        );
        self.status = Some(super::copy_note(&self.options, &what));
        Some(Effect::Copy(text))
    }

    fn step_hit(&mut self, dir: isize) {
        if self.last_hits.is_empty() {
            self.status = Some("no search hits yet: / searches".into());
            return;
        }
        let n = self.last_hits.len() as isize;
        self.hit_cursor = ((self.hit_cursor as isize + dir).rem_euclid(n)) as usize;
        self.jump_to(self.last_hits[self.hit_cursor]);
        self.status = Some(format!(
            "hit {} of {}",
            self.hit_cursor + 1,
            self.last_hits.len()
        ));
    }

    /// Shows `entry` selected in its tab (clearing that tab's filter if it hides it).
    pub(crate) fn jump_to(&mut self, entry: usize) {
        let Some(tab) = self.data.kb.entries.get(entry).map(|e| e.tab) else {
            return;
        };
        self.tab = tab;
        self.mode = Mode::Browse;
        let h = self.list_height();
        if !self.pane_mut().select_entry(entry, h) {
            self.set_filter(String::new());
            self.pane_mut().select_entry(entry, h);
        }
    }

    /// The wheel scrolls what is under the pointer: over the detail, the detail (without
    /// moving the focus); over the list, the list's selection, even while the detail has
    /// the focus. Anywhere else, or in a view over the lists, what has the focus.
    fn wheel(&mut self, x: u16, y: u16, down: bool) -> Option<Effect> {
        let plain = if down {
            Action::ScrollDown
        } else {
            Action::ScrollUp
        };
        if matches!(self.mode, Mode::Browse | Mode::Detail) {
            let target = self.areas().and_then(|a| a.target(x, y, self));
            let by = if down { 3 } else { -3 };
            match target {
                Some(Target::Detail) if self.selected_entry().is_some() => {
                    self.scroll_detail(by);
                    return None;
                }
                Some(Target::ListRow(_)) => {
                    let h = self.list_height();
                    self.pane_mut().move_by(by as isize, h);
                    return None;
                }
                _ => {}
            }
        }
        self.apply(plain)
    }

    fn click(&mut self, x: u16, y: u16) {
        // The views and the help cover the lists: a click there means nothing below.
        if matches!(self.mode, Mode::Disputed | Mode::Compare | Mode::Help) {
            return;
        }
        let Some(areas) = self.areas() else {
            return;
        };
        match areas.target(x, y, self) {
            Some(Target::Tab(t)) if matches!(self.mode, Mode::Browse | Mode::Detail) => {
                self.go_tab(t);
            }
            Some(Target::ListRow(i)) => {
                let h = self.list_height();
                if self
                    .pane(self.tab)
                    .rows
                    .get(i)
                    .is_some_and(|r| r.entry().is_some())
                {
                    self.pane_mut().select_row(i, h);
                }
            }
            Some(Target::ResultRow(i)) => {
                if matches!(self.search.rows.get(i), Some(ResultRow::Hit(_))) {
                    self.search.selected = Some(i);
                }
            }
            Some(Target::Detail)
                if self.mode == Mode::Browse && self.selected_entry().is_some() =>
            {
                self.mode = Mode::Detail;
            }
            _ => {}
        }
    }
}

/// How many rows a movement action moves in a list `height` rows tall.
pub(super) fn step(action: Action, height: usize) -> Option<isize> {
    let page = height.saturating_sub(1).max(1) as isize;
    let half = (height / 2).max(1) as isize;
    Some(match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::ScrollDown => 3,
        Action::ScrollUp => -3,
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::HalfPageDown => half,
        Action::HalfPageUp => -half,
        _ => return None,
    })
}

fn step_tab(tab: Tab, by: isize) -> Tab {
    let n = Tab::ALL.len() as isize;
    Tab::ALL[((tab as isize + by).rem_euclid(n)) as usize]
}
