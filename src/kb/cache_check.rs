//! Checks that a knowledge base read back from outside the parser (the cache) obeys the
//! rules a parsed file obeys, so a cache file that was edited, damaged or forged is
//! refused rather than shown. Independent of the cache's digest: data with a correct
//! digest is still checked.
//!
//! What is derived when a file is built (a Sources-tab entry per source, an entry's
//! `sources`, `key_value`, `date_key`, `disputed`) is recomputed and compared; what is
//! checked when a file is parsed (ids, dates, source references, `fiscal_year_end`, the
//! entry limit, non-empty text) is checked again, with the parser's own functions where
//! they can be called on loaded data.

use std::collections::HashSet;

use super::date::PartialDate;
use super::entry::{Entry, KnowledgeBase, Tab, Value};
use super::key_value::key_value;
use super::load::{MAX_ENTRIES, MAX_TEXT_CHARS};
use super::model::valid_id;
use super::synonyms::MAX_CHARS;

/// The field keys each tab's entries may have, in the order the builder adds them
/// (`resolve.rs`, `build.rs::source_entry`); labelled facts (`fact`) follow them.
fn field_keys(tab: Tab) -> &'static [&'static str] {
    match tab {
        Tab::Overview => &["value"],
        Tab::Timeline => &["category", "summary"],
        Tab::Models => &[
            "family",
            "kind",
            "params_total",
            "params_active",
            "context",
            "languages",
            "licence",
            "access",
            "summary",
        ],
        Tab::Finances => &["value", "unit", "change", "scope", "series", "summary"],
        Tab::Risks => &["category", "severity", "summary", "mitigation"],
        Tab::People => &["role", "organisation", "summary"],
        Tab::Competitors => &["owner", "positioning", "distribution", "threat", "summary"],
        Tab::Products => &["category", "summary"],
        Tab::Sources => &["publisher", "author", "date", "updated", "file", "url"],
    }
}

/// The fields an entry of this tab always has.
fn required_keys(tab: Tab) -> &'static [&'static str] {
    match tab {
        Tab::Overview | Tab::Finances => &["value"],
        Tab::Risks => &["category", "severity"],
        Tab::People => &["role"],
        Tab::Sources => &["publisher"],
        _ => &[],
    }
}

