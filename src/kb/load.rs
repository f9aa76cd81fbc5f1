//! Reading a knowledge-base file: refuse what is not a regular file or too large, decode
//! (BOM, UTF-16, invalid UTF-8, raw control bytes), parse with resource limits, build.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::build::{Input, build, build_many};
use super::diagnostic::{Diagnostic, LoadError};
use super::entry::KnowledgeBase;
use super::node::{Node, NodeKind, Pos};

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
    load_str(&text, &path.display().to_string())
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
    load_texts(&texts, unread)
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
    let mut parsed = Vec::new();
    for ((name, text), tree) in texts.iter().zip(parse_all(texts)) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match tree {
            Ok(root) => parsed.push((name.as_str(), text, root)),
            Err(e) => diags.extend(e.diagnostics),
        }
    }
    if !diags.is_empty() {
        return Err(LoadError::from_diagnostics(diags));
    }
    let inputs: Vec<Input> = parsed
        .iter()
        .map(|(file, source, root)| Input { file, source, root })
        .collect();
    let built = build_many(&inputs);
    let bytes = parsed.iter().map(|(_, text, _)| text.len()).sum();
    let trees: Vec<Node> = parsed.into_iter().map(|(_, _, root)| root).collect();
    drop_later(trees, bytes);
    built
}

/// Parses and size-checks each text, several files at once (a thread per core, each taking
/// a run of consecutive files): the results in the files' order, so the messages are too.
fn parse_all(texts: &[(String, String)]) -> Vec<Result<Node, LoadError>> {
    let one = |(name, text): &(String, String)| {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        parse(text, name).and_then(|root| check_sizes(&root, name).map(|()| root))
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
    Ok(decode(&bytes, &name)?.to_string())
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

fn decode<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, LoadError> {
    let at = |pos, msg: String, hint: &str| {
        LoadError::single(Diagnostic::new(origin, pos, msg).hint(hint))
    };
    let top = Pos { line: 1, col: 1 };
    let utf16 = || {
        at(
            top,
            "the file is UTF-16 encoded".into(),
            "save it as UTF-8 (in most editors: File › Save with Encoding › UTF-8)",
        )
    };
    // A byte-order mark says what the file is; then a known binary format's signature
    // (an executable has NUL bytes enough to pass for UTF-16); then the look of UTF-16
    // text; then anything else with NUL bytes among many control bytes.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(utf16());
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(binary(origin, Some(kind)));
    }
    if looks_like_utf16(bytes) {
        return Err(utf16());
    }
    if looks_binary(bytes) {
        return Err(binary(origin, None));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let bad = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
        // The prefix is valid UTF-8 by definition.
        let prefix = std::str::from_utf8(good).unwrap_or("");
        at(
            position_after(prefix),
            format!("invalid UTF-8 (byte 0x{bad:02X})"),
            "save the file as UTF-8; the byte may come from a Latin-1 or Windows-1252 editor",
        )
    })?;
    if let Some((i, c)) = text
        .char_indices()
        .find(|&(_, c)| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || c == '\u{7f}')
    {
        return Err(at(
            position_after(&text[..i]),
            format!("control character U+{:04X} in the file", u32::from(c)),
            "remove it; a knowledge base holds text only (write line breaks as real line breaks)",
        ));
    }
    Ok(text)
}

/// Position of the character right after `prefix` (1-based line and column).
fn position_after(prefix: &str) -> Pos {
    let line = prefix.matches('\n').count() + 1;
    let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    }
}

/// UTF-16 without a byte-order mark: text with every other byte NUL — and the bytes in
/// between text, not NUL (a binary file has NULs in both halves).
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64)];
    let half = |start: usize| sample.iter().skip(start).step_by(2).copied();
    let nuls = |start: usize| half(start).filter(|&b| b == 0).count();
    let text = |start: usize| half(start).filter(|&b| is_text_byte(b)).count();
    let n = sample.len() / 2;
    sample.len() >= 4
        && [(0, 1), (1, 0)].into_iter().any(|(zeros, chars)| {
            nuls(zeros) * 10 >= n * 8 && nuls(chars) * 10 <= n && text(chars) * 10 >= n * 9
        })
}

