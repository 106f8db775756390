//! RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom feeds: one [`Document`] per
//! item or entry.
//!
//! Built on `quick-xml` rather than `feed-rs`. `feed-rs` parses the whole
//! feed into its model before returning anything, so a feed cut off at the
//! end yields no item at all, and it brings chrono, regex, url, uuid and
//! mime along; this reader needs none of them (dates go through jiff like
//! the rest of the crate). `quick-xml` is the pull parser `feed-rs` itself
//! uses: this module reads the handful of elements a news item has, keeps
//! the items it completed when the XML breaks, and never expands
//! DTD entities (quick-xml does not implement them), which is what keeps an
//! entity bomb harmless. A feed whose DOCTYPE declares entities is refused
//! outright, so a bomb gives a clear error rather than items with `&lol9;`
//! left in them.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use crate::date::parse_published;
use crate::{Document, Format, ItemError, ItemErrorKind, Lost, NoText, Published};

/// Reads a feed held in memory (the caller bounds its size). Items come
/// out in document order; when the XML breaks, the items completed before
/// the break come out, then one error for the rest.
pub fn read_feed(origin: &str, bytes: &[u8]) -> Vec<Result<Document, ItemError>> {
    let text = match to_utf8(bytes) {
        Ok(t) => t,
        Err(kind) => return vec![Err(ItemError::new(origin, kind))],
    };
    let mut parser = Parser::new(origin);
    parser.run(&text);
    parser.finish()
}

/// The feed as UTF-8: UTF-8 as is, or the encoding its XML declaration
/// names (ISO-8859-1 and windows-1252 are still common in older feeds),
/// decoded with encoding_rs as the WHATWG Encoding Standard maps its label
/// (so ISO-8859-1 is read as windows-1252, what such feeds are written
/// in). XML has no detection: undeclared means UTF-8.
fn to_utf8(bytes: &[u8]) -> Result<Cow<'_, str>, ItemErrorKind> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ItemErrorKind::Utf16);
    }
    let declared = declared_encoding(bytes);
    let legacy = declared
        .as_deref()
        .and_then(|d| encoding_rs::Encoding::for_label_no_replacement(d.as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8 && e.is_ascii_compatible());
    match legacy {
        Some(encoding) => Ok(encoding.decode_without_bom_handling(bytes).0),
        None => std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|e| ItemErrorKind::NotUtf8 {
                at: Some(e.valid_up_to()),
                declared: declared.filter(|d| !d.eq_ignore_ascii_case("utf-8")),
            }),
    }
}

fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = memchr::memmem::find(head, b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    let value = rest[1..].split(quote).next()?;
    Some(value.to_ascii_lowercase())
}

/// What an item's child element is read into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Guid,
    /// content:encoded
    Encoded,
    Content,
    Description,
    Summary,
    /// RSS `<author>` (an e-mail, often with the name in parentheses).
    RssAuthor,
    Creator,
    Published,
    Updated,
    /// The channel's or feed's own title.
    Site,
}

#[derive(Debug, Default)]
struct Entry {
    title: Option<(String, bool)>,
    link: Option<String>,
    guid: Option<(String, bool)>,
    encoded: Option<(String, bool)>,
    content: Option<(String, bool)>,
    description: Option<(String, bool)>,
    summary: Option<(String, bool)>,
    rss_author: Option<String>,
    author_name: Option<String>,
    creator: Option<String>,
    published: Option<String>,
    updated: Option<String>,
}

/// Text being read from one element.
#[derive(Debug)]
struct Capture {
    field: Field,
    /// The depth of the element captured: text at this depth is character
    /// data; deeper down it is markup (Atom's XHTML content).
    depth: usize,
    text: String,
    /// Whether the text is HTML (RSS descriptions, Atom `type="html"` or
    /// `"xhtml"`) rather than plain text (Atom `type="text"`).
    html: bool,
}

#[derive(Debug)]
struct Parser {
    origin: String,
    /// Local names, lower-cased, of the open elements.
    stack: Vec<String>,
    entry: Option<(usize, Entry)>,
    capture: Option<Capture>,
    site: Option<String>,
    out: Vec<Result<Document, ItemError>>,
    entries: usize,
    /// Rss or Atom, from the root element.
    format: Format,
}

