//! `qwen-tui schema` describes the same format the loader accepts: what loads validates
//! against it, and the common mistakes are caught by it too (so an editor flags them).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&qwen_tui::kb::schema::json_schema()).unwrap();
    jsonschema::validator_for(&schema).expect("the schema is valid JSON Schema")
}

fn as_json(yaml: &str) -> serde_json::Value {
    serde_saphyr::from_str(yaml).expect("parses as YAML")
}

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_shipped_knowledge_base_and_the_example_validate() {
    let v = validator();
    for (name, yaml) in [
        (
            "assets/qwen.yaml",
            qwen_tui::kb::load::EMBEDDED_YAML.to_string(),
        ),
        ("minimal.yaml", fixture("valid/minimal.yaml")),
    ] {
        let errors: Vec<String> = v
            .iter_errors(&as_json(&yaml))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name} fails the schema: {errors:#?}");
    }
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let v = validator();
    for name in [
        "unknown-key.yaml",
        "unknown-section.yaml",
        "missing-key.yaml",
        "wrong-type.yaml",
        "bad-date.yaml",
        "bad-severity.yaml",
        "bad-id.yaml",
        "missing-meta.yaml",
        "bad-fiscal-year-end.yaml",
        "empty-text.yaml",
    ] {
        let json = as_json(&fixture(&format!("invalid/{name}")));
        assert!(
            !v.is_valid(&json),
            "{name} passes the schema but does not load"
        );
    }
}
