use std::path::PathBuf;

use monazite_types::error_code::{Code, ErrorCode};

/// What can be wrong with a knowledge pack.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// A pack file could not be read.
    #[error("cannot read pack file {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A TOML file of the pack does not follow the documented format.
    #[error("pack file {file} is not valid: {message}")]
    Syntax { file: String, message: String },
    /// A CSV file of the pack has a bad row.
    #[error("pack file {file}, row {row}: {message}")]
    Row {
        file: String,
        row: usize,
        message: String,
    },
    /// An entry refers to something the pack does not define, or repeats one.
    #[error("pack file {file}: {message}")]
    Reference { file: String, message: String },
    /// The matcher could not be built (for instance, far too many names).
    #[error("cannot compile the pack's matcher: {0}")]
    Matcher(String),
}

impl ErrorCode for PackError {
    fn code(&self) -> Code {
        match self {
            PackError::Read { .. } => Code::PackUnreadable,
            PackError::Syntax { .. } | PackError::Row { .. } | PackError::Reference { .. } => {
                Code::PackInvalid
            }
            PackError::Matcher(_) => Code::PackMatcher,
        }
    }
}
