//! Every style the explorer uses, in one place: a colour theme for dark terminals, one for
//! light terminals, and a monochrome one (`NO_COLOR`, `theme = "monochrome"`).
//!
//! The monochrome theme uses modifiers only — no colour at all, not even `Color::Reset`.
//! Under `NO_COLOR`, crossterm 0.29 writes any colour change as an empty SGR sequence
//! (`ESC [ m`), which resets every attribute: one colour in this theme would cancel the
//! REVERSED that marks the selection. `tests/no_color.rs` guards this.

use ratatui::style::{Color, Modifier, Style};

use crate::kb::Severity;

/// The themes a user can choose (`--theme`, `theme =` in the config file).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeName {
    /// Colours for a dark terminal background.
    #[default]
    Dark,
    /// Colours for a light terminal background.
    Light,
    /// No colour at all: bold, reverse and underline only.
    Monochrome,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::Monochrome];

    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Monochrome => "monochrome",
        }
    }

    /// Reads a theme's name (any case).
    pub fn parse(s: &str) -> Option<ThemeName> {
        ThemeName::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether the theme draws with colours (a colour theme must get them through even
    /// when `NO_COLOR` is set, since the user chose it).
    pub fn has_colour(self) -> bool {
        self != ThemeName::Monochrome
    }
}

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
    /// The `~` of an entry older than the stale horizon, and its note in the detail.
    pub stale: Style,
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
    pub fn named(name: ThemeName) -> Theme {
        match name {
            ThemeName::Dark => Theme::COLOR,
            ThemeName::Light => Theme::LIGHT,
            ThemeName::Monochrome => Theme::MONO,
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
        stale: Style::new().fg(Color::Yellow),
        key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        status: Style::new().fg(Color::Green),
        severe: Style::new().fg(Color::LightRed),
        chart_bar: Style::new().fg(Color::Cyan),
        chart_selected: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    };

    /// For light backgrounds: the dark theme's cyan, yellow, gray and light red are hard
    /// to read on white, so this one uses blue, magenta, red and dark gray, and white on
    /// blue for the selection.
    pub const LIGHT: Theme = Theme {
        header: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
        tab: NONE,
        tab_active: Style::new()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD),
        border: Style::new().fg(Color::DarkGray),
        border_focus: Style::new().fg(Color::Blue),
        title: Style::new().add_modifier(Modifier::BOLD),
        column_title: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
        group: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
        selected: Style::new().fg(Color::White).bg(Color::Blue),
        selected_dim: Style::new().add_modifier(Modifier::REVERSED),
        matched: Style::new()
            .fg(Color::Magenta)
            .add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
        dim: Style::new().fg(Color::DarkGray),
        label: Style::new().fg(Color::Blue),
        disputed: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        stale: Style::new().fg(Color::Magenta),
        key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
        status: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        severe: Style::new().fg(Color::Red),
        chart_bar: Style::new().fg(Color::Blue),
        chart_selected: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
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
        stale: Style::new().add_modifier(Modifier::BOLD),
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
    pub fn all(&self) -> [Style; 20] {
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
            self.stale,
            self.key,
            self.status,
            self.severe,
            self.chart_bar,
            self.chart_selected,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_light_theme_writes_no_text_in_colours_that_fade_on_white() {
        // Pale on most light palettes unless drawn on a background of their own.
        let pale = [
            Color::Yellow,
            Color::LightYellow,
            Color::Cyan,
            Color::LightCyan,
            Color::Gray,
            Color::White,
            Color::LightGreen,
            Color::LightRed,
            Color::LightMagenta,
            Color::LightBlue,
        ];
        for style in Theme::LIGHT.all() {
            if let (Some(fg), None) = (style.fg, style.bg) {
                assert!(!pale.contains(&fg), "{style:?}");
            }
        }
    }

    #[test]
    fn theme_names_parse_and_only_monochrome_has_no_colour() {
        for name in ThemeName::ALL {
            assert_eq!(ThemeName::parse(name.name()), Some(name));
            let colours = Theme::named(name)
                .all()
                .iter()
                .any(|s| s.fg.is_some() || s.bg.is_some());
            assert_eq!(colours, name.has_colour(), "{name:?}");
        }
        assert_eq!(ThemeName::parse("LIGHT"), Some(ThemeName::Light));
        assert_eq!(ThemeName::parse("solarized"), None);
    }
}
