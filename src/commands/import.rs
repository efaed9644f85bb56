//! `novelle import --from markdown FILE --law StGB --valid-from DAY --source ACT`:
//! reads a whole law and adds a version to every section whose text changed.
//!
//! The one command that writes to `statutes/`. It decides everything before
//! it writes anything: the new files are staged over the store, loaded back
//! and compared with what was meant, and only then written, each atomically.
//! Re-running an import adds nothing, so an import cut short by a full disk
//! is finished by running it again.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::{Ctx, Failure, Outcome, Result, open, write_atomic};
use crate::diag::{Diagnostic, FileId};
use crate::load::markdown::{self, MdSection};
use crate::load::{self, Staged, writer};
use crate::model::numbering;
use crate::model::statute::{Law, Version};

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// The Markdown rendering of a whole law (gesetze-im-internet.de via pandoc).
    Markdown,
}

/// What to import, from the command line.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// The file's format.
    #[arg(long = "from", value_enum, value_name = "FORMAT")]
    pub from: InputFormat,
    /// The file to read.
    pub file: PathBuf,
    /// The law's abbreviation ("StGB"); it is stored in statutes/<abbreviation in lower case>/.
    #[arg(long, value_name = "ABBR")]
    pub law: String,
    /// The day (YYYY-MM-DD) new versions are valid from.
    #[arg(long, value_name = "DATE")]
    pub valid_from: Date,
    /// The act new versions stem from.
    #[arg(long, value_name = "TEXT")]
    pub source: String,
    /// The law's name, if the store does not hold the law yet and the file gives none.
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// The law's citation, needed if the store does not hold the law yet.
    #[arg(long, value_name = "TEXT")]
    pub citation: Option<String>,
    /// Report what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// What happens to one section.
enum Change<'a> {
    /// Not in the store yet: a new file with one version.
    New(&'a MdSection),
    /// Its text differs from its latest version: one more version.
    Changed(&'a MdSection),
    /// Same text as its latest version.
    Unchanged,
}

/// Runs `novelle import`.
pub fn run(ctx: &Ctx, opts: &Options, out: &mut dyn Write) -> Result {
    let InputFormat::Markdown = opts.from;
    if let Some(rev) = &ctx.rev {
        return Err(usage(
            format!("import writes to the working tree; it cannot import into --rev {rev}"),
            "leave out --rev",
        ));
    }
    let source = opts.source.trim();
    if source.is_empty() {
        return Err(usage(
            "--source is empty",
            "name the act the texts stem from, e.g. --source \"Bekanntmachung vom 13. November 1998 (BGBl. I S. 3322)\"",
        ));
    }
    let key = law_key(&opts.law)?;
    let mut store = match open(ctx) {
        Ok(s) => s,
        Err(o) => return Ok(o),
    };
    let bytes = match std::fs::read(&opts.file) {
        Ok(b) => b,
        Err(e) => {
            return Ok(Outcome::error(
                format!("cannot read {}: {e}", opts.file.display()),
                "check the path of the file to import",
            ));
        }
    };
    let name = opts.file.display().to_string();
    let file = match load::decode(&mut store.files, name, bytes) {
        Ok(file) => file,
        Err(d) => return Ok(Outcome::problems(store.files, vec![d])),
    };
    let doc = markdown::read(file, store.files.source(file));
    let mut problems = doc.rejected.clone();
    if let Some(abbr) = doc
        .abbreviation
        .as_deref()
        .filter(|a| !a.eq_ignore_ascii_case(&opts.law))
    {
        let d = Diagnostic::error(format!("the file holds the {abbr}, not the {}", opts.law))
            .at(file, doc.title_line.clone())
            .label("the law of this file")
            .hint(format!(
                "pass --law {abbr}, or check that this is the file you meant"
            ));
        return Ok(Outcome::problems(store.files, vec![d]));
    }
    if doc.sections.is_empty() {
        problems.push(
            Diagnostic::error(format!("found no section in {}", opts.file.display())).hint(
                "sections start with a heading line such as \"# § 1 – Keine Strafe ohne Gesetz\"",
            ),
        );
        return Ok(Outcome::problems(store.files, problems));
    }
    let existing = store.law(Some(&opts.law));
    let mut warnings = Vec::new();
    let law_file = match existing {
        Some(_) => {
            if opts.name.is_some() || opts.citation.is_some() {
                warnings.push(
                    Diagnostic::warning(format!(
                        "the store already holds the {}; --name and --citation are ignored",
                        opts.law
                    ))
                    .hint("edit its law.toml to change them"),
                );
            }
            None
        }
        None => Some(new_law_file(opts, doc.name.as_deref())?),
    };
    let key = existing.map_or(key, |l| l.key.clone());
    let (changes, mut fatal) = plan(&doc.sections, existing, opts.valid_from, file, &store);
    if !fatal.is_empty() {
        fatal.extend(problems);
        return Ok(Outcome::problems(store.files, fatal));
    }
    problems.extend(duplicates(&doc.sections, file));

    // Stage every file, then check that the store reads back as meant.
    let mut staged = Staged::new(ctx.source.as_ref());
    let dir = format!("statutes/{key}");
    if let Some(content) = law_file {
        staged.put(format!("{dir}/law.toml"), content);
    }
    let version = |s: &MdSection| Version {
        valid_from: opts.valid_from,
        source: source.to_owned(),
        content: s.content.clone(),
    };
    for (number, change) in &changes {
        let path = format!("{dir}/{number}.toml");
        match change {
            Change::New(s) => staged.put(path, writer::section_file(number, &[version(s)])),
            Change::Changed(s) => {
                let current = store
                    .origins
                    .sections
                    .get(&(key.clone(), number.clone()))
                    .map(|&id| store.files.source(id).to_owned())
                    .unwrap_or_default();
                staged.put(path, writer::append_version(&current, &version(s)));
            }
            Change::Unchanged => {}
        }
    }
    if let Err(d) = verify(&staged, &key, existing, &changes, &version) {
        return Ok(Outcome::problems(store.files, d));
    }

    report(out, opts, &doc, &changes, existing)?;
    let summary = if opts.dry_run {
        "nothing written (--dry-run)".to_owned()
    } else if staged.files().is_empty() {
        "nothing to write: the store already holds these texts".to_owned()
    } else {
        write_all(&ctx.root, &staged)?;
        format!("wrote {} files under {dir}/", staged.files().len())
    };
    let found = !problems.is_empty();
    problems.extend(warnings);
    Ok(Outcome {
        problems: found,
        diagnostics: problems,
        files: store.files,
        summary: Some(summary),
    })
}

/// The store's directory name for a law: its abbreviation in lower case.
fn law_key(abbr: &str) -> std::result::Result<String, Failure> {
    let ok = !abbr.is_empty()
        && abbr.len() <= 32
        && abbr.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && abbr.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(abbr.to_ascii_lowercase())
    } else {
        Err(usage(
            format!("\"{abbr}\" is not a law's abbreviation"),
            "write the abbreviation in letters and digits, e.g. --law StGB",
        ))
    }
}

