//! Reading a knowledge-base file: refuse what is not a regular file or too large, decode
//! it (`decode`: BOM, UTF-16, invalid UTF-8, raw control bytes, binary files), parse with
//! resource limits (several files side by side; errors in `yaml_error`), build.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::build::{Input, build, build_many};
use super::decode::{binary, decode, signature_of_file};
use super::diagnostic::{Diagnostic, LoadError};
use super::entry::KnowledgeBase;
use super::node::{Node, NodeKind, Pos};
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

/// The files a list of paths stands for: a directory stands for its `*.yaml` and `*.yml`
/// files, in name order (not its subdirectories).
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for p in paths {
        if !p.is_dir() {
            files.push(p.clone());
            continue;
        }
        let name = p.display().to_string();
        let entries = std::fs::read_dir(p).map_err(|e| {
            LoadError::single(
                Diagnostic::new(
                    &name,
                    Pos::UNKNOWN,
                    format!("cannot list the directory: {}", io_reason(&e)),
                )
                .hint("check the directory's permissions"),
            )
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        if found.is_empty() {
            return Err(LoadError::single(
                Diagnostic::new(
                    &name,
                    Pos::UNKNOWN,
                    "the directory holds no `.yaml` or `.yml` file",
                )
                .hint("give a knowledge-base file, or a directory of them"),
            ));
        }
        found.sort();
        files.append(&mut found);
    }
    files.dedup();
    Ok(files)
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

/// The text of every file that can be read (with the file's name as shown in messages),
/// and why the others cannot (each as [`load_path`] says it).
pub fn read_files(files: &[PathBuf]) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut unread = Vec::new();
    let mut texts = Vec::new();
    for f in files {
        match read_text(f) {
            Ok(t) => texts.push((f.display().to_string(), t)),
            Err(e) => unread.extend(e.diagnostics),
        }
    }
    (texts, unread)
}

/// Frees the texts [`read_files`] gave (see [`super::memory::release`]: the text of a
/// large file is the largest block loading frees).
pub fn release_texts(texts: Vec<(String, String)>) {
    for (_, text) in texts {
        super::memory::release(text.into_bytes());
    }
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

/// Reads and decodes one file, refusing what is not a regular file or is too large.
fn read_text(path: &Path) -> Result<String, LoadError> {
    let name = path.display().to_string();
    let whole = |msg: String, hint: &str| {
        LoadError::single(Diagnostic::new(&name, Pos::UNKNOWN, msg).hint(hint))
    };
    // The path first, for the messages and so that no device or pipe is even opened
    // (opening one can have effects of its own)…
    let meta = std::fs::metadata(path).map_err(|e| {
        whole(
            format!("cannot read the file: {}", io_reason(&e)),
            "check the path; `--data` takes a YAML file",
        )
    })?;
    let not_regular = |kind: std::fs::FileType| {
        let what = if kind.is_dir() {
            "a directory"
        } else {
            "not a regular file (a pipe, socket or device)"
        };
        whole(
            format!("this is {what}"),
            "give the path of a YAML knowledge-base file",
        )
    };
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(match signature_of_file(path) {
            Some(kind) => binary(&name, Some(kind)),
            None => too_large(&name, meta.len()),
        });
    }
    // …then what was opened, which is what is read: the path may have been replaced by a
    // pipe in between.
    let (file, meta) = open_regular(path).map_err(|e| match e {
        OpenError::Io(e) => whole(
            format!("cannot open the file: {}", io_reason(&e)),
            "check the file's permissions",
        ),
        OpenError::NotRegular(kind) => not_regular(kind),
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(&name, meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // Read at most one byte past the limit: the file may have grown since `metadata`.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            whole(
                format!("cannot read the file: {}", io_reason(&e)),
                "check the file",
            )
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&name, bytes.len() as u64));
    }
    let text_len = decode(&bytes, &name)?.len();
    // The bytes themselves when they are the text (no byte-order mark): 27 MB not copied.
    if text_len == bytes.len() {
        return String::from_utf8(bytes)
            .map_err(|_| whole("the file is not UTF-8 text".into(), "save it as UTF-8"));
    }
    let start = bytes.len() - text_len;
    Ok(String::from_utf8_lossy(&bytes[start..]).into_owned())
}

/// Why [`open_regular`] gave no file.
#[derive(Debug)]
pub(crate) enum OpenError {
    Io(std::io::Error),
    /// What was opened is not a regular file but this.
    NotRegular(std::fs::FileType),
}

/// Opens `path` for reading and checks, on the opened handle, that it is a regular file.
/// On Unix the open does not wait: a FIFO with no writer (or a device that waits for a
/// carrier) would otherwise block it forever, and a terminal does not become the
/// controlling one. (`O_NONBLOCK` stays set; reads of a regular file ignore it.)
pub(crate) fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), OpenError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(OpenError::Io)?;
    let meta = file.metadata().map_err(OpenError::Io)?;
    if !meta.is_file() {
        return Err(OpenError::NotRegular(meta.file_type()));
    }
    Ok((file, meta))
}

/// Feeds the bytes of the regular file at `path` to `f`, a piece of `buf` at a time (a
/// whole large file read and freed would leave the allocator keeping the memory of the
/// blocks after it: see `kb::memory`); its length in bytes.
pub(crate) fn read_in_pieces(
    path: &Path,
    buf: &mut [u8],
    mut f: impl FnMut(&[u8]),
) -> std::io::Result<u64> {
    let (mut file, _) = open_regular(path).map_err(|e| match e {
        OpenError::Io(e) => e,
        OpenError::NotRegular(_) => std::io::Error::other("not a regular file"),
    })?;
    let mut len = 0u64;
    loop {
        match file.read(buf) {
            Ok(0) => return Ok(len),
            Ok(n) => {
                f(&buf[..n]);
                len += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn too_large(name: &str, len: u64) -> LoadError {
    LoadError::single(
        Diagnostic::new(
            name,
            Pos::UNKNOWN,
            format!("the file is {len} bytes, over the limit of {MAX_FILE_BYTES} bytes (64 MiB)"),
        )
        .hint("a knowledge base this large is probably not one: check the path (the limit is `MAX_FILE_BYTES` in src/kb/load.rs)"),
    )
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

    /// A FIFO put where a file was (after the path was checked) is refused on its opened
    /// handle, at once: without `O_NONBLOCK` the open itself waits for a writer forever.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_once_opened_without_waiting_for_a_writer() {
        use std::os::unix::fs::FileTypeExt;
        let fifo = std::env::temp_dir().join(format!("qwen-tui-open-fifo-{}", std::process::id()));
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("no mkfifo: skipped");
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(open_regular(&path).map(|_| ()));
        });
        let got = rx.recv_timeout(std::time::Duration::from_secs(5));
        if got.is_err() {
            // Let the blocked open go on (a writer arrives), then fail.
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
        }
        let _ = std::fs::remove_file(&fifo);
        match got {
            Ok(Err(OpenError::NotRegular(kind))) => assert!(kind.is_fifo()),
            other => panic!("a FIFO should be refused at once, got {other:?}"),
        }
    }
}
