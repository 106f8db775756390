//! Read-only store connections for the handlers.
//!
//! A SQLite connection (rusqlite's `Connection`, inside `Store`) may move
//! between threads but not be shared, and every query blocks. So each
//! query runs on a blocking thread holding one connection of its own. The
//! connections are kept in a small pool rather than opened per request:
//! opening one reads the schema again and starts with a cold page cache,
//! while a kept one answers from its warm cache. The pool holds at most
//! [`crate::limits::MAX_READERS`] connections; a request past them waits
//! for a permit (so a burst queues instead of opening hundreds of files).
//! Connections are opened read-only (`Store::open_read_only`): the server
//! cannot write to the store even by mistake, and in WAL mode readers
//! never block `monazite ingest` or `watch` writing beside it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use monazite_store::{Store, StoreError};
use tokio::sync::Semaphore;

use crate::problem::ApiError;

/// A bounded pool of read-only connections to one store file.
#[derive(Debug)]
pub struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
}

impl ReadPool {
    pub fn new(path: PathBuf, max: usize) -> ReadPool {
        ReadPool {
            path,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(max.max(1))),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens a connection and reads the schema version: whether the store
    /// can be read at all. The connection joins the pool.
    pub fn check(&self) -> Result<(), StoreError> {
        let store = self.take()?;
        store.schema_version()?;
        self.give_back(store);
        Ok(())
    }

    fn take(&self) -> Result<Store, StoreError> {
        let kept = self.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
        match kept {
            Some(store) => Ok(store),
            None => Store::open_read_only(&self.path),
        }
    }

    fn give_back(&self, store: Store) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(store);
        }
    }

    /// Runs `query` on a blocking thread with a connection of the pool.
    pub async fn read<T, F>(self: &Arc<Self>, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(ApiError::internal)?;
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let store = pool.take()?;
            let result = query(&store);
            // A connection that failed may be broken (a replaced file):
            // only one that answered goes back.
            if result.is_ok() {
                pool.give_back(store);
            }
            result
        })
        .await
        .map_err(ApiError::internal)?
    }
}
