//! From a file's bytes to its text: a byte-order mark, UTF-16, invalid UTF-8 and raw
//! control bytes are reported at their place, and a binary file (an executable, an image,
//! an archive) is called what it is rather than "UTF-16" or "Latin-1".

use std::io::Read;
use std::path::Path;

use super::diagnostic::{Diagnostic, LoadError};
use super::node::Pos;
use super::read::open_regular;

pub(super) fn decode<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, LoadError> {
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
pub(super) fn position_after(prefix: &str) -> Pos {
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

pub(super) fn binary(origin: &str, kind: Option<&str>) -> LoadError {
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
pub(super) fn signature_of_file(path: &Path) -> Option<&'static str> {
    let (file, _) = open_regular(path).ok()?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    file.take(SNIFF_BYTES as u64).read_to_end(&mut head).ok()?;
    binary_signature(&head)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
