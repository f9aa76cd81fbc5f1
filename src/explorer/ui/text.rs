//! Text measured in display cells, not bytes or characters: wide characters (通义千问) take
//! two cells. Truncation ends with an ellipsis; highlighting follows the characters a search
//! matched.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text::width::clusters;
pub use crate::text::width::{ELLIPSIS, fit, pad, width};

/// Spans of `s` within `max` cells, the characters at `positions` (character indices,
/// ascending) in `hl`, the rest in `base`: a cluster is highlighted when any of its
/// characters is. Runs of matched and unmatched clusters become one span each; an ellipsis
/// ends a cut text.
pub fn highlighted(
    s: &str,
    positions: &[usize],
    max: usize,
    base: Style,
    hl: Style,
) -> Vec<Span<'static>> {
    let cut = width(s) > max;
    let budget = if cut { max.saturating_sub(1) } else { max };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    let mut used = 0;
    let mut next = positions.iter().peekable();
    // The character index of the cluster's first character.
    let mut i = 0;
    for (g, w) in clusters(s) {
        if used + w > budget {
            break;
        }
        used += w;
        let n = g.chars().count();
        while next.peek().is_some_and(|&&p| p < i) {
            next.next();
        }
        let is_hl = next.peek().is_some_and(|&&p| p < i + n);
        i += n;
        if is_hl != run_hl && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hl { hl } else { base },
            ));
        }
        run_hl = is_hl;
        run.push_str(g);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hl { hl } else { base }));
    }
    if cut && max > 0 {
        spans.push(Span::styled(ELLIPSIS.to_string(), base));
    }
    spans
}

/// One line made of `spans`.
pub fn line(spans: Vec<Span<'static>>) -> Line<'static> {
    Line::from(spans)
}

/// Draws `lines` into `area` one to a row, from line `scroll` on — held back so that the
/// last line can reach the bottom row and no further (the views that scroll). Returns the
/// offset drawn from.
pub fn draw_scrolled(
    lines: Vec<Line<'static>>,
    scroll: usize,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
) -> usize {
    use ratatui::widgets::Widget;
    let rows = area.height as usize;
    let skip = scroll.min(lines.len().saturating_sub(rows));
    for (n, line) in lines.into_iter().skip(skip).take(rows).enumerate() {
        let row = ratatui::layout::Rect {
            y: area.y + n as u16,
            height: 1,
            ..area
        };
        line.render(row, buf);
    }
    skip
}

/// A bordered box `width` cells wide with `title` fitted into its top border (the one way
/// every pane, view and chart frames itself).
pub fn titled_box(
    title: &str,
    width: u16,
    border: ratatui::style::Style,
    theme: &crate::explorer::theme::Theme,
) -> ratatui::widgets::Block<'static> {
    ratatui::widgets::Block::bordered()
        .border_style(border)
        .title(Span::styled(
            fit(title, width.saturating_sub(2) as usize),
            theme.title,
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_cells_and_are_cut_whole() {
        assert_eq!(width("通义千问"), 8);
        assert_eq!(fit("通义千问", 8), "通义千问");
        assert_eq!(fit("通义千问", 7), "通义千…");
        assert_eq!(fit("通义千问", 6), "通义…");
        assert_eq!(width(&pad("通义千问", 6)), 6);
        assert_eq!(pad("阿里云", 5), "阿里…");
        assert_eq!(fit("Qwen", 0), "");
    }

    #[test]
    fn highlights_follow_character_positions_not_bytes() {
        let hl = Style::new().bold();
        let spans = highlighted("阿里云 Qwen", &[2, 4], 40, Style::new(), hl);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["阿里", "云", " ", "Q", "wen"]);
        assert_eq!(spans[1].style, hl);
        assert_eq!(spans[3].style, hl);
        // Cut to 5 cells: 阿里 (4) + …
        let spans = highlighted("阿里云 Qwen", &[0], 5, Style::new(), hl);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["阿", "里", "…"]);
    }

    #[test]
    fn clusters_are_measured_as_drawn_and_never_split() {
        // A red heart with VS16 is drawn in two cells, a ZWJ sequence as one glyph of two.
        assert_eq!(width("❤\u{fe0f}"), 2);
        assert_eq!(width("👩\u{200d}🔬"), 2);
        // Cutting never leaves half a cluster (a lone 👩 or a dangling joiner).
        let cut = fit("ab👩\u{200d}🔬cd", 4);
        assert_eq!(cut, "ab…");
        assert_eq!(fit("ab👩\u{200d}🔬cd", 5), "ab👩\u{200d}🔬…");
        assert_eq!(width(&pad("x❤\u{fe0f}y", 6)), 6);
        // A highlighted character highlights its whole cluster.
        let hl = Style::new().bold();
        let spans = highlighted("a👩\u{200d}🔬b", &[3], 40, Style::new(), hl);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["a", "👩\u{200d}🔬", "b"]);
        // Every width agrees with what ratatui draws.
        for s in [
            "❤\u{fe0f} x",
            "👨\u{200d}👩\u{200d}👧",
            "🇸🇬",
            "क्षमता",
            "می\u{200c}خواهم",
            "e\u{301}",
        ] {
            let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 20, 1));
            let (end, _) = buf.set_stringn(0, 0, s, 20, Style::new());
            assert_eq!(usize::from(end), width(s), "{s:?}");
        }
    }
}
