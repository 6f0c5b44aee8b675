//! Identifier newtypes, so an organisation id is never passed where a target id belongs.

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// An organisation (tổ chức) in the tree.
    OrgId,
    /// A person who logs in.
    UserId,
    /// A document (văn bản): resolution, plan, programme …
    DocumentId,
    /// A target (chỉ tiêu) of one organisation's resolution.
    TargetId,
);
