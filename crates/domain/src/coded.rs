//! Enumerations stored by a code and shown by a Vietnamese label: one declaration gives
//! the list, the code, the label and the way back from a code.

/// `coded!(Type { Variant = "code", "nhãn"; … })` implements `ALL`, `code`, `label` and
/// `from_code` for a fieldless enum.
macro_rules! coded {
    ($t:ty { $($v:ident = $code:literal, $label:literal;)* }) => {
        impl $t {
            pub const ALL: &'static [$t] = &[$(<$t>::$v),*];
            pub fn code(self) -> &'static str { match self { $(<$t>::$v => $code),* } }
            pub fn label(self) -> &'static str { match self { $(<$t>::$v => $label),* } }
            pub fn from_code(code: &str) -> Option<$t> { match code { $($code => Some(<$t>::$v),)* _ => None } }
        }
    };
}
