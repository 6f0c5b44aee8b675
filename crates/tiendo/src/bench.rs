//! `tiendo bench`: the engine at province scale — 1 province → 100 communes → 2,000
//! grassroots units, 30 targets, 20 quarters (1.2 million values) — against the same
//! roll-up done by the database with a GROUP BY. Prints figures; asserts nothing.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;
use domain::{
    Accrual, AssessAt, Bands, Bound, Decimal, Direction, DocumentId, Measure, OrgId, Period, Rollup, Target, TargetId,
};
use store::{Actor, NewDocument, Store};
use vn::period::Grain;

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Communes under the province.
    #[arg(long, default_value_t = 100)]
    pub communes: usize,
    /// Grassroots units under each commune.
    #[arg(long, default_value_t = 20)]
    pub units: usize,
    /// Targets per resolution.
    #[arg(long, default_value_t = 30)]
    pub targets: usize,
    /// Years of quarterly figures (5 years = 20 quarters).
    #[arg(long, default_value_t = 5)]
    pub years: i32,
    /// Database for the run: an empty PostgreSQL database, or by default a fresh SQLite
    /// file in a temporary directory.
    #[arg(long)]
    pub database_url: Option<String>,
    /// The whole country instead of one province: 34 provinces, 3,321 communes and
    /// 52,000 grassroots units under the centre (31.2 million values).
    #[arg(long)]
    pub national: bool,
    /// Measure the search box on the demo data instead of the engine.
    #[arg(long)]
    pub search: bool,
    /// Measure reading facts from text: the labelled texts (or the .txt files of DIR),
    /// on one core.
    #[arg(long, value_name = "DIR", num_args = 0..=1, default_missing_value = "crates/extract/tests/labelled")]
    pub extract: Option<std::path::PathBuf>,
    /// Build the sample (into `--database-url`, which may be a SQLite file), write every
    /// value it holds, each one more, as a CSV for `tiendo import` to PATH, and stop.
    #[arg(long, value_name = "PATH")]
    pub csv: Option<std::path::PathBuf>,
}

/// Queries people type, with and without accents.
const QUERIES: [&str; 8] =
    ["phu hung", "Phú Hưng", "dang uy", "07-KH/ThU", "ke hoach 07", "ket nap dang vien", "bảo hiểm y tế", "van phong"];

/// `tiendo bench --search`: the search box over the demo sample, as the city's leader.
async fn search(store: &Store) -> Result<()> {
    crate::demo::seed(store).await?;
    crate::demo::ensure_accounts(store, "mật khẩu đo đạc").await?;
    let engine = crate::setup::load_engine(store).await?;
    let mut people = Vec::new();
    for u in store.list_users().await? {
        if let Some(g) = store.grants_of(u.id).await?.first() {
            people.push(engine::Entry::new(
                engine::HitKind::Person,
                u.id.0,
                g.org,
                u.display_name,
                u.username.clone(),
                &u.username,
            ));
        }
    }
    let city = engine.tree.nodes[1].org.id;
    let rounds = 200u32;
    let mut worst = Duration::ZERO;
    let t = Instant::now();
    for _ in 0..rounds {
        for q in QUERIES {
            let one = Instant::now();
            std::hint::black_box(engine.search(q, &people, |o| engine.tree.within(o, city), 50));
            worst = worst.max(one.elapsed());
        }
    }
    let each = per(t.elapsed(), rounds * QUERIES.len() as u32);
    println!("  tìm kiếm trên {} mục của dữ liệu mẫu (mục tiêu ≤ 50 ms)", engine.search_size() + people.len());
    println!("  trung bình một truy vấn                   {}", show(each));
    println!("  chậm nhất                                 {}", show(worst));
    Ok(())
}

const START: i32 = 2021;

fn bench_target(i: usize, doc: DocumentId, org: OrgId, parent: Option<TargetId>) -> Target {
    let (rollup, accrual) = match i % 6 {
        0 => (Rollup::Average, Accrual::Level),
        1 => (Rollup::Sum, Accrual::Level),
        _ => (Rollup::Sum, Accrual::Flow),
    };
    Target {
        id: TargetId(0),
        document: doc,
        org,
        code: (i + 1).to_string(),
        field: "Kinh tế".into(),
        name: format!("Chỉ tiêu {}", i + 1),
        unit: "đơn vị".into(),
        term_bound: Bound::AtLeast { value: Decimal::from_int(100), strict: false },
        measure: Measure::EveryYear,
        direction: Direction::HigherIsBetter,
        accrual,
        rollup,
        assess_at: AssessAt::AnyPeriod,
        yearly: Default::default(),
        responsible: None,
        parent,
        position: i as i32 + 1,
    }
}

