//! `novelle diff CITATION --from X --to Y`: a section, a unit of it, or the
//! whole law compared between two states, each a day (the law in force
//! then) or a proposal (the law as it would make it, "ID" or "ID@REV").
//!
//! Where one side is a proposal applied to the other side's day, the
//! redline comes from the engine's provenance and links every change to its
//! amendment; two proposals are compared with the amendments of both.
//! Otherwise the texts are compared word by word.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashSet;
use std::io::Write;

use jiff::civil::Date;

use crate::apply::Applied;
use crate::commands::redline::{Output, render};
use crate::commands::{self as commands, Ctx, Failure, Outcome, Result, applied, open};
use crate::load::Store;
use crate::model::citation::{self, Citation, Sections, Style};
use crate::model::numbering;
use crate::model::outline::Outline;
use crate::model::proposal::Proposal;
use crate::model::statute::{Content, Law};
use crate::model::text::Body;
use crate::redline::{self, Op, Redline, SectionRedline, Side};
use crate::render::Document;
use crate::resolve;

/// One side of a comparison.
// A diff holds exactly two of these; their size does not matter.
#[allow(clippy::large_enum_variant)]
enum State<'s> {
    /// The law in force on a day.
    Day(Date),
    /// The law as a proposal would make it: the proposal (borrowed from the
    /// store, or owned when read at a revision), the result, and the revision.
    Proposal(Cow<'s, Proposal>, Applied, Option<String>),
}

impl State<'_> {
    fn side(&self) -> Side {
        match self {
            State::Day(day) => Side::Law { day: *day },
            State::Proposal(p, a, rev) => Side::Proposal {
                id: p.id.clone(),
                base: a.base,
                rev: rev.clone(),
            },
        }
    }

    /// Section `number` in this state ("(weggefallen)" if it does not exist).
    fn content(&self, law: &Law, number: &str) -> Content {
        let on = |day: Date| {
            law.section(number)
                .and_then(|s| s.at(day))
                .map_or(Content::Repealed, |v| v.content.clone())
        };
        match self {
            State::Day(day) => on(*day),
            State::Proposal(_, a, _) => a
                .sections
                .iter()
                .find(|s| s.number == number)
                .map_or_else(|| on(a.base), |s| s.after.clone()),
        }
    }
}

/// What the citation asks to compare.
enum Scope {
    /// Every section of the law.
    Law,
    /// Some sections, or a unit of one.
    Cited(Citation),
}

/// Runs `novelle diff`.
pub fn run(
    ctx: &Ctx,
    target: &str,
    from: &str,
    to: &str,
    output: &Output<'_>,
    out: &mut dyn Write,
) -> Result {
    let store = match open(ctx) {
        Ok(s) => s,
        Err(o) => return Ok(o),
    };
    let (law, scope) = match scope(&store, target) {
        Ok(x) => x,
        Err(o) => return Ok(o),
    };
    let old = match state(ctx, &store, law, "--from", from)? {
        Ok(s) => s,
        Err(o) => return Ok(o),
    };
    let new = match state(ctx, &store, law, "--to", to)? {
        Ok(s) => s,
        Err(o) => return Ok(o),
    };
    let mut redline = compare(law, &old, &new);
    // The sides as the user named them, revisions included.
    redline.from = old.side();
    redline.to = new.side();
    if let Scope::Cited(c) = &scope
        && let Err(o) = restrict(law, &mut redline, c, &old, &new)
    {
        return Ok(o);
    }
    let proposals = [&old, &new]
        .into_iter()
        .filter_map(|s| match s {
            State::Proposal(p, _, _) => Some(p.as_ref().into()),
            State::Day(_) => None,
        })
        .collect();
    let doc = Document {
        redline: &redline,
        proposals,
        summary: matches!(scope, Scope::Law),
        lang: output.lang,
    };
    let text = render(ctx, &doc, output)?;
    commands::write_output(ctx, output.file, text.as_bytes(), out)?;
    // The document and the two states borrow the store and the redline, so
    // they go first; the store, the redline and the text are freed with
    // the process, not here (see `Ctx::retire`).
    drop((doc, old, new));
    ctx.retire((store, redline, text));
    Ok(Outcome::ok())
}

