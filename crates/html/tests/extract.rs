//! Extraction on hand-written pages, and malformed input.

use jiff::civil::date;
use monazite_html::{extract, fragment_to_text, ExtractError, Published, MAX_HTML_BYTES};

const ARTICLE_P1: &str = "Lynas Rare Earths said on Monday it had agreed to supply separated heavy rare earths to a US buyer, sending its shares up 4% in Sydney trading.";
const ARTICLE_P2: &str = "The company, the largest producer of rare earths outside China, said the contract would run for five years, starting with dysprosium and terbium.";
const ARTICLE_P3: &str = "Analysts at Macquarie said the deal, while small, showed that buyers were willing to pay a premium for supply chains that avoid China.";

fn news_page() -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head>
<title>Lynas signs US supply deal | Mining Daily</title>
<meta property="og:title" content="Lynas signs heavy rare earths deal with US buyer">
<meta property="og:site_name" content="Mining Daily">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2024-03-04T08:30:00+11:00">
<link rel="canonical" href="https://example.com/lynas-deal">
<style>p {{ color: red }}</style>
<script>var nav = "<p>not text</p>";</script>
</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience. By continuing you accept our cookie policy, terms and conditions.</p><button>Accept</button></div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/markets">Markets</a></li><li><a href="/metals">Metals</a></li></ul></nav></header>
<div class="ticker-widget"><span>LYC 6.12 +4.0%</span> <span>MP 15.20 -1.1%</span></div>
<main>
<article class="story">
<h1>Lynas signs heavy rare earths deal with US buyer</h1>
<div class="byline">By Jane Smith</div>
<div class="article-body">
<p>{ARTICLE_P1}</p>
<div class="ad-slot">Advertisement</div>
<p>{ARTICLE_P2}</p>
<h2>Premium pricing</h2>
<p>{ARTICLE_P3}</p>
<div class="share-tools"><a href="https://twitter.com/share">Share on Twitter</a> <a href="https://facebook.com/share">Share on Facebook</a></div>
</div>
</article>
<section class="related-stories"><h3>Read next</h3><ul>
<li><a href="/a">MP Materials expands magnet plant in Texas, adding hundreds of jobs to its workforce</a></li>
<li><a href="/b">China tightens export controls on rare earth processing technology, officials say</a></li>
</ul></section>
<div id="comments" class="comments-area"><h3>3 comments</h3>
<div class="comment"><p>Great news for Australia, finally someone standing up to the monopoly on processing, well done.</p></div>
<div class="comment"><p>This will not change anything for years, the volumes are far too small to matter to anyone.</p></div>
</div>
</main>
<aside class="sidebar"><h3>Most popular</h3><p>Gold hits a record high as central banks keep buying, traders say, in a rally that has lasted for months.</p></aside>
<footer><p>© 2024 Mining Daily. All rights reserved. Contact us, privacy policy, terms of use.</p></footer>
</body></html>"#
    )
}

#[test]
fn only_the_article_remains() {
    let e = extract(&news_page()).unwrap();
    let paras: Vec<&str> = e.text.split("\n\n").collect();
    assert_eq!(
        paras,
        vec![ARTICLE_P1, ARTICLE_P2, "Premium pricing", ARTICLE_P3],
        "{}",
        e.text
    );
}

#[test]
fn metadata_from_meta_tags() {
    let e = extract(&news_page()).unwrap();
    assert_eq!(
        e.title.as_deref(),
        Some("Lynas signs heavy rare earths deal with US buyer")
    );
    assert_eq!(e.site.as_deref(), Some("Mining Daily"));
    assert_eq!(e.author.as_deref(), Some("Jane Smith"));
    assert_eq!(e.url.as_deref(), Some("https://example.com/lynas-deal"));
    assert_eq!(
        e.published,
        Some(Published::Instant("2024-03-03T21:30:00Z".parse().unwrap()))
    );
}

