//! The folder walk every command shares: `ingest` and `extract` (through
//! [`crate::read_path`]), `analyze` and `prices import`.
//!
//! One set of rules, whatever the command:
//!
//! - **Sorted.** Entries come sorted by name (bytes) within each folder,
//!   each folder whole where its name sorts, so the same tree gives the
//!   same order on every machine and file system.
//! - **Iterative.** An explicit stack of paths still to visit; a deep tree
//!   cannot overflow the call stack.
//! - **Links are followed**, to files and to folders: a folder of articles
//!   made of links to an archive elsewhere is what a user means to read,
//!   and refusing links (as two of the three walkers this replaces did)
//!   silently reads nothing. What makes following them safe is identity:
//!   each folder and each file is known by its device and inode (its
//!   canonical path where there are none), so
//!   - a folder already entered is never entered again: a link back to an
//!     enclosing folder is a [`SkipReason::Loop`], a second way into a
//!     folder read elsewhere is a [`SkipReason::SameFolder`];
//!   - a real file is yielded once, under the first path that reaches it
//!     (in walk order), however many links (or hard links) lead to it; the
//!     others are [`SkipReason::SameFile`].
//! - **Hidden entries** (names starting with `.`) are left out silently:
//!   `.git`, editors' swap files, `.DS_Store` are never articles.
//! - **Explicit limits**: folders deeper than [`MAX_DEPTH`] below the root
//!   are not entered and at most [`MAX_ENTRIES`] entries are listed per
//!   walk; what they leave out is reported.
//! - **What was skipped and why** comes out of the walk in its place
//!   ([`Walked::Skipped`]), so that the commands can tell the user and go
//!   on.
//!
//! Which files a command reads (extensions, a folder's README left out) is
//! the command's choice: a filter passed to [`Walk::new`], asked only about
//! files. A root that is not a folder is yielded as it is, unfiltered: a
//! file named on the command line is read whatever its name.
//!
//! Not walkdir: it detects only loops through an ancestor, so a link to a
//! sibling folder or a second link to a file is read twice, and a set of
//! visited identities, which this walk needs anyway, catches loops too.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Folders more than this many levels below the root are not entered.
/// Archives nest by outlet, year, month and day (four levels); 64 leaves
/// room for any such layout while bounding a pathological tree.
pub const MAX_DEPTH: usize = 64;

/// Entries (files, folders, hidden or filtered out alike: each costs a
/// listing) one walk lists at most. A folder whose listing would pass the
/// limit is not read, nor is any folder after it; files already listed are
/// still yielded. A million is several times the largest archive we read,
/// and the walk's memory stays in tens of megabytes; a larger tree can be
/// named folder by folder, each walk having its own budget.
pub const MAX_ENTRIES: usize = 1_000_000;

/// What a walk yields, in walk order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Walked {
    /// A file to read: a regular file, or the target of a link to one.
    File(PathBuf),
    /// An entry the walk did not read.
    Skipped(Skip),
}

/// An entry a walk did not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The entry as the walk reached it (through links, not resolved).
    pub path: PathBuf,
    pub reason: SkipReason,
}

impl Skip {
    /// Whether something the user asked to read went unread (a folder that
    /// cannot be listed, a broken link, a limit): the commands count these
    /// as failures. Loops, repeats and special files are not: nothing was
    /// lost.
    pub fn is_error(&self) -> bool {
        matches!(
            self.reason,
            SkipReason::Unreadable(_)
                | SkipReason::TooDeep { .. }
                | SkipReason::TooManyEntries { .. }
        )
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// Why a walk did not read an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A link to a folder that encloses it (as walked): entering it would
    /// never end.
    Loop { enclosing: PathBuf },
    /// A folder already entered under another path.
    SameFolder { first: PathBuf },
    /// A file already yielded under another path.
    SameFile { first: PathBuf },
    /// Not a file nor a folder (a socket, a pipe, a device): reading one
    /// could block or never end.
    NotAFile,
    /// A folder more than `limit` levels below the root.
    TooDeep { limit: usize },
    /// The walk had listed `limit` entries already.
    TooManyEntries { limit: usize },
    /// A folder that cannot be listed, a broken link, an entry removed
    /// since it was listed: the message says which.
    Unreadable(String),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Loop { enclosing } => write!(
                f,
                "skipped: a link back to {}, which encloses it (a loop)",
                enclosing.display()
            ),
            SkipReason::SameFolder { first } => write!(
                f,
                "skipped: the same folder as {}, read there",
                first.display()
            ),
            SkipReason::SameFile { first } => {
                write!(f, "skipped: the same file as {}, read there", first.display())
            }
            SkipReason::NotAFile => write!(f, "skipped: not a file nor a folder"),
            SkipReason::TooDeep { limit } => write!(
                f,
                "not read: more than {limit} folders below the folder named (the walk's depth limit)"
            ),
            SkipReason::TooManyEntries { limit } => write!(
                f,
                "not read: the walk had listed {limit} entries, its limit (name the folders one by one)"
            ),
            SkipReason::Unreadable(message) => f.write_str(message),
        }
    }
}

