//! When to poll each feed, and what a poll delivers.
//!
//! The scheduling is pure: every function takes `now` and nothing here reads
//! a clock, so it is tested with made-up times. Only [`run`] uses the real
//! clock, through [`SystemClock`].

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::config::{Config, FeedConfig};
use crate::fetch::{Fetch, FetchError, Fetched, HttpFetcher, Validators};

/// Longest wait that backoff alone adds after failures (a feed whose
/// interval is longer keeps its interval).
pub const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// Longest `Retry-After` honoured; a server asking for more is polled after
/// this anyway.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);
/// How often [`run_with`] wakes to ask `stop` while it waits.
pub const STOP_CHECK: Duration = Duration::from_secs(1);

/// What is remembered about one feed between polls and between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedState {
    /// The URL the state belongs to: when the feed's URL changes in
    /// FEEDS.toml, the old validators and hash no longer apply.
    pub url: String,
    /// ETag and Last-Modified of the last body delivered.
    pub validators: Validators,
    /// SHA-256 (hex) of the last body delivered: a server that ignores
    /// conditional requests still does not make us re-deliver the same feed.
    pub body_sha256: Option<String>,
    /// When the feed is next due, in seconds since the Unix epoch.
    pub next_due: u64,
    /// Failed polls since the last success; drives the backoff.
    pub consecutive_failures: u32,
    /// The last failure's message, cleared by a success.
    pub last_error: Option<String>,
}

/// The state of every feed, keyed by feed name; serialise it (JSON, the
/// store) to carry validators and schedules across runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WatchState {
    /// Feed name to state.
    pub feeds: BTreeMap<String, FeedState>,
}

/// What one poll of one feed came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollOutcome {
    /// The feed's name in FEEDS.toml.
    pub feed: String,
    /// The feed's URL in FEEDS.toml.
    pub url: String,
    /// What happened.
    pub result: PollResult,
}

/// The result part of a [`PollOutcome`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollResult {
    /// 304 Not Modified: nothing to do.
    NotModified,
    /// 200 with the same body as last delivered: nothing to do.
    Unchanged,
    /// A new body, to hand to a reader.
    New {
        /// The body, decompressed.
        body: Vec<u8>,
        /// The URL it came from after redirects (base for relative links).
        final_url: String,
        /// The `Content-Type` header.
        content_type: Option<String>,
    },
    /// The poll failed; the feed is retried after `retry_in`.
    Failed {
        /// Why.
        error: FetchError,
        /// Failures in a row, this one included.
        consecutive_failures: u32,
        /// Delay before the next attempt.
        retry_in: Duration,
    },
}

/// Delay before the next poll after `failures` failures in a row:
/// `interval × 2^failures`, at most [`MAX_BACKOFF`], but never shorter than
/// the interval itself. No failures: the interval.
pub fn backoff(interval: Duration, failures: u32) -> Duration {
    if failures == 0 {
        return interval;
    }
    // 2^failures overflows past 31; the cap is reached long before.
    let factor = 1u32.checked_shl(failures.min(31)).unwrap_or(u32::MAX);
    let grown = interval.checked_mul(factor).unwrap_or(Duration::MAX);
    grown.min(MAX_BACKOFF).max(interval)
}

