//! FEEDS.toml: the feeds to watch and how.
//!
//! ```toml
//! [defaults]
//! interval = "15m"
//! timeout = "20s"
//! allow_private = false
//!
//! [[feed]]
//! name = "mining-weekly"
//! url = "https://example.com/rss"
//! interval = "5m"
//! ```
//!
//! Every key is optional in `[defaults]` and may be overridden per feed,
//! except `name` and `url`, which each `[[feed]]` must have. Unknown keys are
//! errors, so a typo cannot silently fall back to a default. See
//! docs/watch.md for the full format.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::time::Duration;

use monazite_types::error_code::{Code, ErrorCode};
use serde::de::{self, Deserializer};
use serde::Deserialize;
use ureq::http::Uri;

use crate::guard::{AddressPolicy, AllowEntry};

/// Interval when neither the feed nor `[defaults]` gives one.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);
/// Shortest interval accepted: polling faster is rude to feed servers and
/// feeds do not change that often.
pub const MIN_INTERVAL: Duration = Duration::from_secs(30);
/// Longest interval accepted.
pub const MAX_INTERVAL: Duration = Duration::from_secs(7 * 24 * 3600);
/// Whole-request timeout (resolve, connect, headers and body) by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
/// Timeouts outside 1 s ..= 5 min are refused.
pub const MIN_TIMEOUT: Duration = Duration::from_secs(1);
/// See [`MIN_TIMEOUT`].
pub const MAX_TIMEOUT: Duration = Duration::from_secs(300);
/// Largest response body read by default (after decompression): feeds are
/// kilobytes to a few megabytes; this bounds the memory one feed can take.
pub const DEFAULT_MAX_BODY: u64 = 16 * 1024 * 1024;
/// `max_body` must be at least this...
pub const MIN_MAX_BODY: u64 = 1024;
/// ...and at most this.
pub const MAX_MAX_BODY: u64 = 1024 * 1024 * 1024;
/// Redirects followed by default; each hop is checked against the address
/// policy again.
pub const DEFAULT_MAX_REDIRECTS: u32 = 5;
/// Highest `max_redirects` accepted.
pub const MAX_MAX_REDIRECTS: u32 = 20;

/// The feeds to watch, with every default applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The feeds in file order.
    pub feeds: Vec<FeedConfig>,
}

/// One feed, with every setting resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedConfig {
    /// Unique name: the key of its saved state.
    pub name: String,
    /// An absolute http or https URL.
    pub url: String,
    /// Time between polls when all is well.
    pub interval: Duration,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Which non-public addresses may be connected to.
    pub policy: AddressPolicy,
    /// Largest body accepted, in bytes, after decompression.
    pub max_body: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
}

impl FeedConfig {
    /// A feed with the default settings, for callers that build configs in
    /// code.
    pub fn new(name: impl Into<String>, url: impl Into<String>) -> FeedConfig {
        FeedConfig {
            name: name.into(),
            url: url.into(),
            interval: DEFAULT_INTERVAL,
            timeout: DEFAULT_TIMEOUT,
            policy: AddressPolicy::default(),
            max_body: DEFAULT_MAX_BODY,
            max_redirects: DEFAULT_MAX_REDIRECTS,
        }
    }
}

/// A FEEDS.toml that could not be read or is not valid. The message names
/// the file and, where it can, the line, the feed and the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    message: String,
}

impl ErrorCode for ConfigError {
    fn code(&self) -> Code {
        Code::WatchConfigInvalid
    }
}