impl Parser {
    fn new(origin: &str) -> Self {
        Parser {
            origin: origin.to_string(),
            stack: Vec::new(),
            entry: None,
            capture: None,
            site: None,
            out: Vec::new(),
            entries: 0,
            format: Format::Rss,
        }
    }

    fn error(&mut self, origin: String, kind: ItemErrorKind) {
        self.out.push(Err(ItemError::new(origin, kind)));
    }

    /// The origin of the entry being read, or of the next one.
    fn entry_origin(&self) -> String {
        format!("{}#{}", self.origin, self.entries + 1)
    }

    fn run(&mut self, text: &str) {
        let mut reader = Reader::from_str(text);
        // A bare `&` in text is a common fault of hand-made feeds; read it
        // as a character rather than lose the feed.
        reader.config_mut().allow_dangling_amp = true;
        let mut root_seen = false;
        loop {
            let event = match reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let kind = ItemErrorKind::BadXml {
                        at: reader.error_position(),
                        reason: e.to_string(),
                        lost: self.lost(),
                    };
                    self.error(self.entry_origin(), kind);
                    return;
                }
            };
            match event {
                Event::DocType(d) => {
                    if memchr::memmem::find(&d, b"<!ENTITY").is_some() {
                        self.error(self.origin.clone(), ItemErrorKind::FeedEntities);
                        return;
                    }
                }
                Event::Start(e) => {
                    if !root_seen {
                        root_seen = true;
                        match check_root(&e) {
                            Ok(format) => self.format = format,
                            Err(kind) => {
                                self.error(self.origin.clone(), kind);
                                return;
                            }
                        }
                    }
                    self.start(&e, false);
                }
                Event::Empty(e) => {
                    if !root_seen {
                        self.error(self.origin.clone(), ItemErrorKind::EmptyFeed);
                        return;
                    }
                    self.start(&e, true);
                }
                Event::End(e) => self.end(e.name().as_ref()),
                Event::Text(t) => {
                    if let Some(c) = &mut self.capture {
                        let s = t.xml10_content().unwrap_or_default();
                        c.text.push_str(&s);
                    }
                }
                Event::CData(t) => {
                    if let Some(c) = &mut self.capture {
                        c.text.push_str(&String::from_utf8_lossy(&t));
                    }
                }
                Event::GeneralRef(r) => {
                    let depth = self.stack.len();
                    if let Some(c) = &mut self.capture {
                        push_ref(c, &r, depth);
                    }
                }
                Event::Eof => {
                    if !root_seen {
                        self.error(self.origin.clone(), ItemErrorKind::NoFeedElement);
                    } else if let Some(open) = self.stack.first().cloned() {
                        let kind = ItemErrorKind::Truncated {
                            open,
                            lost: self.lost(),
                        };
                        self.error(self.entry_origin(), kind);
                    }
                    return;
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }

    /// What a break loses, for its error message.
    fn lost(&self) -> Lost {
        match (self.entry.is_some(), self.entries) {
            (true, n) => Lost::FromEntry(n + 1),
            (false, 0) => Lost::NothingRead,
            (false, n) => Lost::AfterEntries(n),
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let local = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
        let depth = self.stack.len() + 1;
        if let Some(c) = &mut self.capture {
            // Markup inside a captured element (XHTML content): kept as
            // markup for the HTML-to-text step.
            c.text.push('<');
            c.text.push_str(&String::from_utf8_lossy(e));
            c.text.push_str(if empty { "/>" } else { ">" });
            if !empty {
                self.stack.push(local);
            }
            return;
        }
        let parent = self.stack.last().map(String::as_str);
        let prefix = e
            .name()
            .prefix()
            .map(|p| String::from_utf8_lossy(p.as_ref()).to_ascii_lowercase());
        // Elements of other vocabularies (media:title, itunes:summary...)
        // are not the item's own: only the bare names, Dublin Core's dates
        // and creator, content:encoded and prefixed Atom count. Prefixes
        // are matched as conventionally bound, which is how feeds write
        // them.
        let own = match prefix.as_deref() {
            None | Some("atom" | "a10") => true,
            Some("dc" | "dcterms") => {
                matches!(
                    local.as_str(),
                    "creator" | "date" | "issued" | "modified" | "created"
                )
            }
            Some("content") => local == "encoded",
            Some(_) => false,
        };
        match &mut self.entry {
            _ if !own => {}
            None if !empty && matches!(local.as_str(), "item" | "entry") => {
                self.entry = Some((depth, Entry::default()));
            }
            None if local == "title" && matches!(parent, Some("channel" | "feed")) => {
                self.begin(Field::Site, depth, e, empty);
            }
            None => {}
            Some((entry_depth, entry)) => {
                let child = depth == *entry_depth + 1;
                let field = match local.as_str() {
                    "link" if child => {
                        if let Some(href) = attr(e, "href") {
                            // Atom: the alternate link is the article.
                            let rel = attr(e, "rel");
                            if entry.link.is_none()
                                && matches!(rel.as_deref(), None | Some("alternate"))
                            {
                                entry.link = Some(href);
                            }
                            None
                        } else {
                            Some(Field::Link)
                        }
                    }
                    "title" if child => Some(Field::Title),
                    "guid" | "id" if child => Some(Field::Guid),
                    "encoded" if child => Some(Field::Encoded),
                    "content" if child => Some(Field::Content),
                    "description" if child => Some(Field::Description),
                    "summary" if child => Some(Field::Summary),
                    "author" if child => Some(Field::RssAuthor),
                    "creator" if child => Some(Field::Creator),
                    "pubdate" | "published" | "date" | "issued" | "created" if child => {
                        Some(Field::Published)
                    }
                    "updated" | "modified" if child => Some(Field::Updated),
                    _ => None,
                };
                if let Some(field) = field {
                    self.begin(field, depth, e, empty);
                }
            }
        }
        if !empty {
            self.stack.push(local);
        }
    }

    fn begin(&mut self, field: Field, depth: usize, e: &BytesStart<'_>, empty: bool) {
        // Atom says whether text is HTML; RSS descriptions are HTML.
        let html = !matches!(attr(e, "type").as_deref(), Some("text" | "text/plain"))
            && !matches!(
                field,
                Field::Link
                    | Field::Guid
                    | Field::RssAuthor
                    | Field::Creator
                    | Field::Published
                    | Field::Updated
                    | Field::Site
            );
        let mut capture = Capture {
            field,
            depth,
            text: String::new(),
            html,
        };
        if field == Field::Guid {
            // A guid that says it is no permalink is no URL.
            capture.html = attr(e, "ispermalink").is_none_or(|v| v != "false");
        }
        if empty {
            self.store(capture);
        } else {
            self.capture = Some(capture);
        }
    }

    fn end(&mut self, _name: &[u8]) {
        let depth = self.stack.len();
        let local = self.stack.pop();
        if let Some(c) = &mut self.capture {
            if depth > c.depth {
                c.text.push_str("</");
                c.text.push_str(local.as_deref().unwrap_or_default());
                c.text.push('>');
                return;
            }
            if let Some(c) = self.capture.take() {
                self.store(c);
            }
            return;
        }
        if let Some((entry_depth, _)) = &self.entry {
            if depth == *entry_depth {
                if let Some((_, entry)) = self.entry.take() {
                    self.entries += 1;
                    let doc = self.document(entry);
                    self.out.push(doc);
                }
            }
        }
    }

    fn store(&mut self, c: Capture) {
        let text = c.text;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return;
        }
        if c.field == Field::Site {
            self.site.get_or_insert_with(|| one_line(trimmed));
            return;
        }
        let Some((_, entry)) = &mut self.entry else {
            return;
        };
        let owned = || trimmed.to_string();
        match c.field {
            Field::Title => set(&mut entry.title, (owned(), c.html)),
            Field::Link => set(&mut entry.link, owned()),
            Field::Guid => set(&mut entry.guid, (owned(), c.html)),
            Field::Encoded => set(&mut entry.encoded, (owned(), c.html)),
            Field::Content => set(&mut entry.content, (owned(), c.html)),
            Field::Description => set(&mut entry.description, (owned(), c.html)),
            Field::Summary => set(&mut entry.summary, (owned(), c.html)),
            Field::RssAuthor => {
                // Atom's <author> holds a <name> (and an <email>): the
                // capture kept them as markup.
                if let Some(name) = trimmed
                    .split_once("<name>")
                    .and_then(|(_, rest)| rest.split_once("</name>"))
                    .map(|(name, _)| name.trim())
                {
                    if !name.is_empty() {
                        set(&mut entry.author_name, name.to_string());
                    }
                } else if !trimmed.contains('<') {
                    set(&mut entry.rss_author, owned())
                }
            }
            Field::Creator => set(&mut entry.creator, owned()),
            Field::Published => set(&mut entry.published, owned()),
            Field::Updated => set(&mut entry.updated, owned()),
            Field::Site => {}
        }
    }

    fn document(&self, e: Entry) -> Result<Document, ItemError> {
        let origin = format!("{}#{}", self.origin, self.entries);
        let body = e
            .encoded
            .or(e.content)
            .or(e.description)
            .or(e.summary)
            .map(|(t, html)| {
                if html {
                    monazite_html::fragment_to_text(&t)
                } else {
                    t
                }
            })
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        let title = e.title.map(|(t, html)| {
            // Titles are short: markup or entities in them go through the
            // same HTML-to-text step, then onto one line.
            if html && (t.contains('<') || t.contains('&')) {
                one_line(&monazite_html::fragment_to_text(&t))
            } else {
                one_line(&t)
            }
        });
        // A headline-only item (some feeds have nothing else) is read as
        // its headline.
        let Some(text) = body.or_else(|| title.clone().filter(|t| !t.is_empty())) else {
            return Err(ItemError::new(
                origin,
                ItemErrorKind::NoText(NoText::FeedEntry),
            ));
        };
        let url = e.link.or_else(|| {
            e.guid
                .filter(|(g, permalink)| *permalink && g.starts_with("http"))
                .map(|(g, _)| g)
        });
        let author = e
            .author_name
            .or(e.creator)
            .or(e.rss_author.map(|a| rss_author_name(&a)));
        let published: Option<Published> = e
            .published
            .as_deref()
            .and_then(parse_published)
            .or_else(|| e.updated.as_deref().and_then(parse_published));
        Ok(Document {
            origin,
            format: self.format,
            url,
            title: title.filter(|t| !t.is_empty()),
            site: self.site.clone(),
            author,
            published,
            tickers: Vec::new(),
            text,
        })
    }

    /// The documents, with the feed's title as their site (RSS 1.0 and
    /// some RSS 2.0 feeds put it after the items).
    fn finish(self) -> Vec<Result<Document, ItemError>> {
        let mut out = self.out;
        if let Some(site) = &self.site {
            for doc in out.iter_mut().flatten() {
                doc.site.get_or_insert_with(|| site.clone());
            }
        }
        out
    }
}

fn set<T>(slot: &mut Option<T>, value: T) {
    slot.get_or_insert(value);
}

/// The root must be a feed: `<rss>`, `<rdf:RDF>` or `<feed>`.
fn check_root(e: &BytesStart<'_>) -> Result<Format, ItemErrorKind> {
    let local = e.local_name();
    let name = String::from_utf8_lossy(local.as_ref()).to_ascii_lowercase();
    match name.as_str() {
        "rss" | "rdf" => Ok(Format::Rss),
        "feed" => Ok(Format::Atom),
        _ => Err(ItemErrorKind::NotAFeed {
            root: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        }),
    }
}

/// An attribute by local name (`rel`, `xml:lang`...), unescaped; lower-case
/// names compared without case.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        if key.as_ref().eq_ignore_ascii_case(name.as_bytes()) {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_string())
        } else {
            None
        }
    })
}

