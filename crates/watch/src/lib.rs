//! Live feed watcher: polls the feeds listed in a FEEDS.toml with
//! conditional requests (ETag, Last-Modified), each on its own interval,
//! backs off on errors, and delivers a feed's body only when it changed.
//! Every connection, redirects included, goes through an address policy
//! that refuses loopback, private, link-local and other non-public
//! addresses unless the configuration allows them.
//!
//! Parsing the delivered bodies and skipping items already stored is the
//! caller's work (readers in monazite-ingest, the store).
//!
//! ```no_run
//! use std::path::Path;
//! use monazite_watch::{run, Config, PollResult, WatchState};
//!
//! let config = Config::load(Path::new("FEEDS.toml"))?;
//! let state = run(&config, &WatchState::default(), || false, |outcome, poller| {
//!     if let PollResult::New { body, .. } = &outcome.result {
//!         println!("{}: {} new bytes", outcome.feed, body.len());
//!     }
//!     let _to_persist = poller.state();
//! });
//! # let _ = state;
//! # Ok::<(), monazite_watch::ConfigError>(())
//! ```

pub mod config;
mod error;
pub mod fetch;
pub mod guard;
pub mod poller;

pub use config::{Config, ConfigError, FeedConfig, ValueError};
pub use error::Error;
pub use fetch::{Fetch, FetchError, Fetched, HttpFetcher, Validators};
pub use guard::{is_public, AddressKind, AddressPolicy, AllowEntry, Refusal};
pub use poller::{
    backoff, run, run_with, Clock, FeedState, PollOutcome, PollResult, Poller, SystemClock,
    WatchState,
};
