//! Reading the dates pages write: ISO 8601 / RFC 3339 (with or without a
//! time or offset), RFC 2822, and the spelled-out forms of datelines
//! ("November 18, 2019", "18 Nov 2019").

use jiff::civil::{Date, DateTime};
use jiff::fmt::rfc2822;
use jiff::Timestamp;
use monazite_types::english::month;

use crate::Published;

/// Parses a machine-readable date (meta tags, JSON-LD, `datetime`).
pub fn parse(s: &str) -> Option<Published> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(Published::Instant(ts));
    }
    // "2019-11-18 10:00:00 +0000", "2019-11-18T10:00:00+0000": offsets
    // without a colon are common in CMS output.
    if let Some(ts) = parse_compact_offset(s) {
        return Some(Published::Instant(ts));
    }
    if let Ok(zdt) = rfc2822::parse(s) {
        return Some(Published::Instant(zdt.timestamp()));
    }
    // A local date-time with no offset says the day, not the instant.
    if let Ok(dt) = s.parse::<DateTime>() {
        return Some(Published::Day(dt.date()));
    }
    if let Ok(d) = s.parse::<Date>() {
        return Some(Published::Day(d));
    }
    if s.len() >= 10 {
        if let Some(head) = s.get(..10) {
            if let Ok(d) = head.parse::<Date>() {
                return Some(Published::Day(d));
            }
        }
    }
    find_in_text(s)
}

fn parse_compact_offset(s: &str) -> Option<Timestamp> {
    let fixed = s.replacen(' ', "T", 1);
    let fixed = fixed.replace(" +", "+").replace(" -", "-");
    let bytes = fixed.as_bytes();
    // ±HHMM at the end → ±HH:MM.
    if bytes.len() > 5 {
        let tail = &fixed[fixed.len() - 5..];
        let tb = tail.as_bytes();
        if (tb[0] == b'+' || tb[0] == b'-') && tb[1..].iter().all(u8::is_ascii_digit) {
            let with_colon = format!("{}{}:{}", &fixed[..fixed.len() - 5], &tail[..3], &tail[3..]);
            return with_colon.parse().ok();
        }
    }
    fixed.parse().ok()
}

/// Finds a spelled-out or ISO date in running text, such as a dateline
/// ("Published November 18, 2019 at 10:02 am", "18 Nov 2019",
/// "2019-11-18").
pub fn find_in_text(s: &str) -> Option<Published> {
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(200)
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(m) = month(w) {
            // Month Day Year
            if let (Some(d), Some(y)) = (words.get(i + 1), words.get(i + 2)) {
                if let (Some(d), Some(y)) = (day(d), year(y)) {
                    if let Ok(date) = Date::new(y, m, d) {
                        return Some(Published::Day(date));
                    }
                }
            }
            // Day Month Year
            if i > 0 {
                if let (Some(d), Some(y)) =
                    (day(words[i - 1]), words.get(i + 1).and_then(|y| year(y)))
                {
                    if let Ok(date) = Date::new(y, m, d) {
                        return Some(Published::Day(date));
                    }
                }
            }
        } else if w.len() == 10 && w.as_bytes()[4] == b'-' {
            if let Ok(d) = w.parse::<Date>() {
                return Some(Published::Day(d));
            }
        }
    }
    None
}

fn day(w: &str) -> Option<i8> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let d: i8 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year(w: &str) -> Option<i16> {
    if w.len() != 4 {
        return None;
    }
    let y: i16 = w.parse().ok()?;
    (1990..=2100).contains(&y).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn instant(s: &str) -> Published {
        Published::Instant(s.parse().unwrap())
    }

    #[test]
    fn machine_forms() {
        assert_eq!(
            parse("2019-11-18T10:02:03Z"),
            Some(instant("2019-11-18T10:02:03Z"))
        );
        assert_eq!(
            parse("2019-11-18T10:02:03-05:00"),
            Some(instant("2019-11-18T15:02:03Z"))
        );
        assert_eq!(
            parse("2019-11-18 10:02:03 +0000"),
            Some(instant("2019-11-18T10:02:03Z"))
        );
        assert_eq!(
            parse("Mon, 18 Nov 2019 10:02:03 GMT"),
            Some(instant("2019-11-18T10:02:03Z"))
        );
        assert_eq!(
            parse("2019-11-18"),
            Some(Published::Day(date(2019, 11, 18)))
        );
        assert_eq!(
            parse("2019-11-18T10:02:03"),
            Some(Published::Day(date(2019, 11, 18)))
        );
        assert_eq!(parse("soon"), None);
    }

    #[test]
    fn datelines() {
        let d = Some(Published::Day(date(2019, 11, 18)));
        assert_eq!(find_in_text("Published November 18, 2019 at 10:02 am"), d);
        assert_eq!(find_in_text("By Jane Doe | 18 Nov. 2019"), d);
        assert_eq!(
            find_in_text("Sept 18th 2019"),
            Some(Published::Day(date(2019, 9, 18)))
        );
        assert_eq!(find_in_text("May the force"), None);
    }
}
