//! One test per shape real texts give to who chaired and to a date without its year,
//! in sentences written for the purpose (issue 16): the reader must know the shape, not
//! the sentence.

use crate::extract;

fn chairs(text: &str) -> Vec<String> {
    let (_, facts) = extract(text);
    facts.iter().filter(|f| f.kind == "chair").map(|f| f.value["name"].as_str().unwrap_or("").to_string()).collect()
}

fn date(text: &str) -> Option<String> {
    let (_, facts) = extract(text);
    facts.iter().find(|f| f.kind == "event_date").map(|f| f.value["date"].as_str().unwrap_or("").to_string())
}

#[test]
fn a_chair_named_before_the_chairing_word() {
    let t = "Đồng chí Phạm Văn Long, Bí thư Huyện ủy, chủ trì hội nghị.";
    assert_eq!(chairs(t), ["Phạm Văn Long"]);
    let title_first = "Bí thư Đảng ủy xã Lê Thị Thu chủ trì buổi làm việc.";
    assert_eq!(chairs(title_first), ["Lê Thị Thu"]);
}

#[test]
fn a_list_after_a_chairing_line() {
    let t =
        "Chủ trì hội nghị có các đồng chí: Đỗ Minh Khoa, Bí thư Thành ủy; Vũ Thị Lan, Phó Bí thư Thường trực Thành ủy.";
    assert_eq!(chairs(t), ["Đỗ Minh Khoa", "Vũ Thị Lan"]);
    let colon = "Chủ trì: đồng chí Ngô Quang Hải - Bí thư Đảng ủy phường.";
    assert_eq!(chairs(colon), ["Ngô Quang Hải"]);
}

#[test]
fn a_list_before_the_chairing_word_without_a_word_before_names() {
    let t = "Các ông: Bùi Văn Tâm, Bí thư Huyện ủy Cam Lộ; Đặng Thị Hoa, Chủ tịch UBND huyện Cam Lộ chủ trì hội nghị.";
    assert_eq!(chairs(t), ["Bùi Văn Tâm", "Đặng Thị Hoa"]);
}

#[test]
fn chairing_after_another_verb_and_under_a_chair() {
    let t =
        "Dự và chủ trì hội nghị có đồng chí Hồ Văn Nam – Bí thư Đảng ủy xã; đồng chí Tạ Thị Mai – Phó Bí thư Đảng ủy.";
    assert_eq!(chairs(t), ["Hồ Văn Nam", "Tạ Thị Mai"]);
    let under = "Hội nghị diễn ra dưới sự chủ trì của đồng chí Lương Văn Đức, Bí thư Tỉnh ủy.";
    assert_eq!(chairs(under), ["Lương Văn Đức"]);
}

#[test]
fn ranks_and_abbreviations_before_a_name() {
    assert_eq!(
        chairs("Đại tá Trịnh Văn Hùng, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh chủ trì hội nghị."),
        ["Trịnh Văn Hùng"]
    );
    assert_eq!(chairs("Đ/c Mai Thị Hạnh, Bí thư chi bộ chủ trì buổi sinh hoạt."), ["Mai Thị Hạnh"]);
}

#[test]
fn attending_directing_and_concluding_are_not_chairing() {
    let t =
        "Dự hội nghị có đồng chí Phan Văn Tài, Phó Bí thư Tỉnh ủy. Đồng chí Phan Văn Tài phát biểu kết luận hội nghị.";
    assert!(chairs(t).is_empty());
    let place = "Bí thư Thành ủy TP Hồ Chí Minh chủ trì hội nghị.";
    assert!(chairs(place).iter().all(|n| n != "Hồ Chí Minh"), "a city is no person");
}

