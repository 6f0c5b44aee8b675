//! Importing figures from CSV and XLSX: all rows checked first, row and column named in
//! every error, nothing written on any error, and a re-import changes nothing.

use crate::common;

use common::{App, spawn_app, text};

async fn upload(app: &App, cookie: &str, org: i64, name: &str, bytes: &[u8]) -> String {
    upload_to(app, cookie, &format!("/orgs/{org}/import"), name, bytes).await
}

async fn upload_to(app: &App, cookie: &str, path: &str, name: &str, bytes: &[u8]) -> String {
    text(&app.multipart(path, cookie, "file", Some(name), bytes).await.body)
}

#[tokio::test]
async fn a_file_is_checked_whole_then_written_once() {
    let app = spawn_app().await;
    let ph = app.seeded.phu_hung.0;
    let cookie = app.login("phuhung").await;
    let before = app.state.ctx.store.list_figures().await.unwrap();

    let wrong = "Đơn vị;Chỉ tiêu;Kỳ;Giá trị\n\
                 Đảng ủy xã Sơn Đông;6;quý III/2020;5\n\
                 Đảng ủy xã Phú Hưng;6;quý 9/2020;5\n\
                 Đảng ủy xã Phú Hưng;99;quý III/2020;5\n\
                 Đảng ủy xã Phú Hưng;6;quý III/2020;7.5\n\
                 Đảng ủy xã Phú Hưng;23;quý III/2020;5\n";
    let t = upload(&app, &cookie, ph, "so-lieu.csv", wrong.as_bytes()).await;
    assert!(t.contains("Chưa nhập: có 5 lỗi cần sửa trong tệp."), "{t}");
    for line in [
        "2 Đơn vị “Đảng ủy xã Sơn Đông” không phải đơn vị bạn được nhập số liệu",
        "3 Kỳ “quý 9/2020” không phải là kỳ báo cáo",
        "4 Chỉ tiêu Nghị quyết của đơn vị không có chỉ tiêu số “99”.",
        "5 Giá trị “7.5”: dấu chấm dùng để nhóm hàng nghìn",
        "6 Chỉ tiêu Chỉ tiêu 23 được tổng hợp từ cấp dưới",
    ] {
        assert!(t.contains(line), "{line} in {t}");
    }
    assert_eq!(app.state.ctx.store.list_figures().await.unwrap(), before, "a wrong file writes nothing");

    // A value far from the plan needs its comment, as in the form; it is named at its line.
    let unexplained = "Đơn vị;Chỉ tiêu;Kỳ;Giá trị\nĐảng ủy xã Phú Hưng;6;quý III/2020;1.007\n";
    let t = upload(&app, &cookie, ph, "so-lieu.csv", unexplained.as_bytes()).await;
    assert!(t.contains("2 Giá trị giá trị 1.007 gấp hơn 10 lần kế hoạch (30)") && t.contains("Ghi chú"), "{t}");
    assert_eq!(app.state.ctx.store.list_figures().await.unwrap(), before, "nothing written");
    let good = "\u{feff}Đơn vị;Chỉ tiêu;Kỳ;Giá trị;Ghi chú\n\
                Đảng ủy xã Phú Hưng;6;quý III/2020;1.007;Gồm cả hộ chuyển từ xã Phú Nhuận\n\
                3;15;2020-Q3;60;\n\
                Chi bộ ấp Phú Chánh;23;quý III/2020;2;\n";
    let t = upload(&app, &cookie, ph, "so-lieu.csv", good.as_bytes()).await;
    assert!(t.contains("Đã đọc 3 giá trị từ “so-lieu.csv”: 3 giá trị thay đổi, 0 giữ nguyên."), "{t}");
    let t = upload(&app, &cookie, ph, "so-lieu.csv", good.as_bytes()).await;
    assert!(t.contains("0 giá trị thay đổi, 3 giữ nguyên."), "a re-import changes nothing: {t}");
    let dashboard = text(&app.get(&format!("/orgs/{ph}/dashboard?period=2020-9M"), &cookie).await.body);
    assert!(dashboard.contains("14/31 chỉ tiêu hoàn thành 100%"), "{dashboard}");

    let xlsx = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/figures.xlsx")).unwrap();
    let t = upload(&app, &cookie, ph, "so-lieu.xlsx", &xlsx).await;
    assert!(t.contains("Đã đọc 2 giá trị từ “so-lieu.xlsx”: 2 giá trị thay đổi"), "{t}");
    let t = upload(&app, &cookie, ph, "bao-cao.pdf", b"%PDF-1.4").await;
    assert!(t.contains("không phải CSV hay XLSX"), "{t}");

    let neighbour = app.login("sondong").await;
    let t = upload(&app, &neighbour, app.seeded.neighbour.0, "so-lieu.csv", good.as_bytes()).await;
    assert!(t.contains("“Đảng ủy xã Phú Hưng” không phải đơn vị bạn được nhập số liệu"), "{t}");
}

