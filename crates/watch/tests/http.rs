//! The watcher against a real HTTP server that the tests start on
//! 127.0.0.1. Nothing here leaves the machine, and nothing sleeps: times
//! are passed in.

mod support;

use std::cell::{Cell, RefCell};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use monazite_watch::{
    run_with, AddressKind, AddressPolicy, AllowEntry, Clock, Config, FeedConfig, Fetch, FetchError,
    Fetched, HttpFetcher, PollResult, Poller, Validators, WatchState,
};
use support::{Reply, Server};

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Lithium</title>
<item><title>Spodumene prices rise</title><link>https://example.com/1</link></item>
</channel></rss>"#;
const ETAG: &str = "\"feed-v1\"";
const LAST_MODIFIED: &str = "Tue, 04 Mar 2025 10:00:00 GMT";

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

const T0: u64 = 1_750_000_000;

/// Serves FEED with validators, 304 when If-None-Match matches, and 500
/// while `fail` is set.
fn feed_server(fail: Arc<AtomicBool>) -> Server {
    Server::start(move |request| {
        if fail.load(Ordering::SeqCst) {
            return Reply::status(500);
        }
        if request.header("if-none-match") == Some(ETAG) {
            return Reply::status(304).header("ETag", ETAG);
        }
        Reply::ok(FEED)
            .header("ETag", ETAG)
            .header("Last-Modified", LAST_MODIFIED)
            .header("Content-Type", "application/rss+xml")
    })
}

fn loopback_feed(server: &Server, path: &str, allow_private: bool) -> FeedConfig {
    FeedConfig {
        policy: AddressPolicy {
            allow_private,
            allow: Vec::new(),
        },
        ..FeedConfig::new("local", server.url(path))
    }
}

fn fetch(feed: &FeedConfig) -> Result<Fetched, FetchError> {
    HttpFetcher::new().fetch(feed, &Validators::default())
}

#[test]
fn first_poll_gets_the_body_then_validators_get_not_modified() {
    let server = feed_server(Arc::new(AtomicBool::new(false)));
    let toml = format!(
        "[defaults]\nallow_private = true\n\n[[feed]]\nname = \"local\"\nurl = \"{}\"\ninterval = \"5m\"\n",
        server.url("/feed.xml")
    );
    let config = Config::parse(&toml, "FEEDS.toml").expect("config");
    let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
    let fetcher = HttpFetcher::new();

    let first = poller.poll(at(T0), &fetcher);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].feed, "local");
    match &first[0].result {
        PollResult::New {
            body,
            final_url,
            content_type,
        } => {
            assert_eq!(body, FEED.as_bytes());
            assert_eq!(final_url, &server.url("/feed.xml"));
            assert_eq!(content_type.as_deref(), Some("application/rss+xml"));
        }
        other => panic!("expected the body, got {other:?}"),
    }
    let state = poller.state();
    assert_eq!(state.feeds["local"].validators.etag.as_deref(), Some(ETAG));
    assert_eq!(
        state.feeds["local"].validators.last_modified.as_deref(),
        Some(LAST_MODIFIED)
    );

    // Not due before the interval: no request.
    assert!(poller.poll(at(T0 + 299), &fetcher).is_empty());
    assert_eq!(server.requests().len(), 1);

    let second = poller.poll(at(T0 + 300), &fetcher);
    assert_eq!(second[0].result, PollResult::NotModified);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/feed.xml");
    assert_eq!(requests[0].header("if-none-match"), None);
    assert_eq!(requests[0].header("if-modified-since"), None);
    assert!(requests[0]
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with("monazite-watch/")));
    assert_eq!(requests[1].header("if-none-match"), Some(ETAG));
    assert_eq!(requests[1].header("if-modified-since"), Some(LAST_MODIFIED));

    // The persisted state carries the validators into the next run.
    let json = serde_json::to_string(&poller.state()).expect("serialise");
    let saved: WatchState = serde_json::from_str(&json).expect("deserialise");
    let mut next_run = Poller::new(&config, &saved, at(T0 + 400));
    assert!(next_run.poll(at(T0 + 400), &fetcher).is_empty());
    let later = next_run.poll(at(T0 + 600), &fetcher);
    assert_eq!(later[0].result, PollResult::NotModified);
    assert_eq!(server.requests()[2].header("if-none-match"), Some(ETAG));
}

