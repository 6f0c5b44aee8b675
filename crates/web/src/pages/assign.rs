//! Forms that give tasks to units of the subtree — a meeting's conclusions, an inspection
//! case's recommendations: the units offered, a unit chosen by id (never guessed from a
//! name), and the rows of tasks with their deadlines, each mistake named.

use domain::OrgId;
use domain::access::Action;

use crate::auth::CurrentUser;
use crate::pages::manage::{Fields, field};

/// Rows of tasks a form offers.
/// Empty rows a form offers at least; more are added as rows are typed.
pub const TASK_ROWS: usize = 3;

/// The most rows one form reads: far more than any conclusion lists.
const MAX_ROWS: usize = 200;

/// The units below `org` that the user can see: (id, name), in tree order, each below
/// the first level named with its parent ("Chi bộ ấp 1 — Đảng ủy xã Phú Hưng"), so
/// that units of the same name in different communes are told apart.
pub fn subtree_units(engine: &engine::Engine, user: &CurrentUser, org: OrgId) -> Vec<(i64, String)> {
    let parent_name = |id: OrgId| {
        let lineage = engine.tree.lineage(id);
        let parent = lineage.len().checked_sub(2).map(|i| lineage[i]).filter(|p| *p != org);
        parent.and_then(|p| engine.tree.get(p)).map(|n| n.org.name.clone())
    };
    engine
        .tree
        .nodes
        .iter()
        .filter(|n| n.org.id != org && engine.tree.within(n.org.id, org) && user.may(engine, Action::View, n.org.id))
        .map(|n| match parent_name(n.org.id) {
            Some(p) => (n.org.id.0, format!("{} — {p}", n.org.name)),
            None => (n.org.id.0, n.org.name.clone()),
        })
        .collect()
}

/// A unit below `org` chosen by id, or the mistake named after `label`.
pub fn chosen_unit(
    engine: &engine::Engine,
    user: &CurrentUser,
    org: OrgId,
    raw: &str,
    label: &str,
) -> Result<OrgId, String> {
    raw.parse::<i64>()
        .ok()
        .map(OrgId)
        .filter(|u| usecase::tasks::is_below(engine, user, org, *u))
        .ok_or_else(|| format!("{label}: chọn một đơn vị trực thuộc trong danh sách."))
}

/// One row of the form as typed, to show it again.
pub struct TaskInput {
    pub i: usize,
    pub body: String,
    pub unit: String,
    pub due: String,
    pub coordinating: String,
    pub expected: String,
}

/// The rows named `{prefix}{i}_body`, `_unit`, `_due`, as typed: every row typed, then
/// two empty ones (at least three in all), so a form never runs out of rows.
pub fn task_inputs(form: &Fields, prefix: &str) -> Vec<TaskInput> {
    let typed = form
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .filter_map(|(k, _)| k.strip_prefix(prefix)?.split_once('_')?.0.parse::<usize>().ok())
        .filter(|i| *i <= MAX_ROWS)
        .max()
        .unwrap_or(0);
    (1..=(typed + 2).max(TASK_ROWS))
        .map(|i| TaskInput {
            i,
            body: field(form, &format!("{prefix}{i}_body")).to_string(),
            unit: field(form, &format!("{prefix}{i}_unit")).to_string(),
            due: field(form, &format!("{prefix}{i}_due")).to_string(),
            coordinating: field(form, &format!("{prefix}{i}_coord")).to_string(),
            expected: field(form, &format!("{prefix}{i}_expected")).to_string(),
        })
        .collect()
}

/// The filled rows as tasks; a row is named "{noun} {i}" in its mistakes.
pub fn parse_tasks(
    engine: &engine::Engine,
    user: &CurrentUser,
    org: OrgId,
    form: &Fields,
    prefix: &str,
    noun: &str,
    errors: &mut Vec<String>,
) -> Vec<store::NewTask> {
    let mut tasks = Vec::new();
    for row in task_inputs(form, prefix) {
        let body = vn::text::clean_lines(&row.body);
        if body.is_empty() {
            continue;
        }
        let i = row.i;
        let assignee = chosen_unit(engine, user, org, &row.unit, &format!("{noun} {i} — Đơn vị thực hiện"))
            .map_err(|e| errors.push(e))
            .ok();
        let due = match row.due.trim() {
            "" => None,
            raw => {
                domain::tasks::parse_deadline(raw).map_err(|e| errors.push(format!("{noun} {i} — Thời hạn: {e}."))).ok()
            }
        };
        if let Some(a) = assignee {
            let assignee_name = engine.tree.get(a).map(|n| n.org.name.clone()).unwrap_or_default();
            tasks.push(store::NewTask {
                body,
                assignee: a,
                assignee_name,
                coordinating: row.coordinating,
                expected: row.expected,
                due_on: due,
            });
        }
    }
    tasks
}