/// The law and what of it the target names: a law ("StGB") or a citation.
fn scope<'s>(store: &'s Store, target: &str) -> std::result::Result<(&'s Law, Scope), Outcome> {
    if let Some(law) = store.law(Some(target.trim())) {
        return Ok((law, Scope::Law));
    }
    let cited = citation::parse(target).map_err(|e| {
        Outcome::error(
            format!("cannot read \"{target}\": {}", e.message),
            format!("name a law (e.g. \"StGB\") or a section; {}", e.hint),
        )
    })?;
    let law = commands::law(store, cited.law.as_deref())?;
    if let Sections::One(n) = &cited.sections
        && law.section(n).is_none()
        && !store.proposals.iter().any(|p| creates(p, n))
    {
        let e = resolve::section(law, &cited).err();
        return Err(Outcome::error(
            e.as_ref().map_or_else(
                || format!("{} has no § {n}", law.abbreviation),
                |e| e.message.clone(),
            ),
            e.map_or_else(String::new, |e| e.hint),
        ));
    }
    Ok((law, Scope::Cited(cited)))
}

/// Whether a proposal creates section `number`.
fn creates(p: &Proposal, number: &str) -> bool {
    use crate::model::proposal::Action;
    p.amendments.iter().any(|a| match &a.action {
        Action::InsertSection(s) => s.number == number,
        Action::ReplaceSections { sections } => sections.iter().any(|s| s.number == number),
        _ => false,
    })
}

/// Reads `--from` or `--to`: a day, or a proposal to `law` ("ID", or
/// "ID@REV" for a draft in the git history, applied to the law of that revision).
fn state<'s>(
    ctx: &Ctx,
    store: &'s Store,
    law: &Law,
    flag: &str,
    value: &str,
) -> Result<std::result::Result<State<'s>, Outcome>> {
    if let Ok(day) = value.parse::<Date>() {
        return Ok(Ok(State::Day(day)));
    }
    if value.contains('@') {
        let spec = commands::ProposalSpec::parse(value)?;
        let draft = match commands::draft(ctx, &spec) {
            Ok(d) => d,
            Err(o) => return Ok(Err(o)),
        };
        if !draft.proposal.law.eq_ignore_ascii_case(&law.abbreviation) {
            return Ok(Err(Outcome::error(
                format!(
                    "{flag} {value} amends the {}, not the {}",
                    draft.proposal.law, law.abbreviation
                ),
                format!("compare it with a citation of the {}", draft.proposal.law),
            )));
        }
        let draft_law = draft.store.law(Some(&draft.proposal.law)).unwrap_or(law);
        return Ok(applied(&draft.store, draft_law, &draft.proposal, None)
            .map(|a| State::Proposal(Cow::Owned(draft.proposal.clone()), a, draft.rev.clone())));
    }
    let known: Vec<&str> = store.proposals.iter().map(|p| p.id.as_str()).collect();
    let Some(p) = store.proposal(value) else {
        if value.chars().all(|c| c.is_ascii_digit() || c == '-') {
            return Err(Failure::Usage {
                message: format!("{flag} {value} is not a valid day"),
                hint: "write a day as YYYY-MM-DD, e.g. 2021-07-01".to_owned(),
            });
        }
        // A proposal file that exists but cannot be read has its own diagnostics.
        if let Err(o) = commands::proposal(store, value)
            && o.diagnostics.iter().any(|d| d.location.is_some())
        {
            return Ok(Err(o));
        }
        return Ok(Err(Outcome::error(
            format!("{flag} {value}: neither a day nor a proposal"),
            format!(
                "give a day (YYYY-MM-DD) or a proposal id{}",
                if known.is_empty() {
                    String::new()
                } else {
                    format!(": {}", known.join(", "))
                }
            ),
        )));
    };
    if !p.law.eq_ignore_ascii_case(&law.abbreviation) {
        return Ok(Err(Outcome::error(
            format!(
                "{flag} {value} amends the {}, not the {}",
                p.law, law.abbreviation
            ),
            format!("compare it with a citation of the {}", p.law),
        )));
    }
    Ok(applied(store, law, p, None).map(|a| State::Proposal(Cow::Borrowed(p), a, None)))
}

