//! The few pieces of Python's semantics that `score.py` leans on, so the port gives the same
//! figures on the same files: truthiness of JSON values, `str()` of a JSON value, `str.strip()`,
//! `int()` of a string, `round(x, n)` and `repr(float)`.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// Whether Python's `str.isspace()` holds for `c`: Unicode white space plus the ASCII
/// separators U+001C..U+001F, which Python counts and Rust does not.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `s.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Python's truth value of a JSON value (`if v:`): null, false, 0, "", [] and {} are false.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Python's `str(v)` for the value `json.loads` gives: a string is itself, anything else its
/// `repr` (`None`, `True`, `36`, `1.0`, `['a', 'b']`).
pub fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// Python's `repr(v)` for the value `json.loads` gives.
fn repr(v: &Value) -> String {
    match v {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (None, None, Some(x)) => float_repr(x),
            (None, None, None) => n.to_string(),
        },
        Value::String(s) => repr_str(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", repr_str(k), repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Characters Python's `str.isprintable()` rejects: categories Cc, Cf, Co, Cn, Zl, Zp, and Zs
/// other than the space. Their escapes (`\xa0`) end up inside `\w+` words, so they matter.
static NOT_PRINTABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$").unwrap_or_else(|_| unreachable!())
});

/// Python's `repr(s)` of a string.
fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    let mut buf = [0u8; 4];
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            ' ' => out.push(' '),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c if (c as u32) < 0x100
                && (c.is_ascii_control() || NOT_PRINTABLE.is_match(c.encode_utf8(&mut buf))) =>
            {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if NOT_PRINTABLE.is_match(c.encode_utf8(&mut buf)) => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

static DECIMAL_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Nd}$").unwrap_or_else(|_| unreachable!()));

fn is_decimal_digit(c: char) -> bool {
    let mut buf = [0u8; 4];
    c.is_ascii_digit() || (!c.is_ascii() && DECIMAL_DIGIT.is_match(c.encode_utf8(&mut buf)))
}

/// The value of a decimal digit in any script: Unicode encodes each set of digits as a run of
/// ten code points from 0 to 9, so the value is the position in the run.
fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return c.to_digit(10);
    }
    if !is_decimal_digit(c) {
        return None;
    }
    let mut before = 0;
    let mut cp = c as u32;
    while let Some(prev) = cp.checked_sub(1).and_then(char::from_u32) {
        if !is_decimal_digit(prev) {
            break;
        }
        before += 1;
        cp -= 1;
    }
    Some(before % 10)
}

