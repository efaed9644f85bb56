//! Diagnostics: one clear message per mistake, with file, line, column and a
//! hint, printed in the style of rustc.

use std::cmp::Ordering;
use std::io;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files;
use codespan_reporting::term;

/// Index of a file in [`Files`].
pub type FileId = usize;

/// The texts of every file a run read, so diagnostics can quote them.
#[derive(Debug, Clone, Default)]
pub struct Files {
    files: Vec<File>,
}

/// One file: its name, its text, and where its lines start.
#[derive(Debug, Clone)]
struct File {
    name: String,
    source: Text,
    /// Found when a diagnostic first needs them: a whole code registers
    /// hundreds of files, and nearly none of them is ever quoted.
    line_starts: OnceLock<Vec<usize>>,
}

/// A file's text.
#[derive(Debug, Clone)]
enum Text {
    /// Its own.
    Own(String),
    /// Part of bytes shared by many files, such as the texts of a cache
    /// file mapped in one piece, which are then not copied file by file.
    Part(Shared, Range<usize>),
}

impl Text {
    fn as_str(&self) -> &str {
        match self {
            Text::Own(s) => s,
            Text::Part(all, range) => all.text(range.clone()).unwrap_or(""),
        }
    }
}

/// Bytes shared by the texts of many files (a `String`, a `Vec<u8>`, or a
/// file mapped into memory), cheap to clone. A file's part of them is
/// checked as UTF-8 each time it is used, which for the few files a run
/// ever quotes costs less than keeping the check's result.
#[derive(Clone)]
pub struct Shared(Arc<dyn AsRef<[u8]> + Send + Sync>);

impl Shared {
    /// Shares `bytes`.
    pub fn new(bytes: impl AsRef<[u8]> + Send + Sync + 'static) -> Shared {
        Shared(Arc::new(bytes))
    }

    /// All the bytes.
    pub fn bytes(&self) -> &[u8] {
        (*self.0).as_ref()
    }

    /// The bytes `range` as text; `None` if they are outside the bytes or
    /// not UTF-8 (which includes a range that cuts a character).
    pub fn text(&self, range: Range<usize>) -> Option<&str> {
        std::str::from_utf8(self.bytes().get(range)?).ok()
    }
}

impl Default for Shared {
    fn default() -> Shared {
        Shared::new(Vec::new())
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shared({} bytes)", self.bytes().len())
    }
}

impl File {
    fn source(&self) -> &str {
        self.source.as_str()
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| files::line_starts(self.source()).collect())
    }

    /// Where line `index` starts; the end of the text for the line after the last.
    fn line_start(&self, index: usize) -> Result<usize, files::Error> {
        let starts = self.line_starts();
        match index.cmp(&starts.len()) {
            Ordering::Less => Ok(starts[index]),
            Ordering::Equal => Ok(self.source().len()),
            Ordering::Greater => Err(files::Error::LineTooLarge {
                given: index,
                max: starts.len() - 1,
            }),
        }
    }
}

impl Files {
    /// Registers a file under its display name and returns its id.
    pub fn add(&mut self, name: impl Into<String>, source: impl Into<String>) -> FileId {
        self.push(name.into(), Text::Own(source.into()))
    }

    /// Makes room for `n` more files.
    pub fn reserve(&mut self, n: usize) {
        self.files.reserve(n);
    }

    /// Registers a file whose text is the bytes `range` of `shared`, without
    /// copying them, and returns its id. Its text is empty if `range` is
    /// not a part of `shared` that starts and ends between characters.
    pub fn add_part(
        &mut self,
        name: impl Into<String>,
        shared: &Shared,
        range: Range<usize>,
    ) -> FileId {
        self.push(name.into(), Text::Part(shared.clone(), range))
    }

    fn push(&mut self, name: String, source: Text) -> FileId {
        self.files.push(File {
            name,
            source,
            line_starts: OnceLock::new(),
        });
        self.files.len() - 1
    }

    /// The file's display name.
    pub fn name(&self, id: FileId) -> &str {
        self.files.get(id).map_or("?", |f| f.name.as_str())
    }

    /// The file's text.
    pub fn source(&self, id: FileId) -> &str {
        self.files.get(id).map_or("", File::source)
    }

    /// 1-based line and column of byte `offset` in file `id`.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let loc = files::Files::location(self, id, offset);
        loc.map(|l| (l.line_number, l.column_number))
            .unwrap_or((1, 1))
    }

    fn get(&self, id: FileId) -> Result<&File, files::Error> {
        self.files.get(id).ok_or(files::Error::FileMissing)
    }
}

impl<'a> files::Files<'a> for Files {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        Ok(self.get(id)?.name.as_str())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        Ok(self.get(id)?.source())
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        let starts = self.get(id)?.line_starts();
        Ok(starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next.saturating_sub(1)))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let file = self.get(id)?;
        Ok(file.line_start(line_index)?..file.line_start(line_index + 1)?)
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is wrong; the command fails.
    Error,
    /// Allowed, but probably not meant.
    Warning,
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// The bytes concerned.
    pub span: Range<usize>,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, if the problem has a place in a file.
    pub location: Option<Location>,
    /// A short text under the quoted source line.
    pub label: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// Further places that explain the problem (e.g. the other of two clashing amendments).
    pub related: Vec<(Location, String)>,
}

