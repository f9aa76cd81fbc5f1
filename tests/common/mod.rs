//! Helpers shared by the integration tests: running the real binary and reading Markdown
//! the way a CommonMark renderer does (the output-format tests), and a session of the
//! binary in a pseudo-terminal ([`session`]).

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub mod screen;
#[cfg(unix)]
pub mod session;

/// The binary with `dir/xdg` as `XDG_CONFIG_HOME` and `dir/home` as `HOME`, and none of
/// the user's variables (no cache, no `--data`, no config path, no `NO_COLOR`).
pub fn binary_in(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qwen-tui"));
    cmd.env("XDG_CONFIG_HOME", dir.join("xdg"))
        .env("HOME", dir.join("home"))
        .env("QWEN_TUI_CACHE", "off")
        .env_remove("QWEN_TUI_DATA")
        .env_remove("QWEN_TUI_CONFIG")
        .env_remove("NO_COLOR");
    cmd
}

pub fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// Runs the binary on its own: no user config, cache or `--data` from the environment.
pub fn run(args: &[&str]) -> Output {
    run_with(args, &[])
}

/// The same with these environment variables added (after the rest is set up, so they
/// can override it).
pub fn run_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qwen-tui"))
        .args(args)
        .env_remove("QWEN_TUI_DATA")
        .env_remove("QWEN_TUI_CONFIG")
        .env(
            "XDG_CONFIG_HOME",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-config"),
        )
        .env("QWEN_TUI_CACHE", "off")
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs")
}

/// Runs the binary, expects success, and returns its standard output.
pub fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("stdout is UTF-8")
}

/// One block of rendered Markdown: its kind and the text a reader sees in it.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, String),
    Paragraph(String),
    /// A list item at a nesting depth (1 = top level), with its own text (not that of the
    /// list nested in it).
    Item(usize, String),
}

/// What a CommonMark renderer makes of `markdown`.
#[derive(Debug, Default)]
pub struct Rendered {
    pub blocks: Vec<Block>,
    /// Raw HTML, which knowledge-base text must never produce.
    pub html: Vec<String>,
    /// (address, link text) of every link.
    pub links: Vec<(String, String)>,
    /// The text of every strong (bold) span.
    pub strong: Vec<String>,
    /// The text of every emphasis, strikethrough or image, which no output uses.
    pub other_inline: Vec<String>,
    /// Whether each list was ordered.
    pub ordered_lists: Vec<bool>,
}

impl Rendered {
    pub fn headings(&self, level: u8) -> Vec<&str> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(l, t) if *l == level => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    pub fn items(&self, depth: usize) -> Vec<&str> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Item(d, t) if *d == depth => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Every block's text, one per line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            let (Block::Heading(_, t) | Block::Paragraph(t) | Block::Item(_, t)) = b;
            out.push_str(t);
            out.push('\n');
        }
        out
    }
}

/// What a CommonMark renderer makes of `markdown`.
pub fn render(markdown: &str) -> Rendered {
    render_with(markdown, Options::empty())
}

/// The same with GitHub's extensions (tables, strikethrough), which many notes apps use.
pub fn render_gfm(markdown: &str) -> Rendered {
    render_with(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
}

fn render_with(markdown: &str, options: Options) -> Rendered {
    let mut r = Rendered::default();
    // Open blocks and inline spans, innermost last, each with the text gathered so far.
    let mut blocks: Vec<(Option<Block>, String)> = Vec::new();
    let mut spans: Vec<String> = Vec::new();
    let mut depth = 0;
    let mut link: Option<String> = None;
    let push = |blocks: &mut Vec<(Option<Block>, String)>, spans: &mut Vec<String>, t: &str| {
        if let Some(top) = blocks.last_mut() {
            top.1.push_str(t);
        }
        for s in spans.iter_mut() {
            s.push_str(t);
        }
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => blocks.push((
                Some(Block::Heading(level as u8, String::new())),
                String::new(),
            )),
            Event::Start(Tag::Paragraph) => {
                blocks.push((Some(Block::Paragraph(String::new())), String::new()))
            }
            Event::Start(Tag::List(first)) => {
                r.ordered_lists.push(first.is_some());
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) => {
                blocks.push((Some(Block::Item(depth, String::new())), String::new()))
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Item) => {
                let (kind, text) = blocks.pop().unwrap();
                r.blocks.push(match kind.unwrap() {
                    Block::Heading(l, _) => Block::Heading(l, text.trim().to_string()),
                    Block::Item(d, _) => Block::Item(d, text.trim().to_string()),
                    Block::Paragraph(_) => unreachable!(),
                });
            }
            Event::End(TagEnd::Paragraph) => {
                let (_, text) = blocks.pop().unwrap();
                // A paragraph inside a list item (a loose list) is the item's text.
                match blocks.last_mut() {
                    Some((Some(Block::Item(..)), item)) => item.push_str(&text),
                    _ => r.blocks.push(Block::Paragraph(text.trim().to_string())),
                }
            }
            Event::Start(Tag::Strong | Tag::Emphasis | Tag::Strikethrough | Tag::Image { .. }) => {
                spans.push(String::new())
            }
            Event::End(TagEnd::Strong) => r.strong.push(spans.pop().unwrap()),
            Event::End(TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Image) => {
                r.other_inline.push(spans.pop().unwrap())
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some(dest_url.to_string());
                spans.push(String::new());
            }
            Event::End(TagEnd::Link) => {
                let text = spans.pop().unwrap();
                r.links.push((link.take().unwrap(), text));
            }
            Event::Text(t) | Event::Code(t) => push(&mut blocks, &mut spans, &t),
            Event::SoftBreak | Event::HardBreak => push(&mut blocks, &mut spans, " "),
            Event::Html(h) | Event::InlineHtml(h) => r.html.push(h.to_string()),
            Event::Start(Tag::Table(_)) => r.html.push("a table".into()),
            _ => {}
        }
    }
    r
}
