//! Plain text and Markdown files: one document each.
//!
//! Markdown: the title is the opening `# ` heading (or a setext heading,
//! or front matter's `title:`), removed from the text. A trailing block of
//! links after a final `---` (the press-release archives' "Original
//! release / TLDR / pickups" footer) is dropped: it is navigation, not
//! article text, and its URLs would only feed noise to the analysis. Its
//! "Original" or "Source" link becomes the document's URL. The rest of the
//! Markdown is kept as written: the analysis reads it as text.
//!
//! The publication time comes from front matter, else from a dateline in
//! the first lines ("Published: 10/13/2025 16:40 EDT"), else a day from the
//! path: `…/YYYY/MMDD/…`, `…/YYYY/MM/DD/…`, or `YYYY-MM-DD` in the file
//! name.

use std::path::Path;

use jiff::civil::Date;

use crate::date::parse_published;
use crate::dateline::find_dateline;
use crate::{Document, Format, ItemError, ItemErrorKind, NoText, Published};

/// Reads one text or Markdown document. `format` says which (Markdown
/// gets title and footer handling); `path` supplies a day when the file
/// carries none.
pub fn read_text(
    origin: &str,
    text: &str,
    format: Format,
    path: Option<&Path>,
) -> Result<Document, ItemError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut doc = Document {
        origin: origin.to_string(),
        format,
        url: None,
        title: None,
        site: None,
        author: None,
        published: None,
        tickers: Vec::new(),
        text: String::new(),
    };
    let mut body = text;
    if format == Format::Markdown {
        body = front_matter(body, &mut doc);
        body = heading(body, &mut doc);
        body = footer(body, &mut doc);
    }
    doc.text = body.trim().to_string();
    if doc.published.is_none() {
        doc.published = match (path.and_then(day_from_path), find_dateline(&doc.text)) {
            // An archive's dated path is its record of publication; the
            // dateline adds the time when it agrees (datelines do carry
            // typos: "JULY 4, 2026" on a release of June 4).
            (Some(day), Some(dateline)) if agrees(dateline, day) => Some(dateline),
            (Some(day), _) => Some(Published::Day(day)),
            (None, dateline) => dateline,
        };
    }
    if doc.text.is_empty() {
        let what = if doc.title.is_some() {
            NoText::AfterTitle
        } else {
            NoText::Body
        };
        return Err(ItemError::new(origin, ItemErrorKind::NoText(what)));
    }
    Ok(doc)
}

/// Whether a dateline falls on `day`: a day must be it, an instant's UTC
/// day may be a day off (the path's day is local to the writer).
fn agrees(dateline: Published, day: Date) -> bool {
    match dateline {
        Published::Day(d) => d == day,
        Published::Instant(t) => {
            let utc = t.to_zoned(jiff::tz::TimeZone::UTC).date();
            [day.yesterday().ok(), Some(day), day.tomorrow().ok()].contains(&Some(utc))
        }
    }
}

/// YAML-style front matter between `---` lines: `title`, `date` or
/// `published`, `author`, `url` or `link`, `source` or `site`, `tickers`
/// (flat `key: value` lines; nested YAML is ignored).
fn front_matter<'a>(text: &'a str, doc: &mut Document) -> &'a str {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let line = line.trim_end();
        if line == "---" || line == "..." {
            return &rest[offset..];
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => doc.title = Some(value.to_string()),
            "date" | "published" => doc.published = parse_published(value),
            "author" => doc.author = Some(value.to_string()),
            "url" | "link" => doc.url = Some(value.to_string()),
            "source" | "site" => doc.site = Some(value.to_string()),
            "tickers" | "ticker" => {
                doc.tickers = value
                    .trim_matches(|c| c == '[' || c == ']')
                    .split(',')
                    .map(|t| t.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            }
            _ => {}
        }
    }
    // No closing line: it was a thematic break, not front matter.
    text
}

