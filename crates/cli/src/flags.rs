//! Command-line flags, parsed before anything is built (the second stage,
//! [`crate::config`], owns the compiled pack).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "monazite",
    version,
    about = "Reads critical-minerals news and turns it into structured, market-linked briefs."
)]
pub struct Flags {
    /// Knowledge pack folder (default: $MONAZITE_PACK, else the bundled critical-minerals pack).
    #[arg(long, global = true, value_name = "DIR")]
    pub pack: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse articles (.txt and .md files, folders, or - for standard input) into briefs.
    Analyze(AnalyzeFlags),
    /// Score briefs against gold labels (shared/gold/README.md).
    Eval(EvalFlags),
    /// Score sentence sentiment on a Financial PhraseBank file (sentence@label lines, Latin-1).
    EvalSentiment(EvalSentimentFlags),
    /// Check a knowledge pack and print what it holds.
    Pack,
}

#[derive(Debug, clap::Args)]
pub struct AnalyzeFlags {
    /// Files, folders (searched recursively for .txt and .md), or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Publication date of the articles (YYYY-MM-DD), when the text does not say.
    #[arg(long, value_name = "DATE")]
    pub published: Option<jiff::civil::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object per line (schema: docs/brief-schema.md).
    Jsonl,
    /// A Markdown brief per article.
    Md,
}

#[derive(Debug, clap::Args)]
pub struct EvalFlags {
    /// Gold labels, JSON Lines.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Folder the labels' `doc` paths are relative to (default: the gold file's folder, else its parent).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Fail (exit 1) when a facet's F1 is below a bar, e.g. --min tickers=0.95.
    #[arg(long = "min", value_name = "FACET=X", value_parser = parse_bar)]
    pub bars: Vec<(String, f64)>,
}

#[derive(Debug, clap::Args)]
pub struct EvalSentimentFlags {
    /// A Financial PhraseBank file such as Sentences_AllAgree.txt.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Fail (exit 1) below this accuracy.
    #[arg(long, value_name = "X")]
    pub min_accuracy: Option<f64>,
    /// Fail (exit 1) below this macro-F1.
    #[arg(long, value_name = "X")]
    pub min_macro_f1: Option<f64>,
}

fn parse_bar(s: &str) -> Result<(String, f64), String> {
    let (facet, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FACET=X, got {s:?}"))?;
    if !monazite_eval::score::FACETS.contains(&facet) {
        return Err(format!(
            "unknown facet {facet:?}; facets are {}",
            monazite_eval::score::FACETS.join(", ")
        ));
    }
    let value: f64 = value
        .parse()
        .map_err(|_| format!("{value:?} is not a number"))?;
    Ok((facet.to_string(), value))
}
