//! Synthetic knowledge bases in the real format, for benchmarks and tests: every section,
//! realistic text lengths, about 2% Chinese text and 5% disputed values. Deterministic: the
//! same size and seed give the same file.
//!
//! By hand: `cargo run --release --example synth -- 100000 > big.yaml`.

use std::fmt::Write;

/// A small deterministic generator (xorshift64*): no dependency, same output everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "cloud",
    "revenue",
    "model",
    "open",
    "weights",
    "license",
    "growth",
    "quarter",
    "inference",
    "training",
    "cluster",
    "data",
    "centre",
    "agent",
    "reasoning",
    "vision",
    "language",
    "audio",
    "coder",
    "math",
    "enterprise",
    "customer",
    "platform",
    "studio",
    "market",
    "share",
    "price",
    "export",
    "controls",
    "chip",
    "supply",
    "team",
    "research",
    "laboratory",
    "benchmark",
    "download",
    "derivative",
    "release",
    "preview",
    "flagship",
    "mixture",
    "experts",
    "dense",
    "context",
    "tokens",
    "parameters",
    "active",
    "hosted",
    "api",
    "regulation",
    "security",
    "privacy",
    "competition",
    "partner",
    "region",
    "capex",
    "margin",
    "profit",
    "segment",
    "international",
    "domestic",
    "commerce",
    "logistics",
    "payments",
    "search",
    "assistant",
];
const NAMES: &[&str] = &[
    "Qwen",
    "Tongyi",
    "Wan",
    "Model Studio",
    "DingTalk",
    "Quark",
    "PAI",
    "Bailian",
    "Aliyun",
    "DeepSeek",
    "Kimi",
    "Doubao",
    "Hunyuan",
    "Ernie",
    "Llama",
    "Mistral",
    "Gemini",
    "Claude",
];
const CHINESE: &[&str] = &[
    "通义千问",
    "阿里云",
    "钉钉",
    "夸克",
    "百炼",
    "深度求索",
    "文心一言",
];
const SOURCES: [&str; 5] = ["src-a", "src-b", "src-c", "src-d", "src-e"];

fn sentence(r: &mut Rng, min_words: usize, max_words: usize) -> String {
    let n = min_words + r.below(max_words - min_words + 1);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        if r.chance(8) {
            s.push_str(r.pick(NAMES));
        } else if r.chance(2) {
            s.push_str(r.pick(CHINESE));
        } else {
            s.push_str(r.pick(WORDS));
        }
    }
    s
}

/// A YAML string literal (double-quoted, escaped).
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn date(r: &mut Rng) -> String {
    let y = 2019 + r.below(8);
    match r.below(3) {
        0 => format!("{y}"),
        1 => format!("{y}-{:02}", 1 + r.below(12)),
        _ => format!("{y}-{:02}-{:02}", 1 + r.below(12), 1 + r.below(28)),
    }
}

fn sources(r: &mut Rng) -> String {
    let a = r.pick(&SOURCES);
    let b = r.pick(&SOURCES);
    if a == b {
        format!("[{a}]")
    } else {
        format!("[{a}, {b}]")
    }
}

/// A value: usually plain, sometimes claims from two sources that differ (disputed).
fn value(r: &mut Rng, out: &mut String, indent: &str, key: &str, text: String) {
    if r.chance(5) {
        let _ = writeln!(out, "{indent}{key}:");
        let _ = writeln!(out, "{indent}  - value: {}", q(&text));
        let _ = writeln!(out, "{indent}    sources: [{}]", SOURCES[0]);
        let _ = writeln!(
            out,
            "{indent}  - value: {}",
            q(&format!("{text} (revised)"))
        );
        let _ = writeln!(out, "{indent}    sources: [{}]", SOURCES[1]);
    } else {
        let _ = writeln!(out, "{indent}{key}: {}", q(&text));
    }
}

/// The sections in proportions like the shipped knowledge base's.
const SHARES: [(&str, usize); 8] = [
    ("overview", 25),
    ("timeline", 25),
    ("models", 15),
    ("finances", 10),
    ("risks", 8),
    ("people", 7),
    ("competitors", 5),
    ("products", 5),
];