/// The redline of the whole law between two states.
fn compare(law: &Law, old: &State<'_>, new: &State<'_>) -> Redline {
    let abbr = &law.abbreviation;
    match (old, new) {
        (State::Day(a), State::Day(b)) => redline::compare_sections(law, *a, *b),
        (State::Day(day), State::Proposal(p, applied, _)) => {
            let mut r = redline::for_proposal(applied, p, &crate::act::references(p), abbr);
            if *day != applied.base {
                against_another_day(law, &mut r, (old, new), *day, (p, applied));
            }
            r
        }
        (State::Proposal(p, applied, _), State::Day(_)) => {
            back_to_day(law, (old, new), (p, applied))
        }
        (State::Proposal(pa, a, _), State::Proposal(pb, b, _)) => {
            let mut r = redline::between_applied(
                (a, pa, &crate::act::references(pa)),
                (b, pb, &crate::act::references(pb)),
                abbr,
            );
            // Sections neither touches differ only if their bases differ.
            let touched: HashSet<String> = r.sections.iter().map(|s| s.number.clone()).collect();
            r.sections.extend(by_text(law, old, new, |n| {
                !touched.contains(n) && !touched_by(n, a, b)
            }));
            r.sections
                .sort_by(|x, y| numbering::compare(&x.number, &y.number));
            r
        }
    }
}

/// Turns `r`, the redline of a proposal against its base day, into one
/// against `day`. Where a section reads the same on both days, the
/// proposal's redline is the comparison, links and all. Where the law
/// changed it between the days, the section is compared word by word, and
/// only the words the proposal's amendments wrote link to them (see
/// [`redline::against_other_text`]).
fn against_another_day(
    law: &Law,
    r: &mut Redline,
    (old, new): (&State<'_>, &State<'_>),
    day: Date,
    (proposal, applied): (&Proposal, &Applied),
) {
    // Found once: each comparison takes both days' versions of the section.
    let changed_by_law: Vec<&str> = applied
        .sections
        .iter()
        .map(|s| s.number.as_str())
        .filter(|&n| State::Day(day).content(law, n) != State::Day(applied.base).content(law, n))
        .collect();
    r.sections
        .retain(|s| !changed_by_law.contains(&s.number.as_str()));
    for s in applied
        .sections
        .iter()
        .filter(|s| changed_by_law.contains(&s.number.as_str()))
    {
        let on_day = old.content(law, &s.number);
        if on_day != s.after {
            r.sections
                .push(redline::against_other_text(s, &on_day, proposal));
        }
    }
    with_untouched(law, (old, new), applied, &mut r.sections);
    r.notes = redline::referenced_notes(&r.sections, std::mem::take(&mut r.notes));
}

/// The redline from a proposal back to the law of a day (`new`): each section the
/// proposal changed, with its changes undone and linked (see
/// [`redline::back_to_text`]), and every other section that differs
/// between the proposal's base and that day, without links.
fn back_to_day(
    law: &Law,
    (old, new): (&State<'_>, &State<'_>),
    (proposal, applied): (&Proposal, &Applied),
) -> Redline {
    let mut sections: Vec<SectionRedline> = Vec::new();
    for s in &applied.sections {
        let on_day = new.content(law, &s.number);
        if on_day != s.after {
            let is_base = on_day == State::Day(applied.base).content(law, &s.number);
            sections.push(redline::back_to_text(s, &on_day, proposal, is_base));
        }
    }
    with_untouched(law, (old, new), applied, &mut sections);
    let notes = redline::notes(proposal, &crate::act::references(proposal));
    Redline {
        law: law.abbreviation.clone(),
        from: old.side(),
        to: new.side(),
        notes: redline::referenced_notes(&sections, notes),
        sections,
    }
}

