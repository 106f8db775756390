//! The API as a client meets it: the router called without a socket
//! (`oneshot`) on a store holding the sample articles (examples/news,
//! read, analysed and stored as `monazite ingest` does), and one server on
//! a real socket.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use monazite_analysis::{analyze, Article};
use monazite_ingest::{read_path, ReadOptions};
use monazite_pack::Pack;
use monazite_report::json::BriefRecord;
use monazite_serve::{limits, router, router_with_timeout, AppState};
use monazite_store::{Analysed, Incoming, Store};
use serde_json::Value;
use tower::ServiceExt;

static PACK: LazyLock<Arc<Pack>> =
    LazyLock::new(|| Arc::new(Pack::embedded().expect("the bundled pack")));

/// The sample articles' store, built once per test run.
static STORE: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("monazite-serve-api-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("store.db");
    let _ = std::fs::remove_file(&path);
    let mut store = Store::open(&path).unwrap();
    store.set_storyline_types(
        PACK.events
            .types
            .iter()
            .filter(|t| t.storyline)
            .map(|t| t.id.clone()),
    );
    let news = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/news");
    let batch: Vec<Analysed> = read_path(news.as_ref(), &ReadOptions::default())
        .map(|doc| {
            let incoming = Incoming::new(doc.expect("a sample article reads"));
            let mut article = Article::new(&incoming.text);
            article.published = incoming.day();
            let analysis = analyze(&PACK, &article);
            let brief = BriefRecord::new(&incoming.doc.origin, &incoming.text, &analysis, &PACK);
            Analysed { incoming, brief }
        })
        .collect();
    assert!(batch.len() >= 10, "the sample articles: {}", batch.len());
    store.add_batch(&batch).unwrap();
    path
});

fn state() -> AppState {
    AppState::new(STORE.clone(), PACK.clone())
}

/// What a response said: status, content type, the body.
struct Answer {
    status: StatusCode,
    content_type: String,
    next_header: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// A problem document's code, checking it is one.
    fn problem_code(&self) -> String {
        assert_eq!(self.content_type, "application/problem+json");
        let p = self.json();
        assert_eq!(p["status"], self.status.as_u16());
        assert!(p["type"]
            .as_str()
            .unwrap()
            .starts_with("urn:monazite:error:"));
        assert!(p["title"].is_string() && p["detail"].is_string(), "{p}");
        p["code"].as_str().unwrap().to_string()
    }

    fn detail(&self) -> String {
        self.json()["detail"].as_str().unwrap().to_string()
    }
}

async fn send(request: Request<Body>) -> Answer {
    send_to(state(), request).await
}

async fn send_to(state: AppState, request: Request<Body>) -> Answer {
    let response = router(state).oneshot(request).await.unwrap();
    let status = response.status();
    let header_text = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &header::HeaderValue| v.to_str().unwrap().to_string())
    };
    let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
    let next_header = header_text(header::HeaderName::from_static("monazite-next-cursor"));
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Answer {
        status,
        content_type,
        next_header,
        body,
    }
}

async fn get(uri: &str) -> Answer {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

/// The items of a JSON list, checking the answer is one.
async fn items(uri: &str) -> Vec<Value> {
    let answer = get(uri).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{uri}: {}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.content_type, "application/json");
    answer.json()["items"].as_array().unwrap().clone()
}

