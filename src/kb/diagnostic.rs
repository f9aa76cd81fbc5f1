//! Load errors as the user sees them: `FILE:LINE:COL: error: MESSAGE` and a one-line hint.

use std::fmt;

use super::node::Pos;
use super::sanitize::{sanitize, sanitize_line};

/// Most errors reported for one file; the rest are counted.
pub const MAX_DIAGNOSTICS: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (or `<embedded>`).
    pub file: String,
    /// Where in the file; `Pos::UNKNOWN` for whole-file problems (cannot read, too large).
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            pos,
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages may quote the file: sanitise before anything reaches a terminal. The
        // file's name stays on one line, so a line break in it cannot forge another message.
        let file = sanitize_line(&self.file);
        if self.pos.line > 0 {
            write!(f, "{file}:{}:{}: ", self.pos.line, self.pos.col.max(1))?;
        } else {
            write!(f, "{file}: ")?;
        }
        write!(f, "error: {}", sanitize(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", sanitize(hint))?;
        }
        Ok(())
    }
}

/// All the problems found in one file, in file order, capped at [`MAX_DIAGNOSTICS`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
    /// How many more were found but not kept.
    pub omitted: usize,
}

impl LoadError {
    pub fn from_diagnostics(mut all: Vec<Diagnostic>) -> LoadError {
        // File by file (in the order given), then in file order.
        let mut files: Vec<String> = Vec::new();
        for d in &all {
            if !files.contains(&d.file) {
                files.push(d.file.clone());
            }
        }
        all.sort_by_key(|d| (files.iter().position(|f| *f == d.file), d.pos));
        let omitted = all.len().saturating_sub(MAX_DIAGNOSTICS);
        all.truncate(MAX_DIAGNOSTICS);
        LoadError {
            diagnostics: all,
            omitted,
        }
    }

    pub fn single(d: Diagnostic) -> LoadError {
        LoadError {
            diagnostics: vec![d],
            omitted: 0,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.omitted > 0 {
            write!(f, "\n… and {} more errors not shown", self.omitted)?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// The known name closest to `given`, if it is close enough to be a likely typo.
///
/// Names are first compared without their separators (`.`, `-`, `_`), which a typed name
/// most often drops or misplaces: `model.qwen35` is `model.qwen3.5` with a dot left out,
/// though it is as few edits away from `model.qwen3` (so among names equally far apart,
/// the one nearest once the separators are squashed wins, then the first).
pub fn nearest<'a>(given: &str, known: &[&'a str]) -> Option<&'a str> {
    let given = given.to_lowercase();
    let squashed = squash(&given);
    known
        .iter()
        .map(|k| {
            let d = strsim::damerau_levenshtein(&given, k);
            let s = strsim::damerau_levenshtein(&squashed, &squash(k));
            (d, s, *k)
        })
        .filter(|(d, s, k)| {
            (*d).min(*s) <= (k.len() / 3).max(2) || k.starts_with(&given) || given.starts_with(k)
        })
        .min_by_key(|(d, s, _)| (*s, *d))
        .map(|(_, _, k)| k)
}

/// `name` without the separators of ids and keys.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '.' | '-' | '_'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_file_line_column_and_hint() {
        let d = Diagnostic::new("kb.yaml", Pos { line: 3, col: 7 }, "unknown key `titel`")
            .hint("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "kb.yaml:3:7: error: unknown key `titel`\n  hint: did you mean `title`?"
        );
    }

    #[test]
    fn quoted_file_text_is_sanitised() {
        let d = Diagnostic::new("kb.yaml", Pos { line: 1, col: 1 }, "bad `\x1b]0;x\x07`");
        assert!(!d.to_string().contains('\x1b'));
    }

    #[test]
    fn nearest_finds_typos_but_not_strangers() {
        let known = ["title", "summary", "sources", "aliases"];
        assert_eq!(nearest("titel", &known), Some("title"));
        assert_eq!(nearest("source", &known), Some("sources"));
        assert_eq!(nearest("alias", &known), Some("aliases"));
        assert_eq!(nearest("zebra", &known), None);
    }

    #[test]
    fn nearest_prefers_the_name_that_differs_only_in_separators() {
        // Both are one edit away; only `model.qwen3.5` has the same letters and digits.
        let ids = [
            "model.qwen3",
            "model.qwen3.5",
            "model.qwen3-max",
            "model.qwen2.5",
        ];
        assert_eq!(nearest("model.qwen35", &ids), Some("model.qwen3.5"));
        assert_eq!(nearest("modelqwen3max", &ids), Some("model.qwen3-max"));
        // In the other order of the list too.
        let ids = ["model.qwen3.5", "model.qwen3"];
        assert_eq!(nearest("model.qwen35", &ids), Some("model.qwen3.5"));
        assert_eq!(nearest("model.qwen3", &ids), Some("model.qwen3"));
        assert_eq!(
            nearest("widget3", &["widget-2", "widget-3"]),
            Some("widget-3")
        );
    }
}