/// A duration or size in FEEDS.toml (or a flag) that cannot be read; the
/// message quotes the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("invalid duration `{text}`: {why} (examples: 30s, 15m, 1h, 1h30m)")]
    Duration { text: String, why: &'static str },
    #[error("invalid size `{text}`: {why} (examples: 16MiB, 512KiB, 1048576)")]
    Size { text: String, why: &'static str },
}

impl ErrorCode for ValueError {
    fn code(&self) -> Code {
        Code::WatchConfigInvalid
    }
}

impl Config {
    /// Reads and validates a FEEDS.toml.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let source = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| ConfigError {
            message: format!("{source}: cannot read: {err}"),
        })?;
        Config::parse(&text, &source)
    }

    /// Parses and validates FEEDS.toml text; `source` names it in errors.
    pub fn parse(text: &str, source: &str) -> Result<Config, ConfigError> {
        let raw: RawFile = toml::from_str(text).map_err(|err| ConfigError {
            // toml's message already carries the line, a caret under the
            // value and the key's name; trim its trailing newline.
            message: format!("{source}: {}", err.to_string().trim_end()),
        })?;
        let fail = |message: String| ConfigError {
            message: format!("{source}: {message}"),
        };
        let defaults = raw.defaults.unwrap_or_default();
        check_interval(defaults.interval, "[defaults]").map_err(fail)?;
        check_timeout(defaults.timeout, "[defaults]").map_err(fail)?;
        if raw.feed.is_empty() {
            return Err(fail(
                "no feeds: add at least one [[feed]] with a name and a url".into(),
            ));
        }
        let mut seen = HashSet::new();
        let mut feeds = Vec::with_capacity(raw.feed.len());
        for feed in raw.feed {
            let name = feed.name.trim().to_string();
            if name.is_empty() || name.chars().any(char::is_control) {
                return Err(fail(format!(
                    "feed with url `{}`: `name` must be non-empty printable text",
                    feed.url.0
                )));
            }
            if !seen.insert(name.clone()) {
                return Err(fail(format!(
                    "feed `{name}`: `name` is used by another feed"
                )));
            }
            let place = format!("feed `{name}`");
            check_interval(feed.interval, &place).map_err(fail)?;
            check_timeout(feed.timeout, &place).map_err(fail)?;
            let allow = feed
                .allow_addresses
                .or_else(|| defaults.allow_addresses.clone())
                .unwrap_or_default();
            feeds.push(FeedConfig {
                name,
                url: feed.url.0,
                interval: feed
                    .interval
                    .or(defaults.interval)
                    .map_or(DEFAULT_INTERVAL, |span| span.0),
                timeout: feed
                    .timeout
                    .or(defaults.timeout)
                    .map_or(DEFAULT_TIMEOUT, |span| span.0),
                policy: AddressPolicy {
                    allow_private: feed
                        .allow_private
                        .or(defaults.allow_private)
                        .unwrap_or(false),
                    allow: allow.into_iter().map(|entry| entry.0).collect(),
                },
                max_body: feed
                    .max_body
                    .or(defaults.max_body)
                    .map_or(DEFAULT_MAX_BODY, |size| size.0),
                max_redirects: feed
                    .max_redirects
                    .or(defaults.max_redirects)
                    .map_or(DEFAULT_MAX_REDIRECTS, |n| n.0),
            });
        }
        Ok(Config { feeds })
    }
}

fn check_interval(interval: Option<Span>, place: &str) -> Result<(), String> {
    match interval {
        Some(Span(d)) if d < MIN_INTERVAL || d > MAX_INTERVAL => Err(format!(
            "{place}: `interval` = {} is outside {} ..= {}",
            show_duration(d),
            show_duration(MIN_INTERVAL),
            show_duration(MAX_INTERVAL)
        )),
        _ => Ok(()),
    }
}

fn check_timeout(timeout: Option<Span>, place: &str) -> Result<(), String> {
    match timeout {
        Some(Span(d)) if d < MIN_TIMEOUT || d > MAX_TIMEOUT => Err(format!(
            "{place}: `timeout` = {} is outside {} ..= {}",
            show_duration(d),
            show_duration(MIN_TIMEOUT),
            show_duration(MAX_TIMEOUT)
        )),
        _ => Ok(()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    defaults: Option<RawDefaults>,
    #[serde(default)]
    feed: Vec<RawFeed>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    interval: Option<Span>,
    timeout: Option<Span>,
    allow_private: Option<bool>,
    allow_addresses: Option<Vec<Allowed>>,
    max_body: Option<ByteSize>,
    max_redirects: Option<Redirects>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    name: String,
    url: FeedUrl,
    interval: Option<Span>,
    timeout: Option<Span>,
    allow_private: Option<bool>,
    allow_addresses: Option<Vec<Allowed>>,
    max_body: Option<ByteSize>,
    max_redirects: Option<Redirects>,
}

// Values are parsed inside deserialisation so that toml's error points at
// the offending line and value.

/// Accepts a string only, and says what kind of string in the error for
/// anything else (a bare `interval = 300` would otherwise only read
/// "expected a string").
struct Text(&'static str);

impl de::Visitor<'_> for Text {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_string())
    }
}

#[derive(Clone, Copy)]
struct Span(Duration);

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text =
            d.deserialize_str(Text("a duration string such as \"30s\", \"15m\" or \"1h\""))?;
        parse_duration(&text).map(Span).map_err(de::Error::custom)
    }
}

