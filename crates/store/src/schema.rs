//! The store's schema and its migrations.
//!
//! Migrations are applied in order, each in its own transaction, and the
//! database's `user_version` records how many have been applied. Released
//! migrations are never edited: a change to the schema is a new entry at the
//! end of [`MIGRATIONS`].

use rusqlite::Connection;

use crate::StoreError;

/// One migration per release that changed the schema; index + 1 is the
/// `user_version` after it.
pub const MIGRATIONS: &[&str] = &[
    // 1: documents, what was seen of them, briefs and what they found.
    r#"
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        -- XXH3-128 of the normalised words (see fingerprint.rs).
        content_hash BLOB NOT NULL UNIQUE,
        url TEXT,
        title TEXT,
        site TEXT,
        author TEXT,
        -- As found: an RFC 3339 instant or a YYYY-MM-DD day.
        published TEXT,
        -- The UTC day of `published`, for ordering and date ranges.
        published_day TEXT,
        format TEXT NOT NULL,
        -- Tickers the source attached (JSON array), merged over sightings.
        source_tickers TEXT NOT NULL DEFAULT '[]',
        -- The text analysed: the title line, a blank line, the body. Brief
        -- spans are byte offsets into it.
        text TEXT NOT NULL,
        minhash BLOB NOT NULL,
        near_duplicate_of INTEGER REFERENCES documents(id),
        similarity REAL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_day ON documents(published_day);

    -- Every input a document was read from (a document seen twice, in two
    -- files or feeds, has two sightings).
    CREATE TABLE sightings (
        origin TEXT NOT NULL,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        site TEXT,
        published TEXT,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (origin, doc_id)
    ) WITHOUT ROWID;
    CREATE INDEX sightings_doc ON sightings(doc_id);

    CREATE TABLE minhash_bands (
        band INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (band, bucket, doc_id)
    ) WITHOUT ROWID;

    CREATE TABLE briefs (
        doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        engine TEXT NOT NULL,
        pack TEXT NOT NULL,
        schema TEXT NOT NULL,
        impact REAL NOT NULL,
        sentiment REAL NOT NULL,
        tension REAL NOT NULL,
        -- The brief as `monazite analyze` prints it (docs/brief-schema.md).
        brief TEXT NOT NULL
    );

    -- What a brief found, one row per entity (kind: ticker, element, group,
    -- country, organization, person, index).
    CREATE TABLE mentions (
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (doc_id, kind, key)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_key ON mentions(kind, key);

    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        target TEXT,
        status TEXT NOT NULL,
        magnitude TEXT,
        -- The date the event is for, when the text gives one.
        date TEXT,
        -- The document's day, else the event's date.
        day TEXT,
        -- Material ids between commas (",neodymium,dysprosium,").
        materials TEXT NOT NULL,
        direction TEXT,
        confidence REAL NOT NULL,
        sentence TEXT NOT NULL,
        storyline_id INTEGER REFERENCES storylines(id)
    );
    CREATE INDEX events_doc ON events(doc_id);
    CREATE INDEX events_type ON events(type, actor);
    CREATE INDEX events_storyline ON events(storyline_id);

    -- Price-move claims ("MP rose 21% on Monday").
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        ticker TEXT NOT NULL,
        direction TEXT NOT NULL,
        pct REAL,
        price REAL,
        "when" TEXT,
        -- The day the claim is about: its resolved date, else the
        -- document's day.
        day TEXT,
        sentence TEXT NOT NULL
    );
    CREATE INDEX claims_doc ON claims(doc_id);
    CREATE INDEX claims_ticker ON claims(ticker, day);

    CREATE TABLE impacts (
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ticker TEXT NOT NULL,
        impact REAL NOT NULL,
        named INTEGER NOT NULL,
        PRIMARY KEY (doc_id, ticker)
    ) WITHOUT ROWID;
    CREATE INDEX impacts_ticker ON impacts(ticker);

    -- One development told across outlets and days (storyline.rs).
    CREATE TABLE storylines (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        target TEXT,
        materials TEXT NOT NULL,
        first_day TEXT,
        last_day TEXT,
        -- The earliest document (by day, then id): the first report.
        first_doc_id INTEGER NOT NULL
    );
    CREATE INDEX storylines_key ON storylines(type, actor);

    -- Full-text index over titles and texts (SQLite FTS5, external content).
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='id',
        tokenize = 'unicode61 remove_diacritics 2'
    );

    -- Live feeds: what `monazite watch` remembers between polls.
    CREATE TABLE feeds (
        name TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        state TEXT NOT NULL
    );
    "#,
    // 2: daily prices; what a price-move claim measures; storylines by span.
    r#"
    -- One row per ticker and trading day, as imported (`monazite prices
    -- import`). Only the close is required.
    CREATE TABLE prices (
        ticker TEXT NOT NULL,
        day TEXT NOT NULL,
        open REAL,
        high REAL,
        low REAL,
        close REAL NOT NULL,
        adj_close REAL,
        volume REAL,
        -- The file the row was last imported from.
        source TEXT NOT NULL,
        PRIMARY KEY (ticker, day)
    ) WITHOUT ROWID;

    -- What the claim measures: session (close to close, unless the text
    -- says otherwise), intraday, peak, premarket, after_hours,
    -- year_to_date, week. NULL for claims stored before this migration:
    -- `monazite reanalyze` fills it.
    ALTER TABLE claims ADD COLUMN scope TEXT;

    -- Storylines of one type and actor by their span, so that a new event
    -- reads only those within its time window. It replaces the index on
    -- (type, actor), which the query planner would otherwise prefer.
    DROP INDEX storylines_key;
    CREATE INDEX storylines_span ON storylines(type, actor, last_day, first_day);
    "#,
    // 3: how much a document is about each company; events told as context.
    r#"
    -- 0 (a passing mention) to 100 (the article's subject), for tickers;
    -- NULL for other mentions and for briefs stored before this migration
    -- (`monazite reanalyze` fills it).
    ALTER TABLE mentions ADD COLUMN relevance INTEGER;
    CREATE INDEX mentions_relevance ON mentions(kind, key, relevance);

    -- 1 for an earlier event the article tells as context: it joins no
    -- storyline.
    ALTER TABLE events ADD COLUMN background INTEGER NOT NULL DEFAULT 0;
    "#,
];

/// Brings the database to the latest schema; refuses one written by a
/// newer release.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let version = usize::try_from(version).unwrap_or(usize::MAX);
    if version > MIGRATIONS.len() {
        return Err(StoreError::TooNew {
            found: version,
            known: MIGRATIONS.len(),
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_a_no_op_and_records_the_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(err.to_string().contains("newer"), "{err}");
    }
}
