//! Roles and the access policy: who may do what, in which subtree of the
//! organisation tree. Every page and API route asks [`allows`].

use chrono::NaiveDate;

use crate::ids::{OrgId, UserId};

/// A role a user holds for an organisation over a time span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Quản trị hệ thống.
    Admin,
    /// Thường trực, Ban Thường vụ: read everything below, accept, lock, conclude.
    Leader,
    /// Văn phòng, các Ban: manage documents and targets, review reports.
    Specialist,
    /// Enters and submits the unit's own figures.
    Reporter,
    /// Ủy ban Kiểm tra: reads across its scope.
    Inspector,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Admin, Role::Leader, Role::Specialist, Role::Reporter, Role::Inspector, Role::Viewer];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Leader => "leader",
            Role::Specialist => "specialist",
            Role::Reporter => "reporter",
            Role::Inspector => "inspector",
            Role::Viewer => "viewer",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị hệ thống",
            Role::Leader => "Lãnh đạo (Thường trực, BTV)",
            Role::Specialist => "Chuyên viên (Văn phòng, các Ban)",
            Role::Reporter => "Cán bộ báo cáo của đơn vị",
            Role::Inspector => "Ủy ban Kiểm tra",
            Role::Viewer => "Người xem",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleGrant {
    pub user: UserId,
    pub role: Role,
    pub org: OrgId,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl RoleGrant {
    pub fn in_force(&self, today: NaiveDate) -> bool {
        self.valid_from.is_none_or(|d| d <= today) && self.valid_to.is_none_or(|d| today <= d)
    }
}

/// What a user wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read organisations, targets, figures and dashboards.
    View,
    /// Enter figures for the unit's own targets.
    EnterFigures,
    /// Create, disable and reset accounts.
    ManageUsers,
    /// Return a lower unit's submitted report with a reason (reviewing office).
    ReviewReport,
    /// Accept a lower unit's report, or unlock an accepted one (leadership).
    AcceptReport,
    /// Create and edit resolutions and targets, allocate targets to lower units.
    ManageTargets,
    /// Replace a computed evaluation with a judgement and its reason (leadership).
    OverrideEvaluation,
    /// Report progress on, extend or complete a task given to the unit.
    ReportTask,
    /// Read the inspection and supervision cases of the unit's subtree.
    ViewInspections,
    /// Record inspection and supervision cases and their outcome.
    RecordInspections,
    /// Write the unit's period report: its narrative parts, signer and number.
    WriteReport,
    /// Apply a restructuring plan: merge, split, rename, move, found or dissolve units.
    Restructure,
}

impl Action {
    /// Whether the action changes anything: a unit that has been merged, split or
    /// dissolved keeps reading its history but writes nothing from that day.
    pub fn writes(self) -> bool {
        !matches!(self, Action::View | Action::ViewInspections)
    }
}

/// Decides whether the holder of `grants` may do `action` on organisation `org`, whose
/// ancestors from the root down to itself are `lineage` (preceded by the units that
/// took over any of them: a successor holds its predecessors' history).
pub fn allows(grants: &[RoleGrant], today: NaiveDate, action: Action, lineage: &[OrgId]) -> bool {
    let Some(&org) = lineage.last() else {
        return false;
    };
    grants.iter().filter(|g| g.in_force(today)).any(|g| {
        let within = lineage.contains(&g.org);
        // Reports are reviewed from above: never by the unit itself.
        let above = within && g.org != org;
        match (g.role, action) {
            (Role::Admin, _) => true,
            (_, Action::ManageUsers) => false,
            (Role::Leader | Role::Specialist, Action::ReviewReport) => above,
            (Role::Leader, Action::AcceptReport) => above,
            (_, Action::ReviewReport | Action::AcceptReport) => false,
            (Role::Leader | Role::Specialist, Action::ManageTargets) => within,
            (_, Action::ManageTargets) => false,
            (Role::Leader, Action::OverrideEvaluation) => within,
            (_, Action::OverrideEvaluation) => false,
            (_, Action::View) => within,
            (Role::Leader | Role::Specialist, Action::EnterFigures) => within,
            (Role::Reporter, Action::EnterFigures) => g.org == org || within,
            (Role::Inspector | Role::Viewer, Action::EnterFigures) => false,
            (Role::Leader | Role::Specialist | Role::Reporter, Action::ReportTask) => within,
            (Role::Inspector | Role::Viewer, Action::ReportTask) => false,
            // Cases name members and their discipline: inspectors and leaders only.
            (Role::Leader | Role::Inspector, Action::ViewInspections | Action::RecordInspections) => within,
            (_, Action::ViewInspections | Action::RecordInspections) => false,
            (Role::Leader | Role::Specialist | Role::Reporter, Action::WriteReport) => within,
            (Role::Inspector | Role::Viewer, Action::WriteReport) => false,
            // A unit is merged, split or dissolved by a committee above it.
            (Role::Leader | Role::Specialist, Action::Restructure) => above,
            (_, Action::Restructure) => false,
        }
    })
}

