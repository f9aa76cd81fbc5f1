//! The real binary, run as a user or a script would run it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    binary().args(args).output().expect("the binary runs")
}

/// The binary, in an environment without the user's settings.
fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qwen-tui"));
    cmd.env_remove("QWEN_TUI_DATA")
        .env_remove("QWEN_TUI_CONFIG")
        .env("XDG_CONFIG_HOME", no_config());
    cmd
}

/// A config folder with no config file in it: the user's own config file is never read.
fn no_config() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-config")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn minimal() -> String {
    fixture("valid/minimal.yaml").display().to_string()
}

#[test]
fn check_of_the_embedded_knowledge_base_passes_with_counts() {
    let o = run(&["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("<embedded>: valid\n"), "{out}");
    for section in [
        "overview",
        "timeline",
        "models",
        "finances",
        "risks",
        "people",
        "competitors",
        "products",
        "sources",
        "entries",
        "disputed",
    ] {
        assert!(
            out.lines().any(|l| l.trim_start().starts_with(section)),
            "{section} missing:\n{out}"
        );
    }
}

#[test]
fn check_of_a_file_prints_its_counts() {
    let o = run(&["check", &minimal()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("minimal.yaml: valid"));
    let count = |name: &str| -> usize {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap();
        line.split_whitespace().last().unwrap().parse().unwrap()
    };
    assert_eq!(count("overview"), 2);
    assert_eq!(count("timeline"), 2);
    assert_eq!(count("sources"), 2);
    assert_eq!(count("entries"), 10);
    assert_eq!(count("disputed"), 1);
}

#[test]
fn check_of_an_invalid_file_exits_1_with_located_errors_on_stderr() {
    let path = fixture("invalid/unknown-key.yaml");
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("unknown-key.yaml:14:5: error: unknown key `titel`"),
        "{err}"
    );
    assert!(err.contains("hint: did you mean `title`?"), "{err}");
    assert!(err.trim_end().ends_with("1 error"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn data_comes_from_the_flag_or_the_environment() {
    let o = run(&["--data", &minimal(), "search", "springfield"]);
    assert!(stdout(&o).contains("hq"), "{}", stdout(&o));
    let o = binary()
        .args(["search", "springfield"])
        .env("QWEN_TUI_DATA", minimal())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Headquarters — Springfield"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_broken_data_file_stops_every_command_with_its_error() {
    let path = fixture("invalid/bad-date.yaml");
    for args in [vec!["search", "x"], vec!["show", "x"], vec![]] {
        let mut all = vec!["--data", path.to_str().unwrap()];
        all.extend(args);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr(&o).contains("bad-date.yaml:13:11: error:"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn search_prints_one_line_per_hit_best_first() {
    let o = run(&["--data", &minimal(), "search", "235b"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("models"), "{out}");
    assert!(
        first.contains("widget-3") && first.contains("Widget-3-235B-A22B"),
        "{out}"
    );
    assert!(
        first.contains("235B / 22B active"),
        "the key value is shown: {out}"
    );
}

#[test]
fn search_marks_disputed_entries_and_honours_tab_and_limit() {
    let o = run(&["--data", &minimal(), "search", "employees"]);
    assert!(stdout(&o).contains("[disputed]"), "{}", stdout(&o));

    let o = run(&["--data", &minimal(), "search", "--tab", "time", "widget"]);
    let out = stdout(&o);
    assert!(
        out.lines().count() >= 1 && out.lines().all(|l| l.starts_with("timeline")),
        "{out}"
    );

    let o = run(&["--data", &minimal(), "search", "-n", "1", "e"]);
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn search_json_has_the_documented_fields() {
    let o = run(&["--data", &minimal(), "search", "--json", "employees"]);
    assert!(o.status.success());
    let hits: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let hit = &hits[0];
    assert_eq!(hit["tab"], "overview");
    assert_eq!(hit["id"], "staff");
    assert_eq!(hit["title"], "Employees");
    assert_eq!(hit["disputed"], true);
    assert!(hit["score"].as_i64().unwrap() > 0);
    let text = hit["text"].as_str().unwrap();
    assert!(
        text.contains("~1,200")
            && text.contains("1,500+")
            && text.contains("~1,200  (Mar 2026; report)"),
        "{text}"
    );
    let sources: Vec<&str> = hit["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["report", "press"]);
    assert_eq!(hit["sources"][1]["publisher"], "The Daily");
    let claims = hit["fields"][0]["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 2);
    assert_eq!(claims[0]["date"], "2026-03");
    assert_eq!(claims[1]["sources"][0], "press");
}

#[test]
fn search_without_hits_exits_1_and_says_so() {
    let o = run(&["--data", &minimal(), "search", "zzzzqqq"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("no entry matches `zzzzqqq`"));
    let o = run(&["--data", &minimal(), "search", "--json", "zzzzqqq"]);
    assert_eq!(stdout(&o).trim(), "[]");
}

#[test]
fn show_prints_every_field_claims_and_spelled_out_sources() {
    let o = run(&["--data", &minimal(), "show", "staff"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert_eq!(
        out,
        "Employees\n\
         [overview · staff]  DISPUTED: sources differ\n\
         Value — sources differ:\n  \
         • ~1,200  (Mar 2026; report)\n  \
         • 1,500+  (press)\n\
         Sources:\n  \
         [report] Annual report — Example Corp, 20 May 2026\n  \
         [press] A newspaper article — The Daily (A. Writer), Apr 2026\n"
    );
    let o = run(&["--data", &minimal(), "show", "widget-3"]);
    let out = stdout(&o);
    for line in [
        "Released: Apr 2025",
        "Parameters (total): 235B",
        "Parameters (active): 22B",
        "Licence: Apache 2.0",
        "Score: 80.40",
    ] {
        assert!(out.contains(line), "{line} missing:\n{out}");
    }
}

#[test]
fn show_json_is_one_object() {
    let o = run(&["--data", &minimal(), "show", "--json", "rev-fy2026"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["tab"], "finances");
    assert_eq!(v["date"], "FY2026");
    assert_eq!(v["fields"][0]["value"], "1,000");
    assert_eq!(v["sources"][0]["title"], "Annual report");
}

#[test]
fn show_of_an_unknown_id_suggests_the_nearest() {
    let o = run(&["--data", &minimal(), "show", "widget3"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error: no entry has the id `widget3`"),
        "{err}"
    );
    assert!(err.contains("did you mean `widget-3`?"), "{err}");
}

#[test]
fn bad_arguments_are_usage_errors() {
    let o = run(&["search"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("QUERY"), "{}", stderr(&o));

    let o = run(&["search", "--tab", "bogus", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown or ambiguous tab `bogus`"),
        "{}",
        stderr(&o)
    );

    let o = run(&["--frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["show"]);
    assert_eq!(o.status.code(), Some(2));

    let o = run(&["--data"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_and_version_come_from_clap() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let out = stdout(&o);
    for cmd in ["check", "search", "show", "schema", "--data"] {
        assert!(out.contains(cmd), "{cmd} missing from --help");
    }
    let o = run(&["--version"]);
    assert_eq!(
        stdout(&o).trim(),
        format!("qwen-tui {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn schema_is_json_schema_for_the_format() {
    let o = run(&["schema"]);
    assert!(o.status.success());
    let schema: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        schema["$schema"]
            .as_str()
            .unwrap()
            .contains("json-schema.org")
    );
    let props: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    let mut expected: Vec<&str> = qwen_tui::kb::model::TOP_LEVEL_KEYS.to_vec();
    expected.sort_unstable();
    let mut props: Vec<&str> = props.iter().map(|s| s.as_str()).collect();
    props.sort_unstable();
    assert_eq!(props, expected);
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["meta", "sources"]);
    let event = &schema["$defs"]["Event"];
    assert_eq!(event["additionalProperties"], false);
    for key in ["id", "date", "title", "sources", "aliases", "facts"] {
        assert!(event["properties"].get(key).is_some(), "Event lacks {key}");
    }
}

#[test]
fn without_a_terminal_the_explorer_does_not_start_and_says_why() {
    // `run` pipes stdout: not a terminal.
    for args in [vec!["--data", &minimal()], vec!["qwen3"]] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("needs a terminal") && err.contains("qwen-tui search"),
            "{err}"
        );
        assert!(stdout(&o).is_empty(), "nothing drawn: {}", stdout(&o));
    }
    // A broken file is reported before the terminal would be touched.
    let o = run(&["--data", "/nonexistent.yaml"]);
    assert!(
        stderr(&o).contains("cannot read the file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn text_from_the_file_cannot_reach_the_terminal_raw() {
    let dir = std::env::temp_dir().join(format!("qwen-tui-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("escapes.yaml");
    let yaml = std::fs::read_to_string(fixture("valid/minimal.yaml"))
        .unwrap()
        .replace(
            "value: Springfield",
            "value: \"Spring\\e]0;owned\\afield\\e[2J \\u202Egnp.exe\"",
        );
    std::fs::write(&path, yaml).unwrap();
    for args in [
        vec!["show", "hq"],
        vec!["search", "hq"],
        vec!["search", "--json", "hq"],
        vec!["search", "--format", "markdown", "hq"],
        vec!["show", "--format", "markdown", "hq"],
        vec!["brief"],
        vec!["brief", "--format", "markdown"],
    ] {
        // Markdown escapes the brackets.
        let shown = if args.contains(&"markdown") {
            "Spring\u{fffd}\\]0;owned\u{fffd}field\u{fffd}\\[2J gnp.exe"
        } else {
            "Spring\u{fffd}]0;owned\u{fffd}field\u{fffd}[2J gnp.exe"
        };
        let mut all = vec!["--data", path.to_str().unwrap()];
        all.extend(args);
        let o = run(&all);
        let out = stdout(&o);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            !out.contains('\x1b') && !out.contains('\x07') && !out.contains('\u{202e}'),
            "{out:?}"
        );
        assert!(out.contains(shown), "{out:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    // `qwen-tui schema | true`: the reader is gone before the first write; no panic message, no crash.
    for cmd in [
        "schema",
        "search -n 200 a",
        "show ov.market-cap",
        "show --format markdown ov.market-cap",
        "search --format markdown -n 200 a",
        "brief --all",
        "brief --format markdown",
        "check",
        "man",
        "completions zsh",
    ] {
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("'{}' {cmd} | true", env!("CARGO_BIN_EXE_qwen-tui")))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{cmd}: {err}");
    }
}

#[test]
fn bash_completion_completes_subcommands() {
    let o = run(&["completions", "bash"]);
    assert!(o.status.success());
    let script =
        std::env::temp_dir().join(format!("qwen-tui-completion-{}.bash", std::process::id()));
    std::fs::write(&script, &o.stdout).unwrap();
    // What bash offers after `qwen-tui se<Tab>` and `qwen-tui sc<Tab>`.
    let offer = |word: &str| {
        let o = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source '{}'; COMP_WORDS=(qwen-tui {word}); COMP_CWORD=1; _qwen__tui qwen-tui {word} qwen-tui; echo \"${{COMPREPLY[@]}}\"",
                script.display()
            ))
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    assert_eq!(offer("se"), "search");
    assert_eq!(offer("sc"), "schema");
    assert_eq!(offer("co"), "completions config");
    assert_eq!(offer("con"), "config");
    std::fs::remove_file(&script).unwrap();
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let o = run(&["completions", shell]);
        assert!(o.status.success(), "{shell}");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("search"),
            "{shell}"
        );
    }
    assert_eq!(run(&["completions", "nushell"]).status.code(), Some(2));
}

/// What bash offers for the last of `words` (after `qwen-tui`), with the generated script.
fn bash_offers(words: &[&str]) -> String {
    let o = run(&["completions", "bash"]);
    assert!(o.status.success());
    let script = std::env::temp_dir().join(format!(
        "qwen-tui-completion-{}-{}.bash",
        std::process::id(),
        words.join("_").replace(['-', ' '], "")
    ));
    std::fs::write(&script, &o.stdout).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cur = words.last().copied().unwrap_or("");
    let prev = words.len().checked_sub(2).map_or("qwen-tui", |i| words[i]);
    // Run in an empty directory: a file name offered instead of a value would be missed
    // in one that has none, so the directory holds one.
    let dir = std::env::temp_dir().join(format!("qwen-tui-completion-cwd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a-file"), "").unwrap();
    let o = Command::new("bash")
        .current_dir(&dir)
        .arg("-c")
        .arg(format!(
            "source '{}'; COMP_WORDS=(qwen-tui {}); COMP_CWORD={}; _qwen__tui qwen-tui '{cur}' '{prev}'; echo \"${{COMPREPLY[@]}}\"",
            script.display(),
            quoted.join(" "),
            words.len(),
        ))
        .output()
        .unwrap();
    std::fs::remove_file(&script).unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

#[test]
fn bash_completion_completes_after_a_subcommand() {
    // Options of a subcommand (clap_complete's arms for them were misspelt for a program
    // name with a hyphen, so nothing after a subcommand completed).
    let check = bash_offers(&["check", "--"]);
    assert!(
        check.split(' ').any(|w| w == "--data") && check.split(' ').any(|w| w == "--help"),
        "{check}"
    );
    assert_eq!(bash_offers(&["search", "--for"]), "--format");
    assert_eq!(bash_offers(&["config", "--pr"]), "--print");
    // The values of a subcommand's options.
    assert_eq!(
        bash_offers(&["search", "--format", ""]),
        "plain json markdown"
    );
    assert_eq!(bash_offers(&["show", "--format", "m"]), "markdown");
    assert_eq!(bash_offers(&["brief", "--format", ""]), "plain markdown");
    assert_eq!(bash_offers(&["completions", "fi"]), "fish");
}

#[test]
fn bash_completion_offers_tab_names_and_themes_not_file_names() {
    let tabs = "overview timeline models finances risks people competitors products sources";
    assert_eq!(bash_offers(&["--tab", ""]), tabs);
    assert_eq!(bash_offers(&["--tab", "fi"]), "finances");
    assert_eq!(bash_offers(&["search", "--tab", ""]), tabs);
    assert_eq!(bash_offers(&["search", "--tab", "p"]), "people products");
    assert_eq!(bash_offers(&["--theme", ""]), "dark light monochrome");
}

#[test]
fn the_help_lists_tab_names_and_themes() {
    let out = stdout(&run(&["--help"]));
    assert!(
        out.contains("[possible values: overview, timeline, models, finances, risks, people, competitors, products, sources]"),
        "{out}"
    );
    assert!(
        out.contains("[possible values: dark, light, monochrome]"),
        "{out}"
    );
    // Prefixes and any case still work.
    let o = run(&["--data", &minimal(), "search", "--tab", "TIME", "widget"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn config_without_a_flag_says_print_or_path_is_needed() {
    let o = run(&["config"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("the following required arguments were not provided:\n  <--print|--path>"),
        "{err}"
    );
    assert!(
        err.contains("Usage: qwen-tui config <--print|--path>"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    let o = run(&["config", "--print", "--path"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(run(&["config", "--print"]).status.success());
    assert!(run(&["config", "--path"]).status.success());
}

#[test]
fn show_suggests_the_id_that_differs_only_in_a_separator() {
    // `model.qwen35` is one edit from `model.qwen3` and from `model.qwen3.5`; it is the
    // latter with its dot left out.
    let o = run(&["show", "model.qwen35"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("did you mean `model.qwen3.5`?"), "{err}");
}

#[test]
fn a_query_starting_with_a_command_name_goes_after_dashes() {
    // `qwen-tui -- check point` opens the explorer with that query: without a terminal it
    // says so, where `check` would have checked the embedded knowledge base.
    let o = run(&["--", "check", "point"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    // And `--help` says how.
    let help = stdout(&run(&["--help"]));
    assert!(help.contains("`qwen-tui -- check point`"), "{help}");
}

#[test]
fn bash_completion_has_no_misspelt_states() {
    let o = run(&["completions", "bash"]);
    let script = String::from_utf8_lossy(&o.stdout);
    assert!(!script.contains("qwen__subcmd__tui"), "{script}");
    assert!(script.contains("qwen__tui__subcmd__search)"), "{script}");
}

#[test]
fn the_manual_page_documents_every_command() {
    let o = run(&["man"]);
    assert!(o.status.success());
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(page.contains(".TH qwen-tui 1"), "{page}");
    for word in [
        "search",
        "show",
        "check",
        "schema",
        "completions",
        "\\-\\-data",
        "\\-\\-mouse",
    ] {
        assert!(page.contains(word), "the manual page lacks {word}");
    }
}

/// The manual page, as `qwen-tui man` prints it.
fn man_page() -> String {
    let o = run(&["man"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// The commands `qwen-tui --help` lists, but `help` (the page documents `-h`, `--help`).
fn commands() -> Vec<String> {
    let help = stdout(&run(&["--help"]));
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(String::from)
        .collect();
    assert!(commands.len() >= 8, "{help}");
    commands
}

/// The lines of a roff section: from `.SH NAME` up to the next `.SH` (or, with `.SS`,
/// the next `.SS` or `.SH`), without the heading.
fn roff_section<'a>(page: &'a str, heading: &str) -> Option<Vec<&'a str>> {
    let level = heading.split(' ').next()?;
    let mut lines = page.lines().skip_while(|l| *l != heading);
    lines.next()?;
    Some(
        lines
            .take_while(|l| {
                let next_heading = l.starts_with(".SH") || (level == ".SS" && l.starts_with(".SS"));
                !next_heading
            })
            .collect(),
    )
}

/// The environment variables the README documents: its `QWEN_TUI_…` ones and the
/// general ones qwen-tui reads.
fn readme_variables() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md reads");
    let mut vars: Vec<String> = Vec::new();
    for (at, _) in readme.match_indices("QWEN_TUI_") {
        let name: String = readme[at..]
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        if !vars.contains(&name) {
            vars.push(name);
        }
    }
    for general in ["NO_COLOR", "VISUAL", "EDITOR"] {
        assert!(
            readme.contains(general),
            "the README no longer documents {general}"
        );
        vars.push(general.to_owned());
    }
    assert!(vars.len() >= 7, "{vars:?}");
    vars
}

#[test]
fn the_manual_page_refers_to_no_page_that_is_not_generated() {
    let page = man_page();
    // Only the one page is generated, so no other qwen-tui page may be named: not
    // `qwen-tui-check(1)` as clap_mangen lists the commands, nor any other.
    for c in commands().iter().map(String::as_str).chain(["help"]) {
        for spelling in [format!("qwen\\-tui\\-{c}("), format!("qwen-tui-{c}(")] {
            assert!(
                !page.contains(&spelling),
                "the page names {spelling}…:\n{page}"
            );
        }
    }
    for (at, _) in page.match_indices('(') {
        let section = page[at + 1..].split(')').next().unwrap_or_default();
        if section.len() == 1 && section.chars().all(|c| c.is_ascii_digit()) {
            let name = page[..at].split_whitespace().last().unwrap_or_default();
            assert!(
                !name.replace("\\-", "-").starts_with("qwen-tui"),
                "the page names {name}({section}), a page that is not generated"
            );
        }
    }
}

#[test]
fn the_manual_page_has_a_section_for_every_command() {
    let page = man_page();
    assert!(page.lines().any(|l| l == ".SH COMMANDS"), "{page}");
    for c in commands() {
        let heading = format!(".SS \"qwen\\-tui {}\"", c.replace('-', "\\-"));
        let section = roff_section(&page, &heading)
            .unwrap_or_else(|| panic!("no {heading} in the page:\n{page}"))
            .join("\n");
        assert!(
            section.contains(&format!("\\fBqwen\\-tui {c}\\fR")),
            "{c}'s section has no synopsis:\n{section}"
        );
        assert!(
            section.contains(".PP\n"),
            "{c}'s section has no description:\n{section}"
        );
        // Its own options and arguments, as `qwen-tui C -h` lists them (the global
        // ones and --help are said once for all).
        let help = stdout(&run(&[&c, "-h"]));
        // What each line of the lists names, before the column of the help text.
        for line in help
            .lines()
            .filter_map(|l| l.trim_start().split("  ").next())
        {
            if line.starts_with('-') {
                for long in line
                    .split([' ', ',', '=', '<', '['])
                    .filter(|w| w.starts_with("--"))
                {
                    if ["--help", "--data", "--config"].contains(&long) {
                        continue;
                    }
                    let roff = long.replace('-', "\\-");
                    assert!(
                        section.contains(&roff),
                        "{c}'s section lacks {long}:\n{section}"
                    );
                }
            } else if line.starts_with(['<', '[']) {
                let name = line
                    .trim_start_matches(['<', '['])
                    .split(['>', ']'])
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches("...");
                assert!(
                    section.contains(&format!("\\fI{name}\\fR")),
                    "{c}'s section lacks its argument {name}:\n{section}"
                );
            }
        }
    }
}

#[test]
fn the_manual_page_environment_has_a_tagged_paragraph_per_variable() {
    let page = man_page();
    let env = roff_section(&page, ".SH ENVIRONMENT")
        .unwrap_or_else(|| panic!("no ENVIRONMENT section:\n{page}"));
    let text = env.join("\n");
    // Tagged paragraphs only: text outside them is what roff fills into one paragraph.
    assert_eq!(env.first(), Some(&".TP"), "{text}");
    let mut tagged: Vec<String> = Vec::new();
    for item in text.split(".TP\n").skip(1) {
        let mut lines = item.lines();
        let tag = lines.next().unwrap_or_default();
        assert!(
            lines.any(|l| !l.trim().is_empty() && !l.starts_with('.')),
            "{tag} has no text:\n{text}"
        );
        let names: Vec<&str> = tag
            .split("\\fB")
            .skip(1)
            .filter_map(|s| s.split("\\fR").next())
            .collect();
        assert!(
            !names.is_empty(),
            "the tag {tag:?} names no variable:\n{text}"
        );
        for name in names {
            assert!(
                !tagged.iter().any(|t| t == name),
                "{name} is tagged twice:\n{text}"
            );
            tagged.push(name.to_owned());
        }
    }
    assert!(!text.contains(".IP") && !text.contains(".nf"), "{text}");
    let documented = readme_variables();
    for var in &documented {
        assert!(
            tagged.contains(var),
            "ENVIRONMENT has no paragraph for {var}:\n{text}"
        );
    }
    for var in &tagged {
        assert!(
            documented.contains(var),
            "the README does not document {var}"
        );
    }
}

#[test]
fn the_manual_page_reads_well_at_80_columns() {
    let page = man_page();
    let mut groff = match Command::new("groff")
        .args(["-man", "-Tutf8", "-P-cbou", "-rLL=80n"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            eprintln!("note: groff is not available ({e}); the page is not rendered");
            return;
        }
    };
    std::io::Write::write_all(&mut groff.stdin.take().unwrap(), page.as_bytes()).unwrap();
    let o = groff.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
    // Headings start at column 0; ENVIRONMENT's tags at its indent, and each variable's
    // text below or beside its tag, indented further: nothing runs on from one variable
    // into the next.
    let env: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "ENVIRONMENT")
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .filter(|l| !l.trim().is_empty())
        .collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let tag_indent = env
        .first()
        .map(|l| indent(l))
        .expect("an ENVIRONMENT section");
    let tags: Vec<&str> = env
        .iter()
        .copied()
        .filter(|l| indent(l) == tag_indent)
        .collect();
    for line in &env {
        assert!(indent(line) >= tag_indent, "{line:?}:\n{}", env.join("\n"));
    }
    // One line at the tags' indent per variable paragraph, each starting with its names.
    let is_name = |w: &str| {
        let w = w.trim_end_matches(',');
        !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c == '_')
    };
    for tag in &tags {
        let first = tag.split_whitespace().next().unwrap_or_default();
        assert!(
            is_name(first),
            "{tag:?} is not a variable's tag:\n{}",
            env.join("\n")
        );
    }
    let paragraphs = roff_section(&page, ".SH ENVIRONMENT")
        .unwrap_or_default()
        .iter()
        .filter(|l| **l == ".TP")
        .count();
    assert_eq!(tags.len(), paragraphs, "{}", env.join("\n"));
    for var in readme_variables() {
        assert!(
            tags.iter().any(|t| t.split([',', ' ']).any(|w| w == var)),
            "{var} starts no line of ENVIRONMENT:\n{}",
            env.join("\n")
        );
    }
    for c in commands() {
        assert!(
            text.lines()
                .any(|l| l.trim() == format!("qwen-tui {c}") && indent(l) < tag_indent),
            "no heading for {c}:\n{text}"
        );
    }
}
