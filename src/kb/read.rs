//! Reading knowledge-base files from disk: the files a list of paths stands for, each
//! refused unless it is a regular file within the size limit, its bytes decoded (`decode`);
//! and a file read a piece at a time, for hashing it without holding it.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::decode::{binary, decode, signature_of_file};
use super::diagnostic::{Diagnostic, LoadError};
use super::load::MAX_FILE_BYTES;
use super::node::Pos;

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

/// Reads and decodes one file, refusing what is not a regular file or is too large.
pub(super) fn read_text(path: &Path) -> Result<String, LoadError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
