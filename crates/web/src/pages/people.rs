//! The register of people at `/orgs/{id}/people`: who holds which title in the unit and its
//! subtree, since when and until when, with a work contact — the names meetings take their
//! chair and attendees from. Leaders and specialists add people and end titles.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::OrgId;
use domain::access::Action;

use crate::auth::CurrentUser;
use crate::pages::manage::{Fields, field};
use crate::pages::paging::ListQuery;
use crate::pages::{Crumb, crumbs, refused};
use crate::{AppError, AppState};

pub struct PositionLine {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub unit: String,
    pub contact: String,
    pub span: String,
    pub current: bool,
    pub may_end: bool,
    from_on: chrono::NaiveDate,
}

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org: i64,
    org_name: String,
    positions: Vec<PositionLine>,
    /// Titles in the register before the filter.
    recorded: usize,
    current_only: bool,
    sort: crate::pages::sorting::Sort,
    pager: crate::pages::paging::Pager,
    may_manage: bool,
    /// The unit and its subtree, where a person can be given a title.
    units: Vec<(i64, String)>,
    form: Fields,
    errors: Vec<String>,
}

impl PeoplePage {
    fn value(&self, name: &str) -> &str {
        field(&self.form, name)
    }
}

/// Titles held in `org`'s subtree that `user` may see, current ones first.
pub fn register_of(
    engine: &engine::Engine,
    user: &CurrentUser,
    positions: &[store::Position],
    org: OrgId,
) -> Vec<store::Position> {
    positions
        .iter()
        .filter(|p| engine.tree.within(p.org, org) && user.may(engine, Action::View, p.org))
        .cloned()
        .collect()
}

/// The register as the address asks: a page of it, in an order, current titles only
/// (`loai=dang-giu`) or all.
async fn page(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    form: Fields,
    errors: Vec<String>,
    list: &ListQuery,
) -> Result<Html<String>, AppError> {
    let all = usecase::people::positions(&state.ctx, user, org).await?;
    let today = state.ctx.clock.today();
    let engine = state.engine();
    let name = |o: OrgId| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
    let lines: Vec<PositionLine> = register_of(&engine, user, &all, org)
        .into_iter()
        .map(|p| PositionLine {
            id: p.id,
            from_on: p.from_on,
            current: p.held_on(today),
            may_end: p.to_on.is_none() && user.may(&engine, Action::ManageTargets, p.org),
            name: p.full_name,
            title: p.title,
            unit: name(p.org),
            contact: p.contact.unwrap_or_default(),
            span: match p.to_on {
                Some(t) => format!("{} – {}", vn::format_date(p.from_on), vn::format_date(t)),
                None => format!("từ {}", vn::format_date(p.from_on)),
            },
        })
        .collect();
    let recorded = lines.len();
    let current_only = list.kind() == Some("dang-giu");
    let lines: Vec<PositionLine> = lines.into_iter().filter(|p| !current_only || p.current).collect();
    let key = |s: &str| vn::collate::sort_key(s);
    let (positions, sort, pager) =
        list.arrange(&format!("/orgs/{}/people", org.0), "ten", lines, |k, a: &PositionLine, b| match k {
            "chuc-vu" => key(&a.title).cmp(&key(&b.title)),
            "don-vi" => key(&a.unit).cmp(&key(&b.unit)),
            "tu" => a.from_on.cmp(&b.from_on),
            _ => key(&a.name).cmp(&key(&b.name)),
        });
    let mut units = vec![(org.0, name(org))];
    units.extend(crate::pages::assign::subtree_units(&engine, user, org));
    let p = PeoplePage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, org),
        org: org.0,
        org_name: name(org),
        positions,
        recorded,
        current_only,
        sort,
        pager,
        may_manage: user.may(&engine, Action::ManageTargets, org),
        units,
        form,
        errors,
    };
    Ok(Html(p.render()?))
}

pub async fn people_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(list): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    page(&state, &user, OrgId(id), Vec::new(), Vec::new(), &list).await
}

/// Adds a person with a title in the unit or one below it.
pub async fn people_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    usecase::people::may_keep(&state.ctx, &user, org)?;
    let mut errors = Vec::new();
    let unit = field(&form, "unit").parse::<i64>().ok().map(OrgId).filter(|u| {
        let engine = state.engine();
        engine.tree.within(*u, org) && user.may(&engine, Action::ManageTargets, *u)
    });
    if unit.is_none() {
        errors.push("Đơn vị: chọn đơn vị trong danh sách.".to_string());
    }
    let from =
        vn::parse_date(field(&form, "from_on")).map_err(|e| errors.push(format!("Giữ chức vụ từ ngày: {e}."))).ok();
    let (Some(unit), Some(from), true) = (unit, from, errors.is_empty()) else {
        return Ok(page(&state, &user, org, form, errors, &ListQuery::default()).await?.into_response());
    };
    let position = usecase::people::NewPosition {
        full_name: field(&form, "full_name"),
        contact: field(&form, "contact"),
        unit,
        title: field(&form, "title"),
        from_on: from,
    };
    let added = usecase::people::add(&state.ctx, &user, position).await;
    match refused(added)? {
        Ok(_) => Ok(Redirect::to(&format!("/orgs/{id}/people")).into_response()),
        Err(why) => Ok(page(&state, &user, org, form, vec![why], &ListQuery::default()).await?.into_response()),
    }
}

/// Ends a title on a day.
pub async fn end_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let position = usecase::people::position(&state.ctx, &user, id).await?;
    let back = field(&form, "from").parse::<i64>().unwrap_or(position.org.0);
    let result = match vn::parse_date(field(&form, "to_on")) {
        Ok(day) => refused(usecase::people::end(&state.ctx, &user, id, day).await)?,
        Err(e) => Err(format!("Ngày thôi giữ chức vụ: {e}.")),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/orgs/{back}/people")).into_response()),
        Err(why) => {
            Ok(page(&state, &user, OrgId(back), Vec::new(), vec![why], &ListQuery::default()).await?.into_response())
        }
    }
}
