//! Every bound of the server, named, so that docs/api.md can state them
//! and a reviewer can find them.

use std::time::Duration;

/// Rows a list returns when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 50;

/// The largest `limit` a list takes.
pub const MAX_LIMIT: usize = 1000;

/// The largest request body read (`POST /v1/analyze`): 2 MiB, far above
/// any news article, far below the analysis's own 16 MiB bound.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Every request is answered within this, or gets a 503 `api_timeout`.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Read-only store connections open at most at once; a request past them
/// waits for one (each connection keeps its own page cache).
pub const MAX_READERS: usize = 8;

/// Threads for blocking work (store queries, analyses) at most.
pub const MAX_BLOCKING_THREADS: usize = 64;

/// The longest query parameter value read (a full-text query, a cursor).
pub const MAX_PARAM_BYTES: usize = 1024;
