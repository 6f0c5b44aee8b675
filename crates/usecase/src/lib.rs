//! What a user can do, one function per action, shared by the pages and the API.
//!
//! Each use case takes the context ([`Ctx`]: the store, the live engine and the clock),
//! the caller with their grants ([`Caller`]) and a command already parsed into domain
//! types. It owns the access decision, the transaction (with its audit rows and change
//! log entries, written by the store), and bringing the engine up to date before it
//! answers. Handlers only parse, call and render.

pub mod accounts;
mod error;
pub mod evaluations;
pub mod explanations;
pub mod figure_rows;
pub mod figures;
pub mod home;
pub mod inbox;
pub mod inspections;
pub mod lineage;
pub mod live;
pub mod meetings;
pub mod people;
pub mod period_report;
pub mod reports;
pub mod restructure;
pub mod search;
pub mod sources;
pub mod targets;
pub mod tasks;
pub mod trend;
pub mod work;

use std::sync::Arc;

use chrono::NaiveDate;
use domain::OrgId;
use domain::access::{Action, RoleGrant, allows};

pub use error::{Error, FieldError, Result};
pub use live::{Live, Reading, Start, load_engine};

/// What time it is: the system's, or a fixed moment set by a test.
#[derive(Clone, Copy, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    /// A fixed date and time, as Vietnam's wall clock reads it.
    Fixed(chrono::NaiveDateTime),
}

impl Clock {
    pub fn now(&self) -> chrono::NaiveDateTime {
        match self {
            Clock::System => vn::time::now(),
            Clock::Fixed(at) => *at,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }
}

/// Everything a use case works with.
#[derive(Clone)]
pub struct Ctx {
    pub store: store::Store,
    pub live: Arc<Live>,
    pub clock: Clock,
    /// How failed logins are refused and slowed.
    pub login: domain::access::LoginPolicy,
}

impl Ctx {
    pub fn new(store: store::Store, live: Live, clock: Clock) -> Ctx {
        Ctx { store, live: Arc::new(live), clock, login: Default::default() }
    }

    /// The same context with another login policy.
    pub fn with_login(self, login: domain::access::LoginPolicy) -> Ctx {
        Ctx { login, ..self }
    }

    /// Reads the engine.
    pub fn engine(&self) -> Reading<'_> {
        self.live.read()
    }

    /// Brings the engine up to what has been committed, by this process or another.
    pub async fn sync(&self) -> Result<()> {
        self.live.catch_up(&self.store).await.map_err(Error::from)
    }

    /// A caller as of today by this context's clock.
    pub fn caller(&self, user: store::User, grants: Vec<RoleGrant>, addr: Option<String>) -> Caller {
        Caller { user, grants, addr, today: self.clock.today(), session: None }
    }
}

/// The person asking, with the roles they hold and where they ask from.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user: store::User,
    pub grants: Vec<RoleGrant>,
    pub addr: Option<String>,
    /// The day grants are judged on.
    pub today: NaiveDate,
    /// The secret of the session the caller came with (none for an API token): the one
    /// session a password change keeps.
    pub session: Option<String>,
}

/// What the policy refuses, said as what the caller may not do.
fn refusal(action: Action) -> &'static str {
    match action {
        Action::View => "xem dữ liệu của đơn vị này",
        Action::EnterFigures => "nhập số liệu cho đơn vị này",
        Action::ManageUsers => "quản trị tài khoản",
        Action::ReviewReport => "trả lại báo cáo của đơn vị này",
        Action::AcceptReport => "chấp nhận hoặc mở khóa báo cáo của đơn vị này",
        Action::ManageTargets => "quản lý nghị quyết và chỉ tiêu của đơn vị này",
        Action::OverrideEvaluation => "điều chỉnh đánh giá chỉ tiêu của đơn vị này",
        Action::ReportTask => "báo cáo nhiệm vụ của đơn vị này",
        Action::ViewInspections => "xem hồ sơ kiểm tra, giám sát của đơn vị này",
        Action::RecordInspections => "ghi nhận kiểm tra, giám sát của đơn vị này",
        Action::WriteReport => "soạn báo cáo định kỳ của đơn vị này",
        Action::Restructure => "sắp xếp, sáp nhập các đơn vị này",
    }
}

impl Caller {
    /// Who the audit log names.
    pub fn actor(&self) -> store::Actor {
        store::Actor { user: Some(self.user.id), addr: self.addr.clone() }
    }

    /// Asks the access policy; an organisation that does not exist is "not found".
    pub fn require(&self, engine: &engine::Engine, action: Action, org: OrgId) -> Result<()> {
        let lineage = engine.tree.lineage(org);
        if lineage.is_empty() {
            return Err(Error::NotFound("tổ chức"));
        }
        // A grant on a unit no longer in force writes nothing (it still reads); the
        // administrator's role is the system's, not a unit's. Reads, the most frequent
        // question, take the grants as they are.
        let in_force: Vec<RoleGrant>;
        let grants: &[RoleGrant] = if action.writes() {
            let keeps = |g: &&RoleGrant| g.role == domain::access::Role::Admin || engine.in_force(g.org, self.today);
            in_force = self.grants.iter().filter(keeps).cloned().collect();
            &in_force
        } else {
            &self.grants
        };
        if allows(grants, self.today, action, &lineage) {
            return Ok(());
        }
        // A successor holds its predecessors' history as its own: never from above, so
        // it does not review or accept their reports, nor restructure them.
        let from_above = matches!(action, Action::ReviewReport | Action::AcceptReport | Action::Restructure);
        if !from_above && allows(grants, self.today, action, &engine.reach(org)) {
            return Ok(());
        }
        Err(Error::Forbidden(refusal(action)))
    }

    /// Asks the policy about an action that concerns no one organisation.
    pub fn require_anywhere(&self, action: Action) -> Result<()> {
        if domain::access::allows_anywhere(&self.grants, self.today, action) {
            Ok(())
        } else {
            Err(Error::Forbidden(refusal(action)))
        }
    }

    pub fn may(&self, engine: &engine::Engine, action: Action, org: OrgId) -> bool {
        self.require(engine, action, org).is_ok()
    }
}