/// The filter deciding which files a command reads, given the path as
/// reached.
type Filter = Box<dyn FnMut(&Path) -> bool + Send>;

/// Lists a folder's entries (tests put a failing one in).
type Lister = fn(&Path) -> io::Result<Vec<PathBuf>>;

/// A folder walk: an iterator of [`Walked`] items, in sorted path order.
pub struct Walk {
    /// Paths still to visit with their depth (the root is 0), the next one
    /// last.
    pending: Vec<(PathBuf, usize)>,
    filter: Filter,
    /// Folders entered, by identity, with the path they were entered by.
    folders: HashMap<Identity, PathBuf>,
    /// Files yielded, by identity, with the path they were yielded as.
    files: HashMap<Identity, PathBuf>,
    /// Entries listed so far.
    listed: usize,
    /// Set when the entry limit was reached: no folder is entered after.
    exhausted: bool,
    max_depth: usize,
    max_entries: usize,
    list: Lister,
}

impl fmt::Debug for Walk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Walk")
            .field("pending", &self.pending.len())
            .field("folders", &self.folders.len())
            .field("files", &self.files.len())
            .field("listed", &self.listed)
            .field("max_depth", &self.max_depth)
            .field("max_entries", &self.max_entries)
            .finish()
    }
}

impl Walk {
    /// Walks `root`; `filter` says which files (by the path the walk
    /// reached them by) are yielded; files it refuses are left out
    /// silently. The filter is not asked about folders nor about the root.
    pub fn new(root: &Path, filter: impl FnMut(&Path) -> bool + Send + 'static) -> Walk {
        Walk {
            pending: vec![(root.to_path_buf(), 0)],
            filter: Box::new(filter),
            folders: HashMap::new(),
            files: HashMap::new(),
            listed: 0,
            exhausted: false,
            max_depth: MAX_DEPTH,
            max_entries: MAX_ENTRIES,
            list: list_folder,
        }
    }

    /// Lowers (or raises) the depth limit, [`MAX_DEPTH`] by default.
    pub fn max_depth(mut self, depth: usize) -> Walk {
        self.max_depth = depth;
        self
    }

    /// Lowers (or raises) the entry limit, [`MAX_ENTRIES`] by default.
    pub fn max_entries(mut self, entries: usize) -> Walk {
        self.max_entries = entries;
        self
    }

    /// Visits one path: `None` when it yields nothing (a folder listed, a
    /// file filtered out).
    fn visit(&mut self, path: PathBuf, depth: usize) -> Option<Walked> {
        let skip = |path: PathBuf, reason: SkipReason| Some(Walked::Skipped(Skip { path, reason }));
        // Follows links; a link whose target is missing says so.
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => {
                let link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink());
                let what = if link { "broken link" } else { "cannot read" };
                return skip(path, SkipReason::Unreadable(format!("{what}: {e}")));
            }
        };
        let root = depth == 0;
        if !meta.is_dir() {
            if root {
                return Some(Walked::File(path));
            }
            if !meta.is_file() {
                return skip(path, SkipReason::NotAFile);
            }
            if !(self.filter)(&path) {
                return None;
            }
            let id = match identity(&path, &meta) {
                Ok(id) => id,
                Err(e) => return skip(path, SkipReason::Unreadable(format!("cannot read: {e}"))),
            };
            if let Some(first) = self.files.get(&id) {
                let first = first.clone();
                return skip(path, SkipReason::SameFile { first });
            }
            self.files.insert(id, path.clone());
            return Some(Walked::File(path));
        }
        let id = match identity(&path, &meta) {
            Ok(id) => id,
            Err(e) => return skip(path, SkipReason::Unreadable(format!("cannot read: {e}"))),
        };
        if let Some(first) = self.folders.get(&id) {
            // The folder's first path is a prefix of this one exactly when
            // this entry lies inside it, as walked: a cycle.
            let reason = if path.starts_with(first) {
                SkipReason::Loop {
                    enclosing: first.clone(),
                }
            } else {
                SkipReason::SameFolder {
                    first: first.clone(),
                }
            };
            return skip(path, reason);
        }
        if depth > self.max_depth {
            return skip(
                path,
                SkipReason::TooDeep {
                    limit: self.max_depth,
                },
            );
        }
        if self.exhausted {
            return skip(
                path,
                SkipReason::TooManyEntries {
                    limit: self.max_entries,
                },
            );
        }
        // Entered before its entries are visited, so that a link inside it
        // back to it is known for what it is.
        self.folders.insert(id, path.clone());
        let mut children = match (self.list)(&path) {
            Ok(children) => children,
            Err(e) => {
                return skip(
                    path,
                    SkipReason::Unreadable(format!("cannot list folder: {e}")),
                )
            }
        };
        self.listed = self.listed.saturating_add(children.len());
        if self.listed > self.max_entries {
            // Part of a folder would be an arbitrary part (listing order
            // is the file system's): the whole folder is left out.
            self.exhausted = true;
            return skip(
                path,
                SkipReason::TooManyEntries {
                    limit: self.max_entries,
                },
            );
        }
        children.retain(|c| !is_hidden(c));
        children.sort();
        self.pending
            .extend(children.into_iter().rev().map(|c| (c, depth + 1)));
        None
    }
}

