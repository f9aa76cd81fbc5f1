//! Column widths for a tab's table, the value first: a column that holds the answer (a
//! figure, a role) gets the room its cells need before any other column grows, and at
//! narrow sizes the columns that matter least are dropped before it is squeezed.

/// What one column asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Want {
    /// Narrower than this, the column is dropped rather than shown.
    pub min: u16,
    /// What its widest cell (or its title) needs.
    pub natural: u16,
    /// What most of its cells need (for the answer's column, shortened: `ui::value_fit`):
    /// every column grows to this before any grows to `natural`.
    pub need: u16,
    /// Which columns stay longest (higher) and grow first: the value's column is highest.
    pub keep: u8,
}

/// Widths for `cols` in `avail` cells with one space between columns; 0 for a column that
/// is dropped. In order:
/// 1. While the shown columns' minimums do not fit, drop the one with the lowest `keep`
///    (the rightmost of equals). The last column left is cut to the room.
/// 2. Every shown column starts at its minimum, then grows, while there is room: the
///    answer's columns to what most of their cells need, then the others likewise, then the
///    answer's to their natural width, then the others (each group highest `keep` first).
/// 3. Room still left is shared by the columns in proportion to their natural widths
///    (the rounding remainder to the first), so the table fills the pane.
pub fn widths(cols: &[Want], avail: u16) -> Vec<u16> {
    let avail = u32::from(avail);
    let mut shown: Vec<usize> = (0..cols.len()).collect();
    let need = |shown: &[usize]| -> u32 {
        shown.iter().map(|&i| u32::from(cols[i].min)).sum::<u32>()
            + shown.len().saturating_sub(1) as u32
    };
    while shown.len() > 1 && need(&shown) > avail {
        let drop = shown
            .iter()
            .enumerate()
            .min_by_key(|&(pos, &i)| (cols[i].keep, std::cmp::Reverse(pos)))
            .map_or(0, |(pos, _)| pos);
        shown.remove(drop);
    }
    let mut out = vec![0u16; cols.len()];
    if shown.is_empty() {
        return out;
    }
    if need(&shown) > avail {
        out[shown[0]] = avail as u16;
        return out;
    }
    let mut w: Vec<u32> = vec![0; cols.len()];
    for &i in &shown {
        w[i] = u32::from(cols[i].min);
    }
    let mut spare = avail - need(&shown);
    let mut by_keep = shown.clone();
    by_keep.sort_by_key(|&i| std::cmp::Reverse(cols[i].keep));
    let top = by_keep.first().map_or(0, |&i| cols[i].keep);
    let answer = |i: &&usize| cols[**i].keep == top;
    let other = |i: &&usize| cols[**i].keep != top;
    let need = |i: &usize| (*i, cols[*i].need);
    let natural = |i: &usize| (*i, cols[*i].natural);
    let order = (by_keep.iter().filter(answer).map(need))
        .chain(by_keep.iter().filter(other).map(need))
        .chain(by_keep.iter().filter(answer).map(natural))
        .chain(by_keep.iter().filter(other).map(natural));
    for (i, to) in order {
        let grow = u32::from(to).saturating_sub(w[i]).min(spare);
        w[i] += grow;
        spare -= grow;
    }
    if spare > 0 {
        let total: u32 = shown
            .iter()
            .map(|&i| u32::from(cols[i].natural.max(1)))
            .sum();
        let mut given = 0;
        for &i in &shown {
            let share = spare * u32::from(cols[i].natural.max(1)) / total.max(1);
            w[i] += share;
            given += share;
        }
        w[shown[0]] += spare - given;
    }
    for &i in &shown {
        out[i] = w[i] as u16;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(min: u16, natural: u16, keep: u8) -> Want {
        Want {
            min,
            natural,
            need: natural,
            keep,
        }
    }

    /// A finance table: name (min 14, wants 40), period (11), value (min 12, wants 44, kept
    /// longest), change (8, 9).
    fn finances() -> [Want; 4] {
        [
            want(14, 40, 3),
            want(11, 11, 1),
            want(12, 44, 5),
            want(8, 9, 2),
        ]
    }

    #[test]
    fn the_value_gets_what_it_needs_before_others_grow() {
        let cols = finances();
        let w = widths(&cols, 100);
        assert!(w[2] >= 44, "the value whole: {w:?}");
        assert!(w[0] >= 14 && w[1] == 11 && w[3] >= 8, "{w:?}");
        assert_eq!(w.iter().sum::<u16>() + 3, 100);
        // Less room: the value still whole, the name shrinks toward its minimum.
        let w = widths(&cols, 80);
        assert!(w[2] >= 44, "{w:?}");
        assert_eq!(w[0], 80 - 3 - 11 - 44 - 8);
    }

    #[test]
    fn columns_that_matter_least_go_first() {
        let cols = finances();
        // Room for three minimums: the period goes, not the value or the change.
        let w = widths(&cols, 14 + 12 + 8 + 2);
        assert_eq!(w[1], 0, "{w:?}");
        assert!(w[0] > 0 && w[2] > 0 && w[3] > 0, "{w:?}");
        // Room for two: the name and the value.
        let w = widths(&cols, 30);
        assert_eq!((w[1], w[3]), (0, 0), "{w:?}");
        assert_eq!(w[0] + w[2] + 1, 30);
        // Not even two: one column, cut to the room (the value, kept longest).
        let w = widths(&cols, 10);
        assert_eq!(w, vec![0, 0, 10, 0]);
    }

    #[test]
    fn a_value_shortened_comes_first_then_the_name_then_the_value_whole() {
        let value = Want {
            need: 20,
            ..want(12, 44, 9)
        };
        let cols = [want(14, 40, 5), value];
        // Room for the value shortened and the name whole, not the value whole.
        let w = widths(&cols, 70);
        assert_eq!(w, vec![40, 29]);
        // Less: the value shortened first, the name takes the rest.
        let w = widths(&cols, 40);
        assert_eq!(w, vec![19, 20]);
        // More: both whole, the rest shared.
        let w = widths(&cols, 100);
        assert!(w[0] >= 40 && w[1] >= 44, "{w:?}");
    }

    #[test]
    fn spare_room_fills_the_pane() {
        let cols = [want(10, 20, 3), want(10, 10, 5)];
        let w = widths(&cols, 61);
        assert_eq!(w.iter().sum::<u16>() + 1, 61);
        assert!(w[0] > w[1], "shared by natural width: {w:?}");
    }
}