fn ids(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

async fn all_briefs() -> Vec<Value> {
    items("/v1/briefs?limit=1000").await
}

#[tokio::test]
async fn health_and_readiness() {
    let health = get("/healthz").await;
    assert_eq!(
        (health.status, health.json()["status"].clone()),
        (StatusCode::OK, "ok".into())
    );
    let ready = get("/readyz").await;
    assert_eq!(ready.json()["status"], "ready");
    // A store that does not open: up, but not ready, and no path told.
    let missing = std::env::temp_dir().join("monazite-serve-no-such-dir/none.db");
    let state = AppState::new(missing, PACK.clone());
    let ready = send_to(state, Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.problem_code(), "store_cannot_open");
    assert!(!String::from_utf8_lossy(&ready.body).contains("monazite-serve-no-such-dir"));
}

#[tokio::test]
async fn briefs_list_every_stored_brief_newest_first() {
    let all = all_briefs().await;
    let stored = Store::open_read_only(&STORE)
        .unwrap()
        .document_count()
        .unwrap();
    assert_eq!(all.len() as i64, stored);
    assert!(all.iter().all(|b| b["schema"] == "brief_summary/1.0"));
    let days: Vec<&str> = all.iter().filter_map(|b| b["day"].as_str()).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    // The default page is limits::DEFAULT_LIMIT long at most.
    assert_eq!(
        items("/v1/briefs").await.len(),
        all.len().min(limits::DEFAULT_LIMIT)
    );
    let first = &all[0];
    assert!(
        first["impact"].is_number() && first.get("title").is_some(),
        "{first}"
    );
    let tickers = first["tickers"].as_array().unwrap();
    assert!(!tickers.is_empty() && tickers.len() <= 20, "{first}");
}

#[tokio::test]
async fn pages_join_to_the_whole_list_without_repeats() {
    let whole = ids(&all_briefs().await);
    for size in [1, 3, 7] {
        let mut joined = Vec::new();
        let mut uri = format!("/v1/briefs?limit={size}");
        loop {
            let answer = get(&uri).await;
            let page = answer.json();
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= size);
            joined.extend(ids(items));
            match page["next"].as_str() {
                Some(next) => {
                    assert_eq!(answer.next_header.as_deref(), Some(next));
                    uri = format!("/v1/briefs?limit={size}&after={next}");
                }
                None => break,
            }
        }
        assert_eq!(joined, whole, "pages of {size}");
    }
    // A filtered listing pages the same way.
    let mp = ids(&items("/v1/briefs?ticker=MP&limit=1000").await);
    let page = get("/v1/briefs?ticker=MP&limit=2").await.json();
    let next = page["next"]
        .as_str()
        .expect("MP is in more than 2 articles");
    let rest = ids(&items(&format!("/v1/briefs?ticker=MP&limit=1000&after={next}")).await);
    let mut joined = ids(page["items"].as_array().unwrap());
    joined.extend(rest);
    assert_eq!(joined, mp);
}

