//! `monazite serve` as a user starts it: the real binary on a store the
//! real `ingest` filled, on a free loopback port, asked over a socket.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use support::Dir;

/// Ends the server (the child this test started) however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 GET; the status line and the body.
fn get(addr: SocketAddr, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).expect("connecting to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .expect("reading the answer");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    let status = head.lines().next().unwrap_or("").to_string();
    (status, body.to_string())
}

#[test]
fn serve_answers_on_the_port_it_prints() {
    let dir = Dir::new("serve");
    let db = dir.path("store.db");
    let news = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/news");
    dir.command()
        .args([
            "--db".as_ref(),
            db.as_os_str(),
            "ingest".as_ref(),
            news.as_ref(),
        ])
        .run()
        .expect_code(0);

    let child = Command::new(env!("CARGO_BIN_EXE_monazite"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("MONAZITE_PACK")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting monazite serve");
    let mut server = Server(child);
    let stderr = server.0.stderr.take().unwrap();
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    let addr: SocketAddr = line
        .trim()
        .rsplit_once("http://")
        .and_then(|(_, a)| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    assert!(addr.ip().is_loopback() && addr.port() != 0, "{addr}");

    let (status, body) = get(addr, "/healthz");
    assert!(status.contains(" 200 "), "{status}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["status"],
        "ok"
    );

    let (status, body) = get(addr, "/v1/briefs?limit=4");
    assert!(status.contains(" 200 "), "{status}");
    let page: Value = serde_json::from_str(&body).unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert!(items.iter().all(|b| b["schema"] == "brief_summary/1.0"));
    assert!(page["next"].is_string());

    let (status, body) = get(addr, "/v1/briefs?limit=0");
    assert!(status.contains(" 400 "), "{status}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["code"],
        "api_bad_parameter"
    );
}

#[test]
fn serve_refuses_a_store_that_does_not_open() {
    let dir = Dir::new("serve-no-store");
    let out = dir
        .command()
        .args(["--db", "missing/none.db", "serve", "--addr", "127.0.0.1:0"])
        .run()
        .expect_code(2);
    assert!(
        out.stderr.contains("(error store_cannot_open)"),
        "{}",
        out.stderr
    );
}
