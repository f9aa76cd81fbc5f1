//! `e`: edit the selected entry in the user's editor. The app only asks for it
//! ([`Effect::Edit`]); the terminal loop gives the terminal back, runs the command made
//! here ([`editor_command`]), waits for it, and takes the terminal again. The live reload
//! shows what was saved.
//!
//! The editor is `$VISUAL`, else `$EDITOR`, else `vi`; its value may hold arguments
//! (`VISUAL="code --wait"`), split as a shell splits words: at blanks, with `'…'`, `"…"`
//! and `\` quoting (nothing is expanded). The line is given the way the editor takes it:
//! `+LINE FILE` (vi, vim, neovim, emacs, nano, micro, helix, kakoune and most others);
//! `--wait --goto FILE:LINE` for VS Code and VSCodium (`code`, `code-insiders`, `codium`,
//! `vscodium`); `--wait FILE:LINE` for Sublime Text (`subl`) and Zed (`zed`). `--wait`
//! keeps a graphical editor's command from returning before the file is closed; it is
//! not added twice.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::ExitStatus;

use super::App;
use crate::explorer::action::Effect;
use crate::kb::load::EMBEDDED_ORIGIN;

/// What `e` says on the knowledge base compiled into the binary.
pub const READ_ONLY: &str = "the built-in knowledge base is read-only: qwen-tui export kb.yaml, then qwen-tui --data kb.yaml";

/// The editor when neither `$VISUAL` nor `$EDITOR` names one.
pub const FALLBACK: &str = "vi";

impl App {
    /// `e`: the selected entry's file and line, for the terminal loop to open; on the
    /// embedded knowledge base, how to get a copy that can be edited.
    pub(super) fn edit(&mut self) -> Option<Effect> {
        if self.data.kb.origin == EMBEDDED_ORIGIN {
            self.status = Some(READ_ONLY.into());
            return None;
        }
        let Some(e) = self.current_entry() else {
            self.status = Some("no entry selected: e edits the selected entry".into());
            return None;
        };
        Some(Effect::Edit {
            file: e.file,
            line: e.pos.line,
        })
    }
}

/// A command to run: the program, its arguments, and how messages name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorCommand {
    pub program: OsString,
    pub args: Vec<OsString>,
    /// The program as messages show it: sanitised, at most 60 characters.
    pub name: String,
}

/// How an editor takes the line to open the file at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Convention {
    /// `+LINE FILE`.
    PlusLine,
    /// VS Code: `--wait --goto FILE:LINE`.
    Goto,
    /// Sublime Text, Zed: `--wait FILE:LINE`.
    Colon,
}

fn convention(program: &OsStr) -> Convention {
    // `code`, `/usr/bin/code`, `code.cmd`.
    let stem = Path::new(program)
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match stem.as_str() {
        "code" | "code-insiders" | "codium" | "vscodium" => Convention::Goto,
        "subl" | "sublime_text" | "zed" => Convention::Colon,
        _ => Convention::PlusLine,
    }
}

/// The command that opens `file` at `line` (0: no line) in the editor `$VISUAL`
/// (`visual`) names, else `$EDITOR` (`editor`), else [`FALLBACK`]. A variable that is
/// unset, empty or blank is passed over; one that cannot be split (an unclosed quote) is an
/// error, said as the status line says it.
pub fn editor_command(
    visual: Option<&OsStr>,
    editor: Option<&OsStr>,
    file: &Path,
    line: u32,
) -> Result<EditorCommand, String> {
    let mut words = None;
    for (var, value) in [("$VISUAL", visual), ("$EDITOR", editor)] {
        let Some(value) = value else { continue };
        let split = match value.to_str() {
            Some(text) => split_words(text)
                .map_err(|why| {
                    format!("{var} has {why}: set it to a command, such as `vim` or `code --wait`")
                })?
                .into_iter()
                .map(OsString::from)
                .collect(),
            // Not UTF-8: the whole value is the program's path.
            None => vec![value.to_os_string()],
        };
        if !split.is_empty() {
            words = Some(split);
            break;
        }
    }
    let mut words = words
        .unwrap_or_else(|| vec![OsString::from(FALLBACK)])
        .into_iter();
    let program = words.next().unwrap_or_else(|| OsString::from(FALLBACK));
    let mut args: Vec<OsString> = words.collect();
    let file = safe_path(file);
    let at_line = |sep: &str| {
        let mut s = file.clone();
        if line > 0 {
            s.push(format!("{sep}{line}"));
        }
        s
    };
    let waits = |args: &[OsString]| args.iter().any(|a| a == "--wait" || a == "-w");
    match convention(&program) {
        Convention::PlusLine => {
            if line > 0 {
                args.push(format!("+{line}").into());
            }
            args.push(file);
        }
        Convention::Goto => {
            if !waits(&args) {
                args.push("--wait".into());
            }
            if line > 0 {
                args.push("--goto".into());
            }
            args.push(at_line(":"));
        }
        Convention::Colon => {
            if !waits(&args) {
                args.push("--wait".into());
            }
            args.push(at_line(":"));
        }
    }
    let shown = crate::kb::sanitize::sanitize_line(&program.to_string_lossy()).into_owned();
    let name = if shown.chars().count() > 60 {
        let cut: String = shown.chars().take(59).collect();
        format!("{cut}…")
    } else {
        shown
    };
    Ok(EditorCommand {
        program,
        args,
        name,
    })
}

