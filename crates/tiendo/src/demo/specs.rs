//! The targets of the Bến Tre sample: the city's resolution, xã Phú Hưng's 31 targets
//! (realistic ones, after `shared/data/example_targets.csv` and seed 000) and the
//! figures that make its "9 tháng năm 2020" read 13/2/4/4 and 8 in progress.

use std::collections::BTreeMap;

use domain::{Accrual, AssessAt, Bound, Decimal, Direction, Measure, Rollup};

use Accrual::{Flow, Level};
use AssessAt::{AnyPeriod as Any, TermEnd, YearEnd};
use Direction::{HigherIsBetter as Up, LowerIsBetter as Down};
use Measure::{Cumulative, EndOfTerm, EveryYear, YearlyAverage};

pub fn at_least(x: f64) -> Bound {
    Bound::AtLeast { value: Decimal::from_f64(x), strict: false }
}
pub fn above(x: f64) -> Bound {
    Bound::AtLeast { value: Decimal::from_f64(x), strict: true }
}
pub fn at_most(x: f64) -> Bound {
    Bound::AtMost { value: Decimal::from_f64(x), strict: false }
}
pub fn below(x: f64) -> Bound {
    Bound::AtMost { value: Decimal::from_f64(x), strict: true }
}
pub fn exact(x: f64) -> Bound {
    Bound::Exact(Decimal::from_f64(x))
}
pub fn about(x: f64) -> Bound {
    Bound::About(Decimal::from_f64(x))
}

/// How a cascaded target rolls up, before ids are known.
#[derive(Clone, Copy)]
pub enum Roll {
    Plain(Rollup),
    /// Weighted by the population indicator.
    ByPopulation,
}

