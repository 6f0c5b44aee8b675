//! The Bến Tre sample: Tỉnh ủy Bến Tre → Thành ủy Bến Tre → 14 communes and wards → chi
//! bộ, the city's and the communes' resolutions for nhiệm kỳ 2020–2025 with cascaded
//! targets, and the figures of quý I–III/2020 (seed 000's working session at xã Phú Hưng
//! was on 18-9-2020).

mod inspections;
pub mod restructuring;
mod session;
pub mod specs;
mod work;

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, Result};
use domain::access::Role;
use domain::{Bands, Decimal, DocumentId, OrgId, Rollup, Target, TargetId};
use store::{Actor, NewDocument, NewOrg, Store, Tx};
use vn::period::Grain;

use crate::Place;
use specs::{Roll, Spec};

/// Ids of the sample that tests and the banner need.
#[derive(Clone, Copy, Debug)]
pub struct Seeded {
    pub province: OrgId,
    pub city: OrgId,
    pub phu_hung: OrgId,
    pub neighbour: OrgId,
}

const UNITS: [(&str, &str); 14] = [
    ("Đảng ủy xã Phú Hưng", "dang_uy_xa"),
    ("Đảng ủy xã Sơn Đông", "dang_uy_xa"),
    ("Đảng ủy xã Mỹ Thạnh An", "dang_uy_xa"),
    ("Đảng ủy xã Nhơn Thạnh", "dang_uy_xa"),
    ("Đảng ủy xã Phú Nhuận", "dang_uy_xa"),
    ("Đảng ủy xã Bình Phú", "dang_uy_xa"),
    ("Đảng ủy phường Phú Khương", "dang_uy_phuong"),
    ("Đảng ủy phường Phú Tân", "dang_uy_phuong"),
    ("Đảng ủy phường An Hội", "dang_uy_phuong"),
    ("Đảng ủy Phường 4", "dang_uy_phuong"),
    ("Đảng ủy Phường 5", "dang_uy_phuong"),
    ("Đảng ủy Phường 6", "dang_uy_phuong"),
    ("Đảng ủy Phường 7", "dang_uy_phuong"),
    ("Đảng ủy Phường 8", "dang_uy_phuong"),
];

const PHU_HUNG_CELLS: [(&str, &[(&str, f64)]); 3] = [
    ("Chi bộ ấp Phú Chánh", &[("2020-Q1", 1.0), ("2020-Q2", 1.0), ("2020-Q3", 1.0)]),
    ("Chi bộ ấp Phú Thạnh", &[("2020-Q2", 2.0), ("2020-Q3", 1.0)]),
    ("Chi bộ ấp Phú Lợi", &[("2020-Q3", 2.0)]),
];

/// Collects figures to write after the structure is committed.
type Figures = BTreeMap<&'static str, Vec<(TargetId, Option<Decimal>)>>;

struct Seeder<'a> {
    tx: Tx,
    actor: &'a Actor,
    figures: Figures,
    /// The term of the documents it writes.
    term: (i32, i32),
}

impl Seeder<'_> {
    async fn org(&mut self, parent: Option<OrgId>, name: &str, kind: &str, position: i64) -> Result<OrgId> {
        Ok(self.tx.insert_org(self.actor, NewOrg { parent, name, kind, position }).await?)
    }

    async fn document(&mut self, org: OrgId, doc_type: &str, number: Option<&str>, title: &str) -> Result<DocumentId> {
        let number = number.map(vn::DocumentNumber::parse).transpose()?;
        Ok(self
            .tx
            .insert_document(
                self.actor,
                NewDocument {
                    org,
                    doc_type,
                    number,
                    title,
                    issued_on: None,
                    term: self.term,
                    grain: Grain::Quarter,
                    bands: Bands::default(),
                },
            )
            .await?)
    }

    /// Inserts `specs` as the targets of `doc`, linking each to its parent by key.
    async fn targets(
        &mut self,
        doc: DocumentId,
        org: OrgId,
        specs: Vec<Spec>,
        parents: &HashMap<&'static str, TargetId>,
        population: Option<TargetId>,
    ) -> Result<HashMap<&'static str, TargetId>> {
        let mut ids = HashMap::new();
        for (i, s) in specs.into_iter().enumerate() {
            let rollup = match s.roll {
                Roll::Plain(r) => r,
                Roll::ByPopulation => Rollup::WeightedAverage(population.context("population indicator first")?),
            };
            let t = Target {
                id: TargetId(0),
                document: doc,
                org,
                code: if s.key.starts_with("c_") || s.key.starts_with("w_") || s.key == "pop" {
                    (i + 1).to_string()
                } else {
                    s.key.to_string()
                },
                field: s.field.into(),
                name: s.name.into(),
                unit: s.unit.into(),
                term_bound: s.bound,
                measure: s.measure,
                direction: s.direction,
                accrual: s.accrual,
                rollup,
                assess_at: s.assess,
                yearly: s.yearly,
                responsible: Some(org),
                parent: s.link.and_then(|k| parents.get(k).copied()),
                position: i as i32 + 1,
            };
            let id = self.tx.insert_target(self.actor, &t).await?;
            for (period, v) in s.figures {
                self.figures.entry(period).or_default().push((id, Some(Decimal::from_f64(v))));
            }
            ids.insert(s.key, id);
        }
        Ok(ids)
    }
}

