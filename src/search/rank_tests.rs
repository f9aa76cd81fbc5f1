//! The tests of `rank.rs`.

#![allow(clippy::unwrap_used)]

use super::*;

/// Answers like an entry of no tab, but fails for the entries of one half.
struct FailsIn(std::ops::Range<usize>);

impl EntryInfo for FailsIn {
    fn tab(&self, _: usize) -> Tab {
        Tab::Models
    }
    fn dated(&self, _: usize) -> bool {
        false
    }
    fn has_case(&self, entry: usize, _: &str) -> bool {
        assert!(!self.0.contains(&entry), "a failure while ranking");
        true
    }
    fn field_has_digit(&self, _: usize, _: u16) -> bool {
        false
    }
}

/// A failure while ranking in two halves ends the ranking (and reaches the caller)
/// whichever half fails; the other never waits for it for ever.
#[test]
fn a_half_that_fails_does_not_leave_the_other_waiting() {
    let text = crate::kb::synth::knowledge_base(2000, 6);
    let kb = crate::kb::load::load_str(&text, "synth.yaml").unwrap();
    let index = std::sync::Arc::new(super::super::SearchIndex::new(&kb));
    let n = index.len();
    for failing in [0..n / 2, n / 2..n] {
        let index = std::sync::Arc::clone(&index);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Capitalised: smart case asks every entry reached.
            let q = index.query("Cloud Revenue");
            let slots =
                super::super::expand::slots(&index.postings, &index.synonyms, &q.words, q.typing);
            assert!(slots.iter().any(|s| s.case.is_some()));
            let ranked = rank_in(
                &index.postings,
                &slots,
                &FailsIn(failing),
                Steer::default(),
                2,
            );
            let _ = tx.send(ranked.len());
        });
        match rx.recv_timeout(std::time::Duration::from_secs(20)) {
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {}
            other => panic!("the ranking should have failed, not {other:?}"),
        }
    }
}
