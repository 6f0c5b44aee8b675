//! `tiendo import`, the program itself, on a seeded SQLite file and on PostgreSQL: a
//! file with one wrong row among many writes nothing (no figure, no audit row, no
//! change) and names the row; the right file writes every value once; the same file
//! again changes nothing; a unit outside the account's rights is refused.

use std::process::{Command, Output};

mod seeded;

use seeded::{on_postgres, on_sqlite};

const HEADER: &str = "Đơn vị;Chỉ tiêu;Kỳ;Giá trị;Ghi chú\n";

fn import(url: &str, user: &str, csv: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("so-lieu.csv");
    std::fs::write(&file, csv).unwrap();
    Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .arg("import")
        .arg(&file)
        .args(["--user", user, "--database-url", url, "--snapshot", "off"])
        .env("TIENDO_LOG", "warn")
        .output()
        .expect("tiendo runs")
}

/// Phú Hưng's figures of two targets for every quarter of 2021–2024, `base` and up.
fn figures(base: i64) -> String {
    let mut csv = HEADER.to_string();
    for year in 2021..=2024 {
        for quarter in ["I", "II", "III", "IV"] {
            for (code, value) in [(6, base), (15, base * 2)] {
                csv.push_str(&format!(
                    "Đảng ủy xã Phú Hưng;{code};quý {quarter}/{year};{value};Số liệu tổng hợp cả năm của xã\n"
                ));
            }
        }
    }
    csv
}

/// What an import could have touched: every figure, and the lengths of the audit and change logs.
async fn state(url: &str) -> (Vec<store::FigureRow>, usize, i64) {
    let store = store::connect(url).await.unwrap();
    let figures = store.list_figures().await.unwrap();
    let audit = store.list_audit("figure", "%", 100_000).await.unwrap().len();
    let last = store.last_change().await.unwrap();
    store.close().await;
    (figures, audit, last)
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn imports_all_or_nothing(url: &str) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let before = rt.block_on(state(url));

    let mut wrong = figures(20);
    wrong.push_str("Đảng ủy xã Phú Hưng;6;quý V/2024;20;\n");
    let out = import(url, "phuhung", &wrong);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("dòng 34, cột “Kỳ”: “quý V/2024” không phải là kỳ báo cáo"), "{}", text(&out));
    assert!(text(&out).contains("chưa nhập gì"), "{}", text(&out));
    assert_eq!(rt.block_on(state(url)), before, "a file with one wrong row writes nothing");

    let out = import(url, "phuhung", &figures(20));
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("32 giá trị, 32 thay đổi, 0 giữ nguyên"), "{}", text(&out));
    let (after, audit, last) = rt.block_on(state(url));
    assert_eq!(audit, before.1 + 32, "one audit row per value");
    assert!(last > before.2, "the change log tells other processes");
    let written = after.iter().filter(|f| f.period == "2023-Q2" && f.value == domain::Decimal::from_int(40)).count();
    assert_eq!(written, 1, "target 15 of 2023-Q2 holds 40");

    let out = import(url, "phuhung", &figures(20));
    assert!(
        text(&out).contains("32 giá trị, 0 thay đổi, 32 giữ nguyên"),
        "a re-import changes nothing: {}",
        text(&out)
    );
    assert_eq!(rt.block_on(state(url)), (after, audit, last));

    let out = import(url, "sondong", &figures(21));
    assert!(!out.status.success());
    assert!(text(&out).contains("“Đảng ủy xã Phú Hưng” không phải đơn vị bạn được nhập số liệu"), "{}", text(&out));
    let out = import(url, "nobody", &figures(21));
    assert!(text(&out).contains("--user “nobody”: không có tài khoản"), "{}", text(&out));
}

#[test]
fn an_import_on_sqlite() {
    on_sqlite(imports_all_or_nothing);
}

#[test]
fn an_import_on_postgres() {
    on_postgres(imports_all_or_nothing);
}