/// Python's `int(s)` for a string: surrounding white space, an optional sign, decimal digits of
/// any script, single underscores between digits. `None` where Python raises `ValueError` (or
/// where the number does not fit an `i64`, which no date field can use anyway).
pub fn int(s: &str) -> Option<i64> {
    // `int()` strips less than `str.strip()`: not the ASCII separators U+001C..U+001F.
    let t = s.trim_matches(char::is_whitespace);
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let mut value: i64 = 0;
    let mut seen_digit = false;
    let mut after_underscore = false;
    for c in digits.chars() {
        if c == '_' {
            if !seen_digit || after_underscore {
                return None;
            }
            after_underscore = true;
            continue;
        }
        let d = digit_value(c)?;
        value = value.checked_mul(10)?.checked_add(i64::from(d))?;
        seen_digit = true;
        after_underscore = false;
    }
    if !seen_digit || after_underscore {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// Python's `round(x, digits)`: the decimal nearest to the exact binary value of `x`, ties to
/// even, read back as a float. Rust's fixed-precision formatting rounds the same way.
pub fn round(x: f64, digits: usize) -> f64 {
    if !x.is_finite() {
        return x;
    }
    format!("{x:.digits$}").parse().unwrap_or(x)
}

/// Python's `repr(x)` of a float: the shortest digits that read back to `x`, in positional form
/// with at least one decimal (`0.8`, `1.0`, `12.5`) unless the exponent is below -4 or above 15
/// (`1e-05`, `1e+16`).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    // `{:e}` gives the shortest round-trip digits: "-1.25e-3".
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // The decimal point sits after `point` digits.
    let point = exp + 1;
    let body = if point > -4 && point <= 16 {
        let n = digits.len() as i32;
        if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point >= n {
            format!("{}{}.0", digits, "0".repeat((point - n) as usize))
        } else {
            let (int_part, frac) = digits.split_at(point as usize);
            format!("{int_part}.{frac}")
        }
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let e = point - 1;
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!(
            "{first}{frac}e{}{:02}",
            if e < 0 { '-' } else { '+' },
            e.unsigned_abs()
        )
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn truthiness_follows_python() {
        for v in [
            json!(null),
            json!(false),
            json!(0),
            json!(0.0),
            json!(""),
            json!([]),
            json!({}),
        ] {
            assert!(!truthy(&v), "{v}");
        }
        for v in [
            json!(true),
            json!(1),
            json!(-0.5),
            json!(" "),
            json!([0]),
            json!({"a": null}),
        ] {
            assert!(truthy(&v), "{v}");
        }
    }

    #[test]
    fn str_of_json_values_is_pythons() {
        assert_eq!(str_of(&json!("texte")), "texte");
        assert_eq!(str_of(&json!(null)), "None");
        assert_eq!(str_of(&json!(true)), "True");
        assert_eq!(str_of(&json!(36)), "36");
        assert_eq!(str_of(&json!(36.0)), "36.0");
        assert_eq!(str_of(&json!(["a", 1, null])), "['a', 1, None]");
        assert_eq!(str_of(&json!({"k": "l'x"})), "{'k': \"l'x\"}");
        assert_eq!(
            str_of(&json!(["a\nb", "c\u{a0}d", "é"])),
            "['a\\nb', 'c\\xa0d', 'é']"
        );
        assert_eq!(
            str_of(&json!(["\u{200b}", "\u{1}"])),
            "['\\u200b', '\\x01']"
        );
    }

    #[test]
    fn int_follows_python() {
        assert_eq!(int("2025"), Some(2025));
        assert_eq!(int(" 03 "), Some(3));
        assert_eq!(int("+7"), Some(7));
        assert_eq!(int("-7"), Some(-7));
        assert_eq!(int("2_025"), Some(2025));
        assert_eq!(int("\u{b}5 "), Some(5));
        assert_eq!(int("\u{a0}5\u{3000}"), Some(5));
        assert_eq!(int("007"), Some(7));
        assert_eq!(int("\u{1c}5"), None);
        assert_eq!(int("- 5"), None);
        assert_eq!(int("٢٠٢٥"), Some(2025));
        assert_eq!(int("２０"), Some(20));
        for bad in [
            "", " ", "-", "_1", "1_", "1__0", "4T1", "1.0", "0x10", "+-1",
        ] {
            assert_eq!(int(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn round_and_repr_print_like_python() {
        let cases = [
            (0.8, 3, "0.8"),
            (1.0, 3, "1.0"),
            (2.0 / 3.0, 3, "0.667"),
            (0.0625, 3, "0.062"),
            (0.1875, 3, "0.188"),
            (0.0, 3, "0.0"),
            (1.125, 2, "1.12"),
            (1.375, 2, "1.38"),
            (12.5, 2, "12.5"),
            (4.0 / 3.0, 2, "1.33"),
            (0.0004, 3, "0.0"),
            (0.0005001, 3, "0.001"),
        ];
        for (x, d, want) in cases {
            assert_eq!(float_repr(round(x, d)), want, "round({x}, {d})");
        }
        assert_eq!(float_repr(1e-5), "1e-05");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(1.5e-7), "1.5e-07");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1e15), "1000000000000000.0");
        assert_eq!(float_repr(-2.5), "-2.5");
        assert_eq!(float_repr(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_repr(123456.789), "123456.789");
    }

    proptest::proptest! {
        #[test]
        fn float_repr_reads_back(x in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL) {
            let s = float_repr(x);
            proptest::prop_assert_eq!(s.parse::<f64>().unwrap(), x);
            proptest::prop_assert!(s.contains('.') || s.contains('e'));
        }
    }
}
