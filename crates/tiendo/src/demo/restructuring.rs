//! The sample after 1 July 2025, illustrative and in the spirit of the real
//! restructuring: Tỉnh ủy Bến Tre merges into a larger Tỉnh ủy Vĩnh Long, the city
//! committee is dissolved, its fourteen communes and wards merge into four (xã Nhơn
//! Thạnh is divided between two of them), chi bộ follow or move, and the merged phường
//! Sơn Đông starts nhiệm kỳ 2025–2030 with a resolution of its own. The structure and
//! decision numbers are made up for the demo; the 2020–2025 figures stay as reported.

use std::collections::HashMap;

use anyhow::{Context, Result};
use domain::restructuring::read_plan;
use domain::units::History;
use domain::{OrgId, TargetId};
use store::{Actor, Store};

use super::{Figures, Seeded, Seeder, specs};

/// Ids the tests and the banner need after the restructuring.
#[derive(Clone, Copy, Debug)]
pub struct Restructured {
    pub province: OrgId,
    /// Đảng ủy phường Sơn Đông: xã Phú Hưng, xã Sơn Đông and 60% of xã Nhơn Thạnh.
    pub ward: OrgId,
    /// Its resolution's "Thu ngân sách" target, continuing the city's.
    pub revenue: TargetId,
}

const PARTY: &str = "Quyết định số 999-QĐ/TW (minh họa)";
const STATE: &str = "Nghị quyết số 9999/NQ-UBTVQH15 (minh họa)";

/// The plan as an office would fill the sheet; chi bộ sharing a name are given by id.
fn plan(cells: &[OrgId]) -> Vec<Vec<String>> {
    let wards: [(&str, &[&str]); 4] = [
        (
            "Đảng ủy phường An Hội",
            &["Đảng ủy phường Phú Khương", "Đảng ủy phường Phú Tân", "Đảng ủy phường An Hội", "Đảng ủy Phường 4"],
        ),
        ("Đảng ủy phường Bến Tre", &["Đảng ủy Phường 5", "Đảng ủy Phường 6", "Đảng ủy Phường 7", "Đảng ủy Phường 8"]),
        ("Đảng ủy phường Sơn Đông", &["Đảng ủy xã Phú Hưng", "Đảng ủy xã Sơn Đông"]),
        ("Đảng ủy xã Phú Nhuận", &["Đảng ủy xã Mỹ Thạnh An", "Đảng ủy xã Phú Nhuận", "Đảng ủy xã Bình Phú"]),
    ];
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let mut rows = vec![row(&[
        "Đơn vị cũ",
        "Đơn vị mới",
        "Hình thức",
        "Tỷ lệ",
        "Ngày hiệu lực",
        "Số quyết định",
        "Đơn vị cấp trên",
        "Loại đơn vị",
    ])];
    let day = "01/7/2025";
    rows.push(row(&["Tỉnh ủy Bến Tre", "Tỉnh ủy Vĩnh Long", "Sáp nhập", "", day, STATE, "", ""]));
    rows.push(row(&["Thành ủy Bến Tre", "", "Giải thể", "", day, PARTY, "", ""]));
    for (ward, old) in wards {
        let kind = if ward.contains("phường") { "Đảng ủy phường" } else { "Đảng ủy xã" };
        for o in old {
            rows.push(row(&[o, ward, "Sáp nhập", "", day, STATE, "Tỉnh ủy Vĩnh Long", kind]));
        }
    }
    rows.push(row(&["Đảng ủy xã Nhơn Thạnh", "Đảng ủy phường Sơn Đông", "Chia tách", "60%", day, STATE, "", ""]));
    rows.push(row(&["Đảng ủy xã Nhơn Thạnh", "Đảng ủy xã Phú Nhuận", "Chia tách", "40%", day, STATE, "", ""]));
    for (k, cell) in cells.iter().enumerate() {
        let to = if k < 2 { "Đảng ủy phường Sơn Đông" } else { "Đảng ủy xã Phú Nhuận" };
        rows.push(row(&[&format!("#{}", cell.0), "", "Chuyển", "", day, PARTY, to, ""]));
        let name = format!("Chi bộ ấp Nhơn Thạnh {}", k + 1);
        rows.push(row(&[&format!("#{}", cell.0), &name, "Đổi tên", "", day, PARTY, "", ""]));
    }
    rows.push(row(&["Chi bộ ấp Phú Lợi", "", "Chuyển", "", day, PARTY, "Đảng ủy xã Phú Nhuận", ""]));
    rows
}

