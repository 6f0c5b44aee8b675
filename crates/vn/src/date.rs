//! Dates as Vietnamese writes them: "18-9-2020", "19/04/2021", "ngày 03 tháng 4 năm 2018".

use chrono::{Datelike, NaiveDate};

use crate::text::fold;

/// Why a written date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("“{0}” không phải là ngày (ví dụ hợp lệ: 18/9/2020)")]
    Unreadable(String),
    #[error("ngày “{0}” không có trên lịch")]
    NoSuchDay(String),
}

/// Reads day-month-year with "-", "/" or "." separators, the long form
/// "ngày 03 tháng 4 năm 2018", and ISO "2020-09-18".
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let folded = fold(input);
    let unreadable = || DateError::Unreadable(input.trim().to_string());
    let numbers: Vec<&str> = folded.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect();
    let words_ok = folded
        .split(|c: char| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | ',' | ' '))
        .filter(|w| !w.is_empty())
        .all(|w| matches!(w, "ngay" | "thang" | "nam"));
    if numbers.len() != 3 || !words_ok {
        return Err(unreadable());
    }
    let parse = |s: &str| s.parse::<u32>().map_err(|_| unreadable());
    let (a, b, c) = (parse(numbers[0])?, parse(numbers[1])?, parse(numbers[2])?);
    let (y, m, d) = if numbers[0].len() == 4 { (a, b, c) } else { (c, b, a) };
    if !(1900..=2200).contains(&y) {
        return Err(unreadable());
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| DateError::NoSuchDay(input.trim().to_string()))
}

/// Short display form: the day padded, the month padded only for 01 and 02 as
/// official documents do ("07/8/2020", "05/02/2021").
pub fn format_date(d: NaiveDate) -> String {
    if d.month() <= 2 {
        format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
    } else {
        format!("{:02}/{}/{}", d.day(), d.month(), d.year())
    }
}

/// Long form for documents: "ngày 07 tháng 8 năm 2020".
pub fn format_date_long(d: NaiveDate) -> String {
    if d.month() <= 2 {
        format!("ngày {:02} tháng {:02} năm {}", d.day(), d.month(), d.year())
    } else {
        format!("ngày {:02} tháng {} năm {}", d.day(), d.month(), d.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reads_the_forms_in_reports() {
        assert_eq!(parse_date("18-9-2020").unwrap(), ymd(2020, 9, 18));
        assert_eq!(parse_date("19/04/2021").unwrap(), ymd(2021, 4, 19));
        assert_eq!(parse_date("ngày 03 tháng 4 năm 2018").unwrap(), ymd(2018, 4, 3));
        assert_eq!(parse_date("2020-09-18").unwrap(), ymd(2020, 9, 18));
        assert!(matches!(parse_date("31/2/2020"), Err(DateError::NoSuchDay(_))));
        assert!(parse_date("hôm qua").is_err());
        assert!(parse_date("1/2").is_err());
    }

    #[test]
    fn writes_official_padding() {
        assert_eq!(format_date(ymd(2020, 8, 7)), "07/8/2020");
        assert_eq!(format_date(ymd(2021, 2, 5)), "05/02/2021");
        assert_eq!(format_date_long(ymd(2020, 8, 7)), "ngày 07 tháng 8 năm 2020");
    }
}
