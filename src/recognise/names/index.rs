//! The name patterns of one language, looked up by their first token.
//!
//! An Aho-Corasick automaton of the same patterns finds the same matches (see
//! [`FirstTokenIndex::longest_at`]) but takes some 150 ms to build over the knowledge base's
//! 41,000 names and towns, most of Vigie's start-up; this index is a hash map built in a few
//! milliseconds. The scan stays one pass over the sentence: at each place a whole-word match can
//! start, one look-up and a few byte comparisons.

use crate::text::{KeyMap, alphanumeric_end, word_key as token_key};

/// The first token of a folded text: its run of letters and digits, or its first character when
/// that is neither (`'ain abid` → `'`).
pub(super) fn first_token(s: &str) -> &str {
    let Some(first) = s.chars().next() else {
        return s;
    };
    if !first.is_alphanumeric() {
        return &s[..first.len_utf8()];
    }
    &s[..alphanumeric_end(s, 0)]
}

/// Up to eight bytes of `bytes` from `at`, as a little-endian number padded with zeros.
fn eight_bytes_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    if let Some(tail) = bytes.get(at..) {
        let n = tail.len().min(8);
        word[..n].copy_from_slice(&tail[..n]);
    }
    u64::from_le_bytes(word)
}

/// What a pattern has just after its first token, to rule it out without comparing it whole:
/// a first token such as "al", "el" or "as" starts hundreds of town names, and the text's word
/// "as" would otherwise be compared with each.
#[derive(Clone, Copy, Debug, Default)]
struct AfterFirstToken {
    /// Where the first token ends.
    at: usize,
    /// Up to eight bytes from there (see [`eight_bytes_at`]).
    bytes: u64,
    /// Which of those bytes the pattern has.
    mask: u64,
}

impl AfterFirstToken {
    /// What follows the first token of `pattern`, which ends at `at`.
    fn of(pattern: &str, at: usize) -> AfterFirstToken {
        let n = pattern.len().saturating_sub(at).min(8);
        let mask = if n == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        AfterFirstToken {
            at,
            bytes: eight_bytes_at(pattern.as_bytes(), at),
            mask,
        }
    }

    /// False when `text` cannot start with the pattern: a byte it has after its first token
    /// differs.
    fn may_start(&self, text: &[u8]) -> bool {
        eight_bytes_at(text, self.at) & self.mask == self.bytes
    }
}

/// Folded patterns by first token, each list longest first.
#[derive(Clone, Debug, Default)]
pub(super) struct FirstTokenIndex {
    patterns: Vec<String>,
    /// For each pattern, what follows its first token.
    after_first: Vec<AfterFirstToken>,
    by_first_token: KeyMap<Vec<u32>>,
}

impl FirstTokenIndex {
    /// Indexes `patterns`; a match reports a pattern by its position in this list.
    pub fn new(patterns: Vec<String>) -> FirstTokenIndex {
        let mut by_first_token: KeyMap<Vec<u32>> = KeyMap::default();
        // Fewer first tokens than patterns, but of the same order: reserved rather than grown.
        by_first_token.reserve(patterns.len() / 2);
        let mut after_first = Vec::with_capacity(patterns.len());
        for (i, p) in patterns.iter().enumerate() {
            let token = first_token(p);
            after_first.push(AfterFirstToken::of(p, token.len()));
            if p.is_empty() {
                continue;
            }
            by_first_token
                .entry(token_key(token))
                .or_default()
                .push(i as u32);
        }
        for ids in by_first_token.values_mut() {
            // Longest first, so the first that matches is the longest; two patterns of one
            // length matching at one place would be one string, which the pattern set merges.
            ids.sort_by_key(|&i| std::cmp::Reverse(patterns[i as usize].len()));
        }
        FirstTokenIndex {
            after_first,
            patterns,
            by_first_token,
        }
    }

