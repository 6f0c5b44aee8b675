//! The period report (báo cáo) a committee hands in: who issues it and how its heading,
//! title, number and signature read, and the layout rules in force on its date. The
//! rules are data, one set per guide, chosen by the report's date.

use chrono::NaiveDate;
use vn::Period;

/// One set of layout rules for Party documents.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// The guide the set follows, said on the report page.
    pub guide: &'static str,
    /// The first day the set applies to.
    pub from: (i32, u32, u32),
    /// Page margins in millimetres: top, bottom, left, right.
    pub margins_mm: [u32; 4],
    pub font: &'static str,
    /// Body text size in points.
    pub body_pt: u32,
    /// "Nơi nhận:" and its recipients, in points.
    pub recipients_pt: u32,
    /// Line spacing in 240ths of a line (WordprocessingML's "auto" rule).
    pub line_240ths: u32,
    /// Space after each paragraph, in points.
    pub after_pt: u32,
    /// First-line indent of body paragraphs, in millimetres.
    pub indent_mm: u32,
    /// What follows a part's Roman numeral: "I- KẾT QUẢ …".
    pub part_mark: &'static str,
}

/// Hướng dẫn 36-HD/VPTW (2018), then the 2026 guide that replaced it after Quy định
/// 399-QĐ/TW of 9 January 2026 (decision 0013 records where each figure comes from).
pub const LAYOUTS: [Layout; 2] = [
    Layout {
        guide: "Hướng dẫn 36-HD/VPTW (2018)",
        from: (2018, 4, 3),
        margins_mm: [25, 20, 30, 15],
        font: "Times New Roman",
        body_pt: 14,
        recipients_pt: 12,
        line_240ths: 276,
        after_pt: 6,
        indent_mm: 10,
        part_mark: "- ",
    },
    Layout {
        guide: "Quy định 399-QĐ/TW (2026) và hướng dẫn thể thức năm 2026",
        from: (2026, 1, 9),
        margins_mm: [20, 20, 30, 15],
        font: "Times New Roman",
        body_pt: 14,
        recipients_pt: 12,
        line_240ths: 276,
        after_pt: 6,
        indent_mm: 10,
        part_mark: "- ",
    },
];

impl Layout {
    /// The set in force on `day`: the latest that began on or before it (the oldest
    /// for a day before every set).
    pub fn in_force(day: NaiveDate) -> &'static Layout {
        let starts = |l: &Layout| NaiveDate::from_ymd_opt(l.from.0, l.from.1, l.from.2).unwrap_or(NaiveDate::MIN);
        LAYOUTS.iter().rev().find(|l| starts(l) <= day).unwrap_or(&LAYOUTS[0])
    }
}

/// Who issues a report and how the heading and signature name them, derived from the
/// committee's name and its superior's ("Đảng ủy xã Phú Hưng" under "Thành ủy Bến Tre").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuer {
    /// "ĐẢNG BỘ THÀNH PHỐ BẾN TRE", regular capitals.
    pub superior: String,
    /// "ĐẢNG ỦY XÃ PHÚ HƯNG", bold capitals.
    pub body: String,
    /// The issuer's code after the slash of a number: "ĐU", "ThU", "TU", "HU", "CB".
    pub code: &'static str,
    /// "T/M ĐẢNG ỦY", "T/M BAN THƯỜNG VỤ", "T/M CHI BỘ".
    pub on_behalf: &'static str,
    /// The place in the dateline: "Phú Hưng".
    pub place: String,
    /// The last recipient: "Lưu Văn phòng Đảng ủy".
    pub archive: String,
}