/// The opening heading: `# Title` (closing `#`s dropped) or `Title` over
/// a `===` line. Only at the top: a `# ` further down is a section.
fn heading<'a>(text: &'a str, doc: &mut Document) -> &'a str {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let (first, after) = rest.split_once('\n').unwrap_or((rest, ""));
    let first = first.trim_end();
    let title = if let Some(h) = first
        .strip_prefix("# ")
        .or_else(|| first.strip_prefix("#\t"))
    {
        Some((h.trim().trim_end_matches('#').trim(), after))
    } else {
        let (second, after2) = after.split_once('\n').unwrap_or((after, ""));
        let second = second.trim();
        (!second.is_empty() && second.bytes().all(|b| b == b'=') && !first.is_empty())
            .then(|| (first.trim(), after2))
    };
    match title {
        Some((t, after)) if !t.is_empty() => {
            if doc.title.is_none() {
                doc.title = Some(t.to_string());
            }
            after
        }
        _ => text,
    }
}

/// Drops a trailing block of links after the last thematic break.
fn footer<'a>(text: &'a str, doc: &mut Document) -> &'a str {
    let mut at = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        let mark = t.bytes().next().unwrap_or(b' ');
        let marks = t.bytes().filter(|&b| b == mark).count();
        if matches!(mark, b'-' | b'*' | b'_')
            && marks >= 3
            && t.bytes().all(|b| b == mark || b == b' ')
        {
            at = Some(offset);
        }
        offset += line.len();
    }
    let Some(at) = at else {
        return text;
    };
    let tail = &text[at..];
    let mut lines = tail
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let mut url = None;
    let mut any = false;
    for line in lines.by_ref() {
        let Some(found) = link_line(line) else {
            return text;
        };
        any = true;
        if url.is_none() {
            url = found
                .into_iter()
                .find(|(label, _)| {
                    let l = label.to_ascii_lowercase();
                    l.contains("original") || l.contains("source")
                })
                .map(|(_, target)| target);
        }
    }
    if !any {
        return text;
    }
    if doc.url.is_none() {
        doc.url = url;
    }
    &text[..at]
}

/// The links of a line that is only links (Markdown links, images, bare
/// URLs, with at most a short label such as "Pickup -" around them);
/// `None` for a line with prose.
fn link_line(line: &str) -> Option<Vec<(String, String)>> {
    let mut links = Vec::new();
    let mut rest = String::new();
    let mut s = line;
    while !s.is_empty() {
        if let Some(after) = s.strip_prefix("![").or_else(|| s.strip_prefix('[')) {
            if let Some(close) = after.find("](") {
                let label = &after[..close];
                let target_start = &after[close + 2..];
                if let Some(end) = target_start.find(')') {
                    links.push((label.to_string(), target_start[..end].trim().to_string()));
                    s = &target_start[end + 1..];
                    continue;
                }
            }
        }
        if s.starts_with("http://") || s.starts_with("https://") || s.starts_with("<http") {
            let end = s.find(char::is_whitespace).unwrap_or(s.len());
            let target = s[..end].trim_matches(|c| c == '<' || c == '>');
            links.push((String::new(), target.to_string()));
            s = &s[end..];
            continue;
        }
        let mut chars = s.chars();
        if let Some(c) = chars.next() {
            rest.push(c);
        }
        s = chars.as_str();
    }
    let rest = rest.trim();
    (!links.is_empty() && rest.len() <= 30 && !rest.contains('.')).then_some(links)
}

