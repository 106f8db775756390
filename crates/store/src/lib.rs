//! monazite's embedded store: documents as read, their briefs and what the
//! briefs found, duplicates, storylines, full-text search — one SQLite file.
//!
//! Writes go in batches, one transaction each, in write-ahead-log mode: a
//! process killed mid-batch leaves the store as it was after the last
//! committed batch, and ingesting again stores what was lost exactly once
//! (a document's normalised-content hash is unique).
//!
//! Layout: [`schema`] (tables and migrations), [`fingerprint`] (exact hash
//! and MinHash), [`storyline`] and [`figures`] (pure rules), [`write`](mod@write)
//! (adding documents, reanalysis), [`query`] (what the commands read),
//! [`evidence`] (claims and events for the market commands), [`prices`]
//! (daily prices).

pub mod audit;
pub mod evidence;
pub mod figures;
pub mod fingerprint;
pub mod prices;
pub mod query;
pub mod schema;
pub mod storyline;
mod wire;
pub mod write;

use std::path::{Path, PathBuf};

use monazite_types::error_code::{Code, ErrorCode};
use rusqlite::Connection;

pub use fingerprint::Fingerprint;
pub use write::{Added, Analysed, Incoming};

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused; the message is SQLite's own ("file is not a
    /// database"). The rusqlite error is not given as `source()`: its own
    /// chain repeats the message ("Error code 26: file is not a
    /// database"), so a `{:#}` chain would print it two or three times.
    /// [`ErrorCode::code`] tells the kinds apart.
    #[error("{}", sqlite_message(.0))]
    Sqlite(rusqlite::Error),
    /// The database was written by a newer monazite.
    #[error(
        "the store has schema version {found}, newer than this monazite knows ({known}); \
         upgrade monazite"
    )]
    TooNew { found: usize, known: usize },
    /// A stored value could not be read back.
    #[error("unreadable stored value: {0}")]
    Corrupt(String),
    /// [`Store::count_rows`] was asked for a table the store does not have.
    #[error("the store has no table {0:?}")]
    UnknownTable(String),
}

/// SQLite's message, without the file's path that rusqlite appends when a
/// file cannot be opened: the caller names the store already.
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(inner, _)
            if inner.code == rusqlite::ErrorCode::CannotOpen =>
        {
            rusqlite::ffi::code_to_str(inner.extended_code).to_string()
        }
        _ => e.to_string(),
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

impl ErrorCode for StoreError {
    fn code(&self) -> Code {
        use rusqlite::ErrorCode as E;
        match self {
            StoreError::Sqlite(e) => match e.sqlite_error_code() {
                Some(E::NotADatabase) => Code::StoreNotADatabase,
                Some(E::CannotOpen) => Code::StoreCannotOpen,
                Some(E::ReadOnly) => Code::StoreReadOnly,
                Some(E::DatabaseBusy | E::DatabaseLocked) => Code::StoreBusy,
                Some(E::DiskFull) => Code::StoreFull,
                Some(E::DatabaseCorrupt) => Code::StoreCorrupt,
                _ => Code::StoreFailed,
            },
            StoreError::TooNew { .. } => Code::StoreTooNew,
            StoreError::Corrupt(_) => Code::StoreCorrupt,
            StoreError::UnknownTable(_) => Code::StoreUnknownTable,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// The event types that join storylines (the pack's `storyline`
    /// types); `None`: every type.
    storyline_types: Option<std::collections::HashSet<String>>,
}

/// Where the store lives when `--db` is not given: `$MONAZITE_DB`, else
/// `$XDG_DATA_HOME/monazite/monazite.db`, else
/// `~/.local/share/monazite/monazite.db`, else `./monazite.db`.
pub fn default_path() -> PathBuf {
    if let Some(path) = std::env::var_os("MONAZITE_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|p| !p.is_empty())
                .map(|home| PathBuf::from(home).join(".local/share"))
        });
    match data {
        Some(dir) => dir.join("monazite").join("monazite.db"),
        None => PathBuf::from("monazite.db"),
    }
}

impl Store {
    /// Opens (creating if needed) the store at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        Store::setup(conn)
    }

    /// Opens an existing store for reading only: never created, never
    /// migrated, nothing written (SQLite refuses writes on the
    /// connection), for the commands that only look things up in a store
    /// the user named. A store of a newer schema is refused; one of an
    /// older schema is opened as it is: [`Store::needs_migration`] says so,
    /// and a command that writes migrates it. SQLite may leave the files
    /// by which connections to a WAL store coordinate (`-shm`, an empty
    /// `-wal`) beside it; the store's own bytes never change.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        use rusqlite::OpenFlags;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let store = Store {
            conn,
            storyline_types: None,
        };
        let found = usize::try_from(store.schema_version()?).unwrap_or(usize::MAX);
        if found > schema::MIGRATIONS.len() {
            return Err(StoreError::TooNew {
                found,
                known: schema::MIGRATIONS.len(),
            });
        }
        Ok(store)
    }

    /// Whether the store's schema is older than this monazite's (a store
    /// opened with [`Store::open_read_only`] is not migrated).
    pub fn needs_migration(&self) -> Result<bool> {
        Ok(self.schema_version()? < schema::MIGRATIONS.len() as i64)
    }

    /// A store in memory, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Store> {
        // WAL: readers never block the writer and a killed writer loses
        // only its open transaction. NORMAL sync is durable across process
        // crashes (not power loss) in WAL mode, at a fraction of FULL's cost.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 64 MiB of page cache (the default is 2 MiB): duplicate and
        // storyline lookups touch index pages all over a large store.
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            storyline_types: None,
        })
    }

    /// Only events of these types join storylines (fund positions and
    /// insider trades tell no development across outlets); events told as
    /// background never do.
    pub fn set_storyline_types(&mut self, types: impl IntoIterator<Item = String>) {
        self.storyline_types = Some(types.into_iter().collect());
    }

    /// SQLite's own consistency check: `ok`, or what is wrong.
    pub fn integrity_check(&self) -> Result<String> {
        let rows: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows.join("; "))
    }

    /// How many documents are stored.
    pub fn document_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?)
    }

    /// What `monazite watch` saved about each feed: name and state (JSON,
    /// owned by the watcher).
    pub fn feed_states(&self) -> Result<Vec<(String, String)>> {
        let rows = self
            .conn
            .prepare("SELECT name, state FROM feeds ORDER BY name")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Saves one feed's state, replacing what was saved before.
    pub fn save_feed_state(&mut self, name: &str, url: &str, state: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO feeds (name, url, state) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET url = excluded.url, state = excluded.state",
            rusqlite::params![name, url, state],
        )?;
        Ok(())
    }

    /// Rows in one of the store's tables (for reports and tests).
    pub fn count_rows(&self, table: &str) -> Result<i64> {
        const TABLES: &[&str] = &[
            "documents",
            "sightings",
            "briefs",
            "mentions",
            "events",
            "claims",
            "impacts",
            "storylines",
            "minhash_bands",
            "feeds",
        ];
        if !TABLES.contains(&table) {
            return Err(StoreError::UnknownTable(table.to_string()));
        }
        Ok(self
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    }

    /// The schema version (number of applied migrations).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}
