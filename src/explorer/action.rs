//! What a key (or a mouse event, or the terminal) asks the app to do, and what the app asks
//! the terminal loop to do in return.

use crate::kb::Tab;

/// One user intention. Produced by [`crate::explorer::keymap::action_for`]; consumed by
/// [`crate::explorer::app::App::update`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    NextTab,
    PrevTab,
    GoTab(Tab),
    /// `/`: search every tab.
    OpenSearch,
    /// `f`: narrow the current tab's list.
    OpenFilter,
    /// A character typed into the search or filter box.
    Input(char),
    Backspace,
    DeleteWord,
    ClearInput,
    /// `→` or `End` in the search box: keep the query `/` brought back selected, to type
    /// after it.
    KeepInput,
    /// Enter: open or focus the detail, jump to a search hit, accept a filter.
    Confirm,
    /// Esc: back one step; never quits.
    Back,
    NextHit,
    PrevHit,
    /// Sort a table by its next sortable column.
    SortNext,
    /// Reverse the sort order (timeline: newest or oldest first).
    SortReverse,
    ToggleHelp,
    Copy,
    /// `Y`: the same citation as Markdown.
    CopyMarkdown,
    /// `↑` in a box: the previous result, or (on an empty box, or while recalling) an
    /// earlier query.
    Older,
    /// `↓` in a box: the next result, or a newer query while recalling.
    Newer,
    /// `v`: show or hide the chart in the list's column (above or under the list).
    ToggleChart,
    /// `r`: load the knowledge-base file again.
    Reload,
    /// Space: mark or unmark the selected entry for comparison.
    ToggleMark,
    /// `c`: the marked entries side by side.
    OpenCompare,
    /// `D`: every disputed value in one list.
    OpenDisputed,
    /// `e`: open the selected entry's file in the user's editor, at the entry's line.
    Edit,
    Quit,
    Suspend,
    /// The terminal has this many columns and rows.
    Resize(u16, u16),
    /// A mouse click at column, row.
    Click(u16, u16),
    ScrollUp,
    ScrollDown,
    /// The mouse wheel at column, row (`down` or up): scrolls what is under the pointer —
    /// the detail when over the detail, the list when over the list, whichever has focus.
    Wheel {
        x: u16,
        y: u16,
        down: bool,
    },
}

/// Work the app cannot do itself (it performs no I/O): carried out by the terminal loop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Ctrl-Z: give the terminal back to the shell until resumed.
    Suspend,
    /// Load the knowledge-base file again now.
    Reload,
    /// Run the user's editor on the knowledge base's file number `file` (an index into
    /// the files `--data` stands for, as [`crate::kb::Entry::file`]) at `line` (1-based;
    /// 0: unknown), with the terminal given back until it exits.
    Edit {
        file: usize,
        line: u32,
    },
    /// Write the search history ([`crate::explorer::app::App::history`]) to disk, ignoring failure.
    SaveHistory,
    /// Match this query on the search thread; give the results to
    /// [`crate::explorer::app::App::search_done`] with this generation.
    Search {
        generation: u64,
        query: String,
    },
}
