//! The commands: each runs the pipeline stages it needs and writes its
//! output. `main.rs` only parses arguments and turns outcomes into exit codes.

pub mod act;
pub mod apply;
pub mod check;
pub mod diff;
pub mod import;
pub mod list;
pub mod log;
pub mod redline;
pub mod report;
pub mod show;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diag::{Diagnostic, Files};
use crate::history::{self, FileChange};
use crate::load::{self, DirSource, GitError, GitStore, Source, Store};
use crate::model::proposal::Proposal;
use crate::model::statute::Law;

/// What every command needs to know about its environment.
pub struct Ctx {
    /// Where the store is read from.
    pub source: Box<dyn Source>,
    /// The store's root directory (for writing output next to it, git, ...).
    pub root: PathBuf,
    /// The git revision `--rev` names; `None` reads the working tree.
    pub rev: Option<String>,
    /// Today's date, the default for `--at`.
    pub today: Today,
    /// Whether to print in colour.
    pub colour: bool,
    /// The terminal's width, if output goes to one.
    pub width: Option<u16>,
    /// What commands are done with, freed when the context is (see
    /// [`Ctx::retire`]).
    retired: std::cell::RefCell<Vec<Box<dyn std::any::Any>>>,
}

impl Ctx {
    /// A context reading the working tree of the store at `root`.
    pub fn for_dir(root: &Path, today: Date, colour: bool, width: Option<u16>) -> Ctx {
        Ctx::new(root, Today::fixed(today), colour, width)
    }

    fn new(root: &Path, today: Today, colour: bool, width: Option<u16>) -> Ctx {
        Ctx {
            source: Box::new(DirSource::new(root)),
            root: root.to_path_buf(),
            rev: None,
            today,
            colour,
            width,
            retired: std::cell::RefCell::default(),
        }
    }

    /// Keeps `value`, which a command is done with, until the context is
    /// dropped. `main` never drops it: the process ends right after the
    /// command, and the kernel frees a whole code's store at once faster
    /// than its thousands of strings are freed one by one (0.15 ms of a
    /// whole-law diff, docs/performance.md, round 9).
    pub fn retire(&self, value: impl std::any::Any) {
        self.retired.borrow_mut().push(Box::new(value));
    }

    /// A context reading the store at `root` as of the git revision `rev`,
    /// or its working tree if `rev` is `None` (then git is not touched).
    pub fn open(
        root: &Path,
        rev: Option<&str>,
        colour: bool,
        width: Option<u16>,
    ) -> std::result::Result<Ctx, Outcome> {
        let mut ctx = Ctx::new(root, Today::system(), colour, width);
        if let Some(dir) = cache_dir() {
            ctx.source = Box::new(DirSource::new(root).with_cache_dir(dir));
        }
        if let Some(rev) = rev {
            ctx.source = Box::new(git(&ctx)?.source(rev).map_err(|e| git_failure(&e))?);
            ctx.rev = Some(rev.to_owned());
        }
        Ok(ctx)
    }
}

/// The day commands take for today: a fixed one, or the system's, found on
/// first use, since finding the system's time zone can mean reading the
/// whole time zone database, which most commands never need.
#[derive(Debug)]
pub struct Today(std::cell::OnceCell<Date>);

impl Today {
    /// Always `day`.
    pub fn fixed(day: Date) -> Today {
        Today(std::cell::OnceCell::from(day))
    }

    /// The system's date in its time zone, when first asked.
    pub fn system() -> Today {
        Today(std::cell::OnceCell::new())
    }

    /// The day.
    pub fn get(&self) -> Date {
        *self.0.get_or_init(|| jiff::ZonedDateTime::now().date())
    }
}

/// Where the working tree's parsed section files are cached (see
/// `load/cache.rs`): `$NOVELLE_CACHE_DIR` (empty: no cache), else
/// `$XDG_CACHE_HOME/novelle`, else `~/.cache/novelle`.
pub fn cache_dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = std::env::var_os("NOVELLE_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    var("XDG_CACHE_HOME")
        .filter(|d| d.is_absolute())
        .or_else(|| var("HOME").map(|h| h.join(".cache")))
        .map(|d| d.join("novelle"))
}

