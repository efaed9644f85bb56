//! The drafting history of one store file: the commits that changed it,
//! newest first, following renames.
//!
//! A file's path is tracked per commit while walking from the newest commit
//! to the oldest (children before parents), so a proposal renamed from
//! `proposals/a.toml` to `proposals/b.toml` keeps its history across the
//! rename, on every branch. Renames are found with git's own similarity
//! detection, which also matches identical contents.

use std::collections::HashMap;

use git2::{Commit, Delta, DiffFindOptions, DiffOptions, ObjectType, Oid, Sort, Tree};

use crate::load::{GitError, GitStore};

/// What a commit did to the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FileChange {
    /// The file appeared.
    Added,
    /// Its contents changed.
    Modified,
    /// It was moved here from another path (its contents may also have changed).
    Renamed {
        /// The store path it had before.
        from: String,
    },
    /// It was deleted.
    Deleted,
    /// It was moved away to another path.
    RenamedAway {
        /// The store path it has after.
        to: String,
    },
    /// The file is there, but this shallow clone lacks the commits before,
    /// so what the commit did to it is unknown.
    CutOff,
}

/// A commit that changed the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// The commit.
    pub commit: Oid,
    /// Its abbreviated id, as git shows it.
    pub short: String,
    /// When it was written (the author's time).
    pub time: jiff::Timestamp,
    /// The author's time zone offset from UTC, in seconds.
    pub offset_seconds: i32,
    /// The author's name.
    pub author: String,
    /// The author's e-mail address.
    pub email: String,
    /// The first line of the message.
    pub summary: String,
    /// The file's store path in this commit (before it, if it went away).
    pub path: String,
    /// What the commit did to it.
    pub change: FileChange,
    /// The parent commit the change is measured against, if any.
    pub parent: Option<Oid>,
    /// The file's store path in that parent, if it was there.
    pub parent_path: Option<String>,
}

impl LogEntry {
    /// The author's time in the author's time zone.
    pub fn zoned(&self) -> jiff::ZonedDateTime {
        let offset =
            jiff::tz::Offset::from_seconds(self.offset_seconds).unwrap_or(jiff::tz::Offset::UTC);
        self.time
            .to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
    }
}

/// The commits that changed a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    /// The changes, newest first.
    pub entries: Vec<LogEntry>,
    /// Whether the walk reached the edge of a shallow clone, so older
    /// changes may be missing.
    pub cut_off: bool,
}

/// The commits from `start` back that changed the store file at `path`.
pub fn log(git: &GitStore, start: Oid, path: &str) -> Result<Log, GitError> {
    let mut log = Log {
        entries: Vec::new(),
        cut_off: false,
    };
    let shallow = shallow_roots(git);
    walk(git, start, path, |step| {
        let boundary = shallow.contains(&step.commit.id());
        log.cut_off |= boundary;
        let change = match step.change(git)? {
            Some(FileChange::Added) if boundary => Some(FileChange::CutOff),
            other => other,
        };
        if let Some(change) = change {
            let first = step.parents.first();
            let commit = &step.commit;
            let author = commit.author();
            let short = commit
                .as_object()
                .short_id()
                .ok()
                .and_then(|b| b.as_str().ok().map(str::to_owned));
            log.entries.push(LogEntry {
                commit: commit.id(),
                short: short.unwrap_or_else(|| commit.id().to_string().chars().take(7).collect()),
                time: jiff::Timestamp::from_second(commit.time().seconds())
                    .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
                offset_seconds: commit.time().offset_minutes().saturating_mul(60),
                author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
                summary: commit
                    .summary_bytes()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .unwrap_or_default(),
                path: git
                    .store_path(if step.blob.is_some() {
                        &step.path
                    } else {
                        first.map_or(step.path.as_str(), |p| p.path.as_str())
                    })
                    .to_owned(),
                change,
                parent: first.map(|p| p.id),
                parent_path: first
                    .filter(|p| p.blob.is_some())
                    .map(|p| git.store_path(&p.path).to_owned()),
            });
        }
        Ok(true)
    })?;
    Ok(log)
}

/// The store path that the file at `path` in commit `start` had in its
/// ancestor `at`, following renames; `None` if it did not exist there (or
/// `at` is not an ancestor).
pub fn path_at(
    git: &GitStore,
    start: Oid,
    path: &str,
    at: Oid,
) -> Result<Option<String>, GitError> {
    let mut found = None;
    walk(git, start, path, |step| {
        if step.commit.id() != at {
            return Ok(true);
        }
        found = step.blob.map(|_| git.store_path(&step.path).to_owned());
        Ok(false)
    })?;
    Ok(found)
}

/// The commits where a shallow clone's history is cut off (git lists them
/// in `.git/shallow`; libgit2 offers no call for it).
fn shallow_roots(git: &GitStore) -> Vec<Oid> {
    let repo = git.repository();
    if !repo.is_shallow() {
        return Vec::new();
    }
    let text = std::fs::read_to_string(repo.path().join("shallow")).unwrap_or_default();
    text.lines()
        .filter_map(|l| Oid::from_str(l.trim()).ok())
        .collect()
}

