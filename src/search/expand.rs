//! What each word of a query can match in the vocabulary, by tier — the word itself, a
//! word it starts, a word one slip away, a word it abbreviates, a synonym — each tier
//! counting for less than the one before (Meilisearch's "typo" rule, inside one word).

use super::postings::{Postings, char_mask};
use super::synonyms::Synonyms;

/// How a vocabulary word was reached from the query's word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Exact,
    Prefix,
    Typo,
    Abbreviation,
    Synonym,
}

/// One way a slot can match: all of `terms` present in an entry (one word, or the words of
/// a phrase or of a split), counting `quality` (tier and closeness, 0–1) of their weight.
#[derive(Clone, Debug)]
pub struct Alternative {
    pub terms: Vec<u32>,
    pub tier: Tier,
    pub quality: f32,
}

/// One thing a query asks for: a word, or a run of words that spells a synonym.
#[derive(Clone, Debug)]
pub struct Slot {
    /// The query's words it stands for, lowercase.
    pub words: Vec<String>,
    /// A question or filler word (`who`, `the`, `how`): counts only when nothing else in
    /// the query does.
    pub stop: bool,
    /// Typed with a capital letter: must occur in that case (smart case).
    pub case: Option<String>,
    pub alternatives: Vec<Alternative>,
}

/// Words that ask rather than name; they find nothing on their own account while the
/// query has other words.
pub const STOP: &[&str] = &[
    "a", "about", "all", "an", "and", "are", "as", "at", "be", "been", "by", "can", "did", "do",
    "does", "for", "from", "had", "has", "have", "how", "i", "in", "into", "is", "it", "its",
    "many", "me", "much", "now", "of", "on", "or", "s", "so", "t", "tell", "than", "that", "the",
    "their", "them", "there", "these", "they", "this", "to", "under", "use", "uses", "was", "we",
    "were", "what", "when", "where", "which", "who", "whom", "whose", "why", "will", "with", "you",
    "your",
];

pub fn is_stop(word: &str) -> bool {
    STOP.binary_search(&word).is_ok()
}

/// At most this many words per tier and query word: a one-letter prefix or a short
/// abbreviation could reach thousands, and the rarest of them say the least.
const MAX_PER_TIER: usize = 64;
/// At most this many words for a prefix of one or two characters.
const SHORT_PREFIX: usize = 16;
/// The typo tier starts at this many characters (one slip), and allows two from `TWO_TYPOS`;
/// from `SWAP_ONLY` characters, two letters swapped count as the one slip.
const ONE_TYPO: usize = 5;
const SWAP_ONLY: usize = 4;
/// What a synonym counts for: below the least an abbreviation does (0.3 and up), so that
/// the tiers stay in order for one word.
const SYNONYM: f32 = 0.3;
const TWO_TYPOS: usize = 9;

/// The vocabulary words one query word reaches, with their tiers. `typing` is true for the
/// word still being typed (the last, with no space after it): it may be any word's start.
pub fn expand(p: &Postings, word: &str, typing: bool, stop: bool) -> Vec<Alternative> {
    let mut out = Vec::new();
    let exact = p.find(word);
    if let Some(t) = exact {
        out.push(one(t, Tier::Exact, 1.0));
    }
    if stop {
        return out;
    }
    let len = word.chars().count();
    if typing || len >= 3 {
        let range = p.with_prefix(word);
        let mut found: Vec<(u32, f32)> = range
            .filter(|&t| Some(t) != exact)
            .map(|t| {
                let wl = p.shapes[t as usize].0.max(1) as f32;
                (t, 0.7 + 0.2 * (len as f32 / wl).min(1.0))
            })
            .collect();
        // The first letter or two of a word reach hundreds of words; the next key
        // narrows them, so fewer are read meanwhile.
        let most = if len <= 2 { SHORT_PREFIX } else { MAX_PER_TIER };
        keep_best(p, &mut found, most);
        out.extend(found.into_iter().map(|(t, q)| one(t, Tier::Prefix, q)));
    }
    if len >= SWAP_ONLY {
        let max = if len >= TWO_TYPOS { 2 } else { 1 };
        let mut found = typos(p, word, len, max, typing);
        if len < ONE_TYPO {
            // A short word: only two neighbours swapped (`qewn`), which keeps its letters.
            found.retain(|&(t, _)| same_letters(word, &p.vocab[t as usize]));
        }
        found.retain(|(t, _)| !out.iter().any(|a| a.terms[0] == *t));
        keep_best(p, &mut found, MAX_PER_TIER);
        out.extend(found.into_iter().map(|(t, q)| one(t, Tier::Typo, q)));
    }
    if len >= 2 && exact.is_none() && word.chars().any(char::is_alphabetic) {
        let mut found = abbreviations(p, word, len);
        found.retain(|(t, _)| !out.iter().any(|a| a.terms[0] == *t));
        keep_best(p, &mut found, MAX_PER_TIER);
        out.extend(
            found
                .into_iter()
                .map(|(t, q)| one(t, Tier::Abbreviation, q)),
        );
    }
    if out.is_empty() && len >= 6 {
        out.extend(split(p, word, typing));
    }
    out
}

