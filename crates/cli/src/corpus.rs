//! The texts of labelled documents, read as `ingest` reads them.
//!
//! A label's `doc` is a path relative to the gold root: a file (a page, a
//! text, a press release), or a record of an archive as the readers name
//! it, `path:LINE` for the CSV or JSON Lines record starting on that line.
//! Each is read through `monazite-ingest`, so that a labelled item is
//! analysed exactly as the store would analyse it: title line, blank line,
//! body, and the document's own publication day.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use jiff::civil::Date;
use monazite_ingest::{read_path, Document, ReadOptions};

/// One labelled document's text and publication day.
#[derive(Debug, Clone)]
pub struct GoldText {
    pub text: String,
    pub published: Option<Date>,
}

/// Reads labelled documents, each archive once.
#[derive(Debug, Default)]
pub struct GoldReader {
    root: PathBuf,
    /// Records of each archive read so far, by origin.
    archives: HashMap<PathBuf, HashMap<String, Document>>,
}

impl GoldReader {
    pub fn new(root: &Path) -> GoldReader {
        GoldReader {
            root: root.to_path_buf(),
            archives: HashMap::new(),
        }
    }

    /// The document a label's `doc` names.
    pub fn read(&mut self, doc: &str) -> anyhow::Result<GoldText> {
        let document = match record_of(doc) {
            Some((archive, _)) => {
                let path = self.root.join(archive);
                let origin = format!("{}{}", path.display(), &doc[archive.len()..]);
                let records = self.archive(&path)?;
                records
                    .get(&origin)
                    .cloned()
                    .with_context(|| format!("{origin}: no record starts on that line"))?
            }
            None => {
                let path = self.root.join(doc);
                read_path(&path, &ReadOptions::default())
                    .next()
                    .with_context(|| format!("{}: nothing to read", path.display()))??
            }
        };
        Ok(GoldText {
            text: document.full_text(),
            published: document.day(),
        })
    }

    fn archive(&mut self, path: &Path) -> anyhow::Result<&HashMap<String, Document>> {
        if !self.archives.contains_key(path) {
            let mut records = HashMap::new();
            // A bad record elsewhere in the archive does not stop the
            // labelled ones from being read.
            for doc in read_path(path, &ReadOptions::default()).flatten() {
                records.insert(doc.origin.clone(), doc);
            }
            if records.is_empty() {
                anyhow::bail!("{}: no records could be read", path.display());
            }
            self.archives.insert(path.to_path_buf(), records);
        }
        Ok(&self.archives[path])
    }
}

/// `("data/x.csv", 12)` for `data/x.csv:12`: a record of an archive.
fn record_of(doc: &str) -> Option<(&str, u64)> {
    let (path, line) = doc.rsplit_once(':')?;
    let line = line.parse().ok()?;
    let archive = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "csv" | "jsonl" | "ndjson"));
    archive.then_some((path, line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_of_archives_are_named_by_line() {
        assert_eq!(
            record_of("data/news.csv:25662"),
            Some(("data/news.csv", 25662))
        );
        assert_eq!(record_of("a/b.jsonl:3"), Some(("a/b.jsonl", 3)));
        assert_eq!(record_of("seeds/000.txt"), None);
        assert_eq!(record_of("notes:12.txt"), None);
        assert_eq!(record_of("pages/x.txt:4"), None);
    }
}
