//! JSON Lines: one record per line, streamed.
//!
//! Lines are read with a limit ([`MAX_RECORD_BYTES`]): the part of a line
//! past it is skipped as it is read, never buffered, so a 100 MB line
//! costs no more memory than a short one and the records after it still
//! come out.

use std::io::BufRead;

use serde_json::{Map, Value};

use crate::date::parse_published;
use crate::{Document, Format, ItemError, ItemErrorKind, NoText, MAX_RECORD_BYTES};

/// Fields read for each part of a document, first present wins.
const URL: &[&str] = &["url", "link"];
const TITLE: &[&str] = &["title", "headline"];
const PUBLISHED: &[&str] = &[
    "published",
    "published_utc",
    "published_at",
    "date",
    "datetime",
    "time_published",
    "timestamp",
];
const SOURCE: &[&str] = &["source", "site", "publisher", "outlet"];
const AUTHOR: &[&str] = &["author", "authors", "byline"];
const TICKERS: &[&str] = &["tickers", "ticker", "symbols", "symbol", "ticker_sentiment"];
pub(crate) const TEXT: &[&str] = &[
    "text",
    "body",
    "content",
    "article",
    "full_text",
    "summary",
    "description",
];
pub(crate) const HTML: &[&str] = &["html", "content_html", "raw_html"];

/// Reads `reader` as JSON Lines; documents have origin `origin:LINE`.
pub fn read_jsonl<R: BufRead>(origin: &str, reader: R) -> JsonlRecords<R> {
    JsonlRecords {
        origin: origin.to_string(),
        reader,
        line: 0,
        buf: Vec::new(),
        done: false,
    }
}

/// The iterator [`read_jsonl`] returns.
#[derive(Debug)]
pub struct JsonlRecords<R> {
    origin: String,
    reader: R,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Result<Document, ItemError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line += 1;
            let origin = format!("{}:{}", self.origin, self.line);
            let error = |kind: ItemErrorKind| Some(Err(ItemError::new(origin.clone(), kind)));
            match read_line(&mut self.reader, &mut self.buf, MAX_RECORD_BYTES) {
                Err(e) => {
                    self.done = true;
                    return error(ItemErrorKind::CannotRead {
                        reason: e.to_string(),
                    });
                }
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong) => {
                    return error(ItemErrorKind::RecordTooLarge {
                        limit: MAX_RECORD_BYTES,
                    })
                }
                Ok(Line::Read) => {
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(record(&origin, &self.buf));
                }
            }
        }
        None
    }
}

enum Line {
    Read,
    TooLong,
    Eof,
}

/// Reads one line into `buf` (without its `\n` or `\r\n`), or skips it
/// when it is longer than `limit` bytes.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>, limit: usize) -> std::io::Result<Line> {
    buf.clear();
    let mut any = false;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (chunk, used, end) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], i + 1, true),
            None => (available, available.len(), false),
        };
        if !too_long {
            if buf.len() + chunk.len() > limit + 1 {
                // +1: a `\r` before the `\n` is not counted.
                too_long = true;
                *buf = Vec::new();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        reader.consume(used);
        if end {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(match (any, too_long) {
        (false, _) => Line::Eof,
        (true, true) => Line::TooLong,
        (true, false) if buf.len() > limit => Line::TooLong,
        (true, false) => Line::Read,
    })
}

fn record(origin: &str, bytes: &[u8]) -> Result<Document, ItemError> {
    let error = |kind: ItemErrorKind| ItemError::new(origin, kind);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        error(ItemErrorKind::NotUtf8 {
            at: Some(e.valid_up_to()),
            declared: None,
        })
    })?;
    // A byte-order mark may open the file, so the first line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| {
        error(ItemErrorKind::BadJson {
            reason: e.to_string(),
        })
    })?;
    let Value::Object(obj) = value else {
        return Err(error(ItemErrorKind::NotAnObject));
    };
    let mut doc = Document {
        origin: origin.to_string(),
        format: Format::Jsonl,
        url: string(&obj, URL),
        title: string(&obj, TITLE),
        site: string(&obj, SOURCE),
        author: string(&obj, AUTHOR),
        published: string(&obj, PUBLISHED).and_then(|s| parse_published(&s)),
        tickers: tickers(&obj),
        text: string(&obj, TEXT).unwrap_or_default(),
    };
    if doc.text.is_empty() {
        let Some(html) = string(&obj, HTML) else {
            return Err(error(ItemErrorKind::NoText(NoText::JsonFields)));
        };
        let page = monazite_html::extract(&html).map_err(|e| error(ItemErrorKind::HtmlField(e)))?;
        if page.text.trim().is_empty() {
            return Err(error(ItemErrorKind::NoText(NoText::HtmlField)));
        }
        // The record's own fields win over what the page declares.
        doc.text = page.text;
        doc.url = doc.url.or(page.url);
        doc.title = doc.title.or(page.title);
        doc.site = doc.site.or(page.site);
        doc.author = doc.author.or(page.author);
        doc.published = doc.published.or(page.published);
    }
    Ok(doc)
}