#[test]
fn a_date_without_its_year_takes_the_reviewed_period() {
    assert_eq!(
        date("Ngày 12/10, Huyện ủy tổ chức hội nghị đánh giá kết quả 9 tháng năm 2023.").as_deref(),
        Some("2023-10-12")
    );
    // A year reviewed in the first months of the next one.
    assert_eq!(date("Ngày 20-1, Đảng ủy phường tổ chức hội nghị tổng kết năm 2025.").as_deref(), Some("2026-01-20"));
    // A year planned in the last months of the one before.
    assert_eq!(date("Chiều 30/12, Đảng ủy xã triển khai nhiệm vụ năm 2026.").as_deref(), Some("2025-12-30"));
    // A dateline wins over the period.
    assert_eq!(date("15/07/2021 - 08:30\nNgày 14-7, Huyện ủy sơ kết 6 tháng đầu năm.").as_deref(), Some("2021-07-14"));
}

#[test]
fn later_dates_of_other_things_are_not_the_event() {
    let t = "Sáng 4/8/2025, Ban Thường vụ họp. Đại hội dự kiến được tổ chức vào ngày 6-7/8/2025. Từ ngày 1/7/2025, xã mới đi vào hoạt động.";
    let (_, facts) = extract(t);
    let dates: Vec<&str> =
        facts.iter().filter(|f| f.kind == "event_date").map(|f| f.value["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2025-08-04"]);
}

fn counts(text: &str) -> Vec<String> {
    let (_, facts) = extract(text);
    facts
        .iter()
        .filter(|f| f.kind == "target_stats")
        .map(|f| {
            let mut pairs: Vec<String> = f.value.as_object().unwrap().iter().map(|(k, v)| format!("{k}={v}")).collect();
            pairs.sort();
            pairs.join("|")
        })
        .collect()
}

#[test]
fn counts_with_an_adverb_before_the_verb() {
    assert_eq!(
        counts("Năm 2021, xã có 20/22 chỉ tiêu đều đạt và vượt kế hoạch."),
        ["achieved_or_exceeded=20|total=22"]
    );
}

#[test]
fn counts_after_the_noun() {
    assert_eq!(
        counts("Số chỉ tiêu đạt và vượt là 16/18, còn 2 chỉ tiêu chưa đạt."),
        ["achieved_or_exceeded=16|not_achieved=2|total=18"]
    );
}

#[test]
fn counts_on_track_and_met() {
    assert_eq!(counts("Đến nay, 19 chỉ tiêu đạt, 4 chỉ tiêu trong lộ trình thực hiện."), ["achieved=19|in_progress=4"]);
}

#[test]
fn counts_out_of_a_total_in_words_and_orders_of_their_own() {
    // "trên" and "trong tổng số" between the count and the total.
    assert_eq!(
        counts("Toàn huyện có 17 trên 20 chỉ tiêu chủ yếu đạt và vượt so với nghị quyết."),
        ["achieved_or_exceeded=17|total=20"]
    );
    assert_eq!(
        counts("Đảng bộ đạt và vượt được 9 trong tổng số 12 chỉ tiêu đã đề ra."),
        ["achieved_or_exceeded=9|total=12"]
    );
    // The result before the count, with the plan named between them.
    assert_eq!(counts("Năm qua, phường vượt kế hoạch 6 chỉ tiêu, đạt 3 chỉ tiêu."), ["achieved=3|exceeded=6"]);
    assert_eq!(counts("Thị trấn hoàn thành vượt mức 5 chỉ tiêu."), ["exceeded=5"]);
    // A share in parentheses between the count and its noun.
    assert_eq!(
        counts("Kết quả có 14/18 (77,8%) chỉ tiêu đạt, vượt kế hoạch năm."),
        ["achieved_or_exceeded=14|total=18"]
    );
    // A count out of a total whose result the sentence leaves unsaid still gives the total.
    assert_eq!(counts("Cả nhiệm kỳ có 11/15 chỉ tiêu của nghị quyết."), ["total=15"]);
    // The end of a date before the noun is no count.
    assert!(counts("Tính đến 30/9/2024 chỉ tiêu giải ngân đạt 60%.").is_empty());
}

