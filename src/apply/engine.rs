//! The amendment engine: the Handbuch's verbs carried out on attributed text.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use jiff::civil::Date;

use super::tokens::AttributedText;
use super::{AmendmentIx, Applied, SectionResult};
use crate::model::citation::{Citation, Sections, Style};
use crate::model::numbering;
use crate::model::outline::{Outline, Step, Unit};
use crate::model::proposal::{Action, Amendment, NewSection, Occurrence, Position, Proposal};
use crate::model::statute::{Content, Law};
use crate::model::text::{Body, Label, UnitKind};
use crate::model::words;
use crate::parallel;
use crate::resolve;

/// Which part of an amendment a problem concerns, so diagnostics can point
/// at the right line of the proposal file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The amendment as a whole.
    Amendment,
    /// Its target citation.
    Target,
    /// The words it searches for.
    Words,
    /// The new text it brings.
    Text,
    /// The proposal's base day.
    Base,
}

/// A problem applying an amendment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyError {
    /// The amendment concerned (`None` for problems of the whole proposal).
    pub amendment: Option<AmendmentIx>,
    /// Which part of it.
    pub field: Field,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// Another amendment involved (e.g. the one that changed the same words first).
    pub other: Option<AmendmentIx>,
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApplyError {}

fn err(
    ix: AmendmentIx,
    field: Field,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> ApplyError {
    ApplyError {
        amendment: Some(ix),
        field,
        message: message.into(),
        hint: hint.into(),
        other: None,
    }
}

/// A section while the proposal is applied to it.
#[derive(Clone)]
struct State {
    number: String,
    before: Option<Content>,
    title: AttributedText,
    text: AttributedText,
    /// Whether the section is repealed in the current state.
    repealed: bool,
    amendments: Vec<AmendmentIx>,
    /// The current text and its outline, kept from checking the result of
    /// the last amendment so the next one on this section need not parse it
    /// again; `None` until parsed and after any change made without a check.
    /// Shared, so saving the state for an undo does not copy it.
    parsed: Option<Arc<Parsed>>,
}

/// A section text with its outline.
#[derive(Clone)]
struct Parsed {
    text: String,
    outline: Outline,
}

/// Applies `proposal` to `law` as in force on `day` (the proposal's base
/// unless overridden). Stops at the first amendment that cannot be carried out.
pub fn apply(law: &Law, proposal: &Proposal, day: Option<Date>) -> Result<Applied, ApplyError> {
    let (applied, mut errors) = run(law, proposal, day, true);
    match errors.is_empty() {
        true => Ok(applied),
        false => Err(errors.remove(0)),
    }
}

/// Applies every amendment that can be carried out and reports each one that
/// cannot, so `novelle check` names every defect at once. A failed
/// amendment is skipped; later ones apply to the result of the others.
pub fn apply_all(law: &Law, proposal: &Proposal, day: Option<Date>) -> (Applied, Vec<ApplyError>) {
    run(law, proposal, day, false)
}

fn run(
    law: &Law,
    proposal: &Proposal,
    day: Option<Date>,
    stop_at_first: bool,
) -> (Applied, Vec<ApplyError>) {
    let day = day.unwrap_or(proposal.base);
    if law.first_day().is_none_or(|first| first > day) {
        let error = ApplyError {
            amendment: None,
            field: Field::Base,
            message: format!(
                "no part of the {} in this store is in force on {day}",
                law.abbreviation
            ),
            hint: match law.first_day() {
                Some(first) => format!(
                    "the store's earliest version entered into force on {first}; choose a later base day"
                ),
                None => "add sections to the store first".into(),
            },
            other: None,
        };
        return (
            Applied {
                proposal: proposal.id.clone(),
                base: day,
                sections: Vec::new(),
                warnings: Vec::new(),
            },
            vec![error],
        );
    }
    // Groups that share no section cannot affect each other: they run on
    // every core, each in the proposal's order, and their problems are put
    // back into that order.
    let groups = independent_groups(proposal)
        .unwrap_or_else(|| vec![(0..proposal.amendments.len()).collect()]);
    run_groups(law, proposal, day, stop_at_first, &groups)
}

/// Runs the amendments of each group in order, the groups side by side.
fn run_groups(
    law: &Law,
    proposal: &Proposal,
    day: Date,
    stop_at_first: bool,
    groups: &[Vec<AmendmentIx>],
) -> (Applied, Vec<ApplyError>) {
    let runs = parallel::map(groups, |group| {
        let mut engine = Engine {
            law,
            day,
            states: Vec::new(),
            warnings: Vec::new(),
            undo: Undo::default(),
        };
        let mut errors = Vec::new();
        for &ix in group {
            let Some(amendment) = proposal.amendments.get(ix) else {
                continue;
            };
            // An amendment that fails leaves no trace: it works on a copy.
            engine.begin();
            if let Err(e) = engine.amend(ix, amendment) {
                engine.rollback();
                errors.push(e);
                if stop_at_first {
                    break;
                }
            }
        }
        (engine.states, engine.warnings, errors)
    });
    let (mut states, mut warnings, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for (s, w, e) in runs {
        states.extend(s);
        warnings.extend(w);
        errors.extend(e);
    }
    // Stable: the problems of one amendment keep their order.
    warnings.sort_by_key(|w: &ApplyError| w.amendment);
    errors.sort_by_key(|e: &ApplyError| e.amendment);
    if stop_at_first {
        errors.truncate(1);
    }
    let mut sections: Vec<SectionResult> = states
        .into_iter()
        .filter(|s| !s.amendments.is_empty())
        .map(|s| {
            let new_text = s.text.new_text();
            // The last check's parse, if it is of the text as it ends.
            let outline = s
                .parsed
                .filter(|p| p.text == new_text)
                .map(|p| Arc::unwrap_or_clone(p).outline)
                .map(Arc::new);
            SectionResult {
                after: if s.repealed {
                    Content::Repealed
                } else {
                    Content::Text {
                        title: s.title.new_text(),
                        text: new_text,
                    }
                },
                number: s.number,
                before: s.before,
                title: s.title,
                text: s.text,
                amendments: s.amendments,
                outline,
            }
        })
        .collect();
    sections.sort_by(|a, b| numbering::compare(&a.number, &b.number));
    (
        Applied {
            proposal: proposal.id.clone(),
            base: day,
            sections,
            warnings,
        },
        errors,
    )
}

/// The amendments of `proposal` (by index) in groups that touch no section
/// in common, each in the proposal's order; `None` if an amendment creates
/// or replaces sections, which other amendments may then touch, so that
/// all must run in one line.
fn independent_groups(proposal: &Proposal) -> Option<Vec<Vec<AmendmentIx>>> {
    let mut groups: Vec<Vec<AmendmentIx>> = Vec::new();
    let mut by_section: HashMap<&str, usize> = HashMap::new();
    for (ix, a) in proposal.amendments.iter().enumerate() {
        let section = match (&a.action, &a.target.sections) {
            (Action::InsertSection(_) | Action::ReplaceSections { .. }, _) => return None,
            (_, Sections::One(n)) => n.as_str(),
            // Refused before any section is touched.
            (_, Sections::Range(..)) => "",
        };
        let group = *by_section.entry(section).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups.get_mut(group)?.push(ix);
    }
    Some(groups)
}

struct Engine<'a> {
    law: &'a Law,
    day: Date,
    states: Vec<State>,
    warnings: Vec<ApplyError>,
    undo: Undo,
}

/// What the current amendment changed, to undo it if it fails.
#[derive(Default)]
struct Undo {
    /// States as they were before the amendment touched them.
    states: Vec<(usize, State)>,
    /// How many states and warnings there were before it.
    len: usize,
    warnings: usize,
}

/// One change to a text: replace the live bytes `range` with `text`.
struct Edit {
    range: Range<usize>,
    text: String,
    /// Compare old and new word by word (for whole units), or replace as a whole.
    word_diff: bool,
}

impl Engine<'_> {
    /// Starts an amendment: from here on, states are saved before they change.
    fn begin(&mut self) {
        self.undo.states.clear();
        self.undo.len = self.states.len();
        self.undo.warnings = self.warnings.len();
    }

    /// Undoes everything the current amendment did.
    fn rollback(&mut self) {
        for (i, state) in self.undo.states.drain(..) {
            self.states[i] = state;
        }
        self.states.truncate(self.undo.len);
        self.warnings.truncate(self.undo.warnings);
    }

    /// Saves the state of section `i` before the current amendment changes
    /// it, so a failed amendment can be undone (only the sections it touches
    /// are copied).
    fn save(&mut self, i: usize) {
        if i < self.undo.len && !self.undo.states.iter().any(|(j, _)| *j == i) {
            self.undo.states.push((i, self.states[i].clone()));
        }
    }

    /// The state of section `number`, loading it from the law on first use.
    fn state(&mut self, number: &str) -> Option<usize> {
        if let Some(i) = self.states.iter().position(|s| s.number == number) {
            return Some(i);
        }
        let version = self.law.section(number)?.at(self.day)?;
        let content = version.content.clone();
        let (title, text) = match &content {
            Content::Text { title, text } => {
                (AttributedText::new(title), AttributedText::new(text))
            }
            Content::Repealed => (AttributedText::default(), AttributedText::default()),
        };
        self.states.push(State {
            number: number.to_owned(),
            repealed: content.is_repealed(),
            before: Some(content),
            title,
            text,
            amendments: Vec::new(),
            parsed: None,
        });
        Some(self.states.len() - 1)
    }

    fn exists(&mut self, number: &str) -> bool {
        self.state(number).is_some_and(|i| !self.states[i].repealed)
    }

    fn amend(&mut self, ix: AmendmentIx, a: &Amendment) -> Result<(), ApplyError> {
        if let Some(law) = &a.target.law
            && !law.eq_ignore_ascii_case(&self.law.abbreviation)
        {
            return Err(err(
                ix,
                Field::Target,
                format!(
                    "the target {} is in the {law}, but the proposal amends the {}",
                    a.target, self.law.abbreviation
                ),
                "a proposal amends one law; write a separate proposal for the other law",
            ));
        }
        match &a.action {
            Action::InsertSection(ns) => return self.insert_section(ix, ns, &a.target),
            Action::ReplaceSections { sections } => {
                return self.replace_sections(ix, &a.target, sections);
            }
            _ => {}
        }
        let number = match &a.target.sections {
            Sections::One(n) => n.clone(),
            Sections::Range(..) => {
                return Err(err(
                    ix,
                    Field::Target,
                    "this action needs a single section",
                    "cite one section",
                ));
            }
        };
        let Some(si) = self.state(&number) else {
            return Err(self.unknown_section(ix, &a.target, &number));
        };
        if self.states[si].repealed {
            return Err(err(
                ix,
                Field::Target,
                format!("§ {number} is repealed (weggefallen) at this point"),
                "a repealed section can only be replaced by a new one: use `einfügen` with title and text",
            ));
        }
        self.save(si);
        self.states[si].amendments.push(ix);
        match &a.action {
            Action::ReplaceTitle { title } => {
                let st = &mut self.states[si];
                let live = st.title.new_text();
                let edits = vec![Edit {
                    range: 0..live.len(),
                    text: title.clone(),
                    word_diff: true,
                }];
                apply_edits(&mut st.title, &live, edits, ix, &mut self.warnings);
                return Ok(());
            }
            Action::RepealSection => {
                let st = &mut self.states[si];
                let (tl, xl) = (st.title.new_len(), st.text.new_len());
                st.title.delete(0..tl, ix);
                st.text.delete(0..xl, ix);
                st.parsed = None;
                st.repealed = true;
                return Ok(());
            }
            _ => {}
        }
        let parsed = match self.states[si].parsed.take() {
            Some(parsed) => parsed,
            None => {
                let text = self.states[si].text.new_text();
                let body = Body::parse(&text).map_err(|e| {
                    err(
                        ix,
                        Field::Target,
                        format!("§ {number} cannot be read at this point: {e}"),
                        e.hint,
                    )
                })?;
                let outline = Outline::of(&body);
                Arc::new(Parsed { text, outline })
            }
        };
        let Parsed { text, outline } = &*parsed;
        let unit = if a.target.path.is_empty() {
            None
        } else {
            let path = resolve::find(outline, &a.target.path).map_err(|m| {
                let step = &a.target.path[m.step];
                let hint = if m.candidates.is_empty() {
                    let here: Vec<&str> = outline
                        .units
                        .iter()
                        .filter(|u| u.kind() == step.kind && u.path.len() <= m.parent.len() + 2 && u.path.starts_with(&m.parent))
                        .map(Unit::number)
                        .collect();
                    if here.is_empty() {
                        format!("there is no {} there; earlier amendments may have changed the numbering", step.kind)
                    } else {
                        format!("{} there: {}", step.kind.plural(), here.join(", "))
                    }
                } else {
                    format!("name the Satz: Sätze {} each have {} {}", m.candidates.join(", "), step.kind, step.number)
                };
                err(ix, Field::Target, format!("{} does not name a unit of § {number} at this point", a.target.format(Style::Short)), hint)
            })?;
            match outline.find(&path) {
                Some(u) => Some(u.clone()),
                None => {
                    return Err(err(
                        ix,
                        Field::Target,
                        format!("{} cannot be found", a.target.format(Style::Short)),
                        "",
                    ));
                }
            }
        };
        let edits = self.edits(ix, a, text, outline, unit.as_ref(), &number)?;
        let st = &mut self.states[si];
        apply_edits(&mut st.text, text, edits, ix, &mut self.warnings);
        let after = st.text.new_text();
        match Body::parse(&after) {
            Ok(body) => {
                st.parsed = Some(Arc::new(Parsed {
                    outline: Outline::of(&body),
                    text: after,
                }));
                Ok(())
            }
            Err(e) => Err(err(
                ix,
                Field::Text,
                format!("after this amendment § {number} no longer reads as a statute text: {e}"),
                format!(
                    "{}; check the new text's label and whether `renumber = true` is needed",
                    e.hint
                ),
            )),
        }
    }

    fn unknown_section(&self, ix: AmendmentIx, target: &Citation, number: &str) -> ApplyError {
        match self.law.section(number) {
            Some(s) => {
                let hint = match s.first_day() {
                    Some(first) if first > self.day => format!(
                        "§ {number} enters into force on {first}, after the base day {}",
                        self.day
                    ),
                    _ => String::new(),
                };
                err(
                    ix,
                    Field::Target,
                    format!("§ {number} is not in force on {}", self.day),
                    hint,
                )
            }
            None => err(
                ix,
                Field::Target,
                format!("{} has no § {number} in this store", self.law.abbreviation),
                format!(
                    "check the citation {}; to create a section use `einfügen` with title and text",
                    target.format(Style::Short)
                ),
            ),
        }
    }

    /// Works out the edits an action makes to the section text `text`.
    fn edits(
        &self,
        ix: AmendmentIx,
        a: &Amendment,
        text: &str,
        outline: &Outline,
        unit: Option<&Unit>,
        number: &str,
    ) -> Result<Vec<Edit>, ApplyError> {
        let scope = unit.map_or(0..text.len(), |u| u.range.clone());
        let where_ = a.target.format(Style::Short);
        match &a.action {
            Action::ReplaceWords {
                words,
                by,
                occurrence,
            } => {
                let hits =
                    self.find_words(ix, a, text, scope, words, *occurrence, &where_, number)?;
                Ok(hits
                    .into_iter()
                    .map(|r| Edit {
                        range: r,
                        text: by.clone(),
                        word_diff: false,
                    })
                    .collect())
            }
            Action::DeleteWords { words, occurrence } => {
                let hits =
                    self.find_words(ix, a, text, scope, words, *occurrence, &where_, number)?;
                Ok(hits
                    .into_iter()
                    .map(|r| Edit {
                        range: with_one_space(text, r),
                        text: String::new(),
                        word_diff: false,
                    })
                    .collect())
            }
            Action::InsertWords {
                anchor,
                position,
                words,
                occurrence,
            } => {
                let hits =
                    self.find_words(ix, a, text, scope, anchor, *occurrence, &where_, number)?;
                Ok(hits
                    .into_iter()
                    .map(|r| match position {
                        Position::After => {
                            let joined = if words.starts_with([',', ';', '.', ':', ')']) {
                                words.clone()
                            } else {
                                format!(" {words}")
                            };
                            Edit {
                                range: r.end..r.end,
                                text: joined,
                                word_diff: false,
                            }
                        }
                        Position::Before => Edit {
                            range: r.start..r.start,
                            text: format!("{words} "),
                            word_diff: false,
                        },
                    })
                    .collect())
            }
            Action::ReplaceUnit { text: new, .. } => {
                let Some(u) = unit else {
                    // The whole text of the section.
                    check_text(ix, new, true)?;
                    return Ok(vec![Edit {
                        range: 0..text.len(),
                        text: new.clone(),
                        word_diff: true,
                    }]);
                };
                check_unit_text(ix, new, u.kind(), Some(u.number()), &where_)?;
                Ok(vec![Edit {
                    range: u.range.clone(),
                    text: new.clone(),
                    word_diff: true,
                }])
            }
            Action::InsertUnit {
                text: new,
                renumber,
            } => {
                let u = unit.ok_or_else(|| {
                    err(
                        ix,
                        Field::Target,
                        "einfügen needs the unit after which the new one goes",
                        "e.g. target = \"§ 176 Abs. 1 Nr. 2\"",
                    )
                })?;
                let kind = u.kind();
                let siblings = outline.siblings(u);
                let following: Vec<&Unit> = siblings
                    .iter()
                    .copied()
                    .filter(|s| s.range.start > u.range.start)
                    .collect();
                let expected = if *renumber || following.is_empty() {
                    numbering::successor(u.number())
                } else {
                    numbering::suffix_successor(u.number())
                        .unwrap_or_else(|| numbering::successor(u.number()))
                };
                if kind != UnitKind::Satz {
                    let got = check_unit_text(ix, new, kind, None, &where_)?;
                    if !*renumber && let Some(clash) = following.iter().find(|s| s.number() == got)
                    {
                        return Err(err(
                            ix,
                            Field::Text,
                            format!(
                                "the new {kind} {got} collides with the existing {kind} {}",
                                clash.number()
                            ),
                            format!(
                                "set `renumber = true` to renumber the following {}, or number the new unit {}",
                                kind.plural(),
                                expected
                            ),
                        ));
                    }
                    if got != expected {
                        return Err(err(
                            ix,
                            Field::Text,
                            format!(
                                "the new {} is numbered {got}, but after {} {} it must be {expected}",
                                kind,
                                kind,
                                u.number()
                            ),
                            if *renumber {
                                "with `renumber = true` the new unit takes the next number"
                                    .to_owned()
                            } else {
                                format!("without renumbering the new unit is numbered {expected}")
                            },
                        ));
                    }
                } else {
                    check_text(ix, new, false)?;
                }
                let mut edits = vec![Edit {
                    range: u.range.end..u.range.end,
                    text: format!("{}{new}", separator(kind)),
                    word_diff: false,
                }];
                if *renumber && kind != UnitKind::Satz {
                    edits.extend(renumber_edits(text, &following, 1));
                }
                Ok(edits)
            }
            Action::AppendUnit { text: new } | Action::PrependUnit { text: new } => {
                let append = matches!(a.action, Action::AppendUnit { .. });
                let kind = Label::parse_prefix(new.trim_start()).map_or(UnitKind::Satz, |l| l.kind);
                let parent: Vec<Step> = unit.map(|u| u.path.clone()).unwrap_or_default();
                let children = outline.members(&parent, kind);
                let verb = if append { "anfügen" } else { "voranstellen" };
                let Some(anchor) = (if append {
                    children.last()
                } else {
                    children.first()
                }) else {
                    return Err(err(
                        ix,
                        Field::Target,
                        format!("{where_} has no {} to {verb} to", kind.plural()),
                        format!(
                            "{verb} adds a unit next to units of the same kind; to add the first {} replace the unit with `fassen`",
                            kind.name()
                        ),
                    ));
                };
                if append {
                    if kind != UnitKind::Satz {
                        let expected = numbering::successor(anchor.number());
                        let got = check_unit_text(ix, new, kind, Some(&expected), &where_)?;
                        let _ = got;
                    } else {
                        check_text(ix, new, false)?;
                    }
                    Ok(vec![Edit {
                        range: anchor.range.end..anchor.range.end,
                        text: format!("{}{new}", separator(kind)),
                        word_diff: false,
                    }])
                } else {
                    let mut edits = Vec::new();
                    if kind != UnitKind::Satz {
                        let got = check_unit_text(ix, new, kind, Some(anchor.number()), &where_)?;
                        let _ = got;
                        edits.extend(renumber_edits(text, &children, 1));
                    } else {
                        check_text(ix, new, false)?;
                    }
                    edits.push(Edit {
                        range: anchor.range.start..anchor.range.start,
                        text: format!("{new}{}", separator(kind)),
                        word_diff: false,
                    });
                    Ok(edits)
                }
            }
            Action::RepealUnit { renumber } => {
                let u = unit.ok_or_else(|| {
                    err(ix, Field::Target, "aufheben needs a unit or a section", "")
                })?;
                let kind = u.kind();
                if kind == UnitKind::Satz || *renumber {
                    // The unit goes, with the white space before it (after it, for a first unit).
                    let range = if u.lead.start < u.lead.end
                        && u.lead.start > scope_start_of_section(outline)
                    {
                        u.lead.start..u.range.end
                    } else {
                        let next = outline.units.iter().find(|n| n.lead.start == u.range.end);
                        u.range.start..next.map_or(u.range.end, |n| n.range.start)
                    };
                    let mut edits = vec![Edit {
                        range,
                        text: String::new(),
                        word_diff: false,
                    }];
                    if *renumber && kind != UnitKind::Satz {
                        let following: Vec<&Unit> = outline
                            .siblings(u)
                            .into_iter()
                            .filter(|s| s.range.start > u.range.start)
                            .collect();
                        edits.extend(renumber_edits(text, &following, -1));
                    }
                    Ok(edits)
                } else {
                    let label = u
                        .label
                        .clone()
                        .map_or(String::new(), |l| text[l].to_owned());
                    Ok(vec![Edit {
                        range: u.range.clone(),
                        text: format!("{label} {}", crate::model::statute::REPEALED),
                        word_diff: true,
                    }])
                }
            }
            Action::ReplaceTitle { .. }
            | Action::RepealSection
            | Action::InsertSection(_)
            | Action::ReplaceSections { .. } => {
                unreachable!("handled before units are resolved")
            }
        }
    }

    /// Finds the words an amendment names in `scope`, whole words only.
    #[allow(clippy::too_many_arguments)]
    fn find_words(
        &self,
        ix: AmendmentIx,
        a: &Amendment,
        text: &str,
        scope: Range<usize>,
        needle: &str,
        occurrence: Occurrence,
        where_: &str,
        number: &str,
    ) -> Result<Vec<Range<usize>>, ApplyError> {
        let hits: Vec<Range<usize>> = words::find_whole(&text[scope.clone()], needle)
            .into_iter()
            .map(|r| scope.start + r.start..scope.start + r.end)
            .collect();
        let quoted = format!("„{needle}“");
        match occurrence {
            Occurrence::Every if !hits.is_empty() => Ok(hits),
            Occurrence::Only if hits.len() == 1 => Ok(hits),
            Occurrence::Nth(n) if (n as usize) <= hits.len() && n >= 1 => {
                Ok(vec![hits[n as usize - 1].clone()])
            }
            _ if hits.is_empty() => Err(self.not_found(ix, a, text, needle, where_, number)),
            Occurrence::Nth(n) => Err(err(
                ix,
                Field::Words,
                format!(
                    "the words {quoted} occur {} in {where_}, so there is no occurrence {n}",
                    times(hits.len())
                ),
                format!("occurrences are counted from 1 within {where_}"),
            )),
            _ => {
                let places = describe_places(text, &hits, a.target.section().unwrap_or(number));
                Err(err(
                    ix,
                    Field::Words,
                    format!("the words {quoted} occur {} in {where_}", times(hits.len())),
                    format!(
                        "found {places}; add `jeweils = true` to change every occurrence, `occurrence = n` for one, or cite a smaller unit"
                    ),
                ))
            }
        }
    }

    fn not_found(
        &self,
        ix: AmendmentIx,
        a: &Amendment,
        text: &str,
        needle: &str,
        where_: &str,
        number: &str,
    ) -> ApplyError {
        let quoted = format!("„{needle}“");
        // Words an earlier amendment already changed: name it.
        if let Some(st) = self.states.iter().find(|s| s.number == number)
            && let Some(other) = changed_by_earlier(&st.text, needle)
        {
            let mut e = err(
                ix,
                Field::Words,
                format!("the words {quoted} were already changed by an earlier amendment"),
                "two amendments cannot change the same words; merge them into one",
            );
            e.other = Some(other);
            return e;
        }
        let elsewhere = words::find_whole(text, needle);
        let hint = if !elsewhere.is_empty() {
            format!(
                "they occur elsewhere in § {number}: {}; cite that unit",
                describe_places(text, &elsewhere, number)
            )
        } else if text.to_lowercase().contains(&needle.to_lowercase()) {
            "they occur with other capitalisation or as part of a longer word; words are matched exactly and whole".into()
        } else {
            format!("words are matched exactly, as whole words, in {where_}")
        };
        let _ = a;
        err(
            ix,
            Field::Words,
            format!("the words {quoted} do not occur in {where_}"),
            hint,
        )
    }

    fn insert_section(
        &mut self,
        ix: AmendmentIx,
        ns: &NewSection,
        target: &Citation,
    ) -> Result<(), ApplyError> {
        if target.section() != Some(ns.number.as_str()) {
            return Err(err(
                ix,
                Field::Target,
                "the target must name the new section",
                format!("target = \"§ {}\"", ns.number),
            ));
        }
        if self.exists(&ns.number) {
            return Err(err(
                ix,
                Field::Target,
                format!("§ {} already exists on {}", ns.number, self.day),
                "to change an existing section use `fassen`, `ersetzen` or word actions; new sections take a free number such as \"176f\"",
            ));
        }
        check_text(ix, &ns.text, true)?;
        self.put_section(ix, ns);
        Ok(())
    }

    /// Sets section `ns.number` to the new text, attributed to `ix`.
    fn put_section(&mut self, ix: AmendmentIx, ns: &NewSection) {
        match self.state(&ns.number) {
            Some(i) => {
                self.save(i);
                let st = &mut self.states[i];
                st.amendments.push(ix);
                let (title, text) = (st.title.new_text(), st.text.new_text());
                apply_edits(
                    &mut st.title,
                    &title,
                    vec![Edit {
                        range: 0..title.len(),
                        text: ns.title.clone(),
                        word_diff: true,
                    }],
                    ix,
                    &mut self.warnings,
                );
                apply_edits(
                    &mut st.text,
                    &text,
                    vec![Edit {
                        range: 0..text.len(),
                        text: ns.text.clone(),
                        word_diff: true,
                    }],
                    ix,
                    &mut self.warnings,
                );
                st.parsed = None;
                st.repealed = false;
            }
            None => {
                let mut title = AttributedText::default();
                title.insert(0, &ns.title, ix);
                let mut text = AttributedText::default();
                text.insert(0, &ns.text, ix);
                self.states.push(State {
                    number: ns.number.clone(),
                    before: None,
                    title,
                    text,
                    repealed: false,
                    amendments: vec![ix],
                    parsed: None,
                });
            }
        }
    }

    fn replace_sections(
        &mut self,
        ix: AmendmentIx,
        target: &Citation,
        sections: &[NewSection],
    ) -> Result<(), ApplyError> {
        let Sections::Range(from, to) = &target.sections else {
            return Err(err(
                ix,
                Field::Target,
                "replacing sections needs a range",
                "e.g. \"§§ 176 bis 176b\"",
            ));
        };
        let old: Vec<String> = self.law.range(from, to).map(|s| s.number.clone()).collect();
        let old: Vec<String> = old.into_iter().filter(|n| self.exists(n)).collect();
        if old.is_empty() {
            return Err(err(
                ix,
                Field::Target,
                format!(
                    "no section of §§ {from} bis {to} is in force on {}",
                    self.day
                ),
                "",
            ));
        }
        for (i, ns) in sections.iter().enumerate() {
            if sections[..i].iter().any(|o| o.number == ns.number) {
                return Err(err(
                    ix,
                    Field::Text,
                    format!("§ {} appears twice among the new sections", ns.number),
                    "",
                ));
            }
            if !old.contains(&ns.number) && self.exists(&ns.number) {
                return Err(err(
                    ix,
                    Field::Text,
                    format!(
                        "the new § {} would replace an existing section outside §§ {from} bis {to}",
                        ns.number
                    ),
                    "widen the range or choose a free number",
                ));
            }
            check_text(ix, &ns.text, true).map_err(|mut e| {
                e.message = format!("the new § {}: {}", ns.number, e.message);
                e
            })?;
        }
        for ns in sections {
            self.put_section(ix, ns);
        }
        // Old sections the new ones do not replace are repealed.
        for number in old
            .iter()
            .filter(|n| !sections.iter().any(|s| &s.number == *n))
        {
            if let Some(i) = self.state(number) {
                self.save(i);
                let st = &mut self.states[i];
                st.amendments.push(ix);
                let (tl, xl) = (st.title.new_len(), st.text.new_len());
                st.title.delete(0..tl, ix);
                st.text.delete(0..xl, ix);
                st.parsed = None;
                st.repealed = true;
            }
        }
        Ok(())
    }
}

