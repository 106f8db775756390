//! What the store's errors say and which code each has.

use monazite_store::{Store, StoreError};
use monazite_types::error_code::{Code, ErrorCode};

/// The error and its sources, as `{:#}` of an anyhow chain prints them.
fn chain(err: &dyn std::error::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    parts.join(": ")
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("monazite-store-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn a_file_that_is_not_a_database_is_said_once() {
    let path = scratch("notdb.db");
    std::fs::write(&path, "a text file, not an SQLite database\n".repeat(40)).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(chain(&err), "file is not a database");
    assert_eq!(err.code(), Code::StoreNotADatabase);
    assert_eq!(err.code().as_str(), "store_not_a_database");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_store_in_a_missing_folder_cannot_be_opened() {
    let path = scratch("no/such/folder/monazite.db");
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), Code::StoreCannotOpen, "{err}");
    // SQLite's message, once, without the path (the caller names it).
    assert_eq!(chain(&err), "unable to open database file");
}

#[test]
fn an_unknown_table_is_its_own_kind() {
    let store = Store::open_in_memory().unwrap();
    let err = store.count_rows("documents; DROP TABLE x").unwrap_err();
    assert!(matches!(err, StoreError::UnknownTable(_)), "{err:?}");
    assert_eq!(err.code(), Code::StoreUnknownTable);
    assert_eq!(
        chain(&err),
        "the store has no table \"documents; DROP TABLE x\""
    );
    assert_eq!(store.count_rows("documents").unwrap(), 0);
}

#[test]
fn other_kinds_have_their_codes() {
    let too_new = StoreError::TooNew { found: 9, known: 3 };
    assert_eq!(too_new.code(), Code::StoreTooNew);
    assert!(chain(&too_new).starts_with("the store has schema version 9"));
    let corrupt = StoreError::Corrupt("minhash of document 4".into());
    assert_eq!(corrupt.code(), Code::StoreCorrupt);
    assert_eq!(
        chain(&corrupt),
        "unreadable stored value: minhash of document 4"
    );
}