/// Writes the sample into an empty store.
pub async fn seed(store: &Store) -> Result<Seeded> {
    let actor = Actor { user: None, addr: Some("demo".into()) };
    let mut s = Seeder { tx: store.begin().await?, actor: &actor, figures: Figures::new(), term: (2020, 2025) };
    for (code, label) in [
        ("tinh_uy", "Tỉnh ủy"),
        ("thanh_uy", "Thành ủy"),
        ("dang_uy_xa", "Đảng ủy xã"),
        ("dang_uy_phuong", "Đảng ủy phường"),
        ("chi_bo", "Chi bộ"),
    ] {
        s.tx.put_org_kind(code, label).await?;
    }
    let province = s.org(None, "Tỉnh ủy Bến Tre", "tinh_uy", 0).await?;
    let city = s.org(Some(province), "Thành ủy Bến Tre", "thanh_uy", 0).await?;
    let city_doc = s
        .document(
            city,
            engine::RESOLUTION,
            Some("01-NQ/ThU"),
            "Nghị quyết Đại hội đại biểu Đảng bộ thành phố Bến Tre lần thứ XII, nhiệm kỳ 2020–2025",
        )
        .await?;
    s.document(
        city,
        "Kế hoạch",
        Some("07-KH/ThU"),
        "Kế hoạch lãnh đạo, chỉ đạo triển khai quán triệt Nghị quyết Đại hội Đảng bộ thành phố Bến Tre lần thứ XII",
    )
    .await?;
    let city_stats = s.document(city, "Số liệu thống kê", None, "Số liệu dân số dùng làm quyền số tổng hợp").await?;
    let pop = s.targets(city_stats, city, vec![specs::population()], &HashMap::new(), None).await?;
    let city_ids = s.targets(city_doc, city, specs::city(), &HashMap::new(), Some(pop["pop"])).await?;

    let mut phu_hung = city;
    let mut neighbour = city;
    let mut resolutions = vec![(city, city_doc)];
    for (i, (name, kind)) in UNITS.iter().enumerate() {
        let org = s.org(Some(city), name, kind, i as i64).await?;
        let short = name.trim_start_matches("Đảng ủy ");
        let doc = s
            .document(
                org,
                engine::RESOLUTION,
                Some("01-NQ/ĐU"),
                &format!("Nghị quyết Đại hội Đảng bộ {short} nhiệm kỳ 2020–2025"),
            )
            .await?;
        let stats = s.document(org, "Số liệu thống kê", None, "Số liệu dân số").await?;
        let mut p = specs::population();
        p.link = Some("pop");
        p.figures = vec![("2020-Q1", 8_000.0 + 900.0 * i as f64)];
        let own_pop = s.targets(stats, org, vec![p], &pop, None).await?;
        let first = i == 0;
        let list = if first { specs::phu_hung() } else { specs::commune(i as u64) };
        let ids = s.targets(doc, org, list, &city_ids, Some(own_pop["pop"])).await?;
        resolutions.push((org, doc));
        let cells: Vec<&str> = if first {
            PHU_HUNG_CELLS.iter().map(|c| c.0).collect()
        } else if *kind == "dang_uy_xa" {
            vec!["Chi bộ ấp 1", "Chi bộ ấp 2", "Chi bộ ấp 3"]
        } else {
            vec!["Chi bộ khu phố 1", "Chi bộ khu phố 2", "Chi bộ khu phố 3"]
        };
        for (k, cell_name) in cells.into_iter().enumerate() {
            let cell = s.org(Some(org), cell_name, "chi_bo", k as i64).await?;
            if first {
                let doc = s
                    .document(cell, engine::RESOLUTION, None, &format!("Nghị quyết {cell_name} nhiệm kỳ 2020–2025"))
                    .await?;
                s.targets(doc, cell, vec![specs::cell(PHU_HUNG_CELLS[k].1)], &ids, None).await?;
            }
        }
        match i {
            0 => phu_hung = org,
            1 => neighbour = org,
            _ => {}
        }
    }
    let Seeder { tx, figures, .. } = s;
    tx.commit().await?;
    for (period, entries) in figures {
        store.write_figures(&actor, period, &entries).await?;
    }
    reporting(store, &actor, &resolutions).await?;
    session::record(store, &actor, city).await?;
    inspections::record(store, &actor, city, phu_hung).await?;
    work::record(store, &actor, city, phu_hung).await?;
    // The register: the city's secretary from the seeds; the commune's from the sample.
    let day = |s: &str| vn::parse_date(s).ok().context("demo date");
    store
        .add_person(&actor, "Nguyễn Văn Tuấn", "Văn phòng Thành ủy Bến Tre", city, "Bí thư Thành ủy", day("1/8/2020")?)
        .await?;
    store
        .add_person(
            &actor,
            "Trần Thị Mỹ Hạnh",
            "Văn phòng Đảng ủy xã Phú Hưng",
            phu_hung,
            "Bí thư Đảng ủy xã",
            day("1/7/2020")?,
        )
        .await?;
    Ok(Seeded { province, city, phu_hung, neighbour })
}