/// Decides an action that concerns no one organisation, such as account
/// administration: only a system administrator may.
pub fn allows_anywhere(grants: &[RoleGrant], today: NaiveDate, action: Action) -> bool {
    action == Action::ManageUsers && grants.iter().any(|g| g.in_force(today) && g.role == Role::Admin)
}

/// How failed logins are answered; every figure can be set by the deployment
/// (`TIENDO_LOGIN_*`, see the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginPolicy {
    /// Failures of one account from one address tolerated before it is refused.
    pub free_failures: i64,
    /// The first refusal, in milliseconds; it doubles with each further failure.
    pub first_delay_ms: i64,
    /// The longest refusal.
    pub max_delay_ms: i64,
    /// The longest an attempt is slowed by failures of its account from anywhere, or of
    /// its address for any account: a slowdown, never a lockout of the innocent.
    pub max_slowdown_ms: i64,
}

impl Default for LoginPolicy {
    /// Four free failures, then 30 seconds doubling up to 15 minutes; slowed at most 2 s.
    fn default() -> LoginPolicy {
        LoginPolicy { free_failures: 4, first_delay_ms: 30_000, max_delay_ms: 15 * 60 * 1000, max_slowdown_ms: 2_000 }
    }
}

impl LoginPolicy {
    /// How long logins are refused after `failures` consecutive failures, in milliseconds.
    pub fn delay_ms(&self, failures: i64) -> i64 {
        if failures <= self.free_failures {
            return 0;
        }
        let doublings = (failures - self.free_failures - 1).min(20) as u32;
        self.first_delay_ms.saturating_mul(1_i64 << doublings).min(self.max_delay_ms)
    }
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Checks a new password, in the words a form shows.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("Mật khẩu mới cần ít nhất {MIN_PASSWORD_CHARS} ký tự."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, org: i64) -> RoleGrant {
        RoleGrant { user: UserId(1), role, org: OrgId(org), valid_from: None, valid_to: None }
    }

    #[test]
    fn scope_is_the_subtree() {
        let today = NaiveDate::from_ymd_opt(2020, 9, 18).unwrap();
        let phu_hung = [OrgId(1), OrgId(2), OrgId(3)];
        let neighbour = [OrgId(1), OrgId(2), OrgId(4)];
        let city = [OrgId(1), OrgId(2)];
        let reporter = [grant(Role::Reporter, 3)];
        assert!(allows(&reporter, today, Action::View, &phu_hung));
        assert!(allows(&reporter, today, Action::EnterFigures, &phu_hung));
        assert!(!allows(&reporter, today, Action::View, &neighbour));
        assert!(!allows(&reporter, today, Action::View, &city));
        let viewer = [grant(Role::Viewer, 2)];
        assert!(allows(&viewer, today, Action::View, &neighbour));
        assert!(!allows(&viewer, today, Action::EnterFigures, &neighbour));
        assert!(!allows(&viewer, today, Action::ManageUsers, &neighbour));
        let leader = [grant(Role::Leader, 2)];
        assert!(allows(&leader, today, Action::AcceptReport, &phu_hung));
        assert!(!allows(&leader, today, Action::AcceptReport, &city), "not its own report");
        assert!(!allows(&reporter, today, Action::ReviewReport, &phu_hung));
        assert!(allows(&[grant(Role::Specialist, 2)], today, Action::ReviewReport, &phu_hung));
        assert!(!allows(&[grant(Role::Specialist, 2)], today, Action::AcceptReport, &phu_hung));
        assert!(allows(&[grant(Role::Admin, 1)], today, Action::ManageUsers, &neighbour));
        let expired = [RoleGrant { valid_to: NaiveDate::from_ymd_opt(2020, 1, 1), ..grant(Role::Leader, 1) }];
        assert!(!allows(&expired, today, Action::View, &city));
    }

    #[test]
    fn the_login_delay_grows_and_stops_growing() {
        let policy = LoginPolicy::default();
        assert_eq!(policy.delay_ms(4), 0);
        assert_eq!(policy.delay_ms(5), 30_000);
        assert_eq!(policy.delay_ms(6), 60_000);
        assert_eq!(policy.delay_ms(50), 15 * 60 * 1000);
        let strict = LoginPolicy { free_failures: 1, first_delay_ms: 5_000, max_delay_ms: 20_000, max_slowdown_ms: 0 };
        assert_eq!((strict.delay_ms(1), strict.delay_ms(2), strict.delay_ms(9)), (0, 5_000, 20_000));
        assert!(check_password("ngắn").is_err());
        assert!(check_password("mười ký tự đủ").is_ok());
    }
}