fn scope_start_of_section(_outline: &Outline) -> usize {
    0
}

/// Edits that shift the labels of `units` by `by` places.
fn renumber_edits(text: &str, units: &[&Unit], by: i64) -> Vec<Edit> {
    units
        .iter()
        .filter_map(|u| {
            let label = u.label.clone()?;
            let raw = &text[label.clone()];
            let n = u.number();
            let shifted = numbering::shift(n, by)?;
            Some(Edit {
                range: label,
                text: raw.replacen(n, &shifted, 1),
                word_diff: false,
            })
        })
        .collect()
}

/// The separator written before a new unit of `kind`.
fn separator(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Satz => " ",
        _ => "\n\n",
    }
}

/// Widens a deleted range by one adjacent space, so no double space remains.
fn with_one_space(text: &str, r: Range<usize>) -> Range<usize> {
    if r.start > 0 && text.as_bytes()[r.start - 1] == b' ' {
        r.start - 1..r.end
    } else if text.as_bytes().get(r.end) == Some(&b' ') {
        r.start..r.end + 1
    } else {
        r
    }
}

/// Checks that an inserted text reads as statute text.
fn check_text(ix: AmendmentIx, text: &str, whole_section: bool) -> Result<(), ApplyError> {
    if text.trim().is_empty() {
        return Err(err(
            ix,
            Field::Text,
            "the new text is empty",
            "write the text the law should read",
        ));
    }
    let parsed = if whole_section {
        Body::parse(text)
    } else {
        Body::parse_fragment(text)
    };
    parsed.map(|_| ()).map_err(|e| {
        err(
            ix,
            Field::Text,
            format!("the new text does not read as statute text: {e}"),
            e.hint,
        )
    })
}

