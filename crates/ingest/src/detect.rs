//! Format detection from the first bytes of an input. The content decides;
//! the extension only breaks ties (a file that opens with plain words is
//! Markdown if it is named `.md`, CSV if named `.csv`...).

use std::path::Path;

use crate::csv::is_known_column;
use crate::Format;

/// How many leading bytes [`detect`] needs to decide.
pub const DETECT_BYTES: usize = 8 * 1024;

/// The format of an input, from its first bytes (up to [`DETECT_BYTES`]
/// are looked at) and, for ties, its path's extension.
pub fn detect(head: &[u8], path_hint: Option<&Path>) -> Format {
    let hint = path_hint.and_then(format_of_extension);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let body = &head[start..];
    if body.first() == Some(&b'<') {
        return markup(body, hint);
    }
    if body.first() == Some(&b'{') {
        return Format::Jsonl;
    }
    // Markdown opens with a heading or with front matter.
    if body.starts_with(b"# ") || body.starts_with(b"#\t") || body.starts_with(b"---\n") {
        return Format::Markdown;
    }
    // Only the very first line can be a CSV header (leading blank lines
    // would make it a text).
    if start == 0 && is_csv_header(first_line(body)) {
        return Format::Csv;
    }
    match hint {
        // Text cannot be a feed or a JSON record: those open with `<` / `{`.
        Some(Format::Rss | Format::Atom) | None => Format::Text,
        Some(Format::Jsonl) if !body.is_empty() => Format::Text,
        Some(f) => f,
    }
}

/// The format an extension suggests.
pub fn format_of_extension(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "rss" | "rdf" | "xml" => Format::Rss,
        "atom" => Format::Atom,
        "jsonl" | "ndjson" | "jsonlines" => Format::Jsonl,
        "csv" | "tsv" => Format::Csv,
        "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
        "txt" | "text" => Format::Text,
        _ => return None,
    })
}

/// Content opening with `<`: a feed by its root element, otherwise HTML.
fn markup(body: &[u8], hint: Option<Format>) -> Format {
    match root_element(body) {
        Some(name) => {
            let lower = name.to_ascii_lowercase();
            let local = lower.rsplit(|&b| b == b':').next().unwrap_or(&lower);
            match local {
                b"rss" | b"rdf" => Format::Rss,
                b"feed" => Format::Atom,
                b"html" => Format::Html,
                // Any other tag: Markdown and text may open with inline HTML
                // (a centred logo, a comment), so a `.md` or `.txt` name
                // wins; otherwise it is an HTML fragment, or an XML
                // vocabulary with no reader of its own, for which the HTML
                // extractor is the most forgiving reader. A page saved
                // under a text name is still a page: read as text, its
                // scripts and styles would be analysed as prose.
                _ => match hint {
                    Some(f @ (Format::Markdown | Format::Text)) if !has_page_tags(body) => f,
                    _ => Format::Html,
                },
            }
        }
        // Comments followed by text, or a prolog cut by the head's end.
        None => match hint {
            Some(f @ (Format::Markdown | Format::Text)) if !has_page_tags(body) => f,
            Some(f @ (Format::Rss | Format::Atom)) => f,
            _ => Format::Html,
        },
    }
}

/// Whether markup holds the elements of a page, never of prose or of the
/// inline HTML Markdown allows: `<head>`, `<body>`, `<script>`, `<style>`.
fn has_page_tags(body: &[u8]) -> bool {
    const TAGS: [&[u8]; 4] = [b"<head", b"<body", b"<script", b"<style"];
    memchr::memchr_iter(b'<', body).any(|at| {
        let rest = &body[at..];
        TAGS.iter().any(|tag| {
            rest.get(..tag.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(tag))
                && rest
                    .get(tag.len())
                    .is_none_or(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        })
    })
}

/// The name of the first element after the prolog (XML declaration,
/// processing instructions, comments, doctype), if it is within `body`.
fn root_element(mut body: &[u8]) -> Option<&[u8]> {
    loop {
        body = trim_start(body);
        if body.starts_with(b"<?") {
            body = after(body, b"?>")?;
        } else if body.starts_with(b"<!--") {
            body = after(body, b"-->")?;
        } else if body.len() >= 9 && body[..9].eq_ignore_ascii_case(b"<!doctype") {
            let rest = &body[9..];
            if trim_start(rest)
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"html"))
            {
                return Some(b"html");
            }
            body = skip_doctype(rest)?;
        } else if body.first() == Some(&b'<') {
            let name = &body[1..];
            let end = name
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                .unwrap_or(name.len());
            return (end > 0).then(|| &name[..end]);
        } else {
            return None;
        }
    }
}

/// Past a doctype, including an internal subset in brackets.
fn skip_doctype(body: &[u8]) -> Option<&[u8]> {
    let mut depth = 0usize;
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return Some(&body[i + 1..]),
            _ => {}
        }
    }
    None
}

fn after<'a>(body: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    let at = memchr::memmem::find(body, end)?;
    Some(&body[at + end.len()..])
}

fn trim_start(body: &[u8]) -> &[u8] {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    &body[start..]
}