#[test]
fn a_date_without_its_year_takes_the_year_written_with_it_or_the_report_before_it() {
    // The same day and month written in full elsewhere in the text.
    let t = "Chiều 3/11, Đảng ủy khối tổ chức hội nghị. Thông báo số 12-TB/ĐUK ngày 3/11/2022 nêu kết luận.";
    assert_eq!(date(t).as_deref(), Some("2022-11-03"));
    // A report dated early in a year tells of an event late in the one before.
    assert_eq!(
        date("06/01/2024 - 10:15\nNgày 29/12, Ban Thường vụ Huyện ủy họp phiên cuối năm.").as_deref(),
        Some("2023-12-29")
    );
    // A quarter that ends the year is reviewed early in the next one; a first quarter
    // is planned late in the year before.
    assert_eq!(date("Ngày 8/1, xã sơ kết quý IV/2022.").as_deref(), Some("2023-01-08"));
    assert_eq!(date("Ngày 27/12, xã triển khai nhiệm vụ quý I/2023.").as_deref(), Some("2022-12-27"));
    // A deadline in a month does not move a date before it to the next year.
    assert_eq!(
        date("Sáng 30/3, huyện học tập chuyên đề năm 2019, hoàn thành trong tháng 4 năm 2019.").as_deref(),
        Some("2019-03-30")
    );
}

#[test]
fn dates_on_a_weekday_and_over_two_days() {
    assert_eq!(date("Sáng thứ Sáu (14/6), Huyện ủy họp sơ kết 6 tháng đầu năm 2024.").as_deref(), Some("2024-06-14"));
    assert_eq!(date("Thứ Ba, ngày 9/7, Thành ủy sơ kết 6 tháng năm 2019.").as_deref(), Some("2019-07-09"));
    assert_eq!(
        date("Trong hai ngày 22 và 23/7, Đảng bộ tổ chức đại hội nhiệm kỳ 2020 - 2025 (năm 2020).").as_deref(),
        Some("2020-07-22")
    );
    assert_eq!(date("Từ ngày 16 đến ngày 18/10/2025, tỉnh tổ chức Đại hội.").as_deref(), Some("2025-10-16"));
    // Odd spacing and dashes.
    assert_eq!(date("Sáng nay (12/5), Thị ủy họp bàn nhiệm vụ quý II/2022.").as_deref(), Some("2022-05-12"));
    assert_eq!(date("Ngày 12 – 5 – 2022, Thị ủy họp.").as_deref(), Some("2022-05-12"));
    assert_eq!(date("Vào ngày12/5/2022, Thị ủy họp.").as_deref(), Some("2022-05-12"));
    // An anniversary of the same day is another time; a rank is no weekday.
    assert_eq!(
        date("25/08/2025 - 09:00\nNgày 19/8, tỉnh kỷ niệm Cách mạng Tháng Tám (19/8/1945).").as_deref(),
        Some("2025-08-19")
    );
    assert_eq!(date("Huyện xếp thứ 2 (5/12 huyện) về thu ngân sách năm 2023.").as_deref(), None);
    // A page's stamp with its section after a bar is a dateline.
    assert_eq!(
        date("Thứ hai, ngày 05/01/2026 10:20 | Xây dựng Đảng\nNgày 29/12, Ban Thường vụ họp.").as_deref(),
        Some("2025-12-29")
    );
    // A weekday before a full date is a page's stamp, not an event.
    assert!(date("Thứ Hai, 22/01/2018").is_none());
}

#[test]
fn dates_written_with_a_dot_or_in_parentheses() {
    assert_eq!(date("Sáng 10.10, Thành ủy tổ chức hội nghị đánh giá 9 tháng năm 2019.").as_deref(), Some("2019-10-10"));
    assert_eq!(date("Hôm nay (5-7), HĐND huyện khai mạc kỳ họp giữa năm 2013.").as_deref(), Some("2013-07-05"));
}