/// A byte that text holds: not a control character other than tab, line feed, carriage
/// return and form feed (bytes from 0x80 may be UTF-8).
fn is_text_byte(b: u8) -> bool {
    !(b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C) || b == 0x7F)
}

/// How much of a file is looked at to tell a binary file.
const SNIFF_BYTES: usize = 8192;

/// What a binary file is, from the signature it starts with (formats a knowledge base may
/// be mistaken for: executables, images, archives, documents, databases).
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x7fELF", "an ELF executable"),
        (b"\xFE\xED\xFA\xCE", "a Mach-O executable"),
        (b"\xFE\xED\xFA\xCF", "a Mach-O executable"),
        (b"\xCE\xFA\xED\xFE", "a Mach-O executable"),
        (b"\xCF\xFA\xED\xFE", "a Mach-O executable"),
        (
            b"\xCA\xFE\xBA\xBE",
            "a Mach-O executable or Java class file",
        ),
        (b"\0asm", "a WebAssembly module"),
        (b"\x89PNG\r\n\x1A\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"%PDF-", "a PDF document"),
        (b"\x1F\x8B", "gzip-compressed data"),
        (b"\xFD7zXZ\0", "xz-compressed data"),
        (b"\x28\xB5\x2F\xFD", "zstd-compressed data"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (
            b"PK\x03\x04",
            "a zip archive (or a .docx, .xlsx, .odt or .jar, which are zip)",
        ),
        (
            b"PK\x05\x06",
            "a zip archive (or a .docx, .xlsx, .odt or .jar, which are zip)",
        ),
        (b"SQLite format 3\0", "an SQLite database"),
    ];
    let found = SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind);
    // Signatures that are letters are believed only of a file that is not text as well.
    let windows = bytes.starts_with(b"MZ") && looks_binary(bytes);
    let tar = bytes.get(257..262) == Some(b"ustar") && looks_binary(bytes);
    found
        .or(windows.then_some("a Windows executable"))
        .or(tar.then_some("a tar archive"))
}

/// A file that is not text: NUL bytes, and control bytes (NUL among them) at least one in
/// twenty of its first bytes. A stray NUL in a text file is reported where it is, as a
/// control character.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let control = sample.iter().filter(|&&b| !is_text_byte(b)).count();
    sample.contains(&0) && control * 20 >= sample.len()
}

fn binary(origin: &str, kind: Option<&str>) -> LoadError {
    let what = kind.map_or_else(
        || "a binary file".to_string(),
        |k| format!("a binary file ({k})"),
    );
    LoadError::single(
        Diagnostic::new(
            origin,
            Pos::UNKNOWN,
            format!("this is {what}, not YAML text"),
        )
        .hint("give the path of a YAML knowledge-base file"),
    )
}

/// The signature of a file too large to read: a large binary (an executable given by
/// mistake) is named as what it is, not only as too large.
fn signature_of_file(path: &Path) -> Option<&'static str> {
    let (file, _) = open_regular(path).ok()?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    file.take(SNIFF_BYTES as u64).read_to_end(&mut head).ok()?;
    binary_signature(&head)
}

/// Parses and builds already-decoded text.
pub fn load_str(text: &str, origin: &str) -> Result<KnowledgeBase, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = parse(text, origin)?;
    check_sizes(&root, origin)?;
    let built = build(&root, text, origin);
    drop_later(root, text.len());
    built
}

/// Freeing the located tree of a large file takes a while (about 0.2 s for 27 MB) and
/// nothing waits for it: it is freed on a thread of its own.
fn drop_later<T: Send + 'static>(tree: T, source_bytes: usize) {
    if source_bytes < 1_000_000 {
        return;
    }
    // If no thread can be started, the tree is freed here instead.
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(tree));
}