/// Checks the label of a new unit of `kind`; returns its number.
fn check_unit_text(
    ix: AmendmentIx,
    text: &str,
    kind: UnitKind,
    expected: Option<&str>,
    where_: &str,
) -> Result<String, ApplyError> {
    check_text(ix, text, false)?;
    if kind == UnitKind::Satz {
        if Label::parse_prefix(text).is_some() {
            return Err(err(
                ix,
                Field::Text,
                "a Satz has no label",
                "remove the label from the new text",
            ));
        }
        return Ok(String::new());
    }
    let Some(label) = Label::parse_prefix(text) else {
        return Err(err(
            ix,
            Field::Text,
            format!("the new text must start with the label of a {kind}"),
            format!(
                "e.g. \"{}\" for {where_}",
                example_label(kind, expected.unwrap_or("1"))
            ),
        ));
    };
    if label.kind != kind {
        return Err(err(
            ix,
            Field::Text,
            format!(
                "the new text starts with {} {}, but replaces or joins a {kind}",
                label.kind, label.raw
            ),
            "",
        ));
    }
    if let Some(exp) = expected
        && label.number() != exp
    {
        return Err(err(
            ix,
            Field::Text,
            format!(
                "the new {kind} is numbered {}, expected {exp}",
                label.number()
            ),
            format!("write \"{}\"", example_label(kind, exp)),
        ));
    }
    Ok(label.number().to_owned())
}

