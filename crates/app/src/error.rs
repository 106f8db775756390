//! The one error type of the use cases.

use monazite_market::study::Window;
use monazite_store::StoreError;
use monazite_types::error_code::{Code, ErrorCode};

/// Why a use case could not do what was asked. A failure of one input of
/// a batch is not one of these: the batch reports it through its sink and
/// goes on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// The store failed; its message and code are the store's own.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The time zone data bundled in the binary could not be read.
    #[error("loading the America/New_York time zone")]
    Clock(#[source] jiff::Error),
    /// A stored brief is not the JSON it was written as (or the history
    /// cannot be added back to it).
    #[error("reading the stored brief of document {doc}")]
    Brief {
        doc: i64,
        #[source]
        source: serde_json::Error,
    },
    /// A market use case needs the US sessions the stored prices show.
    #[error("the store holds no US prices: run `monazite prices import` first")]
    NoUsPrices,
    /// A study needs its benchmark's prices.
    #[error(
        "no prices for the benchmark {benchmark}: import them (`monazite prices import`) \
         or choose another benchmark"
    )]
    NoBenchmark { benchmark: String },
    /// The verifier's tolerance is not a number of points ≥ 0.
    #[error("the tolerance must be a number of points ≥ 0, got {0}")]
    BadTolerance(f64),
    /// An event window starts before the estimation window ends, so the
    /// model would be fitted on the reaction it measures.
    #[error(
        "the event window {window} overlaps the estimation window {estimation}: \
         move one of them"
    )]
    WindowsOverlap { window: Window, estimation: Window },
    /// A file of event days without a ticker column, and no tickers named.
    #[error("the file has no ticker column: name the tickers to study")]
    NoTickerColumn,
}

impl ErrorCode for AppError {
    fn code(&self) -> Code {
        match self {
            AppError::Store(e) => e.code(),
            AppError::Clock(_) => Code::MarketClock,
            AppError::Brief { .. } => Code::StoreCorrupt,
            AppError::NoUsPrices | AppError::NoBenchmark { .. } => Code::MarketNoPrices,
            AppError::BadTolerance(_) => Code::VerifyBadTolerance,
            AppError::WindowsOverlap { .. } => Code::StudyWindowsOverlap,
            AppError::NoTickerColumn => Code::EventDatesNoTicker,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_error_keeps_its_message_and_code() {
        let inner = StoreError::UnknownTable("bogus".into());
        let message = inner.to_string();
        let err = AppError::from(inner);
        assert_eq!(err.to_string(), message);
        assert_eq!(err.code(), Code::StoreUnknownTable);
    }

    #[test]
    fn each_kind_has_its_own_code() {
        let window = Window::new(-20, 0);
        let estimation = Window::new(-250, -11);
        let cases = [
            (AppError::NoUsPrices, Code::MarketNoPrices),
            (
                AppError::NoBenchmark {
                    benchmark: "SPY".into(),
                },
                Code::MarketNoPrices,
            ),
            (AppError::BadTolerance(-1.0), Code::VerifyBadTolerance),
            (
                AppError::WindowsOverlap { window, estimation },
                Code::StudyWindowsOverlap,
            ),
            (AppError::NoTickerColumn, Code::EventDatesNoTicker),
        ];
        for (err, code) in cases {
            assert_eq!(err.code(), code, "{err}");
        }
    }
}