impl Iterator for Walk {
    type Item = Walked;

    fn next(&mut self) -> Option<Walked> {
        while let Some((path, depth)) = self.pending.pop() {
            if let Some(item) = self.visit(path, depth) {
                return Some(item);
            }
        }
        None
    }
}

/// A folder's entries, unsorted. An entry that cannot be read makes the
/// folder unreadable: a folder read in part would be read differently
/// from one run to the next.
fn list_folder(dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect()
}

/// Names starting with a dot (`.git`, `.DS_Store`, editors' swap files).
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.as_encoded_bytes().first() == Some(&b'.'))
}

/// What a file or folder is, whatever path reaches it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    #[cfg(unix)]
    Inode { device: u64, inode: u64 },
    #[cfg_attr(unix, allow(dead_code))]
    Canonical(PathBuf),
}

#[cfg(unix)]
fn identity(_path: &Path, meta: &std::fs::Metadata) -> io::Result<Identity> {
    use std::os::unix::fs::MetadataExt;
    Ok(Identity::Inode {
        device: meta.dev(),
        inode: meta.ino(),
    })
}

#[cfg(not(unix))]
fn identity(path: &Path, _meta: &std::fs::Metadata) -> io::Result<Identity> {
    std::fs::canonicalize(path).map(Identity::Canonical)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A fresh folder under the temporary folder, removed on drop.
    struct Tree(PathBuf);

    impl Tree {
        fn new(name: &str) -> Tree {
            let dir =
                std::env::temp_dir().join(format!("monazite-walk-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Tree(dir)
        }

        fn file(&self, rel: &str) -> &Tree {
            let path = self.0.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, rel).unwrap();
            self
        }

        fn link(&self, rel: &str, target: &str) -> &Tree {
            let path = self.0.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            symlink(target, path).unwrap();
            self
        }

        /// The walk as lines: `f REL` for files, `- REL: REASON` for skips,
        /// paths relative to the root.
        fn lines(&self, walk: Walk) -> Vec<String> {
            let root = self.0.display().to_string();
            walk.map(|w| match w {
                Walked::File(p) => format!("f {}", rel(&root, &p)),
                Walked::Skipped(s) => format!(
                    "- {}: {}",
                    rel(&root, &s.path),
                    s.reason.to_string().replace(&root, "ROOT")
                ),
            })
            .collect()
        }

        fn walk(&self) -> Walk {
            Walk::new(&self.0, |_| true)
        }
    }

    fn rel(root: &str, path: &Path) -> String {
        path.display().to_string().replacen(root, "ROOT", 1)
    }

    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn sorted_with_folders_where_their_names_sort_and_hidden_left_out() {
        let t = Tree::new("sorted");
        t.file("b.txt")
            .file("a/z.txt")
            .file("a/b/c.txt")
            .file("A.txt")
            .file("c.txt")
            .file(".hidden.txt")
            .file(".git/config.txt")
            .file("a-b.txt");
        assert_eq!(
            t.lines(t.walk()),
            [
                "f ROOT/A.txt",
                "f ROOT/a/b/c.txt",
                "f ROOT/a/z.txt",
                "f ROOT/a-b.txt",
                "f ROOT/b.txt",
                "f ROOT/c.txt",
            ]
        );
        // The filter is the command's, asked about files only.
        let walk = Walk::new(&t.0, |p| {
            p.extension().is_some_and(|e| e == "txt") && !p.ends_with("b.txt")
        });
        assert_eq!(t.lines(walk).len(), 5);
    }

    #[test]
    fn a_link_to_an_enclosing_folder_is_a_loop_entered_never() {
        let t = Tree::new("loop");
        t.file("a.txt").link("d/up", "..").link("d/self", ".");
        assert_eq!(
            t.lines(t.walk()),
            [
                "f ROOT/a.txt",
                "- ROOT/d/self: skipped: a link back to ROOT/d, which encloses it (a loop)",
                "- ROOT/d/up: skipped: a link back to ROOT, which encloses it (a loop)",
            ]
        );
    }

    #[test]
    fn each_real_file_once_whatever_links_lead_to_it() {
        let t = Tree::new("repeat");
        t.file("real/a.txt")
            .link("0-first.txt", "real/a.txt")
            .link("z-link.txt", "real/a.txt")
            .link("other", "real");
        std::fs::hard_link(t.0.join("real/a.txt"), t.0.join("hard.txt")).unwrap();
        assert_eq!(
            t.lines(t.walk()),
            [
                // The first path in walk order names the file and the folder.
                "f ROOT/0-first.txt",
                "- ROOT/hard.txt: skipped: the same file as ROOT/0-first.txt, read there",
                "- ROOT/other/a.txt: skipped: the same file as ROOT/0-first.txt, read there",
                "- ROOT/real: skipped: the same folder as ROOT/other, read there",
                "- ROOT/z-link.txt: skipped: the same file as ROOT/0-first.txt, read there",
            ]
        );
    }

    #[test]
    fn folders_below_the_depth_limit_are_reported_not_entered() {
        let t = Tree::new("deep");
        t.file("1/a.txt").file("1/2/b.txt").file("1/2/3/c.txt");
        assert_eq!(
            t.lines(t.walk().max_depth(2)),
            [
                "- ROOT/1/2/3: not read: more than 2 folders below the folder named (the walk's depth limit)",
                "f ROOT/1/2/b.txt",
                "f ROOT/1/a.txt",
            ]
        );
        assert_eq!(t.lines(t.walk()).len(), 3);
    }

    #[test]
    fn the_entry_limit_leaves_out_whole_folders_and_says_so() {
        let t = Tree::new("many");
        t.file("a/1.txt")
            .file("a/2.txt")
            .file("b/3.txt")
            .file("b/4.txt")
            .file("c.txt");
        // Root: 3 entries; a: 2 more (5); b would make 7.
        assert_eq!(
            t.lines(t.walk().max_entries(6)),
            [
                "f ROOT/a/1.txt",
                "f ROOT/a/2.txt",
                "- ROOT/b: not read: the walk had listed 6 entries, its limit (name the folders one by one)",
                "f ROOT/c.txt",
            ]
        );
    }

    #[test]
    fn an_unreadable_folder_is_reported_and_the_walk_goes_on() {
        // Permissions do not stop root (tests may run as root), so the
        // listing itself is made to fail for one folder.
        fn locked_out(dir: &Path) -> io::Result<Vec<PathBuf>> {
            if dir.ends_with("locked") {
                return Err(io::Error::from(io::ErrorKind::PermissionDenied));
            }
            list_folder(dir)
        }
        let t = Tree::new("unreadable");
        t.file("a.txt")
            .file("locked/secret.txt")
            .file("z.txt")
            .link("broken.txt", "nowhere.txt");
        let mut walk = t.walk();
        walk.list = locked_out;
        let lines = t.lines(walk);
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(lines[0], "f ROOT/a.txt");
        assert!(
            lines[1].starts_with("- ROOT/broken.txt: broken link: "),
            "{lines:?}"
        );
        assert!(
            lines[2].starts_with("- ROOT/locked: cannot list folder: permission denied"),
            "{lines:?}"
        );
        assert_eq!(lines[3], "f ROOT/z.txt");
        let skips: Vec<Skip> = {
            let mut walk = t.walk();
            walk.list = locked_out;
            walk.filter_map(|w| match w {
                Walked::Skipped(s) => Some(s),
                Walked::File(_) => None,
            })
            .collect()
        };
        assert!(skips.iter().all(Skip::is_error));
    }

    #[test]
    fn a_root_that_is_not_a_folder_is_yielded_unfiltered() {
        let t = Tree::new("root-file");
        t.file(".README.md");
        let walk = Walk::new(&t.0.join(".README.md"), |_| false);
        assert_eq!(t.lines(walk), ["f ROOT/.README.md"]);
        let walk = Walk::new(&t.0.join("missing"), |_| true);
        let lines = t.lines(walk);
        assert!(
            lines[0].starts_with("- ROOT/missing: cannot read: "),
            "{lines:?}"
        );
        // A root reached through a link is walked as any folder.
        t.file("real/a.txt").link("via", "real");
        let walk = Walk::new(&t.0.join("via"), |_| true);
        assert_eq!(t.lines(walk), ["f ROOT/via/a.txt"]);
    }

    #[test]
    fn notes_are_not_errors() {
        let loop_skip = Skip {
            path: "x".into(),
            reason: SkipReason::Loop {
                enclosing: "y".into(),
            },
        };
        assert!(!loop_skip.is_error());
        let deep = Skip {
            path: "x".into(),
            reason: SkipReason::TooDeep { limit: 1 },
        };
        assert!(deep.is_error());
    }

    #[test]
    fn walks_cross_threads() {
        fn send<T: Send>() {}
        send::<Walk>();
    }
}