pub struct Spec {
    /// Key other specs link to.
    pub key: &'static str,
    pub field: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub bound: Bound,
    pub measure: Measure,
    pub direction: Direction,
    pub accrual: Accrual,
    pub assess: AssessAt,
    pub roll: Roll,
    pub yearly: BTreeMap<i32, Bound>,
    /// Key of the higher unit's target this one is linked to.
    pub link: Option<&'static str>,
    /// Figures by grain period code.
    pub figures: Vec<(&'static str, f64)>,
}

const KT: &str = "Kinh tế";
const VH: &str = "Văn hóa – xã hội";
const MT: &str = "Môi trường";
const QP: &str = "Quốc phòng – an ninh";
const XD: &str = "Xây dựng Đảng và hệ thống chính trị";

#[allow(clippy::too_many_arguments)]
fn spec(
    key: &'static str,
    field: &'static str,
    name: &'static str,
    unit: &'static str,
    bound: Bound,
    measure: Measure,
    direction: Direction,
    accrual: Accrual,
    assess: AssessAt,
) -> Spec {
    Spec {
        key,
        field,
        name,
        unit,
        bound,
        measure,
        direction,
        accrual,
        assess,
        roll: Roll::Plain(Rollup::Sum),
        yearly: BTreeMap::new(),
        link: None,
        figures: Vec::new(),
    }
}

impl Spec {
    fn year(mut self, y: i32, b: Bound) -> Spec {
        self.yearly.insert(y, b);
        self
    }
    fn link(mut self, key: &'static str) -> Spec {
        self.link = Some(key);
        self
    }
    fn roll(mut self, r: Roll) -> Spec {
        self.roll = r;
        self
    }
    fn figs(mut self, f: &[(&'static str, f64)]) -> Spec {
        self.figures = f.to_vec();
        self
    }
}

/// The population indicator used as the weight of coverage rates.
pub fn population() -> Spec {
    spec("pop", KT, "Dân số trung bình", "người", about(125_000.0), EndOfTerm, Up, Level, Any)
}

/// Thành ủy Bến Tre's resolution, nhiệm kỳ 2020–2025.
pub fn city() -> Vec<Spec> {
    use Rollup::{Average, CountMeeting};
    vec![
        spec(
            "c_growth",
            KT,
            "Tốc độ tăng giá trị sản xuất bình quân",
            "%/năm",
            at_least(9.0),
            YearlyAverage,
            Up,
            Level,
            Any,
        )
        .figs(&[("2020-Q3", 9.2)]),
        spec(
            "c_revenue",
            KT,
            "Thu ngân sách nhà nước trên địa bàn",
            "tỷ đồng",
            at_least(900.0),
            EveryYear,
            Up,
            Flow,
            Any,
        )
        .year(2020, at_least(160.0)),
        spec(
            "c_invest",
            KT,
            "Tổng vốn đầu tư toàn xã hội giai đoạn 2020–2025",
            "tỷ đồng",
            at_least(25_000.0),
            Cumulative,
            Up,
            Flow,
            Any,
        ),
        spec(
            "c_bhyt",
            VH,
            "Tỷ lệ dân số tham gia bảo hiểm y tế",
            "% dân số",
            at_least(92.0),
            EndOfTerm,
            Up,
            Level,
            Any,
        )
        .roll(Roll::ByPopulation),
        spec("c_jobs", VH, "Giải quyết việc làm mới", "lao động/năm", at_least(3_000.0), EveryYear, Up, Flow, Any),
        spec(
            "c_waste",
            MT,
            "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý",
            "%",
            at_least(90.0),
            EndOfTerm,
            Up,
            Level,
            Any,
        )
        .roll(Roll::Plain(Average)),
        spec(
            "c_safe",
            QP,
            "Số xã, phường có từ 80% ấp, khu phố đạt chuẩn an toàn về an ninh, trật tự",
            "đơn vị",
            at_least(12.0),
            EndOfTerm,
            Up,
            Level,
            Any,
        )
        .roll(Roll::Plain(CountMeeting)),
        spec("c_members", XD, "Kết nạp đảng viên mới", "đảng viên/năm", at_least(250.0), EveryYear, Up, Flow, Any),
        spec(
            "c_rating",
            XD,
            "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên hằng năm",
            "%",
            at_least(90.0),
            EveryYear,
            Up,
            Level,
            YearEnd,
        ),
        spec(
            "c_urban",
            XD,
            "Thành phố đạt chuẩn đô thị loại I",
            "đạt/không",
            Bound::YesNo,
            EndOfTerm,
            Up,
            Level,
            TermEnd,
        ),
    ]
}

/// Đảng bộ xã Phú Hưng's 31 targets with the figures of quý I–III/2020.
pub fn phu_hung() -> Vec<Spec> {
    vec![
        spec("1", KT, "Tổng giá trị sản xuất tăng bình quân", "%/năm", at_least(8.0), YearlyAverage, Up, Level, Any)
            .figs(&[("2020-Q3", 8.2)]),
        spec(
            "2",
            KT,
            "Thu nhập bình quân đầu người đến cuối nhiệm kỳ",
            "triệu đồng/người/năm",
            at_least(75.0),
            EndOfTerm,
            Up,
            Level,
            Any,
        )
        .year(2020, at_least(55.0))
        .figs(&[("2020-Q3", 52.0)]),
        spec("3", KT, "Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", at_least(70.0), EveryYear, Up, Flow, Any)
            .year(2020, at_least(12.0))
            .link("c_revenue")
            .figs(&[("2020-Q1", 3.5), ("2020-Q2", 4.2), ("2020-Q3", 4.8)]),
        spec(
            "4",
            KT,
            "Tổng vốn đầu tư toàn xã hội giai đoạn 2020–2025",
            "tỷ đồng",
            at_least(1_500.0),
            Cumulative,
            Up,
            Flow,
            Any,
        )
        .link("c_invest")
        .figs(&[("2020-Q1", 60.0), ("2020-Q2", 70.0), ("2020-Q3", 65.0)]),
        spec("5", KT, "Diện tích trồng dừa giữ ổn định", "ha", at_least(650.0), EveryYear, Up, Level, Any)
            .figs(&[("2020-Q3", 655.0)]),
        spec("6", KT, "Số hộ kinh doanh cá thể thành lập mới", "hộ/năm", at_least(30.0), EveryYear, Up, Flow, Any)
            .figs(&[("2020-Q1", 6.0), ("2020-Q2", 5.0), ("2020-Q3", 7.0)]),
        spec("7", KT, "Giữ vững xã đạt chuẩn nông thôn mới", "đạt/không", Bound::YesNo, EveryYear, Up, Level, YearEnd)
            .figs(&[("2020-Q3", 1.0)]),
        spec("8", VH, "Tỷ lệ hộ nghèo theo chuẩn đa chiều", "%", below(1.5), EndOfTerm, Down, Level, Any)
            .figs(&[("2020-Q3", 1.2)]),
        spec("9", VH, "Tỷ lệ hộ nghèo giảm bình quân", "điểm %/năm", at_least(0.5), YearlyAverage, Up, Level, YearEnd),
        spec("10", VH, "Tỷ lệ dân số tham gia bảo hiểm y tế", "% dân số", at_least(90.0), EndOfTerm, Up, Level, Any)
            .link("c_bhyt")
            .figs(&[("2020-Q1", 84.0), ("2020-Q3", 86.0)]),
        spec("11", VH, "Tỷ lệ hộ gia đình đạt chuẩn văn hóa", "%", at_least(90.0), EveryYear, Up, Level, YearEnd),
        spec("12", VH, "Tỷ lệ ấp đạt chuẩn văn hóa", "%", exact(100.0), EndOfTerm, Up, Level, Any)
            .figs(&[("2020-Q3", 100.0)]),
        spec("13", VH, "Tỷ lệ trẻ em trong độ tuổi đến trường", "%", exact(100.0), EveryYear, Up, Level, Any)
            .figs(&[("2020-Q3", 100.0)]),
        spec("14", VH, "Tỷ lệ hộ dân sử dụng nước sạch", "%", at_least(98.0), EndOfTerm, Up, Level, Any)
            .figs(&[("2020-Q3", 98.5)]),
        spec("15", VH, "Giải quyết việc làm mới", "lao động/năm", at_least(250.0), EveryYear, Up, Flow, Any)
            .link("c_jobs")
            .figs(&[("2020-Q1", 70.0), ("2020-Q2", 60.0), ("2020-Q3", 50.0)]),
        spec("16", VH, "Tỷ lệ lao động qua đào tạo", "%", at_least(65.0), EndOfTerm, Up, Level, Any)
            .figs(&[("2020-Q3", 58.0)]),
        spec(
            "17",
            MT,
            "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý",
            "%",
            at_least(85.0),
            EndOfTerm,
            Up,
            Level,
            Any,
        )
        .link("c_waste")
        .figs(&[("2020-Q3", 86.0)]),
        spec("18", MT, "Tỷ lệ che phủ cây xanh", "%", about(30.0), EndOfTerm, Up, Level, Any)
            .figs(&[("2020-Q3", 29.0)]),
        spec(
            "19",
            QP,
            "Tuyển chọn, gọi công dân nhập ngũ hằng năm",
            "% chỉ tiêu",
            exact(100.0),
            EveryYear,
            Up,
            Level,
            Any,
        )
        .figs(&[("2020-Q1", 100.0)]),
        spec(
            "20",
            QP,
            "Xây dựng xã vững mạnh về quốc phòng – an ninh",
            "đạt/không",
            Bound::YesNo,
            EveryYear,
            Up,
            Level,
            YearEnd,
        ),
        spec(
            "21",
            QP,
            "Tỷ lệ ấp đạt chuẩn an toàn về an ninh, trật tự",
            "%",
            at_least(80.0),
            EndOfTerm,
            Up,
            Level,
            Any,
        )
        .link("c_safe")
        .figs(&[("2020-Q3", 50.0)]),
        spec("22", QP, "Số vụ phạm pháp hình sự", "vụ/năm", at_most(5.0), EveryYear, Down, Flow, Any).figs(&[
            ("2020-Q1", 1.0),
            ("2020-Q2", 1.0),
            ("2020-Q3", 1.0),
        ]),
        spec("23", XD, "Kết nạp đảng viên mới", "đảng viên/năm", at_least(15.0), EveryYear, Up, Flow, Any)
            .link("c_members"),
        spec(
            "24",
            XD,
            "Tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên hằng năm",
            "%",
            at_least(90.0),
            EveryYear,
            Up,
            Level,
            YearEnd,
        ),
        spec(
            "25",
            XD,
            "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên hằng năm",
            "%",
            at_least(90.0),
            EveryYear,
            Up,
            Level,
            YearEnd,
        ),
        spec(
            "26",
            XD,
            "Đảng bộ hằng năm hoàn thành tốt nhiệm vụ trở lên",
            "đạt/không",
            Bound::YesNo,
            EveryYear,
            Up,
            Level,
            YearEnd,
        ),
        spec(
            "27",
            XD,
            "Tỷ lệ đảng viên được học tập, quán triệt nghị quyết",
            "%",
            at_least(95.0),
            EveryYear,
            Up,
            Level,
            Any,
        )
        .figs(&[("2020-Q3", 99.2)]),
        spec("28", XD, "Tỷ lệ chi bộ sinh hoạt chuyên đề hằng quý", "%", exact(100.0), EveryYear, Up, Level, Any)
            .figs(&[("2020-Q3", 100.0)]),
        spec(
            "29",
            XD,
            "Thành lập mới tổ chức đảng trong doanh nghiệp",
            "tổ chức",
            at_least(1.0),
            Cumulative,
            Up,
            Flow,
            Any,
        ),
        spec(
            "30",
            XD,
            "Tỷ lệ tổ chức chính trị – xã hội xếp loại vững mạnh",
            "%",
            at_least(85.0),
            EveryYear,
            Up,
            Level,
            Any,
        )
        .figs(&[("2020-Q3", 72.0)]),
        spec(
            "31",
            XD,
            "Tin, bài tuyên truyền trên hệ thống truyền thanh xã",
            "tin, bài/năm",
            at_least(120.0),
            EveryYear,
            Up,
            Flow,
            Any,
        )
        .figs(&[("2020-Q1", 25.0), ("2020-Q2", 28.0), ("2020-Q3", 30.0)]),
    ]
}

/// The targets every other commune and ward carries, linked to the city's.
pub fn commune(seed: u64) -> Vec<Spec> {
    // A small deterministic spread so that each unit reads differently.
    let r = |k: u64, lo: f64, hi: f64| {
        let x = seed.wrapping_mul(6364136223846793005).wrapping_add(k.wrapping_mul(1442695040888963407)) >> 33;
        let v = lo + (x % 1000) as f64 / 1000.0 * (hi - lo);
        (v * 10.0).round() / 10.0
    };
    vec![
        spec("3", KT, "Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", at_least(60.0), EveryYear, Up, Flow, Any)
            .year(2020, at_least(11.0))
            .link("c_revenue")
            .figs(&[("2020-Q1", r(1, 2.0, 4.0)), ("2020-Q2", r(2, 2.0, 4.5)), ("2020-Q3", r(3, 2.5, 5.0))]),
        spec(
            "4",
            KT,
            "Tổng vốn đầu tư toàn xã hội giai đoạn 2020–2025",
            "tỷ đồng",
            at_least(1_600.0),
            Cumulative,
            Up,
            Flow,
            Any,
        )
        .link("c_invest")
        .figs(&[("2020-Q1", r(4, 50.0, 90.0)), ("2020-Q2", r(5, 50.0, 90.0)), ("2020-Q3", r(6, 50.0, 90.0))]),
        spec("10", VH, "Tỷ lệ dân số tham gia bảo hiểm y tế", "% dân số", at_least(90.0), EndOfTerm, Up, Level, Any)
            .link("c_bhyt")
            .figs(&[("2020-Q3", r(7, 82.0, 95.0))]),
        spec("15", VH, "Giải quyết việc làm mới", "lao động/năm", at_least(220.0), EveryYear, Up, Flow, Any)
            .link("c_jobs")
            .figs(&[
                ("2020-Q1", r(8, 40.0, 80.0).round()),
                ("2020-Q2", r(9, 40.0, 80.0).round()),
                ("2020-Q3", r(10, 40.0, 80.0).round()),
            ]),
        spec(
            "17",
            MT,
            "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý",
            "%",
            at_least(85.0),
            EndOfTerm,
            Up,
            Level,
            Any,
        )
        .link("c_waste")
        .figs(&[("2020-Q3", r(11, 75.0, 98.0))]),
        spec(
            "21",
            QP,
            "Tỷ lệ ấp, khu phố đạt chuẩn an toàn về an ninh, trật tự",
            "%",
            at_least(80.0),
            EndOfTerm,
            Up,
            Level,
            Any,
        )
        .link("c_safe")
        .figs(&[("2020-Q3", r(12, 60.0, 100.0))]),
        spec("23", XD, "Kết nạp đảng viên mới", "đảng viên/năm", at_least(16.0), EveryYear, Up, Flow, Any)
            .link("c_members")
            .figs(&[
                ("2020-Q1", r(13, 1.0, 6.0).round()),
                ("2020-Q2", r(14, 1.0, 6.0).round()),
                ("2020-Q3", r(15, 1.0, 6.0).round()),
            ]),
        spec(
            "25",
            XD,
            "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên hằng năm",
            "%",
            at_least(90.0),
            EveryYear,
            Up,
            Level,
            YearEnd,
        ),
    ]
}

/// A chi bộ's share of new members, linked to its commune's target.
pub fn cell(admitted: &[(&'static str, f64)]) -> Spec {
    spec("23", XD, "Kết nạp đảng viên mới", "đảng viên/năm", at_least(5.0), EveryYear, Up, Flow, Any)
        .link("23")
        .figs(admitted)
}

/// A merged ward's resolution for nhiệm kỳ 2025–2030 (illustrative), with figures from
/// quý III/2025, when the ward began, to quý III/2026.
pub fn ward_2025() -> Vec<Spec> {
    use Rollup::Average;
    vec![
        spec(
            "w_revenue",
            KT,
            "Thu ngân sách nhà nước trên địa bàn",
            "tỷ đồng",
            at_least(32.0),
            EveryYear,
            Up,
            Flow,
            Any,
        )
        // The ward began on 1/7/2025: half a year to report that year.
        .year(2025, at_least(15.0))
        .figs(&[("2025-Q3", 7.2), ("2025-Q4", 8.1), ("2026-Q1", 6.9), ("2026-Q2", 7.7), ("2026-Q3", 8.4)]),
        spec("w_jobs", VH, "Giải quyết việc làm mới", "lao động/năm", at_least(650.0), EveryYear, Up, Flow, Any)
            .year(2025, at_least(320.0))
            .figs(&[
                ("2025-Q3", 160.0),
                ("2025-Q4", 175.0),
                ("2026-Q1", 150.0),
                ("2026-Q2", 168.0),
                ("2026-Q3", 171.0),
            ]),
        spec(
            "w_bhyt",
            VH,
            "Tỷ lệ dân số tham gia bảo hiểm y tế",
            "% dân số",
            at_least(95.0),
            EndOfTerm,
            Up,
            Level,
            Any,
        )
        .roll(Roll::Plain(Average))
        .figs(&[("2025-Q4", 93.1), ("2026-Q2", 93.8)]),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn phu_hung_has_31_targets_over_five_fields() {
        let specs = super::phu_hung();
        assert_eq!(specs.len(), 31);
        let mut fields: Vec<_> = specs.iter().map(|s| s.field).collect();
        fields.dedup();
        assert_eq!(fields.len(), 5);
    }
}
