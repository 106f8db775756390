//! The English of dates and figures that every reader needs: month and
//! weekday names, the weekday just past, scale words and digits with
//! thousands separators. Each table is written here once; the html and
//! ingest date readers, the analysis and the market verifier use these.

use jiff::civil::{Date, Weekday};

/// Month names, January first.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names, Monday first.
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// Words that multiply the figure before them ("$10 billion", "EUR 13.1
/// mn", "Rs 500 crore"). Whether a one-letter scale must be glued to its
/// figure ("$10m", not "$10 m") is the caller's rule.
const SCALES: [(&str, f64); 13] = [
    ("k", 1e3),
    ("thousand", 1e3),
    ("lakh", 1e5),
    ("m", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("million", 1e6),
    ("crore", 1e7),
    ("b", 1e9),
    ("bn", 1e9),
    ("billion", 1e9),
    ("tn", 1e12),
    ("trillion", 1e12),
];

/// The month a word names, 1 to 12, in any case and with or without a
/// trailing dot: the full name, or its first three or four letters ("Nov",
/// "Nov.", "Sept"). Longer cut-offs ("Septem") are not month names: a
/// word that only starts like one ("Marching", "Mayday") is not a date.
pub fn month(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.');
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    let names = |m: &&str| {
        m.len() >= w.len()
            && m.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes())
            && (w.len() <= 4 || m.len() == w.len())
    };
    MONTHS.iter().position(names).map(|p| p as i8 + 1)
}

/// The weekday a word names in full, in any case.
pub fn weekday(word: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, day)| day)
}

/// The latest `weekday` on or before `today`: news says "on Monday" of the
/// Monday just past, or of today. `None` only before the first date jiff
/// knows.
pub fn most_recent(today: Date, weekday: Weekday) -> Option<Date> {
    let back =
        (today.weekday().to_monday_zero_offset() - weekday.to_monday_zero_offset()).rem_euclid(7);
    today
        .checked_sub(jiff::Span::new().days(i64::from(back)))
        .ok()
}

/// The multiplier a scale word stands for, in any case ("bn" is 1e9,
/// "crore" 1e7).
pub fn scale(word: &str) -> Option<f64> {
    SCALES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, factor)| factor)
}

/// Digits with "," between thousands and one "." before decimals:
/// "1,000.5" is 1000.5. Anything else (a sign, an exponent, a second dot,
/// no digit at all) is no number here, so that "1.2.3" or "1e5" in a text
/// is never read as a figure.
pub fn parse_number(text: &str) -> Option<f64> {
    let mut digits = false;
    let mut dots = 0;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => digits = true,
            b'.' => dots += 1,
            b',' => {}
            _ => return None,
        }
    }
    if !digits || dots > 1 {
        return None;
    }
    // Parsed by the standard library, so that "21.3" is the double nearest
    // 21.3 and figures print back as written.
    if text.contains(',') {
        text.replace(',', "").parse().ok()
    } else {
        text.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn months_by_full_name_or_short_form() {
        assert_eq!(month("November"), Some(11));
        assert_eq!(month("nov."), Some(11));
        assert_eq!(month("Nov"), Some(11));
        assert_eq!(month("Sept"), Some(9));
        assert_eq!(month("Sep."), Some(9));
        assert_eq!(month("MAY"), Some(5));
        assert_eq!(month("Mar"), Some(3));
        assert_eq!(month("january"), Some(1));
        assert_eq!(month("December"), Some(12));
    }

    #[test]
    fn words_that_only_start_like_a_month_are_none() {
        for word in [
            "Ma", "M.", "", "Marching", "Mayday", "Octobers", "Septem", "Junes", "Decem.", "Noé",
        ] {
            assert_eq!(month(word), None, "{word:?}");
        }
    }

    #[test]
    fn weekdays_by_full_name_in_any_case() {
        assert_eq!(weekday("Monday"), Some(Weekday::Monday));
        assert_eq!(weekday("SUNDAY"), Some(Weekday::Sunday));
        assert_eq!(weekday("wednesday"), Some(Weekday::Wednesday));
        assert_eq!(weekday("Mon"), None);
        assert_eq!(weekday("Mondays"), None);
    }

    #[test]
    fn the_most_recent_weekday_is_today_or_just_past() {
        let tuesday = date(2025, 10, 14);
        assert_eq!(
            most_recent(tuesday, Weekday::Monday),
            Some(date(2025, 10, 13))
        );
        assert_eq!(most_recent(tuesday, Weekday::Tuesday), Some(tuesday));
        assert_eq!(
            most_recent(tuesday, Weekday::Wednesday),
            Some(date(2025, 10, 8))
        );
        assert_eq!(
            most_recent(tuesday, Weekday::Sunday),
            Some(date(2025, 10, 12))
        );
        // Across a year's end.
        assert_eq!(
            most_recent(date(2026, 1, 1), Weekday::Friday),
            Some(date(2025, 12, 26))
        );
        assert_eq!(most_recent(Date::MIN, Weekday::Sunday), None);
    }

    #[test]
    fn scales_of_western_and_indian_figures() {
        assert_eq!(scale("thousand"), Some(1e3));
        assert_eq!(scale("K"), Some(1e3));
        assert_eq!(scale("mn"), Some(1e6));
        assert_eq!(scale("Million"), Some(1e6));
        assert_eq!(scale("bn"), Some(1e9));
        assert_eq!(scale("tn"), Some(1e12));
        assert_eq!(scale("lakh"), Some(1e5));
        assert_eq!(scale("crore"), Some(1e7));
        assert_eq!(scale("dozen"), None);
        assert_eq!(scale(""), None);
    }

    #[test]
    fn numbers_with_separators() {
        assert_eq!(parse_number("1,000.5"), Some(1000.5));
        assert_eq!(parse_number("21.3"), Some(21.3));
        assert_eq!(parse_number("1,234,567"), Some(1_234_567.0));
        assert_eq!(parse_number("0.5"), Some(0.5));
        assert_eq!(parse_number("007"), Some(7.0));
        // As written: the nearest double, not a sum of tenths.
        assert_eq!(parse_number("95.57"), Some(95.57));
        assert_eq!(parse_number("0.3"), Some(0.3));
    }

    #[test]
    fn what_is_not_digits_with_separators_is_none() {
        for text in [
            "", ",", ".", "1.2.3", "1e5", "-5", "+5", "inf", "NaN", "5%", " 5",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }
}
