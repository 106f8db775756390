//! Publication times as sources write them: RFC 3339 / ISO 8601, RFC 2822
//! (RSS), a bare day, unix seconds, and Alpha Vantage's compact
//! `YYYYMMDDTHHMMSS`.
//!
//! A time written without an offset is taken as UTC: the sources that do so
//! (Alpha Vantage, most CSV exports) document UTC, and guessing a local zone
//! would need a time zone database the workspace does not ship.

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use jiff::Timestamp;

use crate::Published;

/// Parses a publication time; `None` when the value is in no known form
/// (the document is still read, undated).
pub fn parse_published(value: &str) -> Option<Published> {
    let s = value.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(p) = parse_unix(s) {
        return Some(p);
    }
    if let Some(p) = parse_compact(s) {
        return Some(p);
    }
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(Published::Instant(t));
    }
    if let Ok(dt) = s.parse::<DateTime>() {
        // A date with a time but no offset: UTC, as the module says. Only
        // when the text has a time: `DateTime` also parses a bare day.
        if s.len() > 10 {
            return Offset::UTC.to_timestamp(dt).ok().map(Published::Instant);
        }
    }
    if let Ok(d) = s.parse::<Date>() {
        return Some(Published::Day(d));
    }
    parse_rfc2822(s)
}

/// Unix seconds: 9 to 11 digits (1973 .. 5138), so that a bare year or a
/// compact day is not taken for one. Milliseconds (13 digits) are accepted
/// too, as JavaScript exports write them.
fn parse_unix(s: &str) -> Option<Published> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    let t = match s.len() {
        9..=11 => Timestamp::from_second(n).ok()?,
        13 => Timestamp::from_millisecond(n).ok()?,
        _ => return None,
    };
    Some(Published::Instant(t))
}

/// `YYYYMMDDTHHMMSS` (Alpha Vantage, UTC) and `YYYYMMDD`.
fn parse_compact(s: &str) -> Option<Published> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = b.get(r)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let day = |y: i32, m: i32, d: i32| -> Option<Date> {
        Date::new(
            i16::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
        )
        .ok()
    };
    match b.len() {
        8 => day(num(0..4)?, num(4..6)?, num(6..8)?).map(Published::Day),
        13 | 15 if b[8] == b'T' || b[8] == b't' => {
            let date = day(num(0..4)?, num(4..6)?, num(6..8)?)?;
            let hour = i8::try_from(num(9..11)?).ok()?;
            let minute = i8::try_from(num(11..13)?).ok()?;
            let second = if b.len() == 15 {
                i8::try_from(num(13..15)?).ok()?
            } else {
                0
            };
            let time = jiff::civil::Time::new(hour, minute, second, 0).ok()?;
            let t = Offset::UTC.to_timestamp(date.to_datetime(time)).ok()?;
            Some(Published::Instant(t))
        }
        _ => None,
    }
}

/// RFC 2822 as RSS writes it, with the usual slack: a trailing comment
/// such as `(UTC)` is dropped, and the four-digit year RSS 0.9x feeds
/// sometimes omit is not guessed.
fn parse_rfc2822(s: &str) -> Option<Published> {
    let parser = jiff::fmt::rfc2822::DateTimeParser::new();
    if let Ok(t) = parser.parse_timestamp(s) {
        return Some(Published::Instant(t));
    }
    let without_comment = match s.find('(') {
        Some(i) => s[..i].trim_end(),
        None => s,
    };
    if let Ok(t) = parser.parse_timestamp(without_comment) {
        return Some(Published::Instant(t));
    }
    // Named zones jiff does not know ("CEST", "AEST"...) or none at all:
    // read the rest as UTC rather than lose the day.
    let mut words: Vec<&str> = without_comment.split_whitespace().collect();
    if words
        .last()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_alphabetic()) && w.len() >= 3)
    {
        words.pop();
    }
    let retry = format!("{} +0000", words.join(" "));
    parser.parse_timestamp(&retry).ok().map(Published::Instant)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instant(s: &str) -> Published {
        Published::Instant(s.parse().unwrap())
    }

    #[test]
    fn reads_the_forms_sources_use() {
        let cases = [
            ("2025-12-18T12:00:00Z", instant("2025-12-18T12:00:00Z")),
            ("2025-12-18T13:00:00+01:00", instant("2025-12-18T12:00:00Z")),
            ("2025-12-18T12:00+00:00", instant("2025-12-18T12:00:00Z")),
            ("2025-12-18 12:00:00", instant("2025-12-18T12:00:00Z")),
            (
                "2025-12-18T12:00:00.250Z",
                instant("2025-12-18T12:00:00.25Z"),
            ),
            (
                "Thu, 18 Dec 2025 12:00:00 GMT",
                instant("2025-12-18T12:00:00Z"),
            ),
            (
                "Thu, 18 Dec 2025 07:00:00 EST",
                instant("2025-12-18T12:00:00Z"),
            ),
            (
                "18 Dec 2025 12:00:00 +0000",
                instant("2025-12-18T12:00:00Z"),
            ),
            (
                "Thu, 18 Dec 2025 12:00:00 +0000 (UTC)",
                instant("2025-12-18T12:00:00Z"),
            ),
            (
                "Thu, 18 Dec 2025 12:00:00 CEST",
                instant("2025-12-18T12:00:00Z"),
            ),
            ("20251129T000000", instant("2025-11-29T00:00:00Z")),
            ("20251129T1530", instant("2025-11-29T15:30:00Z")),
            ("1766059200", instant("2025-12-18T12:00:00Z")),
            ("1766059200000", instant("2025-12-18T12:00:00Z")),
            ("2025-12-18", Published::Day(Date::constant(2025, 12, 18))),
            ("20251218", Published::Day(Date::constant(2025, 12, 18))),
        ];
        for (text, want) in cases {
            assert_eq!(parse_published(text), Some(want), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_no_date() {
        for text in [
            "",
            "yesterday",
            "2025",
            "20251340",
            "2025-02-30",
            "20251129T250000",
            "99999999999999999999",
        ] {
            assert_eq!(parse_published(text), None, "{text}");
        }
    }
}
