//! One stored document as `show` presents it: the document, its events and
//! claims, what past events of its types did (with prices) and each claim
//! checked against the stored prices.

use monazite_report::json::{BriefRecord, HistoryItem};
use monazite_report::wire;
use monazite_store::query::DocumentView;
use monazite_store::Store;

use crate::history::History;
use crate::market::{published, us_calendar};
use crate::verify::{Checked, MoveChecker};
use crate::{AppError, Result};

/// A stored document with what the prices add to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The document as stored; its brief carries `history`.
    pub view: DocumentView,
    /// What past events of its types did to its tickers (empty without
    /// the benchmark's prices).
    pub history: Vec<HistoryItem>,
    /// Its claims checked; `None` when the store holds no US prices.
    pub checks: Option<Vec<Checked>>,
}

impl Shown {
    /// The wire record (`show --json`, the server's document).
    pub fn to_wire(&self) -> wire::Document {
        let mut document = wire::Document::from(&self.view);
        document.checks = self
            .checks
            .as_ref()
            .map(|checks| checks.iter().map(Checked::to_wire).collect());
        document
    }
}

/// The document `id`, `None` when the store has none by that id.
pub fn show(store: &Store, id: i64) -> Result<Option<Shown>> {
    let Some(mut view) = store.show(id)? else {
        return Ok(None);
    };
    // With prices in the store: what past events of its types did, and
    // whether the prices bear out its claimed moves.
    let calendar = us_calendar(store)?;
    let history = match History::load(store, &calendar)? {
        Some(mut history) => {
            let brief_error = |source| AppError::Brief { doc: id, source };
            let mut record: BriefRecord =
                serde_json::from_value(view.brief.clone()).map_err(brief_error)?;
            let when = view.published.as_deref().and_then(published);
            history.annotate(&mut record, Some(id), when)?;
            view.brief["history"] = serde_json::to_value(&record.history).map_err(brief_error)?;
            record.history
        }
        None => Vec::new(),
    };
    let checks = match MoveChecker::load(store, &calendar)? {
        Some(mut checker) => Some(checker.check_document(id)?),
        None => None,
    };
    Ok(Some(Shown {
        view,
        history,
        checks,
    }))
}
