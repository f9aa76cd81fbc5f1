//! One fixture per way a knowledge-base file can be wrong, each asserting the message a
//! user sees and where it points. Fixtures in `tests/fixtures/invalid/` declare what they
//! expect in their first lines:
//!
//! ```yaml
//! # expect: LINE:COL: message
//! # hint: text the hint must contain
//! ```
//!
//! Inputs that cannot be written as text (bad encodings, huge or special files) are
//! generated here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use qwen_tui::kb::{LoadError, load_bytes, load_path};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn header(text: &str, key: &str) -> Option<String> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(&format!("# {key}: ")).map(str::to_string))
}

#[test]
fn every_invalid_fixture_fails_with_its_message_position_and_hint() {
    let files = fixtures();
    assert!(
        files.len() >= 20,
        "expected the fixture set, found {}",
        files.len()
    );
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = header(&text, "expect")
            .unwrap_or_else(|| panic!("{} has no `# expect:` line", path.display()));
        let err = match load_path(&path) {
            Ok(_) => panic!("{} loaded, but should fail with: {expect}", path.display()),
            Err(e) => e,
        };
        let shown = err.to_string();
        let wanted = format!(
            "{}:{}",
            path.display(),
            expect.replacen(": ", ": error: ", 1)
        );
        assert!(
            shown.contains(&wanted),
            "{}:\n wanted: {wanted}\n    got: {shown}",
            path.display()
        );
        if let Some(hint) = header(&text, "hint") {
            assert!(
                shown
                    .lines()
                    .any(|l| l.starts_with("  hint: ") && l.contains(&hint)),
                "{}: hint `{hint}` missing from:\n{shown}",
                path.display()
            );
        }
        assert!(!err.diagnostics.is_empty());
    }
}

fn load_err(bytes: &[u8]) -> LoadError {
    match load_bytes(bytes, "gen.yaml") {
        Ok(_) => panic!(
            "should not load: {:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
        ),
        Err(e) => e,
    }
}

const VALID_HEAD: &str = "meta:\n  title: T\n  subject: S\n  as_of: 2026\nsources:\n  - id: doc\n    title: D\n    publisher: P\n";

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let mut bytes = VALID_HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(b"overview:\n  - id: x\n    label: caf\xE9\n");
    let shown = load_err(&bytes).to_string();
    assert!(
        shown.starts_with("gen.yaml:11:15: error: invalid UTF-8 (byte 0xE9)"),
        "{shown}"
    );
    assert!(shown.contains("hint: save the file as UTF-8"));
}

#[test]
fn utf16_files_are_refused_with_save_as_utf8() {
    let utf16: Vec<u8> = VALID_HEAD
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf16be: Vec<u8> = VALID_HEAD
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    for bytes in [
        [&[0xFF, 0xFE][..], &utf16].concat(), // with a byte-order mark
        utf16.clone(),                        // without one
        utf16be,                              // big-endian, without one
    ] {
        let shown = load_err(&bytes).to_string();
        assert!(
            shown.contains("error: the file is UTF-16 encoded"),
            "{shown}"
        );
        assert!(shown.contains("save it as UTF-8"), "{shown}");
    }
}

/// Binary files given as data (an executable, an image, an archive): called binary, not
/// UTF-16 (an executable's NUL bytes) or Latin-1 (a PNG's or gzip's high bytes).
#[test]
fn binary_files_are_called_binary_not_utf16_or_latin1() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    for (name, kind) in [
        ("binary-elf", "an ELF executable"),
        ("binary-png.png", "a PNG image"),
        ("binary-gzip.yaml.gz", "gzip-compressed data"),
    ] {
        let path = dir.join(name);
        let shown = load_path_err(&path);
        assert_eq!(
            shown,
            format!(
                "{}: error: this is a binary file ({kind}), not YAML text\n  hint: give the path of a YAML knowledge-base file",
                path.display()
            )
        );
    }
    // Without a known signature: NUL bytes among many control bytes.
    let mut bytes = b"\x13\x37data".to_vec();
    bytes.extend((0u8..=255).cycle().take(300));
    let shown = load_err(&bytes).to_string();
    assert_eq!(
        shown,
        "gen.yaml: error: this is a binary file, not YAML text\n  hint: give the path of a YAML knowledge-base file"
    );
}

/// A binary over the size limit (a debug build of an executable) is named as what it is.
#[test]
fn a_large_binary_is_called_binary_not_only_too_large() {
    use std::io::Write as _;
    let path = std::env::temp_dir().join(format!("qwen-tui-big-elf-{}", std::process::id()));
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(b"\x7fELF\x02\x01\x01\0").unwrap();
    file.set_len(qwen_tui::kb::load::MAX_FILE_BYTES + 1)
        .unwrap();
    let shown = load_path_err(&path);
    std::fs::remove_file(&path).unwrap();
    assert!(
        shown.contains("error: this is a binary file (an ELF executable), not YAML text"),
        "{shown}"
    );
}

