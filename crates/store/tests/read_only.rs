//! A store opened read-only: what `analyze --history` reads. Nothing is
//! created, migrated or written, and the file keeps its bytes.

use std::path::PathBuf;

use jiff::civil::date;
use monazite_market::Bar;
use monazite_store::Store;

/// A fresh folder for one test, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("monazite-store-ro-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The folder's files and their bytes, sorted by name.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn reads_without_writing_a_byte() {
    let scratch = Scratch::new("reads");
    let path = scratch.0.join("m.db");
    {
        let mut store = Store::open(&path).unwrap();
        let rows = vec![("MP".to_string(), Bar::close_only(date(2025, 10, 9), 70.5))];
        store.put_prices("test", &rows).unwrap();
    }
    let before = snapshot(&scratch.0);
    assert_eq!(before.len(), 1, "the writer leaves the store file alone");
    {
        let store = Store::open_read_only(&path).unwrap();
        assert!(!store.needs_migration().unwrap());
        let series = store.series("MP").unwrap().expect("MP's prices");
        assert_eq!(series.bars()[0].close, 70.5);
    }
    let after = snapshot(&scratch.0);
    // SQLite may leave its coordination files of a WAL store beside it
    // (a read-only connection cannot remove them): the shared-memory index
    // and an empty log. The store itself keeps every byte.
    let store_file = |s: &[(String, Vec<u8>)]| s.iter().find(|(n, _)| n == "m.db").cloned();
    assert!(
        store_file(&after) == store_file(&before),
        "the store's bytes changed"
    );
    for (name, bytes) in &after {
        match name.as_str() {
            "m.db" | "m.db-shm" => {}
            "m.db-wal" => assert!(bytes.is_empty(), "a read wrote to the log"),
            other => panic!("unexpected file {other}"),
        }
    }
}

#[test]
fn nothing_is_created_or_migrated() {
    let scratch = Scratch::new("create");
    let missing = scratch.0.join("missing.db");
    assert!(Store::open_read_only(&missing).is_err());
    assert!(!missing.exists());
    // An empty file is a database of schema 0: opened, not migrated.
    let empty = scratch.0.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let store = Store::open_read_only(&empty).unwrap();
    assert!(store.needs_migration().unwrap());
    assert_eq!(store.schema_version().unwrap(), 0);
    drop(store);
    assert_eq!(std::fs::read(&empty).unwrap(), b"");
}

#[test]
fn a_newer_store_is_refused() {
    let scratch = Scratch::new("newer");
    let path = scratch.0.join("m.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let err = Store::open_read_only(&path).unwrap_err();
    assert!(err.to_string().contains("newer"), "{err}");
}