#[tokio::test]
async fn targets_are_imported_into_a_resolution() {
    let app = spawn_app().await;
    let office = app.login("vanphong").await;
    let org = app.seeded.neighbour.0;
    let form = [
        ("title", "Nghị quyết Đại hội Đảng bộ xã Sơn Đông nhiệm kỳ 2025–2030"),
        ("number", ""),
        ("term", "2025–2030"),
        ("grain", "quarter"),
        ("bands", "100;90;70"),
    ];
    let r = app.post(&format!("/orgs/{org}/resolutions"), &office, &form).await;
    let doc = r.headers["location"].to_str().unwrap().rsplit('/').next().unwrap().to_string();
    let path = format!("/resolutions/{doc}/import");

    let wrong = "STT,Lĩnh vực,Tên chỉ tiêu,ĐVT,Mục tiêu,Chiều\n1,Kinh tế,Thu nhập bình quân,triệu đồng,tăng mạnh,\n2,Môi trường,Che phủ cây xanh,%,khoảng 30,ngang\n";
    let t = upload_to(&app, &office, &path, "chi-tieu.csv", wrong.as_bytes()).await;
    assert!(t.contains("2 Mục tiêu nhiệm kỳ “tăng mạnh” không phải là mức chỉ tiêu"), "{t}");
    assert!(t.contains("3 Chiều “ngang” không có trong danh sách: càng cao càng tốt, càng thấp càng tốt."), "{t}");

    let good = "STT;Lĩnh vực;Tên chỉ tiêu;ĐVT;Mục tiêu;Chiều;Cách đo;Từng năm\n\
                1;Kinh tế;Thu nhập bình quân đầu người;triệu đồng/người/năm;từ 86,4 trở lên;;mức cuối nhiệm kỳ;2026: từ 70 trở lên\n\
                2;Văn hóa – xã hội;Tỷ lệ hộ nghèo;%;dưới 0,2;càng thấp càng tốt;;\n";
    let t = upload_to(&app, &office, &path, "chi-tieu.csv", good.as_bytes()).await;
    assert!(t.contains("thêm 2 chỉ tiêu, cập nhật 0 chỉ tiêu"), "{t}");
    let t = upload_to(&app, &office, &path, "chi-tieu.csv", good.as_bytes()).await;
    assert!(t.contains("thêm 0 chỉ tiêu, cập nhật 0 chỉ tiêu"), "a re-import changes nothing: {t}");
    let page = text(&app.get(&format!("/resolutions/{doc}"), &office).await.body);
    assert!(page.contains("2 Tỷ lệ hộ nghèo % dưới 0,2"), "{page}");
    let reporter = app.login("sondong").await;
    assert_eq!(app.get(&path, &reporter).await.status, axum::http::StatusCode::FORBIDDEN);
}

/// A zip of `parts`: (name, content), deflated.
fn zipped(parts: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Hostile files cost a bounded worker and answer a message naming the limit: a
/// workbook whose two cells span the whole grid, and a Word file that unpacks to 80 MB.
#[tokio::test]
async fn hostile_files_are_refused_with_the_limit_named() {
    let app = spawn_app().await;
    let ph = app.seeded.phu_hung.0;
    let cookie = app.login("phuhung").await;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let book = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>"#;
    let root = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let types = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    let grid = zipped(&[
        ("[Content_Types].xml", types),
        ("_rels/.rels", root),
        ("xl/workbook.xml", book),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", sheet),
    ]);
    assert!(grid.len() < 3_000);
    let t = upload(&app, &cookie, ph, "bom.xlsx", &grid).await;
    assert!(t.contains("tệp quá lớn để đọc: bảng có hơn 100.000 dòng"), "{t}");

    let office = app.login("vanphong").await;
    let city = app.seeded.city.0;
    let words = "<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(80 << 20 >> 5);
    let bomb = zipped(&[("word/document.xml", &format!("<w:document><w:body>{words}</w:body></w:document>"))]);
    assert!(bomb.len() < 2 << 20, "fits an upload: {} bytes", bomb.len());
    let r = app.multipart(&format!("/orgs/{city}/read"), &office, "file", Some("bom.docx"), &bomb).await;
    let t = text(&r.body);
    assert!(t.contains("tệp quá lớn để đọc: nội dung giải nén vượt 64 MB"), "{t}");
    // The server still serves.
    assert_eq!(app.get(&format!("/orgs/{ph}/figures"), &cookie).await.status, axum::http::StatusCode::OK);
}