/// An entity or character reference in captured text. In character data
/// it is resolved when it is XML's own (`&amp;`, `&#233;`); any other name
/// is kept as written (HTML's `&nbsp;` is then decoded with the HTML). In
/// markup it is kept as written, markup being escaped text.
fn push_ref(c: &mut Capture, r: &BytesRef<'_>, depth: usize) {
    let name = String::from_utf8_lossy(r);
    if depth == c.depth {
        if let Ok(Some(ch)) = r.resolve_char_ref() {
            c.text.push(ch);
            return;
        }
        if let Some(s) = quick_xml::escape::resolve_xml_entity(&name) {
            c.text.push_str(s);
            return;
        }
    }
    c.text.push('&');
    c.text.push_str(&name);
    c.text.push(';');
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `jdoe@example.com (Jane Doe)` → `Jane Doe`; anything else as is.
fn rss_author_name(author: &str) -> String {
    match (author.find('('), author.rfind(')')) {
        (Some(open), Some(close)) if open < close => {
            let name = author[open + 1..close].trim();
            if name.is_empty() {
                author.to_string()
            } else {
                name.to_string()
            }
        }
        _ => author.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(feed: &str) -> Vec<Result<Document, ItemError>> {
        read_feed("f.xml", feed.as_bytes())
    }

    fn day(s: &str) -> Option<Published> {
        Some(Published::Instant(s.parse().unwrap()))
    }

    const RSS2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Metals Desk</title>
  <link>https://desk.example/</link>
  <image><title>Logo</title></image>
  <item>
    <title>Lynas &amp; MP expand</title>
    <link>https://desk.example/a</link>
    <description>&lt;p&gt;Short.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Full text of A.</p>]]></content:encoded>
    <pubDate>Thu, 18 Dec 2025 12:00:00 GMT</pubDate>
    <author>desk@desk.example (Jane Roe)</author>
  </item>
  <item>
    <title>Second</title>
    <guid isPermaLink="true">https://desk.example/b</guid>
    <description>Plain description of B.</description>
    <dc:date>2025-12-19T08:00:00Z</dc:date>
    <dc:creator>John Doe</dc:creator>
  </item>
  <item><title>Headline only</title>
    <media:content url="https://desk.example/p.jpg"><media:title>Photo</media:title><media:description>A photo.</media:description></media:content>
  </item>
  <item><link>https://desk.example/nothing</link></item>
</channel>
</rss>"#;

    #[test]
    fn rss2_items() {
        let docs = read(RSS2);
        assert_eq!(docs.len(), 4);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.origin, "f.xml#1");
        assert_eq!(a.title.as_deref(), Some("Lynas & MP expand"));
        assert_eq!(a.url.as_deref(), Some("https://desk.example/a"));
        assert_eq!(a.site.as_deref(), Some("Metals Desk"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        assert_eq!(a.published, day("2025-12-18T12:00:00Z"));
        // content:encoded wins over description. What the fragment becomes
        // is the HTML crate's business; the words are there either way.
        assert!(a.text.contains("Full text of A."), "{}", a.text);
        let b = docs[1].as_ref().unwrap();
        assert_eq!(b.url.as_deref(), Some("https://desk.example/b"));
        assert_eq!(b.author.as_deref(), Some("John Doe"));
        assert_eq!(b.published, day("2025-12-19T08:00:00Z"));
        assert_eq!(b.text, "Plain description of B.");
        let c = docs[2].as_ref().unwrap();
        assert_eq!(c.text, "Headline only");
        let d = docs[3].as_ref().unwrap_err();
        assert_eq!(d.origin, "f.xml#4");
        assert!(d.message().contains("no text"), "{d}");
    }

    #[test]
    fn rss1_rdf_items() {
        let feed = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://x.example/"><title>RDF Wire</title></channel>
  <item rdf:about="https://x.example/1">
    <title>One</title><link>https://x.example/1</link>
    <description>Tungsten prices rose.</description>
    <dc:date>2025-12-18</dc:date>
  </item>
</rdf:RDF>"#;
        let docs = read(feed);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.site.as_deref(), Some("RDF Wire"));
        assert_eq!(a.url.as_deref(), Some("https://x.example/1"));
        assert_eq!(
            a.published,
            Some(Published::Day(jiff::civil::date(2025, 12, 18)))
        );
        assert_eq!(a.text, "Tungsten prices rose.");
    }

    #[test]
    fn rss091_with_html_entities() {
        // RSS 0.91 allowed HTML entities through its DTD; unknown ones are
        // left for the HTML step instead of failing the feed.
        let feed = "<rss version=\"0.91\"><channel><title>Old</title>\
            <item><title>A&nbsp;B</title><link>http://o.example/1</link>\
            <description>Cobalt &amp; copper&nbsp;up.</description></item></channel></rss>";
        let docs = read(feed);
        let a = docs[0].as_ref().unwrap();
        assert!(a.text.starts_with("Cobalt & copper"), "{}", a.text);
    }

    #[test]
    fn atom_entries() {
        let feed = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Atom Desk</title>
  <link rel="self" href="https://a.example/feed"/>
  <entry>
    <title type="html">Gallium &lt;b&gt;curbs&lt;/b&gt;</title>
    <link rel="self" href="https://a.example/self/1"/>
    <link rel="alternate" href="https://a.example/1"/>
    <id>tag:a.example,2025:1</id>
    <updated>2025-12-20T00:00:00Z</updated>
    <published>2025-12-18T12:00:00+01:00</published>
    <author><name>Ann Lee</name><email>ann@a.example</email></author>
    <summary type="text">Summary only.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>China curbs gallium &amp; germanium.</p></div></content>
  </entry>
  <entry>
    <title>Plain</title>
    <link href="https://a.example/2"/>
    <updated>2025-12-21T00:00:00Z</updated>
    <summary type="text">Prices: a &lt; b.</summary>
  </entry>
</feed>"#;
        let docs = read(feed);
        assert_eq!(docs.len(), 2);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.url.as_deref(), Some("https://a.example/1"));
        assert_eq!(a.site.as_deref(), Some("Atom Desk"));
        assert_eq!(a.author.as_deref(), Some("Ann Lee"));
        assert_eq!(a.published, day("2025-12-18T11:00:00Z"));
        assert!(a.text.contains("China curbs gallium"), "{}", a.text);
        assert!(a.title.as_deref().unwrap().contains("curbs"));
        let b = docs[1].as_ref().unwrap();
        assert_eq!(b.url.as_deref(), Some("https://a.example/2"));
        assert_eq!(b.published, day("2025-12-21T00:00:00Z"));
        // type="text" is not HTML: the `<` stays a character.
        assert_eq!(b.text, "Prices: a < b.");
    }

    #[test]
    fn entity_bomb_is_refused_in_bounded_memory() {
        let mut dtd = String::from("<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
        for i in 1..=9 {
            let prev = if i == 1 {
                "lol".to_string()
            } else {
                format!("lol{}", i - 1)
            };
            dtd.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">\n",
                format!("&{prev};").repeat(10)
            ));
        }
        dtd.push_str("]>\n");
        let feed = format!(
            "<?xml version=\"1.0\"?>\n{dtd}<rss version=\"2.0\"><channel><title>B</title>\
             <item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>"
        );
        let docs = read(&feed);
        assert_eq!(docs.len(), 1);
        let e = docs[0].as_ref().unwrap_err();
        assert_eq!(e.origin, "f.xml");
        assert!(e.message().contains("declares entities"), "{e}");
    }

    #[test]
    fn truncated_feed_keeps_the_items_before_the_break() {
        let cut = &RSS2[..RSS2.find("<dc:creator>").unwrap()];
        let docs = read(cut);
        assert_eq!(docs.len(), 2, "{docs:?}");
        assert_eq!(
            docs[0].as_ref().unwrap().url.as_deref(),
            Some("https://desk.example/a")
        );
        let e = docs[1].as_ref().unwrap_err();
        assert_eq!(e.origin, "f.xml#2");
        assert!(e.message().contains("truncated"), "{e}");
        assert!(e.message().contains("entry 2"), "{e}");
    }

    #[test]
    fn broken_xml_keeps_the_items_before_the_break() {
        let broken = RSS2.replace("<title>Second</title>", "<title>Second</tilte>");
        let docs = read(&broken);
        assert_eq!(docs.len(), 2);
        assert!(docs[0].is_ok());
        let e = docs[1].as_ref().unwrap_err();
        assert!(e.message().starts_with("XML error at byte"), "{e}");
    }

    #[test]
    fn latin1_feed_is_transcoded_and_bad_utf8_refused() {
        let body: &[u8] = b"<rss><channel><item><description>Caf\xe9 \x93quoted\x94</description></item></channel></rss>";
        let latin1 = [b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", body].concat();
        let docs = read_feed("l.xml", &latin1);
        assert_eq!(docs[0].as_ref().unwrap().text, "Café “quoted”");
        let utf8 = [
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>".as_slice(),
            body,
        ]
        .concat();
        let docs = read_feed("l.xml", &utf8);
        assert!(docs[0]
            .as_ref()
            .unwrap_err()
            .message()
            .contains("not valid UTF-8"));
    }

    #[test]
    fn not_a_feed() {
        let docs = read("<?xml version=\"1.0\"?><urlset><url/></urlset>");
        assert!(docs[0].as_ref().unwrap_err().message().contains("<urlset>"));
    }
}
