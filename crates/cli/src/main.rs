//! The `monazite` command: a thin layer over the pack, the analysis, the
//! wire formats and the evaluation.
//!
//! Exit codes: 0 when everything went well; 1 when an evaluation falls
//! below a bar; 2 when an input or the command failed. A batch goes on past
//! a bad input and reports the failure at the end.
//!
//! A failure's message ends with its stable code (`(error
//! store_not_a_database)`, see docs/errors.md), the same the HTTP server
//! answers with, so that scripts need not read the message.

mod audit;
mod commands;
mod config;
mod corpus;
mod flags;
mod ingest;
mod market;
mod prices;
mod queries;
mod serve;
mod silver;
mod study;
mod table;

use std::process::ExitCode;

use clap::Parser;
use monazite_types::error_code::{Code, ErrorCode};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            match error_code(&err) {
                Some(code) => eprintln!("monazite: {err:#} (error {code})"),
                None => eprintln!("monazite: {err:#}"),
            }
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    use flags::Command;
    let flags = flags::Flags::parse();
    let db = flags
        .db
        .clone()
        .unwrap_or_else(monazite_store::default_path);
    // Only the commands that analyse compile the pack.
    let config = || config::Config::new(&flags);
    match &flags.command {
        // Only a store the user names: see `commands::history_store`.
        Command::Analyze(f) => commands::analyze(&config()?, flags.db.as_deref(), f),
        Command::Eval(f) => commands::eval(&config()?, f),
        Command::EvalSentiment(f) => commands::eval_sentiment(&config()?, f),
        Command::Pack => commands::pack(&config()?),
        Command::EvalExtract(f) => commands::eval_extract(f),
        Command::EvalTickers(f) => silver::eval_tickers(&config()?, f),
        Command::Extract(f) => ingest::extract(f),
        Command::Ingest(f) => ingest::ingest(&config()?, &db, f),
        Command::Reanalyze(f) => ingest::reanalyze(&config()?, &db, f),
        Command::Watch(f) => ingest::watch(&config()?, &db, f),
        Command::Search(f) => queries::search(&db, f),
        Command::Events(f) => queries::events(&db, f),
        Command::Timeline(f) => queries::timeline(&db, f),
        Command::Storylines(f) => queries::storylines(&db, f),
        Command::Show(f) => queries::show(&db, f),
        Command::Prices(flags::PricesCommand::Import(f)) => prices::import(&db, f),
        Command::Prices(flags::PricesCommand::List(f)) => prices::list(&db, f),
        Command::Verify(f) => market::verify(&db, f),
        Command::Study(f) => study::study(&db, f),
        Command::Audit(flags::AuditCommand::Draw(f)) => audit::draw(&config()?, &db, f),
        Command::Audit(flags::AuditCommand::Score(f)) => audit::score(f),
        Command::Serve(f) => serve::serve(config()?, &db, f),
    }
}

/// The code of the first error in the chain that has one: the outermost
/// typed error is the most specific the libraries said (contexts added
/// here are plain text).
fn error_code(err: &anyhow::Error) -> Option<Code> {
    err.chain().find_map(code_of)
}

/// The code of one error, if it is one of the libraries' error types.
fn code_of(e: &(dyn std::error::Error + 'static)) -> Option<Code> {
    /// Tries each type in turn.
    macro_rules! first_of {
        ($($t:ty),+ $(,)?) => {
            $(if let Some(e) = e.downcast_ref::<$t>() {
                return Some(e.code());
            })+
        };
    }
    first_of!(
        monazite_app::AppError,
        monazite_store::StoreError,
        monazite_pack::PackError,
        monazite_ingest::ItemError,
        monazite_ingest::ItemErrorKind,
        monazite_ingest::HeaderError,
        monazite_ingest::CsvMappingError,
        monazite_market::import::ImportError,
        monazite_market::event_dates::EventDatesError,
        monazite_market::study::Skip,
        monazite_watch::FetchError,
        monazite_watch::ConfigError,
        monazite_watch::ValueError,
        monazite_watch::Refusal,
        monazite_eval::gold::GoldError,
        monazite_eval::extraction::BenchmarkError,
    );
    None
}

/// A closed pipe (`monazite analyze . | head`) is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
