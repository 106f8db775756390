//! The handlers and the router: each reads its parameters, runs one store
//! query on a pooled connection (or one analysis) on a blocking thread,
//! and answers with the wire records the CLI's `--json` prints.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Router};
use monazite_report::wire;
use monazite_store::query::{BriefCursor, BriefFilter, EventFilter, StorylineFilter};
use monazite_types::error_code::Code;
use monazite_types::Published;
use serde::Deserialize;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

use crate::limits::{MAX_BODY_BYTES, REQUEST_TIMEOUT};
use crate::output::{self, Format};
use crate::params::{cursor_text, ticker_in_path, Params};
use crate::problem::{self, ApiError};
use crate::AppState;

/// The whole API. Layers, outermost first: bare error statuses become
/// problem documents; the per-request timeout; panics become a 500
/// problem (never their message); the body limit.
pub fn router(state: AppState) -> Router {
    router_with_timeout(state, REQUEST_TIMEOUT)
}

/// [`router`] with another per-request timeout (for tests of it).
pub fn router_with_timeout(state: AppState, timeout: std::time::Duration) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/v1/briefs", get(briefs))
        .route("/v1/briefs/{id}", get(brief))
        .route("/v1/events", get(events))
        .route("/v1/storylines", get(storylines))
        .route("/v1/storylines/{id}", get(storyline))
        .route("/v1/tickers/{ticker}", get(ticker))
        .route("/v1/analyze", post(analyze_text))
        .fallback(|| async { ApiError::not_found("no such path") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CatchPanicLayer::custom(|_panic| {
            ApiError::internal("a handler panicked").into_response()
        }))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(middleware::map_response(problem_for_bare_status))
        .with_state(state)
}

/// A response with an error status and no body of its own (405 from the
/// router, 503 from the timeout) becomes the problem document of that
/// status.
async fn problem_for_bare_status(response: Response) -> Response {
    let status = response.status();
    if (status.is_client_error() || status.is_server_error())
        && !response.headers().contains_key(header::CONTENT_TYPE)
    {
        if let Some(problem) = ApiError::for_status(status) {
            return problem.into_response();
        }
    }
    response
}

async fn healthz() -> Result<Response, ApiError> {
    output::one(&serde_json::json!({"status": "ok"}))
}

/// Ready when a store connection answers.
async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.read(|store| Ok(store.schema_version()?)).await {
        Ok(_) => output::one(&serde_json::json!({"status": "ready"})).into_response(),
        // Not ready is 503 whatever the store's own code says.
        Err(e) => e.with_status(StatusCode::SERVICE_UNAVAILABLE),
    }
}

/// A store id in the path.
fn path_id(path: Result<Path<String>, PathRejection>) -> Result<i64, ApiError> {
    let Path(text) = path.map_err(|_| ApiError::parameter("id", "not readable"))?;
    text.parse::<i64>()
        .ok()
        .filter(|&id| id > 0)
        .ok_or_else(|| {
            ApiError::parameter(
                "id",
                format!("must be a positive whole number, not {text:?}"),
            )
        })
}

/// `min_relevance` only means something with `ticker`.
fn relevance_needs_ticker(ticker: &Option<String>, min: Option<u8>) -> Result<(), ApiError> {
    if ticker.is_none() && min.is_some() {
        return Err(ApiError::parameter("min_relevance", "needs ticker"));
    }
    Ok(())
}

async fn briefs(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let mut p = Params::parse(
        query.as_deref(),
        &[
            "ticker",
            "min_relevance",
            "material",
            "country",
            "type",
            "status",
            "q",
            "from",
            "to",
            "after",
            "limit",
        ],
    )?;
    let limit = p.limit()?;
    let filter = BriefFilter {
        ticker: p.ticker("ticker")?,
        min_relevance: p.relevance("min_relevance")?,
        material: p.id("material")?,
        country: p.country("country")?,
        kind: p.id("type")?,
        status: p.id("status")?,
        text: p.text("q")?,
        from: p.day("from")?,
        to: p.day("to")?,
        after: p.cursor("after")?,
        // One more than asked: whether there is a next page.
        limit: limit + 1,
    };
    relevance_needs_ticker(&filter.ticker, filter.min_relevance)?;
    if let Some(q) = &filter.text {
        if monazite_store::query::fts_query(q).is_empty() {
            return Err(ApiError::parameter("q", "holds no word to search for"));
        }
    }
    let mut rows = state.store.read(move |s| Ok(s.briefs(&filter)?)).await?;
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|last| {
            cursor_text(&BriefCursor {
                day: last.doc.day.clone(),
                id: last.doc.id,
            })
        })
    } else {
        None
    };
    let items: Vec<wire::BriefSummary> = rows.iter().map(Into::into).collect();
    output::list(Format::of(&headers), &items, next)
}

async fn brief(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(path)?;
    // The show use case: with prices in the store, the brief's history
    // and each claim checked, as `show --json` prints them.
    let shown = state
        .store
        .read(move |s| Ok(monazite_app::show::show(s, id)?))
        .await?;
    match shown {
        Some(shown) => output::one(&shown.to_wire()),
        None => Err(ApiError::not_found(format!("no brief with id {id}"))),
    }
}

