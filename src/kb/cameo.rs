//! The CAMEO code table: each code's PLOVER category, mode, context, quad class and Goldstein
//! score, from `data/kb/cameo.tsv`.
//!
//! The table is data built by `scripts/build_cameo.py` from PLOVER's CAMEO2PLOVER conversion
//! table and the CAMEO Goldstein scale (sources and licences in the file's header). A user's
//! `--kb DIR/kb/cameo.tsv` is read after the built-in file, so its rows replace built-in ones code
//! by code. CAMEO 01 (public statement) and 02 (appeal) have no PLOVER category and are not in
//! the table.

use std::collections::BTreeMap;

use crate::model::EventType;
use crate::resources::{DataError, Resources, tsv_rows};

/// The relative path of the table under the data root.
const TABLE_PATH: &str = "kb/cameo.tsv";

/// One CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct CameoCode {
    /// The code (`"036"`).
    pub code: String,
    /// Its PLOVER category.
    pub plover: EventType,
    /// PLOVER mode, if any.
    pub mode: Option<String>,
    /// PLOVER contexts.
    pub context: Vec<String>,
    /// Quad class 1-4.
    pub quad_class: u8,
    /// Goldstein score.
    pub goldstein: f32,
    /// The code the Goldstein score belongs to: `code` itself, or its nearest parent when the
    /// scale has no score of its own for it.
    pub goldstein_from: String,
    /// CAMEO's description.
    pub description: String,
}

/// All CAMEO codes.
#[derive(Clone, Debug, Default)]
pub struct CameoTable {
    codes: BTreeMap<String, CameoCode>,
}

impl CameoTable {
    /// Loads `kb/cameo.tsv`: the built-in table, then a user's, whose rows replace built-in ones
    /// with the same code.
    pub fn load(res: &Resources) -> Result<CameoTable, DataError> {
        let mut codes = BTreeMap::new();
        for file in res.files(TABLE_PATH) {
            for (line, fields) in tsv_rows(file, true) {
                let code =
                    parse_row(&fields).map_err(|msg| DataError::invalid(file, Some(line), msg))?;
                codes.insert(code.code.clone(), code);
            }
        }
        Ok(CameoTable { codes })
    }

    /// The code, or its nearest parent (`0312` → `031` → `03`) when the exact one is missing.
    pub fn get(&self, code: &str) -> Option<&CameoCode> {
        let code = code.trim();
        if !code.is_ascii() {
            return None;
        }
        (2..=code.len())
            .rev()
            .filter_map(|len| code.get(..len))
            .find_map(|prefix| self.codes.get(prefix))
    }

    /// Every code whose PLOVER category is `event_type`, in code order.
    pub fn codes_for(&self, event_type: EventType) -> Vec<&CameoCode> {
        self.codes
            .values()
            .filter(|c| c.plover == event_type)
            .collect()
    }

