//! Helpers shared by the end-to-end tests: a temporary folder and the
//! real `monazite` binary running in it.

#![allow(dead_code)] // each test file uses its own subset

use std::ffi::OsStr;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers: a temporary folder and a command running in it.

/// A fresh folder under the system temporary folder, removed on drop.
pub struct Dir {
    pub root: PathBuf,
}

impl Dir {
    /// A new, empty folder whose name is unique to this process and test.
    pub fn new(test: &str) -> Dir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!(
            "monazite-cli-test-{}-{n}-{test}",
            std::process::id()
        ));
        if root.exists() {
            std::fs::remove_dir_all(&root).expect("removing a stale test folder");
        }
        std::fs::create_dir_all(&root).expect("creating the test folder");
        Dir { root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes `contents` to `rel`, creating parent folders.
    pub fn create(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("creating parent folders");
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        path
    }

    /// A sparse file of `len` bytes: no data is written.
    pub fn create_sparse(&self, rel: &str, len: u64) -> PathBuf {
        let path = self.path(rel);
        let file = File::create(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        file.set_len(len).expect("setting the file length");
        path
    }

    /// `monazite` with this folder as its working directory.
    pub fn command(&self) -> TestCommand {
        TestCommand::new(&self.root)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        // Files made unreadable are still removable: removal needs rights on
        // the folder, not the file.
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The `monazite` binary with arguments, a working directory and an
/// optional standard input.
pub struct TestCommand {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

impl TestCommand {
    pub fn new(dir: &Path) -> TestCommand {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_monazite"));
        cmd.current_dir(dir);
        // The tests use the bundled pack unless they say otherwise, and a
        // store of their own (`analyze --history` reads past events from
        // the default store): the user's store never leaks into a test.
        cmd.env_remove("MONAZITE_PACK");
        cmd.env("MONAZITE_DB", dir.join("monazite.db"));
        TestCommand { cmd, stdin: None }
    }

    pub fn args<I, S>(mut self, args: I) -> TestCommand
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> TestCommand {
        self.cmd.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> TestCommand {
        self.cmd.env_remove(key);
        self
    }

    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> TestCommand {
        self.stdin = Some(bytes.into());
        self
    }

    /// Runs the command to completion.
    pub fn run(mut self) -> Outcome {
        self.cmd
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let description = format!("{:?}", self.cmd);
        let mut child = self
            .cmd
            .spawn()
            .unwrap_or_else(|e| panic!("spawning {description}: {e}"));
        let writer = self.stdin.take().map(|bytes| {
            let mut pipe = child.stdin.take().expect("piped standard input");
            std::thread::spawn(move || {
                // The program may stop reading early (an input over the
                // limit); a closed pipe is then expected, not a failure.
                let _ = pipe.write_all(&bytes);
            })
        });
        let output = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("waiting for {description}: {e}"));
        if let Some(writer) = writer {
            writer.join().expect("the standard input writer");
        }
        let outcome = Outcome {
            description,
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        };
        assert!(
            !outcome.stderr.contains("panicked"),
            "the program panicked\n{outcome}"
        );
        outcome
    }
}

/// What a finished command printed and how it exited.
pub struct Outcome {
    pub description: String,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Asserts the exit code, showing everything the program printed if not.
    pub fn expect_code(self, code: i32) -> Outcome {
        assert_eq!(self.code, Some(code), "unexpected exit code\n{self}");
        self
    }

    /// Each stdout line parsed as JSON.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {line}\n{self}"))
            })
            .collect()
    }

    /// The stderr line reporting `name`, which must name the problem too.
    pub fn error_for(&self, name: &str) -> &str {
        let prefix = format!("monazite: {name}: ");
        self.stderr
            .lines()
            .find(|line| line.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no error line for {name}\n{self}"))
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "command: {}\nexit code: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.description, self.code, self.stdout, self.stderr
        )
    }
}

/// `../shared/data/<rel>` when the shared data sets are present; tests that
/// need them say so and skip otherwise.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    monazite_testdata::shared(&format!("data/{rel}"))
}

/// The workspace root, where `examples/` lives.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}
