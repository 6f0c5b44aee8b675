//! Organisations (tổ chức): nodes of one tree linked by parent, each with a kind that
//! is data (Tỉnh ủy, Thành ủy, Đảng ủy xã, chi bộ … and State bodies alike).

use chrono::NaiveDate;

use crate::ids::OrgId;

/// The kind of an organisation, by code; labels are Vietnamese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgKind {
    pub code: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Org {
    pub id: OrgId,
    pub parent: Option<OrgId>,
    pub name: String,
    pub kind: String,
    /// Validity: units merge and split, history stays readable.
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub successor: Option<OrgId>,
    /// Its code (mã đơn vị), where it has one.
    pub code: Option<String>,
}

/// Ancestor chain of `id` from the root down to `id` itself, using `parent_of`.
pub fn lineage(id: OrgId, parent_of: impl Fn(OrgId) -> Option<OrgId>) -> Vec<OrgId> {
    let mut chain = vec![id];
    let mut cur = id;
    while let Some(p) = parent_of(cur) {
        if chain.contains(&p) {
            break; // a cycle in bad data must not hang a request
        }
        chain.push(p);
        cur = p;
    }
    chain.reverse();
    chain
}
