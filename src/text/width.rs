//! Text measured in display cells, not bytes or characters: wide characters (通义千问) take
//! two cells; a cut text ends with an ellipsis and is never cut inside a cluster.

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

pub const ELLIPSIS: char = '…';

/// The grapheme clusters of `s` with the cells each takes, measured exactly as ratatui
/// measures what it draws (a cluster holding a control character is not drawn), so that a
/// text fitted here is never cut again, or shifted, when drawn: `❤️` is one cluster of two
/// cells, `👩‍🔬` one of two, `क्ष` one of two.
pub fn clusters(s: &str) -> impl Iterator<Item = (&str, usize)> {
    s.graphemes(true).map(|g| {
        let w = if g.contains(char::is_control) {
            0
        } else {
            usize::from(g.cell_width())
        };
        (g, w)
    })
}

/// Display width of `s`.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    clusters(s).map(|(_, w)| w).sum()
}

/// `s` cut to at most `max` cells, ending in `…` when cut (never inside a cluster).
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for (g, w) in clusters(s) {
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push(ELLIPSIS);
    out
}

/// `s` cut or padded with spaces to exactly `cells` cells (a wide character that would
/// straddle the edge is replaced by a space).
pub fn pad(s: &str, cells: usize) -> String {
    let mut out = fit(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// Words of `text` wrapped into lines of at most `max` cells; the first line has `first`
/// cells fewer. Words longer than a line are broken.
pub fn wrap(text: &str, max: usize, first: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut room = max
            .saturating_sub(if lines.is_empty() { first } else { 0 })
            .max(1);
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let sep = usize::from(!line.is_empty());
            if width(&line) + sep + width(word) <= room {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                room = max.max(1);
            }
            // A word longer than a line: break it by cells.
            let mut w = 0;
            for c in word.chars() {
                let cw = width(c.encode_utf8(&mut [0; 4]));
                if w + cw > room && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    room = max.max(1);
                    w = 0;
                }
                line.push(c);
                w += cw;
            }
        }
        lines.push(line);
    }
    lines
}