#[test]
fn more_shapes_of_chairing() {
    // The title before the name, "Hội nghị" capitalised after the chairing word.
    assert_eq!(chairs("Phó Bí thư Tỉnh ủy Trần Văn Bình chủ trì Hội nghị."), ["Trần Văn Bình"]);
    // Titles set off by a dash.
    assert_eq!(
        chairs("Đồng chí Lê Văn Sơn – Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy chủ trì."),
        ["Lê Văn Sơn"]
    );
    // Chairing after another verb.
    assert_eq!(chairs("Đồng chí Nguyễn Thị Hà, Chủ tịch UBND tỉnh dự, chủ trì hội nghị."), ["Nguyễn Thị Hà"]);
    // A chairing line with abbreviated titles.
    assert_eq!(chairs("Chủ tọa hội nghị: đồng chí Vũ Đình Phong - BT.BCH Đảng bộ, CT.HĐND xã."), ["Vũ Đình Phong"]);
    // Co-chairs sharing one title before their names.
    assert_eq!(
        chairs(
            "Chủ tịch UBND tỉnh Phan Văn Lực cùng các Phó Chủ tịch UBND tỉnh: Đinh Văn Tú, Hồ Thị Lan chủ trì cuộc họp."
        ),
        ["Phan Văn Lực", "Đinh Văn Tú", "Hồ Thị Lan"]
    );
}

#[test]
fn a_term_closed_by_a_review_gives_its_last_year() {
    let t = "Sáng 12/10, Huyện ủy Kim Sơn tổng kết việc thực hiện các đề án của nhiệm kỳ 2010 – 2015.";
    assert_eq!(date(t).as_deref(), Some("2015-10-12"));
    // A term merely named gives no year: a date then stays without one.
    assert_eq!(date("Sáng 12/10, Huyện ủy Kim Sơn họp bàn chuẩn bị nhiệm kỳ 2010 – 2015."), None);
}