/// The communes that became phường Sơn Đông report the first half of 2025, their last
/// before the merger: what the ward's 2026 report compares itself with.
async fn last_reports(store: &Store, actor: &Actor, orgs: &[domain::Org]) -> Result<()> {
    let engine = usecase::load_engine(store).await?;
    let figures: [(&str, [(f64, f64); 2]); 3] = [
        ("Đảng ủy xã Phú Hưng", [(3.9, 4.4), (41.0, 44.0)]),
        ("Đảng ủy xã Sơn Đông", [(3.6, 4.0), (52.0, 47.0)]),
        ("Đảng ủy xã Nhơn Thạnh", [(2.5, 2.9), (38.0, 40.0)]),
    ];
    let mut by_quarter: [Vec<(TargetId, Option<domain::Decimal>)>; 2] = [Vec::new(), Vec::new()];
    for (name, values) in figures {
        let org = orgs.iter().find(|o| o.name == name).map(|o| o.id).context("demo unit missing")?;
        let own = |title: &str| {
            engine.documents_of(org).flat_map(|d| engine.targets_of(d.id)).find(|t| t.name == title).map(|t| t.id)
        };
        let targets = [own("Thu ngân sách nhà nước trên địa bàn"), own("Giải quyết việc làm mới")];
        for (target, (q1, q2)) in targets.into_iter().zip(values) {
            let target = target.context("demo target missing")?;
            by_quarter[0].push((target, Some(domain::Decimal::from_f64(q1))));
            by_quarter[1].push((target, Some(domain::Decimal::from_f64(q2))));
        }
    }
    for (period, entries) in ["2025-Q1", "2025-Q2"].into_iter().zip(by_quarter) {
        store.write_figures(actor, period, &entries).await?;
    }
    Ok(())
}

/// Applies the illustrative 2025 restructuring to the seeded sample and starts the
/// merged ward's 2025–2030 term.
pub async fn apply(store: &Store, seeded: &Seeded) -> Result<Restructured> {
    let actor = Actor { user: None, addr: Some("demo".into()) };
    let orgs = store.list_orgs().await?;
    let by_name = |name: &str| orgs.iter().find(|o| o.name == name).map(|o| o.id).context("demo unit missing");
    let nhon_thanh = by_name("Đảng ủy xã Nhơn Thạnh")?;
    let cells: Vec<OrgId> = orgs.iter().filter(|o| o.parent == Some(nhon_thanh)).map(|o| o.id).collect();
    last_reports(store, &actor, &orgs).await?;
    let history = History::new(store.list_unit_versions().await?, store.list_unit_events().await?);
    let kinds = store.list_org_kinds().await?;
    let plan = read_plan(&plan(&cells), &history, &kinds).map_err(|e| anyhow::anyhow!("demo plan: {e:?}"))?;
    let mut tx = store.begin().await?;
    tx.apply_plan(&actor, &plan).await?;
    tx.commit().await?;

    let orgs = store.list_orgs().await?;
    let by_name = |name: &str| orgs.iter().find(|o| o.name == name).map(|o| o.id).context("demo unit missing");
    let (province, ward) = (by_name("Tỉnh ủy Vĩnh Long")?, by_name("Đảng ủy phường Sơn Đông")?);
    let mut s = Seeder { tx: store.begin().await?, actor: &actor, figures: Figures::new(), term: (2025, 2030) };
    let doc = s
        .document(
            ward,
            engine::RESOLUTION,
            Some("01-NQ/ĐU"),
            "Nghị quyết Đại hội đại biểu Đảng bộ phường Sơn Đông lần thứ I, nhiệm kỳ 2025–2030",
        )
        .await?;
    let ids = s.targets(doc, ward, specs::ward_2025(), &HashMap::new(), None).await?;
    let targets = store.list_targets().await?;
    let city_target = |name: &str| {
        targets.iter().find(|t| t.org == seeded.city && t.name == name).map(|t| t.id).context("city target missing")
    };
    s.tx.link_predecessor(&actor, ids["w_revenue"], city_target("Thu ngân sách nhà nước trên địa bàn")?).await?;
    s.tx.link_predecessor(&actor, ids["w_jobs"], city_target("Giải quyết việc làm mới")?).await?;
    let Seeder { tx, figures, .. } = s;
    tx.commit().await?;
    for (period, entries) in figures {
        store.write_figures(&actor, period, &entries).await?;
    }
    Ok(Restructured { province, ward, revenue: ids["w_revenue"] })
}
