//! The short value shown beside an entry's title in lists and in `search` output.

use super::date::PartialDate;
use super::entry::{Field, Tab};

/// The short value shown beside an entry's title.
pub fn key_value(tab: Tab, title: &str, fields: &[Field], date: Option<PartialDate>) -> String {
    let get = |k: &str| {
        fields
            .iter()
            .find(|f| f.key == k)
            .map(|f| f.value.summary())
    };
    let join = |parts: Vec<Option<String>>| {
        parts
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    match tab {
        Tab::Overview => get("value").unwrap_or_default(),
        Tab::Timeline => join(vec![date.map(|d| d.to_string()), get("category")]),
        Tab::Models => {
            let params = match (get("params_total"), get("params_active")) {
                (Some(t), Some(a)) => Some(format!("{t} / {a} active")),
                (t, _) => t,
            };
            join(vec![
                params,
                get("context").map(|c| format!("{c} ctx")),
                get("licence").or(get("access")),
            ])
        }
        Tab::Finances => {
            // A bare number needs its unit; a value written with its currency does not.
            let value = get("value").map(|v| match get("unit") {
                Some(u) if !v.chars().any(char::is_alphabetic) => format!("{v} {u}"),
                _ => v,
            });
            join(vec![value, get("change"), date.map(|d| d.to_string())])
        }
        Tab::Risks => join(vec![get("severity"), get("category")]),
        Tab::People => join(vec![get("role"), get("organisation")]),
        Tab::Competitors => {
            // The owner when it says more than the name; the threat level when the text
            // opens with one ("High: …").
            let owner = get("owner").filter(|o| o != title);
            let level = get("threat").and_then(|t| {
                let (head, _) = t.split_once(':')?;
                (head.split_whitespace().count() <= 2).then(|| format!("threat: {head}"))
            });
            let line = join(vec![owner, level]);
            if line.is_empty() {
                get("positioning").unwrap_or_default()
            } else {
                line
            }
        }
        Tab::Products => get("category").unwrap_or_default(),
        Tab::Sources => String::new(),
    }
}
