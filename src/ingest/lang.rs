//! Language codes: what a source says, normalised to ISO 639-1, or what `whatlang` detects.

/// ISO 639-3 codes (as `whatlang` reports them) with their ISO 639-1 code.
#[rustfmt::skip]
const ISO_639_3_TO_1: &[(&str, &str)] = &[
    ("afr", "af"), ("aka", "ak"), ("amh", "am"), ("ara", "ar"), ("aze", "az"), ("bel", "be"),
    ("ben", "bn"), ("bul", "bg"), ("cat", "ca"), ("ces", "cs"), ("cmn", "zh"), ("cym", "cy"),
    ("dan", "da"), ("deu", "de"), ("ell", "el"), ("eng", "en"), ("epo", "eo"), ("est", "et"),
    ("fin", "fi"), ("fra", "fr"), ("guj", "gu"), ("heb", "he"), ("hin", "hi"), ("hrv", "hr"),
    ("hun", "hu"), ("hye", "hy"), ("ind", "id"), ("ita", "it"), ("jav", "jv"), ("jpn", "ja"),
    ("kan", "kn"), ("kat", "ka"), ("khm", "km"), ("kor", "ko"), ("lat", "la"), ("lav", "lv"),
    ("lit", "lt"), ("mal", "ml"), ("mar", "mr"), ("mkd", "mk"), ("mya", "my"), ("nep", "ne"),
    ("nld", "nl"), ("nob", "nb"), ("ori", "or"), ("pan", "pa"), ("pes", "fa"), ("pol", "pl"),
    ("por", "pt"), ("ron", "ro"), ("rus", "ru"), ("sin", "si"), ("slk", "sk"), ("slv", "sl"),
    ("sna", "sn"), ("spa", "es"), ("srp", "sr"), ("swe", "sv"), ("tam", "ta"), ("tel", "te"),
    ("tgl", "tl"), ("tha", "th"), ("tuk", "tk"), ("tur", "tr"), ("ukr", "uk"), ("urd", "ur"),
    ("uzb", "uz"), ("vie", "vi"), ("yid", "yi"), ("zul", "zu"),
    // Bibliographic and other codes a source may give.
    ("fre", "fr"), ("ger", "de"), ("dut", "nl"), ("zho", "zh"), ("chi", "zh"), ("fas", "fa"),
    ("per", "fa"), ("nor", "no"), ("msa", "ms"), ("hau", "ha"), ("bam", "bm"), ("wol", "wo"),
    ("ful", "ff"), ("swa", "sw"), ("yor", "yo"), ("ibo", "ig"),
];

/// How many bytes of an article are enough to tell its language.
const DETECT_SAMPLE: usize = 8192;

/// A language tag as a source writes it (`fr`, `FR`, `fr-FR`, `fr_FR`, `fra`) as ISO 639-1,
/// or `None` when it is not a language code.
pub(crate) fn normalise_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    if !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    match primary.len() {
        2 => Some(primary),
        3 => ISO_639_3_TO_1
            .iter()
            .find(|(three, _)| *three == primary)
            .map(|(_, one)| one.to_string()),
        _ => None,
    }
}

/// The language of `text` as ISO 639-1, when `whatlang` is confident; `None` otherwise.
pub(crate) fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(DETECT_SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    normalise_code(info.lang().code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_tags() {
        assert_eq!(normalise_code("fr").as_deref(), Some("fr"));
        assert_eq!(normalise_code("FR-fr").as_deref(), Some("fr"));
        assert_eq!(normalise_code("en_GB").as_deref(), Some("en"));
        assert_eq!(normalise_code("fra").as_deref(), Some("fr"));
        assert_eq!(normalise_code("french"), None);
        assert_eq!(normalise_code(""), None);
        assert_eq!(normalise_code("f1"), None);
    }

    #[test]
    fn detects_french_and_english() {
        let fr = "Les ministres des trois pays se sont réunis jeudi dans la capitale pour signer un accord de coopération militaire.";
        let en = "The ministers of the three countries met on Thursday in the capital to sign a military cooperation agreement.";
        assert_eq!(detect(fr).as_deref(), Some("fr"));
        assert_eq!(detect(en).as_deref(), Some("en"));
        assert_eq!(detect("12 34"), None);
    }
}
