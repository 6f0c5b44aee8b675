//! Document numbers (số, ký hiệu văn bản) in Party and State forms.
//!
//! Party: `07-KH/ThU`, `127-QĐ/TW`. State: `78/NQ-HĐND`, legal documents
//! `666/2015/QĐ-UBND`, letters `1066/UBND-VXNV`. Real text is untidy ("Số: 16 - HD/BTCTW",
//! "22 – NQ/TW"), so parsing is tolerant, the raw string is kept for display, and a
//! normalised key (TƯ → TW, accents folded) is used for matching.

use std::fmt;

use crate::text::{fold, nfc};

/// Type abbreviations that stand before the issuer in State numbers.
const STATE_TYPES: &[&str] =
    &["NQ", "KL", "CT", "QĐ", "QC", "KH", "CTr", "CTHĐ", "BC", "TB", "HD", "TTr", "CV", "ĐA", "TT", "NĐ"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberForm {
    /// `<n>-<TYPE>/<ISSUER>`
    Party,
    /// `<n>/<TYPE>-<ISSUER>`
    State,
    /// `<n>/<yyyy>/<TYPE>-<ISSUER>`
    StateLegal,
    /// `<n>/<ISSUER>-<UNIT>`, a letter (công văn) without a type.
    StateLetter,
}

/// A parsed document number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentNumber {
    /// As written, NFC, for display.
    pub raw: String,
    pub form: NumberForm,
    pub number: u32,
    /// The digits as written ("07"), so formatting keeps the leading zero.
    pub number_text: String,
    pub year: Option<i32>,
    /// Type abbreviation (KH, NQ, QĐ …); `None` for letters.
    pub type_abbr: Option<String>,
    /// Issuer code, TƯ normalised to TW.
    pub issuer: String,
    /// Drafting unit of a State letter ("VXNV").
    pub unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” không phải là số ký hiệu văn bản (ví dụ hợp lệ: 07-KH/ThU, 78/NQ-HĐND, 666/2015/QĐ-UBND)")]
pub struct DocNumberError(pub String);

impl DocumentNumber {
    pub fn parse(input: &str) -> Result<Self, DocNumberError> {
        let raw = nfc(input.trim());
        let err = || DocNumberError(raw.clone());
        let mut s: String = raw
            .chars()
            .map(|c| if matches!(c, '–' | '—' | '‐' | '−') { '-' } else { c })
            .filter(|c| !c.is_whitespace())
            .collect();
        for prefix in ["Số:", "số:", "Số", "số"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.to_string();
                break;
            }
        }
        let is_code = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_alphabetic() || c == '&');
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = s.split('/').collect();
        let parsed = match parts.as_slice() {
            [left, issuer] if left.contains('-') && !issuer.contains('-') => {
                let (n, ty) = left.split_once('-').ok_or_else(err)?;
                if !digits(n) || !is_code(ty) || !is_code(issuer) {
                    return Err(err());
                }
                (NumberForm::Party, n, None, Some(ty), normalise_issuer(issuer), None)
            }
            [n, right] => {
                let (a, b) = right.split_once('-').ok_or_else(err)?;
                if !digits(n) || !is_code(a) || !is_code(b) {
                    return Err(err());
                }
                if STATE_TYPES.iter().any(|t| t.eq_ignore_ascii_case(a)) {
                    (NumberForm::State, *n, None, Some(a), normalise_issuer(b), None)
                } else {
                    (NumberForm::StateLetter, *n, None, None, normalise_issuer(a), Some(b.to_string()))
                }
            }
            [n, y, right] => {
                let (ty, issuer) = right.split_once('-').ok_or_else(err)?;
                if !digits(n) || !digits(y) || y.len() != 4 || !is_code(ty) || !is_code(issuer) {
                    return Err(err());
                }
                let year = y.parse().map_err(|_| err())?;
                (NumberForm::StateLegal, *n, Some(year), Some(ty), normalise_issuer(issuer), None)
            }
            _ => return Err(err()),
        };
        let (form, n, year, ty, issuer, unit) = parsed;
        Ok(DocumentNumber {
            number: n.parse().map_err(|_| err())?,
            number_text: n.to_string(),
            raw: raw.clone(),
            form,
            year,
            type_abbr: ty.map(str::to_string),
            issuer,
            unit,
        })
    }

    /// Canonical written form: "07-KH/ThU", "78/NQ-HĐND", "666/2015/QĐ-UBND".
    pub fn canonical(&self) -> String {
        let ty = self.type_abbr.as_deref().unwrap_or("");
        match self.form {
            NumberForm::Party => format!("{}-{ty}/{}", self.number_text, self.issuer),
            NumberForm::State => format!("{}/{ty}-{}", self.number_text, self.issuer),
            NumberForm::StateLegal => {
                format!("{}/{}/{ty}-{}", self.number_text, self.year.unwrap_or_default(), self.issuer)
            }
            NumberForm::StateLetter => {
                format!("{}/{}-{}", self.number_text, self.issuer, self.unit.as_deref().unwrap_or(""))
            }
        }
    }

    /// Matching key: the canonical form with the number's leading zeros dropped,
    /// folded ("07-KH/ThU" and "7 - KH/THU" give the same key).
    pub fn key(&self) -> String {
        let mut n = self.clone();
        n.number_text = self.number.to_string();
        fold(&n.canonical())
    }
}

fn normalise_issuer(s: &str) -> String {
    match s {
        "TƯ" | "Tư" | "tư" => "TW".to_string(),
        _ => s.to_string(),
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_party_numbers() {
        let n = DocumentNumber::parse("Số 07-KH/ThU").unwrap();
        assert_eq!((n.form, n.number, n.issuer.as_str()), (NumberForm::Party, 7, "ThU"));
        assert_eq!(n.type_abbr.as_deref(), Some("KH"));
        assert_eq!(n.canonical(), "07-KH/ThU");
        assert_eq!(n.raw, "Số 07-KH/ThU");
        assert_eq!(DocumentNumber::parse("Số: 16 - HD/BTCTW").unwrap().canonical(), "16-HD/BTCTW");
        assert_eq!(DocumentNumber::parse("22 – NQ/TW").unwrap().canonical(), "22-NQ/TW");
        let tu = DocumentNumber::parse("127-QĐ/TƯ").unwrap();
        assert_eq!(tu.key(), DocumentNumber::parse("127-QĐ/TW").unwrap().key());
    }

    #[test]
    fn reads_state_numbers() {
        let n = DocumentNumber::parse("78/NQ-HĐND").unwrap();
        assert_eq!((n.form, n.issuer.as_str()), (NumberForm::State, "HĐND"));
        let legal = DocumentNumber::parse("666/2015/QĐ-UBND").unwrap();
        assert_eq!((legal.form, legal.year), (NumberForm::StateLegal, Some(2015)));
        assert_eq!(legal.canonical(), "666/2015/QĐ-UBND");
        let letter = DocumentNumber::parse("1066/UBND-VXNV").unwrap();
        assert_eq!((letter.form, letter.unit.as_deref()), (NumberForm::StateLetter, Some("VXNV")));
        assert_eq!(letter.canonical(), "1066/UBND-VXNV");
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in ["", "KH/ThU", "07-KH", "abc", "07-KH/ThU/x", "1/2/3/4"] {
            assert!(DocumentNumber::parse(bad).is_err(), "{bad}");
        }
        assert!(DocumentNumber::parse("xyz").unwrap_err().to_string().contains("07-KH/ThU"));
    }
}
