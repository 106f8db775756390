//! monazite's market side: daily prices, US trading sessions, verification
//! of the stock moves news claims, and event studies.
//!
//! Everything here is pure: callers read files and the store, this crate
//! computes. The principal types:
//!
//! - [`series::Series`]: the daily [`series::Bar`]s of one ticker;
//! - [`import::parse`]: price files (Yahoo, Stooq, long) into bars;
//! - [`returns::Panel`]: daily simple returns of a benchmark and many
//!   tickers on the benchmark's trading calendar;
//! - [`study::event`] and [`study::run`]: event studies (market model or
//!   market-adjusted abnormal returns, CARs and their cross-sectional tests);
//! - [`clustering`]: events sharing calendar days, and the
//!   Kolari–Pynnönen adjustment of the BMP t for their correlation;
//! - [`stats`]: the standard normal tail and small sample statistics;
//! - [`calendar::Calendar`]: the US sessions the data show;
//! - [`session::MarketClock`]: New York time, and which session news
//!   reaches first;
//! - [`verify::Verifier`]: a claimed move against the prices, with a
//!   [`verify::Verdict`]; [`verify::track_records`] per outlet;
//! - [`chart::CarChart`]: the average CAR around day 0 as SVG;
//! - [`event_dates::read`]: event days from a CSV file;

pub mod calendar;
pub mod chart;
pub mod clustering;
mod error;
pub mod event_dates;
pub mod import;
pub mod returns;
pub mod series;
pub mod session;
pub mod stats;
pub mod study;
pub mod verify;

pub use error::Error;
pub use series::{Bar, Series};
