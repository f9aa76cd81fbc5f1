//! Text generated from the command-line definitions themselves, so it cannot drift from
//! them: shell completion scripts and the manual page.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::args::Cli;

/// The program's name, as the completion scripts register it.
const BIN: &str = "qwen-tui";

/// Prints the completion script for `shell`. A closed pipe is not an error.
pub fn completions(shell: clap_complete::Shell) {
    let _ = std::io::stdout().write_all(completion_script(shell).as_bytes());
}

/// The completion script for `shell`.
fn completion_script(shell: clap_complete::Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut out);
    let script = String::from_utf8_lossy(&out).into_owned();
    if shell == clap_complete::Shell::Bash {
        fix_bash_states(&script)
    } else {
        script
    }
}

/// clap_complete's bash script (up to 4.6.12 at least; clap issue #6421) spells the state
/// of a subcommand two ways when the program's name has a hyphen: the loop that reads the
/// words sets `qwen__tui__subcmd__search`, but the `case` arms that complete are labelled
/// `qwen__subcmd__tui__subcmd__search` (the hyphen replaced by the subcommand separator),
/// so no arm matched and nothing after a subcommand completed. The arms are respelled the
/// loop's way; once clap_complete spells them alike there is nothing left to replace.
fn fix_bash_states(script: &str) -> String {
    const SEP: &str = "__subcmd__";
    let wrong = format!("{}{SEP}", BIN.replace('-', SEP));
    let right = format!("{}{SEP}", BIN.replace('-', "__"));
    script.replace(&wrong, &right)
}

/// Prints the manual page (roff). Returns the exit code.
pub fn man() -> u8 {
    match man_page() {
        Ok(page) => {
            let _ = std::io::stdout().write_all(page.as_bytes());
            0
        }
        Err(_) => super::EXIT_FAILURE,
    }
}

/// What every rendering of clap_mangen (through the roff crate) starts with: the string
/// `\*(Aq`, an upright apostrophe. The page has it once, at the top.
const AQ_PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// One clap_mangen section renderer.
type Section = fn(&clap_mangen::Man, &mut dyn Write) -> std::io::Result<()>;

/// The manual page: one page that is complete on its own, since it is the only one
/// installed. clap_mangen's own page lists the commands as `qwen-tui-check(1)` and the
/// like, pages that nobody generates; here each command has a subsection of COMMANDS
/// instead (its synopsis, description and options). The text after `--help` (plain
/// text laid out in columns, which roff would fill into one paragraph) becomes
/// ENVIRONMENT (a tagged paragraph per variable), FILES and EXIT STATUS.
fn man_page() -> std::io::Result<String> {
    let mut cmd = Cli::command()
        .subcommand_value_name("COMMAND")
        .subcommand_help_heading("COMMANDS");
    cmd.build();
    let extra = Extra::parse(
        &cmd.get_after_long_help()
            .or_else(|| cmd.get_after_help())
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    let man = clap_mangen::Man::new(cmd.clone());

    let mut page = String::from(AQ_PREAMBLE);
    let head: [Section; 4] = [
        clap_mangen::Man::render_title,
        clap_mangen::Man::render_name_section,
        clap_mangen::Man::render_synopsis_section,
        clap_mangen::Man::render_description_section,
    ];
    for (i, section) in head.into_iter().enumerate() {
        page.push_str(&rendered(&man, section)?);
        if i == 0 {
            // Neither hyphenated nor justified: a path or option split by a hyphen that
            // is not in it cannot be copied, and lines stretched around a long path
            // leave rivers of spaces.
            page.push_str(".nh\n.ad l\n");
        }
    }
    for paragraph in &extra.description {
        page.push_str(".PP\n");
        page.push_str(&text_line(&roff_text(paragraph)));
    }
    page.push_str(&rendered(&man, clap_mangen::Man::render_options_section)?);
    page.push_str(&commands_section(&cmd)?);
    page.push_str(&extra.render());
    page.push_str(&rendered(&man, clap_mangen::Man::render_version_section)?);
    if cmd.get_author().is_some() {
        page.push_str(&rendered(&man, clap_mangen::Man::render_authors_section)?);
    }
    Ok(ascii(&page))
}

/// The page with every character beyond ASCII written as roff's `\[uXXXX]`, so that it
/// reads the same whether or not the formatter is told the input is UTF-8 (groff
/// without `-k` or preconv would drop the `—` of a help text).
fn ascii(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// One section as clap_mangen renders it, without the preamble.
fn rendered(man: &clap_mangen::Man, section: Section) -> std::io::Result<String> {
    let mut out = Vec::new();
    section(man, &mut out)?;
    let text = String::from_utf8_lossy(&out);
    Ok(text.strip_prefix(AQ_PREAMBLE).unwrap_or(&text).to_owned())
}

/// COMMANDS: a subsection per command (`.SS qwen-tui check`), with its synopsis, its
/// description and its own options. The global options and -h/--help, which every
/// command takes, are said once at the top rather than repeated in each.
fn commands_section(cmd: &clap::Command) -> std::io::Result<String> {
    let heading = cmd.get_subcommand_help_heading().unwrap_or("COMMANDS");
    let mut out = format!(".SH {}\n", heading.to_uppercase());
    let globals: Vec<String> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set() && !a.is_hide_set())
        .filter_map(|a| a.get_long())
        .map(|long| format!("\\fB{}\\fR", roff_text(&format!("--{long}"))))
        .collect();
    let mut intro = String::from("Every command also takes ");
    if !globals.is_empty() {
        intro.push_str(&globals.join(", "));
        intro.push_str(" (see OPTIONS) and ");
    }
    intro.push_str("\\fB\\-h\\fR, \\fB\\-\\-help\\fR.");
    out.push_str(&text_line(&intro));

    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
        out.push_str(&format!(".SS \"{}\"\n", roff_text(name)));
        let own = sub.clone().mut_args(|a| {
            let shared = a.is_global_set()
                || matches!(
                    a.get_action(),
                    clap::ArgAction::Help
                        | clap::ArgAction::HelpShort
                        | clap::ArgAction::HelpLong
                        | clap::ArgAction::Version
                );
            if shared { a.hide(true) } else { a }
        });
        let man = clap_mangen::Man::new(own);
        out.push_str(&without_headings(&rendered(
            &man,
            clap_mangen::Man::render_synopsis_section,
        )?));
        out.push_str(".PP\n");
        out.push_str(&without_headings(&rendered(
            &man,
            clap_mangen::Man::render_description_section,
        )?));
        out.push_str(&without_headings(&rendered(
            &man,
            clap_mangen::Man::render_options_section,
        )?));
    }
    Ok(out)
}

