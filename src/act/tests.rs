//! The wording of each kind of instruction and the grouping of instructions,
//! on the shipped sections as in force on 2021-07-01.

use jiff::civil::date;

use super::*;
use crate::load::{DirSource, Store, load};
use crate::model::citation::parse;
use crate::model::proposal::{Action, Amendment, NewSection, Occurrence, Position, ReplaceForm};

fn store() -> Store {
    load(&DirSource::new(env!("CARGO_MANIFEST_DIR")))
}

fn proposal(amendments: &[(&str, Action)]) -> Proposal {
    Proposal {
        id: "test".into(),
        title: "Gesetz zur Prüfung der Änderungsbefehle".into(),
        author: "Test".into(),
        date: date(2021, 7, 1),
        status: Status::Draft,
        law: "StGB".into(),
        base: date(2021, 7, 1),
        entry_into_force: None,
        note: None,
        rationale: "Allgemein.".into(),
        amendments: amendments
            .iter()
            .enumerate()
            .map(|(i, (target, action))| Amendment {
                id: format!("a{i}"),
                target: parse(target).unwrap_or_else(|e| panic!("{target}: {e}")),
                action: action.clone(),
                rationale: format!("Grund {i}."),
            })
            .collect(),
    }
}

fn act(amendments: &[(&str, Action)]) -> Act {
    let store = store();
    let law = store.law(Some("StGB")).unwrap();
    build(&proposal(amendments), law).unwrap_or_else(|e| panic!("{e}: {}", e.hint))
}

