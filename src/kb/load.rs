//! Loading a knowledge base: the limits, the files' texts (read by `read`) parsed with them
//! (several files side by side; errors in `yaml_error`), and built — a single file while it
//! is parsed (`stream`).

use std::path::{Path, PathBuf};

use super::build::{Input, build, build_many};
use super::decode::decode;
use super::diagnostic::{Diagnostic, LoadError};
use super::entry::KnowledgeBase;
use super::node::{Node, NodeKind, Pos};
use super::read::{expand_paths, read_files, read_text, release_texts};
use super::yaml_error::yaml_diagnostic;

/// The knowledge base shipped inside the binary.
pub const EMBEDDED_YAML: &str = include_str!("../../assets/qwen.yaml");
pub const EMBEDDED_ORIGIN: &str = "<embedded>";

/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest nesting of lists and mappings (the format needs about 6).
pub const MAX_DEPTH: usize = 64;
/// Most YAML nodes in one file (a 100,000-entry file has about 3 million).
pub const MAX_NODES: usize = 8_000_000;
/// Most events replayed through aliases (`*name`) in one file.
pub const MAX_ALIAS_REPLAY: usize = 100_000;
/// Most bytes of text in all values together, each use of an alias counted again: an alias
/// of a large value repeated thousands of times stops here, not in an out-of-memory abort.
pub const MAX_TEXT_TOTAL: usize = 64 * 1024 * 1024;
/// Most characters in one text value (a long article belongs in a source, not an entry).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Most entries in one file (the section lists together).
pub const MAX_ENTRIES: usize = 1_000_000;

pub fn load_embedded() -> Result<KnowledgeBase, LoadError> {
    load_str(EMBEDDED_YAML, EMBEDDED_ORIGIN)
}

/// Loads a file. `path` is shown in messages as given.
pub fn load_path(path: &Path) -> Result<KnowledgeBase, LoadError> {
    let text = read_text(path)?;
    let kb = load_str(&text, &path.display().to_string());
    super::memory::release(text.into_bytes());
    kb
}

/// Loads one knowledge base from several files or directories of files: `meta` in one of
/// them, sources and entries in any, ids unique across all. Every file's problems are
/// reported together.
pub fn load_paths(paths: &[PathBuf]) -> Result<KnowledgeBase, LoadError> {
    let files = expand_paths(paths)?;
    let (texts, unread) = read_files(&files);
    let kb = load_texts(&texts, unread);
    release_texts(texts);
    kb
}

/// Loads one knowledge base from the texts of one or more files (name, text), reporting
/// with their own problems those of the files that could not be read.
pub fn load_texts(
    texts: &[(String, String)],
    unread: Vec<Diagnostic>,
) -> Result<KnowledgeBase, LoadError> {
    if let ([(name, text)], true) = (texts, unread.is_empty()) {
        return load_str(text, name);
    }
    let mut diags = unread;
    let (mut inputs, mut trees) = (Vec::new(), Vec::new());
    for ((name, text), tree) in texts.iter().zip(parse_all(texts)) {
        let source = text.strip_prefix('\u{feff}').unwrap_or(text);
        match tree {
            Ok(root) => {
                inputs.push(Input { file: name, source });
                trees.push(root);
            }
            Err(e) => diags.extend(e.diagnostics),
        }
    }
    if !diags.is_empty() {
        return Err(LoadError::from_diagnostics(diags));
    }
    let built = build_many(&inputs, &mut trees);
    let bytes = inputs.iter().map(|input| input.source.len()).sum();
    drop_later(trees, bytes);
    built
}

/// Parses and size-checks each text, several files at once (a thread per core, each taking
/// a run of consecutive files): the results in the files' order, so the messages are too.
fn parse_all(texts: &[(String, String)]) -> Vec<Result<Node, LoadError>> {
    let one = |(name, text): &(String, String)| {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        parse_tree(text, name)
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.min(texts.len());
    if threads <= 1 {
        return texts.iter().map(one).collect();
    }
    // Runs of about equal bytes, so one large file does not wait behind small ones.
    let total: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let mut runs: Vec<&[(String, String)]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (_, t)) in texts.iter().enumerate() {
        bytes += t.len();
        if bytes * threads >= total * (runs.len() + 1) && runs.len() + 1 < threads {
            runs.push(&texts[start..=i]);
            start = i + 1;
        }
    }
    runs.push(&texts[start..]);
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|run| scope.spawn(move || run.iter().map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Decodes and loads file contents.
pub fn load_bytes(bytes: &[u8], origin: &str) -> Result<KnowledgeBase, LoadError> {
    let text = decode(bytes, origin)?;
    load_str(text, origin)
}

/// Parses and builds already-decoded text.
pub fn load_str(text: &str, origin: &str) -> Result<KnowledgeBase, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some((kb, rest)) = super::stream::load(text, origin) {
        // Debug builds (the tests) check that it is what the usual way gives.
        #[cfg(debug_assertions)]
        if text.len() < 1_000_000 {
            let usual = parse_tree(text, origin)
                .ok()
                .and_then(|mut root| build(&mut root, text, origin).ok());
            assert_eq!(
                usual.as_ref(),
                Some(&kb),
                "loading while parsing differs on {text:?}"
            );
        }
        drop_later(rest, text.len());
        return Ok(kb);
    }
    let mut root = parse_tree(text, origin)?;
    let built = build(&mut root, text, origin);
    drop_later(root, text.len());
    built
}

/// Freeing the located tree of a large file takes a while (about 0.2 s for 27 MB) and
/// nothing waits for it: it is freed on a thread of its own, once [`free_now`] is called
/// (the explorer calls it when its first frame is drawn: freeing on another thread makes
/// every allocation wait for the allocator's lock; a command, as soon as it has loaded)
/// or a second has passed.
fn drop_later<T: Send + 'static>(tree: T, source_bytes: usize) {
    if source_bytes < 1_000_000 {
        return;
    }
    // If no thread can be started, the tree is freed here instead.
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || {
            let (lock, go) = &FREE;
            if let Ok(now) = lock.lock() {
                let _ = go.wait_timeout_while(now, std::time::Duration::from_secs(1), |now| !*now);
            }
            drop(tree);
        });
}

