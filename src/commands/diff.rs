//! `novelle diff PROPOSAL@REV1 PROPOSAL@REV2`: how a proposal changed
//! between two drafts, amendment by amendment.
//!
//! A spec without "@REV" is the working tree (or `--rev`), so
//! `novelle diff ijm-osec@HEAD` shows what changed since the last commit.
//! After the amendments comes the redline of the law as the two drafts
//! would make it ([`crate::redline::between_applied`]), each change linked
//! to the amendment behind it.

use std::io::Write;

use anstyle::{AnsiColor, Effects, Style};

use super::{Ctx, Draft, Failure, Outcome, ProposalSpec, Result, draft};
use crate::apply::{Applied, apply};
use crate::diag::Diagnostic;
use crate::drafts::{self, AmendmentSummary, DraftDiff, FieldChange};
use crate::model::words;
use crate::redline::{Redline, Side, between_applied};
use crate::render::labels::Lang;
use crate::render::{Document, ProposalInfo, term};

pub mod law;

/// The sides of `novelle diff` as the command line gives them.
#[derive(Debug, Clone, Copy)]
pub struct Sides<'a> {
    /// A citation or law (with `--from`/`--to`), or the old draft.
    pub target: &'a str,
    /// The new draft, when comparing drafts.
    pub new: Option<&'a str>,
    /// `--from`: a day or a proposal.
    pub from: Option<&'a str>,
    /// `--to`: a day or a proposal.
    pub to: Option<&'a str>,
}

/// Runs either form of `novelle diff`: the law between two states
/// (`TARGET --from X --to Y`, see [`law`]) or two drafts of a proposal
/// (`PROPOSAL@REV [PROPOSAL@REV]`).
pub fn dispatch(
    ctx: &Ctx,
    sides: &Sides<'_>,
    output: &super::redline::Output<'_>,
    out: &mut dyn Write,
) -> Result {
    use super::redline::Format as Shown;
    let usage = |message: &str, hint: &str| Failure::Usage {
        message: message.to_owned(),
        hint: hint.to_owned(),
    };
    match (sides.from, sides.to) {
        (Some(from), Some(to)) => {
            if sides.new.is_some() {
                return Err(usage(
                    "give either two drafts or --from and --to, not both",
                    "e.g. `novelle diff \"§ 176\" --from 2021-06-30 --to 2021-07-01`",
                ));
            }
            law::run(ctx, sides.target, from, to, output, out)
        }
        (Some(_), None) | (None, Some(_)) => Err(usage(
            "--from and --to go together",
            "e.g. `novelle diff \"§ 176\" --from 2021-06-30 --to 2021-07-01`",
        )),
        (None, None) => {
            let is_law = !sides.target.contains('@')
                && (sides.target.contains('§')
                    || sides.target.chars().all(|c| c.is_ascii_alphabetic()));
            if sides.new.is_none() && is_law {
                return Err(usage(
                    &format!("say which two states of {} to compare", sides.target.trim()),
                    "add --from and --to, each a day (YYYY-MM-DD) or a proposal id",
                ));
            }
            let format = match output.format {
                Shown::Term => Format::Text,
                Shown::Json => Format::Json,
                Shown::Md | Shown::Html => {
                    return Err(usage(
                        "drafts are compared as text or JSON",
                        "use --format term or --format json",
                    ));
                }
            };
            let mut text = Vec::new();
            let outcome = run(ctx, sides.target, sides.new, format, &mut text)?;
            super::write_output(ctx, output.file, &text, out)?;
            Ok(outcome)
        }
    }
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people.
    Text,
    /// JSON for programs.
    Json,
}

/// Whether the arguments name drafts of a proposal (at least one "@REV"),
/// as opposed to other things `diff` may compare.
pub fn names_drafts(old: &str, new: Option<&str>) -> bool {
    let is_spec = |s: &str| !s.contains('§');
    is_spec(old)
        && new.is_none_or(is_spec)
        && (old.contains('@') || new.is_some_and(|n| n.contains('@')))
}