/// The limits the parser does not know: the length of one text value and the number of
/// entries. Every over-long value is reported with its position.
fn check_sizes(root: &Node, origin: &str) -> Result<(), LoadError> {
    let mut diags = Vec::new();
    let mut stack = vec![root];
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
        let entries: usize = sections
            .iter()
            .filter(|(k, _)| !matches!(&k.kind, NodeKind::Str(s) if s == "meta"))
            .map(|(_, v)| match &v.kind {
                NodeKind::Seq(items) => items.len(),
                _ => 0,
            })
            .sum();
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

fn parse(text: &str, origin: &str) -> Result<Node, LoadError> {
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
    if text.trim().is_empty() {
        return Ok(Node {
            pos: Pos { line: 1, col: 1 },
            span: None,
            kind: super::node::NodeKind::Null,
        });
    }
    serde_saphyr::from_str_with_options::<Node>(text, options)
        .map_err(|e| LoadError::single(yaml_diagnostic(&e, text, origin)))
}

/// A parser error in our words. `text` is the source, for errors the parser notices past
/// their cause: a tab, an unclosed quote.
fn yaml_diagnostic(err: &serde_saphyr::Error, text: &str, origin: &str) -> Diagnostic {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let pos = err.location().map_or(Pos::UNKNOWN, |l| Pos {
        line: u32::try_from(l.line()).unwrap_or(u32::MAX),
        col: u32::try_from(l.column()).unwrap_or(u32::MAX),
    });
    // Alias errors wrap the error that happened while replaying the alias.
    let mut inner = err.without_snippet();
    while let E::AliasError { error, .. } = inner {
        inner = error.without_snippet();
    }
    let limit = |what: String| {
        (
            format!("the file exceeds a safety limit: {what}"),
            "a knowledge base is a flat list of entries; check this is the file you meant to load"
                .to_string(),
        )
    };
    let aliases = || {
        (
            format!(
                "too many alias expansions (more than {MAX_ALIAS_REPLAY} values replayed through `*aliases`)"
            ),
            "write the values out instead of repeating an alias of a large value".to_string(),
        )
    };
    let (message, hint) = match inner {
        E::MultipleDocuments { .. } | E::Budget { breach: B::Documents { .. }, .. } => (
            "the file holds more than one YAML document".to_string(),
            "a knowledge base is one document: remove the `---` line (or split the file)".to_string(),
        ),
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => format!("duplicate key `{k}`"),
                None => "duplicate key".to_string(),
            },
            "a repeated key would silently replace the first one; keep one of them".to_string(),
        ),
        E::Budget { breach: B::Depth { .. }, .. } => limit(format!("nesting deeper than {MAX_DEPTH} levels")),
        E::Budget { breach: B::Nodes { .. } | B::Events { .. }, .. } => {
            limit(format!("more than {MAX_NODES} values"))
        }
        E::Budget { breach: B::Aliases { .. } | B::Anchors { .. }, .. } => {
            limit("more than 10000 anchors or aliases".to_string())
        }
        E::Budget { breach: B::ScalarBytes { .. }, .. } => (
            format!(
                "more than {} MiB of text in all, counting each use of an alias again",
                MAX_TEXT_TOTAL / (1024 * 1024)
            ),
            "write values out instead of repeating an alias of a large value".to_string(),
        ),
        E::Budget { breach, .. } => limit(format!("{breach:?}")),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => aliases(),
        _ if plain_message(inner).contains("recursion limit") => {
            limit(format!("nesting deeper than {MAX_DEPTH} levels"))
        }
        _ if is_tab_error(&plain_message(inner)) => {
            return tab_diagnostic(inner, text, pos, origin);
        }
        _ if is_quote_error(&plain_message(inner)) => {
            return quote_diagnostic(inner, text, pos, origin);
        }
        _ => (
            plain_message(inner),
            "check the YAML syntax here: indentation, matching quotes and brackets, and quote values that contain `: ` or start with `*`, `&`, `!`, `%`, `@` or `~`".to_string(),
        ),
    };
    Diagnostic::new(origin, pos, message).hint(hint)
}

