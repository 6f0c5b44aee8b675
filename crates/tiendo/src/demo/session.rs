//! The working session of 18-9-2020 at xã Phú Hưng as the city office would have read it
//! in with "Nhập từ văn bản": the meeting, Kế hoạch số 07-KH/ThU, and the conclusion's
//! tasks — some done on time, one done late, one still overdue.

use anyhow::Result;
use domain::OrgId;
use store::{Actor, NewSource, SourceItem, Store};

/// The report, written for the demo in the manner of the city's news item.
const REPORT: &str = "Thường trực Thành ủy Bến Tre làm việc với Đảng ủy xã Phú Hưng\n\
Ngày 18-9-2020, Thường trực Thành ủy Bến Tre có buổi làm việc với Ban Chấp hành Đảng bộ xã Phú Hưng về kết quả \
thực hiện Nghị quyết 9 tháng năm 2020. Bí thư Thành ủy Bến Tre Nguyễn Văn Tuấn chủ trì buổi làm việc.\n\
Kết quả 9 tháng năm 2020, xã có 13/31 chỉ tiêu hoàn thành 100%, 2/31 chỉ tiêu đạt từ 90% trở lên, 4/31 chỉ tiêu \
đạt từ 70% trở lên, 4/31 chỉ tiêu dưới 70% và 8 chỉ tiêu đang thực hiện.\n\
Phát biểu kết luận, đồng chí Nguyễn Văn Tuấn đề nghị: Đảng ủy xã Phú Hưng đẩy mạnh tuyên truyền kết quả Đại hội \
Đảng bộ 2 cấp, hoàn thành trước ngày 30-10-2020. Xây dựng chương trình hành động cụ thể hóa Nghị quyết Đại hội \
Đảng bộ xã, hoàn thành trước ngày 30-9-2020. Tập trung đẩy nhanh tiến độ các nhiệm vụ chưa đạt theo Nghị quyết \
năm 2020, hoàn thành trước ngày 31-12-2020.\n\
Thực hiện Kế hoạch số 07-KH/ThU, ngày 7-8-2020 của Ban Thường vụ Thành ủy, Văn phòng Thành ủy hoàn chỉnh quy chế \
làm việc, chậm nhất đến ngày 20-9-2020 trình ký ban hành.\n";

pub async fn record(store: &Store, actor: &Actor, city: OrgId) -> Result<()> {
    let day = |s: &str| vn::parse_date(s).ok();
    let register: Vec<(i64, String)> = store.list_orgs().await?.into_iter().map(|o| (o.id.0, o.name)).collect();
    let task = |body: &str, assignee: &str, due: &str| SourceItem::Task {
        body: body.into(),
        assignee: Some(assignee.into()),
        assignee_org: extract::match_name(assignee, &register).map(OrgId),
        due_on: day(due),
    };
    let items = vec![
        SourceItem::Meeting {
            kind: "working_session".into(),
            held_on: day("18/9/2020"),
            title: "Thường trực Thành ủy làm việc với Ban Chấp hành Đảng bộ xã Phú Hưng".into(),
            chair: Some("Bí thư Thành ủy Nguyễn Văn Tuấn".into()),
        },
        SourceItem::DocumentRef {
            doc_type: "Kế hoạch".into(),
            number: vn::DocumentNumber::parse("07-KH/ThU").ok(),
            issued_on: day("7/8/2020"),
            issuer: Some("Ban Thường vụ Thành ủy".into()),
        },
        task("Đẩy mạnh tuyên truyền kết quả Đại hội Đảng bộ 2 cấp", "Đảng ủy xã Phú Hưng", "30/10/2020"),
        task(
            "Xây dựng chương trình hành động cụ thể hóa Nghị quyết Đại hội Đảng bộ xã",
            "Đảng ủy xã Phú Hưng",
            "30/9/2020",
        ),
        task("Đẩy nhanh tiến độ các nhiệm vụ chưa đạt theo Nghị quyết năm 2020", "Đảng ủy xã Phú Hưng", "31/12/2020"),
        task("Hoàn chỉnh quy chế làm việc, trình ký ban hành", "Văn phòng Thành ủy", "20/9/2020"),
    ];
    let (_, facts) = extract::extract(REPORT);
    let source = NewSource {
        org: city,
        title: "Thường trực Thành ủy làm việc với Đảng ủy xã Phú Hưng (18/9/2020)".into(),
        body: REPORT.into(),
        facts: serde_json::Value::Array(facts.iter().map(extract::Fact::to_json).collect()),
        items,
    };
    store.record_source(actor, &source).await?;
    let tasks = store.list_tasks(city).await?;
    let done = [
        ("25/10/2020", "Đã tổ chức 14 buổi tuyên truyền ở các ấp"),
        ("12/10/2020", "Ban hành chậm do kiện toàn cấp ủy"),
    ];
    for (t, (on, note)) in tasks.iter().zip(done) {
        store.finish_task(actor, t.id, vn::parse_date(on)?, note, &[]).await?;
    }
    if let Some(rules) = tasks.iter().find(|t| t.assignee.as_deref() == Some("Văn phòng Thành ủy")) {
        store.finish_task(actor, rules.id, vn::parse_date("18/9/2020")?, "Đã trình ký", &[]).await?;
    }
    Ok(())
}
