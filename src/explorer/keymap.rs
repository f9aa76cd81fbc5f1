//! Keys → actions: one table, read both by [`action_for`] and by the help overlay, so the
//! help cannot go stale.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::explorer::action::Action;
use crate::kb::Tab;

/// What the keyboard is doing now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Letters are commands; the list has the focus.
    Browse,
    /// The detail view has the focus: movement scrolls it.
    Detail,
    /// The search box over every tab: letters are input.
    Search,
    /// The current tab's filter box: letters are input.
    Filter,
    /// The help overlay.
    Help,
    /// Every disputed value in one list (`D`).
    Disputed,
    /// The marked entries side by side (`c`).
    Compare,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    /// How the help overlay writes the key.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Backspace".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// Which help section a binding is listed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Move,
    Tabs,
    Search,
    Views,
    Other,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Move,
        Section::Tabs,
        Section::Search,
        Section::Views,
        Section::Other,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Move => "Move",
            Section::Tabs => "Tabs",
            Section::Search => "Search and filter",
            Section::Views => "Compare and check",
            Section::Other => "Other",
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub modes: &'static [Mode],
    pub action: Action,
    pub section: Section,
    /// What the help overlay says; empty for bindings listed under another's label.
    pub help: &'static str,
    /// Overrides the keys' own labels in the help (`1–9`).
    pub label: Option<&'static str>,
}

const BROWSE: &[Mode] = &[Mode::Browse, Mode::Detail];
const BROWSE_AND_HELP: &[Mode] = &[Mode::Browse, Mode::Detail, Mode::Help];
const INPUT: &[Mode] = &[Mode::Search, Mode::Filter];
/// The views over the tabs: the disputed list and the comparison.
const VIEWS: &[Mode] = &[Mode::Disputed, Mode::Compare];
/// Where an entry is in view, so `y`, `Y` and `?` work.
const ENTRY: &[Mode] = &[Mode::Browse, Mode::Detail, Mode::Disputed, Mode::Compare];
const LISTS: &[Mode] = &[
    Mode::Browse,
    Mode::Detail,
    Mode::Search,
    Mode::Filter,
    Mode::Disputed,
    Mode::Compare,
    Mode::Help,
];
/// The views, and the help: scrolled by the same keys.
const VIEWS_AND_HELP: &[Mode] = &[Mode::Disputed, Mode::Compare, Mode::Help];
const ALL: &[Mode] = &[
    Mode::Browse,
    Mode::Detail,
    Mode::Search,
    Mode::Filter,
    Mode::Help,
    Mode::Disputed,
    Mode::Compare,
];

const fn bind(
    keys: &'static [Key],
    modes: &'static [Mode],
    action: Action,
    section: Section,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        modes,
        action,
        section,
        help,
        label: None,
    }
}

const fn tab_key(
    keys: &'static [Key],
    tab: Tab,
    label: Option<&'static str>,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        modes: BROWSE,
        action: Action::GoTab(tab),
        section: Section::Tabs,
        help,
        label,
    }
}

