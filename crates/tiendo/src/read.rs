//! `tiendo extract FILE...`: the facts of report and news texts as JSON, or the text with
//! the facts marked inline.

use std::path::PathBuf;

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
    /// Text files (UTF-8).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
}

pub fn run(args: ExtractArgs) -> Result<()> {
    let mut out = Vec::new();
    for path in &args.files {
        let bytes = std::fs::read(path).with_context(|| format!("không đọc được tệp {}", path.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow!("tệp {} không phải UTF-8; hãy lưu lại dưới dạng UTF-8", path.display()))?;
        let (nfc, facts) = extract::extract(&text);
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