/// Committee kinds by the words their names begin with: (prefix, the party organisation
/// it leads, issuer code, who signs on behalf, the office that keeps the copy).
type Committee = (&'static str, &'static str, &'static str, &'static str, &'static str);

const COMMITTEES: [Committee; 9] = [
    ("Tỉnh ủy", "Đảng bộ tỉnh", "TU", "T/M BAN THƯỜNG VỤ", "Văn phòng Tỉnh ủy"),
    ("Thành ủy", "Đảng bộ thành phố", "ThU", "T/M BAN THƯỜNG VỤ", "Văn phòng Thành ủy"),
    ("Huyện ủy", "Đảng bộ huyện", "HU", "T/M BAN THƯỜNG VỤ", "Văn phòng Huyện ủy"),
    ("Thị ủy", "Đảng bộ thị xã", "TU", "T/M BAN THƯỜNG VỤ", "Văn phòng Thị ủy"),
    ("Quận ủy", "Đảng bộ quận", "QU", "T/M BAN THƯỜNG VỤ", "Văn phòng Quận ủy"),
    ("Đảng ủy", "Đảng bộ", "ĐU", "T/M ĐẢNG ỦY", "Văn phòng Đảng ủy"),
    ("Chi bộ", "Chi bộ", "CB", "T/M CHI BỘ", "Chi bộ"),
    ("Ban Thường vụ", "Đảng bộ", "TU", "T/M BAN THƯỜNG VỤ", "Văn phòng"),
    ("Ủy ban Kiểm tra", "Đảng bộ", "UBKT", "T/M ỦY BAN KIỂM TRA", "Ủy ban Kiểm tra"),
];

/// Upper case as Vietnamese headings write it ("Đảng ủy" → "ĐẢNG ỦY").
pub fn caps(s: &str) -> String {
    s.chars().flat_map(char::to_uppercase).collect()
}

/// The committee kind `name` begins with and the rest of it ("xã Phú Hưng", "Bến Tre").
fn committee(name: &str) -> Option<(&'static Committee, &str)> {
    COMMITTEES.iter().find_map(|c| name.strip_prefix(c.0).map(|rest| (c, rest.trim())))
}

/// The party organisation a committee leads: "Thành ủy Bến Tre" → "Đảng bộ thành phố Bến
/// Tre"; "Đảng ủy xã Phú Hưng" → "Đảng bộ xã Phú Hưng"; other names stay as they are.
pub fn organisation_of(name: &str) -> String {
    match committee(name) {
        Some((c, rest)) if c.0 == "Chi bộ" => format!("Chi bộ {rest}"),
        Some((c, rest)) => format!("{} {rest}", c.1),
        None => name.to_string(),
    }
}

/// Place words that name a kind of unit and are dropped from the dateline.
const PLACE_KINDS: [&str; 8] = ["xã ", "phường ", "thị trấn ", "thành phố ", "tỉnh ", "huyện ", "quận ", "thị xã "];

impl Issuer {
    /// The issuer of a report by the committee `name`, under `superior` (none at the top).
    pub fn of(name: &str, superior: Option<&str>) -> Issuer {
        let (kind, rest) = match committee(name) {
            Some((c, rest)) => (Some(c), rest),
            None => (None, name),
        };
        let place_of = |rest: &str| {
            let rest = PLACE_KINDS.iter().find_map(|k| rest.strip_prefix(k)).unwrap_or(rest);
            rest.to_string()
        };
        let place = superior
            .filter(|_| kind.is_some_and(|k| k.0 == "Chi bộ"))
            .map(|s| committee(s).map(|(_, r)| place_of(r)).unwrap_or_default())
            .unwrap_or_else(|| place_of(rest));
        Issuer {
            superior: caps(&superior.map(organisation_of).unwrap_or_else(|| organisation_of(name))),
            body: caps(name),
            code: kind.map(|k| k.2).unwrap_or("BC"),
            on_behalf: kind.map(|k| k.3).unwrap_or("T/M BAN THƯỜNG VỤ"),
            place,
            archive: format!("Lưu {}", kind.map(|k| k.4).unwrap_or("Văn phòng")),
        }
    }

    /// "Số 15-BC/ĐU": Party style, no colon after "Số"; a report not yet numbered keeps
    /// the space for the number.
    pub fn number_line(&self, number: Option<u32>) -> String {
        match number {
            Some(n) => format!("Số {n}-BC/{}", self.code),
            None => format!("Số      -BC/{}", self.code),
        }
    }

    /// "Phú Hưng, ngày 25 tháng 9 năm 2020".
    pub fn dateline(&self, day: NaiveDate) -> String {
        format!("{}, {}", self.place, vn::date::format_date_long(day))
    }
}

/// The period a report looks back on and the one it plans for, as titles say them:
/// ("9 tháng đầu năm 2020", "3 tháng cuối năm 2020").
pub fn period_phrases(period: Period) -> (String, String) {
    const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
    match period {
        Period::Month { year, month } if month < 12 => {
            (format!("tháng {month} năm {year}"), format!("tháng {} năm {year}", month + 1))
        }
        Period::Month { year, .. } => (format!("tháng 12 năm {year}"), format!("tháng 01 năm {}", year + 1)),
        Period::Quarter { year, quarter } if quarter < 4 => (
            format!("quý {} năm {year}", ROMAN[quarter as usize - 1]),
            format!("quý {} năm {year}", ROMAN[quarter as usize]),
        ),
        Period::Quarter { year, .. } => (format!("quý IV năm {year}"), format!("quý I năm {}", year + 1)),
        Period::Half { year, half: 1 } => (format!("6 tháng đầu năm {year}"), format!("6 tháng cuối năm {year}")),
        Period::Half { year, .. } => (format!("6 tháng cuối năm {year}"), format!("6 tháng đầu năm {}", year + 1)),
        Period::NineMonths { year } => (format!("9 tháng đầu năm {year}"), format!("3 tháng cuối năm {year}")),
        Period::Year { year } => (format!("năm {year}"), format!("năm {}", year + 1)),
        Period::Term { start, end } => {
            (format!("nhiệm kỳ {start} - {end}"), format!("nhiệm kỳ {end} - {}", end + end - start))
        }
    }
}

/// The summary under "BÁO CÁO": "kết quả thực hiện Nghị quyết 12-NQ/ĐU 9 tháng đầu năm
/// 2020, phương hướng, nhiệm vụ 3 tháng cuối năm 2020".
pub fn title_summary(resolution: &str, period: Period) -> String {
    let (back, ahead) = period_phrases(period);
    let resolution = if resolution.is_empty() { "Nghị quyết".to_string() } else { resolution.to_string() };
    format!("kết quả thực hiện {resolution} {back}, phương hướng, nhiệm vụ {ahead}")
}

/// Roman numerals for the parts of a report (I to XX is plenty).
pub fn roman(n: usize) -> String {
    const UNITS: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    const TENS: [&str; 3] = ["", "X", "XX"];
    format!("{}{}", TENS.get(n / 10).copied().unwrap_or("XX"), UNITS[n % 10])
}

/// The signer's title line: "BÍ THƯ", or "PHÓ BÍ THƯ" when a deputy signs, taken from
/// the title held in the register without the committee's name.
pub fn signer_title(title: &str) -> String {
    let folded = vn::text::fold(title);
    let line = if folded.starts_with("pho bi thu") {
        "Phó Bí thư"
    } else if folded.starts_with("bi thu") {
        "Bí thư"
    } else if folded.starts_with("pho chu nhiem") {
        "Phó Chủ nhiệm"
    } else if folded.starts_with("chu nhiem") {
        "Chủ nhiệm"
    } else {
        title
    };
    caps(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_commune_committee_under_a_city() {
        let i = Issuer::of("Đảng ủy xã Phú Hưng", Some("Thành ủy Bến Tre"));
        assert_eq!(i.superior, "ĐẢNG BỘ THÀNH PHỐ BẾN TRE");
        assert_eq!(i.body, "ĐẢNG ỦY XÃ PHÚ HƯNG");
        assert_eq!(i.number_line(Some(15)), "Số 15-BC/ĐU");
        assert_eq!(i.on_behalf, "T/M ĐẢNG ỦY");
        assert_eq!(i.dateline(day(2020, 9, 25)), "Phú Hưng, ngày 25 tháng 9 năm 2020");
        assert_eq!(i.dateline(day(2021, 2, 7)), "Phú Hưng, ngày 07 tháng 02 năm 2021");
        assert_eq!(i.archive, "Lưu Văn phòng Đảng ủy");
    }

    #[test]
    fn a_city_committee_under_a_province() {
        let i = Issuer::of("Thành ủy Bến Tre", Some("Tỉnh ủy Bến Tre"));
        assert_eq!(i.superior, "ĐẢNG BỘ TỈNH BẾN TRE");
        assert_eq!(i.code, "ThU");
        assert_eq!(i.on_behalf, "T/M BAN THƯỜNG VỤ");
        assert_eq!(i.place, "Bến Tre");
        let top = Issuer::of("Tỉnh ủy Bến Tre", None);
        assert_eq!(top.superior, "ĐẢNG BỘ TỈNH BẾN TRE");
    }

    #[test]
    fn a_branch_dates_its_report_from_the_commune() {
        let i = Issuer::of("Chi bộ ấp Phú Chánh", Some("Đảng ủy xã Phú Hưng"));
        assert_eq!(i.on_behalf, "T/M CHI BỘ");
        assert_eq!(i.place, "Phú Hưng");
        assert_eq!(i.superior, "ĐẢNG BỘ XÃ PHÚ HƯNG");
    }

    #[test]
    fn titles_say_the_period_back_and_ahead() {
        assert_eq!(
            title_summary("Nghị quyết", Period::NineMonths { year: 2020 }),
            "kết quả thực hiện Nghị quyết 9 tháng đầu năm 2020, phương hướng, nhiệm vụ 3 tháng cuối năm 2020"
        );
        assert_eq!(period_phrases(Period::Quarter { year: 2020, quarter: 4 }).1, "quý I năm 2021");
        assert_eq!(period_phrases(Period::Year { year: 2020 }).1, "năm 2021");
    }

    #[test]
    fn the_rules_in_force_follow_the_date() {
        assert_eq!(Layout::in_force(day(2020, 9, 25)).margins_mm, [25, 20, 30, 15]);
        assert_eq!(Layout::in_force(day(2026, 3, 1)).margins_mm, [20, 20, 30, 15]);
        assert_eq!(Layout::in_force(day(2010, 1, 1)).guide, LAYOUTS[0].guide);
    }

    #[test]
    fn signers_and_numerals() {
        assert_eq!(signer_title("Bí thư Đảng ủy xã"), "BÍ THƯ");
        assert_eq!(signer_title("Phó Bí thư Thường trực Thành ủy"), "PHÓ BÍ THƯ");
        assert_eq!(roman(3), "III");
        assert_eq!(roman(14), "XIV");
    }
}