/// Every binding of the app, in help order.
pub const BINDINGS: &[Binding] = &[
    bind(
        &[k('j'), code(KeyCode::Down)],
        BROWSE,
        Action::Down,
        Section::Move,
        "next row (in the detail: scroll)",
    ),
    bind(
        &[k('k'), code(KeyCode::Up)],
        BROWSE,
        Action::Up,
        Section::Move,
        "previous row",
    ),
    bind(
        &[code(KeyCode::Down)],
        &[Mode::Search, Mode::Filter],
        Action::Newer,
        Section::Move,
        "next result while typing (recalling: a newer query)",
    ),
    bind(
        &[code(KeyCode::Up)],
        &[Mode::Search, Mode::Filter],
        Action::Older,
        Section::Move,
        "previous result; on an empty box, earlier queries",
    ),
    bind(
        &[ctrl('n'), ctrl('j')],
        &[Mode::Search, Mode::Filter],
        Action::Down,
        Section::Move,
        "next result, always",
    ),
    bind(
        &[ctrl('p'), ctrl('k')],
        &[Mode::Search, Mode::Filter],
        Action::Up,
        Section::Move,
        "previous result, always",
    ),
    bind(
        &[k('j'), code(KeyCode::Down)],
        VIEWS,
        Action::Down,
        Section::Move,
        "",
    ),
    bind(
        &[k('k'), code(KeyCode::Up)],
        VIEWS,
        Action::Up,
        Section::Move,
        "",
    ),
    bind(
        &[k('g'), code(KeyCode::Home)],
        VIEWS_AND_HELP,
        Action::Top,
        Section::Move,
        "",
    ),
    bind(
        &[k('G'), code(KeyCode::End)],
        VIEWS_AND_HELP,
        Action::Bottom,
        Section::Move,
        "",
    ),
    bind(
        &[k('g'), code(KeyCode::Home)],
        BROWSE,
        Action::Top,
        Section::Move,
        "first row",
    ),
    bind(
        &[k('G'), code(KeyCode::End)],
        BROWSE,
        Action::Bottom,
        Section::Move,
        "last row",
    ),
    bind(
        &[code(KeyCode::PageDown)],
        LISTS,
        Action::PageDown,
        Section::Move,
        "page down",
    ),
    bind(
        &[code(KeyCode::PageUp)],
        LISTS,
        Action::PageUp,
        Section::Move,
        "page up",
    ),
    bind(
        &[ctrl('d')],
        BROWSE_AND_HELP,
        Action::HalfPageDown,
        Section::Move,
        "half a page down",
    ),
    bind(
        &[ctrl('u')],
        BROWSE_AND_HELP,
        Action::HalfPageUp,
        Section::Move,
        "half a page up",
    ),
    bind(
        &[code(KeyCode::Enter)],
        BROWSE,
        Action::Confirm,
        Section::Move,
        "open the detail (Sources: list the entries citing it)",
    ),
    bind(
        &[code(KeyCode::Tab), k('l'), code(KeyCode::Right)],
        BROWSE,
        Action::NextTab,
        Section::Tabs,
        "next tab",
    ),
    bind(
        &[code(KeyCode::BackTab), k('h'), code(KeyCode::Left)],
        BROWSE,
        Action::PrevTab,
        Section::Tabs,
        "previous tab",
    ),
    tab_key(&[k('1')], Tab::Overview, Some("1–9"), "go to tab 1–9"),
    tab_key(&[k('2')], Tab::Timeline, None, ""),
    tab_key(&[k('3')], Tab::Models, None, ""),
    tab_key(&[k('4')], Tab::Finances, None, ""),
    tab_key(&[k('5')], Tab::Risks, None, ""),
    tab_key(&[k('6')], Tab::People, None, ""),
    tab_key(&[k('7')], Tab::Competitors, None, ""),
    tab_key(&[k('8')], Tab::Products, None, ""),
    tab_key(&[k('9')], Tab::Sources, None, ""),
    bind(
        &[k('s')],
        BROWSE,
        Action::SortNext,
        Section::Tabs,
        "sort the table by its next column",
    ),
    bind(
        &[k('S'), k('o')],
        BROWSE,
        Action::SortReverse,
        Section::Tabs,
        "reverse the order (timeline: newest/oldest first)",
    ),
    bind(
        &[k('/')],
        BROWSE,
        Action::OpenSearch,
        Section::Search,
        "search every tab: best first, each hit with its answer",
    ),
    bind(
        &[k('f')],
        BROWSE,
        Action::OpenFilter,
        Section::Search,
        "filter this tab's list",
    ),
    bind(
        &[code(KeyCode::Enter)],
        INPUT,
        Action::Confirm,
        Section::Search,
        "search: jump to the hit · filter: keep it",
    ),
    bind(
        &[code(KeyCode::Esc)],
        INPUT,
        Action::Back,
        Section::Search,
        "close the box (a filter is cleared)",
    ),
    bind(
        &[code(KeyCode::Backspace)],
        INPUT,
        Action::Backspace,
        Section::Search,
        "delete a character",
    ),
    bind(
        &[ctrl('w')],
        INPUT,
        Action::DeleteWord,
        Section::Search,
        "delete a word",
    ),
    bind(
        &[ctrl('u')],
        INPUT,
        Action::ClearInput,
        Section::Search,
        "clear the box",
    ),
    bind(
        &[code(KeyCode::Right), code(KeyCode::End)],
        &[Mode::Search],
        Action::KeepInput,
        Section::Search,
        "/ brings the last query back selected: typing replaces it, → or End keeps it",
    ),
    bind(
        &[k('n')],
        BROWSE,
        Action::NextHit,
        Section::Search,
        "next search hit",
    ),
    bind(
        &[k('N')],
        BROWSE,
        Action::PrevHit,
        Section::Search,
        "previous search hit",
    ),
    bind(
        &[k(' ')],
        BROWSE,
        Action::ToggleMark,
        Section::Views,
        "mark or unmark the entry for comparing (2–4, one tab), then step to the next row (in the detail: stay)",
    ),
    bind(
        &[k('c')],
        &[Mode::Browse, Mode::Detail, Mode::Compare],
        Action::OpenCompare,
        Section::Views,
        "the marked entries side by side, differences in bold",
    ),
    bind(
        &[k('D')],
        &[Mode::Browse, Mode::Detail, Mode::Disputed],
        Action::OpenDisputed,
        Section::Views,
        "every disputed value, with its claims, dates and sources",
    ),
    bind(
        &[code(KeyCode::Enter)],
        &[Mode::Disputed],
        Action::Confirm,
        Section::Views,
        "in the disputed list: go to the entry",
    ),
    bind(
        &[code(KeyCode::Esc), k('q')],
        VIEWS,
        Action::Back,
        Section::Views,
        "close the view",
    ),
    bind(
        &[k('y')],
        ENTRY,
        Action::Copy,
        Section::Other,
        "copy the entry as a citation (OSC 52); in compare: the table",
    ),
    bind(
        &[k('Y')],
        ENTRY,
        Action::CopyMarkdown,
        Section::Other,
        "copy the citation as Markdown, sources as links; in compare: a Markdown table",
    ),
    bind(
        &[k('v')],
        BROWSE,
        Action::ToggleChart,
        Section::Views,
        "show or hide the chart (Finances, Timeline); shown where it does not fit, it takes the detail's place",
    ),
    bind(
        &[k('r')],
        BROWSE,
        Action::Reload,
        Section::Other,
        "reload the knowledge-base file (it also reloads by itself when saved)",
    ),
    bind(
        &[k('e')],
        &[Mode::Browse, Mode::Detail, Mode::Disputed],
        Action::Edit,
        Section::Other,
        "edit the entry: its file in $VISUAL, else $EDITOR, else vi, at its line",
    ),
    bind(
        &[k('?')],
        &[
            Mode::Browse,
            Mode::Detail,
            Mode::Help,
            Mode::Disputed,
            Mode::Compare,
        ],
        Action::ToggleHelp,
        Section::Other,
        "this help",
    ),
    bind(
        &[code(KeyCode::Esc), k('q')],
        &[Mode::Help],
        Action::Back,
        Section::Other,
        "close the help",
    ),
    bind(
        &[k('j'), code(KeyCode::Down)],
        &[Mode::Help],
        Action::Down,
        Section::Other,
        "",
    ),
    bind(
        &[k('k'), code(KeyCode::Up)],
        &[Mode::Help],
        Action::Up,
        Section::Other,
        "",
    ),
    bind(
        &[code(KeyCode::Esc)],
        BROWSE,
        Action::Back,
        Section::Other,
        "back one step (clears a filter; never quits)",
    ),
    bind(
        &[k('q')],
        &[Mode::Detail],
        Action::Back,
        Section::Other,
        "in the detail: close it (q closes whatever is open)",
    ),
    bind(
        &[k('q')],
        &[Mode::Browse],
        Action::Quit,
        Section::Other,
        "quit, from the lists",
    ),
    bind(
        &[ctrl('c')],
        ALL,
        Action::Quit,
        Section::Other,
        "quit, from anywhere",
    ),
    bind(
        &[ctrl('z')],
        ALL,
        Action::Suspend,
        Section::Other,
        "suspend to the shell (fg to return)",
    ),
];