impl Diagnostic {
    /// An error.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message.into())
    }

    /// A warning.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message.into())
    }

    fn new(severity: Severity, message: String) -> Self {
        Diagnostic {
            severity,
            message,
            location: None,
            label: String::new(),
            hint: None,
            related: Vec::new(),
        }
    }

    /// Places the diagnostic at `span` of `file`.
    pub fn at(mut self, file: FileId, span: Range<usize>) -> Self {
        self.location = Some(Location { file, span });
        self
    }

    /// Sets the label under the quoted source.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        let hint = hint.into();
        if !hint.is_empty() {
            self.hint = Some(hint);
        }
        self
    }

    /// Adds a related place.
    pub fn related(mut self, file: FileId, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push((Location { file, span }, label.into()));
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// "file:line:column" of the diagnostic, if it has a place.
    pub fn position(&self, files: &Files) -> Option<String> {
        let loc = self.location.as_ref()?;
        let (line, col) = files.line_col(loc.file, loc.span.start);
        Some(format!("{}:{line}:{col}", files.name(loc.file)))
    }

    fn to_codespan(&self) -> cs::Diagnostic<FileId> {
        let d = match self.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        }
        .with_message(&self.message);
        let mut labels = Vec::new();
        if let Some(loc) = &self.location {
            labels.push(cs::Label::primary(loc.file, loc.span.clone()).with_message(&self.label));
        }
        for (loc, msg) in &self.related {
            labels.push(cs::Label::secondary(loc.file, loc.span.clone()).with_message(msg));
        }
        let mut notes = Vec::new();
        if self.location.is_none() && !self.label.is_empty() {
            notes.push(self.label.clone());
        }
        if let Some(hint) = &self.hint {
            notes.push(format!("help: {hint}"));
        }
        d.with_labels(labels).with_notes(notes)
    }
}

/// Prints diagnostics to standard error; the caller decides on colour
/// (see `NO_COLOR` and whether standard error is a terminal).
pub fn emit(files: &Files, diagnostics: &[Diagnostic], colour: bool) -> io::Result<()> {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    let choice = if colour {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    };
    let stream = StandardStream::stderr(choice);
    let mut lock = stream.lock();
    let config = term::Config::default();
    for d in diagnostics {
        term::emit_to_write_style(&mut lock, &config, files, &d.to_codespan())
            .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Renders diagnostics as plain text (no colour), e.g. for tests and logs.
pub fn to_string(files: &Files, diagnostics: &[Diagnostic]) -> String {
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        match term::emit_into_string(&config, files, &d.to_codespan()) {
            Ok(s) => out.push_str(&s),
            // Only a span outside its file can fail; fall back to the message.
            Err(_) => out.push_str(&format!("{:?}: {}\n", d.severity, d.message)),
        }
    }
    out
}

/// A summary line: "2 errors, 1 warning".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_counted_in_characters_from_one() {
        let mut files = Files::default();
        let id = files.add("a.toml", "title = \"Mißbrauch\"\ntext = 1\n");
        assert_eq!(files.line_col(id, 0), (1, 1));
        assert_eq!(files.line_col(id, "title = \"Miß".len()), (1, 13));
        assert_eq!(files.line_col(id, "title = \"Mißbrauch\"\n".len()), (2, 1));
        let end = files.source(id).len();
        assert_eq!(files.line_col(id, end), (3, 1));
        assert_eq!(files.line_col(id + 1, 0), (1, 1), "a missing file");
        assert_eq!(files.name(id + 1), "?");
    }

    #[test]
    fn a_file_can_be_part_of_a_shared_text() {
        let all = "section = \"176\"\ntitle = \"Mißbrauch\"\n";
        let shared = Shared::new(all.to_owned());
        let mut files = Files::default();
        let whole = files.add("all.toml", all);
        let second = "title = \"Mißbrauch\"\n";
        let start = all.len() - second.len();
        let id = files.add_part("b.toml", &shared, start..all.len());
        assert_eq!(files.source(id), second);
        assert_eq!(files.name(id), "b.toml");
        assert_eq!(files.line_col(id, "title = \"Miß".len()), (1, 13));
        let d = Diagnostic::error("a title").at(id, 0..5).label("here");
        let text = to_string(&files, &[d]);
        assert!(text.contains("b.toml:1:1"), "{text}");
        assert!(text.contains("title = \"Mißbrauch\""), "{text}");
        assert!(!text.contains("section"), "{text}");
        // Not a part that starts and ends between characters: no text.
        let inside = "section = \"176\"\ntitle = \"Mi".len() + 1;
        let bad = files.add_part("c.toml", &shared, 0..inside);
        assert_eq!(files.source(bad), "");
        let outside = files.add_part("d.toml", &shared, 0..all.len() + 1);
        assert_eq!(files.source(outside), "");
        assert_eq!(files.source(whole), all);
        // Bytes that are not UTF-8 give no text either.
        let bytes = Shared::new(vec![b'a', 0xff, b'b']);
        let broken = files.add_part("e.toml", &bytes, 0..3);
        assert_eq!(files.source(broken), "");
        assert_eq!(format!("{bytes:?}"), "Shared(3 bytes)");
    }

    #[test]
    fn a_diagnostic_quotes_its_line() {
        let mut files = Files::default();
        let id = files.add("176.toml", "section = \"176\"\nvalid_from = 2021-02-30\n");
        let d = Diagnostic::error("not a day")
            .at(id, 29..39)
            .label("here")
            .hint("write a real day");
        let text = to_string(&files, &[d]);
        assert!(text.contains("176.toml:2:14"), "{text}");
        assert!(text.contains("valid_from = 2021-02-30"), "{text}");
    }
}