/// Adds to `sections`, the redlines of the sections `applied` touched,
/// those of every other section that differs between the two sides (the
/// law's own changes between the days, without links), in the law's order.
fn with_untouched(
    law: &Law,
    (old, new): (&State<'_>, &State<'_>),
    applied: &Applied,
    sections: &mut Vec<SectionRedline>,
) {
    let touched = |n: &str| applied.sections.iter().any(|s| s.number == n);
    sections.extend(by_text(law, old, new, |n| !touched(n)));
    sections.sort_by(|x, y| numbering::compare(&x.number, &y.number));
}

fn touched_by(number: &str, a: &Applied, b: &Applied) -> bool {
    a.sections
        .iter()
        .chain(&b.sections)
        .any(|s| s.number == number)
}

/// Word-by-word redlines of every section (`keep` chooses) that differs.
fn by_text(
    law: &Law,
    old: &State<'_>,
    new: &State<'_>,
    keep: impl Fn(&str) -> bool,
) -> Vec<SectionRedline> {
    let mut numbers: Vec<String> = law.sections.iter().map(|s| s.number.clone()).collect();
    for s in [old, new] {
        if let State::Proposal(_, a, _) = s {
            numbers.extend(a.sections.iter().map(|s| s.number.clone()));
        }
    }
    numbers.sort_by(|a, b| numbering::compare(a, b));
    numbers.dedup();
    numbers.retain(|n| keep(n));
    crate::parallel::map(&numbers, |n| {
        let (a, b) = (old.content(law, n), new.content(law, n));
        (a != b).then(|| redline::compare_texts(n, &a, &b))
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Keeps what `cited` names: its sections, or the paragraphs of its unit.
fn restrict(
    law: &Law,
    r: &mut Redline,
    cited: &Citation,
    old: &State<'_>,
    new: &State<'_>,
) -> std::result::Result<(), Outcome> {
    r.sections.retain(|s| match &cited.sections {
        Sections::One(n) => &s.number == n,
        Sections::Range(a, b) => {
            numbering::compare(&s.number, a) != Ordering::Less
                && numbering::compare(&s.number, b) != Ordering::Greater
        }
    });
    if let (Sections::One(number), false) = (&cited.sections, cited.path.is_empty()) {
        // The unit in the newer text, or in the older one if it is gone.
        let names: Vec<String> = [new, old]
            .iter()
            .filter_map(|s| unit_name(&s.content(law, number), number, cited))
            .collect();
        let Some(name) = names.first() else {
            return Err(Outcome::error(
                format!(
                    "{} is in neither version compared",
                    cited.format(Style::Short)
                ),
                format!("cite a unit of § {number} as it reads on one of the two sides"),
            ));
        };
        let inside = |unit: &str| unit == name || unit.starts_with(&format!("{name} "));
        for s in &mut r.sections {
            s.blocks.retain(|b| inside(&b.unit));
        }
        r.sections.retain(|s| {
            s.blocks
                .iter()
                .any(|b| b.segments.iter().any(|x| x.op != Op::Equal))
        });
    }
    // Only the notes the remaining changes refer to.
    let used: HashSet<&String> = r
        .sections
        .iter()
        .flat_map(|s| s.blocks.iter().flat_map(|b| &b.segments).chain(&s.title))
        .flat_map(|x| &x.amendments)
        .collect();
    let notes = std::mem::take(&mut r.notes);
    r.notes = notes.into_iter().filter(|n| used.contains(&n.id)).collect();
    Ok(())
}

/// The short name of the unit `cited` names in `content` ("§ 176 Abs. 1 S. 1 Nr. 2").
fn unit_name(content: &Content, number: &str, cited: &Citation) -> Option<String> {
    let body = Body::parse(content.text()).ok()?;
    let path = resolve::find(&Outline::of(&body), &cited.path).ok()?;
    Some(Citation::unit(None, number, path).format(Style::Short))
}
