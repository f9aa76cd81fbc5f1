//! How well one term matches one entry.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::exact;
use super::index::{Doc, byte_mask};
use super::one_char;
use super::query::Kind;
use super::skim::Skim;
use crate::kb::Tab;

/// How much more a hit in an entry's name counts than a hit in its body.
const NAME_WEIGHT: i64 = 3;
/// Bonus when a term is the whole title.
const EXACT_TITLE_BONUS: i64 = 300;
/// Bonus when a term is exactly an alias or a tag: the words an author chose for it.
const EXACT_ALIAS_BONUS: i64 = 250;
/// Bonus when a term is exactly a word of the title.
const EXACT_WORD_BONUS: i64 = 150;
/// Bonus when a term starts a word of the title, alias or tag.
const WORD_PREFIX_BONUS: i64 = 60;
/// Score lost for each piece of a term that matched in the middle of a word, away from
/// the previous piece: `apache` spread over "Qwen **ap**p re**ache**s" is noise, while
/// `qwn3` over "**Qw**e**n3**" (pieces starting words) is an abbreviation.
const SCATTER_PENALTY: i64 = 10;
/// Spelling corrections count for this fraction (numerator / 4) of a direct match.
pub(super) const CORRECTION_WEIGHT: i64 = 2;
/// At most this many corrections are tried per term.
pub(super) const MAX_CORRECTIONS: usize = 8;

/// A small preference by tab, for otherwise equal hits: a lookup usually means the thing
/// itself (a model, a person, a quick fact) more than an event about it, and a source
/// document least.
pub(super) fn tab_prior(tab: Tab) -> i64 {
    match tab {
        Tab::Overview | Tab::Models | Tab::People | Tab::Products | Tab::Competitors => 10,
        Tab::Timeline | Tab::Finances | Tab::Risks => 0,
        Tab::Sources => -20,
    }
}

pub(super) struct TermMatch {
    pub score: i64,
    pub title_positions: Vec<usize>,
}

/// Does a word start at `cur` (after `prev`)? Word starts are after a non-alphanumeric,
/// at a lower→upper case change, and between letters and digits (`Qwen|3`).
fn starts_word(prev: Option<char>, cur: char) -> bool {
    match prev {
        None => true,
        Some(p) => {
            !p.is_alphanumeric()
                || (p.is_lowercase() && cur.is_uppercase())
                || (p.is_alphabetic() && cur.is_numeric())
                || (p.is_numeric() && cur.is_alphabetic())
        }
    }
}

/// How many pieces of the match begin mid-word, apart from the first: `None` when the
/// match is too scattered to be meant (more than one piece, or a third of the term).
fn scattered_pieces(hay: &str, positions: &[usize], term_len: usize) -> Option<i64> {
    let mut bad = 0usize;
    let mut wanted = positions.iter().peekable();
    let mut prev: Option<char> = None;
    let mut last: Option<usize> = None;
    for (i, c) in hay.chars().enumerate() {
        let Some(&&next) = wanted.peek() else { break };
        if i == next {
            let continues = last.is_some_and(|l| l + 1 == i);
            if !continues && last.is_some() && !starts_word(prev, c) {
                bad += 1;
            }
            last = Some(i);
            wanted.next();
        }
        prev = Some(c);
    }
    (bad <= (term_len / 3).max(1)).then_some(bad as i64)
}

/// A fuzzy match of one term in one text.
struct Found {
    score: i64,
    positions: Vec<usize>,
    /// Every piece of the match starts a word or continues the previous piece.
    clean: bool,
}

/// No skim score of a term exceeds this many points per character: a match scores 16 and
/// its bonus at most 16 (a word head at the very start). A property test checks it. An
/// entry whose name already scores this much needs no look at its body.
const MAX_SCORE_PER_CHAR: i64 = 32;

/// One term of a query, with what is precomputed about it once per query.
#[derive(Clone, Debug)]
pub(super) struct Term {
    pub text: String,
    /// Unicode lowercase, for the exact-word bonuses.
    pub lower: String,
    /// ASCII lowercase bytes, for the subsequence test the matcher itself applies first.
    pub folded: Vec<u8>,
    pub chars: usize,
    pub mask: u64,
    /// No letters (`403`, `3.5`): must occur as written.
    pub literal: bool,
    /// A spelling correction: a word of the knowledge base, which must occur as a whole
    /// (ignoring ASCII case) — the word meant, not its letters scattered through a text.
    pub word: bool,
    /// The character of a one-character term, which has a quicker path.
    pub single: Option<char>,
    /// How the term must occur (the operator it was typed with).
    pub kind: Kind,
    /// Case matters for an operator's needle (it has a capital letter).
    pub exact_case: bool,
}

