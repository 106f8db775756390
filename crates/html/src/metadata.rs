//! Title, site, author, publication time and canonical URL, from (in
//! order of trust) JSON-LD, meta tags, microdata and the visible page.

use serde_json::Value;

use crate::date;
use crate::dom::{Attr, Doc, Tag};
use crate::hints;
use crate::Published;

/// Everything the page says about itself.
#[derive(Debug, Default)]
pub struct Meta {
    pub title: Option<String>,
    pub site: Option<String>,
    pub author: Option<String>,
    pub published: Option<Published>,
    pub url: Option<String>,
    /// JSON-LD `articleBody`: the article text as the publisher states it.
    pub article_body: Option<String>,
}

#[derive(Debug, Default)]
struct Found {
    metas: Vec<(String, String)>,
    title_tag: Option<String>,
    h1: Option<String>,
    canonical: Option<String>,
    ld: LdArticle,
    micro_published: Option<String>,
    micro_author: Option<String>,
    time_datetime: Option<String>,
    rel_author: Option<String>,
    byline: Option<String>,
    dateline: Option<Published>,
}

#[derive(Debug, Default)]
struct LdArticle {
    headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    url: Option<String>,
    body: Option<String>,
}

pub fn read(doc: &Doc) -> Meta {
    let mut f = Found::default();
    let mut it = doc.descendants(Doc::ROOT);
    while let Some(id) = it.next() {
        let tag = doc.tag(id);
        match tag {
            Tag::Title if f.title_tag.is_none() => f.title_tag = nonempty(&doc.raw_text(id)),
            Tag::Meta => {
                let key = doc
                    .attr(id, Attr::Property)
                    .or_else(|| doc.attr(id, Attr::Name))
                    .or_else(|| doc.attr(id, Attr::Itemprop));
                if let (Some(k), Some(v)) = (key, doc.attr(id, Attr::Content)) {
                    if !v.trim().is_empty() {
                        f.metas.push((k.to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
            }
            Tag::Link
                if f.canonical.is_none()
                    && doc
                        .attr(id, Attr::Rel)
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                f.canonical = doc.attr(id, Attr::Href).and_then(nonempty);
            }
            Tag::Script => {
                if doc
                    .attr(id, Attr::Type)
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
                {
                    read_json_ld(&doc.raw_text(id), &mut f.ld);
                }
                it.skip_children(id);
                continue;
            }
            Tag::H(1) if f.h1.is_none() => f.h1 = nonempty(&collapse(&doc.raw_text(id))),
            Tag::Time if f.time_datetime.is_none() => {
                f.time_datetime = doc.attr(id, Attr::Datetime).and_then(nonempty);
            }
            Tag::A
                if f.rel_author.is_none()
                    && doc
                        .attr(id, Attr::Rel)
                        .is_some_and(|r| r.contains("author")) =>
            {
                f.rel_author = short_text(doc, id);
            }
            _ => {}
        }
        match doc.attr(id, Attr::Itemprop) {
            Some("datePublished") if f.micro_published.is_none() && tag != Tag::Meta => {
                f.micro_published = doc
                    .attr(id, Attr::Datetime)
                    .or_else(|| doc.attr(id, Attr::Content))
                    .map(str::to_string)
                    .or_else(|| short_text(doc, id));
            }
            Some("author") if f.micro_author.is_none() && tag != Tag::Meta => {
                f.micro_author = short_text(doc, id);
            }
            _ => {}
        }
        if tag != Tag::Meta && (f.byline.is_none() || f.dateline.is_none()) {
            let class = doc.attr(id, Attr::Class).unwrap_or("");
            let lc = class.to_ascii_lowercase();
            if f.byline.is_none() && (lc.contains("byline") || lc.contains("author")) {
                f.byline = short_text(doc, id).map(|s| strip_by(&s));
            }
            if f.dateline.is_none()
                && (lc.contains("date")
                    || lc.contains("time")
                    || lc.contains("byline")
                    || lc.contains("publish"))
            {
                if let Some(t) = short_text(doc, id) {
                    f.dateline = date::find_in_text(&t);
                }
            }
        }
    }
    resolve(f)
}

fn resolve(f: Found) -> Meta {
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            f.metas
                .iter()
                .find(|(mk, _)| mk == k)
                .map(|(_, v)| v.clone())
        })
    };
    let site = meta(&["og:site_name", "application-name"]).or(f.ld.publisher.clone());
    let title =
        f.ld.headline
            .clone()
            .or_else(|| meta(&["og:title", "twitter:title", "headline", "dc.title"]))
            .or(f.h1.clone())
            .or_else(|| {
                f.title_tag
                    .as_deref()
                    .map(|t| strip_site(t, site.as_deref()))
            });
    let author = (!f.ld.authors.is_empty())
        .then(|| f.ld.authors.join(", "))
        .or_else(|| {
            meta(&[
                "author",
                "article:author",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
                "byl",
                "twitter:creator",
            ])
            .filter(|a| !a.starts_with("http"))
            .map(|a| strip_by(&a))
        })
        .or(f.micro_author)
        .or(f.rel_author)
        .or(f.byline)
        .filter(|a| !a.is_empty());
    let published = meta(&["article:published_time"])
        .and_then(|s| date::parse(&s))
        .or_else(|| f.ld.published.as_deref().and_then(date::parse))
        .or_else(|| {
            meta(&[
                "og:published_time",
                "datepublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "date",
            ])
            .and_then(|s| date::parse(&s))
        })
        .or_else(|| f.micro_published.as_deref().and_then(date::parse))
        .or_else(|| f.time_datetime.as_deref().and_then(date::parse))
        .or(f.dateline);
    let url = f.canonical.or_else(|| meta(&["og:url"])).or(f.ld.url);
    Meta {
        title: title.map(|t| collapse(&t)).filter(|t| !t.is_empty()),
        site: site.map(|s| collapse(&s)),
        author: author.map(|a| collapse(&a)),
        published,
        url,
        article_body: f.ld.body,
    }
}