#[derive(Clone, Copy)]
struct ByteSize(u64);

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = d.deserialize_str(Text("a size string such as \"16MiB\""))?;
        let size = parse_size(&text).map_err(de::Error::custom)?;
        if !(MIN_MAX_BODY..=MAX_MAX_BODY).contains(&size) {
            return Err(de::Error::custom(format!(
                "max_body `{text}` is outside 1KiB ..= 1GiB"
            )));
        }
        Ok(ByteSize(size))
    }
}

#[derive(Clone, Copy)]
struct Redirects(u32);

impl<'de> Deserialize<'de> for Redirects {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        match u32::try_from(n) {
            Ok(n) if n <= MAX_MAX_REDIRECTS => Ok(Redirects(n)),
            _ => Err(de::Error::custom(format!(
                "max_redirects = {n} is outside 0 ..= {MAX_MAX_REDIRECTS}"
            ))),
        }
    }
}

#[derive(Clone)]
struct Allowed(AllowEntry);

impl<'de> Deserialize<'de> for Allowed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        AllowEntry::parse(&text).map(Allowed).ok_or_else(|| {
            de::Error::custom(format!(
                "`{text}` is not an IP address or IP:port (host names are not accepted: \
                 the policy judges the addresses actually connected to)"
            ))
        })
    }
}

struct FeedUrl(String);

impl<'de> Deserialize<'de> for FeedUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_url(&text)
            .map(|uri| FeedUrl(uri.to_string()))
            .map_err(|why| de::Error::custom(format!("url `{text}`: {why}")))
    }
}

/// Parses an absolute http(s) URL the way every hop is checked: scheme http
/// or https, a host, no user name or password (it would end up in logs and
/// the state file). A fragment is dropped: it is never sent.
pub(crate) fn parse_url(text: &str) -> Result<Uri, String> {
    let text = text.trim();
    let text = text.split_once('#').map_or(text, |(before, _)| before);
    let uri: Uri = text
        .parse()
        .map_err(|err| format!("not a valid URL ({err})"))?;
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        Some(s) => return Err(format!("scheme `{s}` is not http or https")),
        None => return Err("not an absolute http or https URL".into()),
    }
    let authority = uri.authority().ok_or("no host")?;
    if authority.as_str().contains('@') {
        return Err("user names and passwords in URLs are not supported".into());
    }
    if authority.host().is_empty() {
        return Err("no host".into());
    }
    Ok(uri)
}

/// Parses "30s", "15m", "1h", "2d" or sums like "1h30m".
pub fn parse_duration(text: &str) -> Result<Duration, ValueError> {
    let bad = |why: &'static str| ValueError::Duration {
        text: text.to_string(),
        why,
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(bad("empty"));
    }
    let mut total: u64 = 0;
    let mut rest = trimmed;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return Err(bad("expected a number"));
        }
        let number: u64 = rest[..digits]
            .parse()
            .map_err(|_| bad("number too large"))?;
        rest = rest[digits..].trim_start();
        let unit_len = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        let seconds_per = match &rest[..unit_len] {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86_400,
            "" => return Err(bad("a number needs a unit: s, m, h or d")),
            _ => return Err(bad("unknown unit; use s, m, h or d")),
        };
        rest = rest[unit_len..].trim_start();
        total = number
            .checked_mul(seconds_per)
            .and_then(|secs| total.checked_add(secs))
            .ok_or_else(|| bad("too large"))?;
    }
    Ok(Duration::from_secs(total))
}

