//! The period report: xã Phú Hưng's report for 9 tháng năm 2020 is drafted, numbered and
//! downloaded as a Word document that is read back and checked against the layout rules
//! and the dashboard (and converted to PDF by LibreOffice where it is installed, always in
//! CI); tables download as workbooks whose cells equal the API's; neighbours get nothing.

use std::io::Read;

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use quick_xml::events::Event;

use crate::common::{spawn_app, text};

/// The parts of a .docx by name.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut s = String::new();
    zip.by_name(name).expect(name).read_to_string(&mut s).expect("utf-8");
    s
}

/// The text of each paragraph of WordprocessingML, in order.
fn paragraphs(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut current, mut in_text) = (Vec::new(), String::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::Text(t) if in_text => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                current.push(match name.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    _ => '\'',
                });
            }
            Event::End(e) if e.name().as_ref() == "w:p" => out.push(std::mem::take(&mut current)),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The value of attribute `attr` of the first element `tag` ("w:pgMar", "w:top").
fn attribute(xml: &str, tag: &str, attr: &str) -> String {
    let at = xml.find(&format!("<{tag} ")).unwrap_or_else(|| panic!("{tag} in the document"));
    let element = &xml[at..at + xml[at..].find('>').unwrap()];
    let key = format!("{attr}=\"");
    let start = element.find(&key).unwrap_or_else(|| panic!("{attr} of {tag}")) + key.len();
    element[start..start + element[start..].find('"').unwrap()].to_string()
}

fn mm_to_twips(mm: u32) -> String {
    ((f64::from(mm) * 56.692_913).round() as u32).to_string()
}

