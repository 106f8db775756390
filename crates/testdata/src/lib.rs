//! Where tests find what lives outside the repository: the real data sets
//! in `../shared` beside the checkout, and tools CI provides (a Python with
//! numpy for the event-study reference).
//!
//! A test whose data is absent skips with a line on stderr, so that a
//! fresh checkout's `cargo test` passes. A skipped test counts as passed,
//! so CI sets [`REQUIRE`] and every skip becomes a failure: CI cannot pass
//! by not running a check.
//!
//! ```no_run
//! let Some(prices) = monazite_testdata::shared("data/prices-daily") else {
//!     return; // absent here, and CI did not ask for it
//! };
//! assert!(prices.is_dir());
//! ```

use std::ffi::OsString;
use std::path::PathBuf;

/// The environment variable that turns every skip into a failure (any
/// value but empty or `0`).
pub const REQUIRE: &str = "MONAZITE_REQUIRE_SHARED";

/// The shared folder beside the checkout (`../shared`).
pub fn shared_root() -> PathBuf {
    // This crate sits at crates/testdata: the workspace is two levels up.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// `rel` under `../shared`, or `None` when it is absent and skipping is
/// allowed.
///
/// # Panics
///
/// When it is absent and [`REQUIRE`] is set.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = shared_root().join(rel);
    if path.exists() {
        return Some(path);
    }
    skip(&format!("{} is absent", path.display()))
}

/// The value of the environment variable `var` (a tool CI provides), or
/// `None` when it is unset and skipping is allowed.
///
/// # Panics
///
/// When it is unset and [`REQUIRE`] is set.
pub fn tool(var: &str, what: &str) -> Option<OsString> {
    match std::env::var_os(var) {
        Some(value) if !value.is_empty() => Some(value),
        _ => skip(&format!("{var} is not set ({what})")),
    }
}

/// Whether CI asked that nothing be skipped.
pub fn required() -> bool {
    std::env::var_os(REQUIRE).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Skips with a note, or fails when skipping is not allowed.
fn skip<T>(why: &str) -> Option<T> {
    if required() {
        panic!("{why}, and {REQUIRE} is set: this test must run here");
    }
    eprintln!("skipped: {why}");
    None
}
