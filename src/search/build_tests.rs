//! The tests of `build.rs`.

use super::*;

/// Everything an index holds, to compare two.
fn parts(p: &Postings) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        (&p.vocab, &p.shapes, &p.all, &p.starts, &p.df),
        (&p.digit_fields, &p.name_offsets, &p.name_start),
        (&p.segments, &p.seg_start, p.entries),
    )
}

#[test]
fn any_number_of_threads_builds_the_same_index() {
    // Enough entries that every thread indexes some after reserving room for the rest.
    let text = crate::kb::synth::knowledge_base(1500, 3);
    let kb = crate::kb::load::load_str(&text, "synth.yaml").unwrap();
    let each = |e: &Entry, mask: u64| (e.id.clone(), mask);
    let (one, extra_one) = Postings::build_on(&kb, &each, 1);
    assert!(one.len() > 10_000, "{} postings", one.len());
    for threads in [2, 3, 7] {
        let (many, extra) = Postings::build_on(&kb, &each, threads);
        assert_eq!(parts(&many), parts(&one), "{threads} threads");
        assert_eq!(extra, extra_one, "{threads} threads");
    }
    // Each word's postings are in entry order, and its count of entries is right.
    for t in 0..one.vocab.len() as u32 {
        let list = one.of(t);
        assert!(list.windows(2).all(|w| w[0].entry <= w[1].entry));
        let mut entries: Vec<u32> = list.iter().map(|p| p.entry).collect();
        entries.dedup();
        assert_eq!(entries.len() as u32, one.df[t as usize]);
    }
}

#[test]
fn a_word_repeated_in_a_field_is_kept_once_and_whole_beats_part() {
    let mut sink = Sink::default();
    let part = Posting::new(0, 1, Rank::Value, 0, true);
    let whole = Posting::new(0, 1, Rank::Value, 3, false);
    sink.push("qwen", part);
    sink.push("qwen", whole);
    sink.push("qwen", Posting::new(0, 1, Rank::Value, 5, false));
    sink.push("qwen", Posting::new(0, 2, Rank::Value, 0, false));
    let long = "a-word-of-more-than-sixteen-bytes";
    sink.push(long, Posting::new(1, 0, Rank::Title, 0, false));
    sink.push(long, Posting::new(1, 0, Rank::Title, 1, false));
    let runs = sink.into_runs();
    assert_eq!(runs.names, ["qwen", long]);
    let qwen = runs.run(0);
    assert_eq!(qwen, [whole, Posting::new(0, 2, Rank::Value, 0, false)]);
    assert_eq!(runs.run(1).len(), 1);
    assert_eq!(runs.df, [1, 1]);
}