/// One commit of the walk, with the file's path and contents in it and in
/// each of its parents.
struct Step<'r> {
    commit: Commit<'r>,
    tree: Tree<'r>,
    /// Repository path of the file in this commit.
    path: String,
    blob: Option<Oid>,
    parents: Vec<ParentStep<'r>>,
}

struct ParentStep<'r> {
    id: Oid,
    tree: Tree<'r>,
    /// Repository path of the file in the parent (the old name if the commit renamed it).
    path: String,
    blob: Option<Oid>,
}

impl Step<'_> {
    /// What the commit did to the file, compared with its first parent;
    /// `None` if the file is as in one of its parents.
    fn change(&self, git: &GitStore) -> Result<Option<FileChange>, GitError> {
        if self
            .parents
            .iter()
            .any(|p| p.path == self.path && p.blob == self.blob)
        {
            return Ok(None);
        }
        let Some(first) = self.parents.first() else {
            return Ok(self.blob.map(|_| FileChange::Added));
        };
        let store = |p: &str| git.store_path(p).to_owned();
        Ok(match (first.blob, self.blob) {
            (None, None) => None,
            (None, Some(_)) => Some(FileChange::Added),
            (Some(_), Some(_)) if first.path != self.path => Some(FileChange::Renamed {
                from: store(&first.path),
            }),
            (Some(_), Some(_)) => Some(FileChange::Modified),
            (Some(_), None) => Some(
                match renamed(git, &first.tree, &self.tree, &first.path, Side::Old)? {
                    Some(to) => FileChange::RenamedAway { to: store(&to) },
                    None => FileChange::Deleted,
                },
            ),
        })
    }
}

/// Walks from `start` to the oldest commit, children before parents,
/// calling `visit` for each commit until it returns `false`.
fn walk<'r>(
    git: &'r GitStore,
    start: Oid,
    path: &str,
    mut visit: impl FnMut(Step<'r>) -> Result<bool, GitError>,
) -> Result<(), GitError> {
    let repo = git.repository();
    let mut paths: HashMap<Oid, String> = HashMap::from([(start, git.repo_path(path))]);
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    walk.push(start)?;
    for id in walk {
        let id = id?;
        let Some(path) = paths.get(&id).cloned() else {
            continue;
        };
        let commit = repo.find_commit(id)?;
        let tree = commit.tree()?;
        let blob = blob_at(&tree, &path);
        let mut parents = Vec::new();
        for parent in commit.parents() {
            let ptree = parent.tree()?;
            let mut ppath = path.clone();
            let mut pblob = blob_at(&ptree, &path);
            if blob.is_some()
                && pblob.is_none()
                && let Some(old) = renamed(git, &ptree, &tree, &path, Side::New)?
            {
                pblob = blob_at(&ptree, &old);
                ppath = old;
            }
            paths.entry(parent.id()).or_insert_with(|| ppath.clone());
            parents.push(ParentStep {
                id: parent.id(),
                tree: ptree,
                path: ppath,
                blob: pblob,
            });
        }
        if !visit(Step {
            commit,
            tree,
            path,
            blob,
            parents,
        })? {
            break;
        }
    }
    Ok(())
}

/// The id of the file at `path` in `tree`, if there is one.
fn blob_at(tree: &Tree<'_>, path: &str) -> Option<Oid> {
    let entry = tree.get_path(std::path::Path::new(path)).ok()?;
    (entry.kind() == Some(ObjectType::Blob)).then(|| entry.id())
}

/// Which side of a rename `path` is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