/// A publication day carried by a path: `YYYY-MM-DD` in the file name
/// first, else the deepest `YYYY/MMDD` or `YYYY/MM/DD` run of folders.
pub fn day_from_path(path: &Path) -> Option<Date> {
    if let Some(stem) = path.file_name().and_then(|n| n.to_str()) {
        if let Some(d) = dashed_day(stem) {
            return Some(d);
        }
    }
    let folders: Vec<&str> = path
        .parent()?
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let date = |y: &str, m: &str, d: &str| -> Option<Date> {
        let year: i16 = y.parse().ok()?;
        if !(1900..=2200).contains(&year) {
            return None;
        }
        Date::new(year, m.parse().ok()?, d.parse().ok()?).ok()
    };
    for i in (0..folders.len()).rev() {
        let y = folders[i];
        if !digits(y, 4) {
            continue;
        }
        match (folders.get(i + 1), folders.get(i + 2)) {
            (Some(m), Some(d)) if digits(m, 2) && digits(d, 2) => {
                if let Some(day) = date(y, m, d) {
                    return Some(day);
                }
            }
            (Some(md), _) if digits(md, 4) => {
                if let Some(day) = date(y, &md[..2], &md[2..]) {
                    return Some(day);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first `YYYY-MM-DD` in a name that is not part of a longer number.
fn dashed_day(name: &str) -> Option<Date> {
    let b = name.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for i in 0..b.len().saturating_sub(9) {
        let shape = (0..10).all(|k| {
            if k == 4 || k == 7 {
                b[i + k] == b'-'
            } else {
                digit(i + k)
            }
        });
        if shape && (i == 0 || !digit(i - 1)) && !digit(i + 10) {
            if let Ok(d) = name[i..i + 10].parse::<Date>() {
                return Some(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELEASE: &str = "# Example Metals (NYSE: EXM) Opens a Plant\n\n\
        CITY - May 1, 2025 - Example Metals said it opened a plant.\n\n\
        It costs $5 million.\n\n\
        ---\n\n\
        [Original/Source Press Release](https://wire.example/news/1)\n   \n\n\
        [Newsramp.com TLDR](https://tldr.example/1) \n\n\
        Pickup - [https://a.example](https://a.example/x)\n\n\
        ![Blockchain Registration](https://cdn.example/q.webp)\n";

    #[test]
    fn press_release_markdown() {
        let path = Path::new("files/wire/2025/0501/slug.md");
        let doc = read_text("r.md", RELEASE, Format::Markdown, Some(path)).unwrap();
        assert_eq!(
            doc.title.as_deref(),
            Some("Example Metals (NYSE: EXM) Opens a Plant")
        );
        assert_eq!(
            doc.text,
            "CITY - May 1, 2025 - Example Metals said it opened a plant.\n\nIt costs $5 million."
        );
        assert_eq!(doc.url.as_deref(), Some("https://wire.example/news/1"));
        assert_eq!(
            doc.published,
            Some(Published::Day(jiff::civil::date(2025, 5, 1)))
        );
    }

    #[test]
    fn a_break_followed_by_prose_is_kept() {
        let md = "# T\n\nFirst part.\n\n---\n\nSecond part, with a [link](https://x.example).\n";
        let doc = read_text("a.md", md, Format::Markdown, None).unwrap();
        assert!(doc.text.ends_with("with a [link](https://x.example)."));
        assert_eq!(doc.url, None);
    }

    #[test]
    fn front_matter_and_setext() {
        let md = "---\ntitle: \"Front title\"\ndate: 2025-12-18\ntickers: [MP, USAR]\n---\nBody.\n";
        let doc = read_text("a.md", md, Format::Markdown, None).unwrap();
        assert_eq!(doc.title.as_deref(), Some("Front title"));
        assert_eq!(doc.tickers, vec!["MP", "USAR"]);
        assert_eq!(doc.text, "Body.");
        assert_eq!(
            doc.published,
            Some(Published::Day(jiff::civil::date(2025, 12, 18)))
        );
        let doc = read_text("b.md", "Setext\n======\n\nBody.", Format::Markdown, None).unwrap();
        assert_eq!(
            (doc.title.as_deref(), doc.text.as_str()),
            (Some("Setext"), "Body.")
        );
    }

    #[test]
    fn plain_text_is_kept_whole() {
        let doc = read_text("a.txt", "# not a title\nBody.\n", Format::Text, None).unwrap();
        assert_eq!(doc.title, None);
        assert_eq!(doc.text, "# not a title\nBody.");
        let e = read_text("e.md", "# Only a title\n", Format::Markdown, None).unwrap_err();
        assert_eq!(e.message(), "no text after its title");
    }

    #[test]
    fn days_from_paths() {
        let d = |p: &str| day_from_path(Path::new(p));
        assert_eq!(
            d("x/ibn/2020/0918/a.md"),
            Some(jiff::civil::date(2020, 9, 18))
        );
        assert_eq!(
            d("/n/2025/12/18/a.html"),
            Some(jiff::civil::date(2025, 12, 18))
        );
        assert_eq!(
            d("/n/2024/0101/notes-2025-12-18.txt"),
            Some(jiff::civil::date(2025, 12, 18))
        );
        assert_eq!(d("2025-12-18.md"), Some(jiff::civil::date(2025, 12, 18)));
        assert_eq!(d("/n/2025/1340/a.md"), None);
        assert_eq!(d("/n/2025/a.md"), None);
        // The last folder is a day only when it is a folder, not the file.
        assert_eq!(d("/n/2025/12/18.md"), None);
        assert_eq!(d("v12025-12-189.md"), None);
    }
}