/// `Ok` when `kb`, made from `files` files, could have come from the parser; otherwise
/// the first rule it breaks.
pub(crate) fn validate(kb: &KnowledgeBase, files: usize) -> Result<(), String> {
    let meta = &kb.meta;
    let fye = meta.fiscal_year_end;
    if !(1..=12).contains(&fye) {
        return Err(format!("fiscal_year_end {fye} is not a month"));
    }
    text(&meta.title, "the title")?;
    text(&meta.subject, "the subject")?;
    date(meta.as_of)?;
    if let Some(d) = &meta.description {
        long(d)?;
    }

    // Sources: at least one, ids valid and unique, dates valid.
    if kb.sources.is_empty() {
        return Err("no source".into());
    }
    let mut source_ids = HashSet::new();
    for s in &kb.sources {
        if !valid_id(&s.id) || !source_ids.insert(s.id.as_str()) {
            return Err(format!("source id `{}` is invalid or repeated", s.id));
        }
        text(&s.title, "a source title")?;
        text(&s.publisher, "a publisher")?;
        for d in [s.date, s.updated].into_iter().flatten() {
            date(d)?;
        }
        for t in [&s.author, &s.file, &s.url, &s.notes].into_iter().flatten() {
            long(t)?;
        }
    }

    // Entries: within the limit per file, ids valid and unique across entries and sources
    // (every source is also an entry), and one Sources-tab entry per source, in order.
    let mut per_file = vec![0usize; files];
    // Repeats are found by sorting (a list is freed without growing what the allocator
    // keeps, see `kb::memory`; a set of 100,000 ids is not).
    let mut ids: Vec<&str> = Vec::with_capacity(kb.entries.len());
    for e in &kb.entries {
        let n = per_file
            .get_mut(e.file)
            .ok_or_else(|| format!("entry `{}` is in file {} of {files}", e.id, e.file))?;
        *n += 1;
        if *n > MAX_ENTRIES {
            return Err(format!("more than {MAX_ENTRIES} entries in one file"));
        }
        if !valid_id(&e.id) {
            return Err(format!("entry id `{}` is invalid or repeated", e.id));
        }
        ids.push(&e.id);
    }
    ids.sort_unstable();
    let repeated = ids.windows(2).find(|w| w[0] == w[1]).map(|w| w[0]);
    super::memory::release(ids);
    if let Some(id) = repeated {
        return Err(format!("entry id `{id}` is invalid or repeated"));
    }
    if kb.entries.windows(2).any(|w| w[0].tab > w[1].tab) {
        return Err("the entries are not in tab order".into());
    }
    let source_entries: Vec<&Entry> = kb
        .entries
        .iter()
        .filter(|e| e.tab == Tab::Sources)
        .collect();
    if source_entries.len() != kb.sources.len() {
        return Err(format!(
            "{} sources but {} Sources-tab entries",
            kb.sources.len(),
            source_entries.len()
        ));
    }
    for (i, (e, s)) in source_entries.iter().zip(&kb.sources).enumerate() {
        let expected = match s.date {
            Some(d) => format!("{} · {d}", s.publisher),
            None => format!("{} · undated", s.publisher),
        };
        let fits = e.id == s.id
            && e.title == s.title
            && e.date == s.date
            && e.notes == s.notes
            && e.pos == s.pos
            && e.key_value == expected
            && e.sources == [i]
            && e.own_sources == [i]
            && e.aliases.is_empty()
            && e.tags.is_empty();
        if !fits {
            return Err(format!("the entry of source `{}` does not match it", s.id));
        }
    }
    for e in &kb.entries {
        entry(e, kb.sources.len(), fye).map_err(|why| format!("entry `{}`: {why}", e.id))?;
    }

    for group in &kb.synonyms {
        let mut seen: Vec<&str> = Vec::new();
        if group.len() < 2 {
            return Err("a synonym group with fewer than two members".into());
        }
        for w in group {
            text(w, "a synonym")?;
            if w.chars().count() > MAX_CHARS || seen.iter().any(|s| s.eq_ignore_ascii_case(w)) {
                return Err(format!("synonym `{w}` is too long or repeated"));
            }
            seen.push(w);
        }
    }
    Ok(())
}