/// Do the two words hold the same letters, as many times each (a swap keeps them)?
fn same_letters(a: &str, b: &str) -> bool {
    let sorted = |w: &str| {
        let mut cs: Vec<char> = w.chars().collect();
        cs.sort_unstable();
        cs
    };
    sorted(a) == sorted(b)
}

fn one(t: u32, tier: Tier, quality: f32) -> Alternative {
    Alternative {
        terms: vec![t],
        tier,
        quality,
    }
}

/// Keeps the `most` best (closest, then rarest) of a tier.
fn keep_best(p: &Postings, found: &mut Vec<(u32, f32)>, most: usize) {
    if found.len() > most {
        found.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(p.df[a.0 as usize].cmp(&p.df[b.0 as usize]))
        });
        found.truncate(most);
    }
}

/// Words within `max` edits (a swap of two neighbours is one) — of the whole word, or,
/// while it is being typed, of a word's start as long as it.
fn typos(p: &Postings, word: &str, len: usize, max: usize, typing: bool) -> Vec<(u32, f32)> {
    let mask = char_mask(word);
    let mut out = Vec::new();
    let first = word.chars().next();
    for (t, &(n, m)) in p.shapes.iter().enumerate() {
        let n = n as usize;
        let near_len = n.abs_diff(len) <= max;
        let longer = typing && n > len;
        // Each edit brings in at most one letter the word lacks (and changes two bits).
        if !(near_len || longer) || (mask & !m).count_ones() as usize > max {
            continue;
        }
        let w = &p.vocab[t];
        let mut d = usize::MAX;
        if near_len && ((m ^ mask).count_ones() as usize) <= 2 * max {
            d = strsim::osa_distance(word, w);
        }
        if d > max && longer && w.chars().next() == first {
            // The start of a longer word, with a slip in what is typed so far.
            let start: String = w.chars().take(len).collect();
            d = strsim::osa_distance(word, &start).max(1);
        }
        if d <= max && d > 0 {
            out.push((t as u32, if d == 1 { 0.55 } else { 0.4 }));
        }
    }
    out
}

/// Words that start with the word's first letter and hold all its letters in order
/// (`mkt` → market, `ctx` → context): the closer the letters sit, the better.
fn abbreviations(p: &Postings, word: &str, len: usize) -> Vec<(u32, f32)> {
    let Some(first) = word.chars().next() else {
        return Vec::new();
    };
    let range = p.with_prefix(first.encode_utf8(&mut [0; 4]));
    let mut out = Vec::new();
    for t in range {
        let w = &p.vocab[t as usize];
        if let Some(spread) = subsequence_spread(word, w) {
            let wl = p.shapes[t as usize].0.max(1) as f32;
            let q = 0.3 + 0.15 * (len as f32 / wl) + 0.1 / (1.0 + spread as f32);
            out.push((t, q));
        }
    }
    out
}

/// If `needle`'s characters occur in `hay` in order, how many characters lie between the
/// first and last matched (fewer is tighter).
fn subsequence_spread(needle: &str, hay: &str) -> Option<usize> {
    let mut want = needle.chars().peekable();
    let mut skipped = 0;
    for c in hay.chars() {
        match want.peek() {
            None => break,
            Some(&n) if n == c => {
                want.next();
            }
            Some(_) => skipped += 1,
        }
    }
    want.peek().is_none().then_some(skipped)
}

