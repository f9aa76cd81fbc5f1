//! Loading one file while it is parsed: each entry is built as soon as its item is read,
//! and that part of the tree dropped, so the tree of a large file is never whole (at
//! 100,000 entries it would be about 140 MB, beside 80 MB of entries).
//!
//! This is a fast path for files with nothing wrong: it gives a knowledge base only when
//! the file is plain YAML (see `event_tree`) and no check finds a problem. Otherwise it
//! gives nothing, and the file is loaded the usual way, which finds every problem with the
//! message and place it always gives. Debug builds (the tests) check that both ways give
//! the same knowledge base for every file they load.

use super::build::{Builder, Entries, Input, Sections, finish, is_entry_section};
use super::entry::KnowledgeBase;
use super::event_tree::{Sink, tree_with};
use super::load::{MAX_TEXT_CHARS, check_sizes};
use super::node::{Node, NodeKind};
use super::resolve::Resolver;

/// The knowledge base of `text`, and what is left of its tree (to be freed), when nothing
/// is wrong with it; `None` means: load it the usual way.
pub(super) fn load(text: &str, origin: &str) -> Option<(KnowledgeBase, Node)> {
    if text.trim().is_empty() {
        return None;
    }
    let input = Input {
        file: origin,
        source: text,
    };
    let mut stream = Stream {
        input,
        r: Resolver::new(Builder::new(&input)),
        sections: Sections::default(),
        taken: Entries::with_capacity(0),
        sources_known: false,
    };
    let (mut root, longest) = tree_with(text, &mut stream)?;
    let Stream {
        mut r,
        sections,
        taken,
        ..
    } = stream;
    if r.builder().has_problems() {
        return None;
    }
    check_sizes(&root, origin, longest > MAX_TEXT_CHARS, taken.list.len()).ok()?;
    // The entries read before `sources` (kept in the tree), then those taken, with room
    // for one per source and no more.
    let mut entries = Entries::with_capacity(0);
    entries.take_from(&mut r, 0, &mut root);
    let entries = entries.then(taken, sections.raw_sources.len());
    let kb = finish(r, &[input], sections, entries).ok()?;
    Some((kb, root))
}

/// The knowledge base being built as the parser reads the file.
struct Stream<'a> {
    input: Input<'a>,
    r: Resolver<'a>,
    sections: Sections<'a>,
    /// The entries built from items taken out of the tree.
    taken: Entries,
    /// Whether `sources` is read: items before it stay in the tree until it is.
    sources_known: bool,
}