/// If going from `old` to `new` renamed a file to (`Side::New`) or from
/// (`Side::Old`) `path`, the path on the other side.
fn renamed(
    git: &GitStore,
    old: &Tree<'_>,
    new: &Tree<'_>,
    path: &str,
    side: Side,
) -> Result<Option<String>, GitError> {
    let mut opts = DiffOptions::new();
    // Only the file's directory: renames across directories are not drafts.
    if let Some((dir, _)) = path.rsplit_once('/') {
        opts.pathspec(format!("{dir}/"));
    }
    let mut diff = git
        .repository()
        .diff_tree_to_tree(Some(old), Some(new), Some(&mut opts))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
    let text = |f: git2::DiffFile<'_>| f.path().and_then(|p| p.to_str()).map(str::to_owned);
    for delta in diff.deltas().filter(|d| d.status() == Delta::Renamed) {
        let (here, other) = match side {
            Side::New => (text(delta.new_file()), text(delta.old_file())),
            Side::Old => (text(delta.old_file()), text(delta.new_file())),
        };
        if here.as_deref() == Some(path) {
            return Ok(other);
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testrepo::TestRepo;

    fn kinds(log: &Log) -> Vec<(String, FileChange)> {
        log.entries
            .iter()
            .map(|e| (e.summary.clone(), e.change.clone()))
            .collect()
    }

    #[test]
    fn only_commits_that_change_the_file_newest_first() {
        let t = TestRepo::new("");
        t.write("proposals/a.toml", "id = \"a\"\n");
        t.write("proposals/other.toml", "x");
        t.commit("add a", 1);
        t.write("proposals/other.toml", "y");
        t.commit("touch other", 2);
        t.write("proposals/a.toml", "id = \"a\"\nx = 1\n");
        let third = t.commit_by("Referent B", "change a", 3);
        let git = GitStore::discover(&t.store()).unwrap();
        let log = log(&git, third, "proposals/a.toml").unwrap();
        assert_eq!(
            kinds(&log),
            [
                ("change a".into(), FileChange::Modified),
                ("add a".into(), FileChange::Added)
            ]
        );
        let newest = &log.entries[0];
        assert_eq!(newest.author, "Referent B");
        assert_eq!(newest.email, "referent.b@example.org");
        assert_eq!(
            newest.zoned().strftime("%Y-%m-%d %H:%M %:z").to_string(),
            "2021-03-04 11:00 +01:00"
        );
        assert_eq!(newest.parent_path.as_deref(), Some("proposals/a.toml"));
        assert!(newest.short.len() >= 7 && newest.commit.to_string().starts_with(&newest.short));
        assert!(!log.cut_off);
    }

    #[test]
    fn follows_a_rename_in_a_subdirectory_store() {
        let t = TestRepo::new("store");
        let body = "title = \"Entwurf\"\nrationale = \"\"\"\nEine lange Begründung, die sich beim Umbenennen nicht ändert.\n\"\"\"\n";
        t.write("proposals/a.toml", &format!("id = \"a\"\n{body}"));
        let first = t.commit("draft a", 1);
        t.rename("proposals/a.toml", "proposals/b.toml");
        t.write("proposals/b.toml", &format!("id = \"b\"\n{body}"));
        t.commit("rename a to b", 2);
        t.edit("proposals/b.toml", "Entwurf", "Zweiter Entwurf");
        let third = t.commit("retitle", 3);
        let git = GitStore::discover(&t.store()).unwrap();
        let log = log(&git, third, "proposals/b.toml").unwrap();
        assert_eq!(
            kinds(&log),
            [
                ("retitle".into(), FileChange::Modified),
                (
                    "rename a to b".into(),
                    FileChange::Renamed {
                        from: "proposals/a.toml".into()
                    }
                ),
                ("draft a".into(), FileChange::Added),
            ]
        );
        assert_eq!(log.entries[2].path, "proposals/a.toml");
        assert_eq!(
            path_at(&git, third, "proposals/b.toml", first)
                .unwrap()
                .as_deref(),
            Some("proposals/a.toml")
        );
        // From the old name, the log says where the file went.
        let old = super::log(&git, third, "proposals/a.toml").unwrap();
        assert_eq!(
            kinds(&old),
            [
                (
                    "rename a to b".into(),
                    FileChange::RenamedAway {
                        to: "proposals/b.toml".into()
                    }
                ),
                ("draft a".into(), FileChange::Added)
            ]
        );
    }

    #[test]
    fn merges_count_only_when_they_change_the_file() {
        let t = TestRepo::new("");
        t.write("proposals/a.toml", "one");
        let base = t.commit("base", 1);
        t.branch("side", base);
        t.write("proposals/a.toml", "side");
        let side = t.commit_on("side", "side edit", 2);
        t.write("proposals/a.toml", "one");
        t.write("proposals/other.toml", "x");
        t.commit("main edit", 3);
        t.write("proposals/a.toml", "side");
        let taken = t.merge("merge side", 4, side);
        let git = GitStore::discover(&t.store()).unwrap();
        let summaries = |log: Log| {
            log.entries
                .into_iter()
                .map(|e| e.summary)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            summaries(log(&git, taken, "proposals/a.toml").unwrap()),
            ["side edit", "base"]
        );
        t.write("proposals/a.toml", "resolved");
        let resolved = t.merge("merge side again", 5, side);
        assert_eq!(
            summaries(log(&git, resolved, "proposals/a.toml").unwrap()),
            ["merge side again", "side edit", "base"]
        );
        assert_eq!(
            path_at(&git, resolved, "proposals/a.toml", Oid::ZERO_SHA1).unwrap(),
            None
        );
        assert_eq!(
            path_at(&git, resolved, "proposals/a.toml", base)
                .unwrap()
                .as_deref(),
            Some("proposals/a.toml")
        );
    }

    #[test]
    fn a_shallow_history_is_cut_off() {
        let t = TestRepo::new("");
        t.write("proposals/a.toml", "one");
        t.commit("first", 1);
        t.write("proposals/a.toml", "two");
        let second = t.commit("second", 2);
        t.write("proposals/a.toml", "three");
        let third = t.commit("third", 3);
        t.make_shallow(second);
        let git = GitStore::discover(&t.store()).unwrap();
        let log = log(&git, third, "proposals/a.toml").unwrap();
        assert!(log.cut_off);
        assert_eq!(
            kinds(&log),
            [
                ("third".into(), FileChange::Modified),
                ("second".into(), FileChange::CutOff)
            ]
        );
    }
}
