//! Every style the explorer uses, in one place: a colour theme and a monochrome one for
//! `NO_COLOR`.
//!
//! The monochrome theme uses modifiers only — no colour at all, not even `Color::Reset`.
//! Under `NO_COLOR`, crossterm 0.29 writes any colour change as an empty SGR sequence
//! (`ESC [ m`), which resets every attribute: one colour in this theme would cancel the
//! REVERSED that marks the selection. `tests/no_color.rs` guards this.

use ratatui::style::{Color, Modifier, Style};

use crate::kb::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub header: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    pub column_title: Style,
    pub group: Style,
    pub selected: Style,
    /// The selection of a list that does not have the focus.
    pub selected_dim: Style,
    /// Matched characters of a search hit.
    pub matched: Style,
    pub dim: Style,
    pub label: Style,
    pub disputed: Style,
    pub key: Style,
    pub status: Style,
    pub severe: Style,
    /// Bars of a chart.
    pub chart_bar: Style,
    /// The selected entry's bars and the marker of its place in a chart.
    pub chart_selected: Style,
}

const NONE: Style = Style::new();

impl Theme {
    pub fn for_options(monochrome: bool) -> Theme {
        if monochrome {
            Theme::MONO
        } else {
            Theme::COLOR
        }
    }

    pub const COLOR: Theme = Theme {
        header: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        tab: Style::new().fg(Color::Gray),
        tab_active: Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
        border: Style::new().fg(Color::DarkGray),
        border_focus: Style::new().fg(Color::Cyan),
        title: Style::new().add_modifier(Modifier::BOLD),
        column_title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        group: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        selected: Style::new().fg(Color::Black).bg(Color::Cyan),
        selected_dim: Style::new().add_modifier(Modifier::REVERSED),
        matched: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        dim: Style::new().fg(Color::DarkGray),
        label: Style::new().fg(Color::Cyan),
        disputed: Style::new()
            .fg(Color::LightRed)
            .add_modifier(Modifier::BOLD),
        key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        status: Style::new().fg(Color::Green),
        severe: Style::new().fg(Color::LightRed),
        chart_bar: Style::new().fg(Color::Cyan),
        chart_selected: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    };

    pub const MONO: Theme = Theme {
        header: Style::new().add_modifier(Modifier::BOLD),
        tab: NONE,
        tab_active: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
        border: NONE,
        border_focus: Style::new().add_modifier(Modifier::BOLD),
        title: Style::new().add_modifier(Modifier::BOLD),
        column_title: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
        group: Style::new().add_modifier(Modifier::BOLD),
        selected: Style::new().add_modifier(Modifier::REVERSED),
        selected_dim: Style::new().add_modifier(Modifier::REVERSED),
        matched: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
        dim: NONE,
        label: Style::new().add_modifier(Modifier::BOLD),
        disputed: Style::new().add_modifier(Modifier::BOLD),
        key: Style::new().add_modifier(Modifier::BOLD),
        status: Style::new().add_modifier(Modifier::BOLD),
        severe: Style::new().add_modifier(Modifier::BOLD),
        // Bars differ by their glyphs; the selected entry's by bold and a `▸` or `▲` mark.
        chart_bar: NONE,
        chart_selected: Style::new().add_modifier(Modifier::BOLD),
    };

    pub fn severity(&self, s: Option<Severity>) -> Style {
        match s {
            Some(Severity::High | Severity::Critical) => self.severe,
            _ => NONE,
        }
    }

    /// Every style, for checks over the whole theme.
    pub fn all(&self) -> [Style; 19] {
        [
            self.header,
            self.tab,
            self.tab_active,
            self.border,
            self.border_focus,
            self.title,
            self.column_title,
            self.group,
            self.selected,
            self.selected_dim,
            self.matched,
            self.dim,
            self.label,
            self.disputed,
            self.key,
            self.status,
            self.severe,
            self.chart_bar,
            self.chart_selected,
        ]
    }
}