async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let mut p = Params::parse(
        query.as_deref(),
        &[
            "ticker",
            "min_relevance",
            "type",
            "status",
            "material",
            "country",
            "from",
            "to",
            "storyline",
            "first_reports",
            "limit",
        ],
    )?;
    let filter = EventFilter {
        ticker: p.ticker("ticker")?,
        min_relevance: p.relevance("min_relevance")?,
        kind: p.id("type")?,
        status: p.id("status")?,
        element: p.id("material")?,
        country: p.country("country")?,
        from: p.day("from")?,
        to: p.day("to")?,
        storyline: p.store_id("storyline")?,
        first_reports: p.flag("first_reports")?,
        limit: Some(p.limit()?),
    };
    relevance_needs_ticker(&filter.ticker, filter.min_relevance)?;
    let rows = state.store.read(move |s| Ok(s.events(&filter)?)).await?;
    let items: Vec<wire::Event> = rows.iter().map(Into::into).collect();
    output::list(Format::of(&headers), &items, None)
}

async fn storylines(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let mut p = Params::parse(
        query.as_deref(),
        &["type", "actor", "ticker", "min_documents", "limit"],
    )?;
    let filter = StorylineFilter {
        kind: p.id("type")?,
        actor: p.actor("actor")?,
        ticker: p.ticker("ticker")?,
        min_documents: p.number("min_documents", 1, u32::MAX as u64)?.unwrap_or(1) as usize,
        limit: Some(p.limit()?),
    };
    let rows = state
        .store
        .read(move |s| Ok(s.storylines(&filter)?))
        .await?;
    let items: Vec<wire::Storyline> = rows.iter().map(Into::into).collect();
    output::list(Format::of(&headers), &items, None)
}

async fn storyline(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(path)?;
    match state.store.read(move |s| Ok(s.storyline(id)?)).await? {
        Some(row) => output::one(&wire::Storyline::from(&row)),
        None => Err(ApiError::not_found(format!("no storyline with id {id}"))),
    }
}

/// A ticker's timeline: the documents about it, oldest first.
async fn ticker(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let Path(symbol) = path.map_err(|_| ApiError::parameter("ticker", "not readable"))?;
    let ticker = ticker_in_path("ticker", symbol)?;
    let mut p = Params::parse(query.as_deref(), &["min_relevance", "limit"])?;
    let min_relevance = p.relevance("min_relevance")?;
    let limit = p.limit()?;
    let rows = state
        .store
        .read(move |s| Ok(s.timeline(&ticker, limit, min_relevance)?))
        .await?;
    let items: Vec<wire::TimelineEntry> = rows.iter().map(Into::into).collect();
    output::list(Format::of(&headers), &items, None)
}

/// The JSON body of `POST /v1/analyze`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeRequest {
    text: String,
    /// A day `YYYY-MM-DD` or an RFC 3339 instant.
    published: Option<String>,
}

/// The media type of a request, lowercased, without parameters, and its
/// charset parameter if any.
fn media_type(headers: &HeaderMap) -> Option<(String, Option<String>)> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mut parts = value.split(';').map(str::trim);
    let media = parts.next()?.to_ascii_lowercase();
    let charset = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase());
    Some((media, charset))
}

/// A text in (`{text, published?}` as JSON, or the text itself as
/// text/plain with `?published=`), its brief out; nothing is stored.
async fn analyze_text(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            problem::body_too_large()
        } else {
            ApiError::new(Code::ApiBadBody, "the body could not be read")
        }
    })?;
    let mut p = Params::parse(query.as_deref(), &["published"])?;
    let published_param = p.text("published")?;
    let (text, published) = match media_type(&headers) {
        Some((media, _)) if media == "application/json" => {
            let request: AnalyzeRequest = serde_json::from_slice(&body).map_err(|e| {
                ApiError::new(
                    Code::ApiBadBody,
                    format!("the body is not valid JSON of {{text, published?}}: {e}"),
                )
            })?;
            if request.published.is_some() && published_param.is_some() {
                return Err(ApiError::parameter(
                    "published",
                    "given both in the body and the query",
                ));
            }
            (request.text, request.published.or(published_param))
        }
        Some((media, charset)) if media == "text/plain" => {
            if charset
                .as_deref()
                .is_some_and(|c| c != "utf-8" && c != "utf8")
            {
                return Err(ApiError::new(
                    Code::ApiUnsupportedMediaType,
                    "text/plain is read as UTF-8 only",
                ));
            }
            let text = String::from_utf8(body.to_vec()).map_err(|e| {
                ApiError::new(
                    Code::InputNotUtf8,
                    format!(
                        "the body is not valid UTF-8 (byte {})",
                        e.utf8_error().valid_up_to()
                    ),
                )
            })?;
            (text, published_param)
        }
        other => {
            let shown = other.map_or_else(|| "none".to_string(), |(m, _)| format!("{m:?}"));
            return Err(ApiError::new(
                Code::ApiUnsupportedMediaType,
                format!("send application/json or text/plain, not {shown}"),
            ));
        }
    };
    if text.contains('\0') {
        return Err(ApiError::new(
            Code::InputBinary,
            "the text holds NUL bytes: binary data, not text",
        ));
    }
    if text.trim().is_empty() {
        return Err(ApiError::new(Code::InputEmpty, "the text is empty"));
    }
    let day = match published {
        None => None,
        Some(p) => Some(
            Published::from_str(&p)
                .map_err(|_| {
                    ApiError::new(
                        Code::ApiBadBody,
                        format!(
                            "published: must be a day YYYY-MM-DD or an RFC 3339 instant, not {p:?}"
                        ),
                    )
                })?
                .utc_day(),
        ),
    };
    let permit = state
        .analyses
        .clone()
        .acquire_owned()
        .await
        .map_err(ApiError::internal)?;
    let pack = state.pack.clone();
    let record = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        // The one brief of a text, as analyze and ingest make it.
        monazite_app::ingest::brief(&pack, "request", &text, day)
    })
    .await
    .map_err(ApiError::internal)?;
    output::one(&record)
}