impl Sink for Stream<'_> {
    fn pair(&mut self, key: &Node, value: &Node) {
        self.sections
            .read(self.r.builder(), 0, &self.input, key, value);
        if matches!(&key.kind, NodeKind::Str(k) if k == "sources") {
            self.r.set_sources(&self.sections.raw_sources);
            self.sources_known = true;
        }
    }

    fn item(&mut self, section: &str, item: Node, longest: usize) -> Option<Node> {
        // A text longer in bytes than the limit in characters may be too long: the usual
        // way counts it (with the rest of the tree).
        if !self.sources_known || longest > MAX_TEXT_CHARS || !is_entry_section(section) {
            return Some(item);
        }
        self.taken.add(&mut self.r, 0, section, item);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::load::EMBEDDED_YAML;

    /// The knowledge base the usual way: the whole tree, then the entries.
    fn usual(text: &str) -> Result<KnowledgeBase, crate::kb::LoadError> {
        let mut root = crate::kb::load::parse_tree(text, "kb.yaml")?;
        crate::kb::build::build(&mut root, text, "kb.yaml")
    }

    /// How many items the entry sections of a tree still hold.
    fn items_left(root: &Node) -> usize {
        let NodeKind::Map(pairs) = &root.kind else {
            return 0;
        };
        pairs
            .iter()
            .filter(|(k, _)| matches!(&k.kind, NodeKind::Str(k) if is_entry_section(k)))
            .map(|(_, v)| match &v.kind {
                NodeKind::Seq(items) => items.len(),
                _ => 0,
            })
            .sum()
    }

    #[test]
    fn the_shipped_file_is_built_while_parsed_with_no_entry_left_in_its_tree() {
        let (kb, rest) = load(EMBEDDED_YAML, "kb.yaml").expect("the shipped file has no problem");
        assert_eq!(Some(&kb), usual(EMBEDDED_YAML).ok().as_ref());
        assert!(kb.entries.len() > 150, "{}", kb.entries.len());
        assert_eq!(items_left(&rest), 0);
    }

    const MINIMAL: &str = include_str!("../../tests/fixtures/valid/minimal.yaml");

    /// `minimal.yaml` with its `sources:` section moved after its overview.
    fn sources_after_the_overview() -> String {
        let start = MINIMAL.find("\nsources:").expect("a sources section") + 1;
        let end = start
            + MINIMAL[start..]
                .find("\n\n")
                .expect("a blank line after it")
            + 2;
        let rest = format!("{}{}", &MINIMAL[..start], &MINIMAL[end..]);
        let at = rest.find("\ntimeline:").expect("a timeline") + 1;
        format!("{}{}{}", &rest[..at], &MINIMAL[start..end], &rest[at..])
    }

    #[test]
    fn entries_before_the_sources_wait_for_them_and_keep_their_order() {
        let text = sources_after_the_overview();
        let at = |s: &str| text.find(s).expect(s);
        assert!(at("\noverview:") < at("\nsources:") && at("\nsources:") < at("\ntimeline:"));
        let (kb, _) = load(&text, "kb.yaml").expect("no problem");
        assert_eq!(Some(&kb), usual(&text).ok().as_ref());
        // `hq` (overview) waited in the tree; `founded` (timeline) was taken at once.
        let ids: Vec<&str> = kb.entries.iter().map(|e| e.id.as_str()).collect();
        let (hq, founded) = (
            ids.iter().position(|&i| i == "hq"),
            ids.iter().position(|&i| i == "founded"),
        );
        assert!(hq.is_some() && hq < founded, "{ids:?}");
    }

    #[test]
    fn a_long_text_leaves_the_items_after_it_to_be_counted_in_the_tree() {
        // 8,000 characters, 24,000 bytes: over the limit in bytes, under it in characters.
        let long = "漢".repeat(8_000);
        let text = MINIMAL.replacen(
            "    category: corporate\n",
            &format!("    category: corporate\n    summary: {long}\n"),
            1,
        );
        let (kb, _) = load(&text, "kb.yaml").expect("no problem");
        assert_eq!(Some(&kb), usual(&text).ok().as_ref());
        assert!(kb.entries.iter().any(|e| e.id == "founded"));
    }

    #[test]
    fn a_file_with_any_problem_is_left_to_the_usual_way() {
        let broken = [
            MINIMAL.replacen("sources: [report]", "sources: [reprot]", 1),
            MINIMAL.replacen("id: founded", "id: hq", 1),
            MINIMAL.replacen("  title: Example knowledge base\n", "", 1),
            MINIMAL.replacen("fiscal_year_end: 3", "fiscal_year_end: 13", 1),
            MINIMAL.replacen("timeline:", "timelines:", 1),
            MINIMAL.replacen(
                "    category: corporate\n",
                &format!(
                    "    category: corporate\n    summary: {}\n",
                    "a".repeat(20_001)
                ),
                1,
            ),
            // Not plain YAML: an anchor.
            MINIMAL.replacen("id: founded", "id: &a founded", 1),
            String::new(),
        ];
        for text in &broken {
            assert!(load(text, "kb.yaml").is_none(), "{text}");
        }
        // Each of them is refused the usual way (bar the anchor, which is plain valid YAML).
        let refused = broken.iter().filter(|t| usual(t).is_err()).count();
        assert_eq!(refused, broken.len() - 1);
    }
}