/// A relative path that starts with `-` or `+` would be read as an option or a line:
/// `./` before it.
fn safe_path(file: &Path) -> OsString {
    let bytes = file.as_os_str().as_encoded_bytes();
    if file.is_relative() && matches!(bytes.first(), Some(b'-' | b'+')) {
        Path::new(".").join(file).into_os_string()
    } else {
        file.as_os_str().to_os_string()
    }
}

/// Splits a command line into words as a POSIX shell does, for the simple cases an
/// editor variable holds: blanks separate words; `'…'` keeps everything literally; `"…"`
/// keeps everything but `\"`, `\\`, `\$` and `` \` ``, which stand for the character; a
/// `\` outside quotes keeps the next character. Nothing is expanded (`$HOME`, `~`, `*`
/// stay as written). An unclosed quote is an error.
pub fn split_words(text: &str) -> Result<Vec<String>, &'static str> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("an unclosed ' quote"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("an unclosed \" quote"),
                        },
                        Some(c) => word.push(c),
                        None => return Err("an unclosed \" quote"),
                    }
                }
            }
            '\\' => match chars.next() {
                // A line continuation.
                Some('\n') => {}
                Some(c) => {
                    in_word = true;
                    word.push(c);
                }
                None => {
                    in_word = true;
                    word.push('\\');
                }
            },
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// What the status line says once the editor is done: back, or why it did not run or
/// failed.
pub fn outcome_note(name: &str, outcome: &std::io::Result<ExitStatus>) -> String {
    match outcome {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("editor `{name}` not found: set $VISUAL or $EDITOR")
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            format!("editor `{name}` cannot be run (permission denied): set $VISUAL or $EDITOR")
        }
        Err(e) => format!("editor `{name}` cannot be run: {e}"),
        Ok(status) if status.success() => {
            format!("back from `{name}`: a saved change reloads by itself")
        }
        Ok(status) => match status.code() {
            Some(code) => format!(
                "editor `{name}` failed (exit status {code}); a change it saved still reloads"
            ),
            None => format!("editor `{name}` was ended by {}", signal_of(status)),
        },
    }
}

#[cfg(unix)]
fn signal_of(status: &ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    status
        .signal()
        .map_or_else(|| "a signal".into(), |s| format!("signal {s}"))
}