/// The action for a key in a mode: the bound one, else — in the search and filter boxes —
/// a typed character. Key releases and repeats of modifier-only keys map to nothing.
pub fn action_for(key: KeyEvent, mode: Mode) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    // Shift is already in the character (`G`, `?`); only Ctrl and Alt distinguish keys.
    let mods = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let code = match key.code {
        KeyCode::Tab if key.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        c => c,
    };
    let pressed = Key { code, mods };
    let bound = BINDINGS
        .iter()
        .find(|b| b.modes.contains(&mode) && b.keys.contains(&pressed))
        .map(|b| b.action);
    if bound.is_some() {
        return bound;
    }
    match (mode, code) {
        (Mode::Search | Mode::Filter, KeyCode::Char(c)) if mods.is_empty() => {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

/// Short hints for the footer, by mode.
pub fn footer_hints(mode: Mode) -> &'static [(&'static str, &'static str)] {
    match mode {
        Mode::Browse => &[
            ("/", "search"),
            ("f", "filter"),
            ("1-9", "tabs"),
            ("j/k", "move"),
            ("Enter", "detail"),
            ("s", "sort"),
            ("y", "copy"),
            ("?", "help"),
            ("q", "quit"),
            ("D", "disputed"),
        ],
        Mode::Detail => &[
            ("j/k", "scroll"),
            ("Esc", "back"),
            ("y", "copy"),
            ("/", "search"),
            ("?", "help"),
            ("q", "close"),
        ],
        Mode::Search => &[
            ("type", "search all tabs"),
            ("↑/↓", "move"),
            ("Enter", "jump"),
            ("Esc", "close"),
            ("Ctrl-u", "clear"),
        ],
        Mode::Filter => &[
            ("type", "filter this tab"),
            ("↑/↓", "move"),
            ("Enter", "keep"),
            ("Esc", "clear"),
        ],
        Mode::Help => &[("j/k", "scroll"), ("Esc/?", "close")],
        Mode::Disputed => &[
            ("j/k", "move"),
            ("Enter", "go to entry"),
            ("y", "copy"),
            ("Esc", "close"),
            ("?", "help"),
        ],
        Mode::Compare => &[
            ("j/k", "scroll"),
            ("y/Y", "copy table"),
            ("Esc", "close"),
            ("?", "help"),
        ],
    }
}
