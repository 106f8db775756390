//! The crate's one error: a bad FEEDS.toml or value, a failed fetch, an
//! address the guard refused, each with its stable code (docs/errors.md).
//! The module errors stay for callers that handle one step; this is what
//! the rest propagate.

use monazite_types::error_code::{Code, ErrorCode};

use crate::config::{ConfigError, ValueError};
use crate::fetch::FetchError;
use crate::guard::Refusal;

/// An error of the watch crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// FEEDS.toml is not valid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A duration or size as written is not valid.
    #[error(transparent)]
    Value(#[from] ValueError),
    /// A feed could not be fetched.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The address guard refused a feed's address.
    #[error(transparent)]
    Refused(#[from] Refusal),
}

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Error::Config(e) => e.code(),
            Error::Value(e) => e.code(),
            Error::Fetch(e) => e.code(),
            Error::Refused(e) => e.code(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_error_keeps_its_message_and_code_in_the_crate_error() {
        let value = crate::config::parse_duration("soon").unwrap_err();
        let (message, code) = (value.to_string(), value.code());
        let error = Error::from(value);
        assert_eq!(error.to_string(), message);
        assert_eq!(error.code(), code);
    }
}