/// Every instruction as "label text" with its quote, one per line, indented.
fn lines(act: &Act) -> Vec<String> {
    fn walk(i: &Instruction, depth: usize, out: &mut Vec<String>) {
        let mut line = format!("{}{} {}", "  ".repeat(depth), i.label, i.text);
        if let Some(q) = &i.quote {
            let end = if q.period { "“." } else { "“" };
            line.push_str(&format!(" „{}{end}", q.paragraphs.join(" ¶ ")));
        }
        out.push(line);
        for c in &i.children {
            walk(c, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    for i in &act.articles[0].instructions {
        walk(i, 0, &mut out);
    }
    out
}

/// The wording of a proposal with a single amendment.
fn one(target: &str, action: Action) -> String {
    let l = lines(&act(&[(target, action)]));
    assert_eq!(l.len(), 1, "{l:#?}");
    l[0].clone()
}

fn words(words: &str, by: &str, occurrence: Occurrence) -> Action {
    Action::ReplaceWords {
        words: words.into(),
        by: by.into(),
        occurrence,
    }
}

#[test]
fn replacing_words() {
    assert_eq!(
        one(
            "§ 176 Abs. 2",
            words("Gericht", "Tatgericht", Occurrence::Only)
        ),
        "1. In § 176 Absatz 2 wird das Wort „Gericht“ durch das Wort „Tatgericht“ ersetzt."
    );
    assert_eq!(
        one(
            "§ 176 Abs. 2",
            words(
                "nach dieser Vorschrift",
                "nach den Absätzen 1 und 2",
                Occurrence::Only
            )
        ),
        "1. In § 176 Absatz 2 werden die Wörter „nach dieser Vorschrift“ durch die Angabe „nach den Absätzen 1 und 2“ ersetzt."
    );
    assert_eq!(
        one(
            "§ 176 Abs. 2",
            words("Absatzes 1 Nummer 1", "Absatzes 1", Occurrence::Only)
        ),
        "1. In § 176 Absatz 2 wird die Angabe „Absatzes 1 Nummer 1“ durch die Angabe „Absatzes 1“ ersetzt."
    );
}

#[test]
fn every_and_one_of_several_occurrences() {
    // "Täter" occurs twice in § 176 Absatz 2.
    assert_eq!(
        one(
            "§ 176 Abs. 2",
            words("Täter", "Beschuldigte", Occurrence::Every)
        ),
        "1. In § 176 Absatz 2 wird das Wort „Täter“ jeweils durch das Wort „Beschuldigte“ ersetzt."
    );
    assert_eq!(
        one(
            "§ 176 Abs. 2",
            words("Täter", "Beschuldigte", Occurrence::Nth(2))
        ),
        "1. In § 176 Absatz 2 wird das zweite Wort „Täter“ durch das Wort „Beschuldigte“ ersetzt."
    );
    assert_eq!(
        one(
            "§ 176 Abs. 2",
            Action::DeleteWords {
                words: "der Täter".into(),
                occurrence: Occurrence::Nth(1)
            }
        ),
        "1. In § 176 Absatz 2 werden die Wörter „der Täter“ bei ihrem ersten Vorkommen gestrichen."
    );
}

#[test]
fn inserting_and_deleting_words() {
    let insert = |anchor: &str, position, new: &str, occurrence| Action::InsertWords {
        anchor: anchor.into(),
        position,
        words: new.into(),
        occurrence,
    };
    assert_eq!(
        one(
            "§ 176 Abs. 2",
            insert(
                "Gericht",
                Position::After,
                "im Einzelfall",
                Occurrence::Only
            )
        ),
        "1. In § 176 Absatz 2 werden nach dem Wort „Gericht“ die Wörter „im Einzelfall“ eingefügt."
    );
    assert_eq!(
        one(
            "§ 176 Abs. 2",
            insert("Täter", Position::Before, "beschuldigte", Occurrence::Every)
        ),
        "1. In § 176 Absatz 2 wird jeweils vor dem Wort „Täter“ das Wort „beschuldigte“ eingefügt."
    );
    assert_eq!(
        one(
            "§ 176 Abs. 2",
            insert(
                "Gericht",
                Position::After,
                ", soweit geboten,",
                Occurrence::Only
            )
        ),
        "1. In § 176 Absatz 2 werden nach dem Wort „Gericht“ ein Komma und die Wörter „soweit geboten,“ eingefügt."
    );
    assert_eq!(
        one(
            "§ 176 Abs. 2",
            Action::DeleteWords {
                words: "nach dieser Vorschrift".into(),
                occurrence: Occurrence::Only
            }
        ),
        "1. In § 176 Absatz 2 werden die Wörter „nach dieser Vorschrift“ gestrichen."
    );
}

#[test]
fn replacing_units() {
    let text = "(3) Der Versuch ist strafbar.";
    assert_eq!(
        one(
            "§ 176a Abs. 3",
            Action::ReplaceUnit {
                text: text.into(),
                form: ReplaceForm::Fassen
            }
        ),
        "1. § 176a Absatz 3 wird wie folgt gefasst: „(3) Der Versuch ist strafbar.“"
    );
    assert_eq!(
        one(
            "§ 176a Abs. 3",
            Action::ReplaceUnit {
                text: text.into(),
                form: ReplaceForm::Ersetzen
            }
        ),
        "1. § 176a Absatz 3 wird durch den folgenden Absatz 3 ersetzt: „(3) Der Versuch ist strafbar.“"
    );
    assert_eq!(
        one(
            "§ 176a Abs. 3 Satz 2",
            Action::ReplaceUnit {
                text: "Satz.".into(),
                form: ReplaceForm::Ersetzen
            }
        ),
        "1. § 176a Absatz 3 Satz 2 wird durch den folgenden Satz ersetzt: „Satz.“"
    );
    assert_eq!(
        one(
            "§ 176a Abs. 1 Nr. 2",
            Action::ReplaceUnit {
                text: "2. ein Kind bestimmt,".into(),
                form: ReplaceForm::Ersetzen
            }
        ),
        "1. § 176a Absatz 1 Nummer 2 wird durch die folgende Nummer 2 ersetzt: „2. ein Kind bestimmt,“."
    );
    // A whole section's text is quoted with its number and heading.
    assert_eq!(
        one(
            "§ 176d",
            Action::ReplaceUnit {
                text: "Neuer Text.\n".into(),
                form: ReplaceForm::Ersetzen
            }
        ),
        "1. § 176d wird durch den folgenden § 176d ersetzt: „§ 176d ¶ Sexueller Missbrauch von Kindern mit Todesfolge ¶ Neuer Text.“"
    );
}

#[test]
fn repealing_units() {
    assert_eq!(
        one("§ 182 Abs. 5", Action::RepealUnit { renumber: false }),
        "1. § 182 Absatz 5 wird aufgehoben."
    );
    assert_eq!(
        one("§ 182 Abs. 5", Action::RepealUnit { renumber: true }),
        "1. In § 182 wird Absatz 5 aufgehoben und der bisherige Absatz 6 wird Absatz 5."
    );
    assert_eq!(
        one("§ 182 Abs. 3", Action::RepealUnit { renumber: true }),
        "1. In § 182 wird Absatz 3 aufgehoben und die bisherigen Absätze 4 bis 6 werden die Absätze 3 bis 5."
    );
    assert_eq!(
        one(
            "§ 176a Abs. 3 Satz 2",
            Action::RepealUnit { renumber: false }
        ),
        "1. § 176a Absatz 3 Satz 2 wird aufgehoben."
    );
    assert_eq!(
        one("§ 176d", Action::RepealSection),
        "1. § 176d wird aufgehoben."
    );
}

#[test]
fn inserting_units() {
    assert_eq!(
        one(
            "§ 176 Abs. 1 Nr. 2",
            Action::InsertUnit {
                text: "2a. neu,".into(),
                renumber: false
            }
        ),
        "1. Nach § 176 Absatz 1 Nummer 2 wird die folgende Nummer 2a eingefügt: „2a. neu,“."
    );
    assert_eq!(
        one(
            "§ 176 Abs. 1 Nr. 2",
            Action::InsertUnit {
                text: "3. neu,".into(),
                renumber: true
            }
        ),
        "1. In § 176 Absatz 1 wird die bisherige Nummer 3 Nummer 4 und nach Nummer 2 wird die folgende Nummer 3 eingefügt: „3. neu,“."
    );
    assert_eq!(
        one(
            "§ 182 Abs. 2",
            Action::InsertUnit {
                text: "(3) Neu.".into(),
                renumber: true
            }
        ),
        "1. In § 182 werden die bisherigen Absätze 3 bis 6 die Absätze 4 bis 7 und nach Absatz 2 wird der folgende Absatz 3 eingefügt: „(3) Neu.“"
    );
    assert_eq!(
        one(
            "§ 176a Abs. 3 Satz 1",
            Action::InsertUnit {
                text: "Neuer Satz.".into(),
                renumber: false
            }
        ),
        "1. Nach § 176a Absatz 3 Satz 1 wird der folgende Satz eingefügt: „Neuer Satz.“"
    );
}

#[test]
fn appending_and_prepending() {
    assert_eq!(
        one(
            "§ 176a Abs. 3",
            Action::AppendUnit {
                text: "Angefügt.".into()
            }
        ),
        "1. Dem § 176a Absatz 3 wird der folgende Satz angefügt: „Angefügt.“"
    );
    assert_eq!(
        one(
            "§ 176",
            Action::AppendUnit {
                text: "(3) Angefügt.".into()
            }
        ),
        "1. Dem § 176 wird der folgende Absatz 3 angefügt: „(3) Angefügt.“"
    );
    assert_eq!(
        one(
            "§ 176 Abs. 1",
            Action::AppendUnit {
                text: "4. angefügt.".into()
            }
        ),
        "1. Dem § 176 Absatz 1 wird die folgende Nummer 4 angefügt: „4. angefügt.“"
    );
    assert_eq!(
        one(
            "§ 176a Abs. 3",
            Action::PrependUnit {
                text: "Vorab.".into()
            }
        ),
        "1. Dem § 176a Absatz 3 wird der folgende Satz vorangestellt: „Vorab.“"
    );
    assert_eq!(
        one(
            "§ 176",
            Action::PrependUnit {
                text: "(1) Vorab.".into()
            }
        ),
        "1. In § 176 werden die bisherigen Absätze 1 und 2 die Absätze 2 und 3 und vor dem neuen Absatz 2 wird der folgende Absatz 1 eingefügt: „(1) Vorab.“"
    );
}

#[test]
fn sections_and_headings() {
    assert_eq!(
        one(
            "§ 182",
            Action::ReplaceTitle {
                title: "Sexueller Missbrauch von Jugendlichen".into()
            }
        ),
        "1. Die Überschrift des § 182 wird wie folgt gefasst: „Sexueller Missbrauch von Jugendlichen“."
    );
    let ns = |n: &str| NewSection {
        number: n.into(),
        title: "Neue Vorschrift".into(),
        text: "(1) Erstens.\n\n(2) Zweitens.\n".into(),
    };
    assert_eq!(
        one("§ 176f", Action::InsertSection(ns("176f"))),
        "1. Nach § 176d wird der folgende § 176f eingefügt: „§ 176f ¶ Neue Vorschrift ¶ (1) Erstens. ¶ (2) Zweitens.“"
    );
    assert_eq!(
        one("§ 175", Action::InsertSection(ns("175"))),
        "1. Vor § 176 wird der folgende § 175 eingefügt: „§ 175 ¶ Neue Vorschrift ¶ (1) Erstens. ¶ (2) Zweitens.“"
    );
    assert_eq!(
        one(
            "§§ 176d bis 176e",
            Action::ReplaceSections {
                sections: vec![ns("176d")]
            }
        ),
        "1. Die §§ 176d bis 176e werden durch den folgenden § 176d ersetzt: „§ 176d ¶ Neue Vorschrift ¶ (1) Erstens. ¶ (2) Zweitens.“"
    );
}

#[test]
fn one_absatz_among_several_buchstaben_gets_doppelbuchstaben() {
    let a = act(&[
        (
            "§ 176 Abs. 2",
            words("Gericht", "Tatgericht", Occurrence::Only),
        ),
        (
            "§ 176 Abs. 1 Nr. 3",
            words("anbietet", "anbietet, vermittelt", Occurrence::Only),
        ),
        (
            "§ 176 Abs. 2",
            Action::DeleteWords {
                words: "nach dieser Vorschrift".into(),
                occurrence: Occurrence::Only,
            },
        ),
        (
            "§ 176",
            Action::ReplaceTitle {
                title: "Sexueller Missbrauch von Kindern mit Körperkontakt".into(),
            },
        ),
    ]);
    assert_eq!(
        lines(&a),
        [
            "1. § 176 wird wie folgt geändert:",
            "  a) Absatz 2 wird wie folgt geändert:",
            "    aa) Das Wort „Gericht“ wird durch das Wort „Tatgericht“ ersetzt.",
            "    bb) Die Wörter „nach dieser Vorschrift“ werden gestrichen.",
            "  b) In Absatz 1 Nummer 3 wird das Wort „anbietet“ durch die Wörter „anbietet, vermittelt“ ersetzt.",
            "  c) Die Überschrift wird wie folgt gefasst: „Sexueller Missbrauch von Kindern mit Körperkontakt“.",
        ]
    );
}

#[test]
fn a_renumbered_absatz_is_called_new() {
    let a = act(&[
        (
            "§ 182 Abs. 2",
            Action::InsertUnit {
                text: "(3) Neu.".into(),
                renumber: true,
            },
        ),
        (
            "§ 182 Abs. 7",
            words("Gericht", "Tatgericht", Occurrence::Only),
        ),
        (
            "§ 182 Abs. 7",
            words("Absätze 1 bis 3", "Absätze 1, 2 und 4", Occurrence::Only),
        ),
        (
            "§ 182 Abs. 5",
            Action::AppendUnit {
                text: "Angefügt.".into(),
            },
        ),
    ]);
    let l = lines(&a);
    assert_eq!(l[2], "  b) Der neue Absatz 7 wird wie folgt geändert:");
    assert_eq!(
        l[3],
        "    aa) Das Wort „Gericht“ wird durch das Wort „Tatgericht“ ersetzt."
    );
    assert_eq!(
        l[5],
        "  c) Dem neuen Absatz 5 wird der folgende Satz angefügt: „Angefügt.“"
    );
}

#[test]
fn a_new_unit_inside_a_cited_one_is_named_in_place() {
    let a = act(&[
        (
            "§ 176 Abs. 1 Nr. 2",
            Action::InsertUnit {
                text: "3. neu,".into(),
                renumber: true,
            },
        ),
        (
            "§ 176 Abs. 1 Satz 1 Nr. 4",
            words(
                "Nummer 1 oder Nummer 2",
                "den Nummern 1 bis 3",
                Occurrence::Only,
            ),
        ),
    ]);
    assert_eq!(
        lines(&a)[2],
        "  b) In Satz 1 in der neuen Nummer 4 wird die Angabe „Nummer 1 oder Nummer 2“ durch die Angabe „den Nummern 1 bis 3“ ersetzt."
    );
}

#[test]
fn the_act_and_references_share_one_numbering() {
    let store = store();
    let law = store.law(Some("StGB")).unwrap();
    for p in &store.proposals {
        let act = build(p, law).unwrap_or_else(|e| panic!("{}: {e}", p.id));
        let mut leaves = Vec::new();
        fn walk<'a>(i: &'a Instruction, out: &mut Vec<(&'a str, &'a str)>) {
            if let Some(id) = &i.amendment {
                out.push((id.as_str(), i.reference.as_str()));
            }
            for c in &i.children {
                walk(c, out);
            }
        }
        for i in &act.articles[0].instructions {
            walk(i, &mut leaves);
        }
        let refs = references(p);
        assert_eq!(leaves.len(), p.amendments.len(), "{}", p.id);
        for (id, reference) in leaves {
            let ix = p.amendments.iter().position(|a| a.id == id).unwrap();
            assert_eq!(reference, refs[ix], "{} {id}", p.id);
        }
    }
}

#[test]
fn frame_of_the_act() {
    let mut p = proposal(&[(
        "§ 176 Abs. 2",
        words("Gericht", "Tatgericht", Occurrence::Only),
    )]);
    p.entry_into_force = Some(date(2022, 1, 1));
    let store = store();
    let act = build(&p, store.law(Some("StGB")).unwrap()).unwrap();
    assert_eq!(
        act.heading,
        "Entwurf eines Gesetzes zur Prüfung der Änderungsbefehle"
    );
    assert_eq!(act.articles[0].title, "Änderung des Strafgesetzbuches");
    assert_eq!(
        act.articles[0].intro,
        "Das Strafgesetzbuch in der Fassung der Bekanntmachung vom 13. November 1998 (BGBl. I S. 3322) wird wie folgt geändert:"
    );
    assert_eq!(
        act.articles[1].intro,
        "Dieses Gesetz tritt am 1. Januar 2022 in Kraft."
    );
    let zu: Vec<&str> = act
        .rationale
        .special
        .iter()
        .map(|z| z.heading.as_str())
        .collect();
    assert_eq!(zu, ["Zu Artikel 1", "Zu Artikel 2"]);
    assert_eq!(
        act.rationale.special[0].children[0].heading,
        "Zu Nummer 1 (§ 176)"
    );
    assert_eq!(
        act.rationale.special[0].children[0].paragraphs,
        ["Grund 0."]
    );
    p.entry_into_force = None;
    assert_eq!(
        build(&p, store.law(Some("StGB")).unwrap())
            .unwrap()
            .articles
            .len(),
        1
    );
}

#[test]
fn headings_of_drafts() {
    assert_eq!(
        heading("Gesetz zur Verbesserung des Schutzes"),
        "Entwurf eines Gesetzes zur Verbesserung des Schutzes"
    );
    assert_eq!(
        heading("Zweites Gesetz zur Änderung des Strafgesetzbuches"),
        "Entwurf eines Zweiten Gesetzes zur Änderung des Strafgesetzbuches"
    );
    assert_eq!(
        heading("Strafrechtsänderungsgesetz"),
        "Entwurf eines Strafrechtsänderungsgesetzes"
    );
    assert_eq!(heading("Reform"), "Entwurf: Reform");
    assert_eq!(genitive("Strafprozessordnung"), "der Strafprozessordnung");
}

#[test]
fn errors_are_the_engines() {
    let store = store();
    let law = store.law(Some("StGB")).unwrap();
    let e = build(&proposal(&[]), law).unwrap_err();
    assert!(e.message.contains("no amendments"), "{}", e.message);
    let e = build(
        &proposal(&[("§ 176 Abs. 2", words("Unsinn", "x", Occurrence::Only))]),
        law,
    )
    .unwrap_err();
    assert_eq!(e.amendment, Some(0));
}