#[test]
fn raw_control_bytes_are_reported_without_echoing_them() {
    let text = format!("{VALID_HEAD}overview:\n  - id: x\n    label: a\x1b]0;evil\x07b\n");
    let shown = load_err(text.as_bytes()).to_string();
    assert!(
        shown.starts_with("gen.yaml:11:13: error: control character U+001B"),
        "{shown}"
    );
    assert!(!shown.contains('\x1b') && !shown.contains('\x07'));
    // A NUL byte likewise, with its position.
    let text = format!("{VALID_HEAD}overview:\n  - id: x\n    label: ab\x00c\n");
    let shown = load_err(text.as_bytes()).to_string();
    assert!(
        shown.starts_with("gen.yaml:11:14: error: control character U+0000"),
        "{shown}"
    );
    assert!(!shown.contains('\0'));
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let crlf = VALID_HEAD.replace('\n', "\r\n");
    let bytes = [&b"\xEF\xBB\xBF"[..], crlf.as_bytes()].concat();
    let kb = load_bytes(&bytes, "bom.yaml").unwrap();
    assert_eq!(kb.meta.title, "T");
    assert_eq!(kb.sources[0].publisher, "P");
}

#[test]
fn alias_amplification_is_stopped_by_a_limit() {
    // Each level repeats the previous one ten times: 10^7 values from a few hundred bytes.
    let mut text = String::from(VALID_HEAD);
    text.push_str("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..8 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!("x{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    let shown = load_err(text.as_bytes()).to_string();
    assert!(
        shown.contains("error: too many alias expansions"),
        "{shown}"
    );
    assert!(shown.contains("write the values out"), "{shown}");
}

#[test]
fn an_alias_of_a_large_value_repeated_is_stopped_by_the_text_limit() {
    // One 1 MB value, used 5,000 times: 5 GB if every use were copied.
    let big = "x".repeat(1_000_000);
    let mut text = format!("{VALID_HEAD}overview:\n  - id: a\n    label: &big \"{big}\"\n");
    text.push_str("    value: v\n    sources: [doc]\n    aliases:\n");
    for _ in 0..5_000 {
        text.push_str("      - *big\n");
    }
    let shown = load_err(text.as_bytes()).to_string();
    assert!(
        shown.contains("error: more than 64 MiB of text in all"),
        "{shown}"
    );
    assert!(shown.contains("hint: write values out"), "{shown}");
}

#[test]
fn a_100000_character_line_is_reported_at_its_position() {
    let long = "y".repeat(100_000);
    let text = format!(
        "{VALID_HEAD}overview:\n  - id: a\n    label: L\n    value: {long}\n    sources: [doc]\n"
    );
    let err = load_err(text.as_bytes());
    let shown = err.to_string();
    assert!(
        shown.contains(
            "gen.yaml:12:12: error: this text is 100000 characters long; the limit is 20000"
        ),
        "{shown}"
    );
    // Just under the limit loads.
    let ok = text.replace(&long, &"y".repeat(20_000));
    assert!(qwen_tui::kb::load_bytes(ok.as_bytes(), "gen.yaml").is_ok());
}

#[test]
fn deep_nesting_is_stopped_by_a_limit() {
    let depth = 10_000;
    let text = format!(
        "{VALID_HEAD}deep: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let shown = load_err(text.as_bytes()).to_string();
    assert!(shown.contains("gen.yaml:9:"), "{shown}");
    assert!(
        shown.contains("error: the file exceeds a safety limit"),
        "{shown}"
    );
}

#[test]
fn all_errors_of_a_file_are_reported_in_file_order_and_capped() {
    let mut text = String::from(VALID_HEAD);
    text.push_str("timeline:\n");
    for i in 0..70 {
        text.push_str(&format!(
            "  - id: e{i}\n    date: 2025\n    title: t\n    sources: [nope{i}]\n"
        ));
    }
    let err = load_err(text.as_bytes());
    assert_eq!(err.diagnostics.len(), 50);
    assert_eq!(err.omitted, 20);
    assert!(err.diagnostics.windows(2).all(|w| w[0].pos < w[1].pos));
    assert!(err.to_string().ends_with("… and 20 more errors not shown"));
}

#[test]
fn several_different_errors_are_reported_together() {
    let text = format!(
        "{VALID_HEAD}timeline:\n  - id: a\n    date: 2025-13\n    title: t\n    sources: [doc]\n  - id: b\n    date: 2025\n    titel: t\n    sources: [doc]\nrisks:\n  - id: c\n    title: t\n    category: c\n    severity: high\n    sources: [dco]\n"
    );
    let err = load_err(text.as_bytes());
    let shown = err.to_string();
    assert_eq!(err.diagnostics.len(), 3, "{shown}");
    assert!(shown.contains("gen.yaml:11:11: error: `2025-13`: the month must be 1–12"));
    assert!(shown.contains("gen.yaml:16:5: error: unknown key `titel`"));
    assert!(shown.contains("gen.yaml:23:15: error: unknown source `dco`"));
}

#[test]
fn every_misspelt_key_of_an_entry_is_reported_with_its_other_problems() {
    let text = format!(
        "{VALID_HEAD}timeline:\n  - id: a\n    date: 2025\n    title: t\n    summry: s\n    tgs: [x]\n    sources: [dco]\n"
    );
    let err = load_err(text.as_bytes());
    let shown = err.to_string();
    assert_eq!(err.diagnostics.len(), 3, "{shown}");
    assert!(
        shown.contains(
            "gen.yaml:13:5: error: unknown key `summry`\n  hint: did you mean `summary`?"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("gen.yaml:14:5: error: unknown key `tgs`\n  hint: did you mean `tags`?"),
        "{shown}"
    );
    assert!(
        shown.contains("gen.yaml:15:15: error: unknown source `dco`"),
        "{shown}"
    );
}

#[test]
fn a_misspelt_required_key_is_one_error_not_two() {
    let text = format!(
        "{VALID_HEAD}timeline:\n  - id: a\n    date: 2025\n    titel: t\n    sources: [doc]\n"
    );
    let err = load_err(text.as_bytes());
    let shown = err.to_string();
    assert_eq!(err.diagnostics.len(), 1, "{shown}");
    assert!(
        shown.contains("gen.yaml:12:5: error: unknown key `titel`\n  hint: did you mean `title`?"),
        "{shown}"
    );
}

fn load_path_err(path: &Path) -> String {
    match load_path(path) {
        Ok(_) => panic!("{} should not load", path.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn directories_and_missing_files_are_refused_clearly() {
    let dir = std::env::temp_dir();
    let shown = load_path_err(&dir);
    assert!(shown.contains("error: this is a directory"), "{shown}");
    let missing = dir.join("qwen-tui-no-such-file.yaml");
    let shown = load_path_err(&missing);
    assert!(
        shown.contains("error: cannot read the file: no such file"),
        "{shown}"
    );
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_without_reading_them() {
    let shown = load_path_err(Path::new("/dev/zero"));
    assert!(shown.contains("not a regular file"), "{shown}");

    let fifo = std::env::temp_dir().join(format!("qwen-tui-fifo-{}", std::process::id()));
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        // Reading a FIFO with no writer would block forever: this must return at once.
        let shown = load_path_err(&fifo);
        std::fs::remove_file(&fifo).unwrap();
        assert!(shown.contains("not a regular file"), "{shown}");
    }
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let path = std::env::temp_dir().join(format!("qwen-tui-big-{}.yaml", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: no data is written, but the file reports its size.
    file.set_len(qwen_tui::kb::load::MAX_FILE_BYTES + 1)
        .unwrap();
    let shown = load_path_err(&path);
    std::fs::remove_file(&path).unwrap();
    assert!(
        shown.contains("error: the file is 67108865 bytes, over the limit"),
        "{shown}"
    );
}

/// `sources:` listing nothing is said beside the references it leaves unknown, but not when
/// an entry is wrong in itself too (that is what to mend first).
#[test]
fn an_empty_sources_list_is_said_beside_the_references_it_leaves_unknown() {
    let cited = "meta:\n  title: T\n  subject: S\n  as_of: 2026\nsources: []\ntimeline:\n  - id: launch\n    date: 2025-04\n    title: Launched\n    sources: [doc]\n";
    let shown = load_err(cited.as_bytes()).to_string();
    assert!(
        shown.contains("gen.yaml:10:15: error: unknown source `doc`"),
        "{shown}"
    );
    assert!(
        shown.contains("gen.yaml:1:1: error: `sources` lists no source"),
        "{shown}"
    );
    let also_broken = format!("{cited}  - id: untitled\n    date: 2025-04\n    sources: [doc]\n");
    let shown = load_err(also_broken.as_bytes()).to_string();
    assert!(shown.contains("`title`"), "{shown}");
    assert!(!shown.contains("lists no source"), "{shown}");
}

/// Every later use of an id is reported, each pointing at the first.
#[test]
fn an_id_used_three_times_is_two_errors_each_naming_the_first_use() {
    let entry = |title: &str| {
        format!("  - id: x\n    date: 2025\n    title: {title}\n    sources: [doc]\n")
    };
    let text = format!(
        "{VALID_HEAD}timeline:\n{}{}{}",
        entry("A"),
        entry("B"),
        entry("C")
    );
    let shown = load_err(text.as_bytes()).to_string();
    assert!(
        shown.contains("gen.yaml:14:9: error: duplicate id `x` (first used at line 10)"),
        "{shown}"
    );
    assert!(
        shown.contains("gen.yaml:18:9: error: duplicate id `x` (first used at line 10)"),
        "{shown}"
    );
    assert_eq!(shown.matches("duplicate id").count(), 2, "{shown}");
}
