//! Diagnostics: one clear message per mistake, with file, line, column and a
//! hint, printed in the style of rustc.

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Files as _, SimpleFiles};
use codespan_reporting::term;

/// Index of a file in [`Files`].
pub type FileId = usize;

/// The texts of every file a run read, so diagnostics can quote them.
#[derive(Debug, Clone, Default)]
pub struct Files {
    inner: SimpleFiles<String, String>,
}

impl Files {
    /// Registers a file under its display name and returns its id.
    pub fn add(&mut self, name: impl Into<String>, source: impl Into<String>) -> FileId {
        self.inner.add(name.into(), source.into())
    }

    /// The file's display name.
    pub fn name(&self, id: FileId) -> &str {
        self.inner.get(id).map(|f| f.name().as_str()).unwrap_or("?")
    }

    /// The file's text.
    pub fn source(&self, id: FileId) -> &str {
        self.inner
            .get(id)
            .map(|f| f.source().as_str())
            .unwrap_or("")
    }

    /// 1-based line and column of byte `offset` in file `id`.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let loc = self.inner.location(id, offset);
        loc.map(|l| (l.line_number, l.column_number))
            .unwrap_or((1, 1))
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
        term::emit_to_write_style(&mut lock, &config, &files.inner, &d.to_codespan())
            .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Renders diagnostics as plain text (no colour), e.g. for tests and logs.
pub fn to_string(files: &Files, diagnostics: &[Diagnostic]) -> String {
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        match term::emit_into_string(&config, &files.inner, &d.to_codespan()) {
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
