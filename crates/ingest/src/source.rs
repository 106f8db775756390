//! Where documents come from: paths (files and folders), standard input
//! and bytes fetched elsewhere. With [`crate::walk`], the only modules
//! that do I/O.
//!
//! Everything streams: [`Documents`] is an iterator that opens one file at
//! a time and, for JSON Lines and CSV, reads one record at a time, so a
//! folder of thousands of files or a CSV of a million rows is never held
//! in memory. HTML, feeds, text and Markdown are read whole, up to
//! [`MAX_FILE_BYTES`].

use std::io::{BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use crate::csv::{read_csv, CsvMapping};
use crate::detect::{detect, DETECT_BYTES};
use crate::feed::read_feed;
use crate::jsonl::read_jsonl;
use crate::text::{day_from_path, read_text};
use crate::walk::{Skip, Walk, Walked};
use crate::{Document, Format, ItemError, ItemErrorKind, NoText, Published, MAX_FILE_BYTES};

/// Extensions a folder walk reads (files without an extension are read
/// too). Whatever the extension, the content decides the format; the list
/// only keeps images, PDFs, archives and code out of a walk. A file named
/// explicitly is read whatever its name.
pub const FOLDER_EXTENSIONS: &[&str] = &[
    "html",
    "htm",
    "xhtml",
    "shtml",
    "xml",
    "rss",
    "rdf",
    "atom",
    "jsonl",
    "ndjson",
    "jsonlines",
    "csv",
    "tsv",
    "md",
    "markdown",
    "mdown",
    "mkd",
    "txt",
    "text",
];

/// How inputs are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Columns for CSV files; `None`, or a field it leaves out, is
    /// auto-detected from the header.
    pub csv: Option<CsvMapping>,
    /// Read every input as this format instead of detecting it.
    pub format: Option<Format>,
}

type Items = Box<dyn Iterator<Item = Result<Document, ItemError>> + Send>;

/// What a caller does with the entries a folder walk left out without
/// losing anything (loops, repeats, special files).
type OnSkip = Box<dyn FnMut(&Skip) + Send>;

/// Documents and per-item errors from one or more inputs, in order.
pub struct Documents {
    options: ReadOptions,
    /// The files of the path named (itself, or a folder's, walked).
    walk: Option<Walk>,
    current: Option<Items>,
    on_skip: Option<OnSkip>,
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Documents")
            .field("options", &self.options)
            .field("walk", &self.walk)
            .field("reading", &self.current.is_some())
            .finish()
    }
}

impl Documents {
    fn of(items: Items, options: &ReadOptions) -> Self {
        Documents {
            options: options.clone(),
            walk: None,
            current: Some(items),
            on_skip: None,
        }
    }

    /// Calls `f` for each entry of a folder walk left out although nothing
    /// was lost: a loop, a second link to a file or folder already read, a
    /// socket or device (see [`crate::walk`]). Without it they are left out
    /// silently. Entries left out that were not read at all (an unreadable
    /// folder, a broken link, a limit) are errors of the iterator.
    pub fn on_skip(mut self, f: impl FnMut(&Skip) + Send + 'static) -> Self {
        self.on_skip = Some(Box::new(f));
        self
    }

    /// Starts reading one file the walk yielded.
    fn open(&mut self, path: PathBuf) -> Option<Result<Document, ItemError>> {
        let origin = path.display().to_string();
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => {
                return Some(Err(ItemError::new(
                    origin,
                    ItemErrorKind::CannotRead {
                        reason: e.to_string(),
                    },
                )))
            }
        };
        // A pipe or device named on the command line has no size to check
        // beforehand: its reader stops at the limit.
        let size = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        self.current = Some(read_reader(
            &origin,
            file,
            Some(&path),
            size,
            None,
            &self.options,
        ));
        None
    }
}

