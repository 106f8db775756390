//! A page's bytes into text, with the encoding chosen as browsers choose
//! it (WHATWG HTML, "determining the character encoding"):
//!
//! 1. a UTF-8 byte-order mark;
//! 2. the charset of the transport (an HTTP `Content-Type`), when known;
//! 3. a `<meta charset>` or `<meta http-equiv="Content-Type"
//!    content="…; charset=…">` in the first 1,024 bytes (the prescan);
//! 4. otherwise the bytes: UTF-8 when they are valid UTF-8, else the
//!    encoding chardetng (Firefox's detector) finds, which for the Latin
//!    text of Western news is windows-1252, the standard's fallback.
//!
//! One departure, on purpose: bytes that are valid UTF-8 and hold a
//! non-ASCII character are read as UTF-8 whatever the page declares. Text
//! in a legacy encoding is practically never valid UTF-8 once it has a byte
//! over 0x7F (it would take runs like "Ã©"), while a page converted to
//! UTF-8 and saved often keeps its old declaration; reading it as declared
//! would turn every quote into mojibake.
//!
//! The decoders are encoding_rs's, the standard's own tables: a byte
//! sequence the encoding does not define becomes U+FFFD, as in a browser.
//! UTF-16 is not read here (the readers refuse it before: its ASCII holds
//! NUL bytes and cannot be told from binary data).

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How many leading bytes the `<meta>` prescan reads, as the standard says.
const PRESCAN_BYTES: usize = 1024;

/// A page as text, and how its encoding was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `windows-1252`, `Shift_JIS`…).
    pub encoding: &'static str,
    pub chosen_by: ChosenBy,
    /// Whether some bytes were not valid in that encoding (each became U+FFFD).
    pub replaced: bool,
}

/// What decided a page's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChosenBy {
    ByteOrderMark,
    Transport,
    Meta,
    /// Valid UTF-8 (also when the page declared something else).
    ValidUtf8,
    /// No usable declaration and not UTF-8: detected from the bytes.
    Detected,
}

/// Decodes a page. `transport` is the `Content-Type` it was served with
/// (`text/html; charset=windows-1252`), when it was fetched.
pub fn decode(bytes: &[u8], transport: Option<&str>) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return with(UTF_8, rest, ChosenBy::ByteOrderMark);
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    if let Some(text) = utf8.filter(|t| !t.is_ascii()) {
        return Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            chosen_by: ChosenBy::ValidUtf8,
            replaced: false,
        };
    }
    let declared = transport
        .and_then(charset_of_content_type)
        .and_then(label)
        .map(|e| (e, ChosenBy::Transport))
        .or_else(|| prescan(&bytes[..bytes.len().min(PRESCAN_BYTES)]).map(|e| (e, ChosenBy::Meta)));
    if let Some((encoding, chosen_by)) = declared {
        return with(encoding, bytes, chosen_by);
    }
    if utf8.is_some() {
        // ASCII: every candidate reads it alike.
        return with(UTF_8, bytes, ChosenBy::ValidUtf8);
    }
    let mut detector = EncodingDetector::new();
    detector.feed(bytes, true);
    // UTF-8 is ruled out already: the guess is among the legacy encodings.
    let guess = detector.guess(None, false);
    with(guess, bytes, ChosenBy::Detected)
}

fn with(encoding: &'static Encoding, bytes: &[u8], chosen_by: ChosenBy) -> Decoded {
    let (text, replaced) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        chosen_by,
        replaced,
    }
}

/// The encoding a declared label names, as the standard maps it for
/// pages: UTF-16 labels in an ASCII-compatible page mean UTF-8,
/// x-user-defined means windows-1252, and a label of the "replacement"
/// encoding (which would give one U+FFFD for the whole page) or one the
/// standard does not know counts as no declaration.
fn label(name: &[u8]) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label_no_replacement(name)?;
    Some(match encoding.name() {
        "UTF-16LE" | "UTF-16BE" => UTF_8,
        "x-user-defined" => WINDOWS_1252,
        _ => encoding,
    })
}