/// The `law.toml` of a law the store does not hold yet.
fn new_law_file(opts: &Options, from_file: Option<&str>) -> std::result::Result<String, Failure> {
    let Some(name) = opts
        .name
        .as_deref()
        .or(from_file)
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        return Err(usage(
            format!("the file does not give the {}'s name", opts.law),
            "pass --name, e.g. --name \"Strafgesetzbuch\"",
        ));
    };
    let Some(citation) = opts
        .citation
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    else {
        return Err(usage(
            format!(
                "the store does not hold the {} yet, and its citation cannot be read from the file",
                opts.law
            ),
            "pass --citation, e.g. --citation \"Strafgesetzbuch in der Fassung der Bekanntmachung vom 13. November 1998 (BGBl. I S. 3322)\"",
        ));
    };
    Ok(writer::law_file(name, &opts.law, citation))
}

/// Decides what happens to each section; conflicts (a changed text on a day
/// not after its latest version) are fatal.
fn plan<'a>(
    sections: &'a [MdSection],
    law: Option<&Law>,
    day: Date,
    file: FileId,
    store: &load::Store,
) -> (Vec<(String, Change<'a>)>, Vec<Diagnostic>) {
    let mut changes: Vec<(String, Change<'a>)> = Vec::new();
    let mut fatal = Vec::new();
    let mut seen = HashSet::new();
    for s in sections {
        if !seen.insert(s.number.as_str()) {
            continue;
        }
        let stored = law.and_then(|l| l.section(&s.number));
        let change = match stored.and_then(|sec| sec.versions.last()) {
            None => Change::New(s),
            Some(latest) if latest.content == s.content => Change::Unchanged,
            Some(latest) if latest.valid_from >= day => {
                let mut d = Diagnostic::error(format!(
                    "§ {} differs from its version of {}, but the import is for {day}, which is not later",
                    s.number, latest.valid_from
                ))
                .at(file, s.heading.clone())
                .label("this section's text differs");
                if let Some(l) = law
                    && let Some(&id) = store
                        .origins
                        .sections
                        .get(&(l.key.clone(), s.number.clone()))
                {
                    d = d.related(id, 0..0, "the stored versions");
                }
                fatal.push(d.hint(format!(
                    "import snapshots oldest first, with a --valid-from after {}",
                    latest.valid_from
                )));
                continue;
            }
            Some(_) => Change::Changed(s),
        };
        changes.push((s.number.clone(), change));
    }
    (changes, fatal)
}

/// A section the file holds twice: the first one is imported, the rest reported.
fn duplicates(sections: &[MdSection], file: FileId) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    sections
        .iter()
        .filter(|s| !seen.insert(s.number.as_str()))
        .map(|s| {
            Diagnostic::error(format!("§ {} appears twice in the file", s.number))
                .at(file, s.heading.clone())
                .label("second heading for this section")
                .hint("only the first is imported; remove or renumber the other")
        })
        .collect()
}

/// Loads the store as it will be and checks that every section reads back
/// with exactly the versions meant: a guard against writing a file the
/// loader would reject or read differently.
fn verify(
    staged: &Staged<'_>,
    key: &str,
    before: Option<&Law>,
    changes: &[(String, Change<'_>)],
    version: &dyn Fn(&MdSection) -> Version,
) -> std::result::Result<(), Vec<Diagnostic>> {
    let after = load::load(staged);
    let dir = format!("statutes/{key}/");
    let errors: Vec<Diagnostic> = after
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter(|d| {
            d.location
                .as_ref()
                .is_none_or(|l| after.files.name(l.file).contains(&dir))
        })
        .cloned()
        .collect();
    let internal = |message: String| {
        Diagnostic::error(message).hint("nothing was written; this is a bug in novelle, please report it with the file you imported")
    };
    if !errors.is_empty() {
        let mut list = vec![internal(format!(
            "the files to write under {dir} would not load: {}",
            errors[0].message
        ))];
        list.extend(errors.into_iter().take(5).map(|mut d| {
            d.location = None;
            d
        }));
        return Err(list);
    }
    let Some(law) = after.law(Some(key)) else {
        return Err(vec![internal(format!("the law in {dir} would not load"))]);
    };
    for (number, change) in changes {
        let old = before
            .and_then(|l| l.section(number))
            .map_or(&[][..], |s| &s.versions[..]);
        let mut expected = old.to_vec();
        match change {
            Change::New(s) | Change::Changed(s) => expected.push(version(s)),
            Change::Unchanged => {}
        }
        let got = law.section(number).map(|s| &s.versions);
        if got != Some(&expected) {
            return Err(vec![internal(format!(
                "§ {number} would not read back as imported"
            ))]);
        }
    }
    Ok(())
}

/// Writes the staged files: `law.toml` first, so the store is valid after
/// every single write.
fn write_all(root: &Path, staged: &Staged<'_>) -> Result<()> {
    let mut files: Vec<(&String, &String)> = staged.files().iter().collect();
    files.sort_by_key(|(path, _)| !path.ends_with("/law.toml"));
    let total = files.len();
    for (done, (path, content)) in files.into_iter().enumerate() {
        let full = root.join(path);
        let result = match full.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        }
        .and_then(|()| write_atomic(&full, content.as_bytes()));
        if let Err(e) = result {
            return Err(Failure::Io(std::io::Error::new(
                e.kind(),
                format!(
                    "cannot write {path}: {e} ({done} of {total} files written; run the import again to finish)"
                ),
            )));
        }
    }
    Ok(())
}

/// Prints what the import does.
fn report(
    out: &mut dyn Write,
    opts: &Options,
    doc: &markdown::Document,
    changes: &[(String, Change<'_>)],
    law: Option<&Law>,
) -> std::io::Result<()> {
    let count = |f: fn(&Change<'_>) -> bool| changes.iter().filter(|(_, c)| f(c)).count();
    let new = count(|c| matches!(c, Change::New(_)));
    let changed: Vec<&str> = changes
        .iter()
        .filter(|(_, c)| matches!(c, Change::Changed(_)))
        .map(|(n, _)| n.as_str())
        .collect();
    let unchanged = count(|c| matches!(c, Change::Unchanged));
    writeln!(
        out,
        "{}: {} sections read from {} for {}",
        opts.law,
        changes.len(),
        opts.file.display(),
        opts.valid_from
    )?;
    writeln!(
        out,
        "  {new} new, {} changed, {unchanged} unchanged",
        changed.len()
    )?;
    if !changed.is_empty() {
        writeln!(out, "  new versions: {}", sections_list(&changed))?;
    }
    if !doc.notes.is_empty() {
        let mut noted: Vec<&str> = doc.notes.iter().map(|n| n.section.as_str()).collect();
        noted.dedup();
        writeln!(
            out,
            "  {} editorial notes left out (not statute text): {}",
            doc.notes.len(),
            sections_list(&noted)
        )?;
    }
    if let Some(law) = law {
        let read: HashSet<&str> = changes.iter().map(|(n, _)| n.as_str()).collect();
        let missing: Vec<&str> = law
            .sections
            .iter()
            .map(|s| s.number.as_str())
            .filter(|n| !read.contains(n))
            .collect();
        if !missing.is_empty() {
            writeln!(
                out,
                "  not in the file (left as they are): {}",
                sections_list(&missing)
            )?;
        }
    }
    if !doc.rejected.is_empty() {
        writeln!(
            out,
            "  {} sections or headings could not be read (see below)",
            doc.rejected.len()
        )?;
    }
    Ok(())
}

/// "§ 5" or "§§ 5, 176, 232a", in the law's order.
fn sections_list(numbers: &[&str]) -> String {
    let mut sorted = numbers.to_vec();
    sorted.sort_by(|a, b| numbering::compare(a, b));
    match sorted.as_slice() {
        [one] => format!("§ {one}"),
        _ => format!("§§ {}", sorted.join(", ")),
    }
}

fn usage(message: impl Into<String>, hint: impl Into<String>) -> Failure {
    Failure::Usage {
        message: message.into(),
        hint: hint.into(),
    }
}
