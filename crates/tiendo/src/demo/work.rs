//! Counted work of 2020 in the city, after seed 003: the 11 classes of Kế hoạch số
//! 07-KH/ThU and the 250-form opinion survey; each commune's congress (and xã Phú Hưng's
//! cells'); a few communes' own classes; and the city's quality rating of its communes,
//! one excellent too many for the 20% quota, so the warning shows.

use anyhow::Result;
use domain::OrgId;
use domain::work::{Rating, WorkKind};
use store::{Actor, RatingEntry, Store, WorkEntry};

pub async fn record(store: &Store, actor: &Actor, city: OrgId, phu_hung: OrgId) -> Result<()> {
    let entry = |org: OrgId, period: &str, kind: WorkKind, count: i64| WorkEntry {
        id: 0,
        org,
        period: period.into(),
        kind,
        count,
        of_total: None,
        participants: None,
        eligible: None,
        summary: None,
    };
    let mut entries = vec![
        WorkEntry {
            summary: Some("Học tập, quán triệt Nghị quyết Đại hội Đảng bộ thành phố theo Kế hoạch số 07-KH/ThU".into()),
            ..entry(city, "2020-Q3", WorkKind::Dissemination, 11)
        },
        WorkEntry {
            summary: Some("Khảo sát dư luận xã hội về Đại hội Đảng bộ thành phố lần thứ XII".into()),
            ..entry(city, "2020-Q3", WorkKind::Survey, 250)
        },
    ];
    let orgs = store.list_orgs().await?;
    let communes: Vec<OrgId> = orgs.iter().filter(|o| o.parent == Some(city)).map(|o| o.id).collect();
    for (i, &c) in communes.iter().enumerate() {
        entries.push(WorkEntry { of_total: Some(1), ..entry(c, "2020-Q2", WorkKind::Congress, 1) });
        if i % 3 == 0 {
            let eligible = 150 + 10 * i as i64;
            entries.push(WorkEntry {
                participants: Some(eligible - 1 - i as i64 % 4),
                eligible: Some(eligible),
                ..entry(c, "2020-Q4", WorkKind::Dissemination, 2)
            });
        }
    }
    let cells = orgs.iter().filter(|o| o.parent == Some(phu_hung)).count() as i64;
    entries.push(WorkEntry { of_total: Some(cells), ..entry(phu_hung, "2020-Q1", WorkKind::Congress, cells) });
    for e in &entries {
        store.record_work(actor, e).await?;
    }
    for (i, &c) in communes.iter().enumerate() {
        let level = match i {
            0..=2 => Rating::Excellent,
            3..=11 => Rating::Good,
            _ => Rating::Fulfilled,
        };
        let score = match level {
            Rating::Excellent => 92,
            Rating::Good => 80,
            _ => 65,
        };
        let rating =
            RatingEntry { id: 0, org: city, year: 2020, subject_org: c, member_name: None, level, score: Some(score) };
        store.record_rating(actor, &rating).await?;
    }
    Ok(())
}
