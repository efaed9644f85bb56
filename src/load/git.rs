//! A store as of a git revision, read straight from the object database:
//! nothing is checked out and the working tree is never touched.
//!
//! The store may be a subdirectory of the repository; paths given to
//! [`GitSource`] are relative to the store root, as for [`super::DirSource`].

use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use git2::{ErrorClass, ErrorCode, ObjectType, Oid, Repository, Tree};

use super::source::{Entry, Source};

/// A commit's id.
pub type CommitId = Oid;

/// Why the store cannot be read from git.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The store is not inside a git repository.
    #[error("{} is not inside a git repository", .0.display())]
    NotARepository(PathBuf),
    /// The repository has no working tree to place the store in.
    #[error("the git repository at {} has no working tree", .0.display())]
    Bare(PathBuf),
    /// The store directory is not below the repository's working tree.
    #[error("the store {} is not inside the working tree of the repository at {}", .store.display(), .workdir.display())]
    Outside {
        /// The store root.
        store: PathBuf,
        /// The repository's working tree.
        workdir: PathBuf,
    },
    /// The repository has no commit yet.
    #[error("the git repository has no commits yet")]
    NoCommits,
    /// The revision names nothing in the repository.
    #[error("there is no revision \"{rev}\" in the git repository")]
    NoSuchRevision {
        /// The revision as given.
        rev: String,
    },
    /// The revision may exist, but this shallow clone lacks it.
    #[error("revision \"{rev}\" is not in this clone: its history is cut off (shallow clone)")]
    CutOff {
        /// The revision as given.
        rev: String,
    },
    /// The revision names a tree or a file, not a commit.
    #[error("revision \"{rev}\" names a {kind}, not a commit")]
    NotACommit {
        /// The revision as given.
        rev: String,
        /// What it names instead.
        kind: String,
    },
    /// The commit holds no store where the working tree has one.
    #[error("the store did not exist at {rev}: that commit has no {path}")]
    NoStore {
        /// The revision as given.
        rev: String,
        /// The missing directory, relative to the repository.
        path: String,
    },
    /// Anything else git reported.
    #[error("git: {}", .0.message())]
    Git(#[from] git2::Error),
}

impl GitError {
    /// How to fix the problem.
    pub fn hint(&self) -> String {
        match self {
            GitError::NotARepository(_) => "--rev and PROPOSAL@REV read the store's git history; commit the store to a git repository, or leave out --rev to read the files as they are".into(),
            GitError::Bare(_) => "run novelle in a clone with a working tree that holds the store".into(),
            GitError::Outside { .. } => "point --store at a directory inside the repository".into(),
            GitError::NoCommits => "commit the store first (`git add . && git commit`)".into(),
            GitError::NoSuchRevision { .. } => "name a commit id, a tag, a branch or HEAD~N; `git log --oneline` lists the commits".into(),
            GitError::CutOff { rev } => format!("run `git fetch --unshallow` to fetch the full history; if \"{rev}\" is a name, check its spelling"),
            GitError::NotACommit { .. } => "name a commit, a tag or a branch".into(),
            GitError::NoStore { path, .. } => format!("pick a later revision; `git log --oneline -- {path}` shows when the store was added"),
            GitError::Git(_) => "check the repository with `git status` and `git fsck`".into(),
        }
    }
}

/// The git repository a store lives in.
#[derive(Clone)]
pub struct GitStore {
    repo: Rc<Repository>,
    /// The store root relative to the working tree: "" or "dir/sub/".
    prefix: String,
}

impl std::fmt::Debug for GitStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitStore")
            .field("repo", &self.repo.path())
            .field("prefix", &self.prefix)
            .finish()
    }
}