/// Runs `novelle diff OLD [NEW]` on two drafts; a missing NEW is the same
/// proposal in the working tree (or at `--rev`).
pub fn run(ctx: &Ctx, old: &str, new: Option<&str>, format: Format, out: &mut dyn Write) -> Result {
    if !names_drafts(old, new) {
        return Err(Failure::Usage {
            message: "name the drafts to compare as PROPOSAL@REV".into(),
            hint: "e.g. `novelle diff ijm-osec@HEAD~2 ijm-osec@HEAD`, or `novelle diff ijm-osec@HEAD` for the changes since the last commit".into(),
        });
    }
    let old_spec = ProposalSpec::parse(old)?;
    let new_spec = match new {
        Some(n) => ProposalSpec::parse(n)?,
        None => ProposalSpec {
            id: old_spec.id.clone(),
            rev: None,
        },
    };
    let before = match draft(ctx, &old_spec) {
        Ok(d) => d,
        Err(o) => return Ok(o),
    };
    let after = match draft(ctx, &new_spec) {
        Ok(d) => d,
        Err(o) => return Ok(o),
    };
    let diff = drafts::compare(&before.proposal, &after.proposal);
    let mut notes = before.notes.clone();
    notes.extend(after.notes.iter().cloned());
    let redline = law_redline(&before, &after).map_err(|d| notes.push(d)).ok();
    match format {
        Format::Json => {
            let side = |d: &Draft| serde_json::json!({ "proposal": d.proposal.id, "rev": d.rev });
            let v = serde_json::json!({
                "from": side(&before),
                "to": side(&after),
                "proposal": diff.proposal,
                "added": diff.added,
                "removed": diff.removed,
                "changed": diff.changed,
                "redline": redline,
            });
            serde_json::to_writer_pretty(&mut *out, &v).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        Format::Text => {
            write!(out, "{}", text(&before, &after, &diff, ctx.colour))?;
            if let Some(r) = &redline {
                let doc = Document {
                    redline: r,
                    proposals: if before.proposal.id == after.proposal.id {
                        vec![ProposalInfo::from(&after.proposal)]
                    } else {
                        vec![
                            ProposalInfo::from(&before.proposal),
                            ProposalInfo::from(&after.proposal),
                        ]
                    },
                    summary: false,
                    lang: Lang::En,
                };
                let opts = term::Options {
                    colour: ctx.colour,
                    width: ctx.width,
                };
                write!(
                    out,
                    "\nThe law after each draft\n\n{}",
                    term::render(&doc, &opts)
                )?;
            }
        }
    }
    Ok(Outcome {
        problems: false,
        diagnostics: notes,
        ..Outcome::default()
    })
}

/// The redline of the law as each draft would make it, or a warning that
/// says why it is left out (a draft that does not apply).
fn law_redline(before: &Draft, after: &Draft) -> std::result::Result<Redline, Diagnostic> {
    let applied = |d: &Draft| -> std::result::Result<Applied, Diagnostic> {
        let left_out = |why: String| {
            Diagnostic::warning(format!(
                "the redline of the law is left out: {} {why}",
                d.label()
            ))
            .hint(match &d.rev {
                Some(rev) => format!("`novelle check --rev {rev}` lists the draft's problems"),
                None => "`novelle check` lists the draft's problems".to_owned(),
            })
        };
        let law = d.store.law(Some(&d.proposal.law)).ok_or_else(|| {
            left_out(format!(
                "amends the {}, which is not in the store",
                d.proposal.law
            ))
        })?;
        apply(law, &d.proposal, None)
            .map_err(|e| left_out(format!("does not apply: {}", e.message)))
    };
    let (old, new) = (applied(before)?, applied(after)?);
    let mut redline = between_applied(
        (
            &old,
            &before.proposal,
            &crate::act::references(&before.proposal),
        ),
        (
            &new,
            &after.proposal,
            &crate::act::references(&after.proposal),
        ),
        &after.proposal.law,
    );
    for (side, draft) in [(&mut redline.from, before), (&mut redline.to, after)] {
        if let Side::Proposal { rev, .. } = side {
            rev.clone_from(&draft.rev);
        }
    }
    Ok(redline)
}

/// Values longer than this, or with line breaks, are shown word by word.
const SHORT: usize = 80;
/// Words of unchanged text kept around each change in a long value.
const CONTEXT_WORDS: usize = 8;

const INDENT: &str = "      ";

/// The comparison as text.
fn text(before: &Draft, after: &Draft, diff: &DraftDiff, colour: bool) -> String {
    let side = |d: &Draft| d.rev.clone().unwrap_or_else(|| "the working tree".into());
    let mut out = if before.proposal.id == after.proposal.id {
        format!(
            "Proposal \"{}\": {} → {}\n",
            after.proposal.id,
            side(before),
            side(after)
        )
    } else {
        format!("Proposal {} → {}\n", before.label(), after.label())
    };
    if diff.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let counts: Vec<String> = [
        (diff.added.len(), "added"),
        (diff.removed.len(), "removed"),
        (diff.changed.len(), "changed"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !counts.is_empty() {
        out.push_str(&format!("Amendments: {}.\n", counts.join(", ")));
    }
    if !diff.proposal.is_empty() {
        let names: Vec<&str> = diff.proposal.iter().map(|c| c.field.as_str()).collect();
        out.push_str(&format!("Proposal fields changed: {}.\n", names.join(", ")));
    }
    if !diff.proposal.is_empty() {
        out.push_str("\nProposal\n");
        for c in &diff.proposal {
            out.push_str(&field(c, "  ", colour));
        }
    }
    if !diff.added.is_empty() {
        out.push_str("\nAdded\n");
        for a in &diff.added {
            out.push_str(&summary('+', a, "now", true));
        }
    }
    if !diff.removed.is_empty() {
        out.push_str("\nRemoved\n");
        for a in &diff.removed {
            out.push_str(&summary('-', a, "was", false));
        }
    }
    if !diff.changed.is_empty() {
        out.push_str("\nChanged\n");
        for c in &diff.changed {
            out.push_str(&format!("  ~ {}", c.id));
            if c.moved {
                out.push_str(&format!(
                    ": now applied as no. {} (was no. {})",
                    c.new_position, c.old_position
                ));
            }
            out.push('\n');
            for f in &c.changes {
                out.push_str(&field(f, "      ", colour));
            }
        }
    }
    out
}

/// An added or removed amendment with its arguments (and rationale, if `why`).
fn summary(mark: char, a: &AmendmentSummary, when: &str, why: bool) -> String {
    let mut out = format!(
        "  {mark} {} ({when} no. {}): {} {}\n",
        a.id, a.position, a.action, a.target
    );
    for arg in &a.arguments {
        out.push_str(&value(&arg.name, &arg.value));
    }
    if why {
        out.push_str(&value("rationale", &a.rationale));
    }
    out
}

/// "name: „value“", or the value on its own lines if it is long.
fn value(name: &str, v: &str) -> String {
    if is_short(v) {
        format!("{INDENT}{name}: „{v}“\n")
    } else {
        format!(
            "{INDENT}{name}:\n{}\n",
            indent(v.trim_end(), &format!("{INDENT}  "))
        )
    }
}

/// One changed value: old and new side by side if short, else the changed
/// words with some context.
fn field(c: &FieldChange, pad: &str, colour: bool) -> String {
    let quote = |v: &str| format!("„{v}“");
    match (&c.old, &c.new) {
        (Some(old), Some(new)) if is_short(old) && is_short(new) => {
            format!("{pad}{}: {} → {}\n", c.field, quote(old), quote(new))
        }
        (Some(old), Some(new)) => format!(
            "{pad}{}:\n{}\n",
            c.field,
            indent(
                &word_diff(old.trim_end(), new.trim_end(), colour),
                &format!("{pad}  ")
            )
        ),
        (None, Some(new)) if is_short(new) => format!("{pad}{}: added {}\n", c.field, quote(new)),
        (Some(old), None) if is_short(old) => format!("{pad}{}: removed {}\n", c.field, quote(old)),
        (None, Some(new)) => format!(
            "{pad}{}: added\n{}\n",
            c.field,
            indent(new.trim_end(), &format!("{pad}  "))
        ),
        (Some(old), None) => format!(
            "{pad}{}: removed\n{}\n",
            c.field,
            indent(old.trim_end(), &format!("{pad}  "))
        ),
        (None, None) => String::new(),
    }
}

fn is_short(v: &str) -> bool {
    v.chars().count() <= SHORT && !v.contains('\n')
}

fn indent(text: &str, pad: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The changed words of a long text, struck `[-so-]` and inserted `{+so+}`
/// (or in colour), with unchanged stretches cut down to some context.
fn word_diff(old: &str, new: &str, colour: bool) -> String {
    let ops = words::diff(old, new);
    let last = ops.len().saturating_sub(1);
    let mut out = String::new();
    for (i, op) in ops.iter().enumerate() {
        let (gone, came) = (&old[op.old.clone()], &new[op.new.clone()]);
        match op.tag {
            similar::DiffTag::Equal => out.push_str(&context(gone, i == 0, i == last)),
            similar::DiffTag::Delete => out.push_str(&mark(gone, false, colour)),
            similar::DiffTag::Insert => out.push_str(&mark(came, true, colour)),
            similar::DiffTag::Replace => {
                out.push_str(&mark(gone, false, colour));
                out.push_str(&mark(came, true, colour));
            }
        }
    }
    out
}

/// Unchanged text between changes, shortened to the words next to them.
fn context(text: &str, first: bool, last: bool) -> String {
    let ranges = words::token_ranges(text);
    let word_at: Vec<usize> = ranges
        .iter()
        .enumerate()
        .filter(|(_, r)| words::kind(&text[(*r).clone()]) == words::TokenKind::Word)
        .map(|(i, _)| i)
        .collect();
    let keep_head = if first { 0 } else { CONTEXT_WORDS };
    let keep_tail = if last { 0 } else { CONTEXT_WORDS };
    if word_at.len() <= keep_head + keep_tail + 2 {
        return text.to_owned();
    }
    let byte = |token: usize, end: bool| {
        ranges
            .get(token)
            .map_or(text.len(), |r| if end { r.end } else { r.start })
    };
    let head_end = if keep_head == 0 {
        0
    } else {
        word_at.get(keep_head - 1).map_or(0, |&t| byte(t, true))
    };
    let tail_start = if keep_tail == 0 {
        text.len()
    } else {
        word_at
            .get(word_at.len() - keep_tail)
            .map_or(text.len(), |&t| byte(t, false))
    };
    let mut out = text[..head_end].to_owned();
    out.push_str(if first {
        "… "
    } else if last {
        " …"
    } else {
        " … "
    });
    out.push_str(&text[tail_start..]);
    out
}

fn mark(text: &str, inserted: bool, colour: bool) -> String {
    if text.is_empty() {
        return String::new();
    }
    if colour {
        let style = if inserted {
            Style::new()
                .fg_color(Some(AnsiColor::Green.into()))
                .effects(Effects::UNDERLINE)
        } else {
            Style::new()
                .fg_color(Some(AnsiColor::Red.into()))
                .effects(Effects::STRIKETHROUGH)
        };
        format!("{style}{text}{style:#}")
    } else if inserted {
        format!("{{+{text}+}}")
    } else {
        format!("[-{text}-]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_need_an_at_and_no_citation() {
        assert!(names_drafts("ijm-osec@HEAD~2", Some("ijm-osec@HEAD")));
        assert!(names_drafts("ijm-osec@HEAD", None));
        assert!(names_drafts("ijm-osec@v1", Some("ijm-osec")));
        assert!(!names_drafts("ijm-osec", Some("ijm-osec")));
        assert!(!names_drafts("§ 176", Some("x@y")));
    }

    #[test]
    fn long_texts_show_changed_words_with_context() {
        let old = "Null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig einundzwanzig.";
        let new = old.replace("zehn elf", "zehn und elf");
        let shown = word_diff(old, &new, false);
        assert_eq!(
            shown,
            "… drei vier fünf sechs sieben acht neun zehn {+und +}elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn …"
        );
        // Short stretches stay whole: cutting two words saves nothing.
        let short = "eins zwei drei vier fünf sechs sieben acht neun zehn elf";
        assert_eq!(
            word_diff(short, &short.replace("elf", "zwölf"), false),
            "eins zwei drei vier fünf sechs sieben acht neun zehn [-elf-]{+zwölf+}"
        );
        assert_eq!(word_diff("a b", "a c", false), "a [-b-]{+c+}");
        assert!(word_diff("a b", "a c", true).contains("\u{1b}["));
    }
}