impl Iterator for Documents {
    type Item = Result<Document, ItemError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(items) = &mut self.current {
                match items.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            match self.walk.as_mut()?.next()? {
                Walked::File(path) => {
                    if let Some(item) = self.open(path) {
                        return Some(item);
                    }
                }
                Walked::Skipped(skip) if skip.is_error() => {
                    return Some(Err(ItemError::new(
                        skip.path.display().to_string(),
                        ItemErrorKind::NotWalked(skip.reason),
                    )))
                }
                Walked::Skipped(skip) => {
                    if let Some(f) = &mut self.on_skip {
                        f(&skip);
                    }
                }
            }
        }
    }
}

/// Reads a file, or a folder recursively through the shared walk
/// ([`crate::walk`]: sorted, links followed, each file once, loops and
/// hidden entries left out) for the files [`walk_reads`] accepts. A path
/// named here is read whatever its name.
pub fn read_path(path: &Path, options: &ReadOptions) -> Documents {
    Documents {
        options: options.clone(),
        walk: Some(Walk::new(path, walk_reads)),
        current: None,
        on_skip: None,
    }
}

/// Reads standard input (origin `-`), its format detected from the content.
pub fn read_stdin(options: &ReadOptions) -> Documents {
    Documents::of(
        read_reader("-", std::io::stdin(), None, None, None, options),
        options,
    )
}

/// Reads bytes fetched elsewhere (a page or feed from the network).
/// `origin` names the documents and errors (a URL becomes the URL of a
/// page that declares none); `hint` is a path whose extension breaks
/// format ties (the URL's path, say).
pub fn read_bytes(
    origin: &str,
    bytes: &[u8],
    hint: Option<&Path>,
    options: &ReadOptions,
) -> Documents {
    read_response(origin, bytes, hint, None, options)
}

/// [`read_bytes`] for a response with the `Content-Type` it was served
/// with: a page's charset there is its transport encoding, which comes
/// before the page's own `<meta>` (WHATWG HTML).
pub fn read_response(
    origin: &str,
    bytes: &[u8],
    hint: Option<&Path>,
    content_type: Option<&str>,
    options: &ReadOptions,
) -> Documents {
    let size = Some(bytes.len() as u64);
    Documents::of(
        read_reader(
            origin,
            Cursor::new(bytes.to_vec()),
            hint,
            size,
            content_type,
            options,
        ),
        options,
    )
}

/// Whether a folder walk of `ingest` and `extract` reads this file: not
/// hidden, not the folder's documentation (README, SOURCE, LICENSE/LICENCE*, COPYING, NOTICE,
/// CHANGELOG, AUTHORS, CONTRIBUTING) nor its metadata (`index.csv`,
/// `index.json`, `metadata.*`, `manifest.*`...: a listing of the articles,
/// not an article; `index.html` is a page and is read), with an extension
/// of [`FOLDER_EXTENSIONS`] or none. Which folders are entered is the
/// walk's rule ([`crate::walk`]), the same for every command.
pub fn walk_reads(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false; // a name that is not UTF-8 cannot be a documented kind
    };
    if name.starts_with('.') {
        return false;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem.to_ascii_lowercase(), Some(ext.to_ascii_lowercase())),
        None => (name.to_ascii_lowercase(), None),
    };
    let documentation = matches!(
        stem.as_str(),
        "readme"
            | "source"
            | "sources"
            | "copying"
            | "notice"
            | "changelog"
            | "changes"
            | "authors"
            | "contributing"
    ) || stem.starts_with("license")
        || stem.starts_with("licence");
    let metadata = match (stem.as_str(), ext.as_deref()) {
        ("manifest", _) => true,
        ("index" | "metadata" | "catalog" | "catalogue", Some(e)) => matches!(
            e,
            "csv" | "tsv" | "json" | "jsonl" | "ndjson" | "yaml" | "yml" | "toml"
        ),
        _ => false,
    };
    let readable = ext
        .as_deref()
        .is_none_or(|e| FOLDER_EXTENSIONS.contains(&e));
    readable && !documentation && !metadata
}

