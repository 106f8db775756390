//! Stable error codes: one name per kind of failure, shared by the command
//! line (`monazite: … (error store_not_a_database)`) and the HTTP server,
//! so that scripts and clients test a name rather than a message.
//!
//! A code's name never changes meaning once released: a new kind of
//! failure gets a new code, and a code that is no longer produced stays
//! listed (documented as retired) so that its name is not reused.
//! docs/errors.md documents every code; a test checks that it does.
//!
//! The status is an HTTP status number (no HTTP crate here: the server maps
//! it to its own type).

use std::fmt;

/// Declares [`Code`] with, for each code, its HTTP status and meaning, and
/// [`Code::ALL`] in the same order, so that no code is left out of the list.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $status:literal, $meaning:literal;)+) => {
        /// A stable error code. See the module documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[$doc])* $variant,)+
        }

        impl Code {
            /// Every code, in the order of docs/errors.md.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable name (snake_case), as printed and sent.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)+ }
            }

            /// The HTTP status a server answers with.
            pub const fn status(self) -> u16 {
                match self { $(Code::$variant => $status,)+ }
            }

            /// What the code means, in one line.
            pub const fn meaning(self) -> &'static str {
                match self { $(Code::$variant => $meaning,)+ }
            }
        }
    };
}

codes! {
    // Inputs: files, folders, standard input, fetched bytes.
    InputUnreadable = "input_unreadable", 400,
        "The file or folder could not be opened or read (missing, no permission, I/O error).";
    InputEmpty = "input_empty", 422,
        "The input holds nothing, or only blank space.";
    InputBinary = "input_binary", 415,
        "The input holds NUL bytes: binary data, not text.";
    InputUtf16 = "input_utf16", 415,
        "The input is UTF-16 text; only UTF-8 (and declared windows-1252) is read.";
    InputNotUtf8 = "input_not_utf8", 415,
        "The input is not valid UTF-8 and declares no encoding that is read.";
    InputTooLarge = "input_too_large", 413,
        "The input, or one record of it, is over the size limit.";
    InputNoText = "input_no_text", 422,
        "The page, record or feed entry has no article text.";
    InputBadRecord = "input_bad_record", 422,
        "A JSON Lines line or CSV row is not a valid record.";
    InputBadHeader = "input_bad_header", 422,
        "A CSV header lacks a column the reader needs.";
    InputBadFeed = "input_bad_feed", 422,
        "An RSS or Atom feed is not well-formed or not a feed.";
    InputBadCsvMapping = "input_bad_csv_mapping", 400,
        "The CSV column mapping given (FIELD=COLUMN,…) is not valid.";

    // The store.
    StoreNotADatabase = "store_not_a_database", 500,
        "The store file is not an SQLite database.";
    StoreCannotOpen = "store_cannot_open", 500,
        "The store file cannot be opened or created (missing folder, permissions).";
    StoreReadOnly = "store_read_only", 500,
        "The store cannot be written (a read-only file or medium).";
    StoreBusy = "store_busy", 503,
        "Another process held the store locked past the wait.";
    StoreFull = "store_full", 507,
        "The disk holding the store is full.";
    StoreTooNew = "store_too_new", 500,
        "The store was written by a newer monazite.";
    StoreCorrupt = "store_corrupt", 500,
        "A stored value cannot be read back, or SQLite reports the file damaged.";
    StoreUnknownTable = "store_unknown_table", 400,
        "A table name asked for is not one of the store's.";
    StoreFailed = "store_failed", 500,
        "Any other SQLite failure.";

    // The knowledge pack.
    PackUnreadable = "pack_unreadable", 500,
        "A file of the knowledge pack cannot be read.";
    PackInvalid = "pack_invalid", 500,
        "A file of the knowledge pack breaks its documented format or refers to an unknown entry.";
    PackMatcher = "pack_matcher", 500,
        "The pack's name matcher cannot be built (far too many names).";

    // Price files and event days (the market commands).
    PricesTooLarge = "prices_too_large", 413,
        "The price file is over the size limit.";
    PricesEmpty = "prices_empty", 422,
        "The price file holds nothing.";
    PricesNotText = "prices_not_text", 415,
        "The price file is not UTF-8 text.";
    PricesBadHeader = "prices_bad_header", 422,
        "The price file's header is missing, too wide, repeats a field or lacks date or close.";
    PricesBadTicker = "prices_bad_ticker", 400,
        "No usable ticker: the file name gives none, the one given is not a ticker, or it clashes with a ticker column.";
    PricesManyTickers = "prices_many_tickers", 422,
        "A yfinance download of several tickers side by side.";
    PricesBadCsv = "prices_bad_csv", 422,
        "The price file cannot be read as CSV.";
    EventDatesBadHeader = "event_dates_bad_header", 422,
        "The event-day file has no date column.";
    EventDatesBadRow = "event_dates_bad_row", 422,
        "A row of the event-day file cannot be read.";
    EventDatesTooMany = "event_dates_too_many", 413,
        "The event-day file has more rows than the limit.";
    StudyOutsideData = "study_outside_data", 422,
        "An event cannot be studied: its day or windows lie outside the price data, or its ticker has none.";
    StudyTooFewReturns = "study_too_few_returns", 422,
        "An event cannot be studied: too few known returns in the estimation or event window.";
    StudyNoVariance = "study_no_variance", 422,
        "An event cannot be studied: the benchmark or the abnormal returns do not vary.";
    StudyWindowsOverlap = "study_windows_overlap", 400,
        "A study's event window starts before its estimation window ends.";
    EventDatesNoTicker = "event_dates_no_ticker", 400,
        "The event-day file has no ticker column and no tickers to study were named.";
    MarketNoPrices = "market_no_prices", 422,
        "The store holds no prices the command needs: no US prices at all, or none for the study's benchmark.";
    MarketClock = "market_clock", 500,
        "The America/New_York time zone data bundled in the program cannot be read.";
    VerifyBadTolerance = "verify_bad_tolerance", 400,
        "The tolerance of a claim check is not a number of points of at least 0.";

    // Feeds and the watcher.
    FeedRefused = "feed_refused", 403,
        "The address policy refused to connect to a feed's address.";
    FeedBadUrl = "feed_bad_url", 400,
        "A feed URL, or a redirect's Location, is not a usable http(s) URL.";
    FeedStatus = "feed_status", 502,
        "The feed's server answered with an HTTP status that is not a success.";
    FeedTooLarge = "feed_too_large", 502,
        "The feed's response body is over the feed's max_body.";
    FeedTooManyRedirects = "feed_too_many_redirects", 502,
        "The feed redirected more times than its max_redirects.";
    FeedTimeout = "feed_timeout", 504,
        "The feed did not answer within its timeout.";
    FeedUnreachable = "feed_unreachable", 502,
        "The feed's host cannot be resolved or connected to, or the exchange failed (TLS, protocol).";
    WatchConfigInvalid = "watch_config_invalid", 400,
        "A FEEDS.toml cannot be read or breaks its documented format.";

    // The HTTP API (`monazite serve`, docs/api.md).
    ApiBadParameter = "api_bad_parameter", 400,
        "A query or path parameter is unknown, repeated or not a valid value; the detail names it.";
    ApiNotFound = "api_not_found", 404,
        "No such path, or no stored item with that id.";
    ApiMethodNotAllowed = "api_method_not_allowed", 405,
        "The path does not take that HTTP method.";
    ApiBodyTooLarge = "api_body_too_large", 413,
        "The request body is over the API's body limit.";
    ApiUnsupportedMediaType = "api_unsupported_media_type", 415,
        "The request body's Content-Type is not one the endpoint reads.";
    ApiBadBody = "api_bad_body", 400,
        "The request body is not valid JSON of the endpoint's fields, or a field is not a valid value.";
    ApiTimeout = "api_timeout", 503,
        "The request took longer than the server's per-request timeout.";
    ApiInternal = "api_internal", 500,
        "The server failed while answering (a bug); the details are in its log, not the answer.";

    // Evaluation inputs.
    EvalGoldInvalid = "eval_gold_invalid", 422,
        "A line of a gold file is not a valid label.";
    EvalBenchmarkUnreadable = "eval_benchmark_unreadable", 400,
        "A file of the extraction benchmark cannot be read or decompressed.";
    EvalBenchmarkInvalid = "eval_benchmark_invalid", 422,
        "The extraction benchmark's ground truth is not valid JSON.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error that has a stable [`Code`]. Every library crate's error type
/// implements it; callers that hold a chain of errors (the command line's
/// `anyhow` chain) ask the first typed one.
pub trait ErrorCode {
    /// The code of this error.
    fn code(&self) -> Code;

    /// Its HTTP status.
    fn status(&self) -> u16 {
        self.code().status()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_snake_case() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} is used twice");
            assert!(
                !name.is_empty()
                    && name.starts_with(|c: char| c.is_ascii_lowercase())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    && !name.contains("__")
                    && !name.ends_with('_'),
                "{name} is not snake_case"
            );
        }
    }

    #[test]
    fn statuses_are_errors_and_meanings_one_line() {
        for code in Code::ALL {
            assert!(
                (400..=599).contains(&code.status()),
                "{code}: {}",
                code.status()
            );
            let meaning = code.meaning();
            assert!(!meaning.is_empty() && !meaning.contains('\n'), "{code}");
            assert!(meaning.ends_with('.'), "{code}: {meaning}");
        }
    }

    #[test]
    fn every_code_is_documented() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/errors.md");
        let docs = std::fs::read_to_string(path).expect("docs/errors.md is readable");
        // One table row per code, opening with its name and status.
        let rows: Vec<&str> = docs.lines().filter(|l| l.starts_with("| `")).collect();
        for code in Code::ALL {
            let opening = format!("| `{}` | {} |", code.as_str(), code.status());
            let found = rows.iter().filter(|r| r.starts_with(&opening)).count();
            assert_eq!(
                found, 1,
                "docs/errors.md must have one row opening {opening:?}"
            );
        }
        // And no row for a code that does not exist.
        let known: HashSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        for row in rows {
            let name = row
                .trim_start_matches("| `")
                .split('`')
                .next()
                .unwrap_or("");
            assert!(
                known.contains(name),
                "docs/errors.md lists unknown code {name:?}"
            );
        }
    }
}