fn unix_secs(time: SystemTime) -> u64 {
    // A clock before 1970 is treated as 1970: everything is due.
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn after(now: SystemTime, delay: Duration) -> u64 {
    unix_secs(now).saturating_add(delay.as_secs())
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// The feeds and their schedules.
#[derive(Debug, Clone)]
pub struct Poller {
    feeds: Vec<FeedConfig>,
    states: Vec<FeedState>,
}

impl Poller {
    /// Schedules `config`'s feeds, taking up `saved` state by feed name.
    /// A feed without saved state (or whose URL changed) is due at once. A
    /// saved due time further away than the feed's current backoff (the
    /// interval was shortened, or the clock went back) is brought forward.
    pub fn new(config: &Config, saved: &WatchState, now: SystemTime) -> Poller {
        let states = config
            .feeds
            .iter()
            .map(|feed| match saved.feeds.get(&feed.name) {
                Some(state) if state.url == feed.url => {
                    let mut state = state.clone();
                    let latest = after(now, backoff(feed.interval, state.consecutive_failures));
                    state.next_due = state.next_due.min(latest);
                    state
                }
                _ => FeedState {
                    url: feed.url.clone(),
                    ..FeedState::default()
                },
            })
            .collect();
        Poller {
            feeds: config.feeds.clone(),
            states,
        }
    }

    /// The feeds, in FEEDS.toml order; indexes are into this.
    pub fn feeds(&self) -> &[FeedConfig] {
        &self.feeds
    }

    /// One feed's state.
    pub fn feed_state(&self, index: usize) -> Option<&FeedState> {
        self.states.get(index)
    }

    /// A snapshot of every feed's state, to persist.
    pub fn state(&self) -> WatchState {
        WatchState {
            feeds: self
                .feeds
                .iter()
                .zip(&self.states)
                .map(|(feed, state)| (feed.name.clone(), state.clone()))
                .collect(),
        }
    }

    /// Indexes of the feeds due at `now`, the longest-waiting first.
    pub fn due(&self, now: SystemTime) -> Vec<usize> {
        let now = unix_secs(now);
        let mut due: Vec<usize> = (0..self.states.len())
            .filter(|&i| self.states[i].next_due <= now)
            .collect();
        due.sort_by_key(|&i| (self.states[i].next_due, i));
        due
    }

    /// When the next feed is due; `None` without feeds.
    pub fn next_due(&self) -> Option<SystemTime> {
        self.states
            .iter()
            .map(|state| state.next_due)
            .min()
            .map(|secs| UNIX_EPOCH + Duration::from_secs(secs))
    }

    /// Polls every feed due at `now`.
    pub fn poll(&mut self, now: SystemTime, fetcher: &(impl Fetch + ?Sized)) -> Vec<PollOutcome> {
        self.due(now)
            .into_iter()
            .filter_map(|index| self.poll_feed(index, now, fetcher))
            .collect()
    }

    /// Polls one feed now, due or not, and reschedules it. `None` for an
    /// index out of range.
    pub fn poll_feed(
        &mut self,
        index: usize,
        now: SystemTime,
        fetcher: &(impl Fetch + ?Sized),
    ) -> Option<PollOutcome> {
        let feed = self.feeds.get(index)?;
        let state = self.states.get_mut(index)?;
        let result = match fetcher.fetch(feed, &state.validators) {
            Ok(fetched) => {
                state.consecutive_failures = 0;
                state.last_error = None;
                state.next_due = after(now, feed.interval);
                match fetched {
                    Fetched::NotModified => PollResult::NotModified,
                    Fetched::Body {
                        bytes,
                        etag,
                        last_modified,
                        final_url,
                        content_type,
                    } => {
                        state.validators = Validators {
                            etag,
                            last_modified,
                        };
                        let hash = sha256_hex(&bytes);
                        if state.body_sha256.as_deref() == Some(hash.as_str()) {
                            PollResult::Unchanged
                        } else {
                            state.body_sha256 = Some(hash);
                            PollResult::New {
                                body: bytes,
                                final_url,
                                content_type,
                            }
                        }
                    }
                }
            }
            Err(error) => {
                state.consecutive_failures = state.consecutive_failures.saturating_add(1);
                let mut retry_in = backoff(feed.interval, state.consecutive_failures);
                if let FetchError::Status {
                    retry_after: Some(asked),
                    ..
                } = &error
                {
                    retry_in = retry_in.max((*asked).min(MAX_RETRY_AFTER));
                }
                state.next_due = after(now, retry_in);
                state.last_error = Some(error.to_string());
                PollResult::Failed {
                    error,
                    consecutive_failures: state.consecutive_failures,
                    retry_in,
                }
            }
        };
        Some(PollOutcome {
            feed: feed.name.clone(),
            url: feed.url.clone(),
            result,
        })
    }

    /// Forgets what was delivered for the feed `name`, so that its next poll
    /// fetches and delivers the whole body again. For a caller that could not
    /// store a delivered body. Returns false for an unknown name.
    pub fn redeliver(&mut self, name: &str) -> bool {
        let Some(index) = self.feeds.iter().position(|feed| feed.name == name) else {
            return false;
        };
        let state = &mut self.states[index];
        state.validators = Validators::default();
        state.body_sha256 = None;
        true
    }
}

/// Time as [`run_with`] sees it; tests pass a clock whose `sleep` only moves
/// its time on.
pub trait Clock {
    /// The current time.
    fn now(&self) -> SystemTime;
    /// Waits `duration`.
    fn sleep(&self, duration: Duration);
}

/// The system clock and `std::thread::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// Watches `config`'s feeds over HTTP until `stop()` is true, starting from
/// `state` (use `WatchState::default()` the first time), and returns the
/// state to persist. `on_outcome` gets every outcome and the poller, whose
/// [`Poller::state`] it can save after each outcome and whose
/// [`Poller::redeliver`] it can call when it failed to store a body.
pub fn run(
    config: &Config,
    state: &WatchState,
    stop: impl Fn() -> bool,
    on_outcome: impl FnMut(PollOutcome, &mut Poller),
) -> WatchState {
    let mut poller = Poller::new(config, state, SystemTime::now());
    run_with(
        &mut poller,
        &HttpFetcher::new(),
        &SystemClock,
        stop,
        on_outcome,
    );
    poller.state()
}

/// The loop of [`run`] with the fetcher and the clock passed in: polls what
/// is due, one feed at a time, then sleeps until the next feed is due,
/// waking every [`STOP_CHECK`] to ask `stop`.
pub fn run_with(
    poller: &mut Poller,
    fetcher: &(impl Fetch + ?Sized),
    clock: &(impl Clock + ?Sized),
    stop: impl Fn() -> bool,
    mut on_outcome: impl FnMut(PollOutcome, &mut Poller),
) {
    while !stop() {
        for index in poller.due(clock.now()) {
            if stop() {
                return;
            }
            // Each feed is rescheduled from the time its own poll started,
            // not from when the batch began.
            if let Some(outcome) = poller.poll_feed(index, clock.now(), fetcher) {
                on_outcome(outcome, poller);
            }
        }
        if stop() {
            return;
        }
        let now = clock.now();
        let wait = match poller.next_due() {
            Some(due) => due.duration_since(now).unwrap_or(Duration::ZERO),
            None => STOP_CHECK,
        };
        if !wait.is_zero() {
            clock.sleep(wait.min(STOP_CHECK));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use super::*;
    use crate::config::FeedConfig;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    const T0: u64 = 1_700_000_000;

    /// Answers from a script and records the validators it was sent.
    struct Script {
        answers: RefCell<Vec<Result<Fetched, FetchError>>>,
        seen: RefCell<Vec<(String, Validators)>>,
    }

    impl Script {
        fn new(mut answers: Vec<Result<Fetched, FetchError>>) -> Script {
            answers.reverse();
            Script {
                answers: RefCell::new(answers),
                seen: RefCell::new(Vec::new()),
            }
        }
    }

    impl Fetch for Script {
        fn fetch(&self, feed: &FeedConfig, validators: &Validators) -> Result<Fetched, FetchError> {
            self.seen
                .borrow_mut()
                .push((feed.name.clone(), validators.clone()));
            self.answers
                .borrow_mut()
                .pop()
                .unwrap_or(Ok(Fetched::NotModified))
        }
    }

    fn body(text: &str, etag: Option<&str>) -> Result<Fetched, FetchError> {
        Ok(Fetched::Body {
            bytes: text.as_bytes().to_vec(),
            etag: etag.map(str::to_string),
            last_modified: Some("Wed, 01 Jan 2025 00:00:00 GMT".into()),
            final_url: "https://example.com/rss".into(),
            content_type: Some("application/rss+xml".into()),
        })
    }

    fn server_error(status: u16, retry_after: Option<u64>) -> Result<Fetched, FetchError> {
        Err(FetchError::Status {
            url: "https://example.com/rss".into(),
            status,
            retry_after: retry_after.map(Duration::from_secs),
        })
    }

    fn cfg(feeds: &[(&str, u64)]) -> Config {
        Config {
            feeds: feeds
                .iter()
                .map(|(name, interval)| FeedConfig {
                    interval: Duration::from_secs(*interval),
                    ..FeedConfig::new(*name, format!("https://example.com/{name}"))
                })
                .collect(),
        }
    }

    #[test]
    fn backoff_rule() {
        let five = Duration::from_secs(300);
        assert_eq!(backoff(five, 0), five);
        assert_eq!(backoff(five, 1), Duration::from_secs(600));
        assert_eq!(backoff(five, 2), Duration::from_secs(1200));
        assert_eq!(backoff(five, 3), Duration::from_secs(2400));
        assert_eq!(backoff(five, 4), MAX_BACKOFF);
        assert_eq!(backoff(five, 40), MAX_BACKOFF);
        assert_eq!(backoff(five, u32::MAX), MAX_BACKOFF);
        // A long interval is not shortened by the cap.
        let day = Duration::from_secs(86_400);
        assert_eq!(backoff(day, 3), day);
        assert_eq!(backoff(Duration::MAX, 3), Duration::MAX);
    }

    #[test]
    fn new_feeds_are_due_at_once_then_per_interval() {
        let config = cfg(&[("a", 300), ("b", 60)]);
        let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
        assert_eq!(poller.due(at(T0)), vec![0, 1]);
        let script = Script::new(vec![body("A", None), body("B", None)]);
        let outcomes = poller.poll(at(T0), &script);
        assert_eq!(outcomes.len(), 2);
        assert_eq!(poller.due(at(T0 + 59)), Vec::<usize>::new());
        assert_eq!(poller.next_due(), Some(at(T0 + 60)));
        assert_eq!(poller.due(at(T0 + 60)), vec![1]);
        assert_eq!(poller.due(at(T0 + 300)), vec![1, 0]);
    }

    #[test]
    fn validators_are_sent_and_unchanged_bodies_not_redelivered() {
        let config = cfg(&[("a", 300)]);
        let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
        let script = Script::new(vec![
            body("<rss>1</rss>", Some("\"v1\"")),
            Ok(Fetched::NotModified),
            // A server that ignores validators sends the same body again.
            body("<rss>1</rss>", Some("\"v1b\"")),
            body("<rss>2</rss>", Some("\"v2\"")),
        ]);
        let first = poller.poll(at(T0), &script);
        match &first[0].result {
            PollResult::New {
                body,
                final_url,
                content_type,
            } => {
                assert_eq!(body, b"<rss>1</rss>");
                assert_eq!(final_url, "https://example.com/rss");
                assert_eq!(content_type.as_deref(), Some("application/rss+xml"));
            }
            other => panic!("expected a new body, got {other:?}"),
        }
        assert_eq!(first[0].feed, "a");
        assert_eq!(first[0].url, "https://example.com/a");

        let second = poller.poll(at(T0 + 300), &script);
        assert_eq!(second[0].result, PollResult::NotModified);
        let third = poller.poll(at(T0 + 600), &script);
        assert_eq!(third[0].result, PollResult::Unchanged);
        let fourth = poller.poll(at(T0 + 900), &script);
        assert!(
            matches!(&fourth[0].result, PollResult::New { body, .. } if body == b"<rss>2</rss>")
        );

        let seen = script.seen.borrow();
        assert_eq!(seen[0].1, Validators::default());
        assert_eq!(seen[1].1.etag.as_deref(), Some("\"v1\""));
        assert_eq!(
            seen[1].1.last_modified.as_deref(),
            Some("Wed, 01 Jan 2025 00:00:00 GMT")
        );
        // Validators follow the latest 200 even when its body was unchanged.
        assert_eq!(seen[3].1.etag.as_deref(), Some("\"v1b\""));
    }

    #[test]
    fn failures_back_off_and_success_resets() {
        let config = cfg(&[("a", 300)]);
        let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
        let script = Script::new(vec![
            server_error(500, None),
            server_error(502, None),
            server_error(503, None),
            body("x", None),
        ]);
        let mut now = T0;
        for (failures, delay) in [(1, 600), (2, 1200), (3, 2400)] {
            let outcome = poller.poll(at(now), &script).remove(0);
            match outcome.result {
                PollResult::Failed {
                    consecutive_failures,
                    retry_in,
                    error,
                } => {
                    assert_eq!(consecutive_failures, failures);
                    assert_eq!(retry_in, Duration::from_secs(delay));
                    assert!(error.to_string().contains("HTTP status 50"), "{error}");
                }
                other => panic!("expected a failure, got {other:?}"),
            }
            let state = poller.feed_state(0).expect("state");
            assert_eq!(state.next_due, now + delay);
            assert!(state.last_error.is_some());
            // Not due a second before the backoff ends.
            assert!(poller.due(at(now + delay - 1)).is_empty());
            now += delay;
        }
        let outcome = poller.poll(at(now), &script).remove(0);
        assert!(matches!(outcome.result, PollResult::New { .. }));
        let state = poller.feed_state(0).expect("state");
        assert_eq!(state.consecutive_failures, 0);
        assert_eq!(state.last_error, None);
        assert_eq!(state.next_due, now + 300);
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_day() {
        let config = cfg(&[("a", 300)]);
        let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
        let script = Script::new(vec![
            server_error(429, Some(7200)),
            server_error(503, Some(10_000_000)),
        ]);
        let first = poller.poll(at(T0), &script).remove(0);
        assert!(
            matches!(first.result, PollResult::Failed { retry_in, .. } if retry_in == Duration::from_secs(7200))
        );
        let second = poller.poll(at(T0 + 7200), &script).remove(0);
        assert!(
            matches!(second.result, PollResult::Failed { retry_in, .. } if retry_in == MAX_RETRY_AFTER)
        );
    }

    #[test]
    fn state_round_trips_and_is_taken_up_by_name() {
        let config = cfg(&[("a", 300), ("b", 600)]);
        let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
        let script = Script::new(vec![body("A", Some("\"ea\"")), server_error(500, None)]);
        poller.poll(at(T0), &script);
        let saved = poller.state();
        let json = serde_json::to_string(&saved).expect("serialise");
        let restored: WatchState = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(restored, saved);
        assert_eq!(
            restored.feeds["a"].validators.etag.as_deref(),
            Some("\"ea\"")
        );
        assert_eq!(restored.feeds["b"].consecutive_failures, 1);

        // Reordered feeds, one URL changed, one new feed.
        let mut changed = cfg(&[("new", 60), ("b", 600), ("a", 300)]);
        changed.feeds[2].url = "https://example.com/moved".into();
        let poller = Poller::new(&changed, &restored, at(T0 + 10));
        assert_eq!(poller.feed_state(0).map(|s| s.next_due), Some(0));
        let b = poller.feed_state(1).expect("b");
        assert_eq!(b.consecutive_failures, 1);
        assert_eq!(b.next_due, T0 + 1200);
        let a = poller.feed_state(2).expect("a");
        assert_eq!(a.validators, Validators::default());
        assert_eq!(a.url, "https://example.com/moved");
        assert_eq!(a.next_due, 0);

        // Unknown and missing fields in saved state are tolerated.
        let partial: WatchState =
            serde_json::from_str(r#"{"feeds":{"a":{"url":"https://example.com/a"}}}"#)
                .expect("partial");
        assert_eq!(partial.feeds["a"].next_due, 0);
    }

    #[test]
    fn shortened_interval_brings_saved_due_time_forward() {
        let mut saved = WatchState::default();
        saved.feeds.insert(
            "a".into(),
            FeedState {
                url: "https://example.com/a".into(),
                next_due: T0 + 86_400,
                ..FeedState::default()
            },
        );
        let poller = Poller::new(&cfg(&[("a", 300)]), &saved, at(T0));
        assert_eq!(poller.feed_state(0).map(|s| s.next_due), Some(T0 + 300));
    }

    #[test]
    fn redeliver_forgets_validators_and_hash() {
        let config = cfg(&[("a", 300)]);
        let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
        let script = Script::new(vec![body("A", Some("\"e\"")), body("A", Some("\"e\""))]);
        poller.poll(at(T0), &script);
        assert!(poller.redeliver("a"));
        assert!(!poller.redeliver("zzz"));
        let again = poller.poll(at(T0 + 300), &script).remove(0);
        assert!(matches!(again.result, PollResult::New { .. }));
        assert_eq!(script.seen.borrow()[1].1, Validators::default());
    }

    /// A clock whose sleep moves time on and counts.
    struct FakeClock {
        now: Cell<SystemTime>,
        slept: Cell<Duration>,
    }

    impl Clock for FakeClock {
        fn now(&self) -> SystemTime {
            self.now.get()
        }
        fn sleep(&self, duration: Duration) {
            assert!(duration <= STOP_CHECK && !duration.is_zero());
            self.now.set(self.now.get() + duration);
            self.slept.set(self.slept.get() + duration);
        }
    }

    #[test]
    fn run_loop_polls_on_schedule_until_stopped() {
        let config = cfg(&[("a", 60), ("b", 90)]);
        let mut poller = Poller::new(&config, &WatchState::default(), at(T0));
        let script = Script::new(Vec::new());
        let clock = FakeClock {
            now: Cell::new(at(T0)),
            slept: Cell::new(Duration::ZERO),
        };
        let polls: RefCell<Vec<(String, u64)>> = RefCell::new(Vec::new());
        run_with(
            &mut poller,
            &script,
            &clock,
            || polls.borrow().len() >= 6,
            |outcome, poller| {
                assert_eq!(outcome.result, PollResult::NotModified);
                assert_eq!(poller.feeds().len(), 2);
                polls
                    .borrow_mut()
                    .push((outcome.feed, unix_secs(clock.now()) - T0));
            },
        );
        let expected: Vec<(String, u64)> = [
            ("a", 0),
            ("b", 0),
            ("a", 60),
            ("b", 90),
            ("a", 120),
            ("a", 180),
        ]
        .iter()
        .map(|(name, t)| (name.to_string(), *t))
        .collect();
        assert_eq!(*polls.borrow(), expected);
        assert_eq!(clock.slept.get(), Duration::from_secs(180));
    }

    #[test]
    fn run_loop_without_feeds_still_stops() {
        let mut poller = Poller::new(
            &Config { feeds: Vec::new() },
            &WatchState::default(),
            at(T0),
        );
        let clock = FakeClock {
            now: Cell::new(at(T0)),
            slept: Cell::new(Duration::ZERO),
        };
        run_with(
            &mut poller,
            &Script::new(Vec::new()),
            &clock,
            || clock.slept.get() >= Duration::from_secs(3),
            |_, _| panic!("no feeds, no outcomes"),
        );
        assert_eq!(clock.slept.get(), Duration::from_secs(3));
    }
}