/// The `charset` parameter of a `Content-Type` value (also of a
/// `<meta http-equiv>`'s `content`), quotes removed.
fn charset_of_content_type(value: &str) -> Option<&[u8]> {
    let bytes = value.as_bytes();
    let mut from = 0;
    while let Some(at) = find_ignoring_case(&bytes[from..], b"charset") {
        let mut i = from + at + b"charset".len();
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            from += at + 1;
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let rest = &bytes[i..];
        let value = match rest.first() {
            Some(&q @ (b'"' | b'\'')) => {
                let end = rest[1..].iter().position(|&b| b == q)?;
                &rest[1..1 + end]
            }
            _ => {
                let end = rest
                    .iter()
                    .position(|&b| b == b';' || b.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                &rest[..end]
            }
        };
        return (!value.is_empty()).then_some(value);
    }
    None
}

fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The prescan: the first `<meta>` in `head` that declares a known
/// encoding, skipping comments and the attributes of other tags (a
/// `charset=` inside a script or a comment is not a declaration).
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while i < head.len() {
        if head[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            i += 4 + find(&rest[4..], b"-->")? + 3;
            continue;
        }
        let is_meta = rest.len() > 5
            && rest[1..5].eq_ignore_ascii_case(b"meta")
            && (rest[5].is_ascii_whitespace() || rest[5] == b'/');
        let (attributes, end) = tag_attributes(&rest[1..]);
        if is_meta {
            if let Some(encoding) = meta_encoding(&attributes) {
                return Some(encoding);
            }
        }
        i += 1 + end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One attribute of a tag: its name (lowercased) and value, as bytes.
type Attribute = (Vec<u8>, Vec<u8>);

/// What one `<meta>`'s attributes declare: `charset`, else `content`'s
/// charset when `http-equiv` is `Content-Type`.
fn meta_encoding(attributes: &[Attribute]) -> Option<&'static Encoding> {
    let get = |name: &[u8]| {
        attributes
            .iter()
            .find(|(n, _)| n.as_slice() == name)
            .map(|(_, v)| v.as_slice())
    };
    if let Some(charset) = get(b"charset") {
        return label(charset);
    }
    let http_equiv = get(b"http-equiv")?;
    if !http_equiv.eq_ignore_ascii_case(b"content-type") {
        return None;
    }
    let content = std::str::from_utf8(get(b"content")?).ok()?;
    label(charset_of_content_type(content)?)
}

/// The attributes of the tag whose name starts `tag` (just after `<`),
/// names lowercased, and where the tag ends (after its `>`, or the end of
/// `tag` when it is cut off).
fn tag_attributes(tag: &[u8]) -> (Vec<Attribute>, usize) {
    let mut attributes = Vec::new();
    // The tag's name.
    let mut i = tag
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .unwrap_or(tag.len());
    loop {
        while tag
            .get(i)
            .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/')
        {
            i += 1;
        }
        match tag.get(i) {
            None => return (attributes, tag.len()),
            Some(b'>') => return (attributes, i + 1),
            Some(_) => {}
        }
        let start = i;
        while tag
            .get(i)
            .is_some_and(|&b| !(b.is_ascii_whitespace() || b == b'=' || b == b'>' || b == b'/'))
        {
            i += 1;
        }
        let name = tag[start..i].to_ascii_lowercase();
        while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = Vec::new();
        if tag.get(i) == Some(&b'=') {
            i += 1;
            while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match tag.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = tag[i + 1..]
                        .iter()
                        .position(|&b| b == q)
                        .map_or(tag.len(), |e| i + 1 + e);
                    value = tag[i + 1..end].to_vec();
                    i = (end + 1).min(tag.len());
                }
                _ => {
                    let start = i;
                    while tag
                        .get(i)
                        .is_some_and(|&b| !(b.is_ascii_whitespace() || b == b'>'))
                    {
                        i += 1;
                    }
                    value = tag[start..i].to_vec();
                }
            }
        }
        if name.is_empty() {
            i += 1; // a stray `=`: step over it
        } else if !attributes.iter().any(|(n, _)| *n == name) {
            // The first of a repeated attribute counts, as in a browser.
            attributes.push((name, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Rare earths “rally” – again" with windows-1252 quotes and dash.
    const CP1252: &[u8] = b"<p>Rare earths \x93rally\x94 \x96 again, MP\x92s shares</p>";

    #[test]
    fn an_undeclared_legacy_page_falls_back_to_windows_1252() {
        let page = [
            b"<html><head><title>T</title></head><body>".as_slice(),
            CP1252,
        ]
        .concat();
        let d = decode(&page, None);
        assert_eq!(d.chosen_by, ChosenBy::Detected);
        assert_eq!(d.encoding, "windows-1252");
        assert!(
            d.text
                .contains("Rare earths \u{201C}rally\u{201D} \u{2013} again, MP\u{2019}s"),
            "{}",
            d.text
        );
        assert!(!d.replaced);
    }

    #[test]
    fn a_byte_order_mark_comes_first_then_transport_then_meta() {
        // The BOM wins over a meta that says otherwise.
        let page = b"\xEF\xBB\xBF<meta charset=windows-1252><p>caf\xC3\xA9</p>";
        let d = decode(page, Some("text/html; charset=iso-8859-2"));
        assert_eq!(
            (d.encoding, d.chosen_by),
            ("UTF-8", ChosenBy::ByteOrderMark)
        );
        assert_eq!(d.text, "<meta charset=windows-1252><p>café</p>");
        // The transport wins over the meta.
        let page = b"<meta charset=windows-1252><p>\xB9</p>";
        let d = decode(page, Some("text/html; charset=\"ISO-8859-2\""));
        assert_eq!(
            (d.encoding, d.chosen_by),
            ("ISO-8859-2", ChosenBy::Transport)
        );
        assert!(d.text.contains("<p>\u{161}</p>"), "{}", d.text);
        // An unknown transport charset counts as none: the meta decides.
        let d = decode(page, Some("text/html; charset=klingon"));
        assert_eq!((d.encoding, d.chosen_by), ("windows-1252", ChosenBy::Meta));
        assert!(d.text.contains("<p>\u{b9}</p>"));
    }

    #[test]
    fn the_prescan_reads_both_meta_forms_and_skips_comments() {
        let cases: [(&[u8], Option<&str>); 7] = [
            (b"<head><META CHARSET='Shift_JIS'>", Some("Shift_JIS")),
            (
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">",
                Some("KOI8-R"),
            ),
            // http-equiv must say Content-Type.
            (b"<meta name=x content=\"charset=koi8-r\">", None),
            (b"<!-- <meta charset=koi8-r> --><p>", None),
            (b"<meta charset=utf-16le>", Some("UTF-8")),
            (b"<meta charset=x-user-defined>", Some("windows-1252")),
            // The replacement encoding is no declaration.
            (b"<meta charset=iso-2022-kr>", None),
        ];
        for (head, expected) in cases {
            assert_eq!(
                prescan(head).map(|e| e.name()),
                expected,
                "{}",
                String::from_utf8_lossy(head)
            );
        }
        // Past the first 1,024 bytes a declaration is not looked for.
        let late = [
            vec![b' '; PRESCAN_BYTES],
            b"<meta charset=koi8-r>\xE1".to_vec(),
        ]
        .concat();
        assert_eq!(decode(&late, None).chosen_by, ChosenBy::Detected);
    }

    #[test]
    fn valid_utf8_is_utf8_whatever_the_page_declares() {
        let page = "<meta charset=windows-1252><p>China\u{2019}s \u{201C}grip\u{201D}</p>";
        let d = decode(page.as_bytes(), None);
        assert_eq!((d.encoding, d.chosen_by), ("UTF-8", ChosenBy::ValidUtf8));
        assert_eq!(d.text, page);
        // A page declared UTF-8 with a stray byte: replaced, as a browser does.
        let d = decode(b"<meta charset=utf-8><p>a\xFFb</p>", None);
        assert_eq!((d.encoding, d.chosen_by), ("UTF-8", ChosenBy::Meta));
        assert!(d.replaced);
        assert!(d.text.contains("a\u{FFFD}b"));
    }

    #[test]
    fn content_type_charsets() {
        assert_eq!(
            charset_of_content_type("text/html;charset=UTF-8"),
            Some(b"UTF-8".as_slice())
        );
        assert_eq!(
            charset_of_content_type("text/html; Charset = 'latin1' ; x=y"),
            Some(b"latin1".as_slice())
        );
        assert_eq!(charset_of_content_type("text/html"), None);
        assert_eq!(charset_of_content_type("text/html; charset="), None);
    }
}