/// Figures run from the 15th of the previous month to the 14th; reports are due five
/// days later. Quarters I and II of 2020 are accepted everywhere; for quarter III some
/// units have submitted (two of them late) and xã Phú Hưng is still entering.
async fn reporting(store: &Store, actor: &Actor, resolutions: &[(OrgId, DocumentId)]) -> Result<()> {
    use domain::reporting::{ReportStep, Schedule};
    let schedule = Schedule { cutoff_day: 14, due_days: 5 };
    for (i, (org, doc)) in resolutions.iter().enumerate() {
        store.put_schedule(actor, *doc, schedule).await?;
        if i == 0 {
            continue; // the city reports to the province, outside the sample
        }
        for quarter in 1..=3 {
            let period = domain::Period::Quarter { year: 2020, quarter };
            let on = |days: i64| schedule.due(period) + chrono::Duration::days(days);
            let (submit, accept) = match (quarter, i) {
                (3, 1) => (None, false),
                (3, i) if i % 2 == 0 => (Some(on(if i % 3 == 0 { 4 } else { -1 })), false),
                (3, _) => (None, false),
                _ => (Some(on(-2)), true),
            };
            if let Some(day) = submit {
                store
                    .step_report(
                        actor,
                        store::ReportRef { org: *org, document: *doc, period },
                        ReportStep::Submit,
                        None,
                        day,
                    )
                    .await?;
                if accept {
                    store
                        .step_report(
                            actor,
                            store::ReportRef { org: *org, document: *doc, period },
                            ReportStep::Accept,
                            None,
                            day,
                        )
                        .await?;
                }
            }
        }
    }
    Ok(())
}

