//! "Nhập từ văn bản": a report or news text pasted or uploaded, its facts shown marked
//! in the text, and the ones the user confirms (and corrects) recorded — meetings,
//! document references, tasks, figures — in one transaction with the text kept.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::Html;
use domain::access::Action;
use domain::{Decimal, OrgId, Period, TargetId};
use extract::Fact;
use serde_json::Value;

use domain::meetings::MEETING_KINDS;

use crate::auth::CurrentUser;
use crate::pages::manage::{Fields, field};
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

/// The kinds a confirmation turns into records.
const RECORDABLE: [&str; 5] = ["meeting", "document_ref", "task", "figure", "target_stats"];

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "event_date" => "Ngày diễn ra",
        "organization" => "Tổ chức",
        "person" => "Người",
        "chair" => "Chủ trì",
        "meeting" => "Cuộc họp",
        "period" => "Kỳ",
        "target_stats" => "Kết quả chỉ tiêu",
        "figure" => "Số liệu",
        "document_ref" => "Văn bản dẫn chiếu",
        "inspection" => "Kiểm tra, giám sát",
        "class" => "Lớp học",
        "deadline" => "Thời hạn",
        "task" => "Nhiệm vụ",
        "survey" => "Khảo sát",
        "congress" => "Đại hội",
        _ => "Dữ kiện",
    }
}