/// The parser's complaints about a tab (granit-parser's messages).
fn is_tab_error(message: &str) -> bool {
    [
        "found a tab",
        "tabs disallowed",
        "tab cannot be used as indentation",
        "cannot start with a tab",
    ]
    .iter()
    .any(|m| message.contains(m))
}

fn is_quote_error(message: &str) -> bool {
    message == "unclosed quote" || message.starts_with("invalid trailing content after")
}

const TAB_HINT: &str = "YAML indents with spaces only; replace the tab";

/// A tab error, at the tab. The parser often reports it where the value before it began
/// (the line above, for a tab that indents a line): the tab is the first one from the
/// start of the reported line on.
fn tab_diagnostic(err: &serde_saphyr::Error, text: &str, pos: Pos, origin: &str) -> Diagnostic {
    let Some((tab, indents)) = first_tab_from(text, pos.line) else {
        return Diagnostic::new(origin, pos, plain_message(err)).hint(TAB_HINT);
    };
    let message = if indents {
        "a tab in the indentation".to_string()
    } else {
        format!(
            "a tab where YAML does not allow one ({})",
            plain_message(err)
        )
    };
    Diagnostic::new(origin, tab, message).hint(TAB_HINT)
}

/// The first tab on line `line` or after, and whether it is in its line's indentation.
fn first_tab_from(text: &str, line: u32) -> Option<(Pos, bool)> {
    let skip = usize::try_from(line.max(1) - 1).ok()?;
    text.split('\n').enumerate().skip(skip).find_map(|(i, l)| {
        let col = l.chars().position(|c| c == '\t')?;
        let indents = l.chars().take(col).all(|c| c == ' ' || c == '\t');
        Some((pos_of(i, col), indents))
    })
}

/// A quote error, where the quote opened. A `"` left open runs on to the next `"`, often
/// lines later, and the parser complains there — of text after what it took for the
/// closing quote, or of a quote that never closes: the opening quote is found by scanning
/// back from the closing one through the quoted text.
fn quote_diagnostic(err: &serde_saphyr::Error, text: &str, pos: Pos, origin: &str) -> Diagnostic {
    let message = plain_message(err);
    let hint = "close the quote on the line it opens; inside `\"…\"` a `\"` is written `\\\"`, inside `'…'` a `'` is written `''`";
    let generic = || Diagnostic::new(origin, pos, message.clone()).hint(hint);
    let Some(at) = offset_of(text, pos) else {
        return generic();
    };
    if message == "unclosed quote" {
        // Reported at the opening quote itself; else at the first quote from there on.
        return match text[at..].find(['"', '\'']) {
            Some(q) => {
                let opened = position_after(&text[..at + q]);
                Diagnostic::new(origin, opened, "unclosed quote").hint(hint)
            }
            None => generic(),
        };
    }
    let quote = if message.contains("single-quoted") {
        '\''
    } else {
        '"'
    };
    // Reported just after the closing quote (or a little further along its line).
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let Some(close) = text[line_start..at].rfind(quote).map(|i| line_start + i) else {
        return generic();
    };
    let Some(open) = opening_quote(&text[..close], quote) else {
        return generic();
    };
    if !text[open..close].contains('\n') {
        // Closed on its own line: what follows really is stray text.
        return generic();
    }
    let closed_at = position_after(&text[..close]);
    Diagnostic::new(
        origin,
        position_after(&text[..open]),
        format!(
            "unclosed quote: this `{quote}` runs on to line {}, column {}, where the next `{quote}` closes it",
            closed_at.line, closed_at.col
        ),
    )
    .hint(hint)
}