/// A word typed without the space between two words (`zhipuqwen3`): the split whose two
/// halves are both words of the knowledge base (the second may be a start, while typing).
fn split(p: &Postings, word: &str, typing: bool) -> Option<Alternative> {
    let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(2).collect();
    let mut best: Option<(usize, Alternative)> = None;
    for &b in &bounds {
        let (a, rest) = word.split_at(b);
        if rest.chars().count() < 2 {
            continue;
        }
        let Some(ta) = p.find(a) else { continue };
        let tb = p.find(rest).or_else(|| {
            let r = p.with_prefix(rest);
            (typing && !r.is_empty()).then_some(r.start)
        });
        let Some(tb) = tb else { continue };
        let balance = a.len().min(rest.len());
        if best.as_ref().is_none_or(|(bal, _)| balance > *bal) {
            best = Some((
                balance,
                Alternative {
                    terms: vec![ta, tb],
                    tier: Tier::Typo,
                    quality: 0.6,
                },
            ));
        }
    }
    best.map(|(_, a)| a)
}

/// The query's words as slots: runs that spell a synonym become one slot (also finding the
/// other members), every other word a slot of its own. `typing`: the last word is still
/// being typed.
pub fn slots(
    p: &Postings,
    syn: &Synonyms,
    words: &[(String, Option<String>)],
    typing: bool,
) -> Vec<Slot> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let last_here = |n: usize| i + n == words.len();
        // The longest run starting here that is a member of a synonym group.
        let mut run = 1;
        let mut groups: &[usize] = &[];
        for n in (1..=syn.longest.min(words.len() - i)).rev() {
            let ws: Vec<&str> = words[i..i + n].iter().map(|w| w.0.as_str()).collect();
            let g = syn.groups_of(&ws);
            if !g.is_empty() {
                run = n;
                groups = g;
                break;
            }
        }
        let ws: Vec<&str> = words[i..i + run].iter().map(|w| w.0.as_str()).collect();
        let typing_here = typing && last_here(run);
        let stop = run == 1 && groups.is_empty() && is_stop(ws[0]);
        let mut alternatives = if run == 1 {
            expand(p, ws[0], typing_here, stop)
        } else {
            phrase(p, &ws, Tier::Exact, 1.0).into_iter().collect()
        };
        for m in syn.others(groups, &ws) {
            let m: Vec<&str> = m.iter().map(String::as_str).collect();
            alternatives.extend(phrase(p, &m, Tier::Synonym, SYNONYM));
        }
        let case = (run == 1).then(|| words[i].1.clone()).flatten();
        out.push(Slot {
            words: ws.iter().map(|w| w.to_string()).collect(),
            stop,
            case,
            alternatives,
        });
        i += run;
    }
    out
}

/// All the words of a phrase, each as written, if the knowledge base has every one (its
/// filler words left out: `year on year` needs `year` only).
fn phrase(p: &Postings, words: &[&str], tier: Tier, quality: f32) -> Option<Alternative> {
    let content: Vec<&&str> = words.iter().filter(|w| !is_stop(w)).collect();
    let wanted: Vec<&&str> = if content.is_empty() {
        words.iter().collect()
    } else {
        content
    };
    let mut terms = Vec::new();
    for w in wanted {
        let t = p.find(w)?;
        if !terms.contains(&t) {
            terms.push(t);
        }
    }
    Some(Alternative {
        terms,
        tier,
        quality,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_lookup() {
        let mut sorted = STOP.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP);
        assert!(is_stop("who") && is_stop("the") && !is_stop("qwen"));
    }

    #[test]
    fn subsequences() {
        assert_eq!(subsequence_spread("mkt", "market"), Some(3));
        assert_eq!(subsequence_spread("ctx", "context"), Some(3));
        assert_eq!(subsequence_spread("qwn", "qwen"), Some(1));
        assert_eq!(subsequence_spread("xq", "qwen"), None);
    }
}
