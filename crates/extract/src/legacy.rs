//! Texts typed in the old Vietnamese encodings (TCVN3/ABC, VNI) and opened as if they were
//! Unicode: recognised so the user is told to convert them, not handed nonsense.

/// An old encoding a text appears to be typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC, phông .VnTime)",
            Legacy::Vni => "VNI (phông VNI-Times)",
        }
    }
}

/// Latin-1 letters that Unicode Vietnamese uses; anything else in that block is a sign.
const VIETNAMESE_LATIN1: &str = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ";

/// Looks at the characters: Unicode Vietnamese has letters from the Latin Extended
/// Additional block (ạ, ế, ữ …) and ă, đ, ơ, ư; a legacy text read as Unicode has none of
/// them and many Latin-1 symbols and letters Vietnamese does not use (µ, ¸, ®, ®, ñ …).
pub fn detect_legacy(text: &str) -> Option<Legacy> {
    let (mut modern, mut foreign, mut vni_marks, mut letters) = (0usize, 0usize, 0usize, 0usize);
    let mut prev = ' ';
    for c in text.chars() {
        if c.is_alphabetic() {
            letters += 1;
        }
        match c as u32 {
            0x1EA0..=0x1EF9 | 0x102 | 0x103 | 0x110 | 0x111 | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 => modern += 1,
            0xA1..=0xFF if !VIETNAMESE_LATIN1.contains(c) => {
                foreign += 1;
                if prev.is_ascii_alphabetic() && "ùøûõïëäåöüñ".contains(c) {
                    vni_marks += 1;
                }
            }
            _ => {}
        }
        prev = c;
    }
    if letters < 20 || foreign < 5 || foreign * 12 < letters || modern * 20 > foreign {
        return None;
    }
    Some(if vni_marks * 2 >= foreign { Legacy::Vni } else { Legacy::Tcvn3 })
}

/// Why bytes could not be read as a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    Legacy(Legacy),
    NotUtf8,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Legacy(l) => write!(
                f,
                "văn bản được gõ bằng bảng mã cũ {}; hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi nhập lại",
                l.name()
            ),
            DecodeError::NotUtf8 => write!(f, "văn bản không phải Unicode (UTF-8); hãy lưu lại dưới dạng UTF-8"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Text from bytes: UTF-8 (a byte-order mark dropped), refusing old encodings.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(t) => refuse_legacy(t.trim_start_matches('\u{feff}').to_string()),
        Err(_) => {
            let latin: String = bytes.iter().map(|&b| char::from(b)).collect();
            Err(detect_legacy(&latin).map_or(DecodeError::NotUtf8, DecodeError::Legacy))
        }
    }
}

/// The text itself, unless it reads as an old encoding shown as Unicode.
pub fn refuse_legacy(text: String) -> Result<String, DecodeError> {
    match detect_legacy(&text) {
        Some(l) => Err(DecodeError::Legacy(l)),
        None => Ok(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_old_encodings_from_unicode() {
        assert_eq!(
            detect_legacy("Thµnh ñy BÕn Tre lµm viÖc víi Ban ChÊp hµnh §¶ng bé x· Phó H\u{AD}ng vÒ kÕt qu¶"),
            Some(Legacy::Tcvn3)
        );
        assert_eq!(
            detect_legacy("Thaønh uûy Beán Tre laøm vieäc vôùi Ban Chaáp haønh Ñaûng boä xaõ Phuù Höng"),
            Some(Legacy::Vni)
        );
        assert_eq!(detect_legacy("Thành ủy Bến Tre làm việc với Ban Chấp hành Đảng bộ xã Phú Hưng về kết quả"), None);
        assert_eq!(detect_legacy("Café à la carte, résumé, naïve façade — ordinary Latin text here"), None);
    }
}