/// The byte offset of the quote that opens the quoted text `before` ends in (the closing
/// quote itself not included): back over escaped quotes (`\"` in double quotes, `''` in
/// single) to the first one that is not.
fn opening_quote(before: &str, quote: char) -> Option<usize> {
    let bytes = before.as_bytes();
    let q = u8::try_from(quote).ok()?;
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        if bytes[i] != q {
            continue;
        }
        if q == b'"' {
            let backslashes = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            if backslashes % 2 == 0 {
                return Some(i);
            }
        } else if i > 0 && bytes[i - 1] == b'\'' {
            i -= 1;
        } else {
            return Some(i);
        }
    }
    None
}

/// The 1-based position of the character at 0-based line `line` and column `col`.
fn pos_of(line: usize, col: usize) -> Pos {
    Pos {
        line: u32::try_from(line + 1).unwrap_or(u32::MAX),
        col: u32::try_from(col + 1).unwrap_or(u32::MAX),
    }
}

/// The byte offset of a parser position (1-based line and character column) in `text`; a
/// column past its line's end is the line's end.
fn offset_of(text: &str, pos: Pos) -> Option<usize> {
    let skip = usize::try_from(pos.line.checked_sub(1)?).ok()?;
    let start = if skip == 0 {
        0
    } else {
        text.match_indices('\n').nth(skip - 1)?.0 + 1
    };
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let col = usize::try_from(pos.col.max(1) - 1).ok()?;
    Some(start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i))
}

/// The parser's message without its own location prefix and developer hints.
fn plain_message(err: &serde_saphyr::Error) -> String {
    let s = err.to_string();
    let s = s.strip_prefix("error: ").unwrap_or(&s);
    let s = match s.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map_or(s, |(_, m)| m),
        None => s,
    };
    let s = s.split(", set DuplicateKeyPolicy").next().unwrap_or(s);
    let s = s.lines().next().unwrap_or(s);
    let s = s.split(" at line ").next().unwrap_or(s);
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(kind: NodeKind) -> Node {
        Node {
            pos: Pos { line: 1, col: 1 },
            span: None,
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
        assert!(check_sizes(&section(MAX_ENTRIES), "kb.yaml").is_ok());
        let err = check_sizes(&section(MAX_ENTRIES + 1), "kb.yaml").unwrap_err();
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

    #[test]
    fn the_opening_quote_is_found_back_over_escaped_quotes() {
        let text = "a: \"x \\\" y\nb: z";
        assert_eq!(opening_quote(text, '"'), Some(3));
        // `'it''s` left open, closed by the quote that was to open `'x'`.
        assert_eq!(opening_quote("a: 'it''s\nb: ", '\''), Some(3));
        // `'''` is a quoted `'`: the quote before the closing one is the opening one.
        assert_eq!(opening_quote("a: '''", '\''), Some(3));
        assert_eq!(opening_quote("no quote", '"'), None);
    }

    #[test]
    fn parser_positions_are_lines_and_character_columns() {
        let text = "ab\nçé\"x\n";
        assert_eq!(offset_of(text, Pos { line: 1, col: 1 }), Some(0));
        assert_eq!(offset_of(text, Pos { line: 2, col: 3 }), Some(7));
        assert_eq!(&text[7..8], "\"");
        assert_eq!(offset_of(text, Pos { line: 2, col: 99 }), Some(9));
        assert_eq!(offset_of(text, Pos { line: 9, col: 1 }), None);
        assert_eq!(
            first_tab_from("a\n b\tc\n\td", 1),
            Some((Pos { line: 2, col: 3 }, false))
        );
        assert_eq!(
            first_tab_from("a\n b\n\td", 2),
            Some((Pos { line: 3, col: 1 }, true))
        );
    }

    #[test]
    fn only_text_with_every_other_byte_nul_is_utf16() {
        let utf16: Vec<u8> = "meta:\n  title: T\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(looks_like_utf16(&utf16));
        let elf =
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0\0\x10\x40\0\0\0\0\0";
        assert!(!looks_like_utf16(elf));
        assert!(looks_binary(elf));
        assert!(!looks_binary(
            b"meta:\n  title: a\0b and a long enough line of text\n"
        ));
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