    /// How many codes the table holds.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the table holds no code (no `kb/cameo.tsv` was found).
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// The columns of `kb/cameo.tsv`, in order.
const COLUMNS: [&str; 8] = [
    "code",
    "plover",
    "mode",
    "contexts",
    "quad_class",
    "goldstein",
    "goldstein_from",
    "description",
];

fn parse_row(fields: &[&str]) -> Result<CameoCode, String> {
    if fields.len() != COLUMNS.len() {
        return Err(format!(
            "expected {} tab-separated columns ({}), found {}",
            COLUMNS.len(),
            COLUMNS.join(", "),
            fields.len()
        ));
    }
    let field = |i: usize| fields.get(i).copied().unwrap_or("");
    let code = field(0);
    if !is_cameo_code(code) {
        return Err(format!("{code:?} is not a CAMEO code (2 to 4 digits)"));
    }
    let plover: EventType = field(1).parse().map_err(|e| format!("{e}"))?;
    let quad_class = match field(4).parse::<u8>() {
        Ok(q @ 1..=4) => q,
        _ => return Err(format!("quad_class {:?} is not 1, 2, 3 or 4", field(4))),
    };
    let goldstein = match field(5).parse::<f32>() {
        Ok(g) if (-10.0..=10.0).contains(&g) => g,
        _ => {
            return Err(format!(
                "goldstein {:?} is not a number from -10 to 10",
                field(5)
            ));
        }
    };
    let goldstein_from = field(6);
    if !is_cameo_code(goldstein_from) || !code.starts_with(goldstein_from) {
        return Err(format!(
            "goldstein_from {goldstein_from:?} is neither {code} nor one of its parents"
        ));
    }
    let mode = Some(field(2)).filter(|m| !m.is_empty()).map(str::to_string);
    let context = field(3)
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    Ok(CameoCode {
        code: code.to_string(),
        plover,
        mode,
        context,
        quad_class,
        goldstein,
        goldstein_from: goldstein_from.to_string(),
        description: field(7).to_string(),
    })
}

fn is_cameo_code(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> CameoTable {
        CameoTable::load(&Resources::builtin()).unwrap()
    }

    #[test]
    fn builtin_table_has_every_plover_category() {
        let t = builtin();
        assert!(t.len() > 250, "{}", t.len());
        for ty in EventType::ALL {
            assert!(!t.codes_for(ty).is_empty(), "no code for {ty}");
        }
    }

    #[test]
    fn exact_codes_carry_their_own_fields() {
        let t = builtin();
        let c = t.get("036").unwrap();
        assert_eq!(c.plover, EventType::Agree);
        assert_eq!(c.quad_class, 1);
        assert_eq!(c.goldstein, 4.0);
        assert_eq!(c.goldstein_from, "036");
        assert_eq!(c.context, vec!["diplomatic".to_string()]);
        let c = t.get("042").unwrap();
        assert_eq!(
            (c.plover, c.mode.as_deref()),
            (EventType::Consult, Some("visit"))
        );
        let c = t.get("1124").unwrap();
        assert_eq!(c.context, vec!["military".to_string(), "legal".to_string()]);
        assert_eq!(t.get("190").unwrap().quad_class, 4);
        assert_eq!(t.get("0874").unwrap().goldstein, 10.0);
    }

    #[test]
    fn quad_class_follows_the_root_not_the_header() {
        let t = builtin();
        // 191 sits under the 17 header in CAMEO2PLOVER but its root is 19.
        let c = t.get("191").unwrap();
        assert_eq!((c.plover, c.quad_class), (EventType::Coerce, 4));
        assert_eq!(t.get("0841").unwrap().quad_class, 2);
        assert_eq!(t.get("094").unwrap().quad_class, 3);
    }

    #[test]
    fn missing_codes_fall_back_to_the_nearest_parent() {
        let t = builtin();
        assert_eq!(t.get("0312").unwrap().code, "0312");
        assert_eq!(t.get("0319").unwrap().code, "031");
        assert_eq!(t.get("0399").unwrap().code, "039");
        assert_eq!(t.get("03").unwrap().code, "03");
        assert_eq!(t.get(" 036 ").unwrap().code, "036");
        assert!(t.get("021").is_none(), "CAMEO 02 is dropped by PLOVER");
        assert!(t.get("").is_none());
        assert!(t.get("9").is_none());
        assert!(t.get("é36").is_none());
    }

    #[test]
    fn split_root_takes_its_x0_category() {
        let t = builtin();
        assert_eq!(t.get("08").unwrap().plover, EventType::Concede);
        assert_eq!(t.get("0871").unwrap().plover, EventType::Retreat);
        assert_eq!(t.get("163").unwrap().plover, EventType::Coerce);
    }

    #[test]
    fn inherited_goldstein_scores_say_where_they_come_from() {
        let t = builtin();
        let c = t.get("1213").unwrap();
        assert_eq!((c.goldstein, c.goldstein_from.as_str()), (-4.0, "121"));
    }

    #[test]
    fn codes_for_lists_codes_of_one_category_in_order() {
        let t = builtin();
        let codes: Vec<&str> = t
            .codes_for(EventType::Consult)
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(
            codes,
            ["04", "040", "041", "042", "043", "044", "045", "046"]
        );
    }

    #[test]
    fn table_is_what_the_build_script_writes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let source = root.join("../shared/data/plover/CAMEO2PLOVER-2021.txt");
        if !source.exists() {
            eprintln!("skipped: {} is absent", source.display());
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("cameo.tsv");
        let status = std::process::Command::new("python3")
            .arg(root.join("scripts/build_cameo.py"))
            .arg(&source)
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .status();
        match status {
            Ok(s) if s.success() => {}
            _ => {
                eprintln!("skipped: python3 could not run scripts/build_cameo.py");
                return;
            }
        }
        let built = std::fs::read_to_string(&out).unwrap();
        let committed = std::fs::read_to_string(root.join("data/kb/cameo.tsv")).unwrap();
        assert!(
            built == committed,
            "data/kb/cameo.tsv is stale: run scripts/build_cameo.py"
        );
    }

    const HEADER: &str = "# test\ncode\tplover\tmode\tcontexts\tquad_class\tgoldstein\tgoldstein_from\tdescription\n";

    #[test]
    fn user_rows_replace_builtin_ones() {
        let res = Resources::builtin().with_file(
            "kb/cameo.tsv",
            format!("{HEADER}036\tCONSULT\t\t\t1\t4.0\t036\tMeet\n"),
        );
        let t = CameoTable::load(&res).unwrap();
        assert_eq!(t.get("036").unwrap().plover, EventType::Consult);
        assert_eq!(t.get("036").unwrap().description, "Meet");
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            "03x\tAGREE\t\t\t1\t4.0\t03x\tx\n",
            "036\tHUG\t\t\t1\t4.0\t036\tx\n",
            "036\tAGREE\t\t\t5\t4.0\t036\tx\n",
            "036\tAGREE\t\t\t1\tlots\t036\tx\n",
            "036\tAGREE\t\t\t1\t11\t036\tx\n",
            "036\tAGREE\t\t\t1\t4.0\t04\tx\n",
            "036\tAGREE\t1\n",
        ];
        for row in cases {
            let res = Resources::empty().with_file("kb/cameo.tsv", format!("{HEADER}{row}"));
            let err = CameoTable::load(&res).unwrap_err().to_string();
            assert!(
                err.starts_with("kb/cameo.tsv (added):3:"),
                "{row:?} -> {err}"
            );
        }
    }
}
