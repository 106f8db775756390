//! Datelines at the top of plain-text articles: "Published: 10/13/2025
//! 16:40 EDT", "WASHINGTON, November 7, 2025", "London, 22 October 2025".
//!
//! Only the first few short lines are read: a date deep in the text is
//! what the article is about, not when it was written. A date with a time
//! and a zone is an instant; a time without a zone gives only the day (the
//! zone is not guessed).

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

use crate::Published;
use monazite_types::english::month;

/// Lines read from the top of the text.
const MAX_LINES: usize = 5;
/// Longer lines are prose, not datelines.
const MAX_LINE_CHARS: usize = 100;
const MAX_LINE_WORDS: usize = 12;
/// A dateline's date comes first, or after a place, a byline or
/// "Published:".
const MAX_WORDS_BEFORE_DATE: usize = 4;

/// Zone abbreviations with a fixed offset, in hours.
const FIXED_ZONES: &[(&str, i8)] = &[
    ("utc", 0),
    ("gmt", 0),
    ("z", 0),
    ("edt", -4),
    ("est", -5),
    ("cdt", -5),
    ("cst", -6),
    ("mdt", -6),
    ("mst", -7),
    ("pdt", -7),
    ("pst", -8),
    ("bst", 1),
    ("cet", 1),
    ("cest", 2),
    ("jst", 9),
    ("hkt", 8),
    ("sgt", 8),
    ("aest", 10),
    ("aedt", 11),
];

/// Zone abbreviations that follow daylight saving: resolved with the time
/// zone database for the date at hand.
const REGION_ZONES: &[(&str, &str)] = &[
    ("et", "America/New_York"),
    ("ct", "America/Chicago"),
    ("pt", "America/Los_Angeles"),
];

/// The publication time a dateline near the top of `text` gives.
pub fn find_dateline(text: &str) -> Option<Published> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_LINES)
        .filter(|l| l.chars().count() <= MAX_LINE_CHARS)
        .find_map(parse_line)
}

fn number<T: std::str::FromStr>(word: &str) -> Option<T> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A date starting at word `i`, and the number of words it takes.
fn date_at(words: &[&str], i: usize) -> Option<(Date, usize)> {
    let w = words[i];
    // 10/13/2025 (US order) and 2025-10-13.
    if let Some((m, rest)) = w.split_once('/') {
        let (d, y) = rest.split_once('/')?;
        let date = Date::new(number(y)?, number(m)?, number(d)?).ok()?;
        return Some((date, 1));
    }
    if w.len() == 10 && w.as_bytes()[4] == b'-' {
        return w.parse().ok().map(|d| (d, 1));
    }
    // November 7, 2025
    if let Some(m) = month(w) {
        let d: i8 = number(words.get(i + 1)?)?;
        let y: i16 = number(words.get(i + 2)?)?;
        return Date::new(y, m, d).ok().map(|date| (date, 3));
    }
    // 22 October 2025
    let d: i8 = number(w)?;
    let m = month(words.get(i + 1)?)?;
    let y: i16 = number(words.get(i + 2)?)?;
    Date::new(y, m, d).ok().map(|date| (date, 3))
}

/// A clock time at word `i` ("16:40", "4:40 pm"), and the words it takes.
fn time_at(words: &[&str], i: usize) -> Option<(Time, usize)> {
    let w = words.get(i)?.to_ascii_lowercase();
    let (h, rest) = w.split_once(':')?;
    let minutes = rest.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
    let suffix = &rest[minutes.len()..];
    let (mut hour, minute): (i8, i8) = (number(h)?, number(minutes)?);
    let mut used = 1;
    let meridiem = if suffix.is_empty() {
        words
            .get(i + 1)
            .map(|m| m.to_ascii_lowercase().replace('.', ""))
    } else {
        Some(suffix.replace('.', ""))
    };
    match meridiem.as_deref() {
        Some("pm") if hour < 12 => hour += 12,
        Some("am") if hour == 12 => hour = 0,
        _ => {}
    }
    if suffix.is_empty() && matches!(meridiem.as_deref(), Some("am" | "pm")) {
        used += 1;
    }
    Time::new(hour, minute, 0, 0).ok().map(|t| (t, used))
}

