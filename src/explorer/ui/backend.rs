//! The terminal backend the explorer draws through: crossterm's, with every glyph whose
//! width terminals disagree on drawn so that the disagreement cannot spread.
//!
//! ratatui measures a glyph by its grapheme cluster (`❤️` two cells, `👩‍🔬` two, `क्ष`
//! two, a lone regional indicator one); most terminals — tmux among them — measure each code
//! point, and each its own way (`❤` one and the selector none, `👩` two and `🔬` two more,
//! `क` and `ष` one each in cells of their own). When they disagree, a terminal puts parts of
//! a glyph in cells ratatui thinks hold something else, and ratatui, which sends only the
//! cells that changed, then leaves stale glyphs (`Jun🇸2025`) or shifts the rest of a row.
//!
//! So this backend keeps a copy of the screen as ratatui means it, and a row that holds
//! such a glyph — now, or before this frame — is sent whole, left to right: each disputed
//! glyph on its own (the cells it covers blanked first, the cursor placed again after it),
//! every other cell after it written again. Whatever width a terminal gives such a glyph,
//! the rest of the row ends up right, exactly as a full redraw would leave it. Line wrap is
//! off while the explorer runs (see `term`), so a glyph drawn wider than meant at the right
//! edge is clipped rather than wrapped onto the next row. Rows of plain text — ASCII and
//! ordinary wide characters such as 通义千问, on which terminals agree — are sent as
//! before, only their changed cells.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellWidth};
use ratatui::layout::{Position, Rect, Size};
use unicode_width::UnicodeWidthChar;

/// The backend the explorer uses, writing to `out`.
pub fn terminal_backend<W: std::io::Write>(out: W) -> ClusterSafe<CrosstermBackend<W>> {
    ClusterSafe {
        inner: CrosstermBackend::new(out),
        shadow: Buffer::empty(Rect::default()),
        fixed: None,
    }
}

/// The same backend, for a screen of `width` × `height` whatever the process's terminal
/// is (output captured in tests, where there is no terminal to ask).
pub fn fixed_size_backend<W: std::io::Write>(
    out: W,
    width: u16,
    height: u16,
) -> ClusterSafe<CrosstermBackend<W>> {
    ClusterSafe {
        fixed: Some(Size::new(width, height)),
        ..terminal_backend(out)
    }
}

/// A backend that sends rows with disputed glyphs whole (see the module docs).
pub struct ClusterSafe<B> {
    inner: B,
    /// The screen as ratatui means it, after the last draw.
    shadow: Buffer,
    /// The screen's size when it is not the terminal's.
    fixed: Option<Size>,
}

/// Do terminals disagree on how wide `symbol` is? Any cluster of several code points (its
/// width depends on whether the terminal joins it), and single characters whose width
/// differs between terminals' tables: emoji and pictographs (U+2300–U+23FF,
/// U+2600–U+27BF, U+2B00–U+2BFF, U+1F000–U+1FAFF, regional indicators among them) and
/// zero-width ones. Box drawing, blocks, arrows and punctuation such as `…` are not: every
/// terminal outside a CJK "ambiguous wide" setting draws them in one cell, as ratatui does.
pub fn disputed(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    let Some(c) = chars.next() else {
        return false;
    };
    if chars.next().is_some() {
        return true;
    }
    if c.is_ascii() {
        return false;
    }
    c.width().unwrap_or(0) == 0
        || matches!(
            u32::from(c),
            0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF
        )
}

impl<B: Backend> ClusterSafe<B> {
    fn row_is_disputed(&self, y: u16) -> bool {
        let w = usize::from(self.shadow.area.width);
        let start = usize::from(y) * w;
        self.shadow.content[start..start + w]
            .iter()
            .any(|c| disputed(c.symbol()))
    }

    /// Records `cell` at (x, y) as ratatui does: the cells a wide glyph covers are blank.
    fn remember(&mut self, x: u16, y: u16, cell: &Cell) {
        let area = self.shadow.area;
        if x >= area.width || y >= area.height {
            return;
        }
        self.shadow[(x, y)] = cell.clone();
        for dx in 1..cell.cell_width() {
            if x + dx < area.width {
                self.shadow[(x + dx, y)] = Cell::EMPTY;
            }
        }
    }

    /// The cells that send row `y` whole, in order, and where each batch ends (a disputed
    /// glyph is a batch of its own, after blanks over the cells it covers).
    fn whole_row(&self, y: u16, out: &mut Vec<Vec<(u16, u16, Cell)>>) {
        let width = self.shadow.area.width;
        let mut run: Vec<(u16, u16, Cell)> = Vec::new();
        let mut x = 0;
        while x < width {
            let cell = &self.shadow[(x, y)];
            let w = cell.cell_width().max(1);
            if disputed(cell.symbol()) {
                if !run.is_empty() {
                    out.push(std::mem::take(&mut run));
                }
                let mut alone: Vec<(u16, u16, Cell)> = (1..w)
                    .map(|dx| x + dx)
                    .filter(|&bx| bx < width)
                    .map(|bx| (bx, y, Cell::EMPTY))
                    .collect();
                alone.push((x, y, cell.clone()));
                out.push(alone);
            } else {
                run.push((x, y, cell.clone()));
            }
            x = x.saturating_add(w);
        }
        if !run.is_empty() {
            out.push(run);
        }
    }
}

impl<B: Backend> Backend for ClusterSafe<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let size = self.size()?;
        let area = Rect::new(0, 0, size.width, size.height);
        if self.shadow.area != area {
            // A new size: ratatui has cleared the screen and draws all of it.
            self.shadow = Buffer::empty(area);
        }
        let cells: Vec<(u16, u16, &'a Cell)> = content.collect();
        let mut rows: Vec<u16> = cells
            .iter()
            .map(|c| c.1)
            .filter(|&y| y < area.height)
            .collect();
        rows.sort_unstable();
        rows.dedup();
        // Rows that hold a disputed glyph before this frame or after it are sent whole.
        let mut whole: Vec<u16> = rows
            .iter()
            .copied()
            .filter(|&y| self.row_is_disputed(y))
            .collect();
        for &(x, y, cell) in &cells {
            self.remember(x, y, cell);
        }
        whole.extend(rows.iter().copied().filter(|&y| self.row_is_disputed(y)));
        whole.sort_unstable();
        whole.dedup();
        // Rows of plain text: their changed cells, as ratatui gave them.
        let plain = cells
            .iter()
            .copied()
            .filter(|c| whole.binary_search(&c.1).is_err());
        self.inner.draw(plain)?;
        let mut batches = Vec::new();
        for &y in &whole {
            self.whole_row(y, &mut batches);
        }
        for batch in &batches {
            self.inner.draw(batch.iter().map(|(x, y, c)| (*x, *y, c)))?;
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.shadow.reset();
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        // Only a full-screen viewport is used; any clearing leaves blank cells.
        self.shadow.reset();
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        match self.fixed {
            Some(size) => Ok(size),
            None => self.inner.size(),
        }
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_glyphs_terminals_disagree_on_are_disputed() {
        for plain in ["a", " ", "通", "é", "─", "…", "█", "░", "▸", "→", "·", "¥"] {
            assert!(!disputed(plain), "{plain:?}");
        }
        for odd in [
            "❤\u{fe0f}",
            "👩\u{200d}🔬",
            "🇸",
            "🇸🇬",
            "क्ष",
            "👍",
            "é\u{301}",
        ] {
            assert!(disputed(odd), "{odd:?}");
        }
    }
}
