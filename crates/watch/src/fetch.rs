//! One conditional GET of a feed, with the address policy on every hop.

use std::io::Read;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ureq::http::{HeaderMap, Uri};
use ureq::unversioned::transport::DefaultConnector;
use ureq::Agent;

use crate::config::{parse_url, show_duration, FeedConfig};
use crate::guard::{GuardedResolver, Refusal};
use monazite_types::error_code::{Code, ErrorCode};

/// What a server said about the version of a feed we have, sent back on the
/// next request so that it can answer 304 Not Modified.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Validators {
    /// The `ETag` header, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// The result of a successful fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 304: the feed has not changed since the validators were saved.
    NotModified,
    /// 200: the feed's body.
    Body {
        /// The body, decompressed, at most the feed's `max_body` bytes.
        bytes: Vec<u8>,
        /// The response's `ETag`.
        etag: Option<String>,
        /// The response's `Last-Modified`.
        last_modified: Option<String>,
        /// The URL the body came from, after redirects: relative links in
        /// the feed resolve against it.
        final_url: String,
        /// The response's `Content-Type`, for choosing a reader.
        content_type: Option<String>,
    },
}

/// Why a fetch failed. Every variant names the URL involved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The address policy refused a hop; nothing was sent to that address.
    #[error("{url}: {refusal}")]
    Refused {
        /// The URL of the refused hop.
        url: String,
        /// What was refused and why.
        refusal: Refusal,
    },
    /// The URL is not an http(s) URL we can fetch.
    #[error("bad URL `{url}`: {reason}")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An HTTP status other than 200, 203, 304 or a redirect.
    #[error("{url}: HTTP status {status}")]
    Status {
        /// The URL that answered.
        url: String,
        /// The status code.
        status: u16,
        /// The `Retry-After` delay, when given in seconds.
        retry_after: Option<Duration>,
    },
    /// The body was larger than `max_body`; it was not read past the limit.
    #[error("{url}: response body larger than the limit of {limit} bytes; cut off")]
    TooLarge {
        /// The URL that sent it.
        url: String,
        /// The feed's `max_body`.
        limit: u64,
    },
    /// The redirect chain was longer than `max_redirects`.
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects {
        /// The URL that sent the redirect past the limit.
        url: String,
        /// The feed's `max_redirects`.
        limit: u32,
    },
    /// A redirect without a usable `Location`.
    #[error("{url}: unusable redirect: {reason}")]
    BadRedirect {
        /// The URL that sent the redirect.
        url: String,
        /// What was wrong with it.
        reason: String,
    },
    /// The feed's `timeout` passed.
    #[error("{url}: timed out ({after})")]
    Timeout {
        /// The URL being fetched.
        url: String,
        /// The timeout, as written in FEEDS.toml.
        after: String,
    },
    /// Name resolution, connection, TLS or protocol failure.
    #[error("{url}: {message}")]
    Transport {
        /// The URL being fetched.
        url: String,
        /// The client's description.
        message: String,
    },
}

impl ErrorCode for FetchError {
    fn code(&self) -> Code {
        match self {
            FetchError::Refused { .. } => Code::FeedRefused,
            FetchError::BadUrl { .. } | FetchError::BadRedirect { .. } => Code::FeedBadUrl,
            FetchError::Status { .. } => Code::FeedStatus,
            FetchError::TooLarge { .. } => Code::FeedTooLarge,
            FetchError::TooManyRedirects { .. } => Code::FeedTooManyRedirects,
            FetchError::Timeout { .. } => Code::FeedTimeout,
            FetchError::Transport { .. } => Code::FeedUnreachable,
        }
    }
}

/// Fetches a feed. The poller takes any implementation, so its scheduling
/// can be tested without a network.
pub trait Fetch {
    /// One conditional GET of `feed.url`.
    fn fetch(&self, feed: &FeedConfig, validators: &Validators) -> Result<Fetched, FetchError>;
}

/// The real fetcher: HTTP/1.1 over TCP or TLS (rustls, Mozilla's roots).
#[derive(Debug, Clone)]
pub struct HttpFetcher {
    user_agent: String,
}

impl Default for HttpFetcher {
    fn default() -> Self {
        HttpFetcher::new()
    }
}

/// Sent as `User-Agent`: feed servers block anonymous clients, and a name
/// lets their operators find us.
pub const USER_AGENT: &str = concat!("monazite-watch/", env!("CARGO_PKG_VERSION"));

const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                      application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

impl HttpFetcher {
    /// A fetcher with the default `User-Agent`.
    pub fn new() -> HttpFetcher {
        HttpFetcher {
            user_agent: USER_AGENT.to_string(),
        }
    }