/// The stored document of a listed brief.
async fn document(id: i64) -> Value {
    let answer = get(&format!("/v1/briefs/{id}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.json()
}

#[tokio::test]
async fn filters_select_what_they_name() {
    let all = all_briefs().await.len();
    let mp = items("/v1/briefs?ticker=mp&limit=1000").await;
    assert!(!mp.is_empty() && mp.len() < all, "{}", mp.len());
    assert!(mp.iter().all(|b| b["tickers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["ticker"] == "MP")));
    let about = items("/v1/briefs?ticker=MP&min_relevance=50&limit=1000").await;
    assert!(about.len() <= mp.len());
    for b in &about {
        let t = b["tickers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["ticker"] == "MP")
            .unwrap();
        assert!(t["relevance"].as_u64().unwrap() >= 50, "{b}");
    }

    let dy = items("/v1/briefs?material=dysprosium&limit=1000").await;
    assert!(!dy.is_empty() && dy.len() < all);
    for b in &dy {
        let brief = &document(b["id"].as_i64().unwrap()).await["brief"];
        let names = |facet: &str| -> Vec<String> {
            brief[facet]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].as_str().unwrap_or("").to_string())
                .collect()
        };
        let (elements, groups) = (names("elements"), names("groups"));
        assert!(
            elements.iter().chain(&groups).any(|e| e == "dysprosium"),
            "{elements:?} {groups:?}"
        );
    }

    let cn = items("/v1/briefs?country=CN&limit=1000").await;
    assert!(!cn.is_empty());
    for b in &cn {
        let brief = &document(b["id"].as_i64().unwrap()).await["brief"];
        let codes: Vec<&str> = brief["countries"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["code"].as_str())
            .collect();
        assert!(codes.contains(&"CN"), "{codes:?}");
    }

    let events = items("/v1/events?limit=1000").await;
    let kind = events[0]["type"].as_str().unwrap().to_string();
    let of_kind = items(&format!("/v1/briefs?type={kind}&limit=1000")).await;
    assert!(!of_kind.is_empty());
    assert!(of_kind.iter().all(|b| b["event_types"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == kind.as_str())));
    let status = events[0]["status"].as_str().unwrap();
    let both = items(&format!(
        "/v1/briefs?type={kind}&status={status}&limit=1000"
    ))
    .await;
    assert!(!both.is_empty() && both.len() <= of_kind.len());

    let gallium = items("/v1/briefs?q=gallium&limit=1000").await;
    assert!(!gallium.is_empty() && gallium.len() < all);
    for b in &gallium {
        let text = document(b["id"].as_i64().unwrap()).await["text"]
            .as_str()
            .unwrap()
            .to_lowercase();
        assert!(text.contains("gallium"));
    }
    assert!(items("/v1/briefs?q=zzyzxnotaword").await.is_empty());

    let days: Vec<String> = items("/v1/briefs?limit=1000")
        .await
        .iter()
        .filter_map(|b| b["day"].as_str().map(String::from))
        .collect();
    let (low, high) = (days.last().unwrap().clone(), days[0].clone());
    let mid = &days[days.len() / 2];
    let later = items(&format!("/v1/briefs?from={mid}&limit=1000")).await;
    assert!(
        !later.is_empty()
            && later
                .iter()
                .all(|b| b["day"].as_str().unwrap() >= mid.as_str())
    );
    let earlier = items(&format!("/v1/briefs?to={mid}&limit=1000")).await;
    assert!(earlier
        .iter()
        .all(|b| b["day"].as_str().unwrap() <= mid.as_str()));
    assert!(
        items(&format!("/v1/briefs?from={high}&to={low}"))
            .await
            .is_empty()
            || low == high
    );
}

#[tokio::test]
async fn ndjson_when_asked() {
    let json = items("/v1/briefs?limit=5").await;
    let answer = send(
        Request::get("/v1/briefs?limit=5")
            .header(header::ACCEPT, "application/x-ndjson")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type, "application/x-ndjson");
    let lines: Vec<Value> = String::from_utf8(answer.body.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, json);
    assert!(
        answer.next_header.is_some(),
        "more than 5 briefs: a next cursor"
    );
    // Refused with q=0, it is JSON.
    let answer = send(
        Request::get("/v1/events?limit=2")
            .header(header::ACCEPT, "application/x-ndjson;q=0, application/json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(answer.content_type, "application/json");
}

#[tokio::test]
async fn one_brief_is_the_stored_document() {
    let id = ids(&all_briefs().await)[0];
    let doc = document(id).await;
    assert_eq!(doc["schema"], "document/1.0");
    assert_eq!(doc["id"], id);
    assert!(!doc["text"].as_str().unwrap().is_empty());
    assert!(doc["brief"]["schema"].is_string());
    assert!(doc.get("checks").is_none());
    // Equal to what the store converts (the `show --json` record).
    let store = Store::open_read_only(&STORE).unwrap();
    let view = store.show(id).unwrap().unwrap();
    let expected = serde_json::to_value(monazite_report::wire::Document::from(&view)).unwrap();
    assert_eq!(doc, expected);
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404_problems() {
    for uri in [
        "/v1/briefs/999999",
        "/v1/storylines/999999",
        "/v1/nothing",
        "/",
        "/v2/briefs",
    ] {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(answer.problem_code(), "api_not_found", "{uri}");
    }
    let answer = send(Request::delete("/v1/briefs").body(Body::empty()).unwrap()).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.problem_code(), "api_method_not_allowed");
}

#[tokio::test]
async fn bad_parameters_are_400_problems_naming_them() {
    for (uri, name) in [
        ("/v1/briefs?limit=5000", "limit"),
        ("/v1/briefs?limit=0", "limit"),
        ("/v1/briefs?from=yesterday", "from"),
        ("/v1/briefs?to=2025-02-30", "to"),
        ("/v1/briefs?after=garbage", "after"),
        ("/v1/briefs?tiker=MP", "tiker"),
        ("/v1/briefs?ticker=MP&ticker=USAR", "ticker"),
        ("/v1/briefs?min_relevance=50", "min_relevance"),
        ("/v1/briefs?ticker=MP&min_relevance=101", "min_relevance"),
        ("/v1/briefs?q=%22%22", "q"),
        ("/v1/briefs?country=China", "country"),
        ("/v1/briefs?material=Rare%20Earths", "material"),
        ("/v1/events?first_reports=yes", "first_reports"),
        ("/v1/events?storyline=x", "storyline"),
        ("/v1/storylines?min_documents=0", "min_documents"),
        ("/v1/briefs/abc", "id"),
        ("/v1/storylines/-3", "id"),
        ("/v1/tickers/MP%3Bx", "ticker"),
    ] {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(answer.problem_code(), "api_bad_parameter", "{uri}");
        let detail = answer.detail();
        assert!(detail.starts_with(&format!("{name}: ")), "{uri}: {detail}");
    }
}

#[tokio::test]
async fn events_storylines_and_timelines_are_the_cli_records() {
    let store = Store::open_read_only(&STORE).unwrap();
    let events = items("/v1/events?limit=1000").await;
    assert!(!events.is_empty() && events.iter().all(|e| e["schema"] == "event/1.0"));
    let expected: Vec<Value> = store
        .events(&monazite_store::query::EventFilter {
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap()
        .iter()
        .map(|e| serde_json::to_value(monazite_report::wire::Event::from(e)).unwrap())
        .collect();
    assert_eq!(events, expected);
    let kind = events[0]["type"].as_str().unwrap();
    let of_kind = items(&format!("/v1/events?type={kind}&limit=1000")).await;
    assert!(of_kind.iter().all(|e| e["type"] == kind) && of_kind.len() <= events.len());
    assert_eq!(items("/v1/events?limit=2").await.len(), 2.min(events.len()));

    let storylines = items("/v1/storylines?limit=1000").await;
    assert!(!storylines.is_empty() && storylines.iter().all(|s| s["schema"] == "storyline/1.0"));
    for s in &storylines {
        let one = get(&format!("/v1/storylines/{}", s["id"])).await;
        assert_eq!(&one.json(), s);
    }

    let timeline = items("/v1/tickers/MP").await;
    assert!(!timeline.is_empty() && timeline.iter().all(|t| t["schema"] == "timeline_entry/1.0"));
    let expected: Vec<Value> = store
        .timeline("MP", limits::DEFAULT_LIMIT, None)
        .unwrap()
        .iter()
        .map(|t| serde_json::to_value(monazite_report::wire::TimelineEntry::from(t)).unwrap())
        .collect();
    assert_eq!(timeline, expected);
    assert!(items("/v1/tickers/NOSUCH").await.is_empty());
}

fn post(content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post("/v1/analyze")
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap()
}

const ARTICLE: &str = "MP Materials shares rose 12% on Monday after China tightened export \
    controls on rare earths, including dysprosium and terbium.";

#[tokio::test]
async fn analyze_returns_a_brief_and_stores_nothing() {
    let before = Store::open_read_only(&STORE)
        .unwrap()
        .document_count()
        .unwrap();
    let body = serde_json::json!({"text": ARTICLE, "published": "2025-10-13"}).to_string();
    let answer = send(post("application/json", body)).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let brief = answer.json();
    assert!(
        brief["schema"].as_str().unwrap().starts_with("1."),
        "{}",
        brief["schema"]
    );
    assert!(
        brief["tickers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["ticker"] == "MP"),
        "{brief}"
    );
    // The same brief as the analysis gives directly.
    let mut article = Article::new(ARTICLE);
    article.published = Some(jiff::civil::date(2025, 10, 13));
    let direct = BriefRecord::new("request", ARTICLE, &analyze(&PACK, &article), &PACK);
    assert_eq!(brief, serde_json::to_value(&direct).unwrap());
    // As text/plain, the date in the query.
    let plain = send(
        Request::post("/v1/analyze?published=2025-10-13")
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(Body::from(ARTICLE))
            .unwrap(),
    )
    .await;
    assert_eq!(plain.json(), brief);
    let after = Store::open_read_only(&STORE)
        .unwrap()
        .document_count()
        .unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn analyze_refuses_bad_bodies_with_their_codes() {
    let too_large = "a ".repeat(limits::MAX_BODY_BYTES / 2 + 1);
    let answer = send(post("text/plain", too_large)).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.problem_code(), "api_body_too_large");

    for (content_type, body, status, code) in [
        (
            "image/png",
            "x".to_string(),
            415,
            "api_unsupported_media_type",
        ),
        (
            "text/plain; charset=latin1",
            "x".to_string(),
            415,
            "api_unsupported_media_type",
        ),
        (
            "application/json",
            "{\"txt\": \"x\"}".to_string(),
            400,
            "api_bad_body",
        ),
        (
            "application/json",
            "not json".to_string(),
            400,
            "api_bad_body",
        ),
        (
            "application/json",
            "{\"text\": \"x\", \"published\": \"soon\"}".to_string(),
            400,
            "api_bad_body",
        ),
        (
            "application/json",
            "{\"text\": \"  \"}".to_string(),
            422,
            "input_empty",
        ),
        ("text/plain", "a\u{0}b".to_string(), 415, "input_binary"),
    ] {
        let answer = send(post(content_type, body.clone())).await;
        assert_eq!(answer.status.as_u16(), status, "{content_type} {body}");
        assert_eq!(answer.problem_code(), code, "{content_type} {body}");
    }
    let answer = send(post("text/plain", vec![0xffu8, 0xfe, 0x41])).await;
    assert_eq!(answer.problem_code(), "input_not_utf8");
    let answer = send(Request::post("/v1/analyze").body(Body::from("x")).unwrap()).await;
    assert_eq!(answer.problem_code(), "api_unsupported_media_type");
}

#[tokio::test]
async fn a_request_past_the_timeout_is_a_503_problem() {
    let body = serde_json::json!({ "text": ARTICLE }).to_string();
    let response = router_with_timeout(state(), std::time::Duration::ZERO)
        .oneshot(post("application/json", body))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let problem: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(problem["code"], "api_timeout");
}

#[test]
fn a_real_socket_serves_health_and_briefs() {
    let (tx, rx) = std::sync::mpsc::channel();
    let state = state();
    // The server runs until the test process ends.
    std::thread::spawn(move || {
        monazite_serve::serve(state, "127.0.0.1:0".parse().unwrap(), |bound| {
            tx.send(bound).unwrap();
        })
        .unwrap();
    });
    let addr = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the server listens");
    assert!(addr.ip().is_loopback() && addr.port() != 0);
    let health = ureq::get(&format!("http://{addr}/healthz"))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&health).unwrap()["status"],
        "ok"
    );
    let mut response = ureq::get(&format!("http://{addr}/v1/briefs?limit=3"))
        .call()
        .unwrap();
    let page: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    let got: HashSet<i64> = ids(page["items"].as_array().unwrap()).into_iter().collect();
    assert_eq!(got.len(), 3);
}

#[tokio::test]
async fn with_prices_a_brief_carries_its_claims_checks() {
    // One article claiming MP's Monday, and closes where MP rose 10% that
    // day: the document comes back with its check, as `show --json` has it.
    let dir = std::env::temp_dir().join(format!("monazite-serve-checks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("store.db");
    let _ = std::fs::remove_file(&path);
    let mut store = Store::open(&path).unwrap();
    let text = "---\ntitle: MP Materials jumps on rare earth curbs\npublished: 2025-10-14T11:00:00Z\n---\nShares of MP Materials rose 10% on Monday.\n";
    std::fs::write(dir.join("mp.md"), text).unwrap();
    let options = ReadOptions::default();
    let mut batch = Vec::new();
    for doc in read_path(&dir.join("mp.md"), &options) {
        let incoming = Incoming::new(doc.unwrap());
        let day = incoming.day();
        let brief = monazite_app::ingest::brief(&PACK, &incoming.doc.origin, &incoming.text, day);
        batch.push(Analysed { incoming, brief });
    }
    store.add_batch(&batch).unwrap();
    let mut day = jiff::civil::date(2025, 9, 1);
    let (mut mp, mut spy) = (Vec::new(), Vec::new());
    let mut close = 50.0;
    while day <= jiff::civil::date(2025, 10, 31) {
        if day.weekday().to_monday_zero_offset() < 5 {
            if day == jiff::civil::date(2025, 10, 13) {
                close *= 1.10;
            }
            mp.push((
                "MP".to_string(),
                monazite_market::Bar::close_only(day, close),
            ));
            spy.push((
                "SPY".to_string(),
                monazite_market::Bar::close_only(day, 600.0),
            ));
        }
        day = day.tomorrow().unwrap();
    }
    store.put_prices("MP.csv", &mp).unwrap();
    store.put_prices("SPY.csv", &spy).unwrap();
    drop(store);
    let id = batch_id(&path);
    let request = Request::get(format!("/v1/briefs/{id}"))
        .body(Body::empty())
        .unwrap();
    let answer = send_to(AppState::new(path.clone(), PACK.clone()), request).await;
    assert_eq!(answer.status, StatusCode::OK);
    let doc = answer.json();
    let checks = doc["checks"].as_array().expect("checks with prices");
    assert_eq!(checks.len(), 1, "{doc}");
    assert_eq!(checks[0]["ticker"], "MP");
    assert_eq!(checks[0]["verdict"], "confirmed", "{doc}");
    assert_eq!(checks[0]["schema"], "checked_claim/1.0");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The id of the one document in the store at `path`.
fn batch_id(path: &std::path::Path) -> i64 {
    let store = Store::open_read_only(path).unwrap();
    let hits = store.search("MP Materials", 5).unwrap();
    assert_eq!(hits.len(), 1);
    hits[0].doc.id
}