/// A piece of the text, marked when a fact was read from it.
pub struct Piece {
    pub text: String,
    pub fact: Option<(usize, &'static str)>,
}

pub struct Input {
    pub name: String,
    pub label: &'static str,
    pub value: String,
    /// (value, label, selected) for a choice; empty for free text.
    pub options: Vec<(String, String, bool)>,
}

/// A recordable fact with the fields the user may correct.
pub struct Item {
    pub i: usize,
    pub kind: &'static str,
    pub words: String,
    pub keep: bool,
    pub inputs: Vec<Input>,
    /// What tiendo knows beside what the text states (the dashboard's counts), and
    /// whether the two differ.
    pub beside: String,
    pub differs: bool,
}

#[derive(Template)]
#[template(path = "read_text.html")]
struct ReadPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org: i64,
    org_name: String,
    errors: Vec<String>,
    notice: String,
    /// Review stage: the text, its marks, the items to confirm and the other facts.
    body: String,
    title: String,
    pieces: Vec<Piece>,
    items: Vec<Item>,
    /// Other facts: kind, words, and the unit of the tree an organisation names.
    others: Vec<(&'static str, String, Option<i64>)>,
    count: usize,
    sources: Vec<(i64, String, String)>,
}

fn require(state: &AppState, user: &CurrentUser, org: OrgId) -> Result<String, AppError> {
    usecase::sources::may_read(&state.ctx, user, org)?;
    let engine = state.engine();
    Ok(engine.tree.get(org).map(|n| n.org.name.clone()).unwrap_or_default())
}

/// The facts of a text, organisations matched to the units the user sees.
fn read_facts(state: &AppState, user: &CurrentUser, body: &str) -> (String, Vec<Fact>) {
    let (nfc, mut facts) = extract::extract(body);
    let register: Vec<(i64, String)> = {
        let engine = state.engine();
        let visible = engine.tree.nodes.iter().filter(|n| user.may(&engine, Action::View, n.org.id));
        visible.map(|n| (n.org.id.0, n.org.name.clone())).collect()
    };
    extract::match_organizations(&mut facts, &register);
    (nfc, facts)
}

/// The units below `org` the user sees, each by its own name: where a task may fall.
fn units_below(state: &AppState, user: &CurrentUser, org: OrgId) -> Vec<(i64, String)> {
    let engine = state.engine();
    let own = |id: i64| engine.tree.get(OrgId(id)).map(|n| n.org.name.clone()).unwrap_or_default();
    crate::pages::assign::subtree_units(&engine, user, org).into_iter().map(|(id, _)| (id, own(id))).collect()
}

/// The unit below `org` a task falls to: the one its assignee names; or, when the
/// assignee names only a kind of committee ("Đảng ủy xã", "Đảng bộ xã") or nobody, the
/// unit the text is about (the first unit of the subtree it names), offered to confirm.
fn task_unit(plain: &[(i64, String)], facts: &[Fact], assignee: &str) -> Option<(OrgId, String)> {
    let own = |id: i64| plain.iter().find(|(u, _)| *u == id).map(|(_, n)| n.clone()).unwrap_or_default();
    if let Some(id) = extract::match_name(assignee, plain) {
        return Some((OrgId(id), own(id)));
    }
    // "Ban Chấp hành Đảng bộ xã" and "Đảng ủy xã" of a unit name the same committee.
    let kind = |s: &str| {
        let folded = vn::fold(s).replace("dang bo ", "dang uy ");
        folded.strip_prefix("ban chap hanh ").map(str::to_string).unwrap_or(folded)
    };
    let wanted = kind(assignee.trim());
    if !wanted.is_empty() && wanted.split_whitespace().count() < 2 {
        return None;
    }
    let about = facts.iter().filter(|f| f.kind == "organization").find_map(|f| {
        let by_id = f.value["org_id"].as_i64().filter(|id| plain.iter().any(|(u, _)| u == id));
        let name = kind(f.value["name"].as_str().unwrap_or(&f.text));
        by_id.or_else(|| plain.iter().find(|(_, n)| kind(n) == name).map(|(u, _)| *u))
    })?;
    let fits = wanted.is_empty() || kind(&own(about)).starts_with(&format!("{wanted} "));
    fits.then(|| (OrgId(about), own(about)))
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    review: Option<(String, String, Option<&Fields>)>,
    errors: Vec<String>,
    notice: String,
) -> Result<Html<String>, AppError> {
    let org_name = require(state, user, org)?;
    let sources = usecase::sources::of_unit(&state.ctx, user, org)
        .await?
        .into_iter()
        .map(|(id, title, at)| (id, title, vn::time::format_ms(at)))
        .collect();
    let mut page = ReadPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&state.engine(), user, org),
        org: org.0,
        org_name,
        errors,
        notice,
        body: String::new(),
        title: String::new(),
        pieces: Vec::new(),
        items: Vec::new(),
        others: Vec::new(),
        count: 0,
        sources,
    };
    if let Some((body, title, form)) = review {
        let (nfc, facts) = read_facts(state, user, &body);
        page.pieces = pieces(&nfc, &facts);
        page.items = items(state, user, org, &facts, form);
        page.others = facts
            .iter()
            .filter(|f| !RECORDABLE.contains(&f.kind))
            .map(|f| (kind_label(f.kind), f.text.clone(), f.value["org_id"].as_i64()))
            .collect();
        page.count = facts.len();
        page.title = form.map(|f| field(f, "title").to_string()).unwrap_or(title);
        page.body = nfc;
    }
    Ok(Html(page.render()?))
}

pub async fn read_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    render(&state, &user, OrgId(id), None, Vec::new(), String::new()).await
}

