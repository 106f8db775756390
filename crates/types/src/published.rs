//! When a document was published, and the one text form the store and the
//! wire keep it in.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// When a document says it was published: an instant when a time is
/// given, otherwise the day.
///
/// Its text form is an RFC 3339 instant in UTC (`2025-10-13T21:00:00Z`)
/// or a day (`2025-10-13`); [`Published::from_str`] reads back exactly
/// what [`Display`](fmt::Display) writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    Instant(Timestamp),
    Day(Date),
}

impl Published {
    /// The publication's day, in UTC for an instant: the day the analysis
    /// resolves relative dates against and the store files documents by.
    pub fn utc_day(self) -> Date {
        match self {
            Published::Instant(at) => at.to_zoned(TimeZone::UTC).date(),
            Published::Day(day) => day,
        }
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Published::Instant(at) => at.fmt(f),
            Published::Day(day) => day.fmt(f),
        }
    }
}

/// Text that is neither form of [`Published`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPublished {
    /// The text as found.
    pub text: String,
}

impl fmt::Display for BadPublished {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "publication {:?} is neither an RFC 3339 instant nor a YYYY-MM-DD day",
            self.text
        )
    }
}

impl std::error::Error for BadPublished {}

impl FromStr for Published {
    type Err = BadPublished;

    /// An instant with its offset (any RFC 3339 offset, not only `Z`), or a
    /// day of exactly ten characters: a time without an offset is neither,
    /// since its instant is unknown.
    fn from_str(text: &str) -> Result<Published, BadPublished> {
        let bad = || BadPublished {
            text: text.to_string(),
        };
        if text.len() == 10 {
            return text.parse().map(Published::Day).map_err(|_| bad());
        }
        text.parse().map(Published::Instant).map_err(|_| bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// An instant written in RFC 3339, for the cases below.
    fn instant(rfc3339: &str) -> Published {
        let at: Timestamp = rfc3339.parse().expect("a test instant");
        Published::Instant(at)
    }

    #[test]
    fn the_text_form_reads_back_to_the_same_publication() {
        for p in [
            Published::Day(date(2025, 10, 13)),
            instant("2025-10-13T21:00:00Z"),
            instant("2025-10-13T21:00:00.25Z"),
            instant("1999-12-31T23:59:59Z"),
        ] {
            let text = p.to_string();
            assert_eq!(text.parse::<Published>(), Ok(p), "{text}");
        }
        assert_eq!(
            instant("2025-10-13T21:00:00Z").to_string(),
            "2025-10-13T21:00:00Z"
        );
        assert_eq!(Published::Day(date(2025, 1, 2)).to_string(), "2025-01-02");
    }

    #[test]
    fn instants_keep_their_time_and_offsets_are_applied() {
        // An instant must never be read as its day: the time decides the
        // trading session.
        assert_eq!(
            "2025-10-13T21:00:00Z".parse::<Published>(),
            Ok(instant("2025-10-13T21:00:00Z"))
        );
        assert_eq!(
            "2025-10-13T17:00:00-04:00".parse::<Published>(),
            Ok(instant("2025-10-13T21:00:00Z"))
        );
    }

    #[test]
    fn other_text_is_refused_with_its_name() {
        for text in [
            "",
            "yesterday",
            "2025-10-13T21:00:00",
            "2025-13-01",
            "2025-02-30",
            "13/10/2025",
            " 2025-10-13",
        ] {
            let err = text.parse::<Published>().unwrap_err();
            assert_eq!(err.text, text);
            assert!(err.to_string().contains(&format!("{text:?}")), "{err}");
        }
    }

    #[test]
    fn the_utc_day_of_an_evening_in_new_york_is_the_next_day() {
        assert_eq!(
            instant("2025-10-13T22:00:00-04:00").utc_day(),
            date(2025, 10, 14)
        );
        assert_eq!(
            Published::Day(date(2025, 10, 13)).utc_day(),
            date(2025, 10, 13)
        );
    }
}
