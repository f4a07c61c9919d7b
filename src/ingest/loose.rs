//! Loose text: a file with no header, stored whole. Ingest only guesses its title; the caption,
//! dateline and byline lines stay in the text, for `clean` to mark and the date finder to read.

use crate::model::DatePoint;

/// How many leading non-empty lines may hold the title (a caption or a `date` line may come
/// first).
const TITLE_SEARCH_LINES: usize = 3;
/// A title is a few words to a long line, never a paragraph.
const TITLE_MAX_WORDS: usize = 30;
/// A line this long is a paragraph of the body: the title, if any, came before it.
const BODY_MIN_WORDS: usize = 25;
/// A credit after a slash ("… à Moscou/ Air Info") is a short name.
const CREDIT_MAX_WORDS: usize = 4;

/// The title of loose text: the first of its leading lines that looks like one (short, no
/// final period, not a caption or credit), before the body starts. A leading ` date 2025-04
/// Headline - site` line, as saved by some aggregators, gives its headline without the date and
/// the site.
pub(crate) fn title(text: &str) -> Option<String> {
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(TITLE_SEARCH_LINES)
    {
        if let Some(rest) = strip_date_prefix(line) {
            if !is_caption_like(rest) {
                let headline = strip_site_suffix(rest);
                if looks_like_title(headline) {
                    return Some(headline.to_string());
                }
            }
            continue;
        }
        if looks_like_body(line) {
            return None;
        }
        if looks_like_title(line) {
            return Some(line.to_string());
        }
    }
    None
}

/// The rest of a line that starts with `date YYYY-MM` (or a full date) and a space.
pub(crate) fn strip_date_prefix(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("date ")?;
    let (token, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    token.parse::<DatePoint>().ok()?;
    Some(after.trim())
}

/// A headline with a trailing ` - site` (or ` | site`) removed when that tail is a short name.
fn strip_site_suffix(line: &str) -> &str {
    for sep in [" - ", " | ", " – ", " — "] {
        if let Some((head, tail)) = line.rsplit_once(sep) {
            if !head.trim().is_empty() && tail.split_whitespace().count() <= CREDIT_MAX_WORDS {
                return head.trim();
            }
        }
    }
    line
}

/// A short line with no final stop, that is not a caption or credit.
fn looks_like_title(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let last = line.chars().next_back();
    (2..=TITLE_MAX_WORDS).contains(&words)
        && !matches!(last, Some('.' | ',' | ';' | ':'))
        && !is_caption_like(line)
        && !line.starts_with(['•', '-', '*', '–', '▪'])
}

/// A line that ends like a photo caption or credit: a closing parenthesis (`(Photo …)`), a
/// copyright sign, or a short name after a slash (`… / Outlet`).
fn is_caption_like(line: &str) -> bool {
    if line.ends_with(')') || line.contains('©') {
        return true;
    }
    match line.rsplit_once('/') {
        Some((_, tail)) => {
            let n = tail.split_whitespace().count();
            (1..=CREDIT_MAX_WORDS).contains(&n) && !tail.trim_end().ends_with('.')
        }
        None => false,
    }
}

/// A line long enough, or finished enough, to be a paragraph of the body.
fn looks_like_body(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words >= BODY_MIN_WORDS || (words >= 8 && line.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Les ministres de la Défense des trois pays se sont retrouvés lundi dans la capitale pour une séance de travail consacrée à la sécurité des frontières communes et à la lutte contre les groupes armés.";

    #[test]
    fn the_first_line_is_the_title() {
        let t = format!("Sécurité : les trois pays renforcent leur coopération\n\n{BODY}\n");
        assert_eq!(
            title(&t).as_deref(),
            Some("Sécurité : les trois pays renforcent leur coopération")
        );
        let t = format!("« Nous ne reculerons pas »\n{BODY}\n");
        assert_eq!(title(&t).as_deref(), Some("« Nous ne reculerons pas »"));
    }

    #[test]
    fn captions_and_breadcrumbs_are_skipped() {
        let t = format!("Des soldats lors d'une parade à Niamey/ Agence X\n{BODY}\n");
        assert_eq!(title(&t), None);
        let t = format!("RubriqueMonde\n\nUn sommet sous tension à Bamako\n\n{BODY}\n");
        assert_eq!(
            title(&t).as_deref(),
            Some("Un sommet sous tension à Bamako")
        );
        let t = format!(
            "Un convoi sur la route de Gao (Photo : archives)\n\nLe retrait s'achève\n\n{BODY}\n"
        );
        assert_eq!(title(&t).as_deref(), Some("Le retrait s'achève"));
    }

    #[test]
    fn a_date_line_gives_its_headline() {
        let t = format!(
            " date 2025-05 Le Niger et la Russie signent un accord - exemple.com\n\n{BODY}\n"
        );
        assert_eq!(
            title(&t).as_deref(),
            Some("Le Niger et la Russie signent un accord")
        );
        let t = format!(
            " date 2024-07 Les trois chefs d'État à Niamey (Photo : Présidence)\n\n{BODY}\n"
        );
        assert_eq!(title(&t), None);
    }

    #[test]
    fn no_title_when_the_body_comes_first() {
        assert_eq!(title(&format!("{BODY}\nUn intertitre court\n")), None);
        assert_eq!(title("Un mot."), None);
        assert_eq!(title(""), None);
    }
}