/// One entry's own rules: its fields, sources, dates and what is derived from them.
fn entry(e: &Entry, sources: usize, fye: u8) -> Result<(), String> {
    let in_range = |list: &[usize]| {
        // Lists are short: a scan, not a set, unless a forged one is long.
        let unique = if list.len() <= 32 {
            (1..list.len()).all(|i| !list[..i].contains(&list[i]))
        } else {
            let mut seen = HashSet::new();
            list.iter().all(|&s| seen.insert(s))
        };
        if unique && list.iter().all(|&s| s < sources) {
            Ok(())
        } else {
            Err(format!(
                "source indexes {:?} (of {sources}) out of range or repeated",
                &list[..list.len().min(8)]
            ))
        }
    };
    in_range(&e.sources)?;
    in_range(&e.own_sources)?;
    text(&e.title, "the title")?;

    // Which tabs have a date, which must, and which a severity.
    match (e.tab, e.date) {
        (Tab::Timeline | Tab::Finances, None) => return Err("no date".into()),
        (Tab::Timeline | Tab::Finances | Tab::Models | Tab::Sources, _) | (_, None) => {}
        (_, Some(_)) => return Err("a date on an entry of a tab without dates".into()),
    }
    if let Some(d) = e.date {
        date(d)?;
    }
    if e.date_key != e.date.map(|d| d.sort_key(fye)) {
        return Err("date_key does not match the date".into());
    }
    match (e.tab, e.severity) {
        (Tab::Risks, Some(s)) => {
            let field = e.field("severity").map(|f| &f.value);
            if field != Some(&Value::Text(s.name().to_string())) {
                return Err("the severity field does not match the severity".into());
            }
        }
        (Tab::Risks, None) => return Err("a risk without a severity".into()),
        (_, Some(_)) => return Err("a severity outside the Risks tab".into()),
        (_, None) => {}
    }

    // Fields: known keys in the builder's order, facts last; values non-empty; claims
    // cite sources in range.
    let keys = field_keys(e.tab);
    let mut next = 0;
    let mut cited = e.own_sources.clone();
    for f in &e.fields {
        if f.key == "fact" && e.tab != Tab::Sources {
            next = keys.len();
            in_range(&f.sources)?;
        } else {
            let at = keys[next.min(keys.len())..]
                .iter()
                .position(|k| *k == f.key)
                .ok_or_else(|| format!("field `{}` unknown or out of order", f.key))?;
            next += at + 1;
            if !f.sources.is_empty() {
                return Err(format!("field `{}` has sources of its own", f.key));
            }
        }
        text(&f.label, "a field label")?;
        let field_cites: &[usize] = match &f.value {
            Value::Text(t) => {
                text(t, "a value")?;
                &f.sources
            }
            Value::Claims(claims) if claims.is_empty() => return Err("no claim".into()),
            Value::Claims(claims) => {
                for c in claims {
                    text(&c.value, "a claim")?;
                    if c.sources.is_empty() {
                        return Err("a claim cites no source".into());
                    }
                    in_range(&c.sources)?;
                    if let Some(d) = c.date {
                        date(d)?;
                    }
                    if let Some(n) = &c.note {
                        long(n)?;
                    }
                }
                &[]
            }
        };
        let claim_cites = match &f.value {
            Value::Claims(claims) => claims.iter().flat_map(|c| c.sources.iter()).collect(),
            Value::Text(_) => Vec::new(),
        };
        for &s in field_cites.iter().chain(claim_cites) {
            if !cited.contains(&s) {
                cited.push(s);
            }
        }
    }
    if let Some(k) = required_keys(e.tab).iter().find(|k| e.field(k).is_none()) {
        return Err(format!("no `{k}` field"));
    }
    if e.sources != cited {
        return Err("its sources are not those it cites".into());
    }
    if e.sources.is_empty() {
        return Err("it cites no source".into());
    }
    if e.disputed != e.fields.iter().any(|f| f.value.is_disputed()) {
        return Err("`disputed` does not match its claims".into());
    }

    if e.tab == Tab::Sources {
        return Ok(()); // key_value, notes, aliases: checked against the source
    }
    if e.key_value != key_value(e.tab, &e.title, &e.fields, e.date) {
        return Err("key_value does not match its fields".into());
    }
    if let Some(n) = &e.notes {
        text(n, "the notes")?;
    }
    for list in [&e.aliases, &e.tags] {
        let mut seen = HashSet::new();
        for w in list {
            text(w, "an alias or tag")?;
            if list.len() > 1 && !seen.insert(w.as_str()) {
                return Err(format!("`{w}` is repeated"));
            }
        }
    }
    Ok(())
}

/// A date the parser would read back as itself (month 1–12, a day the month has, a
/// four-digit year, quarter 1–4, half 1–2).
fn date(d: PartialDate) -> Result<(), String> {
    match PartialDate::parse(&d.canonical()) {
        Ok(back) if back == d => Ok(()),
        _ => Err(format!("`{}` is not a date", d.canonical())),
    }
}

/// Text as the parser leaves it: trimmed, not empty, within the length limit.
fn text(s: &str, what: &str) -> Result<(), String> {
    if s.is_empty() || s.trim() != s {
        return Err(format!("{what} is empty or untrimmed"));
    }
    long(s)
}

/// Within the parser's length limit for one text value.
fn long(s: &str) -> Result<(), String> {
    // Bytes first: most texts are far below the limit and counting chars is slower.
    if s.len() > MAX_TEXT_CHARS && s.chars().count() > MAX_TEXT_CHARS {
        return Err(format!("a text over {MAX_TEXT_CHARS} characters"));
    }
    Ok(())
}

#[cfg(test)]
#[path = "cache_check_tests.rs"]
mod tests;