#[cfg(not(unix))]
fn signal_of(_: &ExitStatus) -> String {
    "a signal".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<&OsStr> {
        Some(OsStr::new(s))
    }

    fn args(c: &EditorCommand) -> Vec<String> {
        c.args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn words_split_as_a_shell_splits_them() {
        let ok = |s: &str| split_words(s).unwrap();
        assert_eq!(ok("vim"), ["vim"]);
        assert_eq!(ok("  code   --wait "), ["code", "--wait"]);
        assert_eq!(ok("'/opt/My Editor/ed' -n"), ["/opt/My Editor/ed", "-n"]);
        assert_eq!(
            ok(r#""/opt/My Editor/ed" "a \"b\" \$c \d""#),
            ["/opt/My Editor/ed", r#"a "b" $c \d"#]
        );
        assert_eq!(ok(r"/opt/My\ Editor/ed"), ["/opt/My Editor/ed"]);
        assert_eq!(ok("emacs -nw ''"), ["emacs", "-nw", ""]);
        assert_eq!(ok("a'b'\"c\"d"), ["abcd"]);
        assert_eq!(ok("$HOME/bin/ed ~"), ["$HOME/bin/ed", "~"]);
        assert!(ok("   ").is_empty());
        assert_eq!(split_words("'vim"), Err("an unclosed ' quote"));
        assert_eq!(split_words("\"vim"), Err("an unclosed \" quote"));
    }

    #[test]
    fn the_line_is_given_as_each_editor_takes_it() {
        let f = Path::new("kb/main.yaml");
        let c = editor_command(os("vim"), os("nano"), f, 42).unwrap();
        assert_eq!(c.program, "vim");
        assert_eq!(args(&c), ["+42", "kb/main.yaml"]);
        let c = editor_command(os("emacs -nw"), None, f, 7).unwrap();
        assert_eq!(args(&c), ["-nw", "+7", "kb/main.yaml"]);
        let c = editor_command(os("/usr/bin/code"), None, f, 42).unwrap();
        assert_eq!(args(&c), ["--wait", "--goto", "kb/main.yaml:42"]);
        let c = editor_command(os("code --wait"), None, f, 42).unwrap();
        assert_eq!(args(&c), ["--wait", "--goto", "kb/main.yaml:42"]);
        let c = editor_command(os("codium -w"), None, f, 3).unwrap();
        assert_eq!(args(&c), ["-w", "--goto", "kb/main.yaml:3"]);
        let c = editor_command(os("subl"), None, f, 3).unwrap();
        assert_eq!(args(&c), ["--wait", "kb/main.yaml:3"]);
        // No line known: the file alone.
        let c = editor_command(os("vim"), None, f, 0).unwrap();
        assert_eq!(args(&c), ["kb/main.yaml"]);
        let c = editor_command(os("code"), None, f, 0).unwrap();
        assert_eq!(args(&c), ["--wait", "kb/main.yaml"]);
    }

    #[test]
    fn visual_then_editor_then_vi() {
        let f = Path::new("kb.yaml");
        assert_eq!(
            editor_command(os("hx"), os("nano"), f, 1).unwrap().program,
            "hx"
        );
        assert_eq!(
            editor_command(None, os("nano"), f, 1).unwrap().program,
            "nano"
        );
        assert_eq!(
            editor_command(os("  "), os("nano"), f, 1).unwrap().program,
            "nano"
        );
        assert_eq!(editor_command(None, None, f, 1).unwrap().program, "vi");
        assert_eq!(editor_command(os(""), os(""), f, 1).unwrap().program, "vi");
        let err = editor_command(os("'vim"), os("nano"), f, 1).unwrap_err();
        assert!(err.starts_with("$VISUAL has an unclosed ' quote"), "{err}");
    }

    #[test]
    fn a_file_named_like_an_option_is_not_taken_for_one() {
        let c = editor_command(os("vi"), None, Path::new("-kb.yaml"), 2).unwrap();
        assert_eq!(args(&c), ["+2", "./-kb.yaml"]);
        let c = editor_command(os("vi"), None, Path::new("+kb.yaml"), 2).unwrap();
        assert_eq!(args(&c), ["+2", "./+kb.yaml"]);
    }

    #[test]
    fn names_in_messages_are_sanitised_and_short() {
        let c = editor_command(os("ed\x1b[31m"), None, Path::new("kb.yaml"), 1).unwrap();
        assert!(!c.name.contains('\x1b'), "{:?}", c.name);
        let long = "x".repeat(200);
        let c = editor_command(os(&long), None, Path::new("kb.yaml"), 1).unwrap();
        assert_eq!(c.name.chars().count(), 60);
    }

    #[cfg(unix)]
    #[test]
    fn the_outcome_is_said_plainly() {
        use std::os::unix::process::ExitStatusExt;
        let missing = Err(std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(
            outcome_note("foo", &missing),
            "editor `foo` not found: set $VISUAL or $EDITOR"
        );
        let failed = Ok(ExitStatus::from_raw(3 << 8));
        assert!(outcome_note("foo", &failed).contains("exit status 3"));
        let killed = Ok(ExitStatus::from_raw(2));
        assert!(outcome_note("foo", &killed).contains("signal 2"));
        assert!(outcome_note("foo", &Ok(ExitStatus::from_raw(0))).starts_with("back from `foo`"));
    }
}