/// A command's section as clap_mangen renders it, to go inside that command's `.SS`: the
/// `.SH` line that opens it goes (a help heading of its own, should a command have one,
/// becomes a bold line).
fn without_headings(section: &str) -> String {
    let mut out = String::new();
    for line in section.lines() {
        match line.strip_prefix(".SH ") {
            Some("SYNOPSIS" | "DESCRIPTION" | "OPTIONS") => {}
            Some(heading) => {
                out.push_str(&format!(".PP\n\\fB{}\\fR\n", heading.trim_matches('"')));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The text shown after `--help`, sorted into the manual page's sections.
#[derive(Debug, Default, PartialEq)]
struct Extra {
    /// The environment variables, each with what it does (`VISUAL, EDITOR`: two names).
    environment: Vec<(Vec<String>, String)>,
    /// Paragraphs about the files read, without their `Config file:` label.
    files: Vec<String>,
    /// The exit codes, each with what it means; or the sentence if it is not such a list.
    exit_status: Option<Result<Vec<(String, String)>, String>>,
    /// The other paragraphs, which go at the end of DESCRIPTION.
    description: Vec<String>,
}

impl Extra {
    /// Sorts the paragraphs of `text`: `Environment:` with its variables one a line (the
    /// text of one running on in deeper-indented lines), `Config file: …`, and
    /// `Exit codes: 0 success; 1 …` wherever it starts.
    fn parse(text: &str) -> Self {
        let mut extra = Extra::default();
        for paragraph in text.split("\n\n").map(|p| p.trim_matches('\n')) {
            let mut lines = paragraph.lines();
            let Some(first) = lines.next() else { continue };
            if first.trim() == "Environment:" {
                extra.parse_environment(lines);
                continue;
            }
            let joined = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
            let (before, exit) = match joined.find("Exit codes:") {
                Some(at) => (
                    joined[..at].trim(),
                    Some(joined[at + "Exit codes:".len()..].trim()),
                ),
                None => (joined.as_str(), None),
            };
            if let Some(files) = before.strip_prefix("Config file:") {
                extra.files.push(files.trim().to_owned());
            } else if !before.is_empty() {
                extra.description.push(before.to_owned());
            }
            if let Some(codes) = exit {
                extra.exit_status = Some(exit_codes(codes).ok_or_else(|| codes.to_owned()));
            }
        }
        extra
    }

    fn parse_environment<'a>(&mut self, lines: impl Iterator<Item = &'a str>) {
        let mut tag_indent = None;
        for line in lines {
            let indent = line.len() - line.trim_start().len();
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            let starts_entry = tag_indent.is_none_or(|tag| indent <= tag);
            let (names, rest) = env_names(text);
            match self.environment.last_mut() {
                Some((_, meaning)) if !starts_entry || names.is_empty() => {
                    meaning.push(' ');
                    meaning.push_str(text);
                }
                _ => {
                    tag_indent = Some(indent);
                    self.environment.push((names, rest.to_owned()));
                }
            }
        }
    }

    /// The roff for ENVIRONMENT, FILES and EXIT STATUS (those that have something).
    fn render(&self) -> String {
        let mut out = String::new();
        match &self.exit_status {
            None => {}
            Some(Ok(codes)) => {
                out.push_str(".SH \"EXIT STATUS\"\n");
                for (code, meaning) in codes {
                    out.push_str(".TP\n");
                    out.push_str(&text_line(&format!("\\fB{}\\fR", roff_text(code))));
                    out.push_str(&text_line(&roff_text(meaning)));
                }
            }
            Some(Err(sentence)) => {
                out.push_str(".SH \"EXIT STATUS\"\n");
                out.push_str(&text_line(&roff_text(sentence)));
            }
        }
        if !self.environment.is_empty() {
            out.push_str(".SH ENVIRONMENT\n");
            for (names, meaning) in &self.environment {
                let tag: Vec<String> = names
                    .iter()
                    .map(|n| format!("\\fB{}\\fR", roff_text(n)))
                    .collect();
                out.push_str(".TP\n");
                out.push_str(&text_line(&tag.join(", ")));
                out.push_str(&text_line(&roff_text(meaning)));
            }
        }
        if !self.files.is_empty() {
            out.push_str(".SH FILES\n");
            for (i, paragraph) in self.files.iter().enumerate() {
                if i > 0 {
                    out.push_str(".PP\n");
                }
                out.push_str(&text_line(&roff_text(paragraph)));
            }
        }
        out
    }
}

/// The variable names an `Environment:` line starts with (`VISUAL, EDITOR   the editor…`
/// has two) and the text after them.
fn env_names(line: &str) -> (Vec<String>, &str) {
    let mut names = Vec::new();
    let mut rest = line.trim_start();
    loop {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        let name = word.strip_suffix(',').unwrap_or(word);
        let is_name = name.starts_with(|c: char| c.is_ascii_uppercase())
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if !is_name {
            break;
        }
        names.push(name.to_owned());
        rest = rest[end..].trim_start();
        if name.len() == word.len() {
            break;
        }
    }
    (names, rest)
}

/// `0 success; 1 an invalid knowledge base, or nothing found; 2 bad arguments.` as codes
/// and meanings; `None` if it is not a list of that shape.
fn exit_codes(text: &str) -> Option<Vec<(String, String)>> {
    text.trim_end_matches('.')
        .split("; ")
        .map(|item| {
            let (code, meaning) = item.trim().split_once(' ')?;
            code.starts_with(|c: char| c.is_ascii_digit())
                .then(|| (code.to_owned(), meaning.trim().to_owned()))
        })
        .collect()
}

/// `text` escaped for roff: backslashes and hyphens (`\-`, a minus, so that options can
/// be searched for and copied), and apostrophes as clap_mangen writes them (`\*(Aq`).
fn roff_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('-', "\\-")
        .replace('\'', "\\*(Aq")
}

/// `text` as one line of running text: never read as a request (`.` or `'` first).
fn text_line(text: &str) -> String {
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}\n")
    } else {
        format!("{text}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_after_help_is_sorted_into_sections() {
        let extra = Extra::parse(
            "Environment:\n  A_B    one\n  LONG_NAME `off` runs on\n         here\n  \
             C, D   two\n\nConfig file: ~/x.toml\n(TOML).\n\nKeys: `?`. Exit codes: 0 fine; \
             3 not.",
        );
        assert_eq!(
            extra.environment,
            [
                (vec!["A_B".to_owned()], "one".to_owned()),
                (
                    vec!["LONG_NAME".to_owned()],
                    "`off` runs on here".to_owned()
                ),
                (vec!["C".to_owned(), "D".to_owned()], "two".to_owned()),
            ]
        );
        assert_eq!(extra.files, ["~/x.toml (TOML)."]);
        assert_eq!(extra.description, ["Keys: `?`."]);
        assert_eq!(
            extra.exit_status,
            Some(Ok(vec![
                ("0".to_owned(), "fine".to_owned()),
                ("3".to_owned(), "not".to_owned())
            ]))
        );
    }

    #[test]
    fn exit_codes_not_in_a_list_stay_a_sentence() {
        let extra = Extra::parse("Exit codes: as usual.");
        assert_eq!(extra.exit_status, Some(Err("as usual.".to_owned())));
        assert!(extra.render().contains(".SH \"EXIT STATUS\"\nas usual.\n"));
    }

    #[test]
    fn roff_text_escapes_what_roff_would_read() {
        assert_eq!(roff_text(r"a-b \ it's"), r"a\-b \\ it\*(Aqs");
        assert_eq!(text_line(".x"), "\\&.x\n");
        assert_eq!(ascii("a — b"), "a \\[u2014] b");
    }
}
