//! Bytes to text: refuses what is empty, binary or not UTF-8, and says where.
//!
//! Nothing is converted silently: a Latin-1 file read lossily would store `�` in place of
//! accents and every name match after it would fail without a word, so the user is told the
//! byte offset instead and converts the file once.

use std::path::Path;

use super::IngestError;

/// What is wrong with a run of bytes, before the file is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Nothing but white space.
    Empty,
    /// Not text; the reason says why.
    Binary(&'static str),
    /// Not UTF-8 from this byte offset on.
    NotUtf8(usize),
}

impl Problem {
    /// The error for `path`, with `base` added to offsets (the line's start in a JSON Lines file).
    pub(crate) fn into_error(self, path: &Path, line: Option<usize>, base: u64) -> IngestError {
        let path = path.to_path_buf();
        match self {
            // An empty line of a JSON Lines file is skipped, never reported as empty.
            Problem::Empty => match line {
                Some(line) => IngestError::NoText {
                    path,
                    line: Some(line),
                },
                None => IngestError::Empty { path },
            },
            Problem::Binary(reason) => IngestError::Binary { path, reason },
            Problem::NotUtf8(at) => IngestError::NotUtf8 {
                path,
                line,
                offset: base + at as u64,
            },
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many leading bytes are sampled to tell text from binary.
const SAMPLE: usize = 8192;

/// `bytes` as text, without a UTF-8 byte-order mark.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, Problem> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Some(reason) = binary_reason(body) {
        return Err(Problem::Binary(reason));
    }
    let text = std::str::from_utf8(body)
        .map_err(|e| Problem::NotUtf8(e.valid_up_to() + (bytes.len() - body.len())))?;
    if text.trim().is_empty() {
        return Err(Problem::Empty);
    }
    Ok(text)
}

/// Why `bytes` look binary, if they do: a NUL byte anywhere, a UTF-16 byte-order mark, or a
/// leading sample where control characters are more than one byte in ten.
pub(crate) fn binary_reason(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 byte-order mark; save it as UTF-8");
    }
    if bytes.contains(&0) {
        return Some("NUL bytes");
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let controls = sample.iter().filter(|&&b| is_binary_control(b)).count();
    if !sample.is_empty() && controls * 10 > sample.len() {
        return Some("mostly control characters");
    }
    None
}

/// Control bytes that text files do not hold (tab, line feed, form feed, carriage return and
/// escape are allowed).
fn is_binary_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | 0x1B)) || b == 0x7F
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_utf8_and_drops_the_bom() {
        assert_eq!(decode("\u{feff}Goïta".as_bytes()), Ok("Goïta"));
        assert_eq!(decode(b"plain"), Ok("plain"));
    }

    #[test]
    fn refuses_empty_binary_and_latin1() {
        assert_eq!(decode(b""), Err(Problem::Empty));
        assert_eq!(decode(b" \n\t\n"), Err(Problem::Empty));
        assert_eq!(decode(b"abc\0def"), Err(Problem::Binary("NUL bytes")));
        assert!(matches!(
            decode(&[1, 2, 3, 4, 5, 6, b'a']),
            Err(Problem::Binary(_))
        ));
        assert!(matches!(decode(b"\xFF\xFEa\0"), Err(Problem::Binary(_))));
        // "Goïta" in Latin-1: the ï byte is at offset 2.
        assert_eq!(decode(b"Go\xEFta"), Err(Problem::NotUtf8(2)));
        // The offset counts the BOM, so it points into the file as it is.
        assert_eq!(decode(b"\xEF\xBB\xBFGo\xEFta"), Err(Problem::NotUtf8(5)));
    }
}