/// Reads one input stream: detects its format from its first bytes and
/// hands it to the reader for that format. `size`, when known, refuses a
/// whole-read format over the limit before anything is read.
fn read_reader<R: Read + Send + 'static>(
    origin: &str,
    mut reader: R,
    hint: Option<&Path>,
    size: Option<u64>,
    content_type: Option<&str>,
    options: &ReadOptions,
) -> Items {
    let fail = |kind: ItemErrorKind| -> Items {
        Box::new(std::iter::once(Err(ItemError::new(origin, kind))))
    };
    let cannot_read = |e: std::io::Error| ItemErrorKind::CannotRead {
        reason: e.to_string(),
    };
    let mut head = Vec::with_capacity(DETECT_BYTES);
    if let Err(e) = (&mut reader)
        .take(DETECT_BYTES as u64)
        .read_to_end(&mut head)
    {
        return fail(cannot_read(e));
    }
    if let Err(kind) = check_head(&head) {
        return fail(kind);
    }
    let format = options.format.unwrap_or_else(|| detect(&head, hint));
    let whole = Cursor::new(head).chain(reader);
    match format {
        Format::Jsonl => Box::new(read_jsonl(
            origin,
            BufReader::with_capacity(64 * 1024, whole),
        )),
        Format::Csv => Box::new(read_csv(
            origin,
            BufReader::with_capacity(64 * 1024, whole),
            options.csv.as_ref().unwrap_or(&CsvMapping::default()),
        )),
        _ => {
            if let Some(size) = size.filter(|&s| s > MAX_FILE_BYTES as u64) {
                return fail(too_large(size, format));
            }
            let mut bytes = Vec::new();
            if let Err(e) = whole
                .take(MAX_FILE_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
            {
                return fail(cannot_read(e));
            }
            if bytes.len() > MAX_FILE_BYTES {
                return fail(too_large(bytes.len() as u64, format));
            }
            if let Some(at) = memchr::memchr(0, &bytes) {
                return fail(ItemErrorKind::Binary { at });
            }
            match format {
                Format::Rss | Format::Atom => Box::new(read_feed(origin, &bytes).into_iter()),
                Format::Html => Box::new(std::iter::once(read_html(
                    origin,
                    &bytes,
                    hint,
                    content_type,
                ))),
                _ => Box::new(std::iter::once(
                    utf8(bytes)
                        .map_err(|kind| ItemError::new(origin, kind))
                        .and_then(|t| read_text(origin, &t, format, hint)),
                )),
            }
        }
    }
}

fn too_large(size: u64, format: Format) -> ItemErrorKind {
    ItemErrorKind::FileTooLarge {
        size,
        limit: MAX_FILE_BYTES,
        format,
    }
}

/// Refuses what is not text from its first bytes: nothing, only
/// whitespace, NUL bytes, UTF-16.
fn check_head(head: &[u8]) -> Result<(), ItemErrorKind> {
    if head.is_empty() {
        return Err(ItemErrorKind::Empty);
    }
    if head.len() < DETECT_BYTES && head.iter().all(u8::is_ascii_whitespace) {
        return Err(ItemErrorKind::OnlyWhitespace);
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Err(ItemErrorKind::Utf16);
    }
    if let Some(at) = memchr::memchr(0, head) {
        return Err(ItemErrorKind::Binary { at });
    }
    Ok(())
}

fn utf8(bytes: Vec<u8>) -> Result<String, ItemErrorKind> {
    String::from_utf8(bytes).map_err(|e| ItemErrorKind::NotUtf8 {
        at: Some(e.utf8_error().valid_up_to()),
        declared: None,
    })
}

/// A page through the HTML extractor, its bytes decoded as browsers
/// decode them ([`monazite_html::decode`]: byte-order mark, the transport's
/// charset, `<meta>`, then UTF-8 or detection with the windows-1252
/// fallback), so a legacy page that declares nothing keeps its quotes and
/// dashes.
fn read_html(
    origin: &str,
    bytes: &[u8],
    hint: Option<&Path>,
    content_type: Option<&str>,
) -> Result<Document, ItemError> {
    let error = |kind: ItemErrorKind| ItemError::new(origin, kind);
    let html = monazite_html::decode(bytes, content_type).text;
    let page = monazite_html::extract(&html).map_err(|e| error(ItemErrorKind::Page(e)))?;
    let text = page.text.trim().to_string();
    if text.is_empty() {
        return Err(error(ItemErrorKind::NoText(NoText::Page)));
    }
    let origin_url = (origin.starts_with("https://") || origin.starts_with("http://"))
        .then(|| origin.to_string());
    Ok(Document {
        origin: origin.to_string(),
        format: Format::Html,
        url: page.url.or(origin_url),
        title: page.title,
        site: page.site,
        author: page.author,
        published: page
            .published
            .or_else(|| hint.and_then(day_from_path).map(Published::Day)),
        tickers: Vec::new(),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(docs: Documents) -> Vec<Result<Document, ItemError>> {
        docs.collect()
    }

    #[test]
    fn walk_rules() {
        let dir = std::env::temp_dir().join(format!("monazite-ingest-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b/2025/1218")).unwrap();
        std::fs::create_dir_all(dir.join(".hidden")).unwrap();
        let write = |p: &str, c: &[u8]| std::fs::write(dir.join(p), c).unwrap();
        write("README.md", b"# About\n\nThis folder.");
        write("SOURCE.md", b"# Source\n\nWhere.");
        write("LICENSE-CC0.txt", b"CC0");
        write("index.csv", b"path,title\na.md,A\n");
        write("manifest.json", b"{}");
        write("photo.png", b"\x89PNG\0\0");
        write(".hidden/x.md", b"# Hidden\n\nNo.");
        write(".dot.md", b"# Dot\n\nNo.");
        write("a.md", b"# A\n\nText A.");
        write("b/2025/1218/c.txt", b"Text C.");
        write("b/blob", b"ab\0cd");
        write("b/empty.md", b"");
        write("b/latin.txt", b"caf\xe9");
        write(
            "b/news.jsonl",
            b"{\"text\":\"J1.\"}\nnot json\n{\"text\":\"J3.\"}\n",
        );
        write("index.html", b"<!DOCTYPE html><html><head><title>Index</title></head><body><article><p>A page in the folder.</p></article></body></html>");
        write(
            "z.rss",
            b"<rss><channel><item><description>F1.</description></item></channel></rss>",
        );
        let docs = all(read_path(&dir, &ReadOptions::default()));
        // index.html is a page, read whatever the extractor makes of it;
        // the rest is checked line by line below.
        let (pages, docs): (Vec<_>, Vec<_>) = docs.into_iter().partition(|d| match d {
            Ok(d) => d.origin.ends_with("index.html"),
            Err(e) => e.origin.ends_with("index.html"),
        });
        assert_eq!(pages.len(), 1);
        let lines: Vec<String> = docs
            .iter()
            .map(|d| {
                let (origin, what) = match d {
                    Ok(d) => (&d.origin, format!("{:?} {}", d.format, d.text)),
                    Err(e) => (&e.origin, format!("error: {}", e.kind)),
                };
                let origin = origin.strip_prefix(dir.to_str().unwrap()).unwrap_or(origin);
                format!("{origin} {what}")
            })
            .collect();
        assert_eq!(
            lines,
            [
                "/a.md Markdown Text A.",
                "/b/2025/1218/c.txt Text Text C.",
                "/b/blob error: binary data (NUL byte at offset 2), not text",
                "/b/empty.md error: empty: no text",
                "/b/latin.txt error: not valid UTF-8 (at byte 3)",
                "/b/news.jsonl:1 Jsonl J1.",
                "/b/news.jsonl:2 error: not valid JSON: expected ident at line 1 column 2",
                "/b/news.jsonl:3 Jsonl J3.",
                "/z.rss#1 Rss F1.",
            ]
        );
        let c = docs[1].as_ref().unwrap();
        assert_eq!(
            c.published,
            Some(Published::Day(jiff::civil::date(2025, 12, 18)))
        );
        // Named explicitly, documentation is read.
        let readme = all(read_path(&dir.join("README.md"), &ReadOptions::default()));
        assert_eq!(readme[0].as_ref().unwrap().title.as_deref(), Some("About"));
        // A missing path is the walk's to say (it looks before reading).
        let missing = all(read_path(&dir.join("nope.md"), &ReadOptions::default()));
        let missing = missing[0].as_ref().unwrap_err();
        assert!(
            matches!(missing.kind, ItemErrorKind::NotWalked(_))
                && missing.message().starts_with("cannot read: "),
            "{missing}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_walk_reads_each_file_once_and_tells_what_it_skipped() {
        use std::sync::{Arc, Mutex};
        let dir = std::env::temp_dir().join(format!("monazite-ingest-loop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("d")).unwrap();
        std::fs::write(dir.join("a.md"), b"# A\n\nText A.").unwrap();
        std::os::unix::fs::symlink("..", dir.join("d/up")).unwrap();
        std::os::unix::fs::symlink("../a.md", dir.join("d/same.md")).unwrap();
        std::os::unix::fs::symlink("gone.md", dir.join("broken.md")).unwrap();
        let notes = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&notes);
        let items: Vec<String> = read_path(&dir, &ReadOptions::default())
            .on_skip(move |s| sink.lock().unwrap().push(s.to_string()))
            .map(|d| match d {
                Ok(d) => format!("{} {}", d.origin, d.text),
                Err(e) => e.to_string(),
            })
            .collect();
        let root = dir.display().to_string();
        let items: Vec<String> = items.iter().map(|i| i.replace(&root, "ROOT")).collect();
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0], "ROOT/a.md Text A.");
        assert!(
            items[1].starts_with("ROOT/broken.md: broken link: "),
            "{items:?}"
        );
        let notes: Vec<String> = notes
            .lock()
            .unwrap()
            .iter()
            .map(|n| n.replace(&root, "ROOT"))
            .collect();
        assert_eq!(
            notes,
            [
                "ROOT/d/same.md: skipped: the same file as ROOT/a.md, read there",
                "ROOT/d/up: skipped: a link back to ROOT, which encloses it (a loop)",
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn documents_cross_threads() {
        fn send<T: Send>() {}
        send::<Documents>();
    }

    #[test]
    fn bytes_and_limits() {
        let docs = all(read_bytes(
            "https://x.example/feed",
            b"  \n",
            None,
            &ReadOptions::default(),
        ));
        assert_eq!(
            docs[0].as_ref().unwrap_err().kind,
            ItemErrorKind::OnlyWhitespace
        );
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        let docs = all(read_bytes("big.txt", &big, None, &ReadOptions::default()));
        assert!(docs[0].as_ref().unwrap_err().message().contains("over the"));
        let docs = all(read_bytes(
            "u16",
            b"\xFF\xFEa\0",
            None,
            &ReadOptions::default(),
        ));
        assert_eq!(docs[0].as_ref().unwrap_err().kind, ItemErrorKind::Utf16);
        // A page: what the extractor finds is its business; a failure is
        // this page's error, never a panic.
        let docs = all(read_bytes(
            "https://x.example/a",
            b"<html><body><p>Hi</p></body></html>",
            None,
            &ReadOptions::default(),
        ));
        assert_eq!(docs.len(), 1);
        if let Ok(doc) = &docs[0] {
            assert_eq!(doc.format, Format::Html);
        }
        // The format can be forced.
        let options = ReadOptions {
            format: Some(Format::Text),
            ..ReadOptions::default()
        };
        let docs = all(read_bytes("x", b"# Not a heading here", None, &options));
        assert_eq!(docs[0].as_ref().unwrap().format, Format::Text);
    }
}
