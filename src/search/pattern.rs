//! The fzf operators: a needle that must occur as written (`'x`), begin (`^x`), end (`x$`)
//! or be (`^x$`) a name, or must not occur (`!x`). They are conditions on an entry's text,
//! read from its precomputed search text, with smart case.

use super::exact;
use super::index::{Doc, byte_mask};
use super::query::Kind;
use super::text::EntryText;

/// One operator pattern of a query.
#[derive(Clone, Debug)]
pub(super) struct Term {
    pub text: String,
    pub mask: u64,
    pub kind: Kind,
    /// Case matters (the needle has a capital letter).
    pub exact_case: bool,
}

impl Term {
    pub fn with_kind(text: &str, kind: Kind) -> Term {
        Term {
            text: text.to_string(),
            mask: byte_mask(text),
            kind,
            exact_case: exact::case_matters(text),
        }
    }

    /// Does the pattern hold for this entry? And how strongly: 3 in the title, 2 in an
    /// alias or tag, 1 elsewhere.
    pub fn strength(&self, doc: &Doc, text: &EntryText) -> Option<u8> {
        if self.mask & !doc.mask != 0 {
            return None;
        }
        match self.kind {
            Kind::Fuzzy | Kind::Exact => {
                let mut found = |t: &str| exact::contains(t, &self.text, self.exact_case);
                if found(text.title()) {
                    Some(3)
                } else if text.names().any(&mut found) {
                    Some(2)
                } else {
                    text.any_body(&mut found).then_some(1)
                }
            }
            Kind::Prefix | Kind::Suffix | Kind::Whole => {
                let at = |t: &str| exact::anchored(t, &self.text, self.kind, self.exact_case);
                if at(text.title()).is_some() {
                    Some(3)
                } else {
                    text.names().any(|k| at(k).is_some()).then_some(2)
                }
            }
        }
    }

    /// Does the pattern occur in this entry (for exclusions)?
    pub fn occurs(&self, doc: &Doc, text: &EntryText) -> bool {
        self.strength(doc, text).is_some()
    }
}