impl GitStore {
    /// Finds the repository that holds the store at `root`.
    pub fn discover(root: &Path) -> Result<GitStore, GitError> {
        let repo = Repository::discover(root).map_err(|e| match e.code() {
            ErrorCode::NotFound => GitError::NotARepository(root.to_path_buf()),
            _ => GitError::Git(e),
        })?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| GitError::Bare(repo.path().to_path_buf()))?;
        let outside = || GitError::Outside {
            store: root.to_path_buf(),
            workdir: workdir.to_path_buf(),
        };
        let store = root.canonicalize().map_err(|_| outside())?;
        let work = workdir.canonicalize().map_err(|_| outside())?;
        let relative = store.strip_prefix(&work).map_err(|_| outside())?;
        let mut prefix = String::new();
        for part in relative.components() {
            prefix.push_str(part.as_os_str().to_str().ok_or_else(outside)?);
            prefix.push('/');
        }
        Ok(GitStore {
            repo: Rc::new(repo),
            prefix,
        })
    }

    /// The repository.
    pub fn repository(&self) -> &Repository {
        &self.repo
    }

    /// The path in the repository of the store file at `path`.
    pub fn repo_path(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// The path in the store of the repository file at `path` (unchanged if
    /// it lies outside the store).
    pub fn store_path<'p>(&self, path: &'p str) -> &'p str {
        path.strip_prefix(self.prefix.as_str()).unwrap_or(path)
    }

    /// The commit `rev` names ("HEAD~2", a tag, a branch, a commit id).
    pub fn commit(&self, rev: &str) -> Result<Oid, GitError> {
        let object = match self.repo.revparse_single(rev) {
            Ok(o) => o,
            Err(e) => return Err(self.revparse_error(rev, e)),
        };
        match object.peel_to_commit() {
            Ok(c) => Ok(c.id()),
            // A tag whose commit a shallow clone lacks.
            Err(e)
                if object.kind() == Some(ObjectType::Tag)
                    && e.code() == ErrorCode::NotFound
                    && self.repo.is_shallow() =>
            {
                Err(GitError::CutOff {
                    rev: rev.to_owned(),
                })
            }
            Err(_) => Err(GitError::NotACommit {
                rev: rev.to_owned(),
                kind: object.kind().map_or("object", |k| k.str()).to_owned(),
            }),
        }
    }

    fn revparse_error(&self, rev: &str, e: git2::Error) -> GitError {
        let unborn = matches!(self.repo.head(), Err(ref h) if h.code() == ErrorCode::UnbornBranch);
        if unborn
            && (rev == "HEAD" || rev.starts_with("HEAD~") || rev.starts_with("HEAD^") || rev == "@")
        {
            return GitError::NoCommits;
        }
        let missing = matches!(e.code(), ErrorCode::NotFound | ErrorCode::Ambiguous)
            || e.class() == ErrorClass::Odb
            || e.code() == ErrorCode::InvalidSpec;
        if !missing {
            return GitError::Git(e);
        }
        if self.repo.is_shallow() {
            GitError::CutOff {
                rev: rev.to_owned(),
            }
        } else {
            GitError::NoSuchRevision {
                rev: rev.to_owned(),
            }
        }
    }

    /// The store as of `rev`; diagnostics name its files "REV:path".
    pub fn source(&self, rev: &str) -> Result<GitSource, GitError> {
        let commit = self.commit(rev)?;
        let source = self.source_at(commit, rev)?;
        let statutes = self.repo_path("statutes");
        let kind = source
            .tree()?
            .get_path(Path::new(&statutes))
            .ok()
            .and_then(|e| e.kind());
        if kind == Some(ObjectType::Tree) {
            Ok(source)
        } else {
            Err(GitError::NoStore {
                rev: rev.to_owned(),
                path: statutes,
            })
        }
    }

    /// The store as of `commit`, its files named "LABEL:path".
    pub fn source_at(&self, commit: Oid, label: &str) -> Result<GitSource, GitError> {
        let tree = self.repo.find_commit(commit)?.tree_id();
        Ok(GitSource {
            repo: Rc::clone(&self.repo),
            tree,
            prefix: self.prefix.clone(),
            label: label.to_owned(),
        })
    }
}