    /// The longest pattern `hay` has at byte `at`, as (pattern, end), among those whose first
    /// token is the token of `hay` at `at` (or shares its key).
    ///
    /// At a place where a whole-word match can start (a character other than white space, not
    /// after a letter or a digit) this is what a leftmost-longest automaton finds there, or else
    /// something neither keeps: a longer pattern that matches there has the same first token,
    /// since one whose first token is a shorter prefix of the text's word ends inside the word.
    pub fn longest_at(&self, hay: &str, at: usize) -> Option<(usize, usize)> {
        let rest = hay.get(at..)?;
        let ids = self.by_first_token.get(&token_key(first_token(rest)))?;
        ids.iter().find_map(|&i| {
            let i = i as usize;
            if !self.after_first[i].may_start(rest.as_bytes()) {
                return None;
            }
            let p = &self.patterns[i];
            rest.starts_with(p.as_str()).then_some((i, at + p.len()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FoldedText;
    use aho_corasick::{AhoCorasick, Input, MatchKind};
    use proptest::prelude::*;

    #[test]
    fn tokens_are_runs_of_letters_and_digits_or_one_other_character() {
        assert_eq!(first_token("burkina faso"), "burkina");
        assert_eq!(first_token("g5 sahel"), "g5");
        assert_eq!(first_token("'ain abid"), "'");
        assert_eq!(first_token("u.s."), "u");
        assert_eq!(first_token("bamako"), "bamako");
        assert_eq!(first_token(""), "");
    }

    proptest! {
        #[test]
        fn the_first_token_is_the_first_run_of_letters_and_digits(s in "\\PC{0,12}") {
            let by_char = match s.chars().next() {
                None => "",
                Some(c) if !c.is_alphanumeric() => &s[..c.len_utf8()],
                Some(_) => {
                    let end = s
                        .char_indices()
                        .find(|(_, c)| !c.is_alphanumeric())
                        .map_or(s.len(), |(i, _)| i);
                    &s[..end]
                }
            };
            prop_assert_eq!(first_token(&s), by_char);
        }
    }

    #[test]
    fn what_follows_the_first_token_rules_patterns_out() {
        let el_fasher = AfterFirstToken::of("el fasher", 2);
        assert!(el_fasher.may_start(b"el fasher"));
        assert!(el_fasher.may_start(b"el fasher est"));
        assert!(!el_fasher.may_start(b"el obeid"));
        assert!(!el_fasher.may_start(b"el fash"));
        let long = AfterFirstToken::of("sidi bel abbes", 4);
        assert!(long.may_start(b"sidi bel abbes"));
        assert!(
            long.may_start(b"sidi bel abbxx"),
            "only eight bytes after the token are kept"
        );
        assert!(!long.may_start(b"sidi bou"));
        let one = AfterFirstToken::of("gao", 3);
        assert!(one.may_start(b"gao"));
        assert!(one.may_start(b"gao, mali"));
    }

    #[test]
    fn the_longest_pattern_at_a_place_wins() {
        let index =
            FirstTokenIndex::new(vec!["burkina".into(), "burkina faso".into(), "faso".into()]);
        let hay = "le burkina faso et le faso";
        assert_eq!(index.longest_at(hay, 3), Some((1, 15)));
        assert_eq!(index.longest_at(hay, 22), Some((2, 26)));
        assert_eq!(index.longest_at(hay, 0), None);
        assert_eq!(index.longest_at(hay, 99), None);
    }

    /// Where a whole-word match can start in `hay`, as the names stage scans it.
    fn starts(hay: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut after_alnum = false;
        for (i, c) in hay.char_indices() {
            if !after_alnum && !c.is_whitespace() {
                out.push(i);
            }
            after_alnum = c.is_alphanumeric();
        }
        out
    }

    /// Text made of a few short words, so that patterns often share a first token, start one
    /// another or end inside a word.
    fn pieces(most: usize) -> impl Strategy<Value = String> {
        let piece = proptest::sample::select(vec!["a", "b", "ab", "ba", "'a", "a.", "c", "b'"]);
        let glue = proptest::sample::select(vec![" ", "", " ", "-"]);
        proptest::collection::vec((piece, glue), 1..=most).prop_map(|parts| {
            let mut s: String = parts.into_iter().map(|(p, g)| format!("{p}{g}")).collect();
            s.truncate(s.trim_end().len());
            s
        })
    }

    proptest! {
        /// The scan of the names stage (take a whole-word match and go on after it, else go on
        /// one character later) keeps the same matches with this index as with a
        /// leftmost-longest Aho-Corasick automaton of the same patterns.
        #[test]
        fn keeps_what_a_leftmost_longest_automaton_keeps(
            patterns in proptest::collection::btree_set(pieces(3), 1..12),
            hay in pieces(12),
        ) {
            let patterns: Vec<String> = patterns
                .into_iter()
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| p.chars().any(char::is_alphanumeric))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            prop_assume!(!patterns.is_empty());
            // The test's text is folded already (lower-case ASCII), so folding keeps it as is.
            let folded = FoldedText::new(&hay);
            let bounded = |_: &str, s: usize, e: usize| folded.is_word_bounded(s, e);
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .unwrap();
            let mut by_automaton = Vec::new();
            let mut pos = 0;
            while pos < hay.len() {
                let Some(m) = ac.find(Input::new(&hay).range(pos..)) else { break };
                if bounded(&hay, m.start(), m.end()) {
                    by_automaton.push((m.pattern().as_usize(), m.start(), m.end()));
                    pos = m.end();
                } else {
                    pos = m.start() + hay[m.start()..].chars().next().map_or(1, char::len_utf8);
                }
            }
            let index = FirstTokenIndex::new(patterns.clone());
            let mut by_index = Vec::new();
            let mut pos = 0;
            for at in starts(&hay) {
                if at < pos {
                    continue;
                }
                if let Some((p, end)) = index.longest_at(&hay, at)
                    && bounded(&hay, at, end)
                {
                    by_index.push((p, at, end));
                    pos = end;
                }
            }
            prop_assert_eq!(by_index, by_automaton);
        }
    }
}
