//! The clock as Vietnam reads it. Vietnam keeps UTC+7 all year (no summer time), so a
//! fixed offset is exact; a deployment elsewhere sets its own once at start
//! (`TIENDO_UTC_OFFSET`), and every page, reminder and "today" follows it.

use std::sync::OnceLock;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Vietnam's offset from UTC, in seconds.
pub const VIETNAM: i32 = 7 * 3600;

static ZONE: OnceLock<FixedOffset> = OnceLock::new();

/// Sets the zone for this process; the first call wins. Answers false for an offset
/// that no place on Earth keeps (beyond ±14 hours).
pub fn set_zone(offset_seconds: i32) -> bool {
    match FixedOffset::east_opt(offset_seconds) {
        Some(z) if offset_seconds.abs() <= 14 * 3600 => {
            let _ = ZONE.set(z);
            true
        }
        _ => false,
    }
}

/// The zone in force: the one set, else Vietnam's.
pub fn zone() -> FixedOffset {
    *ZONE.get_or_init(|| FixedOffset::east_opt(VIETNAM).expect("UTC+7 is a valid offset"))
}

/// Reads "+07:00", "+7", "-05:30" or "UTC+7" into seconds east of UTC.
pub fn parse_offset(text: &str) -> Option<i32> {
    let t = text.trim().trim_start_matches("UTC").trim_start_matches("GMT");
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => (1, t),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// Now, as a wall clock in the zone reads it.
pub fn now() -> NaiveDateTime {
    Utc::now().with_timezone(&zone()).naive_local()
}

/// Today in the zone.
pub fn today() -> NaiveDate {
    now().date()
}

/// A stored timestamp (milliseconds since the epoch) as the zone's wall clock.
pub fn local(ms: i64) -> Option<NaiveDateTime> {
    zone().timestamp_millis_opt(ms).single().map(|t| t.naive_local())
}

/// A timestamp as pages show it: "18/9/2020 10:19".
pub fn format_ms(ms: i64) -> String {
    local(ms).map(|t| format!("{} {}", crate::format_date(t.date()), t.format("%H:%M"))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnam_reads_seven_hours_ahead_of_utc() {
        // 03:19 UTC on 18 September 2020 is 10:19 in Vietnam.
        let ms = Utc.with_ymd_and_hms(2020, 9, 18, 3, 19, 0).unwrap().timestamp_millis();
        assert_eq!(format_ms(ms), "18/9/2020 10:19");
        // 20:00 UTC is already the next day.
        let late = Utc.with_ymd_and_hms(2020, 9, 18, 20, 0, 0).unwrap().timestamp_millis();
        assert_eq!(local(late).unwrap().date(), NaiveDate::from_ymd_opt(2020, 9, 19).unwrap());
    }

    #[test]
    fn offsets_are_read_as_people_write_them() {
        assert_eq!(parse_offset("+07:00"), Some(VIETNAM));
        assert_eq!(parse_offset("UTC+7"), Some(VIETNAM));
        assert_eq!(parse_offset("-05:30"), Some(-(5 * 3600 + 30 * 60)));
        assert_eq!(parse_offset("7"), Some(VIETNAM));
        assert_eq!(parse_offset("+25"), None);
        assert_eq!(parse_offset("bảy"), None);
    }
}
