//! The `monazite` command: a thin layer over the pack, the analysis, the
//! wire formats and the evaluation.
//!
//! Exit codes: 0 when everything went well; 1 when an evaluation falls
//! below a bar; 2 when an input or the command failed. A batch goes on past
//! a bad input and reports the failure at the end.

mod commands;
mod config;
mod flags;
mod input;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("monazite: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let flags = flags::Flags::parse();
    let config = config::Config::new(&flags)?;
    match &flags.command {
        flags::Command::Analyze(f) => commands::analyze(&config, f),
        flags::Command::Eval(f) => commands::eval(&config, f),
        flags::Command::EvalSentiment(f) => commands::eval_sentiment(&config, f),
        flags::Command::Pack => commands::pack(&config),
    }
}

/// A closed pipe (`monazite analyze . | head`) is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
