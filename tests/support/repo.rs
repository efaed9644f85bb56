//! Real git repositories in temporary directories, for tests: no mocks.
//!
//! Shared by the unit tests (included with `#[path]`) and the CLI tests.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use git2::{IndexAddOption, Oid, Repository, Signature, Time};

/// 2021-03-01 10:00 UTC, the day of the first draft in tests.
const START: i64 = 1_614_592_800;

/// A repository in a temporary directory, with the store in `sub`.
pub struct TestRepo {
    dir: tempfile::TempDir,
    repo: Repository,
    sub: String,
}

impl TestRepo {
    /// A fresh repository whose store lies in `sub` ("" for the top).
    pub fn new(sub: &str) -> TestRepo {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("git init");
        fs::create_dir_all(dir.path().join(sub)).expect("store dir");
        TestRepo {
            dir,
            repo,
            sub: sub.to_owned(),
        }
    }

    /// A repository holding a copy of the shipped store, not yet committed.
    pub fn shipped(sub: &str) -> TestRepo {
        let t = TestRepo::new(sub);
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&manifest.join("statutes"), &t.store().join("statutes"));
        copy_dir(&manifest.join("proposals"), &t.store().join("proposals"));
        t
    }

    /// The working tree's top directory.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The store root.
    pub fn store(&self) -> PathBuf {
        self.dir.path().join(&self.sub)
    }

    /// Writes a file below the store root.
    pub fn write(&self, path: &str, content: &str) {
        write(&self.store().join(path), content);
    }

    /// Writes a file below the repository's top directory.
    pub fn write_repo(&self, path: &str, content: &str) {
        write(&self.root().join(path), content);
    }

    /// Reads a file below the store root.
    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.store().join(path)).expect("read")
    }

    /// Replaces `from` by `to` in a store file; `from` must occur.
    pub fn edit(&self, path: &str, from: &str, to: &str) {
        let text = self.read(path);
        assert!(text.contains(from), "{path} lacks {from:?}");
        self.write(path, &text.replacen(from, to, 1));
    }

    /// Renames a store file.
    pub fn rename(&self, from: &str, to: &str) {
        fs::rename(self.store().join(from), self.store().join(to)).expect("rename");
    }

    /// Commits everything as "Referentin A" on day `day` after 2021-03-01.
    pub fn commit(&self, message: &str, day: i64) -> Oid {
        self.commit_by("Referentin A", message, day)
    }

    /// Commits everything (additions, changes, deletions) as `author`.
    pub fn commit_by(&self, author: &str, message: &str, day: i64) -> Oid {
        let head = self.repo.head().ok().and_then(|h| h.target());
        self.commit_with("HEAD", author, message, day, head.as_slice())
    }

    /// Commits everything on branch `branch` (a child of its tip), leaving HEAD alone.
    pub fn commit_on(&self, branch: &str, message: &str, day: i64) -> Oid {
        let name = format!("refs/heads/{branch}");
        let tip = self.repo.refname_to_id(&name).expect("branch");
        self.commit_with(&name, "Referentin A", message, day, &[tip])
    }

    /// Commits everything as a merge of HEAD and `other`.
    pub fn merge(&self, message: &str, day: i64, other: Oid) -> Oid {
        let head = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .expect("head");
        self.commit_with("HEAD", "Referentin A", message, day, &[head, other])
    }

    fn commit_with(
        &self,
        reference: &str,
        author: &str,
        message: &str,
        day: i64,
        parents: &[Oid],
    ) -> Oid {
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], IndexAddOption::DEFAULT, None)
            .expect("add");
        index.update_all(["*"], None).expect("update");
        index.write().expect("write index");
        let tree = self
            .repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("find tree");
        let email = format!("{}@example.org", author.to_lowercase().replace(' ', "."));
        let sig = Signature::new(author, &email, &Time::new(START + day * 86_400, 60))
            .expect("signature");
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).expect("parent"))
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(Some(reference), &sig, &sig, message, &tree, &parents)
            .expect("commit")
    }

    /// Tags `commit` (an annotated tag, as for a draft sent out).
    pub fn tag(&self, name: &str, commit: Oid) {
        let object = self.repo.find_object(commit, None).expect("object");
        let sig = Signature::new("Referentin A", "a@example.org", &Time::new(START, 60))
            .expect("signature");
        self.repo
            .tag(name, &object, &sig, name, false)
            .expect("tag");
    }

    /// Creates branch `name` at `commit`.
    pub fn branch(&self, name: &str, commit: Oid) {
        let c = self.repo.find_commit(commit).expect("commit");
        self.repo.branch(name, &c, false).expect("branch");
    }

    /// Makes the clone shallow at `boundary`, as `git clone --depth` would:
    /// the history before it is cut off and its parents' commits are gone.
    pub fn make_shallow(&self, boundary: Oid) {
        let commit = self.repo.find_commit(boundary).expect("boundary");
        let git_dir = self.repo.path();
        for parent in commit.parent_ids() {
            let hex = parent.to_string();
            let _ = fs::remove_file(git_dir.join("objects").join(&hex[..2]).join(&hex[2..]));
        }
        write(&git_dir.join("shallow"), &format!("{boundary}\n"));
    }
}

fn write(path: &Path, content: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("dir");
    }
    fs::write(path, content).expect("write");
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("dir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}
