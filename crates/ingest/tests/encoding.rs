//! Encodings as the readers decide them: pages as browsers do (byte-order
//! mark, transport, `<meta>`, then detection with the windows-1252
//! fallback), feeds by their XML declaration, text and Markdown only as
//! UTF-8 (a clear error otherwise: with no declaration and little text, a
//! guess could silently change names and figures).

use monazite_ingest::{read_bytes, read_response, Document, Format, ReadOptions};

/// An article page in windows-1252 that declares no encoding: curly
/// quotes, an en dash, an em dash, an apostrophe and a euro sign.
const PAGE: &[u8] =
    b"<!DOCTYPE html><html><head><title>Lynas \x96 a \x93record\x94 quarter</title></head>\
<body><article><h1>Lynas \x96 a \x93record\x94 quarter</h1>\
<p>Lynas Rare Earths (ASX: LYC) said its Kalgoorlie plant\x92s output rose 12% \x97 a record \x96 \
and that its Malaysian refinery would spend \x80120 million on new separation lines.</p>\
<p>The company\x92s chief executive called the quarter \x93the strongest in our history\x94.</p>\
</article></body></html>";

fn one(docs: impl Iterator<Item = Result<Document, monazite_ingest::ItemError>>) -> Document {
    let docs: Vec<_> = docs.collect();
    assert_eq!(docs.len(), 1, "{docs:?}");
    docs.into_iter().next().unwrap().expect("a document")
}

#[test]
fn an_undeclared_windows_1252_page_keeps_its_quotes_and_dashes() {
    let doc = one(read_bytes(
        "lynas.html",
        PAGE,
        None,
        &ReadOptions::default(),
    ));
    assert_eq!(doc.format, Format::Html);
    assert_eq!(
        doc.title.as_deref(),
        Some("Lynas \u{2013} a \u{201C}record\u{201D} quarter")
    );
    for expected in [
        "plant\u{2019}s output rose 12% \u{2014} a record \u{2013} and",
        "\u{20AC}120 million",
        "\u{201C}the strongest in our history\u{201D}",
    ] {
        assert!(
            doc.text.contains(expected),
            "{expected:?} in {:?}",
            doc.text
        );
    }
    assert!(!doc.text.contains('\u{FFFD}'), "{:?}", doc.text);
}

#[test]
fn the_transport_charset_comes_before_the_pages_meta() {
    // A page whose <meta> says windows-1252 but which the server said was
    // ISO-8859-5 (Cyrillic): 0xD0 is "а" there, "Ð" in windows-1252.
    let page = b"<html><head><meta charset=\"windows-1252\"><title>t</title></head>\
<body><article><p>Word: \xD0\xE3\xD4\xD0 in a sentence long enough to be the article's text.</p></article></body></html>";
    let served = one(read_response(
        "https://x.example/a",
        page,
        None,
        Some("text/html; charset=ISO-8859-5"),
        &ReadOptions::default(),
    ));
    assert!(
        served
            .text
            .contains("Word: \u{0430}\u{0443}\u{0434}\u{0430}"),
        "{}",
        served.text
    );
    // Without the transport, the meta decides.
    let saved = one(read_bytes("a.html", page, None, &ReadOptions::default()));
    assert!(
        saved.text.contains("Word: \u{D0}\u{E3}\u{D4}\u{D0}"),
        "{}",
        saved.text
    );
}

#[test]
fn text_and_markdown_stay_utf8_only() {
    for (name, bytes) in [
        ("a.txt", b"Lynas\x92s output rose \x96 again.".as_slice()),
        ("a.md", b"# Lynas\n\nLynas\x92s output rose.".as_slice()),
    ] {
        let docs: Vec<_> =
            read_bytes(name, bytes, Some(name.as_ref()), &ReadOptions::default()).collect();
        let error = docs[0].as_ref().unwrap_err();
        assert!(
            error.message().starts_with("not valid UTF-8 (at byte"),
            "{name}: {error}"
        );
    }
}

#[test]
fn feeds_are_read_in_the_encoding_they_declare() {
    let feed = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?>\
<rss><channel><title>T</title><item><title>\xCD\xEE\xE2\xEE\xF1\xF2\xE8</title>\
<description>\xCD\xEE\xF0\xED\xE8\xEA\xE5\xEB\xFC \x96 \xEC\xE5\xE4\xFC</description></item></channel></rss>";
    let doc = one(read_bytes("ru.xml", feed, None, &ReadOptions::default()));
    assert_eq!(doc.title.as_deref(), Some("Новости"));
    assert_eq!(doc.text, "Норникель – медь");
    // A label the Encoding Standard does not know is named in the error.
    let feed = b"<?xml version=\"1.0\" encoding=\"x-klingon\"?><rss><channel><item><description>\xFF</description></item></channel></rss>";
    let docs: Vec<_> = read_bytes("k.xml", feed, None, &ReadOptions::default()).collect();
    let error = docs[0].as_ref().unwrap_err().message();
    assert!(error.contains("'x-klingon' is not supported"), "{error}");
}