/// The git repository the store lives in.
pub fn git(ctx: &Ctx) -> std::result::Result<GitStore, Outcome> {
    GitStore::discover(&ctx.root).map_err(|e| git_failure(&e))
}

/// A git problem as an outcome: its message and hint.
pub fn git_failure(e: &GitError) -> Outcome {
    Outcome::error(e.to_string(), e.hint())
}

/// How a command ended, when it ran to the end.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Whether it found problems (exit code 1).
    pub problems: bool,
    /// Diagnostics to print, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The files the diagnostics point into.
    pub files: Files,
    /// A closing line for standard output, after the diagnostics.
    pub summary: Option<String>,
}

impl Outcome {
    /// A clean run.
    pub fn ok() -> Self {
        Outcome::default()
    }

    /// A run that found problems.
    pub fn problems(files: Files, diagnostics: Vec<Diagnostic>) -> Self {
        Outcome {
            problems: true,
            diagnostics,
            files,
            summary: None,
        }
    }

    /// A run that failed with one diagnostic that has no file.
    pub fn error(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Outcome::problems(
            Files::default(),
            vec![Diagnostic::error(message).hint(hint)],
        )
    }
}

/// Why a command could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The command line asks for something impossible (exit code 2).
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Either a finished outcome or a failure.
pub type Result<T = Outcome> = std::result::Result<T, Failure>;

/// Loads the store; statute errors stop every command but `check`.
pub fn open(ctx: &Ctx) -> std::result::Result<Store, Outcome> {
    open_source(ctx.source.as_ref())
}

/// Loads the store from `source`; statute errors stop it.
pub fn open_source(source: &dyn Source) -> std::result::Result<Store, Outcome> {
    let store = load::load(source);
    let statute_errors: Vec<Diagnostic> = store
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && !in_proposals(&store.files, d))
        .cloned()
        .collect();
    if statute_errors.is_empty() {
        Ok(store)
    } else {
        let mut list = statute_errors;
        list.push(
            Diagnostic::error("the statute store has errors")
                .hint("run `novelle check` for the full list"),
        );
        Err(Outcome::problems(store.files.clone(), list))
    }
}

fn in_proposals(files: &Files, d: &Diagnostic) -> bool {
    d.location
        .as_ref()
        .is_some_and(|l| files.name(l.file).contains("proposals/"))
}

/// The proposal `id`, or the diagnostics that explain why it cannot be used.
pub fn proposal<'s>(store: &'s Store, id: &str) -> std::result::Result<&'s Proposal, Outcome> {
    store
        .proposal(id)
        .ok_or_else(|| missing_proposal(store, id, None))
}

/// Why the proposal `id` is not in `store` (read at `rev`, if given): its
/// file's own errors, or that there is no such proposal.
fn missing_proposal(store: &Store, id: &str, rev: Option<&str>) -> Outcome {
    let file = format!("proposals/{id}.toml");
    let own: Vec<Diagnostic> = store
        .diagnostics
        .iter()
        .filter(|d| {
            d.location
                .as_ref()
                .is_some_and(|l| store.files.name(l.file).ends_with(&file))
        })
        .cloned()
        .collect();
    if !own.is_empty() {
        return Outcome::problems(store.files.clone(), own);
    }
    let known: Vec<&str> = store.proposals.iter().map(|p| p.id.as_str()).collect();
    let at = rev.map(|r| format!(" at {r}")).unwrap_or_default();
    Outcome::error(
        format!("there is no proposal \"{id}\"{at}"),
        if known.is_empty() {
            "proposals live in proposals/<id>.toml".to_owned()
        } else {
            format!("known proposals{at}: {}", known.join(", "))
        },
    )
}

/// A proposal as the command line names it: "ijm-osec", or
/// "ijm-osec@HEAD~2" for its draft at a git revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalSpec {
    /// The proposal's id.
    pub id: String,
    /// The revision after "@", if any.
    pub rev: Option<String>,
}

