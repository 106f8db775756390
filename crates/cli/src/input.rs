//! Reading articles: files, folders and standard input, with explicit limits
//! and errors that name the input and the problem.

use std::io::Read;
use std::path::{Path, PathBuf};

use monazite_analysis::MAX_TEXT_BYTES;
use monazite_ingest::{Skip, Walk, Walked};

/// One input to analyse, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
}

impl Source {
    /// The name printed in output and errors.
    pub fn display(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "-".into(),
        }
    }
}

/// Extensions read from folders.
const EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// What the paths named hold: the inputs to analyse and what the folder
/// walks left out.
#[derive(Debug, Default)]
pub struct Inputs {
    pub sources: Vec<Source>,
    /// In walk order; [`Skip::is_error`] tells the failures (an unreadable
    /// folder, a broken link, a limit) from the notes (a loop, a second link
    /// to a file already read).
    pub skipped: Vec<Skip>,
}

/// Expands folders through the walk every command shares
/// ([`monazite_ingest::walk`]: sorted, links followed, each real file once,
/// loops and hidden entries left out) for `.txt` and `.md` files, READMEs
/// left out; keeps files and `-` as given.
pub fn expand(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.sources.push(Source::Stdin);
            continue;
        }
        for walked in Walk::new(path, is_article) {
            match walked {
                Walked::File(file) => inputs.sources.push(Source::File(file)),
                Walked::Skipped(skip) => inputs.skipped.push(skip),
            }
        }
    }
    inputs
}

/// A file a folder walk analyses: text or Markdown, but not the folder's
/// README, which describes the articles rather than being one. A README
/// named on the command line is still analysed.
fn is_article(path: &Path) -> bool {
    let text = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
    let readme = path
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"));
    text && !readme
}

/// Reads one source as UTF-8 text within the size limit.
pub fn read(source: &Source) -> Result<String, String> {
    let bytes = match source {
        Source::Stdin => read_limited(std::io::stdin().lock())?,
        Source::File(path) => {
            let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
            if meta.is_dir() {
                return Err("is a folder".into());
            }
            if meta.len() > MAX_TEXT_BYTES as u64 {
                return Err(format!(
                    "file is {} bytes, over the {} byte limit",
                    meta.len(),
                    MAX_TEXT_BYTES
                ));
            }
            let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
            read_limited(file)?
        }
    };
    decode(bytes)
}

fn read_limited(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_TEXT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(format!("input is over the {MAX_TEXT_BYTES} byte limit"));
    }
    Ok(bytes)
}

/// Checks the bytes are text: not empty, no NUL bytes, valid UTF-8 (a BOM is dropped).
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty: no text to analyse".into());
    }
    if let Some(at) = bytes.iter().take(64 * 1024).position(|&b| b == 0) {
        return Err(format!("binary data (NUL byte at offset {at}), not text"));
    }
    let mut text =
        String::from_utf8(bytes).map_err(|e| format!("not valid UTF-8: {}", e.utf8_error()))?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_is_not_text() {
        assert!(decode(b"  \n".to_vec()).unwrap_err().contains("empty"));
        assert!(decode(b"ab\0cd".to_vec())
            .unwrap_err()
            .contains("NUL byte at offset 2"));
        assert!(decode(vec![b'a', 0xff, b'b'])
            .unwrap_err()
            .contains("not valid UTF-8"));
        assert_eq!(
            decode("\u{feff}MP rose".as_bytes().to_vec()).unwrap(),
            "MP rose"
        );
    }
}
