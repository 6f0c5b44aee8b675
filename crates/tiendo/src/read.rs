//! `tiendo extract FILE...`: the facts of report and news texts as JSON, or the text with
//! the facts marked inline.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use clap::{Args, ValueEnum};
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// One JSON object per file (an array when several).
    Json,
    /// The text with every fact marked [[kind: words]].
    Text,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Text (UTF-8) or Word (.docx) files.
    #[arg(required_unless_present = "score")]
    pub files: Vec<PathBuf>,
    /// A register of organisations (CSV or XLSX: id, name) to match organisation facts to.
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,
    /// Score labelled sets instead: precision, recall and F1 per kind of fact, one table
    /// per directory given (the set tuned on, the set kept aside …).
    #[arg(long, value_name = "DIR", num_args = 1..)]
    pub score: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
}

pub fn run(args: ExtractArgs) -> Result<()> {
    if !args.score.is_empty() {
        for dir in &args.score {
            let set = extract::score::load(dir).map_err(|e| anyhow!(e))?;
            let (counts, _) = extract::score::score(&set);
            println!("{}: {} văn bản có nhãn\n\n{}", dir.display(), set.len(), extract::score::table(&counts));
        }
        return Ok(());
    }
    let register = match &args.register {
        Some(path) => read_register(path)?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for path in &args.files {
        let bytes = std::fs::read(path).with_context(|| format!("không đọc được tệp {}", path.display()))?;
        let text = text_of(path, &bytes)?;
        let (nfc, mut facts) = extract::extract(&text);
        extract::match_organizations(&mut facts, &register);
        match args.format {
            Format::Text => println!("{}", extract::mark(&nfc, &facts)),
            Format::Json => out.push(json!({
                "file": path.display().to_string(),
                "facts": facts.iter().map(extract::Fact::to_json).collect::<Vec<Value>>(),
            })),
        }
    }
    if let Format::Json = args.format {
        let value = if out.len() == 1 { out.remove(0) } else { Value::Array(out) };
        println!("{}", serde_json::to_string_pretty(&value)?);
    }
    Ok(())
}

/// (id, name) rows of a register file; a first row that is not a number is a heading.
fn read_register(path: &Path) -> Result<Vec<(i64, String)>> {
    let bytes = std::fs::read(path).with_context(|| format!("không đọc được tệp {}", path.display()))?;
    let rows = sheet::read(&path.display().to_string(), &bytes).map_err(|e| anyhow!("tệp {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        let (Some(id), Some(name)) = (row.first(), row.get(1)) else {
            return Err(anyhow!("tệp {}, dòng {}: cần hai cột, mã đơn vị và tên đơn vị", path.display(), n + 1));
        };
        match id.parse::<i64>() {
            Ok(id) => out.push((id, name.clone())),
            Err(_) if n == 0 => {}
            Err(_) => {
                return Err(anyhow!("tệp {}, dòng {}, cột mã đơn vị: “{id}” không phải là số", path.display(), n + 1));
            }
        }
    }
    Ok(out)
}

/// The text of a file: a .docx read as Word, otherwise UTF-8, refusing old Vietnamese
/// encodings with a message that says how to convert.
pub fn text_of(path: &Path, bytes: &[u8]) -> Result<String> {
    let name = path.display().to_string();
    sheet::document_text(&name, bytes).map_err(|e| anyhow!("tệp {name}: {e}"))
}

/// `tiendo bench --extract`: megabytes of report text read per second on one core, over
/// the texts one by one (as files arrive) and as one long document.
pub fn bench(dir: &Path) -> Result<()> {
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("không đọc được thư mục {}", dir.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            texts.push(std::fs::read_to_string(&path)?);
        }
    }
    anyhow::ensure!(!texts.is_empty(), "thư mục {} không có tệp .txt", dir.display());
    let bytes: usize = texts.iter().map(String::len).sum();
    println!("tiendo bench --extract: {} văn bản, {} byte, trên một lõi", texts.len(), bytes);
    // Rounds of a quarter second for three seconds: a shared machine's other work shows
    // as slow rounds, so the median is reported beside the best.
    let (mut rates, mut facts, mut done_all, start) = (Vec::new(), 0usize, 0usize, std::time::Instant::now());
    while start.elapsed().as_secs_f64() < 3.0 {
        let (mut done, round) = (0usize, std::time::Instant::now());
        while round.elapsed().as_secs_f64() < 0.25 {
            for t in &texts {
                facts += std::hint::black_box(extract::extract(t)).1.len();
                done += t.len();
            }
        }
        done_all += done;
        rates.push(done as f64 / round.elapsed().as_secs_f64() / 1e6);
    }
    rates.sort_by(f64::total_cmp);
    let (median, best) = (rates[rates.len() / 2], rates[rates.len() - 1]);
    println!(
        "  từng văn bản: {median:.1} MB/s (trung vị {} lượt; nhanh nhất {best:.1} MB/s; {} dữ kiện mỗi lượt)",
        rates.len(),
        facts * bytes / done_all.max(1)
    );
    let long = texts.join("\n").repeat((4_000_000 / bytes).max(1));
    let start = std::time::Instant::now();
    let found = std::hint::black_box(extract::extract(&long)).1.len();
    let rate = long.len() as f64 / start.elapsed().as_secs_f64() / 1e6;
    println!("  một văn bản dài {:.1} MB: {rate:.1} MB/s ({found} dữ kiện)", long.len() as f64 / 1e6);
    println!("  mục tiêu ≥ 20 MB/s mỗi lõi");
    Ok(())
}