impl ProposalSpec {
    /// Reads "ID" or "ID@REV"; the revision is everything after the first
    /// "@", so "ijm-osec@main@{2}" works.
    pub fn parse(spec: &str) -> Result<ProposalSpec> {
        let (id, rev) = match spec.split_once('@') {
            Some((id, rev)) => (id, Some(rev)),
            None => (spec, None),
        };
        let usage = |message: String| Failure::Usage {
            message,
            hint: "name a proposal as ID or ID@REV, e.g. ijm-osec or ijm-osec@HEAD~2".into(),
        };
        if id.is_empty() {
            return Err(usage(format!(
                "\"{spec}\" names no proposal before the \"@\""
            )));
        }
        if rev == Some("") {
            return Err(usage(format!(
                "\"{spec}\" names no revision after the \"@\""
            )));
        }
        Ok(ProposalSpec {
            id: id.to_owned(),
            rev: rev.map(str::to_owned),
        })
    }
}

/// A proposal read from the working tree or a git revision, with the
/// store it was read from (whose files its diagnostics point into).
#[derive(Debug, Clone)]
pub struct Draft {
    /// The store as of the draft's revision.
    pub store: Store,
    /// The proposal.
    pub proposal: Proposal,
    /// The revision it was read at; `None` for the working tree.
    pub rev: Option<String>,
    /// Things to tell the user, e.g. that a rename was followed.
    pub notes: Vec<Diagnostic>,
}

impl Draft {
    /// "ijm-osec@HEAD~2", or "ijm-osec" for the working tree.
    pub fn label(&self) -> String {
        match &self.rev {
            Some(rev) => format!("{}@{rev}", self.proposal.id),
            None => self.proposal.id.clone(),
        }
    }
}

/// Loads the proposal `spec` names: at its own revision, else at `--rev`,
/// else from the working tree. A proposal renamed since that revision is
/// followed back to its old name.
pub fn draft(ctx: &Ctx, spec: &ProposalSpec) -> std::result::Result<Draft, Outcome> {
    let rev = spec.rev.clone().or_else(|| ctx.rev.clone());
    let store = match &spec.rev {
        Some(r) => open_source(&git(ctx)?.source(r).map_err(|e| git_failure(&e))?)?,
        None => open(ctx)?,
    };
    if let Some(p) = store.proposal(&spec.id) {
        return Ok(Draft {
            proposal: p.clone(),
            store,
            rev,
            notes: Vec::new(),
        });
    }
    let Some(at) = rev.as_deref() else {
        return Err(missing_proposal(&store, &spec.id, None));
    };
    let own = missing_proposal(&store, &spec.id, Some(at));
    if own.diagnostics.iter().any(|d| d.location.is_some()) {
        return Err(own);
    }
    let git = git(ctx)?;
    let failed = |e: GitError| git_failure(&e);
    let path = format!("proposals/{}.toml", spec.id);
    let commit = git.commit(at).map_err(failed)?;
    // Renamed since: the file had another name at `at`.
    if let Ok(head) = git.commit("HEAD") {
        let old = history::path_at(&git, head, &path, commit).map_err(failed)?;
        let old_id = old
            .as_deref()
            .and_then(|p| p.strip_prefix("proposals/")?.strip_suffix(".toml"));
        if let Some(p) = old_id.and_then(|id| store.proposal(id)) {
            let note = Diagnostic::warning(format!(
                "proposal \"{}\" was called \"{}\" at {at}; following the rename",
                spec.id, p.id
            ))
            .hint(format!("{path} was proposals/{}.toml then", p.id));
            return Ok(Draft {
                proposal: p.clone(),
                store,
                rev,
                notes: vec![note],
            });
        }
    }
    // Renamed before: the file had gone to another name by `at`.
    let log = history::log(&git, commit, &path).map_err(failed)?;
    if let Some(entry) = log.entries.first()
        && let FileChange::RenamedAway { to } = &entry.change
    {
        let new_id = to
            .strip_prefix("proposals/")
            .and_then(|p| p.strip_suffix(".toml"))
            .unwrap_or(to);
        return Err(Outcome::error(
            format!(
                "there is no proposal \"{}\" at {at}: {path} was renamed to {to} in {} (\"{}\")",
                spec.id, entry.short, entry.summary
            ),
            format!("name it {new_id}@{at}"),
        ));
    }
    Err(own)
}