#[test]
fn a_server_ignoring_validators_does_not_redeliver_the_same_body() {
    let server = Server::start(|_| Reply::ok(FEED));
    let config = Config {
        feeds: vec![loopback_feed(&server, "/feed.xml", true)],
    };
    let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
    let fetcher = HttpFetcher::new();
    let first = poller.poll(at(T0), &fetcher);
    assert!(matches!(first[0].result, PollResult::New { .. }));
    let second = poller.poll(at(T0 + 900), &fetcher);
    assert_eq!(second[0].result, PollResult::Unchanged);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn loopback_is_refused_without_allow_private_and_nothing_is_sent() {
    let server = feed_server(Arc::new(AtomicBool::new(false)));
    let feed = loopback_feed(&server, "/feed.xml", false);
    let error = fetch(&feed).expect_err("loopback must be refused");
    match &error {
        FetchError::Refused { url, refusal } => {
            assert_eq!(url, &server.url("/feed.xml"));
            assert_eq!(refusal.kind, AddressKind::Loopback);
            assert_eq!(refusal.addr.port(), server.port());
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let message = error.to_string();
    assert!(
        message.contains("refused to connect to 127.0.0.1"),
        "{message}"
    );
    assert!(message.contains("loopback address"), "{message}");
    assert!(message.contains("allow_private"), "{message}");

    // Other spellings of this machine.
    let port = server.port();
    for url in [
        format!("http://localhost:{port}/feed.xml"),
        format!("http://[::1]:{port}/feed.xml"),
        // Refused before any TLS handshake.
        format!("https://127.0.0.1:{port}/feed.xml"),
        format!("http://[::ffff:127.0.0.1]:{port}/feed.xml"),
        format!("http://127.1.2.3:{port}/feed.xml"),
        // 127.0.0.1 as one decimal number; the system resolver may accept it.
        format!("http://2130706433:{port}/feed.xml"),
    ] {
        let feed = FeedConfig {
            url: url.clone(),
            ..feed.clone()
        };
        let error = fetch(&feed).expect_err(&url);
        assert!(
            matches!(
                error,
                FetchError::Refused { .. } | FetchError::Transport { .. }
            ),
            "{url}: {error}"
        );
    }

    // 0.0.0.0 reaches this machine too, and no setting allows it.
    let zero = FeedConfig {
        url: format!("http://0.0.0.0:{port}/feed.xml"),
        ..loopback_feed(&server, "/", true)
    };
    let error = fetch(&zero).expect_err("0.0.0.0");
    assert!(error.to_string().contains("never allowed"), "{error}");

    assert_eq!(server.connections(), 0, "the server must see no connection");
    assert!(server.requests().is_empty());

    // Through the poller, the refusal is a failure with backoff.
    let config = Config {
        feeds: vec![loopback_feed(&server, "/feed.xml", false)],
    };
    let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
    let outcome = poller.poll(at(T0), &HttpFetcher::new()).remove(0);
    assert!(matches!(
        outcome.result,
        PollResult::Failed {
            error: FetchError::Refused { .. },
            consecutive_failures: 1,
            ..
        }
    ));
    assert_eq!(server.connections(), 0);
}

#[test]
fn every_redirect_hop_is_checked_against_the_policy() {
    // The target sits on another loopback port that the policy does not
    // list: reaching it would be the forgery.
    let target = Server::start(|_| Reply::ok("secret"));
    let target_url = target.url("/admin");
    let entry = Server::start(move |request| match request.path.as_str() {
        "/feed.xml" => Reply::ok(FEED),
        "/moved" => Reply::redirect(301, "/feed.xml"),
        "/relative" => Reply::redirect(302, "sub/../feed.xml"),
        "/escape" => Reply::redirect(302, &target_url),
        "/no-location" => Reply::status(307),
        "/bad-location" => Reply::redirect(302, "gopher://example.com/"),
        "/loop" => Reply::redirect(308, "/loop"),
        _ => Reply::status(404),
    });
    let policy = AddressPolicy {
        allow_private: false,
        allow: vec![AllowEntry::parse(&format!("127.0.0.1:{}", entry.port())).expect("entry")],
    };
    let feed = |path: &str| FeedConfig {
        policy: policy.clone(),
        max_redirects: 3,
        ..FeedConfig::new("hops", entry.url(path))
    };

    // Redirects within the allowed address are followed.
    for path in ["/moved", "/relative"] {
        match fetch(&feed(path)).expect(path) {
            Fetched::Body {
                bytes, final_url, ..
            } => {
                assert_eq!(bytes, FEED.as_bytes());
                assert_eq!(final_url, entry.url("/feed.xml"));
            }
            other => panic!("{path}: expected a body, got {other:?}"),
        }
    }

    // A redirect to a loopback address that is not allowed is refused.
    let error = fetch(&feed("/escape")).expect_err("escape");
    match &error {
        FetchError::Refused { url, refusal } => {
            assert_eq!(url, &target.url("/admin"));
            assert_eq!(refusal.addr.port(), target.port());
            assert_eq!(refusal.kind, AddressKind::Loopback);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(
        target.connections(),
        0,
        "the redirect target must not be contacted"
    );

    let error = fetch(&feed("/no-location")).expect_err("no location");
    assert!(
        matches!(&error, FetchError::BadRedirect { reason, .. } if reason.contains("no Location")),
        "{error}"
    );
    let error = fetch(&feed("/bad-location")).expect_err("bad location");
    assert!(error.to_string().contains("scheme `gopher`"), "{error}");

    let before = entry.requests().len();
    let error = fetch(&feed("/loop")).expect_err("loop");
    assert!(
        matches!(error, FetchError::TooManyRedirects { limit: 3, .. }),
        "{error}"
    );
    // The first request and three followed redirects.
    assert_eq!(entry.requests().len() - before, 4);

    let error = fetch(&feed("/missing")).expect_err("404");
    assert!(
        matches!(error, FetchError::Status { status: 404, .. }),
        "{error}"
    );
}

#[test]
fn errors_grow_the_backoff_and_recovery_resets_it() {
    let fail = Arc::new(AtomicBool::new(true));
    let server = feed_server(Arc::clone(&fail));
    let config = Config {
        feeds: vec![FeedConfig {
            interval: Duration::from_secs(120),
            ..loopback_feed(&server, "/feed.xml", true)
        }],
    };
    let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
    let fetcher = HttpFetcher::new();
    let mut now = T0;
    for (failures, delay) in [
        (1, 240),
        (2, 480),
        (3, 960),
        (4, 1920),
        (5, 3600),
        (6, 3600),
    ] {
        let outcome = poller.poll(at(now), &fetcher).remove(0);
        match outcome.result {
            PollResult::Failed {
                error,
                consecutive_failures,
                retry_in,
            } => {
                assert!(
                    matches!(error, FetchError::Status { status: 500, .. }),
                    "{error}"
                );
                assert_eq!(consecutive_failures, failures);
                assert_eq!(retry_in, Duration::from_secs(delay));
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        // Not retried before the backoff has passed.
        assert!(poller.poll(at(now + delay - 1), &fetcher).is_empty());
        now += delay;
    }
    assert_eq!(server.requests().len(), 6);
    let saved = poller.state();
    assert_eq!(saved.feeds["local"].consecutive_failures, 6);
    assert!(saved.feeds["local"]
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("HTTP status 500")));

    fail.store(false, Ordering::SeqCst);
    let outcome = poller.poll(at(now), &fetcher).remove(0);
    assert!(matches!(outcome.result, PollResult::New { .. }));
    let state = poller.feed_state(0).expect("state");
    assert_eq!(state.consecutive_failures, 0);
    assert_eq!(state.next_due, now + 120);
}

#[test]
fn retry_after_lengthens_the_wait() {
    let server = Server::start(|_| Reply::status(503).header("Retry-After", "5400"));
    let config = Config {
        feeds: vec![FeedConfig {
            interval: Duration::from_secs(60),
            ..loopback_feed(&server, "/feed.xml", true)
        }],
    };
    let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
    let outcome = poller.poll(at(T0), &HttpFetcher::new()).remove(0);
    assert!(matches!(
        outcome.result,
        PollResult::Failed { retry_in, .. } if retry_in == Duration::from_secs(5400)
    ));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

#[test]
fn oversized_bodies_are_cut_with_an_error() {
    let exact = vec![b'x'; 1024];
    let big = vec![b'y'; 4000];
    let bomb = gzip(&vec![b'z'; 64 * 1024]);
    let small_gzip = gzip(FEED.as_bytes());
    assert!(bomb.len() < 1024, "the compressed bomb fits the limit");
    let server = Server::start(move |request| match request.path.as_str() {
        "/exact" => Reply::ok(exact.clone()),
        "/big" => Reply::ok(big.clone()),
        "/bomb" => Reply::ok(bomb.clone()).header("Content-Encoding", "gzip"),
        "/gzip" => Reply::ok(small_gzip.clone()).header("Content-Encoding", "gzip"),
        _ => Reply::status(404),
    });
    let feed = |path: &str| FeedConfig {
        max_body: 1024,
        ..loopback_feed(&server, path, true)
    };
    match fetch(&feed("/exact")).expect("exactly the limit") {
        Fetched::Body { bytes, .. } => assert_eq!(bytes.len(), 1024),
        other => panic!("expected a body, got {other:?}"),
    }
    for path in ["/big", "/bomb"] {
        let error = fetch(&feed(path)).expect_err(path);
        assert!(
            matches!(error, FetchError::TooLarge { limit: 1024, .. }),
            "{path}: {error}"
        );
        assert!(error.to_string().contains("cut off"), "{error}");
    }
    match fetch(&feed("/gzip")).expect("gzip") {
        Fetched::Body { bytes, .. } => assert_eq!(bytes, FEED.as_bytes()),
        other => panic!("expected a body, got {other:?}"),
    }
}

#[test]
fn malformed_http_is_an_error_not_a_panic() {
    let server = Server::start(|request| match request.path.as_str() {
        "/garbage" => Reply::Raw(b"this is not http\r\n\r\n".to_vec()),
        "/empty" => Reply::Raw(Vec::new()),
        "/short" => Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this".to_vec()),
        "/bad-length" => Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\nx".to_vec()),
        "/bad-gzip" => Reply::ok("not gzip at all").header("Content-Encoding", "gzip"),
        _ => Reply::status(404),
    });
    for path in ["/garbage", "/empty", "/short", "/bad-length", "/bad-gzip"] {
        let error = fetch(&loopback_feed(&server, path, true)).expect_err(path);
        assert!(
            matches!(error, FetchError::Transport { .. }),
            "{path}: {error:?}"
        );
        assert!(error.to_string().contains(&server.url(path)), "{error}");
    }
    // Nothing listening: a transport error too.
    let closed = {
        let probe = Server::start(|_| Reply::status(200));
        probe.url("/feed.xml")
    };
    let feed = FeedConfig {
        url: closed,
        ..loopback_feed(&server, "/", true)
    };
    assert!(matches!(fetch(&feed), Err(FetchError::Transport { .. })));
}

/// Time that moves only when the loop sleeps.
struct StepClock(Cell<SystemTime>);

impl Clock for StepClock {
    fn now(&self) -> SystemTime {
        self.0.get()
    }
    fn sleep(&self, duration: Duration) {
        self.0.set(self.0.get() + duration);
    }
}

#[test]
fn the_run_loop_delivers_a_body_once_then_waits_out_each_interval() {
    let server = feed_server(Arc::new(AtomicBool::new(false)));
    let config = Config {
        feeds: vec![FeedConfig {
            interval: Duration::from_secs(30),
            ..loopback_feed(&server, "/feed.xml", true)
        }],
    };
    let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
    let clock = StepClock(Cell::new(at(T0)));
    let seen: RefCell<Vec<(u64, PollResult)>> = RefCell::new(Vec::new());
    run_with(
        &mut poller,
        &HttpFetcher::new(),
        &clock,
        || seen.borrow().len() == 3,
        |outcome, _| {
            let t = clock
                .now()
                .duration_since(at(T0))
                .map_or(0, |d| d.as_secs());
            seen.borrow_mut().push((t, outcome.result));
        },
    );
    let seen = seen.into_inner();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].0, 0);
    assert!(matches!(&seen[0].1, PollResult::New { body, .. } if body == FEED.as_bytes()));
    assert_eq!(seen[1], (30, PollResult::NotModified));
    assert_eq!(seen[2], (60, PollResult::NotModified));
    assert_eq!(server.requests().len(), 3);
}
