//! The `synonyms:` section: the knowledge base's own words that mean the same, for the
//! search (its built-in list covers generic business and model vocabulary; a domain's
//! names belong here). Each group is a list of two or more words or short phrases.

use super::build::Builder;
use super::model::{Located, Text};
use super::node::{Node, NodeKind};

/// The most words one member may have: a synonym is a word or a short phrase.
pub const MAX_WORDS: usize = 4;
/// The most characters one member may have.
pub const MAX_CHARS: usize = 60;

/// The groups of a `synonyms:` section, each member checked; problems go to `b`.
pub(super) fn groups(b: &mut Builder<'_>, node: &Node) -> Vec<Vec<String>> {
    let items =
        match &node.kind {
            NodeKind::Seq(items) => items.as_slice(),
            NodeKind::Null => &[],
            other => {
                b.error(
                node.pos,
                format!("`synonyms` must be a list of groups, found {}", other.describe()),
                "write each group as a list of words that mean the same: `- [hq, headquarters]`",
            );
                return Vec::new();
            }
        };
    let mut out = Vec::new();
    for item in items {
        let NodeKind::Seq(members) = &item.kind else {
            b.error(
                item.pos,
                format!(
                    "a synonym group must be a list, found {}",
                    item.kind.describe()
                ),
                "write the words that mean the same as a list: `- [hq, headquarters]`",
            );
            continue;
        };
        if members.len() < 2 {
            b.error(
                item.pos,
                format!(
                    "a synonym group needs two or more members, found {}",
                    members.len()
                ),
                "add the words it means the same as, or remove the group",
            );
            continue;
        }
        let mut group: Vec<String> = Vec::new();
        for m in members {
            let Some(Located {
                value: Text(text),
                pos,
            }) = b.parse::<Located<Text>>(m)
            else {
                continue;
            };
            // Each Chinese, Japanese or Korean character is a word to the search; a run of
            // them counts as one word here, as a reader would count it.
            let all = crate::text::words::words(&text);
            let mut words = 0;
            let mut in_cjk = false;
            for w in &all {
                let cjk = w.text.chars().all(crate::text::words::is_cjk);
                if !(cjk && in_cjk) {
                    words += 1;
                }
                in_cjk = cjk;
            }
            let chars = text.chars().count();
            if words == 0 {
                b.error(
                    pos,
                    format!("`{text}` has no word to search for"),
                    "use letters or digits",
                );
            } else if words > MAX_WORDS || chars > MAX_CHARS {
                b.error(
                    pos,
                    format!("`{}` is too long for a synonym ({words} words, {chars} characters)", short(&text)),
                    format!("a synonym is a word or a phrase of at most {MAX_WORDS} words and {MAX_CHARS} characters"),
                );
            } else if group.iter().any(|g| g.eq_ignore_ascii_case(&text)) {
                b.error(
                    pos,
                    format!("`{text}` is already in this group"),
                    "give each member once",
                );
            } else {
                group.push(text);
            }
        }
        if group.len() == members.len() {
            out.push(group);
        }
    }
    out
}

/// The start of a long text, for a message.
fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        s.push('…');
    }
    s
}