#[tokio::test]
async fn the_commune_report_is_a_word_document_in_the_party_layout() {
    let app = spawn_app().await;
    let commune = app.seeded.phu_hung.0;
    let reporter = app.login("phuhung").await;
    let page = app.get(&format!("/orgs/{commune}/period-report?period=2020-9M"), &reporter).await;
    assert_eq!(page.status, StatusCode::OK);
    let shown = text(&page.body);
    assert!(shown.contains("Báo cáo chưa có số"), "{shown}");
    let signer = page.body.split("<option value=\"").nth(2).and_then(|s| s.split('"').next()).expect("a signer");

    // A form with a wrong date keeps every edited part.
    let form = |day: &'static str, highlights: &'static str| {
        vec![
            ("issued_on", day),
            ("signer", signer),
            ("highlights", highlights),
            ("shortcomings", "- Chỉ tiêu thu ngân sách chưa đạt."),
            ("directions", "- Tập trung thu ngân sách quý IV."),
            (
                "recipients",
                "Ban Thường vụ Thành ủy Bến Tre (để báo cáo)\nCác đồng chí Đảng ủy viên\nLưu Văn phòng Đảng ủy",
            ),
        ]
    };
    let wrong = app
        .post(
            &format!("/orgs/{commune}/period-report?period=2020-9M"),
            &reporter,
            &form("31/9/2020", "Sản xuất nông nghiệp phát triển ổn định."),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(text(&wrong.body).contains("Ngày báo cáo:"), "{}", text(&wrong.body));
    assert!(wrong.body.contains("Sản xuất nông nghiệp phát triển ổn định."), "what was typed is kept");

    let saved = app
        .post(
            &format!("/orgs/{commune}/period-report?period=2020-9M"),
            &reporter,
            &form("25/9/2020", "Sản xuất nông nghiệp phát triển ổn định."),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", text(&saved.body));
    let again = app
        .post(
            &format!("/orgs/{commune}/period-report?period=2020-9M"),
            &reporter,
            &form("25/9/2020", "Kinh tế tăng trưởng khá."),
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let page = text(&app.get(&format!("/orgs/{commune}/period-report?period=2020-9M"), &reporter).await.body);
    assert!(page.contains("Số 1-BC/ĐU"), "the first save takes number 1 of the register: {page}");
    assert!(page.matches("Văn phòng Đảng ủy xã Phú Hưng").count() >= 2, "two saved versions listed: {page}");

    let (status, kind, docx) =
        app.download(&format!("/orgs/{commune}/period-report/word?period=2020-9M"), &reporter).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("wordprocessingml"), "{kind}");
    let xml = part(&docx, "word/document.xml");
    let paras = paragraphs(&xml);
    let has = |s: &str| paras.iter().any(|p| p == s);

    // The page and its margins: the 2018 guide (HD36) is in force on 25/9/2020.
    assert_eq!(attribute(&xml, "w:pgSz", "w:w"), "11906");
    assert_eq!(attribute(&xml, "w:pgSz", "w:h"), "16838");
    for (side, mm) in [("w:top", 25), ("w:bottom", 20), ("w:left", 30), ("w:right", 15)] {
        assert_eq!(attribute(&xml, "w:pgMar", side), mm_to_twips(mm), "{side}");
    }
    assert!(xml.contains("<w:titlePg/>"), "page 1 has its own, empty header");
    assert!(part(&docx, "word/header1.xml").contains("PAGE"), "pages from 2 are numbered");
    assert!(part(&docx, "word/styles.xml").contains("Times New Roman"));

    // The heading block, the title and the evaluation sentence as the dashboard says it.
    for line in [
        "ĐẢNG BỘ THÀNH PHỐ BẾN TRE",
        "ĐẢNG ỦY XÃ PHÚ HƯNG",
        "*",
        "Số 1-BC/ĐU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Phú Hưng, ngày 25 tháng 9 năm 2020",
        "BÁO CÁO",
    ] {
        assert!(has(line), "{line} in {paras:#?}");
    }
    assert!(!paras.iter().any(|p| p.starts_with("Số:")), "Party style: no colon after Số");
    assert!(paras.iter().any(|p| p.ends_with("9 tháng đầu năm 2020, phương hướng, nhiệm vụ 3 tháng cuối năm 2020")));
    let dashboard = app.get(&format!("/orgs/{commune}/dashboard?period=2020-9M"), &reporter).await.body;
    let sentence = dashboard.split("id=\"summary\">").nth(1).and_then(|s| s.split('<').next()).expect("the sentence");
    assert!(paras.iter().any(|p| p.ends_with(sentence)), "{sentence} in {paras:#?}");
    assert!(has("Kinh tế tăng trưởng khá."), "the latest draft is printed");

    // The dashboard's band chart, as a picture of the same drawing, described in words.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let mut png = Vec::new();
    zip.by_name("word/media/image0.png").expect("the chart").read_to_end(&mut png).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 2_000, "a drawn chart");
    assert!(
        xml.contains("r:embed=\"rIdPicture0\"")
            && xml.contains(&format!("descr=\"Biểu đồ kết quả thực hiện các chỉ tiêu 9 tháng năm 2020: {sentence}"))
    );

    // The target table: its heading row, and each target with the dashboard's figures.
    for h in ["TT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Ước thực hiện cả năm", "Tỷ lệ", "Đánh giá"]
    {
        assert!(has(h), "column {h}");
    }
    let api = app.get(&format!("/api/v1/orgs/{commune}/evaluations?period=2020-9M"), &reporter).await;
    let api: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    let targets = api["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 31);
    let at = |s: &str| paras.iter().position(|p| p == s);
    for t in targets {
        let name = t["name"].as_str().unwrap();
        let i = at(name).unwrap_or_else(|| panic!("{name} in the table"));
        if let Some(ratio) = t["ratio"].as_f64() {
            let shown = format!("{}%", vn::number::format_f64(ratio, 1));
            assert!(paras[i..i + 6].contains(&shown), "{name}: {shown} in {:?}", &paras[i..i + 6]);
        }
    }

    // The closing: recipients under an underlined "Nơi nhận:", the signature block.
    let to = xml.find("<w:t>Nơi nhận:</w:t>").expect("Nơi nhận:");
    let run = &xml[xml[..to].rfind("<w:r>").unwrap()..to];
    assert!(run.contains("<w:u w:val=\"single\"/>"), "underlined: {run}");
    assert!(has("- Ban Thường vụ Thành ủy Bến Tre (để báo cáo),") && has("- Lưu Văn phòng Đảng ủy."));
    assert!(has("T/M ĐẢNG ỦY") && has("BÍ THƯ"), "{paras:#?}");

    // The same report as print view, and as PDF where LibreOffice is installed (CI has it).
    let print = app.get(&format!("/orgs/{commune}/period-report/print?period=2020-9M"), &reporter).await;
    assert!(print.body.contains("size: A4") && !print.body.contains("class=\"top\""), "no site navigation on paper");
    assert!(text(&print.body).contains(sentence));
    let ci = std::env::var_os("CI").is_some();
    let (status, kind, pdf) =
        app.download(&format!("/orgs/{commune}/period-report/pdf?period=2020-9M"), &reporter).await;
    if status == StatusCode::OK {
        assert_eq!(kind, "application/pdf");
        assert!(pdf.starts_with(b"%PDF"), "a PDF");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bao-cao.pdf");
        std::fs::write(&file, &pdf).unwrap();
        let out =
            std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext (poppler-utils)");
        // Justified lines come back with spaces inside words: compare without any.
        let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert!(bare(&String::from_utf8_lossy(&out.stdout)).contains(&bare(sentence)), "the PDF says the sentence");
    } else {
        assert!(!ci, "CI installs LibreOffice: the PDF must be made ({status})");
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    }

    // A report dated in 2026 follows the 2026 rules: top margin 20 mm.
    let later = app
        .post(
            &format!("/orgs/{commune}/period-report?period=2020-9M"),
            &reporter,
            &form("15/3/2026", "Kinh tế tăng trưởng khá."),
        )
        .await;
    assert_eq!(later.status, StatusCode::SEE_OTHER);
    let (_, _, docx) = app.download(&format!("/orgs/{commune}/period-report/word?period=2020-9M"), &reporter).await;
    assert_eq!(attribute(&part(&docx, "word/document.xml"), "w:pgMar", "w:top"), mm_to_twips(20));

    // A neighbour reads and writes nothing of it.
    let neighbour = app.login("sondong").await;
    for path in ["period-report", "period-report/word", "period-report/print", "dashboard/xlsx", "tasks/xlsx"] {
        let r = app.get(&format!("/orgs/{commune}/{path}?period=2020-9M"), &neighbour).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    let r =
        app.post(&format!("/orgs/{commune}/period-report?period=2020-9M"), &neighbour, &form("25/9/2020", "x")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

#[tokio::test]
async fn tables_download_as_workbooks_that_match_the_pages() {
    let app = spawn_app().await;
    let city = app.seeded.city.0;
    let leader = app.login("thanhuy").await;
    let (status, kind, bytes) = app.download(&format!("/orgs/{city}/dashboard/xlsx?period=2020-9M"), &leader).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a workbook");
    let sheets = book.sheet_names();
    assert_eq!(sheets.len(), 2, "targets and lower units: {sheets:?}");
    let targets = book.worksheet_range(&sheets[0]).expect("targets sheet");
    let rows: Vec<&[Data]> = targets.rows().collect();
    let headers: Vec<String> = rows[1].iter().map(cell_text).collect();
    assert_eq!(headers[..5], ["TT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện"]);

    let api = app.get(&format!("/api/v1/orgs/{city}/evaluations?period=2020-9M"), &leader).await;
    let api: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    let expected = api["targets"].as_array().expect("targets");
    let data: Vec<&&[Data]> = rows.iter().skip(2).filter(|r| r.len() > 2 && !cell_text(&r[1]).is_empty()).collect();
    assert_eq!(data.len(), expected.len(), "one row per target");
    for t in expected {
        let name = t["name"].as_str().unwrap();
        let row = data.iter().find(|r| cell_text(&r[1]) == name).unwrap_or_else(|| panic!("{name}"));
        match (t["actual"].as_f64(), &row[4]) {
            (Some(v), Data::Float(x)) => assert!((v - x).abs() < 1e-9, "{name}: {v} vs {x}"),
            (None, Data::Empty) => {}
            (a, b) => panic!("{name}: {a:?} vs {b:?}"),
        }
        if let Some(ratio) = t["ratio"].as_f64() {
            assert!(
                matches!(row[6], Data::Float(x) if (x - ratio / 100.0).abs() < 1e-9),
                "{name}: ratio as a fraction"
            );
        }
    }
    let children = book.worksheet_range(&sheets[1]).expect("children sheet");
    assert_eq!(children.rows().skip(2).count(), 14, "the city's 14 communes and wards");

    // Tasks and inspection cases follow their pages' access: a reporter sees no cases.
    let (status, _, tasks) = app.download(&format!("/orgs/{city}/tasks/xlsx"), &leader).await;
    assert_eq!(status, StatusCode::OK);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(tasks)).expect("a workbook");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("tasks");
    assert!(sheet.rows().skip(2).any(|r| matches!(r.get(3), Some(Data::DateTime(_)))), "deadlines are dates");
    let inspector = app.login("kiemtra").await;
    assert_eq!(app.download(&format!("/orgs/{city}/inspections/xlsx"), &inspector).await.0, StatusCode::OK);
    let reporter = app.login("phuhung").await;
    assert_eq!(app.download(&format!("/orgs/{city}/inspections/xlsx"), &reporter).await.0, StatusCode::FORBIDDEN);

    // The import template: headings on the first row, a row for each figure to enter.
    let commune = app.seeded.phu_hung.0;
    let (status, _, bytes) = app.download(&format!("/orgs/{commune}/import/template?period=2020-Q3"), &reporter).await;
    assert_eq!(status, StatusCode::OK);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a workbook");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("figures");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0].iter().map(cell_text).collect::<Vec<_>>()[..2], ["Đơn vị", "Chỉ tiêu"]);
    assert!(rows.len() > 10 && rows[1..].iter().all(|r| cell_text(&r[4]) == "quý III/2020"), "{rows:?}");
    let (status, _, _) = app.download("/templates/targets.xlsx", &reporter).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn lower_units_are_ranked_and_sorted_by_any_column() {
    let app = spawn_app().await;
    let city = app.seeded.city.0;
    let leader = app.login("thanhuy").await;
    let rows = |body: &str| -> Vec<(String, String)> {
        let table = body.split("id=\"children\"").nth(1).unwrap().split("</table>").next().unwrap();
        table
            .split("<tr>")
            .skip(2)
            .map(|r| {
                let rank = r.split("<td class=\"num\">").nth(1).unwrap().split('<').next().unwrap().to_string();
                let name =
                    r.split("dashboard?period=2020-9M\">").nth(1).unwrap().split('<').next().unwrap().to_string();
                (rank, name)
            })
            .collect()
    };
    let plain = app.get(&format!("/orgs/{city}/dashboard?period=2020-9M"), &leader).await.body;
    let tree_order = rows(&plain);
    assert_eq!(tree_order.len(), 14);
    let ranked = rows(&app.get(&format!("/orgs/{city}/dashboard?period=2020-9M&sap=hang"), &leader).await.body);
    let ranks: Vec<usize> = ranked.iter().filter_map(|(r, _)| r.parse().ok()).collect();
    assert!(!ranks.is_empty() && ranks.windows(2).all(|w| w[0] < w[1]), "ranked first to last: {ranked:?}");
    assert_eq!(ranks[0], 1);
    let reversed = app.get(&format!("/orgs/{city}/dashboard?period=2020-9M&sap=-don-vi"), &leader).await.body;
    assert!(reversed.contains("aria-sort=\"descending\""), "the leading column says so");
    let names: Vec<String> = rows(&reversed).into_iter().map(|(_, n)| n).collect();
    let mut expected = names.clone();
    expected.sort_by_key(|n| vn::collate::sort_key(n));
    expected.reverse();
    assert_eq!(names, expected, "names in Vietnamese order, last first");
}

#[tokio::test]
async fn the_unit_estimates_its_year_beside_the_actual() {
    let app = spawn_app().await;
    let commune = app.seeded.phu_hung.0;
    let reporter = app.login("phuhung").await;
    let path = format!("/orgs/{commune}/period-report?period=2020-9M");
    let page = app.get(&path, &reporter).await.body;
    let first = page.split("name=\"e").nth(1).and_then(|s| s.split('"').next()).expect("an estimate input").to_string();
    let key = format!("e{first}");
    let post = format!("/orgs/{commune}/period-report/estimates?period=2020-9M");

    let wrong = app.post(&post, &reporter, &[(key.as_str(), "chín rưỡi")]).await;
    assert_eq!(wrong.status, StatusCode::OK);
    let said = text(&wrong.body);
    assert!(said.contains("Chỉ tiêu 1:"), "the mistake names its target: {said}");
    assert!(wrong.body.contains("value=\"chín rưỡi\""), "what was typed is kept");

    let saved = app.post(&post, &reporter, &[(key.as_str(), "9,5")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", text(&saved.body));
    assert!(app.get(&path, &reporter).await.body.contains(&format!("name=\"{key}\" value=\"9,5\"")));
    let (_, _, docx) = app.download(&format!("/orgs/{commune}/period-report/word?period=2020-9M"), &reporter).await;
    let paras = paragraphs(&part(&docx, "word/document.xml"));
    let row = paras.iter().position(|p| p == "Tổng giá trị sản xuất tăng bình quân").expect("target 1's row");
    assert_eq!(paras[row + 4], "9,5", "the estimate is in its column: {:?}", &paras[row..row + 7]);

    let neighbour = app.login("sondong").await;
    assert_eq!(app.post(&post, &neighbour, &[(key.as_str(), "1")]).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_target_shows_its_trend_over_the_term_with_its_lower_units() {
    let app = spawn_app().await;
    let (city, commune) = (app.seeded.city.0, app.seeded.phu_hung.0);
    let leader = app.login("thanhuy").await;
    let dashboard = app.get(&format!("/orgs/{city}/dashboard?period=2020-9M"), &leader).await.body;
    let links: Vec<&str> = dashboard
        .split("href=\"/targets/")
        .skip(1)
        .filter_map(|s| s.split("/trend\"").next().filter(|id| id.len() < 8))
        .collect();
    assert!(!links.is_empty(), "each target links its trend");
    let mut rolled_up = false;
    for id in links {
        let page = app.get(&format!("/targets/{id}/trend"), &leader).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<svg class=\"chart trend\""));
        let table = text(page.body.split("id=\"trend-table\"").nth(1).unwrap());
        for year in 2020..=2025 {
            assert!(table.contains(&format!("năm {year}")), "every year of the term: {table}");
        }
        if table.contains("(tổng hợp)") {
            rolled_up = true;
            assert!(table.contains("Đảng ủy xã Phú Hưng"), "each lower unit's line: {table}");
        }
        let by_period = app.get(&format!("/targets/{id}/trend?theo=ky"), &leader).await.body;
        assert!(text(&by_period).contains("quý III/2020"), "each grain period");
    }
    assert!(rolled_up, "the city has targets rolled up from its communes");

    let reporter = app.login("phuhung").await;
    let own = app.get(&format!("/orgs/{commune}/dashboard?period=2020-9M"), &reporter).await.body;
    let id = own.split("href=\"/targets/").nth(1).and_then(|s| s.split('/').next()).unwrap().to_string();
    let neighbour = app.login("sondong").await;
    assert_eq!(app.get(&format!("/targets/{id}/trend"), &neighbour).await.status, StatusCode::FORBIDDEN);
}
