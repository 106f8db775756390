//! The small types that several stages share, so that no stage depends on
//! another only to name them.

pub mod error_code;