    /// A fetcher with another `User-Agent`.
    pub fn with_user_agent(user_agent: impl Into<String>) -> HttpFetcher {
        HttpFetcher {
            user_agent: user_agent.into(),
        }
    }

    // One agent per fetch: the address policy lives in the agent's resolver
    // and differs between feeds, and a pooled connection would skip the
    // resolver, so no agent (nor pool) is shared between feeds. Building
    // one costs little next to a poll every 30 s or more.
    fn agent(&self, feed: &FeedConfig) -> Agent {
        let config = Agent::config_builder()
            // A proxy would resolve the host itself, past the guard; the
            // default picks one up from the environment.
            .proxy(None)
            // Redirects are followed here, one checked hop at a time.
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(self.user_agent.as_str())
            .max_response_header_size(64 * 1024)
            .build();
        Agent::with_parts(
            config,
            DefaultConnector::new(),
            GuardedResolver::new(feed.policy.clone()),
        )
    }
}

impl Fetch for HttpFetcher {
    fn fetch(&self, feed: &FeedConfig, validators: &Validators) -> Result<Fetched, FetchError> {
        let agent = self.agent(feed);
        let mut uri = parse_url(&feed.url).map_err(|reason| FetchError::BadUrl {
            url: feed.url.clone(),
            reason,
        })?;
        // One deadline for the whole chain, so redirects cannot stretch it.
        let deadline = Instant::now() + feed.timeout;
        let timeout = || FetchError::Timeout {
            url: feed.url.clone(),
            after: show_duration(feed.timeout),
        };
        let mut redirects = 0;
        loop {
            let url = uri.to_string();
            let left = deadline
                .checked_duration_since(Instant::now())
                .filter(|left| !left.is_zero())
                .ok_or_else(timeout)?;
            let mut request = agent
                .get(uri.clone())
                .header("Accept", ACCEPT)
                .config()
                .timeout_global(Some(left))
                .build();
            // The validators came from the final URL's response; sending
            // them on every hop is harmless (redirects ignore them) and lets
            // the final hop answer 304.
            if let Some(etag) = &validators.etag {
                request = request.header("If-None-Match", etag.as_str());
            }
            if let Some(modified) = &validators.last_modified {
                request = request.header("If-Modified-Since", modified.as_str());
            }
            let response = request
                .call()
                .map_err(|err| client_error(err, &url, feed))?;
            let status = response.status().as_u16();
            let headers = response.headers();
            match status {
                304 => return Ok(Fetched::NotModified),
                200 | 203 => {
                    let etag = header(headers, "etag");
                    let last_modified = header(headers, "last-modified");
                    let content_type = header(headers, "content-type");
                    let bytes = read_limited(response.into_body().into_reader(), &url, feed)?;
                    return Ok(Fetched::Body {
                        bytes,
                        etag,
                        last_modified,
                        final_url: url,
                        content_type,
                    });
                }
                301 | 302 | 303 | 307 | 308 => {
                    if redirects >= feed.max_redirects {
                        return Err(FetchError::TooManyRedirects {
                            url,
                            limit: feed.max_redirects,
                        });
                    }
                    redirects += 1;
                    let location =
                        header(headers, "location").ok_or_else(|| FetchError::BadRedirect {
                            url: url.clone(),
                            reason: "no Location header".into(),
                        })?;
                    uri = resolve_location(&uri, &location).map_err(|reason| {
                        FetchError::BadRedirect {
                            url: url.clone(),
                            reason: format!("Location `{location}`: {reason}"),
                        }
                    })?;
                }
                _ => {
                    return Err(FetchError::Status {
                        url,
                        status,
                        retry_after: header(headers, "retry-after")
                            .and_then(|value| value.trim().parse::<u64>().ok())
                            .map(Duration::from_secs),
                    })
                }
            }
        }
    }
}

/// A header as text; values that are not visible ASCII are treated as absent.
fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}

/// Reads at most `max_body` bytes of the decoded body. The limit is on the
/// decompressed bytes, so a small gzip bomb cannot fill the memory.
fn read_limited(reader: impl Read, url: &str, feed: &FeedConfig) -> Result<Vec<u8>, FetchError> {
    let mut bytes = Vec::new();
    // One byte past the limit tells "exactly the limit" from "more".
    let mut limited = reader.take(feed.max_body.saturating_add(1));
    limited.read_to_end(&mut bytes).map_err(|err| {
        let error = ureq::Error::from(err);
        client_error(error, url, feed)
    })?;
    if bytes.len() as u64 > feed.max_body {
        return Err(FetchError::TooLarge {
            url: url.to_string(),
            limit: feed.max_body,
        });
    }
    Ok(bytes)
}

