//! Forms that give tasks to units of the subtree — a meeting's conclusions, an inspection
//! case's recommendations: the units offered, a unit chosen by id (never guessed from a
//! name), and the rows of tasks with their deadlines, each mistake named.

use domain::OrgId;
use domain::access::Action;

use crate::auth::CurrentUser;
use crate::pages::manage::{Fields, field};

/// Rows of tasks a form offers.
pub const TASK_ROWS: usize = 5;

/// The units below `org` that the user can see: (id, name), in tree order.
pub fn subtree_units(engine: &engine::Engine, user: &CurrentUser, org: OrgId) -> Vec<(i64, String)> {
    engine
        .tree
        .nodes
        .iter()
        .filter(|n| n.org.id != org && engine.tree.within(n.org.id, org) && user.may(engine, Action::View, n.org.id))
        .map(|n| (n.org.id.0, n.org.name.clone()))
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

/// The rows named `{prefix}{i}_body`, `_unit`, `_due`, as typed.
pub fn task_inputs(form: &Fields, prefix: &str) -> Vec<TaskInput> {
    (1..=TASK_ROWS)
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
        let body = vn::text::clean(&row.body);
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
