//! `monazite prices import` and `monazite prices list`: daily price files
//! into the store, and what the store holds (docs/prices.md).
//!
//! Import reads each file whole (at most
//! [`monazite_market::import::MAX_FILE_BYTES`]), parses it with
//! [`monazite_market::import::parse`] and stores its rows in one
//! transaction, so a file is either imported or not. A bad file is reported
//! as `monazite: PATH: PROBLEM` and the others go on; the exit code is 2 at
//! the end if any failed.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use monazite_ingest::{Walk, Walked};
use monazite_market::import::{self, Options, Parsed, MAX_FILE_BYTES};
use monazite_report::wire;
use monazite_store::prices::{PutTally, CHANGED_CLOSE};
use monazite_store::Store;

use crate::flags::{PricesImportFlags, PricesListFlags};
use crate::table::Table;

/// Extensions a folder walk imports; a file named on the command line is
/// imported whatever its name.
const EXTENSIONS: &[&str] = &["csv", "txt"];

/// Tickers whose changed closes are shown per file; the rest are counted.
const MAX_CHANGES_SHOWN: usize = 5;

/// "1 row", "2 rows".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("{n} {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The files `paths` name, in order: files as named, folders through the
/// walk every command shares ([`monazite_ingest::walk`]: sorted, links
/// followed, each real file once, loops and hidden entries left out) for
/// `.csv` and `.txt` files, the folder's README, SOURCE, LICENSE… left out
/// as `ingest` leaves them out; with what the walks skipped, in place.
fn price_files(paths: &[PathBuf]) -> Vec<Walked> {
    paths
        .iter()
        .flat_map(|path| Walk::new(path, is_price_file))
        .collect()
}

/// A file a folder walk imports.
fn is_price_file(path: &Path) -> bool {
    let wanted = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)));
    wanted && monazite_ingest::walk_reads(path)
}

/// A file's bytes, refused unread when over the size limit.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let len = file
        .metadata()
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(import::ImportError::TooLarge { bytes: len }.to_string());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // One byte over the limit is enough to tell a file that grew since.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    Ok(bytes)
}

/// Opens the store for writing, creating its folder when needed.
/// What importing all the files did.
#[derive(Default)]
struct Totals {
    rows: usize,
    tally: PutTally,
    tickers: HashSet<String>,
    files: usize,
    failed: usize,
}