static FREE: (std::sync::Mutex<bool>, std::sync::Condvar) =
    (std::sync::Mutex::new(false), std::sync::Condvar::new());

/// What loading left to free is freed now (see `drop_later`).
pub fn free_now() {
    let (lock, go) = &FREE;
    if let Ok(mut now) = lock.lock() {
        *now = true;
    }
    go.notify_all();
}

/// The limits the parser does not know: the length of one text value and the number of
/// entries (those in the tree, and `taken` already taken out of it). Every over-long value
/// is reported with its position (the values are not looked at when the parser saw none
/// longer in bytes than the limit in characters).
pub(super) fn check_sizes(
    root: &Node,
    origin: &str,
    walk_texts: bool,
    taken: usize,
) -> Result<(), LoadError> {
    let mut diags = Vec::new();
    let mut stack = if walk_texts { vec![root] } else { Vec::new() };
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Str(s) => {
                let n = s.chars().count();
                if n > MAX_TEXT_CHARS {
                    diags.push(
                        Diagnostic::new(
                            origin,
                            node.pos,
                            format!("this text is {n} characters long; the limit is {MAX_TEXT_CHARS}"),
                        )
                        .hint("shorten it, or split it into several `facts`; long documents belong in `sources` with a `url`"),
                    );
                }
            }
            NodeKind::Seq(items) => stack.extend(items),
            NodeKind::Map(pairs) => stack.extend(pairs.iter().flat_map(|(k, v)| [k, v])),
            _ => {}
        }
    }
    if let NodeKind::Map(sections) = &root.kind {
        let in_tree: usize = sections
            .iter()
            .filter(|(k, _)| !matches!(&k.kind, NodeKind::Str(s) if s == "meta"))
            .map(|(_, v)| match &v.kind {
                NodeKind::Seq(items) => items.len(),
                _ => 0,
            })
            .sum();
        let entries = in_tree + taken;
        if entries > MAX_ENTRIES {
            diags.push(
                Diagnostic::new(
                    origin,
                    Pos { line: 1, col: 1 },
                    format!("the file has {entries} entries; the limit is {MAX_ENTRIES}"),
                )
                .hint("check this is the file you meant to load; the limit is `MAX_ENTRIES` in src/kb/load.rs"),
            );
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(LoadError::from_diagnostics(diags))
    }
}

/// The file's located tree, its sizes checked.
pub(super) fn parse_tree(text: &str, origin: &str) -> Result<Node, LoadError> {
    if text.trim().is_empty() {
        return Ok(Node {
            pos: Pos { line: 1, col: 1 },
            span: super::node::Span::NONE,
            kind: super::node::NodeKind::Null,
        });
    }
    if let Some((root, longest)) = super::event_tree::tree(text) {
        // Debug builds (the tests) check that the fast path agrees with the exact one.
        #[cfg(debug_assertions)]
        if text.len() < 1_000_000 {
            assert_eq!(
                parse_exact(text).ok().as_ref(),
                Some(&root),
                "the two parsers differ on {text:?}"
            );
        }
        check_sizes(&root, origin, longest > MAX_TEXT_CHARS, 0)?;
        return Ok(root);
    }
    let root =
        parse_exact(text).map_err(|e| LoadError::single(yaml_diagnostic(&e, text, origin)))?;
    check_sizes(&root, origin, true, 0)?;
    Ok(root)
}

/// The exact path: serde-saphyr's located values, with every limit as a budget, and the
/// error messages `yaml_error` words.
pub(super) fn parse_exact(text: &str) -> Result<Node, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_events: MAX_NODES * 2,
            max_documents: 1,
            max_anchors: 10_000,
            max_aliases: 10_000,
            max_total_scalar_bytes: MAX_TEXT_TOTAL,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_ALIAS_REPLAY,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 1_000,
        },
    };
    serde_saphyr::from_str_with_options::<Node>(text, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(kind: NodeKind) -> Node {
        Node {
            pos: Pos { line: 1, col: 1 },
            span: crate::kb::node::Span::NONE,
            kind,
        }
    }

    #[test]
    fn more_entries_than_the_limit_are_refused() {
        let section = |n: usize| {
            node(NodeKind::Map(vec![
                (node(NodeKind::Str("meta".into())), node(NodeKind::Null)),
                (
                    node(NodeKind::Str("timeline".into())),
                    node(NodeKind::Seq(
                        (0..n).map(|_| node(NodeKind::Null)).collect(),
                    )),
                ),
            ]))
        };
        assert!(check_sizes(&section(MAX_ENTRIES), "kb.yaml", true, 0).is_ok());
        let err = check_sizes(&section(MAX_ENTRIES + 1), "kb.yaml", true, 0).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown
                .contains("kb.yaml:1:1: error: the file has 1000001 entries; the limit is 1000000"),
            "{shown}"
        );
        assert!(
            shown.contains("hint: check this is the file you meant"),
            "{shown}"
        );
    }
}