/// The demo's accounts: (user name, full name, role, organisation name). The last two
/// belong to units founded by the 2025 restructuring and exist once it is applied.
pub const ACCOUNTS: [(&str, &str, Role, &str); 8] = [
    ("admin", "Quản trị hệ thống", Role::Admin, "Tỉnh ủy Bến Tre"),
    ("thanhuy", "Thường trực Thành ủy Bến Tre", Role::Leader, "Thành ủy Bến Tre"),
    ("vanphong", "Văn phòng Thành ủy Bến Tre", Role::Specialist, "Thành ủy Bến Tre"),
    ("kiemtra", "Ủy ban Kiểm tra Thành ủy Bến Tre", Role::Inspector, "Thành ủy Bến Tre"),
    ("phuhung", "Văn phòng Đảng ủy xã Phú Hưng", Role::Reporter, "Đảng ủy xã Phú Hưng"),
    ("sondong", "Văn phòng Đảng ủy xã Sơn Đông", Role::Reporter, "Đảng ủy xã Sơn Đông"),
    ("tinhuy", "Thường trực Tỉnh ủy Vĩnh Long", Role::Leader, "Tỉnh ủy Vĩnh Long"),
    ("phuongsondong", "Văn phòng Đảng ủy phường Sơn Đông", Role::Specialist, "Đảng ủy phường Sơn Đông"),
];

/// Creates the demo accounts, or resets their password to `password`.
pub async fn ensure_accounts(store: &Store, password: &str) -> Result<()> {
    let orgs = store.list_orgs().await?;
    let actor = Actor { user: None, addr: Some("demo".into()) };
    for (username, name, role, org_name) in ACCOUNTS {
        let mut tx = store.begin().await?;
        match store.find_user_by_name(username).await? {
            Some(u) => tx.set_password(&actor, u.id, password).await?,
            None => {
                let Some(org) = orgs.iter().find(|o| o.name == org_name).map(|o| o.id) else {
                    continue; // a unit of the restructuring, not applied to this sample
                };
                let id = tx.create_user(&actor, username, name, password).await?;
                tx.grant_role(&actor, id, role, org).await?;
            }
        }
        tx.commit().await?;
    }
    Ok(())
}

/// What `tiendo demo` serves.
#[derive(clap::Args, Clone, Debug)]
pub struct DemoArgs {
    #[command(flatten)]
    pub place: Place,
    /// Keep the sample as it was before 1 July 2025: without the illustrative
    /// restructuring, so that the communes of 2020 still enter their figures.
    #[arg(long)]
    pub no_restructuring: bool,
}

/// `tiendo demo`: seed an empty database, set the accounts, serve.
pub async fn run(args: DemoArgs) -> Result<()> {
    let place = args.place;
    let store = crate::setup::open_store(&place).await?;
    if store.count_orgs().await? == 0 {
        let seeded = seed(&store).await.context("không tạo được dữ liệu mẫu")?;
        if !args.no_restructuring {
            restructuring::apply(&store, &seeded).await.context("không áp dụng được sắp xếp mẫu năm 2025")?;
        }
    }
    let (password, given) = match std::env::var("TIENDO_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => (p, true),
        _ => (store::users_token()[..12].to_string(), false),
    };
    ensure_accounts(&store, &password).await?;
    store.close().await;
    let shown = if given { "(lấy từ TIENDO_ADMIN_PASSWORD)".to_string() } else { password };
    let mut banner = format!(
        "Đăng nhập: admin / {shown}\nTài khoản khác cùng mật khẩu: thanhuy (Thường trực Thành ủy), vanphong (Văn phòng Thành ủy), kiemtra (Ủy ban Kiểm tra Thành ủy), phuhung và sondong (cán bộ báo cáo của xã)\nBảng theo dõi xã Phú Hưng 9 tháng năm 2020: đăng nhập rồi mở Cây tổ chức, chọn cơ cấu tại ngày 30/9/2020 → Đảng ủy xã Phú Hưng → Bảng theo dõi, chọn “9 tháng năm 2020”."
    );
    if !args.no_restructuring {
        banner.push_str("\nSắp xếp từ 01/7/2025 (minh họa, không phải cơ cấu thật): Tỉnh ủy Bến Tre sáp nhập vào Tỉnh ủy Vĩnh Long, Thành ủy Bến Tre giải thể, 14 xã, phường hợp thành 4. Tài khoản tinhuy (Thường trực Tỉnh ủy Vĩnh Long), phuongsondong (Văn phòng Đảng ủy phường Sơn Đông): Cây tổ chức → Đảng ủy phường Sơn Đông → Lịch sử, đơn vị tiền thân.");
    }
    crate::setup::serve(place, Some(banner)).await
}