pub fn import(db: &Path, flags: &PricesImportFlags) -> anyhow::Result<ExitCode> {
    if let (Some(from), Some(until)) = (flags.from, flags.until) {
        if from > until {
            anyhow::bail!("--from {from} is after --until {until}");
        }
    }
    let files = price_files(&flags.paths);
    if flags.ticker.is_some() {
        let n = files
            .iter()
            .filter(|f| matches!(f, Walked::File(_)))
            .count();
        if n > 1 {
            anyhow::bail!("--ticker names the ticker of one file, but {n} files were given");
        }
    }
    let options = Options {
        ticker: flags.ticker.clone(),
        from: flags.from,
        until: flags.until,
    };
    let mut store = crate::queries::open_for_writing(db)?;
    let mut totals = Totals::default();
    for file in files {
        let path = match file {
            Walked::File(path) => path,
            Walked::Skipped(skip) => {
                // A loop or a second link to a file is a note; a folder
                // or link that could not be read is a failure.
                eprintln!("monazite: {skip}");
                totals.failed += usize::from(skip.is_error());
                continue;
            }
        };
        let name = path.display().to_string();
        match import_file(&mut store, &path, &name, &options, &mut totals) {
            Ok((line, tally)) => {
                // Written, not println!d: a closed pipe is an error the
                // caller treats as success, not a panic.
                writeln!(std::io::stdout().lock(), "{line}")?;
                report_changes(&name, &tally);
                totals.files += 1;
            }
            Err(problem) => {
                eprintln!("monazite: {name}: {problem}");
                totals.failed += 1;
            }
        }
    }
    let t = &totals.tally;
    writeln!(
        std::io::stdout().lock(),
        "imported {} (new {}, replaced {}, changed close {}) for {} from {}, failed {}",
        count(totals.rows, "row"),
        t.new,
        t.replaced(),
        t.changed,
        count(totals.tickers.len(), "ticker"),
        count(totals.files, "file"),
        totals.failed
    )?;
    Ok(if totals.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Imports one file: its line for standard output and what storing did.
/// `Err` is the problem that made the whole file fail (nothing of it is
/// stored then). A store error fails the file too: the batch goes on and
/// each later file reports it if it persists.
fn import_file(
    store: &mut Store,
    path: &Path,
    name: &str,
    options: &Options,
    totals: &mut Totals,
) -> Result<(String, PutTally), String> {
    let bytes = read_file(path)?;
    let parsed = import::parse(name, &bytes, options).map_err(|e| e.to_string())?;
    drop(bytes);
    report_skipped(name, &parsed);
    if parsed.read == 0 {
        return Err("no rows after the header".into());
    }
    // Rows all outside --from/--until are what was asked for; rows all
    // bad are a file that is not what it seems.
    if parsed.rows.is_empty() && parsed.outside == 0 && parsed.skipped.total() > 0 {
        return Err(format!(
            "no usable rows: all {} skipped ({})",
            parsed.skipped.total(),
            parsed.skipped
        ));
    }
    let tally = store
        .put_prices(name, &parsed.rows)
        .map_err(|e| format!("storing the rows: {e}"))?;
    let mut line = format!(
        "{name}: {}, {}, {} skipped; new {}, replaced {}, changed close {}",
        count(parsed.rows.len(), "row"),
        count(parsed.tickers, "ticker"),
        parsed.skipped.total(),
        tally.new,
        tally.replaced(),
        tally.changed
    );
    if parsed.outside > 0 {
        line.push_str(&format!(
            "; {} outside --from/--until",
            count(parsed.outside, "row")
        ));
    }
    if parsed.repeated > 0 {
        line.push_str(&format!(
            "; {} repeated a day (the later kept)",
            count(parsed.repeated, "row")
        ));
    }
    totals.rows += parsed.rows.len();
    totals.tally.add(&tally);
    let mut last: Option<&str> = None;
    for (ticker, _) in &parsed.rows {
        // Rows come sorted by ticker: one set lookup per ticker.
        if last != Some(ticker.as_str()) {
            totals.tickers.insert(ticker.clone());
            last = Some(ticker);
        }
    }
    Ok((line, tally))
}

/// The first skipped rows with their lines, on stderr.
fn report_skipped(name: &str, parsed: &Parsed) {
    for problem in &parsed.problems {
        eprintln!("{name}: skipped {problem}");
    }
    let more = parsed.skipped.total() - parsed.problems.len();
    if more > 0 {
        eprintln!(
            "{name}: skipped {} more ({} in all: {})",
            count(more, "row"),
            parsed.skipped.total(),
            parsed.skipped
        );
    }
}

/// Tickers whose stored closes this file changed, largest change first:
/// the sign of sources adjusted differently (or of a partial last day).
fn report_changes(name: &str, tally: &PutTally) {
    for c in tally.changes.iter().take(MAX_CHANGES_SHOWN) {
        eprintln!(
            "{name}: {}: close changed on {} (by more than {}%), most on {}: {} → {} ({:+.3}%)",
            c.ticker,
            count(c.days, "day"),
            CHANGED_CLOSE * 100.0,
            c.day,
            c.old,
            c.new,
            (c.new - c.old) / c.old * 100.0
        );
    }
    if tally.changes.len() > MAX_CHANGES_SHOWN {
        eprintln!(
            "{name}: and {} more with changed closes",
            count(tally.changes.len() - MAX_CHANGES_SHOWN, "ticker")
        );
    }
}

pub fn list(db: &Path, flags: &PricesListFlags) -> anyhow::Result<ExitCode> {
    if !db.exists() {
        anyhow::bail!(
            "no store at {} (run `monazite prices import` first, or pass --db)",
            db.display()
        );
    }
    let store = Store::open(db).with_context(|| format!("opening the store {}", db.display()))?;
    let summaries = store.price_tickers()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if flags.json {
        for s in &summaries {
            let record = wire::PriceSeries {
                schema: wire::schema("price_series"),
                ticker: s.ticker.clone(),
                first: s.first.to_string(),
                last: s.last.to_string(),
                days: s.days,
                ohlc_days: s.ohlc_days,
                has_ohlc: s.has_ohlc,
            };
            serde_json::to_writer(&mut out, &record)?;
            out.write_all(b"\n")?;
        }
    } else if summaries.is_empty() {
        writeln!(out, "no prices stored")?;
    } else {
        let mut table = Table::new(&["ticker", "first", "last", "days", "ohlc"]);
        for s in &summaries {
            let ohlc = if s.ohlc_days == s.days {
                "yes".to_string()
            } else if s.ohlc_days == 0 {
                "no".to_string()
            } else {
                format!("{} days", s.ohlc_days)
            };
            table.row(vec![
                s.ticker.clone(),
                s.first.to_string(),
                s.last.to_string(),
                s.days.to_string(),
                ohlc,
            ]);
        }
        out.write_all(table.render().as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