fn client_error(err: ureq::Error, url: &str, feed: &FeedConfig) -> FetchError {
    let url = url.to_string();
    match err {
        ureq::Error::Other(inner) => match inner.downcast::<Refusal>() {
            Ok(refusal) => FetchError::Refused {
                url,
                refusal: *refusal,
            },
            Err(other) => FetchError::Transport {
                url,
                message: other.to_string(),
            },
        },
        ureq::Error::Timeout(_) => FetchError::Timeout {
            url,
            after: show_duration(feed.timeout),
        },
        ureq::Error::HostNotFound => FetchError::Transport {
            url,
            message: "host not found".into(),
        },
        other => FetchError::Transport {
            url,
            message: other.to_string(),
        },
    }
}

/// Resolves a redirect's `Location` against the URL that sent it (RFC 3986
/// section 5.2, for the forms servers send: absolute, scheme-relative,
/// absolute-path, query-only and relative-path), then checks it like a
/// configured URL.
pub(crate) fn resolve_location(base: &Uri, location: &str) -> Result<Uri, String> {
    let location = location.trim();
    let location = location
        .split_once('#')
        .map_or(location, |(before, _)| before);
    if location.is_empty() {
        return Err("empty".into());
    }
    let scheme = base.scheme_str().unwrap_or("http");
    let authority = base.authority().map_or("", |a| a.as_str());
    let joined = if has_scheme(location) {
        location.to_string()
    } else if location.starts_with("//") {
        format!("{scheme}:{location}")
    } else if location.starts_with('/') {
        format!("{scheme}://{authority}{}", remove_dot_segments(location))
    } else if location.starts_with('?') {
        format!("{scheme}://{authority}{}{location}", base.path())
    } else {
        let path = base.path();
        let directory = path.rfind('/').map_or("/", |slash| &path[..=slash]);
        format!(
            "{scheme}://{authority}{}",
            remove_dot_segments(&format!("{directory}{location}"))
        )
    };
    parse_url(&joined)
}

/// "scheme:" at the start: a letter, then letters, digits, '+', '-', '.'.
fn has_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Removes "." and ".." segments from an absolute path, leaving the query.
fn remove_dot_segments(path_and_query: &str) -> String {
    let (path, query) = match path_and_query.find('?') {
        Some(at) => path_and_query.split_at(at),
        None => (path_and_query, ""),
    };
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {}
            ".." => {
                out.pop();
            }
            other => out.push(other),
        }
        // A path ending in "." or ".." names a directory: keep its slash.
        if last && matches!(*segment, "." | "..") {
            out.push("");
        }
    }
    format!("/{}{query}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(base: &str, location: &str) -> Result<String, String> {
        let base: Uri = base.parse().expect("base");
        resolve_location(&base, location).map(|uri| uri.to_string())
    }

    #[test]
    fn redirect_locations() {
        let base = "http://example.com/a/b/feed.xml?x=1";
        assert_eq!(
            resolve(base, "https://other.org/rss").as_deref(),
            Ok("https://other.org/rss")
        );
        assert_eq!(
            resolve(base, "//cdn.example.com/f").as_deref(),
            Ok("http://cdn.example.com/f")
        );
        assert_eq!(
            resolve(base, "/new/feed?y=2#top").as_deref(),
            Ok("http://example.com/new/feed?y=2")
        );
        assert_eq!(
            resolve(base, "?page=2").as_deref(),
            Ok("http://example.com/a/b/feed.xml?page=2")
        );
        assert_eq!(
            resolve(base, "atom.xml").as_deref(),
            Ok("http://example.com/a/b/atom.xml")
        );
        assert_eq!(
            resolve(base, "../up.xml").as_deref(),
            Ok("http://example.com/a/up.xml")
        );
        assert_eq!(
            resolve(base, "./").as_deref(),
            Ok("http://example.com/a/b/")
        );
        assert_eq!(
            resolve(base, "../../../../x").as_deref(),
            Ok("http://example.com/x")
        );
        assert_eq!(
            resolve("http://example.com:8080", "feed").as_deref(),
            Ok("http://example.com:8080/feed")
        );
    }

    #[test]
    fn unusable_locations() {
        let base = "http://example.com/feed";
        for bad in [
            "",
            "   ",
            "ftp://example.com/",
            "file:///etc/passwd",
            "http://user@x.org/",
            "javascript:alert(1)",
            "http://exa mple.com/",
        ] {
            assert!(resolve(base, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn dot_segments() {
        assert_eq!(remove_dot_segments("/a/b/../c"), "/a/c");
        assert_eq!(remove_dot_segments("/a/b/.."), "/a/");
        assert_eq!(remove_dot_segments("/a/./b/."), "/a/b/");
        assert_eq!(remove_dot_segments("/"), "/");
        assert_eq!(remove_dot_segments("/../x?q=../y"), "/x?q=../y");
    }
}
