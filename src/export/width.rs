//! Text measured in terminal columns, so columns line up with accents, quotes and wide
//! characters alike.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How many columns `s` takes on a terminal.
pub(crate) fn columns(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending with `…` when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if columns(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if max > 0 {
        out.push('…');
    }
    out
}

/// `s` followed by spaces up to `width` columns (unchanged when already wider).
pub(crate) fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_string();
    for _ in columns(s)..width {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accents_take_one_column() {
        assert_eq!(columns("Barsalogho"), 10);
        assert_eq!(columns("Niamey, Côte d’Ivoire"), 21);
        assert_eq!(pad("É", 3), "É  ");
        assert_eq!(pad("long", 2), "long");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("Ouagadougou", 20), "Ouagadougou");
        assert_eq!(truncate("Ouagadougou", 6), "Ouaga…");
        assert_eq!(truncate("les deux pays", 10), "les deux…");
        assert_eq!(truncate("abc", 0), "");
    }

    proptest! {
        #[test]
        fn truncation_never_exceeds_the_width(s in "\\PC{0,40}", max in 0usize..30) {
            let t = truncate(&s, max);
            prop_assert!(columns(&t) <= max, "{t:?} wider than {max}");
            if columns(&s) <= max {
                prop_assert_eq!(t, s);
            }
        }
    }
}