#[test]
fn metadata_from_json_ld() {
    let html = format!(
        r#"<html><head><title>Page</title>
<script type="application/ld+json">
{{"@context":"https://schema.org","@graph":[
  {{"@type":"WebSite","name":"Ignored"}},
  {{"@type":"NewsArticle","headline":"Cobalt price slides to a five-year low",
    "datePublished":"2024-02-20T14:05:00Z",
    "author":[{{"@type":"Person","name":"Ana Lopez"}},{{"@type":"Person","name":"Tom Ng"}}],
    "publisher":{{"@type":"Organization","name":"Metals Wire"}},
    "mainEntityOfPage":{{"@id":"https://example.org/cobalt"}}}}
]}}
</script></head>
<body><div class="post"><p>{ARTICLE_P1}</p><p>{ARTICLE_P2}</p></div></body></html>"#
    );
    let e = extract(&html).unwrap();
    assert_eq!(
        e.title.as_deref(),
        Some("Cobalt price slides to a five-year low")
    );
    assert_eq!(e.site.as_deref(), Some("Metals Wire"));
    assert_eq!(e.author.as_deref(), Some("Ana Lopez, Tom Ng"));
    assert_eq!(e.url.as_deref(), Some("https://example.org/cobalt"));
    assert_eq!(
        e.published,
        Some(Published::Instant("2024-02-20T14:05:00Z".parse().unwrap()))
    );
    assert_eq!(e.text, format!("{ARTICLE_P1}\n\n{ARTICLE_P2}"));
}

#[test]
fn visible_dateline_and_byline() {
    let html = format!(
        r#"<html><head><title>Nickel glut deepens - Ore Times</title></head><body>
<div class="article"><h1>Nickel glut deepens</h1>
<p class="byline">By Sam Lee</p><span class="post-date">Published March 5, 2024</span>
<p>{ARTICLE_P1}</p><p>{ARTICLE_P2}</p></div></body></html>"#
    );
    let e = extract(&html).unwrap();
    assert_eq!(e.title.as_deref(), Some("Nickel glut deepens"));
    assert_eq!(e.author.as_deref(), Some("Sam Lee"));
    assert_eq!(e.published, Some(Published::Day(date(2024, 3, 5))));
    assert!(e.text.starts_with(ARTICLE_P1), "{}", e.text);
}

#[test]
fn fragment_to_text_keeps_everything_but_code() {
    let t = fragment_to_text(
        "<p>Lithium &amp; cobalt&nbsp;prices <b>fell</b>.</p><script>alert(1)</script>\
         <style>b{}</style><ul><li>one</li><li>two &#x2014; three</li></ul>plain &bogus; &#99999999; tail",
    );
    assert_eq!(
        t,
        "Lithium & cobalt prices fell.\n\none\n\ntwo \u{2014} three\n\nplain &bogus; \u{fffd} tail"
    );
    assert_eq!(fragment_to_text("just text"), "just text");
    assert_eq!(fragment_to_text(""), "");
}

#[test]
fn empty_page_is_no_content() {
    assert_eq!(extract(""), Err(ExtractError::NoContent));
    assert_eq!(
        extract("<html><head><title>x</title></head><body></body></html>"),
        Err(ExtractError::NoContent)
    );
}

#[test]
fn oversized_page_is_refused() {
    let html = "a".repeat(MAX_HTML_BYTES + 1);
    assert_eq!(
        extract(&html),
        Err(ExtractError::TooLarge {
            bytes: MAX_HTML_BYTES + 1
        })
    );
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 100_000;
    let mut html = "<div>".repeat(depth);
    html.push_str(&format!("<p>{ARTICLE_P1}</p>"));
    html.push_str(&"</div>".repeat(depth));
    let e = extract(&html).unwrap();
    assert_eq!(e.text, ARTICLE_P1);
    // Unclosed, mixed and nested inline elements too.
    let html = format!("{}<p>{ARTICLE_P2}", "<span><b><i><em>".repeat(depth / 4));
    assert!(extract(&html).is_ok());
    assert!(!fragment_to_text(&html).is_empty());
}

#[test]
fn truncated_and_invalid_markup() {
    let page = news_page();
    // Cut at every kind of place: inside a tag, an attribute, an entity,
    // a script, a comment.
    for cut in (0..page.len()).step_by(97) {
        if page.is_char_boundary(cut) {
            let _ = extract(&page[..cut]);
            let _ = fragment_to_text(&page[..cut]);
        }
    }
    for bad in [
        "<",
        "<p",
        "<p class=\"x",
        "<!--",
        "<![CDATA[",
        "<script>",
        "</p></div></body>",
        "<p>&#0; &#xD800; &#x110000; &amp &lt &unknown; &#; &#x;</p>",
        "<title>",
        "<plaintext><p>x",
        "<table><tr><td>a<td>b</table>",
        "<svg><p>x</svg>",
        "\u{0}\u{feff}<p>\u{0}</p>",
    ] {
        let _ = extract(bad);
        let _ = fragment_to_text(bad);
    }
    let e = extract(&format!("<p>{ARTICLE_P1} &#0; &#xD800; &bogus;</p>")).unwrap();
    assert!(e.text.ends_with("\u{fffd} \u{fffd} &bogus;"), "{}", e.text);
}
