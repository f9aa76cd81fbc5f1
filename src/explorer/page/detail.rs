//! The detail of one entry as lines: every field, disputed claims each with its date and
//! sources, and the sources spelled out, wrapped in display cells.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::explorer::theme::Theme;
use crate::kb::age::{self, Horizon};
use crate::kb::entry::{date_label, source_ids};
use crate::kb::{Entry, KnowledgeBase, Tab, Value};
use crate::text::width::{fit, width, wrap};

struct Writer<'t> {
    lines: Vec<Line<'static>>,
    width: usize,
    theme: &'t Theme,
}

impl Writer<'_> {
    /// `label: text`, wrapped with continuation lines indented by two cells.
    fn field(&mut self, label: &str, text: &str, style: Style) {
        let prefix = if label.is_empty() {
            String::new()
        } else {
            format!("{label}: ")
        };
        let pw = width(&prefix);
        let fits_beside = pw + 12 <= self.width;
        let wrapped = if fits_beside {
            wrap(text, self.width.saturating_sub(2), pw.saturating_sub(2))
        } else {
            wrap(text, self.width.saturating_sub(2), 0)
        };
        if !fits_beside && !prefix.is_empty() {
            self.lines.push(Line::from(Span::styled(
                fit(&prefix, self.width),
                self.theme.label,
            )));
        }
        for (i, l) in wrapped.into_iter().enumerate() {
            let mut spans = Vec::new();
            if i == 0 && fits_beside {
                spans.push(Span::styled(prefix.clone(), self.theme.label));
            } else if i > 0 || !fits_beside {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(l, style));
            self.lines.push(Line::from(spans));
        }
    }

    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    fn heading(&mut self, text: &str, style: Style) {
        for l in wrap(text, self.width, 0) {
            self.lines.push(Line::from(Span::styled(l, style)));
        }
    }
}

/// The detail of `e`, wrapped to `width` cells; `horizon` is the age past which it is
/// marked as possibly stale. `words`: for a screen reader, its notes start with words,
/// not marks (`DISPUTED:`, not `! DISPUTED:`), and claims are a list of `- `.
pub fn lines(
    kb: &KnowledgeBase,
    e: &Entry,
    width: usize,
    theme: &Theme,
    horizon: Horizon,
    words: bool,
) -> Vec<Line<'static>> {
    let (disputed_mark, stale_mark, claim_mark) = if words {
        ("", "", "-")
    } else {
        ("! ", "~ ", "▸")
    };
    let mut w = Writer {
        lines: Vec::new(),
        width: width.max(1),
        theme,
    };
    w.heading(&e.title, theme.title);
    w.heading(&format!("{} · {}", e.tab.name(), e.id), theme.dim);
    if e.disputed {
        w.heading(
            &format!("{disputed_mark}DISPUTED: the sources differ — every claim is shown"),
            theme.disputed,
        );
    }
    let entry_age = age::age(kb, e);
    if let Some(a) = entry_age.filter(|_| age::is_stale(kb, e, horizon)) {
        w.heading(
            &format!(
                "{stale_mark}POSSIBLY STALE: {} old (the horizon is {horizon})",
                a.span()
            ),
            theme.stale,
        );
    }
    w.blank();
    if let (Some(d), false) = (e.date, e.tab == Tab::Sources) {
        w.field(date_label(e.tab), &d.to_string(), Style::new());
    }
    if let Some(a) = entry_age {
        w.field("Age", &a.describe(kb.meta.as_of), Style::new());
    }
    for f in &e.fields {
        match &f.value {
            Value::Text(t) => {
                let src = if f.sources.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", source_ids(kb, &f.sources))
                };
                w.field(&f.label, &format!("{t}{src}"), Style::new());
            }
            Value::Claims(claims) if f.value.is_disputed() => {
                w.heading(
                    &format!("{} — {} claims, sources differ:", f.label, claims.len()),
                    theme.disputed,
                );
                for c in claims {
                    let mut meta = Vec::new();
                    if let Some(d) = c.date {
                        meta.push(d.to_string());
                    }
                    meta.push(source_ids(kb, &c.sources));
                    let note = c
                        .note
                        .as_deref()
                        .map(|n| format!(" — {n}"))
                        .unwrap_or_default();
                    w.field(
                        "",
                        &format!("{claim_mark} {}  ({}){note}", c.value, meta.join(" · ")),
                        Style::new(),
                    );
                }
            }
            Value::Claims(claims) => {
                let mut srcs: Vec<usize> = claims
                    .iter()
                    .flat_map(|c| c.sources.iter().copied())
                    .collect();
                srcs.sort_unstable();
                srcs.dedup();
                w.field(
                    &f.label,
                    &format!("{}  [{}]", f.value.summary(), source_ids(kb, &srcs)),
                    Style::new(),
                );
            }
        }
    }
    if !e.aliases.is_empty() {
        w.field("Also known as", &e.aliases.join(", "), theme.dim);
    }
    if !e.tags.is_empty() {
        w.field("Tags", &e.tags.join(", "), theme.dim);
    }
    if let Some(n) = &e.notes {
        w.field("Notes", n, Style::new());
    }
    w.blank();
    if e.tab == Tab::Sources {
        let cited = e.sources.first().map_or(0, |&s| kb.citations(s));
        w.heading(
            &format!("Cited by {cited} entries — Enter lists them"),
            theme.label,
        );
    } else {
        w.heading("Sources", theme.label);
        for &s in &e.sources {
            if let Some(src) = kb.sources.get(s) {
                w.field(
                    "",
                    &format!("[{}] {}", src.id, src.citation()),
                    Style::new(),
                );
            }
        }
    }
    w.lines
}
