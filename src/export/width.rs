//! Text measured in terminal columns, so columns line up with accents, quotes and wide
//! characters alike.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How many columns `s` takes on a terminal.
pub(crate) fn columns(s: &str) -> usize {
    // Most cells (ids, dates, codes) are printable ASCII, where every byte is one column.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.len();
    }
    // Most others are Latin letters with accents or the arrow of `MLI → RUS`: each such
    // character is one column, and none combines with its neighbours. Anything else is
    // measured by unicode-width, which also knows the sequences that change a width.
    let mut n = 0;
    for c in s.chars() {
        if !one_column_alone(c) {
            return UnicodeWidthStr::width(s);
        }
        n += 1;
    }
    n
}

/// Printable ASCII, Latin-1 and Latin Extended letters and signs (the soft hyphen aside), the
/// arrow and the ellipsis: characters one column wide that no neighbour changes.
fn one_column_alone(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{24f}' | '→' | '…') && c != '\u{ad}'
}

/// [`truncate`] of an owned string, given back as it is when it fits.
pub(crate) fn fit(mut s: String, max: usize) -> String {
    fit_tail(&mut s, 0, max);
    s
}

/// What follows byte `start` of `text` cut to at most `max` columns as [`fit`] cuts it, in
/// place (a list makes its cells one after another in one string); returns how many columns
/// it then takes.
pub(crate) fn fit_tail(text: &mut String, start: usize, max: usize) -> usize {
    let width = columns(&text[start..]);
    if width <= max {
        return width;
    }
    let cut = truncate(&text[start..], max);
    text.truncate(start);
    text.push_str(&cut);
    columns(cut.as_str())
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
    // A sequence can be wider than its characters ("*" and an emoji selector take two
    // columns, not one): measured whole, the cut goes back until it fits.
    while max > 0 && columns(&out) + 1 > max && out.pop().is_some() {}
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if max > 0 {
        out.push('…');
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
    }

    #[test]
    fn fit_cuts_only_what_is_too_wide() {
        assert_eq!(fit("Ouagadougou".to_string(), 20), "Ouagadougou");
        assert_eq!(
            fit("Ouagadougou".to_string(), 6),
            truncate("Ouagadougou", 6)
        );
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
        fn the_ascii_shortcut_measures_as_unicode_width_does(s in "[\\x00-\\x7f]{0,20}|\\PC{0,20}") {
            prop_assert_eq!(columns(&s), UnicodeWidthStr::width(s.as_str()));
        }

        #[test]
        fn the_latin_shortcut_measures_as_unicode_width_does(
            s in "[ -~\u{80}-\u{36f}→…\u{fe0f}\u{200d}\r\n]{0,20}"
        ) {
            prop_assert_eq!(columns(&s), UnicodeWidthStr::width(s.as_str()));
        }

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