impl Term {
    pub fn new(text: &str) -> Term {
        Term {
            text: text.to_string(),
            lower: text.to_lowercase(),
            folded: text.to_ascii_lowercase().into_bytes(),
            chars: text.chars().count(),
            mask: byte_mask(text),
            literal: !text.chars().any(char::is_alphabetic),
            word: false,
            single: {
                let mut cs = text.chars();
                cs.next().filter(|_| cs.next().is_none())
            },
            kind: Kind::Fuzzy,
            exact_case: exact::case_matters(text),
        }
    }

    /// A term typed with an operator (`'x`, `^x`, `x$`, `^x$`, or excluded).
    pub fn with_kind(text: &str, kind: Kind) -> Term {
        Term {
            kind,
            ..Term::new(text)
        }
    }

    /// Does the term occur in this entry as its operator asks? (For exclusions: no
    /// scoring, just yes or no.)
    pub fn occurs(&self, doc: &Doc) -> bool {
        if !self.may_match(doc) {
            return false;
        }
        match self.kind {
            Kind::Fuzzy | Kind::Exact => [&doc.title, &doc.keywords, &doc.body]
                .iter()
                .any(|t| exact::find(t, &self.text, self.exact_case).is_some()),
            Kind::Prefix | Kind::Suffix | Kind::Whole => std::iter::once(doc.title.as_str())
                .chain(exact::keywords(&doc.keywords))
                .any(|t| exact::anchored(t, &self.text, self.kind, self.exact_case).is_some()),
        }
    }

    /// A spelling correction: `word`, which must occur as a whole.
    pub fn correction(word: &str) -> Term {
        Term {
            word: true,
            ..Term::new(word)
        }
    }

    /// Does the term occur in `hay` as written, ignoring ASCII case?
    fn occurs_whole(&self, hay: &str) -> bool {
        let (hay, want) = (hay.as_bytes(), self.folded.as_slice());
        want.is_empty()
            || hay.windows(want.len()).any(|w| {
                w.iter()
                    .zip(want)
                    .all(|(a, b)| a.to_ascii_lowercase() == *b)
            })
    }

    /// Can the term match anywhere in this entry? A cheap necessary condition.
    pub fn may_match(&self, doc: &Doc) -> bool {
        self.mask & !doc.mask == 0
    }

    /// Do the term's characters occur in `hay` in order (ASCII case folded)? They do
    /// whenever the matcher could match (it compares characters ignoring ASCII case, or
    /// exactly), so `false` means no match without running the matcher.
    pub fn occurs_in_order(&self, hay: &str) -> bool {
        let mut want = self.folded.iter();
        let Some(mut next) = want.next() else {
            return true;
        };
        for b in hay.bytes() {
            if b.to_ascii_lowercase() == *next {
                match want.next() {
                    Some(n) => next = n,
                    None => return true,
                }
            }
        }
        false
    }
}

/// What scores a term against a text: the library itself (the plain scan), or the quick
/// path — a subsequence test first, then the one-character loop or the port of the
/// library's algorithm, which give the same scores and positions sooner.
pub(super) enum Matcher {
    Plain,
    Quick(Skim),
}

impl Matcher {
    /// The library, a fresh matcher for every text. A matcher reused across texts is not
    /// a fair reference: fuzzy-matcher 0.3.7 keeps its score matrix between calls and
    /// reads a consecutive-match bonus an earlier call left there, so the same text and
    /// pattern can score 35 or 39 depending on what was matched before (skim-rs/skim
    /// #1071 reports the symptom); and `use_cache(false)`, meant to avoid that, panics
    /// on a `RefCell` still borrowed.
    pub fn plain() -> Matcher {
        Matcher::Plain
    }

    pub fn quick() -> Matcher {
        Matcher::Quick(Skim::default())
    }

    fn is_quick(&self) -> bool {
        matches!(self, Matcher::Quick(_))
    }

    fn indices(&mut self, hay: &str, term: &Term) -> Option<(i64, Vec<usize>)> {
        match self {
            Matcher::Plain => SkimMatcherV2::default()
                .smart_case()
                .fuzzy_indices(hay, &term.text),
            Matcher::Quick(skim) => {
                if !term.occurs_in_order(hay) {
                    return None;
                }
                match term.single {
                    Some(c) => one_char::fuzzy_indices(hay, c).map(|(s, at)| (s, vec![at])),
                    None => skim.fuzzy_indices(hay, &term.text),
                }
            }
        }
    }
}