#[test]
fn a_committees_own_number_misprinted_tu_is_its_own() {
    let refs = |text: &str| -> Vec<String> {
        let (_, facts) = extract(text);
        facts
            .iter()
            .filter(|f| f.kind == "document_ref")
            .map(|f| f.value["full"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let said = "Qua 5 năm thực hiện Nghị quyết 07-NQ/TƯ của Tỉnh ủy về phát triển du lịch, tỉnh đạt nhiều kết quả.";
    assert_eq!(refs(said), ["07-NQ/TU"]);
    let headed = "TỈNH ỦY NINH BÌNH\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 210-KL/TƯ\nNinh Bình, ngày 4 tháng 3 năm 2021";
    assert_eq!(refs(headed), ["210-KL/TU"]);
    // The Central Committee's own stays so.
    assert_eq!(refs("Thực hiện Chỉ thị 05-CT/TƯ của Bộ Chính trị, huyện đã làm tốt."), ["05-CT/TW"]);
}

#[test]
fn a_member_of_a_committee_is_a_title() {
    let t = "Ông Đoàn Văn Khải - Tỉnh ủy viên, Bí thư Huyện ủy chủ trì hội nghị.";
    assert_eq!(chairs(t), ["Đoàn Văn Khải"]);
    let first = "Huyện ủy viên, Bí thư Đảng ủy xã Lò Văn Pản chủ trì buổi làm việc.";
    assert_eq!(chairs(first), ["Lò Văn Pản"]);
}

#[test]
fn titles_of_the_army_the_courts_and_steering_committees() {
    let army = "Thiếu tướng Lê Văn Minh, Chính ủy Quân khu chủ trì hội nghị.";
    assert_eq!(chairs(army), ["Lê Văn Minh"]);
    let steering = "Đồng chí Phan Văn Mãi, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo chủ trì hội nghị.";
    assert_eq!(chairs(steering), ["Phan Văn Mãi"]);
    let court = "Ông Tạ Quang Vinh, Chánh án Tòa án nhân dân tỉnh chủ trì hội nghị.";
    assert_eq!(chairs(court), ["Tạ Quang Vinh"]);
}

#[test]
fn datelines_as_news_sites_print_them() {
    for line in [
        "Cập nhật: 09:15, 15-10-2019",
        "Thứ Ba, 15/10/2019 - 09:15 (GMT+07:00)",
        "T3, 15.10.2019 | 9h15",
        "Ngày đăng: 15/10/2019",
        "15/10/2019 09:15:00 AM",
    ] {
        let text = format!("{line}\nSáng 14/10, Huyện ủy Yên Thế tổ chức hội nghị sơ kết công tác quý III.");
        assert_eq!(date(&text).as_deref(), Some("2019-10-14"), "{line}");
    }
}

#[test]
fn a_rank_after_the_word_for_comrade_and_chairing_after_attending() {
    let t = "Đồng chí Thượng tá Lê Minh Quân - Phó Chỉ huy trưởng Bộ CHQS tỉnh dự và chủ trì hội nghị.";
    assert_eq!(chairs(t), ["Lê Minh Quân"]);
}

#[test]
fn co_chairs_joined_by_and() {
    let ranked = "Bí thư Tỉnh ủy Đào Thị Mai và Thiếu tướng Vũ Văn Hải - Chính ủy Quân khu chủ trì hội nghị.";
    assert_eq!(chairs(ranked), ["Đào Thị Mai", "Vũ Văn Hải"]);
    let both = "Đồng chí Vi Văn Lộc, Bí thư Huyện ủy và đồng chí Mạc Thị Nga, Phó Chủ tịch UBND huyện vừa chủ trì buổi làm việc.";
    assert_eq!(chairs(both), ["Vi Văn Lộc", "Mạc Thị Nga"]);
    let listed = "Các đồng chí Đàm Văn Thắng, Phó Bí thư Thường trực Tỉnh ủy, Nông Thị Ly, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh chủ trì cuộc họp.";
    assert_eq!(chairs(listed), ["Đàm Văn Thắng", "Nông Thị Ly"]);
    let under = "Dưới sự chủ trì của đồng chí Hứa Văn Kiên, Bí thư Tỉnh ủy và các đồng chí: Lục Thị Tâm, Phó Bí thư Tỉnh ủy; Ma Văn Chiến, Chủ tịch UBND tỉnh, Hội nghị đã thảo luận.";
    assert_eq!(chairs(under), ["Hứa Văn Kiên", "Lục Thị Tâm", "Ma Văn Chiến"]);
}

#[test]
fn a_title_first_name_with_more_titles_after_it() {
    let t = "Phó Bí thư Tỉnh ủy Hà Văn Tú, Trưởng đoàn công tác của Tỉnh ủy đã chủ trì Hội nghị công bố quyết định.";
    assert_eq!(chairs(t), ["Hà Văn Tú"]);
    let dashes = "Ông Lâm Văn Hòa – Ủy viên Ban Thường vụ Tỉnh ủy – Bí thư Huyện ủy Tân Phước chủ trì hội nghị.";
    assert_eq!(chairs(dashes), ["Lâm Văn Hòa"]);
}

#[test]
fn long_titles_of_bodies_lowercase_deputies_and_a_misspelt_chairing_word() {
    let body = "Đồng chí Đại tá Tòng Văn Sinh - Phó Trưởng ban Thường trực Ban Chỉ đạo diễn tập tỉnh chủ trì hội nghị.";
    assert_eq!(chairs(body), ["Tòng Văn Sinh"]);
    let lower = "Các đồng chí Lý Văn Bảo, Phó bí thư Tỉnh ủy, Chu Thị Yến, Phó chủ tịch UBND tỉnh chủ trì cuộc họp.";
    assert_eq!(chairs(lower), ["Lý Văn Bảo", "Chu Thị Yến"]);
    let long = "Đồng chí Sầm Văn Tính, Bí thư Huyện ủy, Trưởng Ban Chỉ đạo Chương trình xây dựng nông thôn mới, đô thị văn minh huyện và đồng chí Kim Văn Dũng, Phó Chủ tịch UBND huyện vừa chủ trì buổi làm việc.";
    assert_eq!(chairs(long), ["Sầm Văn Tính", "Kim Văn Dũng"]);
    let misspelt = "Bí thư Huyện ủy Cầm Văn Thông chủ trị hội nghị.";
    assert_eq!(chairs(misspelt), ["Cầm Văn Thông"]);
    // Someone who attended beside a chair stays apart.
    let apart =
        "Đồng chí Ninh Văn Hợp, Phó Bí thư Tỉnh ủy dự hội nghị và đồng chí Liêu Văn Tư, Bí thư Huyện ủy chủ trì.";
    assert_eq!(chairs(apart), ["Liêu Văn Tư"]);
}

#[test]
fn a_period_only_named_or_said_achieved_keeps_its_own_year() {
    // A review of a year's drill in its own October; a year's targets said met in November.
    assert_eq!(
        date("Sáng nay (9/10), Bộ Chỉ huy Quân sự tỉnh rút kinh nghiệm diễn tập khu vực phòng thủ năm 2024.")
            .as_deref(),
        Some("2024-10-09")
    );
    assert_eq!(
        date("Có 12/14 chỉ tiêu kinh tế - xã hội năm 2023 đạt kế hoạch. Sáng 21/11, HĐND huyện khai mạc kỳ họp.")
            .as_deref(),
        Some("2023-11-21")
    );
}

#[test]
fn a_date_over_two_parts_of_days_or_in_parentheses() {
    assert_eq!(
        date("Chiều 8 và sáng 9.10.2020, Đại hội đại biểu Đảng bộ huyện tiếp tục làm việc.").as_deref(),
        Some("2020-10-08")
    );
    assert_eq!(
        date("15/06/2020 - 10:00\nTrong 2 ngày (13 và 14-6) đã diễn ra Đại hội Đảng bộ phường.").as_deref(),
        Some("2020-06-13")
    );
}

#[test]
fn a_congress_is_held_in_its_terms_first_year_and_a_review_counts_years_since() {
    assert_eq!(
        date("Ngày 12-6, Đảng bộ xã Tân Lập tổ chức đại hội lần thứ XV, nhiệm kỳ 2025 – 2030.").as_deref(),
        Some("2025-06-12")
    );
    let since = "Ngày 20-5, Tỉnh ủy sơ kết 5 năm thực hiện Nghị quyết số 08-NQ/TU, ngày 3-4-2017 về du lịch.";
    assert_eq!(date(since).as_deref(), Some("2022-05-20"));
}

#[test]
fn counts_of_several_units_in_one_sentence_and_the_parts_of_a_count() {
    assert_eq!(
        counts("Xã Tân An đạt 20/25 chỉ tiêu, xã Tân Bình đạt 18/30 chỉ tiêu đề ra."),
        ["achieved=20|total=25", "achieved=18|total=30"]
    );
    assert_eq!(
        counts("Kết quả có 15 chỉ tiêu đạt và vượt; trong đó, kinh tế 5/5 chỉ tiêu, văn hóa 6/7 chỉ tiêu."),
        ["achieved_or_exceeded=15"]
    );
    // A part with a result of its own is counted with the whole.
    assert_eq!(
        counts(
            "Huyện có 17/22 chỉ tiêu hoàn thành và hoàn thành vượt kế hoạch, trong đó có 7/22 chỉ tiêu vượt kế hoạch."
        ),
        ["achieved_or_exceeded=17|exceeded=7|total=22"]
    );
    // The result after the fields the targets cover.
    assert_eq!(
        counts("Nhiệm kỳ qua có 40/40 chỉ tiêu về kinh tế, văn hóa - xã hội, quốc phòng - an ninh đều đạt và vượt."),
        ["achieved_or_exceeded=40|total=40"]
    );
}

#[test]
fn a_count_after_its_verb_and_the_criteria_of_a_standard() {
    assert_eq!(counts("Năm nay dự kiến vượt đối với 3 chỉ tiêu quan trọng."), ["exceeded=3"]);
    assert!(counts("Xã phấn đấu đạt 19/19 tiêu chí nông thôn mới trong năm.").is_empty());
}

#[test]
fn the_leads_date_over_a_headlines_and_a_congress_over_its_horizon() {
    let headline = "XÃ YÊN LẠC TỔNG KẾT NĂM 2024 VÀ TRAO HUY HIỆU ĐẢNG ĐỢT NGÀY 2/9/2024\n\nSáng ngày 6/1/2025, Đảng bộ xã Yên Lạc tổng kết công tác năm 2024.";
    assert_eq!(date(headline).as_deref(), Some("2025-01-06"));
    let horizon = "Ngày 9/3, Đảng bộ phường Tân Hòa tổ chức Đại hội lần thứ IV, nhiệm kỳ 2025 – 2030, phấn đấu đến năm 2030 là phường văn minh.";
    assert_eq!(date(horizon).as_deref(), Some("2025-03-09"));
    // A date closing its sentence; a day a count runs to is no event.
    assert_eq!(
        date("Đại hội Đảng bộ huyện, nhiệm kỳ 2020 – 2025, họp phiên trù bị chiều ngày 7/8.").as_deref(),
        Some("2020-08-07")
    );
    assert_eq!(date("Đến hết ngày 10 tháng 6, có 95% đảng viên học tập nghị quyết."), None);
}

#[test]
fn abbreviated_titles_unspaced_dashes_and_a_four_word_name_after_a_city() {
    let abbreviated = "Hội nghị do đồng chí Đặng Văn Hiếu - HUV- Bí thư Đảng ủy xã chủ trì.";
    assert_eq!(chairs(abbreviated), ["Đặng Văn Hiếu"]);
    let co =
        "Đồng chí Lê Thị Hằng - Bí thư Đảng ủy; đồng chí Phan Văn Tú - PBT thường trực Đảng ủy đồng chủ trì hội nghị.";
    assert_eq!(chairs(co), ["Lê Thị Hằng", "Phan Văn Tú"]);
    let city = "Chủ tịch HĐND thành phố Tôn Nữ Thu Hà; Phó Bí thư Thành ủy, Chủ tịch UBND thành phố Phạm Văn Đông đồng chủ trì Hội nghị.";
    assert_eq!(chairs(city), ["Tôn Nữ Thu Hà", "Phạm Văn Đông"]);
}

#[test]
fn a_year_end_review_dated_in_the_year_it_closes_is_a_slip() {
    let slip = "Sáng nay ngày 10/1/2024, Huyện ủy Tân Yên tổng kết công tác xây dựng Đảng năm 2024.";
    assert_eq!(date(slip).as_deref(), Some("2025-01-10"));
    let planned = "Ngày 10/1/2024, Huyện ủy triển khai nhiệm vụ năm 2024.";
    assert_eq!(date(planned).as_deref(), Some("2024-01-10"));
}

#[test]
fn without_a_dateline_or_period_the_latest_document_cited_bounds_the_year() {
    let t = "Sáng 14/5, Huyện ủy quán triệt Nghị quyết số 26-NQ/TW ngày 5/8/2008 và Đề án số 05-ĐA/TU ngày 10/3/2016 của Tỉnh ủy.";
    assert_eq!(date(t).as_deref(), Some("2016-05-14"));
}

#[test]
fn what_the_readers_own_rules_must_not_overreach() {
    // A plain lead is no headline: its own date stays the event's.
    let lead = "Sáng 6/1/2025, Đảng ủy xã tổng kết công tác năm 2024.\n\nNgày 2/9/2024, xã đón nhận Huân chương.";
    assert_eq!(date(lead).as_deref(), Some("2025-01-06"));
    // A goal set for a year is planned, whatever verb follows it.
    assert_eq!(date("Ngày 20/12, huyện bàn mục tiêu năm 2026 tăng trưởng 8%.").as_deref(), Some("2025-12-20"));
    // A quarter's review closes no year.
    assert_eq!(date("Ngày 28/3/2024, xã tổng kết quý I năm 2024.").as_deref(), Some("2024-03-28"));
    // A congress prepared for is not yet held.
    assert_eq!(
        date("Ngày 10/1, huyện tổng kết năm 2024, chuẩn bị tiến tới Đại hội Đảng bộ nhiệm kỳ 2025 – 2030.").as_deref(),
        Some("2025-01-10")
    );
    // Targets only set are not done.
    assert!(counts("Nghị quyết đề ra 25 chỉ tiêu, các cấp ủy đã lãnh đạo hoàn thành nhiệm vụ chính trị.").is_empty());
}