/// The first of `keys` holding a non-empty value: a string, a number (a
/// unix time), an object's `name`, or an array of those joined with ", "
/// (several authors).
fn string(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| obj.get(*k).and_then(as_text))
}

fn as_text(value: &Value) -> Option<String> {
    let s = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            // Fractional unix seconds: the second is precise enough.
            (None, Some(f)) if f.is_finite() => format!("{}", f.trunc() as i64),
            _ => return None,
        },
        Value::Object(o) => return o.get("name").and_then(as_text),
        Value::Array(items) => items
            .iter()
            .filter_map(as_text)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Null | Value::Bool(_) => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Tickers as an array of strings, a string (`"MP, USAR"`), or an array of
/// objects with a `ticker` or `symbol` (Alpha Vantage's `ticker_sentiment`).
fn tickers(obj: &Map<String, Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: &str| {
        let t = t.trim().trim_start_matches('$');
        if !t.is_empty() && !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    };
    let Some(value) = TICKERS.iter().find_map(|k| obj.get(*k)) else {
        return Vec::new();
    };
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    for item in items {
        match item {
            Value::String(s) => s.split([',', ';', '|', ' ']).for_each(&mut push),
            Value::Object(o) => {
                if let Some(Value::String(s)) = o.get("ticker").or_else(|| o.get("symbol")) {
                    push(s);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn read(input: &[u8]) -> Vec<Result<Document, ItemError>> {
        read_jsonl("n.jsonl", input).collect()
    }

    #[test]
    fn records_with_their_fields() {
        let input = br#"{"url":"https://ex.com/a","title":"MP rises","published":"Thu, 18 Dec 2025 12:00:00 GMT","source":"Wire","author":["A. One","B. Two"],"tickers":["MP","USAR"],"text":"MP Materials rose."}

{"headline":"Second","published":1766059200,"site":{"name":"Outlet"},"ticker":"UUUU","body":"Energy Fuels fell."}
{"title":"Third","date":"2025-12-18","ticker_sentiment":[{"ticker":"ALB","relevance_score":"0.9"}],"summary":"Albemarle."}
"#;
        let docs = read(input);
        assert_eq!(docs.len(), 3);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.origin, "n.jsonl:1");
        assert_eq!(a.url.as_deref(), Some("https://ex.com/a"));
        assert_eq!(a.author.as_deref(), Some("A. One, B. Two"));
        assert_eq!(a.tickers, vec!["MP", "USAR"]);
        assert_eq!(
            a.published,
            Some(crate::Published::Instant(
                "2025-12-18T12:00:00Z".parse().unwrap()
            ))
        );
        // The blank line 2 is skipped but still counted.
        let b = docs[1].as_ref().unwrap();
        assert_eq!(b.origin, "n.jsonl:3");
        assert_eq!(b.site.as_deref(), Some("Outlet"));
        assert_eq!(b.text, "Energy Fuels fell.");
        assert_eq!(b.published, a.published);
        let c = docs[2].as_ref().unwrap();
        assert_eq!(c.tickers, vec!["ALB"]);
        assert_eq!(
            c.published,
            Some(crate::Published::Day(jiff::civil::date(2025, 12, 18)))
        );
    }

    #[test]
    fn bad_lines_are_errors_and_the_rest_go_on() {
        let mut input = Vec::new();
        input.extend_from_slice(b"{\"title\":\"x\"\n"); // cut JSON
        input.extend_from_slice(b"{\"text\":\"caf\xe9\"}\n"); // Latin-1 byte
        input.extend_from_slice(b"[1,2]\n");
        input.extend_from_slice(b"{\"title\":\"no text\"}\r\n");
        input.extend_from_slice(b"{\"text\":\"Good.\"}"); // no final newline
        let docs = read(&input);
        let messages: Vec<String> = docs
            .iter()
            .map(|d| match d {
                Ok(d) => format!("ok {} {}", d.origin, d.text),
                Err(e) => e.to_string(),
            })
            .collect();
        // The origin names the line; the message does not again.
        assert!(messages[0].starts_with("n.jsonl:1: not valid JSON"));
        assert_eq!(messages[1], "n.jsonl:2: not valid UTF-8 (at byte 12)");
        assert_eq!(messages[2], "n.jsonl:3: not a JSON object");
        assert_eq!(
            messages[3],
            "n.jsonl:4: no text (looked for text, body, content, article, full_text, \
             summary, description and html, content_html, raw_html)"
        );
        assert_eq!(messages[4], "ok n.jsonl:5 Good.");
        assert_eq!(messages.len(), 5);
    }

    #[test]
    fn a_100_mb_line_is_skipped_in_bounded_memory() {
        let head = std::io::Cursor::new(b"{\"text\":\"First.\"}\n{\"text\":\"".to_vec());
        let long = std::io::repeat(b'a').take(100 << 20);
        let tail = std::io::Cursor::new(b"\"}\n{\"text\":\"After.\"}\n".to_vec());
        let reader = std::io::BufReader::new(head.chain(long).chain(tail));
        let mut records = read_jsonl("big.jsonl", reader);
        assert_eq!(records.next().unwrap().unwrap().text, "First.");
        let e = records.next().unwrap().unwrap_err();
        assert_eq!(e.origin, "big.jsonl:2");
        assert_eq!(
            e.kind,
            ItemErrorKind::RecordTooLarge {
                limit: MAX_RECORD_BYTES
            }
        );
        // Nothing of the long line is kept.
        assert!(records.buf.capacity() <= MAX_RECORD_BYTES + 1);
        let after = records.next().unwrap().unwrap();
        assert_eq!(
            (after.origin.as_str(), after.text.as_str()),
            ("big.jsonl:3", "After.")
        );
        assert!(records.next().is_none());
    }

    #[test]
    fn a_byte_order_mark_is_no_error() {
        let docs = read(b"\xEF\xBB\xBF{\"text\":\"A.\"}\n");
        assert_eq!(docs[0].as_ref().unwrap().text, "A.");
    }

    #[test]
    fn html_records_go_through_the_extractor() {
        // What the extractor finds is its own business; here only that an
        // html record is sent to it and a failure is the html field's.
        let docs = read(b"{\"title\":\"T\",\"html\":\"<html><body></body></html>\"}\n");
        let e = docs[0].as_ref().unwrap_err();
        assert!(e.origin.ends_with(":1"), "{e}");
        assert!(
            matches!(
                e.kind,
                ItemErrorKind::HtmlField(_) | ItemErrorKind::NoText(NoText::HtmlField)
            ),
            "{e}"
        );
    }
}