/// The tree of a run, level by level from the top unit, with the name of a unit of each
/// level: the province by default, the country with `--national`.
fn shape_of(a: &BenchArgs) -> (Vec<usize>, Vec<&'static str>) {
    if a.national {
        (vec![1, 34, 3_321, 52_000], vec!["Trung ương", "Tỉnh", "Xã", "Chi bộ"])
    } else {
        (vec![1, a.communes, a.communes * a.units], vec!["Tỉnh", "Xã", "Chi bộ"])
    }
}

/// Builds the sample through the store's bulk path: every unit with one resolution of
/// `a.targets` targets cascaded from the top, and every grassroots target's quarters.
async fn build(store: &Store, a: &BenchArgs) -> Result<store::Sample> {
    let (levels, names) = shape_of(a);
    let targets: Vec<Target> = (0..a.targets).map(|i| bench_target(i, DocumentId(0), OrgId(0), None)).collect();
    let periods: Vec<String> =
        (0..a.years * 4).map(|q| Period::Quarter { year: START + q / 4, quarter: (q % 4 + 1) as u32 }.code()).collect();
    let shape = store::SampleShape {
        levels: &levels,
        names: &names,
        kind: "don_vi",
        document: NewDocument {
            org: OrgId(0),
            doc_type: engine::RESOLUTION,
            number: None,
            title: "Nghị quyết",
            issued_on: None,
            term: (START, START + a.years - 1),
            grain: Grain::Quarter,
            bands: Bands::default(),
        },
        targets: &targets,
        periods: &periods,
    };
    Ok(store.generate_sample(&shape).await?)
}

/// Writes every stored value, each one more, as a figures file `tiendo import` reads:
/// a period at a time, unit by unit, as offices send them.
async fn write_csv(store: &Store, path: &std::path::Path) -> Result<()> {
    use std::io::Write;
    let t = Instant::now();
    let targets: HashMap<TargetId, (OrgId, String)> =
        store.list_targets().await?.into_iter().map(|t| (t.id, (t.org, t.code))).collect();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "Đơn vị;Chỉ tiêu;Kỳ;Giá trị")?;
    let (mut labels, mut rows, mut failed) = (HashMap::new(), 0usize, None);
    store
        .each_figure(|target, period, value| {
            let Some((org, code)) = targets.get(&target) else { return };
            let label = labels
                .entry(period.to_string())
                .or_insert_with(|| Period::from_code(period).map(Period::label).unwrap_or_default());
            let value = Decimal::from_scaled(value.scaled() + Decimal::from_int(1).scaled()).format_vn(4);
            if let Err(e) = writeln!(out, "{};{code};{label};{value}", org.0) {
                failed.get_or_insert(e);
            }
            rows += 1;
        })
        .await?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    out.flush()?;
    println!(
        "  tệp số liệu {} dòng: {} ({})",
        vn::number::format_f64(rows as f64, 0),
        path.display(),
        show(t.elapsed())
    );
    Ok(())
}

/// This process's resident memory and its peak, in bytes (Linux), for the figures.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn gigabytes(bytes: u64) -> String {
    format!("{:.2} GB", bytes as f64 / 1e9)
}

/// The 95th percentile of `times`.
fn p95(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(((times.len().max(1) - 1) as f64 * 0.95).round() as usize).copied().unwrap_or_default()
}

fn per(d: Duration, n: u32) -> Duration {
    d / n.max(1)
}

fn show(d: Duration) -> String {
    if d.as_secs_f64() >= 1.0 {
        format!("{:.2} s", d.as_secs_f64())
    } else if d.as_secs_f64() >= 1e-3 {
        format!("{:.2} ms", d.as_secs_f64() * 1e3)
    } else {
        format!("{:.1} µs", d.as_secs_f64() * 1e6)
    }
}

