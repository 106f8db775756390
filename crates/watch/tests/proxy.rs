//! Proxy settings in the environment must not route feeds past the address
//! policy (a proxy resolves the host itself). A test binary of its own: it
//! changes the process environment, which other tests must not see.

#[allow(dead_code)] // each test binary uses part of the support server
mod support;

use monazite_watch::{AddressPolicy, FeedConfig, Fetch, Fetched, HttpFetcher, Validators};
use support::{Reply, Server};

#[test]
fn proxy_variables_are_ignored() {
    let proxy = Server::start(|_| Reply::ok("via proxy"));
    let feed_server = Server::start(|_| Reply::ok("direct"));
    for name in ["NO_PROXY", "no_proxy"] {
        std::env::remove_var(name);
    }
    for name in ["ALL_PROXY", "HTTP_PROXY", "http_proxy"] {
        std::env::set_var(name, proxy.url(""));
    }

    // The variables are in effect: a client left at its defaults goes to
    // the proxy (by CONNECT, which this stand-in proxy does not speak, so
    // only the contact is checked).
    let _ = ureq::get(feed_server.url("/feed.xml")).call();
    assert_eq!(proxy.connections(), 1);
    assert_eq!(feed_server.connections(), 0);

    // The watcher connects directly, through its own policy.
    let feed = FeedConfig {
        policy: AddressPolicy {
            allow_private: true,
            allow: Vec::new(),
        },
        ..FeedConfig::new("direct", feed_server.url("/feed.xml"))
    };
    let fetched = HttpFetcher::new()
        .fetch(&feed, &Validators::default())
        .expect("fetch");
    assert!(matches!(fetched, Fetched::Body { bytes, .. } if bytes == b"direct"));
    assert_eq!(
        proxy.connections(),
        1,
        "the proxy saw the watcher's request"
    );
    assert_eq!(feed_server.requests().len(), 1);
}