/// Reads the article object(s) of one JSON-LD script: top level, arrays
/// and `@graph`.
fn read_json_ld(src: &str, out: &mut LdArticle) {
    let Ok(v) = serde_json::from_str::<Value>(src.trim()) else {
        return;
    };
    // Breadth over the nesting that matters (arrays, @graph); bounded so a
    // hostile document cannot make this loop long.
    let mut queue = vec![&v];
    let mut seen = 0;
    while let Some(v) = queue.pop() {
        seen += 1;
        if seen > 200 {
            break;
        }
        match v {
            Value::Array(items) => queue.extend(items.iter()),
            Value::Object(map) => {
                if let Some(g) = map.get("@graph") {
                    queue.push(g);
                }
                if is_article(map.get("@type")) {
                    take_article(map, out);
                }
            }
            _ => {}
        }
    }
}

fn is_article(t: Option<&Value>) -> bool {
    let is = |s: &str| {
        s.ends_with("Article") || s == "BlogPosting" || s == "Report" || s == "LiveBlogPosting"
    };
    match t {
        Some(Value::String(s)) => is(s),
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str().is_some_and(is)),
        _ => false,
    }
}

fn take_article(map: &serde_json::Map<String, Value>, out: &mut LdArticle) {
    let s = |k: &str| map.get(k).and_then(Value::as_str).and_then(nonempty);
    if out.headline.is_none() {
        out.headline = s("headline").or_else(|| s("name"));
    }
    if out.published.is_none() {
        out.published = s("datePublished").or_else(|| s("dateCreated"));
    }
    if out.url.is_none() {
        out.url = s("url").or_else(|| match map.get("mainEntityOfPage") {
            Some(Value::String(u)) => nonempty(u),
            Some(Value::Object(o)) => o.get("@id").and_then(Value::as_str).and_then(nonempty),
            _ => None,
        });
    }
    if out.body.is_none() {
        out.body = s("articleBody");
    }
    if out.authors.is_empty() {
        out.authors = names(map.get("author"));
    }
    if out.publisher.is_none() {
        out.publisher = names(map.get("publisher")).into_iter().next();
    }
}

/// Person or organisation names: a string, an object with `name`, or an
/// array of either.
fn names(v: Option<&Value>) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => nonempty(s).filter(|s| !s.starts_with("http")),
        Value::Object(o) => o.get("name").and_then(Value::as_str).and_then(nonempty),
        _ => None,
    };
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(one).collect(),
        Some(v) => one(v).into_iter().collect(),
        None => Vec::new(),
    }
}

fn nonempty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The text of a small element (bylines, datelines), or nothing when the
/// element is large (then it is a container, not a byline).
fn short_text(doc: &Doc, id: u32) -> Option<String> {
    let mut s = String::new();
    for d in doc.descendants(id) {
        if hints::is_boilerplate_tag(doc.tag(d)) && doc.tag(d) != Tag::Header {
            continue;
        }
        s.push_str(doc.text_of(d));
        if s.len() > 200 {
            return None;
        }
    }
    nonempty(&collapse(&s))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_by(s: &str) -> String {
    let t = s.trim();
    for p in ["By ", "by ", "BY "] {
        if let Some(rest) = t.strip_prefix(p) {
            return rest.trim().to_string();
        }
    }
    t.to_string()
}

/// "Headline | Site" → "Headline".
fn strip_site(title: &str, site: Option<&str>) -> String {
    let t = title.trim();
    for sep in [" | ", " - ", " — ", " – ", " :: "] {
        if let Some(i) = t.rfind(sep) {
            let tail = &t[i + sep.len()..];
            if site.is_some_and(|s| tail.eq_ignore_ascii_case(s))
                || tail.split_whitespace().count() <= 3
            {
                return t[..i].trim().to_string();
            }
        }
    }
    t.to_string()
}
