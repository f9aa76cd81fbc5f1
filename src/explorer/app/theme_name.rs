//! The colour theme a user chose, by name: the state keeps the name, the drawing its
//! styles (`ui::theme`).

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
