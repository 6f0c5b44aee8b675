//! Inspection (kiểm tra) and supervision (giám sát) by the Party's inspection bodies: what
//! a case is, the discipline it may end in, and the period counts reports quote — "kiểm
//! tra 22 tổ chức Đảng và 20 đảng viên, giám sát chuyên đề 19 tổ chức Đảng và 7 đảng
//! viên" — which are always counted from the cases, never typed in.

use std::collections::BTreeMap;

/// Kiểm tra or giám sát.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Inspection,
    Supervision,
}

/// Thường xuyên, chuyên đề, or khi có dấu hiệu vi phạm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Regular,
    Thematic,
    SignsOfViolation,
}

/// Whom a case is about: a Party organisation or a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Organization,
    Member,
}

/// The discipline a case may end in (Quy định 69-QĐ/TW): the first two apply to both
/// organisations and members; dismissal and expulsion to members; dissolution to
/// organisations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Discipline {
    Reprimand,
    Warning,
    Dismissal,
    Expulsion,
    Dissolution,
}

coded!(Action { Inspection = "kiem_tra", "kiểm tra"; Supervision = "giam_sat", "giám sát"; });
coded!(Mode {
    Regular = "thuong_xuyen", "thường xuyên";
    Thematic = "chuyen_de", "chuyên đề";
    SignsOfViolation = "dau_hieu_vi_pham", "khi có dấu hiệu vi phạm";
});
coded!(Subject { Organization = "organization", "tổ chức Đảng"; Member = "member", "đảng viên"; });
coded!(Discipline {
    Reprimand = "khien_trach", "khiển trách";
    Warning = "canh_cao", "cảnh cáo";
    Dismissal = "cach_chuc", "cách chức";
    Expulsion = "khai_tru", "khai trừ";
    Dissolution = "giai_tan", "giải tán";
});

impl Discipline {
    /// Whether this discipline can be given to `subject`.
    pub fn applies_to(self, subject: Subject) -> bool {
        match self {
            Discipline::Reprimand | Discipline::Warning => true,
            Discipline::Dismissal | Discipline::Expulsion => subject == Subject::Member,
            Discipline::Dissolution => subject == Subject::Organization,
        }
    }
}

/// Cases counted by action and mode, then by subject, as reports quote them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InspectionCounts {
    counts: BTreeMap<(Action, Mode), (usize, usize)>,
    disciplined: usize,
}

impl InspectionCounts {
    pub fn of(cases: impl IntoIterator<Item = (Action, Mode, Subject, Option<Discipline>)>) -> InspectionCounts {
        let mut c = InspectionCounts::default();
        for (action, mode, subject, discipline) in cases {
            let e = c.counts.entry((action, mode)).or_default();
            match subject {
                Subject::Organization => e.0 += 1,
                Subject::Member => e.1 += 1,
            }
            c.disciplined += usize::from(discipline.is_some());
        }
        c
    }

    /// Cases of one action, mode and subject.
    pub fn count(&self, action: Action, mode: Mode, subject: Subject) -> usize {
        let (orgs, members) = self.counts.get(&(action, mode)).copied().unwrap_or_default();
        if subject == Subject::Organization { orgs } else { members }
    }

    /// "kiểm tra thường xuyên 22 tổ chức Đảng và 20 đảng viên; giám sát chuyên đề 19 tổ
    /// chức Đảng và 7 đảng viên; thi hành kỷ luật 2 trường hợp", or "" with no cases.
    pub fn sentence(&self) -> String {
        let mut parts: Vec<String> = self
            .counts
            .iter()
            .map(|((action, mode), (orgs, members))| {
                let subjects = match (orgs, members) {
                    (0, m) => format!("{m} đảng viên"),
                    (o, 0) => format!("{o} tổ chức Đảng"),
                    (o, m) => format!("{o} tổ chức Đảng và {m} đảng viên"),
                };
                format!("{} {} {subjects}", action.label(), mode.label())
            })
            .collect();
        if self.disciplined > 0 {
            parts.push(format!("thi hành kỷ luật {} trường hợp", self.disciplined));
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_quoted_as_reports_write_them() {
        use Action::*;
        use Mode::*;
        use Subject::*;
        let mut cases = vec![(Inspection, Regular, Organization, None); 22];
        cases.extend(vec![(Inspection, Regular, Member, None); 20]);
        cases.extend(vec![(Supervision, Thematic, Organization, None); 19]);
        cases.extend(vec![(Supervision, Thematic, Member, None); 6]);
        cases.push((Supervision, Thematic, Member, Some(Discipline::Warning)));
        assert_eq!(
            InspectionCounts::of(cases).sentence(),
            "kiểm tra thường xuyên 22 tổ chức Đảng và 20 đảng viên; giám sát chuyên đề 19 tổ chức Đảng và 7 đảng viên; thi hành kỷ luật 1 trường hợp"
        );
        assert_eq!(InspectionCounts::default().sentence(), "");
    }

    #[test]
    fn discipline_fits_its_subject() {
        assert!(Discipline::Expulsion.applies_to(Subject::Member));
        assert!(!Discipline::Expulsion.applies_to(Subject::Organization));
        assert!(Discipline::Dissolution.applies_to(Subject::Organization));
        assert!(Discipline::Warning.applies_to(Subject::Organization));
        assert_eq!(Discipline::from_code("khai_tru"), Some(Discipline::Expulsion));
        assert_eq!(Mode::from_code("?"), None);
    }
}
