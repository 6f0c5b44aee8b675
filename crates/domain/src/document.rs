//! Documents (văn bản): resolutions, plans and programmes. A resolution carries the
//! targets of one organisation for one term.

use chrono::NaiveDate;
use vn::period::Grain;

use crate::evaluation::Bands;
use crate::ids::{DocumentId, OrgId};
use vn::Period;

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub org: OrgId,
    /// Type name: "Nghị quyết", "Kế hoạch" …
    pub doc_type: String,
    /// The number as written, when it has one ("Số 07-KH/ThU").
    pub number: Option<String>,
    pub title: String,
    pub issued_on: Option<NaiveDate>,
    /// The term it is for (nhiệm kỳ).
    pub term: Period,
    /// The finest period figures are entered for.
    pub grain: Grain,
    pub bands: Bands,
}
