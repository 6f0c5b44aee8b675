//! Exact decimal numbers written the Vietnamese way: "." groups thousands and ","
//! marks decimals ("45.799,5"; "99,16%").

use std::fmt;

/// Fractional digits kept: figures are exact to 1/10 000 (targets like "99,16%" and
/// money in tỷ đồng need no more), stored as a scaled integer so both databases sum
/// them exactly.
pub const SCALE: i64 = 10_000;

/// A fixed-point decimal with four fractional digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Decimal(i64);

/// Why a written number could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("chưa nhập số")]
    Empty,
    #[error("“{0}” không phải là số (ví dụ hợp lệ: 45.799,5)")]
    NotANumber(String),
    #[error("“{0}”: dấu chấm dùng để nhóm hàng nghìn, phần thập phân viết sau dấu phẩy (ví dụ 7,5)")]
    BadGrouping(String),
    #[error("“{0}” có quá 4 chữ số thập phân")]
    TooPrecise(String),
    #[error("“{0}” quá lớn")]
    TooLarge(String),
}

impl Decimal {
    pub const ZERO: Decimal = Decimal(0);

    pub const fn from_scaled(raw: i64) -> Self {
        Decimal(raw)
    }

    pub const fn scaled(self) -> i64 {
        self.0
    }

    pub fn from_int(n: i64) -> Self {
        Decimal(n.saturating_mul(SCALE))
    }

    /// Nearest decimal to a float (used for generated and computed values only).
    pub fn from_f64(x: f64) -> Self {
        Decimal((x * SCALE as f64).round() as i64)
    }

    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    /// Reads Vietnamese notation: "45.799,5", "-3,25", "1.200", "99,16%" (a trailing
    /// "%" is allowed and ignored), spaces inside are ignored.
    pub fn parse_vn(input: &str) -> Result<Self, NumberError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
        let s = s.strip_suffix('%').unwrap_or(&s);
        if s.is_empty() {
            return Err(NumberError::Empty);
        }
        let (negative, body) = match s.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int_part, frac_part) = match body.split_once(',') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        let not_number = || NumberError::NotANumber(input.trim().to_string());
        let groups: Vec<&str> = int_part.split('.').collect();
        if groups.iter().any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit())) {
            return Err(not_number());
        }
        if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
            return Err(NumberError::BadGrouping(input.trim().to_string()));
        }
        let digits: String = groups.concat();
        let frac = frac_part.unwrap_or("");
        if frac_part.is_some() && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
            return Err(not_number());
        }
        if frac.len() > 4 {
            return Err(NumberError::TooPrecise(input.trim().to_string()));
        }
        let too_large = || NumberError::TooLarge(input.trim().to_string());
        let int: i64 = digits.parse().map_err(|_| too_large())?;
        let frac_scaled: i64 = format!("{frac:0<4}").parse().map_err(|_| not_number())?;
        let raw = int.checked_mul(SCALE).and_then(|v| v.checked_add(frac_scaled)).ok_or_else(too_large)?;
        Ok(Decimal(if negative { -raw } else { raw }))
    }

    /// Reads machine notation ("7.5", "-12", "8300") as used in CSV files.
    pub fn parse_plain(input: &str) -> Result<Self, NumberError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(NumberError::Empty);
        }
        Decimal::parse_vn(&s.replace('.', ","))
    }

    /// Vietnamese notation with at most `max_frac` fractional digits, trailing zeros
    /// dropped: 45799.5 → "45.799,5".
    pub fn format_vn(self, max_frac: usize) -> String {
        let max_frac = max_frac.min(4);
        let step = 10_i64.pow(4 - max_frac as u32);
        let mut raw = self.0.unsigned_abs() as i128;
        let half = (step / 2) as i128;
        raw = (raw + half) / step as i128 * step as i128;
        let int = raw / SCALE as i128;
        let frac = raw % SCALE as i128;
        let mut out = String::new();
        if self.0 < 0 && raw != 0 {
            out.push('-');
        }
        out.push_str(&group_thousands(&int.to_string()));
        if max_frac > 0 && frac != 0 {
            let f = format!("{frac:04}");
            let f = f[..max_frac].trim_end_matches('0');
            if !f.is_empty() {
                out.push(',');
                out.push_str(f);
            }
        }
        out
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A float in Vietnamese notation, for computed figures such as ratios.
pub fn format_f64(x: f64, max_frac: usize) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    Decimal::from_f64(x).format_vn(max_frac)
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_vn(4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_vietnamese_numbers() {
        assert_eq!(Decimal::parse_vn("45.799,5").unwrap().to_f64(), 45799.5);
        assert_eq!(Decimal::parse_vn("99,16%").unwrap().to_f64(), 99.16);
        assert_eq!(Decimal::parse_vn(" 8.793 ").unwrap().to_f64(), 8793.0);
        assert_eq!(Decimal::parse_vn("-1,41").unwrap().to_f64(), -1.41);
        assert_eq!(Decimal::parse_vn("35 599").unwrap().to_f64(), 35599.0);
    }

    #[test]
    fn refuses_ambiguous_or_broken_numbers() {
        assert!(matches!(Decimal::parse_vn("7.5"), Err(NumberError::BadGrouping(_))));
        assert!(matches!(Decimal::parse_vn("abc"), Err(NumberError::NotANumber(_))));
        assert!(matches!(Decimal::parse_vn(""), Err(NumberError::Empty)));
        assert!(matches!(Decimal::parse_vn("1,23456"), Err(NumberError::TooPrecise(_))));
        assert!(Decimal::parse_vn("1,").is_err());
        let msg = Decimal::parse_vn("7.5").unwrap_err().to_string();
        assert!(msg.contains("dấu phẩy"), "{msg}");
    }

    #[test]
    fn writes_vietnamese_numbers() {
        assert_eq!(Decimal::from_f64(45799.5).format_vn(2), "45.799,5");
        assert_eq!(Decimal::from_f64(1234567.0).format_vn(2), "1.234.567");
        assert_eq!(Decimal::from_f64(-0.25).format_vn(1), "-0,3");
        assert_eq!(format_f64(99.1612, 2), "99,16");
        assert_eq!(Decimal::parse_plain("7.5").unwrap().to_f64(), 7.5);
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(raw in -10_000_000_000_000i64..10_000_000_000_000i64) {
            let d = Decimal::from_scaled(raw);
            prop_assert_eq!(Decimal::parse_vn(&d.format_vn(4)).unwrap(), d);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = Decimal::parse_vn(&s);
        }
    }
}
