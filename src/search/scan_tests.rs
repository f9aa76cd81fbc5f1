//! The tests of `scan.rs`.

#![allow(clippy::unwrap_used)]

use super::*;

/// Ranking in two halves (as a large knowledge base is, on two cores) scores every
/// entry exactly as ranking in one does.
#[test]
fn two_halves_rank_as_one() {
    let text = crate::kb::synth::knowledge_base(3000, 4);
    let kb = crate::kb::load::load_str(&text, "synth.yaml").unwrap();
    let index = SearchIndex::new(&kb);
    let info = Info {
        kb: &index.kb,
        docs: &index.docs,
        heads: &index.heads,
        digit_fields: &index.postings.digit_fields,
    };
    let queries = [
        "c",
        "cloud rev",
        "alibba cloud cto",
        "Qwen",
        "who leads cloud",
        "how many tokens",
        "when release",
        "qwn3",
        "zzzz cloud",
        "e",
    ];
    for query in queries {
        let q = index.query(query);
        let slots = slots(&index.postings, &index.synonyms, &q.words, q.typing);
        let words: Vec<String> = q.words.iter().map(|w| w.0.clone()).collect();
        let key = |s: &Scored| (s.entry, s.bucket, s.score.to_bits(), s.field);
        let ranked = |halves| {
            let mut r: Vec<_> = super::super::rank::rank_in(
                &index.postings,
                &slots,
                &info,
                Steer::of(&words),
                halves,
            )
            .iter()
            .map(key)
            .collect();
            r.sort_unstable();
            r
        };
        let one = ranked(1);
        assert!(!one.is_empty(), "`{query}` reached nothing");
        assert_eq!(ranked(2), one, "`{query}`");
    }
}

/// The ranking's memory, kept from one query to the next (and shared by every index),
/// is left empty by each: a query answers the same before and after any other, on a
/// knowledge base of any size.
#[test]
fn a_query_answers_the_same_after_any_other() {
    let small = SearchIndex::new(
        &crate::kb::load::load_str(&crate::kb::synth::knowledge_base(300, 2), "small.yaml")
            .unwrap(),
    );
    let large = SearchIndex::new(
        &crate::kb::load::load_str(&crate::kb::synth::knowledge_base(2000, 3), "large.yaml")
            .unwrap(),
    );
    let queries = ["cloud rev", "Qwen", "c", "alibba cloud cto", "who leads"];
    let first: Vec<Vec<Hit>> = queries.iter().map(|q| small.search(q, None)).collect();
    for q in queries {
        large.search(q, None);
    }
    for (q, want) in queries.iter().zip(&first).rev() {
        assert_eq!(&small.search(q, None), want, "`{q}`");
        large.search("e", None);
    }
}

/// A query of patterns alone finds what reading every entry finds, with the same
/// scores and order, whatever the index proved without reading.
fn same_as_reading_every_entry(index: &SearchIndex, needles: &[String]) {
    let kb: &KnowledgeBase = &index.kb;
    let mut hits = 0;
    for n in needles {
        for query in [
            format!("'{n}"),
            n.to_uppercase(),
            format!("^{n}"),
            format!("'{n} !e"),
        ] {
            let q = index.query(&query);
            if q.patterns.is_empty() || !q.words.is_empty() {
                continue;
            }
            let mut scored = Vec::new();
            for i in 0..index.docs.len() {
                let text = EntryText {
                    kb,
                    e: &kb.entries[i],
                };
                let d = &index.docs[i];
                if q.exclude.iter().any(|t| t.occurs(d, &text)) {
                    continue;
                }
                let s: Option<i64> = q
                    .patterns
                    .iter()
                    .map(|p| p.strength(d, &text).map(i64::from))
                    .sum();
                if let Some(s) = s {
                    scored.push((s, None, i));
                }
            }
            let want = index.ordered(scored, &Arc::new(Matched::default()));
            let got = index.run(&q, None, &|| false).unwrap();
            let key = |h: &Vec<Hit>| h.iter().map(|h| (h.entry, h.score)).collect::<Vec<_>>();
            assert_eq!(key(&got), key(&want), "`{query}`");
            hits += want.len();
        }
    }
    assert!(hits > 0);
}

fn needles(kb: &KnowledgeBase) -> Vec<String> {
    // Pieces of titles, values and ids, in their own case: starts, middles and ends of
    // words, and across a digit and a letter.
    let mut out = Vec::new();
    for e in kb.entries.iter().step_by(7) {
        for text in [e.title.as_str(), e.id.as_str(), e.key_value.as_str()] {
            let ascii: String = text.chars().filter(char::is_ascii_alphanumeric).collect();
            for (at, len) in [(0, 3), (1, 4), (2, 2), (3, 5)] {
                if let Some(piece) = ascii.get(at..at + len) {
                    out.push(piece.to_string());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    // At most about 150 of them: each is checked against every entry.
    let step = (out.len() / 150).max(1);
    out.into_iter().step_by(step).collect()
}

#[test]
fn a_pattern_alone_finds_what_reading_every_entry_finds() {
    let kb = crate::kb::load_embedded().unwrap();
    let index = SearchIndex::new(&kb);
    same_as_reading_every_entry(&index, &needles(&kb));
    let synth = crate::kb::load_str(&crate::kb::synth::knowledge_base(3_000, 7), "s.yaml").unwrap();
    let index = SearchIndex::new(&synth);
    same_as_reading_every_entry(&index, &needles(&synth));
}

#[test]
fn needles_with_other_characters_read_every_entry() {
    let kb = crate::kb::load_embedded().unwrap();
    let index = SearchIndex::new(&kb);
    for q in ["'qwen-3", "'3.5", "'通义", "'a"] {
        let q = index.query(q);
        assert!(
            index.pattern_reach(&q.patterns[0]).is_none(),
            "{:?}",
            q.patterns[0].text
        );
    }
    // And an exclusion of one still reads its text.
    let q = index.query("qwen !qwen-3");
    assert!(index.pattern_reach(&q.exclude[0]).is_none());
}
