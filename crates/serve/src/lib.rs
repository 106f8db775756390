//! `monazite serve`: the store and the analysis over HTTP, as a versioned
//! JSON API under `/v1` (docs/api.md).
//!
//! Layout: [`limits`] (every bound, named), [`problem`] (errors as RFC 9457
//! problem documents with the stable codes), [`pool`] (read-only store
//! connections on blocking threads), [`params`] (query strings read into
//! filters, each rejection naming its parameter), [`output`] (JSON or
//! NDJSON by `Accept`), [`routes`] (the handlers and the router).
//!
//! Nothing here writes to the store: the only POST, `/v1/analyze`, stores
//! nothing.

pub mod limits;
pub mod output;
pub mod params;
pub mod pool;
pub mod problem;
pub mod routes;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use monazite_pack::Pack;

pub use routes::{router, router_with_timeout};

/// The address served when `--addr` is not given: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// What every handler shares: the store's connections and the compiled
/// pack (compiled once per server, read by every analysis).
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<pool::ReadPool>,
    pub pack: Arc<Pack>,
    /// Bounds the analyses running at once to the cores (CPU work).
    pub analyses: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// The state for the store at `db` and `pack`. The store is not opened
    /// here: [`serve`] checks it before listening, `/readyz` on each call.
    pub fn new(db: PathBuf, pack: Arc<Pack>) -> AppState {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        AppState {
            store: Arc::new(pool::ReadPool::new(db, limits::MAX_READERS)),
            pack,
            analyses: Arc::new(tokio::sync::Semaphore::new(cores)),
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("opening the store {path}: {source}")]
    Store {
        path: String,
        #[source]
        source: monazite_store::StoreError,
    },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("starting the server's runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("serving: {0}")]
    Serve(#[source] std::io::Error),
}

/// Serves `state` on `addr` until Ctrl-C, on a multi-threaded runtime of
/// its own. `on_listening` is told the bound address (port 0 picks one),
/// before the first request is taken.
pub fn serve(
    state: AppState,
    addr: SocketAddr,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    // Fail before listening when the store does not open: a server that
    // answers 500 to everything helps nobody.
    state.store.check().map_err(|source| ServeError::Store {
        path: state.store.path().display().to_string(),
        source,
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(limits::MAX_BLOCKING_THREADS)
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind { addr, source })?;
        let bound = listener
            .local_addr()
            .map_err(|source| ServeError::Bind { addr, source })?;
        on_listening(bound);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                // Without a signal handler the server runs until killed.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await
            .map_err(ServeError::Serve)
    })
}