fn first_line(body: &[u8]) -> &[u8] {
    let end = memchr::memchr(b'\n', body).unwrap_or(body.len());
    let line = &body[..end];
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A CSV (or TSV) header: two or more short, name-like fields, at least
/// one of them a column the CSV reader knows. Prose with commas fails the
/// name-like test (sentences have long fields and end with a period).
fn is_csv_header(line: &[u8]) -> bool {
    let Ok(line) = std::str::from_utf8(line) else {
        return false;
    };
    let delimiter = if line.contains('\t') { '\t' } else { ',' };
    let fields: Vec<&str> = line
        .split(delimiter)
        .map(|f| f.trim().trim_matches('"').trim())
        .collect();
    if fields.len() < 2 {
        return false;
    }
    let name_like = |f: &str| {
        f.len() <= 64
            && f.split_whitespace().count() <= 3
            && f.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.' | '/'))
    };
    fields.iter().all(|f| name_like(f)) && fields.iter().any(|f| is_known_column(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(content: &str, hint: Option<&str>) -> Format {
        detect(content.as_bytes(), hint.map(Path::new))
    }

    #[test]
    fn feeds_by_root_element() {
        assert_eq!(
            d("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", None),
            Format::Rss
        );
        assert_eq!(
            d(
                "\u{feff}<?xml version=\"1.0\"?><!-- c --><rdf:RDF xmlns:rdf=\"x\">",
                None
            ),
            Format::Rss
        );
        assert_eq!(
            d(
                "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                Some("x.xml")
            ),
            Format::Atom
        );
        // A doctype with an internal subset is skipped to reach the root.
        assert_eq!(
            d(
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"b\">]>\n<rss>",
                None
            ),
            Format::Rss
        );
        // Content beats the extension.
        assert_eq!(d("<rss version=\"0.91\">", Some("a.html")), Format::Rss);
    }

    #[test]
    fn html_by_doctype_or_tag() {
        assert_eq!(d("  <!DOCTYPE html><html>", None), Format::Html);
        assert_eq!(d("<html lang=en>", Some("a.txt")), Format::Html);
        assert_eq!(d("<div><p>Hi</p></div>", None), Format::Html);
        // Inline HTML opening a Markdown file does not make it a page...
        assert_eq!(
            d(
                "<p align=\"center\"><img src=\"x\"></p>\n\n# Title",
                Some("README.md")
            ),
            Format::Markdown
        );
        assert_eq!(d("<!-- note -->\nText", Some("a.txt")), Format::Text);
        // A page named as text, whatever it opens with, is a page.
        assert_eq!(
            d(
                "<meta charset=utf-8><style>p{}</style><p>MP rose</p>",
                Some("a.txt")
            ),
            Format::Html
        );
        assert_eq!(
            d(
                "<!-- saved -->\n<HEAD><title>x</title></HEAD>",
                Some("a.md")
            ),
            Format::Html
        );
        assert_eq!(
            d("<div>Hi</div><script src=x></script>", Some("a.md")),
            Format::Html
        );
        // Words that only start like those tags do not.
        assert_eq!(
            d("<p>the <bodyguard> said</p>", Some("a.md")),
            Format::Markdown
        );
        // ...but a whole page does.
        assert_eq!(d("<!-- saved --><html>", Some("a.md")), Format::Html);
        assert_eq!(
            d("<?xml version=\"1.0\"?><html xmlns=\"x\">", None),
            Format::Html
        );
    }

    #[test]
    fn records_and_tables() {
        assert_eq!(
            d("{\"title\":\"a\"}\n{\"title\":\"b\"}", None),
            Format::Jsonl
        );
        assert_eq!(
            d("published_utc,ticker,title,summary\n2025,MP,a,b", None),
            Format::Csv
        );
        assert_eq!(d("\"date\",\"headline\",\"body\"\n", None), Format::Csv);
        assert_eq!(d("time\tsymbol\ttext\n", None), Format::Csv);
        // Prose with commas is no header, whatever its words.
        assert_eq!(
            d("Title, text, and source were all missing from it.\n", None),
            Format::Text
        );
        // A header of unknown names is a CSV only when the name says so.
        assert_eq!(d("a,b,c\n1,2,3\n", None), Format::Text);
        assert_eq!(d("a,b,c\n1,2,3\n", Some("t.csv")), Format::Csv);
    }

    #[test]
    fn markdown_and_text() {
        assert_eq!(d("# Lynas opens a plant\n\nText.", None), Format::Markdown);
        assert_eq!(d("---\ntitle: x\n---\nText", None), Format::Markdown);
        assert_eq!(d("Lynas opens a plant.", Some("a.md")), Format::Markdown);
        assert_eq!(d("Lynas opens a plant.", Some("a.txt")), Format::Text);
        assert_eq!(d("Lynas opens a plant.", None), Format::Text);
        // A misnamed feed or JSON Lines file with prose in it is text.
        assert_eq!(d("Lynas opens a plant.", Some("a.xml")), Format::Text);
        assert_eq!(d("Lynas opens a plant.", Some("a.jsonl")), Format::Text);
        assert_eq!(d("", Some("a.jsonl")), Format::Jsonl);
    }
}