/// The store as of one commit.
pub struct GitSource {
    repo: Rc<Repository>,
    tree: Oid,
    prefix: String,
    label: String,
}

impl GitSource {
    /// The revision as the user named it.
    pub fn label(&self) -> &str {
        &self.label
    }

    fn tree(&self) -> Result<Tree<'_>, git2::Error> {
        self.repo.find_tree(self.tree)
    }

    /// The repository path of the store path `path` ("" is the store root).
    fn full(&self, path: &str) -> String {
        let path = path.trim_matches('/');
        if path.is_empty() {
            self.prefix.trim_end_matches('/').to_owned()
        } else {
            format!("{}{path}", self.prefix)
        }
    }
}

impl std::fmt::Debug for GitSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitSource")
            .field("label", &self.label)
            .field("tree", &self.tree)
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// git errors as I/O errors, keeping "not found" recognisable.
fn io_error(e: git2::Error) -> io::Error {
    let kind = if e.code() == ErrorCode::NotFound {
        io::ErrorKind::NotFound
    } else {
        io::ErrorKind::Other
    };
    io::Error::new(kind, e.message().to_owned())
}

impl Source for GitSource {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        let tree = self.tree().map_err(io_error)?;
        let entry = tree
            .get_path(Path::new(&self.full(path)))
            .map_err(io_error)?;
        if entry.kind() != Some(ObjectType::Blob) {
            return Err(io::Error::other(format!(
                "{} is not a file",
                self.display(path)
            )));
        }
        let blob = self.repo.find_blob(entry.id()).map_err(io_error)?;
        Ok(blob.content().to_vec())
    }

    fn list(&self, path: &str) -> io::Result<Vec<Entry>> {
        let root = self.tree().map_err(io_error)?;
        let full = self.full(path);
        let dir = if full.is_empty() {
            root
        } else {
            match root.get_path(Path::new(&full)) {
                Ok(e) if e.kind() == Some(ObjectType::Tree) => {
                    self.repo.find_tree(e.id()).map_err(io_error)?
                }
                Ok(_) => {
                    return Err(io::Error::other(format!(
                        "{} is not a directory",
                        self.display(path)
                    )));
                }
                Err(e) if e.code() == ErrorCode::NotFound => return Ok(Vec::new()),
                Err(e) => return Err(io_error(e)),
            }
        };
        let mut out: Vec<Entry> = dir
            .iter()
            // Names that are not UTF-8 cannot be sections or proposals; skip them.
            .filter_map(|e| {
                Some(Entry {
                    name: e.name().ok()?.to_owned(),
                    is_dir: e.kind() == Some(ObjectType::Tree),
                })
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    fn display(&self, path: &str) -> String {
        format!("{}:{}", self.label, self.full(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testrepo::TestRepo;

    #[test]
    fn reads_a_revision_without_touching_the_working_tree() {
        let t = TestRepo::new("");
        t.write("statutes/x/law.toml", "one");
        t.commit("first", 1);
        t.write("statutes/x/law.toml", "two");
        t.commit("second", 2);
        t.write("statutes/x/law.toml", "dirty");
        let git = GitStore::discover(&t.store()).unwrap();
        let old = git.source("HEAD~1").unwrap();
        assert_eq!(old.read("statutes/x/law.toml").unwrap(), b"one");
        assert_eq!(
            git.source("HEAD")
                .unwrap()
                .read("statutes/x/law.toml")
                .unwrap(),
            b"two"
        );
        assert_eq!(
            std::fs::read(t.store().join("statutes/x/law.toml")).unwrap(),
            b"dirty"
        );
        assert_eq!(
            old.display("statutes/x/law.toml"),
            "HEAD~1:statutes/x/law.toml"
        );
        let listed = old.list("statutes").unwrap();
        assert_eq!(
            listed,
            vec![Entry {
                name: "x".into(),
                is_dir: true
            }]
        );
        assert!(old.list("proposals").unwrap().is_empty());
        assert_eq!(
            old.read("statutes/missing.toml").unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }

    #[test]
    fn a_store_in_a_subdirectory() {
        let t = TestRepo::new("law/store");
        t.write("statutes/x/law.toml", "one");
        t.write("proposals/p.toml", "p");
        t.commit("first", 1);
        let git = GitStore::discover(&t.store()).unwrap();
        assert_eq!(
            git.repo_path("proposals/p.toml"),
            "law/store/proposals/p.toml"
        );
        let src = git.source("HEAD").unwrap();
        assert_eq!(src.read("proposals/p.toml").unwrap(), b"p");
        assert_eq!(
            src.display("proposals/p.toml"),
            "HEAD:law/store/proposals/p.toml"
        );
        assert_eq!(src.list("").unwrap().len(), 2);
    }

    #[test]
    fn tags_and_branches_peel_to_commits() {
        let t = TestRepo::new("");
        t.write("statutes/x/law.toml", "one");
        let first = t.commit("first", 1);
        t.tag("march", first);
        t.branch("committee", first);
        t.write("statutes/x/law.toml", "two");
        t.commit("second", 2);
        let git = GitStore::discover(&t.store()).unwrap();
        assert_eq!(git.commit("march").unwrap(), first);
        assert_eq!(git.commit("committee").unwrap(), first);
        assert_eq!(
            git.source("march")
                .unwrap()
                .read("statutes/x/law.toml")
                .unwrap(),
            b"one"
        );
        let tree = format!("{first}^{{tree}}");
        assert!(
            matches!(git.commit(&tree), Err(GitError::NotACommit { kind, .. }) if kind == "tree")
        );
    }

    #[test]
    fn errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            GitStore::discover(dir.path()),
            Err(GitError::NotARepository(_))
        ));
        let t = TestRepo::new("");
        t.write("statutes/x/law.toml", "one");
        let git = GitStore::discover(&t.store()).unwrap();
        assert!(matches!(git.commit("HEAD"), Err(GitError::NoCommits)));
        t.commit("first", 1);
        for rev in [
            "HEAD~5",
            "nope",
            "v9",
            "0123456789abcdef0123456789abcdef01234567",
            "HEAD:::",
        ] {
            assert!(
                matches!(git.commit(rev), Err(GitError::NoSuchRevision { .. })),
                "{rev}"
            );
        }
        let sub = TestRepo::new("store");
        sub.write_repo("README", "no store yet");
        sub.commit("readme", 1);
        sub.write("statutes/x/law.toml", "one");
        let git = GitStore::discover(&sub.store()).unwrap();
        let e = git.source("HEAD").unwrap_err();
        assert!(
            matches!(&e, GitError::NoStore { path, .. } if path == "store/statutes"),
            "{e}"
        );
        assert!(e.hint().contains("git log --oneline -- store/statutes"));
    }

    #[test]
    fn a_shallow_clone_says_the_history_is_cut_off() {
        let t = TestRepo::new("");
        t.write("statutes/x/law.toml", "one");
        t.commit("first", 1);
        t.write("statutes/x/law.toml", "two");
        let second = t.commit("second", 2);
        t.write("statutes/x/law.toml", "three");
        t.commit("third", 3);
        t.make_shallow(second);
        let git = GitStore::discover(&t.store()).unwrap();
        assert!(git.repository().is_shallow());
        assert_eq!(
            git.source("HEAD~1")
                .unwrap()
                .read("statutes/x/law.toml")
                .unwrap(),
            b"two"
        );
        let e = git.commit("HEAD~2").unwrap_err();
        assert!(matches!(e, GitError::CutOff { .. }), "{e}");
        assert!(e.hint().contains("git fetch --unshallow"));
    }
}
