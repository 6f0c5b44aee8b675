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
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Leader,
        Role::Specialist,
        Role::Reporter,
        Role::Inspector,
        Role::Viewer,
    ];

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
}

/// Decides whether the holder of `grants` may do `action` on organisation `org`, whose
/// ancestors from the root down to itself are `lineage`.
pub fn allows(grants: &[RoleGrant], today: NaiveDate, action: Action, lineage: &[OrgId]) -> bool {
    let Some(&org) = lineage.last() else {
        return false;
    };
    grants.iter().filter(|g| g.in_force(today)).any(|g| {
        let within = lineage.contains(&g.org);
        match (g.role, action) {
            (Role::Admin, _) => true,
            (_, Action::View) => within,
            (Role::Leader | Role::Specialist, Action::EnterFigures) => within,
            (Role::Reporter, Action::EnterFigures) => g.org == org || within,
            (Role::Inspector | Role::Viewer, Action::EnterFigures) => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, org: i64) -> RoleGrant {
        RoleGrant {
            user: UserId(1),
            role,
            org: OrgId(org),
            valid_from: None,
            valid_to: None,
        }
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
        let expired = [RoleGrant {
            valid_to: NaiveDate::from_ymd_opt(2020, 1, 1),
            ..grant(Role::Leader, 1)
        }];
        assert!(!allows(&expired, today, Action::View, &city));
    }
}
