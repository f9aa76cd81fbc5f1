//! `qwen-tui schema`: the knowledge-base format as JSON Schema, generated from the serde
//! types so it cannot drift from what the loader accepts.

use super::model::KnowledgeBaseFile;

pub fn json_schema() -> String {
    let schema = schemars::schema_for!(KnowledgeBaseFile);
    serde_json::to_string_pretty(&schema).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
