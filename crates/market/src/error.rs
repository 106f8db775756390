//! The crate's one error: whatever a price file or an event-day file did
//! wrong, with its stable code (docs/errors.md). The module errors stay
//! for callers that handle one reader; this is what the rest propagate.

use monazite_types::error_code::{Code, ErrorCode};

use crate::event_dates::EventDatesError;
use crate::import::ImportError;

/// An error of the market crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A price file could not be read.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// A file of event days could not be read.
    #[error(transparent)]
    EventDates(#[from] EventDatesError),
}

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Error::Import(e) => e.code(),
            Error::EventDates(e) => e.code(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_error_keeps_its_message_and_code_in_the_crate_error() {
        let import = crate::import::parse("x.csv", b"\xff\xfe not a csv", &Default::default())
            .expect_err("binary bytes are no price file");
        let (message, code) = (import.to_string(), import.code());
        let error = Error::from(import);
        assert_eq!(error.to_string(), message);
        assert_eq!(error.code(), code);
    }
}