fn example_label(kind: UnitKind, n: &str) -> String {
    match kind {
        UnitKind::Absatz => format!("({n}) ..."),
        UnitKind::Nummer => format!("{n}. ..."),
        _ => format!("{n}) ..."),
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

/// Names the units the byte ranges fall in: "in Abs. 1 Nr. 2 and Abs. 6 S. 1".
fn describe_places(text: &str, hits: &[Range<usize>], number: &str) -> String {
    let Ok(body) = Body::parse(text) else {
        return format!("{} times", hits.len());
    };
    let outline = Outline::of(&body);
    let places: Vec<String> =
        hits.iter()
            .map(|h| {
                let unit = outline
                    .units
                    .iter()
                    .rfind(|u| u.range.start <= h.start && h.end <= u.range.end);
                match unit {
                    Some(u) => Citation::unit(None, number, outline.short_path(&u.path))
                        .format(Style::Short),
                    None => format!("§ {number}"),
                }
            })
            .collect();
    let mut unique: Vec<String> = Vec::new();
    for p in places {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    format!("in {}", unique.join(", "))
}

/// The amendment that deleted the words `needle` from the original text, if
/// they were there.
fn changed_by_earlier(text: &AttributedText, needle: &str) -> Option<AmendmentIx> {
    let old = text.old_text();
    let hits = words::find_whole(&old, needle);
    let mut pos = 0;
    for t in text.tokens().filter(|t| t.inserted_by.is_none()) {
        let r = pos..pos + t.text.len();
        pos = r.end;
        if let Some(by) = t.deleted_by
            && hits.iter().any(|h| h.start < r.end && r.start < h.end)
        {
            return Some(by);
        }
    }
    None
}

/// Carries out `edits` (which must not overlap) from the last to the first,
/// so earlier offsets stay valid. `live` is the text's current
/// [`AttributedText::new_text`], which the edits' ranges refer to.
fn apply_edits(
    text: &mut AttributedText,
    live: &str,
    mut edits: Vec<Edit>,
    ix: AmendmentIx,
    warnings: &mut Vec<ApplyError>,
) {
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
    let mut touched = Vec::new();
    for e in edits {
        if e.word_diff {
            let old = &live[e.range.clone()];
            let ops = words::diff(old, &e.text);
            for op in ops.into_iter().rev() {
                if op.tag == similar::DiffTag::Equal {
                    continue;
                }
                let at = e.range.start + op.old.start;
                touched.extend(text.delete(at..e.range.start + op.old.end, ix));
                text.insert(at, &e.text[op.new.clone()], ix);
            }
        } else {
            touched.extend(text.delete(e.range.clone(), ix));
            text.insert(e.range.start, &e.text, ix);
        }
    }
    touched.sort_unstable();
    touched.dedup();
    for other in &touched {
        warnings.push(ApplyError {
            amendment: Some(ix),
            field: Field::Words,
            message: "this amendment changes words that an earlier amendment inserted".into(),
            hint: "allowed, but the earlier amendment's words never reach the law; consider merging the two".into(),
            other: Some(*other),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::citation;

    fn amendment(id: String, section: &str, action: Action) -> Amendment {
        Amendment {
            id,
            target: citation::parse(&format!("§ {section}")).unwrap(),
            action,
            rationale: String::new(),
        }
    }

    /// Amendments taken in turn over every shipped section: some apply,
    /// some fail (words not found, words already changed), some warn
    /// (striking words an earlier amendment inserted).
    fn spread_over(store: &crate::load::Store) -> Proposal {
        let mut proposal = store.proposal("ijm-osec").unwrap().clone();
        let sections: Vec<String> = store.laws[0]
            .sections
            .iter()
            .map(|s| s.number.clone())
            .collect();
        let actions = [
            Action::InsertWords {
                anchor: "wird".into(),
                position: Position::After,
                words: "auch".into(),
                occurrence: Occurrence::Nth(1),
            },
            Action::ReplaceWords {
                words: "Freiheitsstrafe".into(),
                by: "Strafe".into(),
                occurrence: Occurrence::Every,
            },
            Action::DeleteWords {
                words: "auch".into(),
                occurrence: Occurrence::Nth(1),
            },
            Action::ReplaceWords {
                words: "gibt es nirgends".into(),
                by: "x".into(),
                occurrence: Occurrence::Only,
            },
            Action::DeleteWords {
                words: "Freiheitsstrafe".into(),
                occurrence: Occurrence::Nth(1),
            },
        ];
        proposal.amendments = actions
            .iter()
            .enumerate()
            .flat_map(|(a, action)| {
                sections
                    .iter()
                    .map(move |s| amendment(format!("a{a}-{s}"), s, action.clone()))
            })
            .collect();
        proposal
    }

    #[test]
    fn groups_share_no_section_and_keep_the_order() {
        let store = crate::load::load(&crate::load::DirSource::new(env!("CARGO_MANIFEST_DIR")));
        let proposal = spread_over(&store);
        let groups = independent_groups(&proposal).unwrap();
        assert_eq!(groups.len(), store.laws[0].sections.len());
        for group in &groups {
            assert!(group.is_sorted());
            let target = &proposal.amendments[group[0]].target;
            assert!(
                group
                    .iter()
                    .all(|&ix| &proposal.amendments[ix].target == target)
            );
        }
        let mut all: Vec<usize> = groups.concat();
        all.sort_unstable();
        assert_eq!(all, (0..proposal.amendments.len()).collect::<Vec<_>>());
        // A new section may be touched by later amendments: one line.
        let federal = store.proposal("sexualisierte-gewalt-2021").unwrap();
        assert!(independent_groups(federal).is_none());
    }

    #[test]
    fn groups_side_by_side_give_what_one_line_gives() {
        let store = crate::load::load(&crate::load::DirSource::new(env!("CARGO_MANIFEST_DIR")));
        let law = &store.laws[0];
        let proposal = spread_over(&store);
        let day = jiff::civil::date(2021, 7, 1);
        let one_line = vec![(0..proposal.amendments.len()).collect::<Vec<_>>()];
        for stop_at_first in [false, true] {
            let side_by_side = run(law, &proposal, Some(day), stop_at_first);
            let in_line = run_groups(law, &proposal, day, stop_at_first, &one_line);
            if !stop_at_first {
                // What the test is about: amendments that apply, fail and warn.
                let (applied, errors) = &side_by_side;
                assert!(applied.sections.len() > 5, "{}", applied.sections.len());
                assert!(errors.len() > 5, "{}", errors.len());
                assert!(!applied.warnings.is_empty());
            }
            assert_eq!(side_by_side.1, in_line.1);
            if !stop_at_first {
                assert_eq!(side_by_side.0, in_line.0);
            }
        }
    }
}