/// A knowledge base of `entries` entries (besides its 5 sources), as YAML text.
pub fn knowledge_base(entries: usize, seed: u64) -> String {
    let mut r = Rng(seed.max(1));
    let mut out = String::with_capacity(entries * 300);
    out.push_str("meta:\n  title: Synthetic knowledge base\n  subject: Benchmarks\n  as_of: 2026-06\n  fiscal_year_end: 3\n");
    out.push_str("sources:\n");
    for (i, id) in SOURCES.iter().enumerate() {
        let _ = writeln!(
            out,
            "  - id: {id}\n    title: {}\n    publisher: Publisher {i}\n    date: 2026-0{}",
            q(&sentence(&mut r, 3, 8)),
            i + 1
        );
    }
    let mut made = 0;
    for (n, (section, share)) in SHARES.iter().enumerate() {
        let count = if n + 1 == SHARES.len() {
            entries - made
        } else {
            entries * share / 100
        };
        made += count;
        let _ = writeln!(out, "{section}:");
        for i in 0..count {
            let id = format!("{}.{i}", &section[..3]);
            let _ = writeln!(out, "  - id: {id}");
            let title = sentence(&mut r, 2, 8);
            match *section {
                "overview" => {
                    let _ = writeln!(out, "    label: {}", q(&title));
                    {
                        let t = sentence(&mut r, 2, 12);
                        value(&mut r, &mut out, "    ", "value", t);
                    }
                }
                "timeline" => {
                    let _ = writeln!(
                        out,
                        "    date: {}\n    title: {}\n    category: {}",
                        date(&mut r),
                        q(&title),
                        r.pick(&["model", "finance", "people", "product"])
                    );
                    let _ = writeln!(out, "    summary: {}", q(&sentence(&mut r, 8, 30)));
                }
                "models" => {
                    let _ = writeln!(
                        out,
                        "    name: {}\n    family: Qwen{}\n    released: {}",
                        q(&format!("{} {}B", r.pick(NAMES), 1 + r.below(400))),
                        1 + r.below(4),
                        date(&mut r)
                    );
                    {
                        let t = format!("{} billion", 1 + r.below(500));
                        value(&mut r, &mut out, "    ", "params_total", t);
                    }
                    let _ = writeln!(
                        out,
                        "    context: {}K\n    licence: {}",
                        8 * (1 + r.below(128)),
                        r.pick(&["Apache 2.0", "proprietary", "MIT"])
                    );
                    let _ = writeln!(out, "    summary: {}", q(&sentence(&mut r, 8, 30)));
                }
                "finances" => {
                    let _ = writeln!(
                        out,
                        "    metric: {}\n    period: FY{}-Q{}",
                        q(&title),
                        2020 + r.below(7),
                        1 + r.below(4)
                    );
                    {
                        let t = format!("RMB {},{:03}M", 1 + r.below(99), r.below(1000));
                        value(&mut r, &mut out, "    ", "value", t);
                    }
                    let _ = writeln!(out, "    change: \"+{}% YoY\"", r.below(120));
                }
                "risks" => {
                    let _ = writeln!(
                        out,
                        "    title: {}\n    category: {}\n    severity: {}",
                        q(&title),
                        r.pick(&["geopolitical", "regulatory", "competitive", "people"]),
                        r.pick(&["low", "medium", "high", "critical"])
                    );
                    let _ = writeln!(
                        out,
                        "    summary: {}\n    mitigation: {}",
                        q(&sentence(&mut r, 10, 35)),
                        q(&sentence(&mut r, 6, 20))
                    );
                }
                "people" => {
                    let _ = writeln!(
                        out,
                        "    name: {}",
                        q(&format!("Person {i} {}", r.pick(NAMES)))
                    );
                    {
                        let t = sentence(&mut r, 2, 6);
                        value(&mut r, &mut out, "    ", "role", t);
                    }
                    let _ = writeln!(out, "    organisation: {}", q(r.pick(NAMES)));
                }
                "competitors" => {
                    let _ = writeln!(
                        out,
                        "    name: {}\n    positioning: {}\n    threat: {}",
                        q(&format!("{} {i}", r.pick(NAMES))),
                        q(&sentence(&mut r, 6, 20)),
                        q(&format!("High: {}", sentence(&mut r, 4, 12)))
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "    name: {}\n    category: {}\n    summary: {}",
                        q(&format!("{} {i}", r.pick(NAMES))),
                        q(&sentence(&mut r, 1, 3)),
                        q(&sentence(&mut r, 8, 25))
                    );
                }
            }
            if r.chance(40) {
                let _ = writeln!(out, "    aliases: [{}]", q(&sentence(&mut r, 1, 2)));
            }
            let _ = writeln!(out, "    sources: {}", sources(&mut r));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::knowledge_base;
    use crate::kb::{Tab, load_str};

    #[test]
    fn a_synthetic_knowledge_base_loads_with_every_section_disputes_and_chinese() {
        let text = knowledge_base(2_000, 7);
        let kb = load_str(&text, "synth.yaml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kb.entries.len() - kb.sources.len(), 2_000);
        for tab in Tab::ALL {
            assert!(kb.count(tab) > 0, "{tab}");
        }
        let disputed = kb.disputed_count();
        assert!((40..=200).contains(&disputed), "{disputed} disputed");
        assert!(text.contains("通义千问") || text.contains("阿里云"));
        assert_eq!(text, knowledge_base(2_000, 7), "deterministic");
    }
}
