//! `tiendo import`: a figures file imported from the command line, as large as a whole
//! country's (31.2 million rows), through the same checks and the same write as the
//! import page. Every row is checked first, a file with any mistake writes nothing,
//! and the same file imported again changes nothing.

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Result, anyhow, bail};
use clap::Args;
use domain::OrgId;
use indicatif::{ProgressBar, ProgressStyle};
use usecase::figure_rows::{FigureRows, Rejected};

use crate::setup::{self, Place};

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The figures file: CSV (UTF-8, comma or semicolon) or Excel (.xlsx), with the columns
    /// Đơn vị, Chỉ tiêu, Kỳ, Giá trị and, where needed, Ghi chú.
    pub file: PathBuf,
    /// The account the import is made as: its rights decide which units it may fill,
    /// and the audit log names it.
    #[arg(long)]
    pub user: String,
    /// Only units at and below this organisation (its number on the tree page); by
    /// default every unit the account enters figures for.
    #[arg(long)]
    pub org: Option<i64>,
    #[command(flatten)]
    pub place: Place,
}

fn bar(len: u64, template: &str) -> ProgressBar {
    let style = ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(len).with_style(style.progress_chars("=> "))
}

/// Prints a rejected file's mistakes, each with its line and column.
fn report(name: &str, rejected: &Rejected) -> anyhow::Error {
    for e in &rejected.errors {
        match (e.line, e.column.is_empty()) {
            (0, _) => eprintln!("  {}", e.message),
            (line, true) => eprintln!("  dòng {line}: {}", e.message),
            (line, false) => eprintln!("  dòng {line}, cột “{}”: {}", e.column, e.message),
        }
    }
    if rejected.total > rejected.errors.len() {
        eprintln!("  … và {} lỗi khác.", rejected.total - rejected.errors.len());
    }
    anyhow!("chưa nhập gì: tệp “{name}” có {} lỗi cần sửa (xem từng dòng ở trên)", rejected.total)
}

pub async fn run(args: ImportArgs) -> Result<()> {
    let started = Instant::now();
    let name = args.file.display().to_string();
    let file = std::fs::File::open(&args.file).map_err(|e| anyhow!("không mở được tệp “{name}”: {e}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let store = setup::open_store(&args.place).await?;
    let user =
        store.find_user_by_name(args.user.trim()).await?.filter(|u| !u.disabled).ok_or_else(|| {
            anyhow!("--user “{}”: không có tài khoản đang hoạt động với tên đăng nhập này", args.user)
        })?;
    let grants = store.grants_of(user.id).await?;
    let (live, _) = usecase::Live::start(&store, setup::snapshot_path(&args.place).as_deref()).await?;
    let ctx = usecase::Ctx::new(store, live, usecase::Clock::System);
    let caller = usecase::Caller { addr: Some("dòng lệnh".into()), ..ctx.caller(user, grants, None) };

    let reading = bar(size, "Kiểm tra [{bar:40}] {bytes}/{total_bytes} ({eta})");
    let checked = {
        let engine = ctx.engine();
        let root = match args.org {
            Some(id) if engine.tree.get(OrgId(id)).is_some() => OrgId(id),
            Some(id) => bail!("--org {id}: không có tổ chức số {id}; xem số tổ chức trên trang Cây tổ chức"),
            None => engine.tree.nodes.first().map(|n| n.org.id).ok_or_else(|| anyhow!("chưa có tổ chức nào"))?,
        };
        let lower = name.to_lowercase();
        // A workbook is read whole under the page's budget; a CSV a row at a time.
        let mut rows: Box<dyn Iterator<Item = Result<Vec<String>, sheet::SheetError>>> = if lower.ends_with(".xlsx") {
            if size > sheet::BUDGET.unpacked_bytes {
                bail!(
                    "tệp Excel “{name}” lớn hơn {} MB; hãy lưu bảng dưới dạng CSV (UTF-8)",
                    sheet::BUDGET.unpacked_bytes >> 20
                );
            }
            let mut bytes = Vec::new();
            reading.wrap_read(file).take(sheet::BUDGET.unpacked_bytes).read_to_end(&mut bytes)?;
            Box::new(sheet::read(&name, &bytes)?.into_iter().map(Ok))
        } else {
            Box::new(sheet::CsvRows::new(reading.wrap_read(file), &sheet::BULK)?)
        };
        let header = rows.next().transpose()?.ok_or_else(|| anyhow!("tệp “{name}” không có dòng nào"))?;
        let mut reader = FigureRows::new(&engine, &caller, root, &header).map_err(|r| report(&name, &r))?;
        for (i, row) in rows.enumerate() {
            let line = i + 2;
            let row = row.map_err(|e| anyhow!("tệp “{name}”, dòng {line}: {e}"))?;
            reader.row(line, &row);
        }
        reading.finish_and_clear();
        reader.finish().map_err(|r| report(&name, &r))?
    };
    let values = checked.values();
    eprintln!(
        "Đã kiểm tra {} giá trị trong {:.1} giây, không có lỗi; đang ghi trong một giao dịch.",
        vn::number::format_f64(values as f64, 0),
        started.elapsed().as_secs_f64()
    );
    let writing = bar(values as u64, "Ghi      [{bar:40}] {pos}/{len} giá trị ({eta})");
    let progress = |n: usize| writing.inc(n as u64);
    let done = usecase::figures::import(&ctx, &caller, checked, &progress).await?;
    writing.finish_and_clear();
    println!(
        "Đã nhập “{name}”: {} giá trị, {} thay đổi, {} giữ nguyên, trong {:.1} giây.",
        vn::number::format_f64(done.values as f64, 0),
        vn::number::format_f64(done.changed as f64, 0),
        vn::number::format_f64((done.values - done.changed) as f64, 0),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
