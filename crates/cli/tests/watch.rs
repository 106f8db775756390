//! `monazite watch` end to end: the real binary polls a feed served by a
//! small HTTP server this test starts on 127.0.0.1, stores its items,
//! sends the saved validators on the next run, and refuses loopback unless
//! the config allows it.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use support::{Dir, Outcome};

const ETAG: &str = "\"feed-v1\"";

fn feed() -> String {
    let item = |n: u32, title: &str, text: &str| {
        format!(
            "<item><title>{title}</title><link>https://example.test/{n}</link>\
             <pubDate>Thu, 09 Oct 2025 14:0{n}:00 GMT</pubDate>\
             <description>{text}</description></item>"
        )
    };
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test Wire</title>{}{}</channel></rss>",
        item(1, "China curbs rare earth exports",
             "China added five rare earth elements to its export control list. MP Materials rose 20%."),
        item(2, "Lynas expands in Malaysia",
             "Lynas Rare Earths said it would expand its plant in Malaysia."),
    )
}

/// Serves the feed (200 with an ETag, or 304 when the request carries it)
/// and records the If-None-Match header of every request.
fn serve() -> (u16, Arc<Mutex<Vec<Option<String>>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut if_none_match = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("if-none-match") {
                        if_none_match = Some(value.trim().to_string());
                    }
                }
            }
            let response = if if_none_match.as_deref() == Some(ETAG) {
                format!("HTTP/1.1 304 Not Modified\r\nETag: {ETAG}\r\nConnection: close\r\n\r\n")
            } else {
                let body = feed();
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: {ETAG}\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            };
            log.lock().unwrap().push(if_none_match);
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (port, seen)
}

fn watch_once(dir: &Dir, feeds: &str) -> Outcome {
    dir.command()
        .args(["--db", "store.db", "watch", "--once", feeds])
        .run()
}

#[test]
fn watch_stores_new_items_then_sends_the_saved_validators() {
    let dir = Dir::new("watch");
    let (port, seen) = serve();
    dir.create(
        "feeds.toml",
        format!(
            "[defaults]\nallow_addresses = [\"127.0.0.1:{port}\"]\n\n\
             [[feed]]\nname = \"test-wire\"\nurl = \"http://127.0.0.1:{port}/rss\"\n"
        ),
    );
    let first = watch_once(&dir, "feeds.toml").expect_code(0);
    assert!(
        first
            .stdout
            .contains("test-wire: new 2, duplicate 0, failed 0"),
        "{first}"
    );
    let second = watch_once(&dir, "feeds.toml").expect_code(0);
    assert!(
        second.stdout.contains("test-wire: not modified"),
        "{second}"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        vec![None, Some(ETAG.to_string())],
        "the second run sends the ETag saved in the store"
    );
    let stored = dir
        .command()
        .args(["--db", "store.db", "search", "--json", "Lynas"])
        .run()
        .expect_code(0);
    assert_eq!(stored.json_lines().len(), 1, "{stored}");
}

#[test]
fn watch_refuses_loopback_unless_allowed() {
    let dir = Dir::new("watch-refused");
    let (port, seen) = serve();
    dir.create(
        "feeds.toml",
        format!("[[feed]]\nname = \"local\"\nurl = \"http://127.0.0.1:{port}/rss\"\n"),
    );
    let out = watch_once(&dir, "feeds.toml").expect_code(2);
    assert!(out.stdout.contains("local: failed: "), "{out}");
    assert!(out.stdout.contains("loopback"), "{out}");
    assert!(seen.lock().unwrap().is_empty(), "the server saw a request");
}

#[test]
fn ingest_refuses_a_loopback_url_unless_allowed() {
    let dir = Dir::new("ingest-url");
    let (port, seen) = serve();
    let url = format!("http://127.0.0.1:{port}/rss");
    let refused = dir
        .command()
        .args(["--db", "store.db", "ingest", &url])
        .run()
        .expect_code(2);
    assert!(refused.stderr.contains("loopback"), "{refused}");
    assert!(seen.lock().unwrap().is_empty());
    let allowed = dir
        .command()
        .args(["--db", "store.db", "ingest", "--allow-private", &url])
        .run()
        .expect_code(0);
    assert_eq!(
        allowed.stdout.lines().last(),
        Some("new 2, duplicate 0, failed 0"),
        "{allowed}"
    );
}
