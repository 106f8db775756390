//! What a claimed stock move says: its direction and what it measures.

use std::fmt;
use std::str::FromStr;

use crate::UnknownName;

/// Direction of a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    /// Every direction, in the order of [`Direction::NAMES`].
    pub const ALL: [Direction; 2] = [Direction::Up, Direction::Down];
    /// The names briefs and the store write.
    pub const NAMES: &'static [&'static str] = &["up", "down"];

    /// The name used in briefs and the store (`up`, `down`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Direction {
    type Err = UnknownName;

    /// The direction [`Direction::as_str`] names, exactly; any other text
    /// is an error naming it.
    fn from_str(text: &str) -> Result<Direction, UnknownName> {
        UnknownName::find("move direction", &Direction::ALL, Direction::NAMES, text)
    }
}

/// What a claimed move measures, as the text tells it. Prices confirm a
/// claim only against the matching figure: "rose as much as 25%" is the
/// session's high, "up 22% in midday trading" a level within its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MoveScope {
    /// A session's move, close to close, unless the publication time says
    /// the session was still open.
    #[default]
    Session,
    /// A level during the session ("in midday trading", "intraday").
    Intraday,
    /// The session's extreme ("as much as", "at one point").
    Peak,
    /// Before the open ("premarket").
    Premarket,
    /// After the close ("after-hours", "in extended trading").
    AfterHours,
    /// Since the last close of the previous year ("year to date").
    YearToDate,
    /// Over a week ("this week", "last week").
    Week,
    /// Over months or years ("over the past year", "in the last six
    /// months"): no session places it.
    Period,
}

impl MoveScope {
    /// Every scope, in the order of [`MoveScope::NAMES`].
    pub const ALL: [MoveScope; 8] = [
        MoveScope::Session,
        MoveScope::Intraday,
        MoveScope::Peak,
        MoveScope::Premarket,
        MoveScope::AfterHours,
        MoveScope::YearToDate,
        MoveScope::Week,
        MoveScope::Period,
    ];
    /// The names briefs and the store write.
    pub const NAMES: &'static [&'static str] = &[
        "session",
        "intraday",
        "peak",
        "premarket",
        "after_hours",
        "year_to_date",
        "week",
        "period",
    ];

    /// The name used in briefs and the store (`session`, `peak`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            MoveScope::Session => "session",
            MoveScope::Intraday => "intraday",
            MoveScope::Peak => "peak",
            MoveScope::Premarket => "premarket",
            MoveScope::AfterHours => "after_hours",
            MoveScope::YearToDate => "year_to_date",
            MoveScope::Week => "week",
            MoveScope::Period => "period",
        }
    }

    /// The scope a name stands for, as [`MoveScope::as_str`] writes it;
    /// `None` for any other text (use `str::parse` for an error naming it).
    pub fn parse(name: &str) -> Option<MoveScope> {
        name.parse().ok()
    }
}

impl fmt::Display for MoveScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MoveScope {
    type Err = UnknownName;

    /// The scope [`MoveScope::as_str`] names, exactly; any other text is an
    /// error naming it.
    fn from_str(text: &str) -> Result<MoveScope, UnknownName> {
        UnknownName::find("move scope", &MoveScope::ALL, MoveScope::NAMES, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_direction_and_scope_reads_back_from_its_name() {
        for (d, name) in Direction::ALL.into_iter().zip(Direction::NAMES) {
            assert_eq!(d.as_str(), *name);
            assert_eq!(name.parse::<Direction>(), Ok(d));
            assert_eq!(d.to_string(), *name);
        }
        assert_eq!(MoveScope::ALL.len(), MoveScope::NAMES.len());
        for (s, name) in MoveScope::ALL.into_iter().zip(MoveScope::NAMES) {
            assert_eq!(s.as_str(), *name);
            assert_eq!(name.parse::<MoveScope>(), Ok(s));
            assert_eq!(MoveScope::parse(name), Some(s));
        }
    }

    #[test]
    fn unknown_names_are_errors_that_name_the_text() {
        let err = "sideways".parse::<Direction>().unwrap_err();
        assert_eq!(err.text, "sideways");
        assert_eq!(
            err.to_string(),
            "unknown move direction \"sideways\" (known: up, down)"
        );
        // Names are exact: no case folding, no trimming, no empty default.
        for text in ["Down", " down", "", "dn"] {
            assert!(text.parse::<Direction>().is_err(), "{text:?}");
        }
        let err = "after-hours".parse::<MoveScope>().unwrap_err();
        assert!(
            err.to_string().contains("move scope \"after-hours\""),
            "{err}"
        );
        assert_eq!(MoveScope::parse("Session"), None);
    }
}