/// Fuzzy-matches `term` in `hay`, discounting scattered matches.
///
/// A term without letters (`403`, `3.5`, `38%`) must occur as written: digits scattered
/// through a text are never what someone typing a figure means.
fn fuzzy(m: &mut Matcher, hay: &str, term: &Term) -> Option<Found> {
    if term.kind == Kind::Exact {
        // Found as written, scored as the matcher scores it (so an exact term ranks like
        // a fuzzy one beside it), highlighted where it is.
        let at = exact::find(hay, &term.text, term.exact_case)?;
        let (score, _) = m.indices(hay, term)?;
        return Some(Found {
            score: score.max(1),
            positions: (at..at + term.chars).collect(),
            clean: true,
        });
    }
    if term.literal && !hay.contains(term.text.as_str()) {
        return None;
    }
    if term.word && !term.occurs_whole(hay) {
        return None;
    }
    let (score, positions) = m.indices(hay, term)?;
    let bad = scattered_pieces(hay, &positions, term.chars)?;
    let score = score - bad * SCATTER_PENALTY;
    (score > 0).then_some(Found {
        score,
        positions,
        clean: bad == 0,
    })
}

/// The bonus for a term (lowercase) that is the whole title, an alias or tag, a word of the
/// title, or the start of one of those. Only asked for a clean name match, so most
/// entries a keystroke scans never pay for it.
fn name_bonus(doc: &Doc, lower: &str) -> i64 {
    let is = |list: &[String]| list.binary_search_by(|w| w.as_str().cmp(lower)).is_ok();
    if doc.title_lower == lower {
        EXACT_TITLE_BONUS
    } else if is(&doc.aliases) {
        EXACT_ALIAS_BONUS
    } else if is(&doc.words) {
        EXACT_WORD_BONUS
    } else if doc
        .words
        .iter()
        .chain(&doc.aliases)
        .any(|w| w.starts_with(lower))
    {
        WORD_PREFIX_BONUS
    } else {
        0
    }
}

/// How well `term` matches `doc`, if at all. The quick matcher also skips the body when
/// the name already scores more than any body could; the plain one does it all, and tests
/// check the two agree.
pub(super) fn match_term(m: &mut Matcher, doc: &Doc, term: &Term) -> Option<TermMatch> {
    if matches!(term.kind, Kind::Prefix | Kind::Suffix | Kind::Whole) {
        return match_anchored(m, doc, term);
    }
    // A clean hit in the name counts triple, plus the bonus for an exact or prefix word; a
    // scattered one no more than body text.
    let name = |f: &Found| {
        if f.clean {
            f.score * NAME_WEIGHT + name_bonus(doc, &term.lower)
        } else {
            f.score
        }
    };
    let title = fuzzy(m, &doc.title, term);
    let by_name = [
        title.as_ref().map(name),
        fuzzy(m, &doc.keywords, term).as_ref().map(name),
    ]
    .into_iter()
    .flatten()
    .max();
    let body_can_win = by_name.is_none_or(|s| s < MAX_SCORE_PER_CHAR * term.chars as i64);
    let by_body = if m.is_quick() && !body_can_win {
        None
    } else {
        fuzzy(m, &doc.body, term).map(|f| f.score)
    };
    let score = by_name.into_iter().chain(by_body).max()?;
    // Highlight the title wherever the term was found, if it occurs there at all.
    let title_positions = title.map(|f| f.positions).unwrap_or_default();
    Some(TermMatch {
        score,
        title_positions,
    })
}

/// An anchored term (`^x`, `x$`, `^x$`): it must begin, end or be the title, an alias or a
/// tag, and scores as a clean name match there.
fn match_anchored(m: &mut Matcher, doc: &Doc, term: &Term) -> Option<TermMatch> {
    let title = exact::anchored(&doc.title, &term.text, term.kind, term.exact_case);
    let names = title
        .as_ref()
        .map(|_| doc.title.as_str())
        .into_iter()
        .chain(
            exact::keywords(&doc.keywords)
                .filter(|k| exact::anchored(k, &term.text, term.kind, term.exact_case).is_some()),
        );
    let mut best = None;
    for text in names {
        let score = m.indices(text, term).map_or(1, |(s, _)| s.max(1));
        best = best.max(Some(score));
    }
    Some(TermMatch {
        score: best? * NAME_WEIGHT + name_bonus(doc, &term.lower),
        title_positions: title.unwrap_or_default(),
    })
}