pub async fn run(a: BenchArgs) -> Result<()> {
    if let Some(dir) = &a.extract {
        return crate::read::bench(dir);
    }
    let dir = tempfile::tempdir()?;
    let url = a.database_url.clone().unwrap_or_else(|| dir.path().join("bench.db").to_string_lossy().into_owned());
    let store = store::connect(&url).await?;
    store::migrate(&store).await?;
    if a.search {
        println!("tiendo bench --search trên {}", store.engine().name());
        return search(&store).await;
    }
    let (levels, names) = shape_of(&a);
    let described: Vec<String> = levels
        .iter()
        .zip(&names)
        .map(|(n, name)| format!("{} {}", vn::number::format_f64(*n as f64, 0), name.to_lowercase()))
        .collect();
    println!(
        "tiendo bench: {}, {} chỉ tiêu, {} quý, trên {}",
        described.join(" → "),
        a.targets,
        a.years * 4,
        store.engine().name()
    );
    let t = Instant::now();
    let sample = build(&store, &a).await?;
    println!(
        "  tạo dữ liệu ({} giá trị)           {}",
        vn::number::format_f64(sample.values as f64, 0),
        show(t.elapsed())
    );
    if let Some(path) = &a.csv {
        return write_csv(&store, path).await;
    }
    let top = OrgId(sample.levels[0].start);
    let commune = OrgId(sample.levels[sample.levels.len() - 2].start);
    let unit = OrgId(sample.levels[sample.levels.len() - 1].start);

    let before = memory().0;
    let t = Instant::now();
    let mut engine = crate::setup::load_engine(&store).await?;
    let (after, peak) = memory();
    println!(
        "  nạp từ cơ sở dữ liệu vào bộ máy           {}  (bộ nhớ của bộ máy {}, cả tiến trình {}, cao nhất {})",
        show(t.elapsed()),
        gigabytes(after.saturating_sub(before)),
        gigabytes(after),
        gigabytes(peak)
    );

    let rounds = 10;
    let t = Instant::now();
    for _ in 0..rounds {
        engine.recompute_all();
    }
    println!("  tính lại toàn bộ (mục tiêu ≤ 40 ms)       {}", show(per(t.elapsed(), rounds)));

    let period = Period::NineMonths { year: START };
    let reads = 200;
    let timed = |org: OrgId, engine: &engine::Engine| {
        (0..reads)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(engine.dashboard(org, period).map(|d| d.rows.len() + d.children.len()));
                t.elapsed()
            })
            .collect::<Vec<_>>()
    };
    let rows = engine.dashboard(top, period).map(|d| d.rows.len() + d.children.len()).unwrap_or(0);
    let top_times = timed(top, &engine);
    let province_read = top_times.iter().sum::<Duration>() / reads;
    println!(
        "  bảng theo dõi cấp cao nhất (mục tiêu p95 ≤ 2 ms)  trung bình {}, p95 {}  ({rows} dòng)",
        show(province_read),
        show(p95(top_times))
    );
    println!("  bảng theo dõi cấp xã (mục tiêu ≤ 1 ms)    p95 {}", show(p95(timed(commune, &engine))));
    // Every commune of the run evaluated on every target: the level breakdown a
    // leader pages through.
    let communes: Vec<OrgId> = sample.levels[sample.levels.len() - 2].clone().map(OrgId).collect();
    let breakdown: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            for c in &communes {
                std::hint::black_box(engine.summary(*c, period));
            }
            t.elapsed()
        })
        .collect();
    println!(
        "  mọi xã × mọi chỉ tiêu ({} xã; mục tiêu p95 ≤ 20 ms)  p95 {}",
        vn::number::format_f64(communes.len() as f64, 0),
        show(p95(breakdown))
    );
    let unit_targets: Vec<TargetId> = engine
        .resolution_for(unit, period)
        .map(|d| engine.targets_of(d.id).map(|t| t.id).collect())
        .unwrap_or_default();

    let province_targets: Vec<TargetId> =
        engine.resolution_for(top, period).map(|d| engine.targets_of(d.id).map(|t| t.id).collect()).unwrap_or_default();
    let t = Instant::now();
    for _ in 0..reads {
        for id in &province_targets {
            std::hint::black_box(engine.value(*id, period));
        }
    }
    let engine_rollup = per(t.elapsed(), reads);
    let quarters: Vec<String> = period.split(Grain::Quarter).iter().map(|p| p.code()).collect();
    let sql_rounds = 5;
    let t = Instant::now();
    for _ in 0..sql_rounds {
        std::hint::black_box(store.sum_by_family_sql(&quarters).await?);
    }
    let sql_rollup = per(t.elapsed(), sql_rounds);
    println!("  tổng hợp cấp tỉnh trong bộ máy            {}", show(engine_rollup));
    println!("  cùng phép tổng hợp bằng SQL GROUP BY      {}", show(sql_rollup));
    println!(
        "  bộ máy nhanh hơn SQL (mục tiêu ≥ 20×)     {:.0}× (tổng hợp), {:.0}× (cả bảng theo dõi cấp tỉnh)",
        sql_rollup.as_secs_f64() / engine_rollup.as_secs_f64().max(1e-9),
        sql_rollup.as_secs_f64() / province_read.as_secs_f64().max(1e-9)
    );
    // A form through the store and the change log, and the engine catching up from it:
    // the path every process follows (decision 0010).
    let capacity = engine.capacity();
    // A file of every grassroots unit's figures for one quarter, as one import writes it.
    let quarter = Period::Quarter { year: START + 3, quarter: 4 };
    let groups: Vec<store::FigureGroup> = engine
        .tree
        .nodes
        .iter()
        .filter(|n| n.children.is_empty())
        .filter_map(|n| engine.form(n.org.id, quarter).map(|(doc, rows)| (n.org.id, doc.id, rows)))
        .map(|(org, document, rows)| store::FigureGroup {
            org,
            document,
            period: quarter.code(),
            entries: rows.iter().map(|r| (r.target.id, Some(Decimal::from_int(7)))).collect(),
            notes: Vec::new(),
        })
        .collect();
    let live = usecase::Live::with(engine, store.last_change().await?);
    let forms = 10u32;
    let t = Instant::now();
    for k in 0..forms {
        let entries: Vec<(TargetId, Option<Decimal>)> =
            unit_targets.iter().map(|t| (*t, Some(Decimal::from_int(200 + i64::from(k))))).collect();
        store.write_figures(&Actor::system(), "2021-Q3", &entries).await?;
        live.catch_up(&store).await?;
    }
    println!("  ghi một biểu mẫu 30 giá trị (đầu cuối)    {}", show(per(t.elapsed(), forms)));
    let values: usize = groups.iter().map(|g| g.entries.len()).sum();
    let t = Instant::now();
    store.write_figure_groups(&Actor::system(), &groups, &|_| {}).await?;
    let written = t.elapsed();
    live.catch_up(&store).await?;
    println!(
        "  nhập một tệp {} giá trị (một giao dịch)   {}, bộ máy cập nhật sau {}",
        vn::number::format_f64(values as f64, 0),
        show(written),
        show(t.elapsed() - written)
    );
    // Forms arriving while the same import runs again: what a clerk waits at a deadline
    // when the office imports a file. Four clerks each send a form every 10 ms on a
    // fixed schedule, and a form's wait counts from its scheduled moment, so a form held
    // up by the import also delays, and counts, the ones queued behind it.
    let live = std::sync::Arc::new(live);
    let importing = {
        let (store, mut groups) = (store.clone(), groups.clone());
        for g in &mut groups {
            g.entries.iter_mut().for_each(|e| e.1 = Some(Decimal::from_int(8)));
        }
        tokio::spawn(async move { store.write_figure_groups(&Actor::system(), &groups, &|_| {}).await })
    };
    let begun = tokio::time::Instant::now();
    // When the import ended: every form due before it is sent and counted.
    let ended = std::sync::Arc::new(std::sync::OnceLock::new());
    let clerks: Vec<_> = (0..4i64)
        .map(|clerk| {
            // Each clerk its own unit, as at a deadline: four forms of one unit would
            // wait for each other whatever the import does.
            let targets: Vec<TargetId> = groups[clerk as usize].entries.iter().map(|e| e.0).collect();
            let (store, live, ended) = (store.clone(), live.clone(), ended.clone());
            tokio::spawn(async move {
                let mut waits = Vec::new();
                for k in 0i64.. {
                    let due = begun + Duration::from_millis(10 * k as u64 + 2 * clerk as u64);
                    if ended.get().is_some_and(|end| due >= *end) {
                        break;
                    }
                    tokio::time::sleep_until(due).await;
                    let entries: Vec<(TargetId, Option<Decimal>)> =
                        targets.iter().map(|t| (*t, Some(Decimal::from_int(300 + k)))).collect();
                    store.write_figures(&Actor::system(), "2021-Q3", &entries).await?;
                    live.catch_up(&store).await?;
                    waits.push(due.elapsed());
                }
                anyhow::Ok(waits)
            })
        })
        .collect();
    importing.await.map_err(|e| anyhow::anyhow!("{e}"))??;
    ended.get_or_init(tokio::time::Instant::now);
    let mut waits: Vec<Duration> = Vec::new();
    for clerk in clerks {
        waits.extend(clerk.await.map_err(|e| anyhow::anyhow!("{e}"))??);
    }
    waits.sort();
    let at = |q: f64| waits[((waits.len() - 1) as f64 * q).round() as usize];
    println!(
        "  biểu mẫu trong lúc nhập tệp (mục tiêu p99 ≤ 200 ms; {} lần)  trung vị {}, p99 {}, lâu nhất {}",
        waits.len(),
        show(at(0.5)),
        show(at(0.99)),
        show(at(1.0))
    );
    println!("  số ô giá trị trong bộ máy: {capacity}");
    store.close().await;
    Ok(())
}