/// The instant of `date` at `time` in the zone a word names.
fn zoned(date: Date, time: Time, zone: &str) -> Option<Published> {
    let zone = zone
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_ascii_lowercase();
    let civil = DateTime::from_parts(date, time);
    if let Some((_, hours)) = FIXED_ZONES.iter().find(|(z, _)| *z == zone) {
        let offset = Offset::from_hours(*hours).ok()?;
        return offset.to_timestamp(civil).ok().map(Published::Instant);
    }
    let (_, name) = REGION_ZONES.iter().find(|(z, _)| *z == zone)?;
    let tz = TimeZone::get(name).ok()?;
    tz.to_timestamp(civil).ok().map(Published::Instant)
}

fn parse_line(line: &str) -> Option<Published> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    for i in 0..words.len().min(MAX_WORDS_BEFORE_DATE + 1) {
        let Some((date, used)) = date_at(&words, i) else {
            continue;
        };
        // A long line is prose unless the date ends a wire dateline:
        // "SIERRA BLANCA, TEXAS - April 2, 2025 (NEWMEDIAWIRE) - Texas…".
        let wire = words
            .get(i + used)
            .is_some_and(|w| *w == "-" || *w == "—" || w.starts_with('/'))
            || line.contains(&format!("{} (", words[i + used - 1]));
        if words.len() > MAX_LINE_WORDS && !wire {
            return None;
        }
        let mut j = i + used;
        if words.get(j).is_some_and(|w| w.eq_ignore_ascii_case("at")) {
            j += 1;
        }
        let Some((time, used)) = time_at(&words, j) else {
            return Some(Published::Day(date));
        };
        return Some(
            words
                .get(j + used)
                .and_then(|zone| zoned(date, time, zone))
                .unwrap_or(Published::Day(date)),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn instant(s: &str) -> Option<Published> {
        Some(Published::Instant(s.parse().unwrap()))
    }

    #[test]
    fn datelines_with_times_and_zones_are_instants() {
        let text =
            "Rare-earth stocks rip higher\nUSARCRMLMP\nPublished: 10/13/2025 16:40 EDT\n\nBody.";
        assert_eq!(find_dateline(text), instant("2025-10-13T20:40:00Z"));
        assert_eq!(
            find_dateline("Headline\nPublished: 11/07/2025 10:12 EST\n"),
            instant("2025-11-07T15:12:00Z")
        );
        assert_eq!(
            find_dateline("Headline\nNovember 3, 2025 at 4:05 p.m. ET\n"),
            instant("2025-11-03T21:05:00Z")
        );
        // ET follows daylight saving: EDT in October.
        assert_eq!(
            find_dateline("Headline\nOct. 13, 2025 9:15 am ET\n"),
            instant("2025-10-13T13:15:00Z")
        );
    }

    #[test]
    fn datelines_without_a_zone_give_the_day() {
        assert_eq!(
            find_dateline("Headline\nWASHINGTON, November 7, 2025\n\nText."),
            Some(Published::Day(date(2025, 11, 7)))
        );
        assert_eq!(
            find_dateline("Headline\nLondon, 22 October 2025\n"),
            Some(Published::Day(date(2025, 10, 22)))
        );
        assert_eq!(
            find_dateline("Headline\nUpdated 2025-10-14 08:00\n"),
            Some(Published::Day(date(2025, 10, 14)))
        );
    }

    #[test]
    fn dates_in_prose_or_far_down_are_not_datelines() {
        let prose = "Headline\nOn October 14, 2025, the company said it would expand its separation plant in Texas by half.";
        assert_eq!(find_dateline(prose), None);
        let prose = "Headline\nThe ban, imposed in December 2024 in retaliation for American restrictions on chip technology, is lifted until November 27, 2026.";
        assert_eq!(find_dateline(prose), None);
        let far = "a\nb\nc\nd\ne\nOctober 14, 2025";
        assert_eq!(find_dateline(far), None);
        let wire = "SIERRA BLANCA, TEXAS - April 2, 2025 (NEWMEDIAWIRE) - Texas Mineral Resources Corp. (OTCQB: TMRC)\n\nDate: April 5, 2025";
        assert_eq!(find_dateline(wire), Some(Published::Day(date(2025, 4, 2))));
        let bullet = "Listing\n* Users can deposit HDN for trading from 2024-02-28 10:00 (UTC)";
        assert_eq!(find_dateline(bullet), None);
        assert_eq!(find_dateline("Headline\n13/45/2025\n"), None);
    }
}
