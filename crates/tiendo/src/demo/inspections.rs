//! The city inspection commission's year 2020, as cases that add up to counts like Phủ
//! Lý's (seed 002): kiểm tra 22 tổ chức Đảng và 20 đảng viên, giám sát chuyên đề 19 tổ
//! chức Đảng và 7 đảng viên. One member inspection ends in a reprimand, and one
//! supervision leaves a recommendation for xã Phú Hưng. The year's plan stands beside them.

use anyhow::Result;
use domain::OrgId;
use domain::inspections::{Action, Discipline, Mode, Subject};
use store::{Actor, NewInspection, NewTask, Store};

/// Members' names for the sample, common Vietnamese names.
const MEMBERS: [&str; 10] = [
    "Nguyễn Văn Hùng",
    "Trần Thị Lan",
    "Lê Văn Dũng",
    "Phạm Thị Hoa",
    "Huỳnh Văn Tâm",
    "Võ Thị Mai",
    "Đặng Văn Phúc",
    "Bùi Thị Thu",
    "Đỗ Văn Long",
    "Ngô Thị Hạnh",
];

pub async fn record(store: &Store, actor: &Actor, city: OrgId, phu_hung: OrgId) -> Result<()> {
    let orgs = store.list_orgs().await?;
    let units: Vec<OrgId> = orgs.iter().filter(|o| o.parent.is_some() && o.id != city).map(|o| o.id).collect();
    let plan = [
        (Action::Inspection, Mode::Regular, Subject::Organization, 22),
        (Action::Inspection, Mode::Regular, Subject::Member, 20),
        (Action::Supervision, Mode::Thematic, Subject::Organization, 19),
        (Action::Supervision, Mode::Thematic, Subject::Member, 7),
    ];
    // The year's plan: a little more than was done, as plans are.
    for (action, mode, subject, planned) in [
        (Action::Inspection, Mode::Regular, Subject::Organization, 24),
        (Action::Inspection, Mode::Regular, Subject::Member, 20),
        (Action::Supervision, Mode::Thematic, Subject::Organization, 19),
        (Action::Supervision, Mode::Thematic, Subject::Member, 8),
    ] {
        store.set_inspection_plan(actor, city, 2020, store::PlanLine { action, mode, subject, planned }).await?;
    }
    let mut n = 0usize;
    for (action, mode, subject, count) in plan {
        for k in 0..count {
            n += 1;
            let month = 1 + (n % 11) as u32;
            let started_on = chrono::NaiveDate::from_ymd_opt(2020, month, 1 + (k % 27) as u32).unwrap_or_default();
            let at_phu_hung = action == Action::Supervision && subject == Subject::Organization && k == 0;
            let subject_org = if at_phu_hung { phu_hung } else { units[n % units.len()] };
            let member = subject == Subject::Member;
            let recommendation = at_phu_hung.then(|| NewTask {
                body: "Khắc phục hạn chế trong sinh hoạt chuyên đề của các chi bộ ấp".into(),
                assignee: phu_hung,
                assignee_name: "Đảng ủy xã Phú Hưng".into(),
                coordinating: String::new(),
                expected: String::new(),
                due_on: vn::parse_date("31/12/2020").ok(),
            });
            let case = NewInspection {
                org: city,
                action,
                mode,
                subject,
                subject_org: Some(subject_org),
                member_name: if member { MEMBERS[k % MEMBERS.len()].to_string() } else { String::new() },
                decision: format!("{n}-QĐ/UBKTThU"),
                team: format!("Tổ {} số {}", action.label(), 1 + k % 3),
                started_on,
                findings: String::new(),
                conclusion: "Cơ bản thực hiện đúng quy định; còn một số hạn chế cần khắc phục".into(),
                discipline: (member && action == Action::Inspection && k == 3).then_some(Discipline::Reprimand),
                recommendations: recommendation.into_iter().collect(),
            };
            store.record_inspection(actor, &case).await?;
        }
    }
    Ok(())
}
