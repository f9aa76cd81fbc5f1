//! Every style the explorer uses, in one place: a colour theme for dark terminals, one for
//! light terminals, and a monochrome one (`NO_COLOR`, `theme = "monochrome"`). The state
//! keeps the chosen theme's name; the drawing and the pages (`page`) take its styles.
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

/// The styles of one theme.
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
        // Underlined too: on the selected row, where colours give way to the selection's,
        // the match still shows.
        matched: Style::new()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
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
    /// to read on white, so this one uses blue, magenta, red, a darker grey (240) and a
    /// dark green (22), and white on blue for the selection — each at least 4.5:1 on white.
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
        dim: Style::new().fg(Color::Indexed(240)),
        label: Style::new().fg(Color::Blue),
        disputed: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        stale: Style::new().fg(Color::Magenta),
        key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
        status: Style::new()
            .fg(Color::Indexed(22))
            .add_modifier(Modifier::BOLD),
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

    /// sRGB of a colour in xterm's default palette (the 16 colours, the 6×6×6 cube and the
    /// grey ramp of the 256).
    fn rgb(c: Color) -> (u8, u8, u8) {
        const BASE: [(u8, u8, u8); 16] = [
            (0, 0, 0),
            (205, 0, 0),
            (0, 205, 0),
            (205, 205, 0),
            (0, 0, 238),
            (205, 0, 205),
            (0, 205, 205),
            (229, 229, 229),
            (127, 127, 127),
            (255, 0, 0),
            (0, 255, 0),
            (255, 255, 0),
            (92, 92, 255),
            (255, 0, 255),
            (0, 255, 255),
            (255, 255, 255),
        ];
        let i = match c {
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => 8,
            Color::LightRed => 9,
            Color::LightGreen => 10,
            Color::LightYellow => 11,
            Color::LightBlue => 12,
            Color::LightMagenta => 13,
            Color::LightCyan => 14,
            Color::White => 15,
            Color::Indexed(n) => n,
            Color::Rgb(r, g, b) => return (r, g, b),
            Color::Reset => panic!("no fixed colour"),
        };
        match i {
            0..=15 => BASE[i as usize],
            16..=231 => {
                let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
                let n = i - 16;
                (level(n / 36), level(n / 6 % 6), level(n % 6))
            }
            _ => {
                let v = 8 + 10 * (i - 232);
                (v, v, v)
            }
        }
    }

    /// WCAG 2 contrast ratio of two colours.
    fn contrast(a: Color, b: Color) -> f64 {
        let lum = |c: Color| {
            let (r, g, b) = rgb(c);
            let lin = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_text_colour_reads_at_four_and_a_half_to_one() {
        // Each colour theme on the background it is made for; a style with a background of
        // its own is read against that. Borders are not text (WCAG asks 3:1 of them).
        for (theme, background) in [(Theme::COLOR, Color::Black), (Theme::LIGHT, Color::White)] {
            for style in theme.all() {
                if style == theme.border {
                    continue;
                }
                let Some(fg) = style.fg else { continue };
                let bg = style.bg.unwrap_or(background);
                let ratio = contrast(fg, bg);
                assert!(ratio >= 4.5, "{style:?} on {bg:?}: {ratio:.2}:1");
            }
            let ratio = contrast(theme.border.fg.unwrap_or(Color::Reset), background);
            assert!(ratio >= 3.0, "border: {ratio:.2}:1");
            // The selection: its own pair (text on it loses its colours: `on_selection`).
            let (fg, bg) = (theme.selected.fg.unwrap(), theme.selected.bg.unwrap());
            assert!(contrast(fg, bg) >= 4.5, "selection {fg:?} on {bg:?}");
        }
        // The check itself: grey on cyan, the old selected search row, fails it.
        assert!(contrast(Color::DarkGray, Color::Cyan) < 4.5);
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
