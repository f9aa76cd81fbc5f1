//! Model sizes: total and active parameters per model, read once at load, and the log
//! scale every row of the models table shares.

use std::collections::HashMap;

use super::figure::{Figure, Unit, read};
use super::scale::Log;
use crate::kb::{Entry, KnowledgeBase, Value};

/// A model's parameter counts as its claims give them (one figure per distinct claim).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelSize {
    /// Empty when the knowledge base gives no total.
    pub total: Vec<Figure>,
    /// Empty when it gives no active count.
    pub active: Vec<Figure>,
}

impl ModelSize {
    fn largest(figures: &[Figure]) -> Option<f64> {
        figures.iter().map(|f| f.value).reduce(f64::max)
    }
    fn smallest(figures: &[Figure]) -> Option<f64> {
        figures.iter().map(|f| f.value).reduce(f64::min)
    }
    pub fn total_range(&self) -> Option<(f64, f64)> {
        Some((Self::smallest(&self.total)?, Self::largest(&self.total)?))
    }
    pub fn active_max(&self) -> Option<f64> {
        Self::largest(&self.active)
    }

    /// `235B/22B`, `397B|403B/17B`, `>1T`, `?/3B`.
    pub fn label(&self) -> String {
        let join = |fs: &[Figure]| fs.iter().map(Figure::label).collect::<Vec<_>>().join("|");
        match (self.total.is_empty(), self.active.is_empty()) {
            (false, true) => join(&self.total),
            (true, _) => format!("?/{}", join(&self.active)),
            (false, false) => format!("{}/{}", join(&self.total), join(&self.active)),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ModelSizes {
    of_entry: HashMap<usize, ModelSize>,
    /// Shared by every row; `None` when no model has a readable size.
    pub scale: Option<Log>,
    /// Some model's total is given differently by different sources.
    pub any_dispute: bool,
    /// Cells the widest figures label takes (`397B|403B/17B`): every row's label gets
    /// this much, so none is cut.
    pub label_width: usize,
}

impl ModelSizes {
    pub fn new(kb: &KnowledgeBase, model_entries: &[usize]) -> ModelSizes {
        let mut of_entry = HashMap::new();
        let (mut min, mut max) = (f64::INFINITY, 0f64);
        for &i in model_entries {
            if let Some(size) = size_of(&kb.entries[i]) {
                for f in size.total.iter().chain(&size.active) {
                    min = min.min(f.value);
                    max = max.max(f.value);
                }
                of_entry.insert(i, size);
            }
        }
        let any_dispute = of_entry.values().any(|s| s.total.len() > 1);
        let label_width = of_entry
            .values()
            .map(|s| crate::text::width::width(&s.label()))
            .max()
            .unwrap_or(0);
        ModelSizes {
            of_entry,
            scale: Log::around(min, max),
            any_dispute,
            label_width,
        }
    }

    /// The size of this model entry; `None` when it has none, or one that is not a plain
    /// count (`dense 0.6B to 32B; MoE …` stays text).
    pub fn of(&self, entry: usize) -> Option<&ModelSize> {
        self.of_entry.get(&entry)
    }
}

/// Every claim of the field as a positive count; `Some(vec![])` when the field is absent,
/// `None` when any claim is not one.
fn counts(e: &Entry, key: &str) -> Option<Vec<Figure>> {
    let Some(field) = e.field(key) else {
        return Some(Vec::new());
    };
    let texts: Vec<&str> = match &field.value {
        Value::Text(t) => vec![t.as_str()],
        Value::Claims(cs) => cs.iter().map(|c| c.value.as_str()).collect(),
    };
    let mut out: Vec<Figure> = Vec::new();
    for t in texts {
        let f = read(t)?.main;
        if !matches!(f.unit, Unit::Count(_)) || f.value <= 0.0 {
            return None;
        }
        if !out.iter().any(|o| o.value == f.value && o.bound == f.bound) {
            out.push(f);
        }
    }
    Some(out)
}

fn size_of(e: &Entry) -> Option<ModelSize> {
    let size = ModelSize {
        total: counts(e, "params_total")?,
        active: counts(e, "params_active")?,
    };
    (!size.total.is_empty() || !size.active.is_empty()).then_some(size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::load_str;

    /// A knowledge base with these lines under `models:` (indented by two).
    fn sizes(lines: &[&str]) -> (KnowledgeBase, ModelSizes) {
        let mut yaml = String::from(
            "meta: {title: T, subject: S, as_of: 2026-06}\n\
             sources:\n  - {id: a, title: A, publisher: P}\n  - {id: b, title: B, publisher: P}\n\
             models:\n",
        );
        for l in lines {
            yaml.push_str(&format!("  {l}\n"));
        }
        let kb = load_str(&yaml, "t.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let all: Vec<usize> = (0..kb.entries.len()).collect();
        let s = ModelSizes::new(&kb, &all);
        (kb, s)
    }

    #[test]
    fn totals_actives_and_disputed_totals() {
        let (kb, s) = sizes(&[
            r#"- {id: moe, name: M, params_total: "235 billion", params_active: "22 billion per token", sources: [a]}"#,
            r#"- {id: big, name: B, params_total: ">1T", sources: [a]}"#,
            r#"- {id: act, name: A, params_active: "3 billion", sources: [a]}"#,
            "- id: two",
            "  name: T",
            "  params_total:",
            r#"    - {value: "397 billion", sources: [a]}"#,
            r#"    - {value: "403 billion", sources: [b]}"#,
            r#"    - {value: "397B", sources: [b]}"#,
            "  sources: [a]",
        ]);
        let of = |id: &str| s.of(kb.index_of(id).unwrap()).unwrap();
        assert_eq!(of("moe").label(), "235B/22B");
        assert_eq!(of("big").label(), ">1T");
        assert_eq!(of("act").label(), "?/3B");
        assert_eq!(of("two").label(), "397B|403B", "equal claims once");
        assert_eq!(of("two").total_range(), Some((397e9, 403e9)));
        assert_eq!(s.scale, Some(Log { lo: 9, hi: 12 }));
        assert!(s.any_dispute);
    }

    #[test]
    fn texts_that_are_not_one_count_stay_text() {
        let (kb, s) = sizes(&[
            r#"- {id: range, name: R, params_total: "dense 0.6B to 32B", params_active: "3B", sources: [a]}"#,
            r#"- {id: money, name: M, params_total: "$5B", sources: [a]}"#,
            "- {id: none, name: N, sources: [a]}",
        ]);
        for id in ["range", "money", "none"] {
            assert_eq!(s.of(kb.index_of(id).unwrap()), None, "{id}");
        }
        assert_eq!(s.scale, None, "nothing to scale");
    }
}
