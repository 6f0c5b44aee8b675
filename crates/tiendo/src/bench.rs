//! `tiendo bench`: the engine at province scale — 1 province → 100 communes → 2,000
//! grassroots units, 30 targets, 20 quarters (1.2 million values) — against the same
//! roll-up done by the database with a GROUP BY. Prints figures; asserts nothing.

use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;
use domain::{
    Accrual, AssessAt, Bands, Bound, Decimal, Direction, DocumentId, Measure, OrgId, Period, Rollup, Target, TargetId,
};
use store::{Actor, FigureRow, NewDocument, NewOrg, Store};
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
    /// Measure the search box on the demo data instead of the engine.
    #[arg(long)]
    pub search: bool,
    /// Measure reading facts from text: the labelled texts (or the .txt files of DIR),
    /// on one core.
    #[arg(long, value_name = "DIR", num_args = 0..=1, default_missing_value = "crates/extract/tests/labelled")]
    pub extract: Option<std::path::PathBuf>,
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

/// Builds the province and returns the province, a commune, a unit and the unit's targets.
async fn build(store: &Store, a: &BenchArgs) -> Result<(OrgId, OrgId, Vec<TargetId>, usize)> {
    let actor = Actor::system();
    let mut tx = store.begin().await?;
    tx.put_org_kind("tinh", "Tỉnh ủy").await?;
    let doc = |org| NewDocument {
        org,
        doc_type: engine::RESOLUTION,
        number: None,
        title: "Nghị quyết",
        issued_on: None,
        term: (START, START + a.years - 1),
        grain: Grain::Quarter,
        bands: Bands::default(),
    };
    let province = tx.insert_org(&actor, NewOrg { parent: None, name: "Tỉnh", kind: "tinh", position: 0 }).await?;
    let pdoc = tx.insert_document(&actor, doc(province)).await?;
    let mut ptargets = Vec::new();
    for i in 0..a.targets {
        ptargets.push(tx.insert_target(&actor, &bench_target(i, pdoc, province, None)).await?);
    }
    let mut leaves: Vec<TargetId> = Vec::new();
    let (mut a_commune, mut a_unit_targets) = (province, Vec::new());
    for c in 0..a.communes {
        let commune = tx
            .insert_org(
                &actor,
                NewOrg { parent: Some(province), name: &format!("Xã {c}"), kind: "tinh", position: c as i64 },
            )
            .await?;
        let cdoc = tx.insert_document(&actor, doc(commune)).await?;
        let mut ctargets = Vec::new();
        for (i, p) in ptargets.iter().enumerate() {
            ctargets.push(tx.insert_target(&actor, &bench_target(i, cdoc, commune, Some(*p))).await?);
        }
        for u in 0..a.units {
            let unit = tx
                .insert_org(
                    &actor,
                    NewOrg {
                        parent: Some(commune),
                        name: &format!("Chi bộ {c}.{u}"),
                        kind: "tinh",
                        position: u as i64,
                    },
                )
                .await?;
            let udoc = tx.insert_document(&actor, doc(unit)).await?;
            let mut mine = Vec::new();
            for (i, p) in ctargets.iter().enumerate() {
                mine.push(tx.insert_target(&actor, &bench_target(i, udoc, unit, Some(*p))).await?);
            }
            if c == 0 && u == 0 {
                a_unit_targets = mine.clone();
            }
            leaves.extend(mine);
        }
        if c == 0 {
            a_commune = commune;
        }
    }
    tx.commit().await?;
    let quarters: Vec<String> =
        (0..a.years * 4).map(|q| Period::Quarter { year: START + q / 4, quarter: (q % 4 + 1) as u32 }.code()).collect();
    let mut rows = Vec::with_capacity(leaves.len() * quarters.len());
    for (k, t) in leaves.iter().enumerate() {
        for (q, p) in quarters.iter().enumerate() {
            let v = ((k * 31 + q * 17) % 97) as i64 + 1;
            rows.push(FigureRow { target: *t, period: p.clone(), value: Decimal::from_int(v) });
        }
    }
    store.bulk_load_figures(&rows).await?;
    Ok((province, a_commune, a_unit_targets, rows.len()))
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
    println!(
        "tiendo bench: 1 tỉnh → {} xã → {} cơ sở, {} chỉ tiêu, {} quý, trên {}",
        a.communes,
        a.communes * a.units,
        a.targets,
        a.years * 4,
        store.engine().name()
    );
    let t = Instant::now();
    let (province, commune, unit_targets, values) = build(&store, &a).await?;
    println!("  tạo dữ liệu ({values} giá trị)            {}", show(t.elapsed()));

    let t = Instant::now();
    let mut engine = crate::setup::load_engine(&store).await?;
    println!("  nạp từ cơ sở dữ liệu vào bộ máy           {}", show(t.elapsed()));

    let rounds = 10;
    let t = Instant::now();
    for _ in 0..rounds {
        engine.recompute_all();
    }
    println!("  tính lại toàn bộ (mục tiêu ≤ 10 ms)       {}", show(per(t.elapsed(), rounds)));

    let period = Period::NineMonths { year: START };
    let reads = 200;
    let t = Instant::now();
    let mut rows = 0;
    for _ in 0..reads {
        rows += engine.dashboard(province, period).map(|d| d.rows.len() + d.children.len()).unwrap_or(0);
    }
    let province_read = per(t.elapsed(), reads);
    println!("  bảng theo dõi cấp tỉnh (mục tiêu ≤ 1 ms)  {}  ({} dòng)", show(province_read), rows / reads as usize);
    let t = Instant::now();
    for _ in 0..reads {
        std::hint::black_box(engine.dashboard(commune, period).map(|d| d.rows.len()));
    }
    println!("  bảng theo dõi cấp xã (mục tiêu ≤ 1 ms)    {}", show(per(t.elapsed(), reads)));

    let province_targets: Vec<TargetId> = engine
        .resolution_for(province, period)
        .map(|d| engine.targets_of(d.id).map(|t| t.id).collect())
        .unwrap_or_default();
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
    store.write_figure_groups(&Actor::system(), &groups).await?;
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
        tokio::spawn(async move { store.write_figure_groups(&Actor::system(), &groups).await })
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
