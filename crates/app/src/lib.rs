//! monazite's application layer: each use case once, for every front end.
//!
//! The command line (`monazite`) and the HTTP server call the same
//! functions here and only differ in how they take requests and render
//! results. A use case takes typed inputs (a request struct or plain
//! parameters, never command-line flags), an open [`Store`] and the
//! compiled [`Pack`] where it analyses, and returns typed results (store
//! rows, market results, `monazite_report::wire` records) or an
//! [`AppError`].
//!
//! Nothing here prints, draws progress or opens files by path: the store
//! is opened by the caller, and a long run (the ingest [`Pipeline`])
//! reports progress and failures through a [`Sink`] the caller provides.
//!
//! - [`ingest`]: documents into the store in batches, and reanalysis;
//! - [`market`]: the US calendar of the stored prices and the New York
//!   clock, which the market use cases share;
//! - [`verify`]: claimed moves against the stored prices;
//! - [`history`]: what past events of a brief's types did to its tickers;
//! - [`study`]: event studies of stored events or of a file's days;
//! - [`show`]: one stored document with its checks and history.
//!
//! [`Store`]: monazite_store::Store
//! [`Pack`]: monazite_pack::Pack
//! [`Pipeline`]: ingest::Pipeline
//! [`Sink`]: ingest::Sink

mod error;
pub mod history;
pub mod ingest;
pub mod market;
pub mod show;
pub mod study;
pub mod verify;

pub use error::AppError;

/// What the use cases return.
pub type Result<T, E = AppError> = std::result::Result<T, E>;