/// Parses "16MiB", "512 KiB", "1GiB" or a plain number of bytes.
pub fn parse_size(text: &str) -> Result<u64, ValueError> {
    let bad = |why: &'static str| ValueError::Size {
        text: text.to_string(),
        why,
    };
    let trimmed = text.trim();
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits == 0 {
        return Err(bad("expected a number"));
    }
    let number: u64 = trimmed[..digits]
        .parse()
        .map_err(|_| bad("number too large"))?;
    let factor: u64 = match trimmed[digits..].trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        _ => return Err(bad("unit must be B, KiB, MiB or GiB")),
    };
    number.checked_mul(factor).ok_or_else(|| bad("too large"))
}

/// Shows a duration in the units FEEDS.toml uses.
pub fn show_duration(d: Duration) -> String {
    let mut secs = d.as_secs();
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if secs >= size {
            out.push_str(&format!("{}{unit}", secs / size));
            secs %= size;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, "FEEDS.toml")
    }

    fn error(text: &str) -> String {
        parse(text).expect_err("should be refused").to_string()
    }

    #[test]
    fn full_example() {
        let config = parse(
            r#"
[defaults]
interval = "15m"
allow_private = false
timeout = "20s"
max_body = "8MiB"

[[feed]]
name = "mining-weekly"
url = "https://example.com/rss"
interval = "5m"

[[feed]]
name = "intranet"
url = "http://10.1.2.3:8080/feed.xml#frag"
allow_private = true
timeout = "1m"
max_redirects = 0
"#,
        )
        .expect("valid config");
        assert_eq!(config.feeds.len(), 2);
        let first = &config.feeds[0];
        assert_eq!(first.name, "mining-weekly");
        assert_eq!(first.url, "https://example.com/rss");
        assert_eq!(first.interval, Duration::from_secs(300));
        assert_eq!(first.timeout, Duration::from_secs(20));
        assert_eq!(first.max_body, 8 << 20);
        assert_eq!(first.max_redirects, DEFAULT_MAX_REDIRECTS);
        assert!(!first.policy.allow_private);
        let second = &config.feeds[1];
        assert_eq!(second.url, "http://10.1.2.3:8080/feed.xml");
        assert_eq!(second.interval, Duration::from_secs(900));
        assert_eq!(second.timeout, Duration::from_secs(60));
        assert!(second.policy.allow_private);
        assert_eq!(second.max_redirects, 0);
    }

    #[test]
    fn defaults_without_defaults_table() {
        let config =
            parse("[[feed]]\nname = \"a\"\nurl = \"http://example.com/\"\n").expect("valid");
        assert_eq!(config.feeds[0], FeedConfig::new("a", "http://example.com/"));
    }

    #[test]
    fn allow_addresses_per_feed_replace_defaults() {
        let config = parse(
            r#"
[defaults]
allow_addresses = ["10.0.0.5", "[::1]:8080"]
[[feed]]
name = "a"
url = "http://example.com/"
[[feed]]
name = "b"
url = "http://example.com/"
allow_addresses = ["127.0.0.1:9000"]
"#,
        )
        .expect("valid");
        assert_eq!(config.feeds[0].policy.allow.len(), 2);
        assert_eq!(
            config.feeds[1].policy.allow,
            vec![AllowEntry::Socket("127.0.0.1:9000".parse().expect("addr"))]
        );
    }

    #[test]
    fn unknown_fields_are_named() {
        let message =
            error("[[feed]]\nname = \"a\"\nurl = \"http://x.org/\"\nintervall = \"5m\"\n");
        assert!(message.starts_with("FEEDS.toml: "), "{message}");
        assert!(message.contains("intervall"), "{message}");
        assert!(message.contains("line 4"), "{message}");

        let message = error(
            "[defaults]\nallow_privat = true\n[[feed]]\nname = \"a\"\nurl = \"http://x.org/\"\n",
        );
        assert!(message.contains("allow_privat"), "{message}");

        let message = error("[extra]\n[[feed]]\nname = \"a\"\nurl = \"http://x.org/\"\n");
        assert!(message.contains("extra"), "{message}");
    }

    #[test]
    fn bad_values_point_at_the_line() {
        let message = error("[[feed]]\nname = \"a\"\nurl = \"http://x.org/\"\ninterval = \"5x\"\n");
        assert!(message.contains("line 4"), "{message}");
        assert!(message.contains("invalid duration `5x`"), "{message}");

        let message = error("[[feed]]\nname = \"a\"\nurl = \"http://x.org/\"\ninterval = 300\n");
        assert!(message.contains("line 4"), "{message}");
        assert!(
            message.contains("expected a duration string such as"),
            "{message}"
        );

        let message = error("[[feed]]\nname = \"a\"\nurl = \"ftp://x.org/feed\"\n");
        assert!(message.contains("scheme `ftp`"), "{message}");
        assert!(message.contains("line 3"), "{message}");

        for url in [
            "/relative",
            "http://user:pw@x.org/",
            "not a url",
            "",
            "http://",
        ] {
            let text = format!("[[feed]]\nname = \"a\"\nurl = \"{url}\"\n");
            let message = error(&text);
            assert!(message.contains("url"), "{url}: {message}");
        }

        let message = error("[defaults]\nallow_addresses = [\"localhost\"]\n[[feed]]\nname = \"a\"\nurl = \"http://x.org/\"\n");
        assert!(
            message.contains("`localhost` is not an IP address"),
            "{message}"
        );

        let message = error("[[feed]]\nname = \"a\"\nurl = \"http://x.org/\"\nmax_body = \"10\"\n");
        assert!(message.contains("outside 1KiB"), "{message}");

        let message =
            error("[[feed]]\nname = \"a\"\nurl = \"http://x.org/\"\nmax_redirects = -1\n");
        assert!(message.contains("max_redirects = -1"), "{message}");
    }

    #[test]
    fn validation_names_feed_and_field() {
        let message =
            error("[[feed]]\nname = \"fast\"\nurl = \"http://x.org/\"\ninterval = \"10s\"\n");
        assert_eq!(
            message,
            "FEEDS.toml: feed `fast`: `interval` = 10s is outside 30s ..= 7d"
        );
        let message = error(
            "[defaults]\ntimeout = \"0s\"\n[[feed]]\nname = \"a\"\nurl = \"http://x.org/\"\n",
        );
        assert!(message.contains("[defaults]: `timeout` = 0s"), "{message}");

        let message = error(
            "[[feed]]\nname = \"a\"\nurl = \"http://x.org/\"\n[[feed]]\nname = \"a\"\nurl = \"http://y.org/\"\n",
        );
        assert_eq!(
            message,
            "FEEDS.toml: feed `a`: `name` is used by another feed"
        );

        let message = error("[[feed]]\nname = \"  \"\nurl = \"http://x.org/\"\n");
        assert!(message.contains("`name` must be non-empty"), "{message}");

        let message = error("[defaults]\ninterval = \"1h\"\n");
        assert!(message.contains("no feeds"), "{message}");

        let message = error("[[feed]]\nurl = \"http://x.org/\"\n");
        assert!(message.contains("name"), "{message}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for text in [
            "[[feed]",
            "feed = 3",
            "\u{0}",
            "[[feed]]\nname = 1\nurl = 2",
            "[defaults]\n[defaults]\n",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn missing_file_is_named() {
        let message = Config::load(Path::new("/nonexistent/FEEDS.toml"))
            .expect_err("missing")
            .to_string();
        assert!(
            message.starts_with("/nonexistent/FEEDS.toml: cannot read"),
            "{message}"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration(" 1h 30m "), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(172_800)));
        for bad in [
            "",
            "5",
            "m",
            "5x",
            "1.5h",
            "-5m",
            "5ms",
            "99999999999999999999s",
            "999999999999999999d",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(show_duration(Duration::from_secs(5400)), "1h30m");
        assert_eq!(show_duration(Duration::from_secs(0)), "0s");
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("512 KiB"), Ok(512 << 10));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("100B"), Ok(100));
        for bad in [
            "",
            "MiB",
            "16MB",
            "16 mb",
            "-1",
            "99999999999999999999",
            "18446744073709551615GiB",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