/// The law a proposal or citation names, or the only law in the store.
pub fn law<'s>(store: &'s Store, abbr: Option<&str>) -> std::result::Result<&'s Law, Outcome> {
    store.law(abbr).ok_or_else(|| {
        let known: Vec<&str> = store.laws.iter().map(|l| l.abbreviation.as_str()).collect();
        match abbr {
            Some(a) => Outcome::error(
                format!("the store holds no law \"{a}\""),
                format!(
                    "laws in the store: {}",
                    if known.is_empty() {
                        "none".into()
                    } else {
                        known.join(", ")
                    }
                ),
            ),
            None => Outcome::error(
                "name the law",
                format!("the store holds several laws: {}", known.join(", ")),
            ),
        }
    })
}

/// Writes `content` to `path` atomically: to a temporary file beside it,
/// then renamed over it, so readers never see half a file.
pub fn write_atomic(path: &Path, content: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(content)?;
    // Temporary files are private (0600); a report is not. Keep the mode of
    // the file being replaced, or use the usual 0644 for a new one.
    if let Some(permissions) = std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions())
        .or_else(default_permissions)
    {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Applies `proposal` to `law` (to the law in force on `at`, or on the
/// proposal's base day), or explains at the amendment's line why it cannot.
pub fn applied(
    store: &Store,
    law: &Law,
    proposal: &Proposal,
    at: Option<Date>,
) -> std::result::Result<crate::apply::Applied, Outcome> {
    crate::apply::apply(law, proposal, at).map_err(|e| {
        let d = apply_diagnostic(store, proposal, &e, false);
        Outcome::problems(store.files.clone(), vec![d])
    })
}

/// Runs `then` on the proposal `spec` names ("ID" or "ID@REV") and the law
/// it amends; the draft's notes (e.g. a rename followed) come first among
/// the diagnostics `then` returns.
pub fn with_law(ctx: &Ctx, spec: &str, then: impl FnOnce(&Draft, &Law) -> Result) -> Result {
    let spec = ProposalSpec::parse(spec)?;
    let draft = match draft(ctx, &spec) {
        Ok(d) => d,
        Err(o) => return Ok(o),
    };
    let law = match law(&draft.store, Some(&draft.proposal.law)) {
        Ok(l) => l,
        Err(o) => return Ok(o),
    };
    let mut outcome = then(&draft, law)?;
    let mut diagnostics = draft.notes.clone();
    diagnostics.append(&mut outcome.diagnostics);
    outcome.diagnostics = diagnostics;
    outcome.files = draft.store.files.clone();
    Ok(outcome)
}

/// Like [`with_law`], with the law as the proposal would make it (applied
/// to the law in force on `at`, or on its base day); the engine's warnings
/// join the diagnostics.
pub fn with_applied(
    ctx: &Ctx,
    spec: &str,
    at: Option<Date>,
    then: impl FnOnce(&Draft, &Law, &crate::apply::Applied) -> Result,
) -> Result {
    with_law(ctx, spec, |draft, law| {
        let (store, proposal) = (&draft.store, &draft.proposal);
        let applied = match applied(store, law, proposal, at) {
            Ok(a) => a,
            Err(o) => return Ok(o),
        };
        let mut outcome = then(draft, law, &applied)?;
        let mut diagnostics = apply_warnings(store, proposal, &applied);
        diagnostics.append(&mut outcome.diagnostics);
        outcome.diagnostics = diagnostics;
        Ok(outcome)
    })
}

/// The engine's warnings for an applied proposal, as diagnostics.
pub fn apply_warnings(
    store: &Store,
    proposal: &Proposal,
    applied: &crate::apply::Applied,
) -> Vec<Diagnostic> {
    applied
        .warnings
        .iter()
        .map(|w| apply_diagnostic(store, proposal, w, true))
        .collect()
}

/// Writes a command's output to the file `path` (atomically), or to `out`
/// without one. The store's own data is off limits: a path inside its
/// statutes/ or proposals/ directory is refused.
pub fn write_output(
    ctx: &Ctx,
    path: Option<&Path>,
    content: &[u8],
    out: &mut dyn Write,
) -> Result<()> {
    let Some(path) = path else {
        out.write_all(content)?;
        return Ok(());
    };
    let usage = |message: String, hint: &str| Failure::Usage {
        message,
        hint: hint.to_owned(),
    };
    if path.is_dir() {
        return Err(usage(
            format!("{} is a directory", path.display()),
            "give -o the name of a file, e.g. -o report.html",
        ));
    }
    let parent = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(dir) = parent.canonicalize() else {
        return Err(usage(
            format!("the directory {} does not exist", parent.display()),
            "create it first, or write the output elsewhere",
        ));
    };
    for data in ["statutes", "proposals"] {
        if let Ok(protected) = ctx.root.join(data).canonicalize()
            && dir.starts_with(&protected)
        {
            return Err(usage(
                format!("will not write into the store's {data}/ directory"),
                "write the output elsewhere, e.g. -o report.html",
            ));
        }
    }
    write_atomic(path, content)?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Turns an engine error into a diagnostic at the amendment's line in its
/// proposal file.
pub fn apply_diagnostic(
    store: &Store,
    proposal: &Proposal,
    e: &crate::apply::ApplyError,
    warning: bool,
) -> Diagnostic {
    use crate::apply::Field;
    let d = if warning {
        Diagnostic::warning(&e.message)
    } else {
        Diagnostic::error(&e.message)
    };
    let Some(origin) = store.origins.proposals.get(&proposal.id) else {
        return d.hint(&e.hint);
    };
    let file = origin.file;
    let Some(ix) = e.amendment else {
        let span = if e.field == Field::Base {
            origin.base.clone()
        } else {
            origin.law.clone()
        };
        return d.at(file, span).label("here").hint(&e.hint);
    };
    let (Some(a), Some(am)) = (origin.amendments.get(ix), proposal.amendments.get(ix)) else {
        return d.hint(&e.hint);
    };
    let span = match e.field {
        Field::Target => a.target.clone(),
        Field::Words => a.words.clone().unwrap_or(a.header.clone()),
        Field::Text => a
            .text
            .as_ref()
            .map_or(a.header.clone(), |t| t.value.clone()),
        Field::Amendment | Field::Base => a.header.clone(),
    };
    let mut d = d
        .at(file, span)
        .label(format!("amendment \"{}\"", am.id))
        .hint(&e.hint);
    if let Some(other) = e.other
        && let (Some(oa), Some(om)) = (origin.amendments.get(other), proposal.amendments.get(other))
    {
        d.message = format!(
            "{} (amendment \"{}\", after amendment \"{}\")",
            d.message, am.id, om.id
        );
        d = d.related(
            file,
            oa.header.clone(),
            format!("amendment \"{}\" changed them first", om.id),
        );
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retired_values_live_as_long_as_the_context() {
        /// Counts its drops.
        struct Counted(&'static std::sync::atomic::AtomicUsize);
        impl Drop for Counted {
            fn drop(&mut self) {
                self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        static DROPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let ctx = Ctx::for_dir(Path::new("."), jiff::civil::date(2021, 7, 1), false, None);
        ctx.retire(Counted(&DROPS));
        ctx.retire(Counted(&DROPS));
        assert_eq!(DROPS.load(std::sync::atomic::Ordering::Relaxed), 0);
        drop(ctx);
        assert_eq!(DROPS.load(std::sync::atomic::Ordering::Relaxed), 2);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_writes_are_readable_and_keep_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write_atomic(&path, b"one").unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