/// The pasted text or the uploaded file (.txt, .docx), read and shown for review.
pub async fn read_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Html<String>, AppError> {
    let org = OrgId(id);
    require(&state, &user, org)?;
    let broken =
        |e: axum::extract::multipart::MultipartError| AppError::BadRequest(format!("dữ liệu gửi lên bị lỗi: {e}"));
    let (mut pasted, mut file) = (String::new(), None);
    while let Some(part) = multipart.next_field().await.map_err(broken)? {
        match part.name() {
            Some("text") => pasted = part.text().await.map_err(broken)?,
            Some("file") => {
                let name = part.file_name().unwrap_or("").to_string();
                let bytes = part.bytes().await.map_err(broken)?;
                if !bytes.is_empty() {
                    file = Some((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    let body = match file {
        Some((name, bytes)) => match crate::files::document(name.clone(), bytes).await {
            Ok(t) => t,
            Err(why) => {
                return render(&state, &user, org, None, vec![format!("Tệp “{name}”: {why}.")], String::new()).await;
            }
        },
        None => match sheet::budget::check_text(&pasted, &sheet::BUDGET)
            .map_err(|e| e.to_string())
            .and_then(|()| extract::refuse_legacy(pasted).map_err(|e| e.to_string()))
        {
            Ok(t) => t,
            Err(why) => {
                return render(&state, &user, org, None, vec![format!("Văn bản dán vào: {why}.")], String::new()).await;
            }
        },
    };
    if body.trim().is_empty() {
        let why = "Văn bản: hãy dán nội dung hoặc chọn một tệp .txt hay .docx.".to_string();
        return render(&state, &user, org, None, vec![why], String::new()).await;
    }
    let title = body.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").chars().take(200).collect();
    let notice = match usecase::sources::already_kept(&state.ctx, &user, org, &body).await? {
        Some((id, at)) => format!(
            "Văn bản này đã được lưu lúc {} (văn bản số {id}, xem /sources/{id}): lưu lại sẽ cập nhật văn bản đã lưu và chỉ thêm những gì chưa có, không tạo bản sao.",
            vn::time::format_ms(at)
        ),
        None => String::new(),
    };
    render(&state, &user, org, Some((body, title, None)), Vec::new(), notice).await
}

/// Records the confirmed items; any mistake sends the review back with every message
/// and nothing written.
pub async fn save_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Html<String>, AppError> {
    let org = OrgId(id);
    require(&state, &user, org)?;
    let body = field(&form, "body").to_string();
    let title = field(&form, "title").to_string();
    let (_, facts) = read_facts(&state, &user, &body);
    let mut errors = Vec::new();
    if title.is_empty() {
        errors.push("Tiêu đề: cần một tiêu đề để nhận ra văn bản.".to_string());
    }
    let mut confirmed = Vec::new();
    let mut records = Vec::new();
    let units = units_below(&state, &user, org);
    for (i, f) in facts.iter().enumerate() {
        if !RECORDABLE.contains(&f.kind) || field(&form, &format!("keep{i}")) != "on" {
            continue;
        }
        // Stated target counts are confirmed as read; the dashboard keeps its own.
        if f.kind == "target_stats" {
            confirmed.push(f.to_json());
            continue;
        }
        match record(&state, &user, &form, i, f, &facts, &units) {
            Ok(item) => {
                records.push(item);
                confirmed.push(f.to_json());
            }
            Err(why) => errors.push(why),
        }
    }
    if confirmed.is_empty() && errors.is_empty() {
        errors.push("Chưa chọn dữ kiện nào để ghi nhận: đánh dấu “Ghi nhận” ở những dữ kiện cần lưu.".to_string());
    }
    if !errors.is_empty() {
        return render(&state, &user, org, Some((body, title, Some(&form))), errors, String::new()).await;
    }
    let source = store::NewSource { org, title, body, facts: Value::Array(confirmed), items: records };
    let recorded = match crate::pages::refused(usecase::sources::record(&state.ctx, &user, &source).await)? {
        Ok(r) => r,
        Err(why) => {
            let (body, title) = (source.body, source.title);
            return render(&state, &user, org, Some((body, title, Some(&form))), vec![why], String::new()).await;
        }
    };
    let what = format!(
        "{} cuộc họp, {} văn bản dẫn chiếu, {} nhiệm vụ và {} số liệu",
        recorded.meetings,
        recorded.document_refs,
        recorded.tasks,
        recorded.figures.len()
    );
    let notice = if recorded.updated {
        format!(
            "Văn bản này đã được lưu trước đây (văn bản số {}): đã cập nhật, thêm {what}; không tạo bản sao.",
            recorded.source
        )
    } else {
        format!("Đã lưu văn bản cùng {what}.")
    };
    render(&state, &user, org, None, Vec::new(), notice).await
}

/// One confirmed fact read back from the form into a record, or what is wrong with it.
fn record(
    state: &AppState,
    user: &CurrentUser,
    form: &Fields,
    i: usize,
    f: &Fact,
    facts: &[Fact],
    units: &[(i64, String)],
) -> Result<store::SourceItem, String> {
    let get = |name: &str| field(form, &format!("{name}{i}")).to_string();
    let label = format!("{} “{}”", kind_label(f.kind), short(&f.text));
    let date = |name: &str, what: &str| -> Result<Option<chrono::NaiveDate>, String> {
        let v = get(name);
        if v.is_empty() {
            return Ok(None);
        }
        vn::parse_date(&v).map(Some).map_err(|e| format!("{label} — {what}: {e}."))
    };
    Ok(match f.kind {
        "meeting" => {
            let kind = get("mkind");
            if !MEETING_KINDS.iter().any(|(k, _)| *k == kind) {
                return Err(format!("{label} — Loại họp: hãy chọn một loại trong danh sách."));
            }
            let title = get("mtitle");
            if title.is_empty() {
                return Err(format!("{label} — Tên cuộc họp: cần ghi tên."));
            }
            let chair = Some(get("chair")).filter(|s| !s.is_empty());
            store::SourceItem::Meeting { kind, held_on: date("date", "Ngày họp")?, title, chair }
        }
        "document_ref" => {
            let doc_type = get("dtype");
            if doc_type.is_empty() {
                return Err(format!("{label} — Loại văn bản: cần ghi, ví dụ “Kế hoạch”."));
            }
            let raw = get("number");
            let number = if raw.is_empty() {
                None
            } else {
                Some(vn::DocumentNumber::parse(&raw).map_err(|e| format!("{label} — Số, ký hiệu: {e}."))?)
            };
            let issuer = Some(get("issuer")).filter(|s| !s.is_empty());
            store::SourceItem::DocumentRef { doc_type, number, issued_on: date("date", "Ngày ban hành")?, issuer }
        }
        "task" => {
            let body = get("text");
            if body.is_empty() {
                return Err(format!("{label} — Nội dung: cần ghi nội dung nhiệm vụ."));
            }
            let assignee = Some(get("assignee")).filter(|s| !s.is_empty());
            // A unit of the saving unit's subtree that the assignee names gets the task.
            let assignee_org = assignee.as_deref().and_then(|name| task_unit(units, facts, name)).map(|(id, _)| id);
            store::SourceItem::Task { body, assignee, assignee_org, due_on: date("due", "Thời hạn")? }
        }
        _ => {
            let target = get("target").parse::<i64>().map(TargetId).map_err(|_| {
                format!("{label} — Chỉ tiêu: hãy chọn chỉ tiêu nhận số liệu này (hoặc bỏ dấu “Ghi nhận”).")
            })?;
            let period = Period::parse(&get("period")).map_err(|e| format!("{label} — Kỳ: {e}."))?;
            usecase::figures::check_target(&state.engine(), user, target, period).map_err(|e| match e {
                usecase::Error::Invalid(errors) => format!("{label} — {}", crate::pages::said(errors)),
                usecase::Error::NotFound(_) => format!("{label} — Chỉ tiêu: không có chỉ tiêu này."),
                _ => format!("{label} — Chỉ tiêu: bạn không được nhập số liệu cho đơn vị của chỉ tiêu này."),
            })?;
            let value = Decimal::parse_vn(&get("value")).map_err(|e| format!("{label} — Giá trị: {e}."))?;
            store::SourceItem::Figure { target, period: period.code(), value }
        }
    })
}

/// The dashboard's counts for the unit and period a statement of target counts is about
/// (the first unit of the tree the text names, else the reading unit; the first period it
/// names), and whether the stated total or the count met differs from them.
fn dashboard_beside(state: &AppState, org: OrgId, facts: &[Fact], stated: &Fact) -> (String, bool) {
    let unit =
        facts.iter().filter(|f| f.kind == "organization").find_map(|f| f.value["org_id"].as_i64()).map_or(org, OrgId);
    let Some(period) = facts
        .iter()
        .filter(|f| f.kind == "period")
        .find_map(|f| f.value["label"].as_str().and_then(|l| Period::parse(l).ok()))
    else {
        return ("Văn bản không nói kỳ nào: chưa so được với bảng theo dõi.".into(), false);
    };
    let engine = state.engine();
    let Some(d) = engine.dashboard(unit, period).filter(|d| d.resolution.is_some()) else {
        return (
            format!("Bảng theo dõi chưa có chỉ tiêu của {} cho {}.", name_of(&engine, unit), period.label()),
            false,
        );
    };
    let bands = d.resolution.map(|r| r.bands.clone()).unwrap_or_default();
    let computed = d.summary.sentence(&bands);
    let n = |key: &str| stated.value[key].as_u64();
    let met = d.summary.bands.first().copied().unwrap_or(0) as u64;
    let differs = n("total").is_some_and(|t| t != d.summary.total as u64)
        || n("completed_100").or(n("achieved_or_exceeded")).is_some_and(|m| m != met);
    (format!("Bảng theo dõi {} {}: {computed}", name_of(&engine, unit), period.label()), differs)
}

fn name_of(engine: &engine::Engine, org: OrgId) -> String {
    engine.tree.get(org).map(|n| n.org.name.clone()).unwrap_or_default()
}

/// A meeting's name as a person writes it: "Buổi làm việc của Thường trực Thành ủy với Đảng
/// ủy xã Phú Hưng", from its kind and the organisations around the words that named it.
fn meeting_title(facts: &[Fact], m: &Fact) -> String {
    let label = MEETING_KINDS
        .iter()
        .find(|(k, _)| m.value["kind"].as_str() == Some(*k))
        .map_or_else(|| crate::error::capitalised(&m.text), |(_, l)| l.to_string());
    let orgs = facts.iter().filter(|f| f.kind == "organization");
    let subject = orgs.clone().rfind(|f| f.end <= m.start && m.start - f.end < 40);
    let object = orgs.clone().find(|f| f.start >= m.end && f.start - m.end < 12);
    let name = |f: &Fact| f.value["name"].as_str().map_or_else(|| f.text.clone(), str::to_string);
    match (subject, object.filter(|_| m.text.ends_with("với") || m.text.contains("làm việc"))) {
        (Some(s), Some(o)) => format!("{label} của {} với {}", name(s), name(o)),
        (Some(s), None) => format!("{label} của {}", name(s)),
        (None, Some(o)) => format!("{label} với {}", name(o)),
        (None, None) => label,
    }
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// The text cut into pieces at the facts' spans; overlapping facts mark the outer one.
fn pieces(text: &str, facts: &[Fact]) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    for (i, f) in facts.iter().enumerate() {
        if f.start < at {
            continue;
        }
        out.push(Piece { text: chars[at..f.start].iter().collect(), fact: None });
        out.push(Piece { text: chars[f.start..f.end].iter().collect(), fact: Some((i, f.kind)) });
        at = f.end;
    }
    out.push(Piece { text: chars[at.min(chars.len())..].iter().collect(), fact: None });
    out
}

/// The recordable facts with their fields, filled from the form when it came back.
fn items(state: &AppState, user: &CurrentUser, org: OrgId, facts: &[Fact], form: Option<&Fields>) -> Vec<Item> {
    let first = |kind: &str, key: &str| {
        facts.iter().find(|f| f.kind == kind).and_then(|f| f.value[key].as_str()).unwrap_or("").to_string()
    };
    let day = |iso: &str| chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(vn::format_date).unwrap_or_default();
    let event_day = day(&first("event_date", "date"));
    let units = units_below(state, user, org);
    // Who chaired, as a title and a name, offered with the meeting.
    let chair = facts
        .iter()
        .find(|f| f.kind == "chair")
        .map(|f| {
            let name = f.value["name"].as_str().unwrap_or("");
            match f.value["title"].as_str() {
                Some(t) if !t.is_empty() => format!("{t} {name}"),
                _ => name.to_string(),
            }
        })
        .unwrap_or_default();
    let period = first("period", "label");
    let targets: Vec<(String, String)> = {
        let engine = state.engine();
        engine
            .documents_of(org)
            .flat_map(|d| {
                engine
                    .targets_of(d.id)
                    .map(|t| (t.id.0.to_string(), format!("{} — {} ({})", t.code, t.name, t.unit)))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let text = |v: &Value, key: &str| v[key].as_str().unwrap_or("").to_string();
    facts
        .iter()
        .enumerate()
        .filter(|(_, f)| RECORDABLE.contains(&f.kind))
        .map(|(i, f)| {
            let input = |name: &str, label: &'static str, value: String| Input {
                name: format!("{name}{i}"),
                label,
                value: form.map(|fm| field(fm, &format!("{name}{i}")).to_string()).unwrap_or(value),
                options: Vec::new(),
            };
            let choice = |name: &str, label: &'static str, value: String, options: Vec<(String, String)>| {
                let chosen = form.map(|fm| field(fm, &format!("{name}{i}")).to_string()).unwrap_or(value);
                Input {
                    name: format!("{name}{i}"),
                    label,
                    options: options.into_iter().map(|(v, l)| (v.clone(), l, v == chosen)).collect(),
                    value: chosen,
                }
            };
            let inputs = match f.kind {
                "meeting" => vec![
                    choice(
                        "mkind",
                        "Loại họp",
                        text(&f.value, "kind"),
                        MEETING_KINDS.iter().map(|(k, l)| (k.to_string(), l.to_string())).collect(),
                    ),
                    input("mtitle", "Tên cuộc họp", meeting_title(facts, f)),
                    input("date", "Ngày họp", event_day.clone()),
                    input("chair", "Chủ trì", chair.clone()),
                ],
                "document_ref" => vec![
                    input("dtype", "Loại văn bản", text(&f.value, "type")),
                    input("number", "Số, ký hiệu", text(&f.value, "full")),
                    input("date", "Ngày ban hành", day(&text(&f.value, "date"))),
                    input("issuer", "Cơ quan ban hành", text(&f.value, "issuer")),
                ],
                "task" => {
                    let due = facts
                        .iter()
                        .find(|d| d.kind == "deadline" && d.start >= f.start && d.start < f.end)
                        .map(|d| day(&text(&d.value, "date")))
                        .unwrap_or_default();
                    vec![
                        input("text", "Nội dung", text(&f.value, "text")),
                        input("assignee", "Đơn vị thực hiện", {
                            let named = text(&f.value, "assignee");
                            task_unit(&units, facts, &named).map(|(_, name)| name).unwrap_or(named)
                        }),
                        input(
                            "due",
                            if due.is_empty() {
                                "Thời hạn (văn bản không nói: hãy nhập để theo dõi được)"
                            } else {
                                "Thời hạn"
                            },
                            due,
                        ),
                    ]
                }
                "target_stats" => Vec::new(),
                _ => {
                    let mut options = vec![(String::new(), "— chọn chỉ tiêu —".to_string())];
                    options.extend(targets.iter().cloned());
                    let actual =
                        f.value["actual"].as_f64().map(|a| Decimal::from_f64(a).format_vn(4)).unwrap_or_default();
                    vec![
                        choice("target", "Chỉ tiêu", String::new(), options),
                        input("period", "Kỳ", period.clone()),
                        input("value", "Giá trị", actual),
                    ]
                }
            };
            let keep = form.is_some_and(|fm| field(fm, &format!("keep{i}")) == "on");
            let (beside, differs) =
                if f.kind == "target_stats" { dashboard_beside(state, org, facts, f) } else { (String::new(), false) };
            Item { i, kind: kind_label(f.kind), words: f.text.clone(), keep, inputs, beside, differs }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "source.html")]
struct SourcePage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org: i64,
    source: store::SourceView,
    when: String,
}

/// A kept text and the records it produced.
pub async fn source_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let source = usecase::sources::get(&state.ctx, &user, id).await?;
    let engine = state.engine();
    let page = SourcePage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, &user, source.org),
        org: source.org.0,
        when: vn::time::format_ms(source.created_at),
        source,
    };
    Ok(Html(page.render()?))
}
