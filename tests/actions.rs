//! Every action kind on the real sections, with its error cases.

use jiff::civil::{Date, date};
use novelle::apply::{ApplyError, apply};
use novelle::load::{DirSource, load};
use novelle::model::citation;
use novelle::model::proposal::{
    Action, Amendment, NewSection, Occurrence, Position, Proposal, ReplaceForm, Status,
};
use novelle::model::statute::{Content, Law};

fn law() -> Law {
    let store = load(&DirSource::new(env!("CARGO_MANIFEST_DIR")));
    store.law(Some("StGB")).unwrap().clone()
}

fn proposal(base: Date, amendments: &[(&str, Action)]) -> Proposal {
    Proposal {
        id: "t".into(),
        title: "Test".into(),
        author: "Test".into(),
        date: base,
        status: Status::Draft,
        law: "StGB".into(),
        base,
        entry_into_force: None,
        note: None,
        rationale: String::new(),
        amendments: amendments
            .iter()
            .enumerate()
            .map(|(i, (target, action))| Amendment {
                id: format!("a{i}"),
                target: citation::parse(target).unwrap(),
                action: action.clone(),
                rationale: String::new(),
            })
            .collect(),
    }
}

/// Applies the amendments to the law of 2021-07-01; returns the new text of `section`.
fn after(section: &str, amendments: &[(&str, Action)]) -> String {
    after_on(date(2021, 7, 1), section, amendments).unwrap_or_else(|e| panic!("{e}: {}", e.hint))
}

fn after_on(
    base: Date,
    section: &str,
    amendments: &[(&str, Action)],
) -> Result<String, ApplyError> {
    let law = law();
    let applied = apply(&law, &proposal(base, amendments), None)?;
    let s = applied
        .sections
        .iter()
        .find(|s| s.number == section)
        .expect("section touched");
    Ok(s.after.text().to_owned())
}

fn fails(amendments: &[(&str, Action)]) -> ApplyError {
    let law = law();
    apply(&law, &proposal(date(2021, 7, 1), amendments), None).expect_err("must fail")
}

fn replace(words: &str, by: &str) -> Action {
    Action::ReplaceWords {
        words: words.into(),
        by: by.into(),
        occurrence: Occurrence::Only,
    }
}

fn original(section: &str) -> String {
    law()
        .section(section)
        .unwrap()
        .at(date(2021, 7, 1))
        .unwrap()
        .content
        .text()
        .to_owned()
}

#[test]
fn replace_words_in_the_cited_unit_only() {
    let t = after(
        "176",
        &[(
            "§ 176 Abs. 1 Nr. 3",
            replace("Nummer 1 oder Nummer 2", "den Nummern 1 und 2"),
        )],
    );
    assert_eq!(
        t,
        original("176").replace("Nummer 1 oder Nummer 2", "den Nummern 1 und 2")
    );
}

#[test]
fn replace_words_every_occurrence_with_jeweils() {
    let action = Action::ReplaceWords {
        words: "Täter".into(),
        by: "Täterin".into(),
        occurrence: Occurrence::Every,
    };
    let t = after("176", &[("§ 176 Abs. 2", action)]);
    assert_eq!(t.matches("Täterin").count(), 2);
}

#[test]
fn replace_words_nth_occurrence() {
    let action = Action::ReplaceWords {
        words: "Täter".into(),
        by: "Täterin".into(),
        occurrence: Occurrence::Nth(2),
    };
    let t = after("176", &[("§ 176 Abs. 2", action)]);
    assert!(t.contains("zwischen Täter und Kind"), "{t}");
    assert!(t.contains("es sei denn, der Täterin nutzt"), "{t}");
}

#[test]
fn words_found_twice_name_both_places() {
    let e = fails(&[("§ 176 Abs. 2", replace("Täter", "Täterin"))]);
    assert!(
        e.message.contains("occur twice in § 176 Abs. 2"),
        "{}",
        e.message
    );
    assert!(e.hint.contains("jeweils"), "{}", e.hint);
}

#[test]
fn words_not_found_say_where_they_are() {
    let e = fails(&[(
        "§ 176 Abs. 1 Nr. 1",
        replace("dritten Person", "anderen Person"),
    )]);
    assert!(
        e.message.contains("do not occur in § 176 Abs. 1 Nr. 1"),
        "{}",
        e.message
    );
    assert!(e.hint.contains("Abs. 1 Nr. 2"), "{}", e.hint);
}

#[test]
fn matching_is_exact_and_whole_words() {
    let e = fails(&[("§ 176 Abs. 2", replace("täter", "x"))]);
    assert!(e.hint.contains("capitalisation"), "{}", e.hint);
    let e = fails(&[("§ 176 Abs. 2", replace("Tät", "x"))]);
    assert!(e.message.contains("do not occur"), "{}", e.message);
    let e = fails(&[("§ 176 Abs. 2", replace("Täter.*", "x"))]);
    assert!(e.message.contains("do not occur"), "{}", e.message);
}

#[test]
fn nth_occurrence_out_of_range() {
    let action = Action::ReplaceWords {
        words: "Täter".into(),
        by: "x".into(),
        occurrence: Occurrence::Nth(3),
    };
    let e = fails(&[("§ 176 Abs. 2", action)]);
    assert!(e.message.contains("no occurrence 3"), "{}", e.message);
}

#[test]
fn insert_words_after_and_before() {
    let after_a = Action::InsertWords {
        anchor: "Reifegrad".into(),
        position: Position::After,
        words: "oder Bildungsstand".into(),
        occurrence: Occurrence::Only,
    };
    let t = after("176", &[("§ 176 Abs. 2", after_a)]);
    assert!(t.contains("Reifegrad oder Bildungsstand gering"), "{t}");
    let comma = Action::InsertWords {
        anchor: "Reifegrad".into(),
        position: Position::After,
        words: ", Bildungsstand".into(),
        occurrence: Occurrence::Only,
    };
    assert!(after("176", &[("§ 176 Abs. 2", comma)]).contains("Reifegrad, Bildungsstand gering"));
    let before = Action::InsertWords {
        anchor: "gering".into(),
        position: Position::Before,
        words: "nur".into(),
        occurrence: Occurrence::Only,
    };
    assert!(after("176", &[("§ 176 Abs. 2", before)]).contains("Reifegrad nur gering"));
}

#[test]
fn delete_words_leaves_no_double_space() {
    let action = Action::DeleteWords {
        words: "einvernehmlich".into(),
        occurrence: Occurrence::Only,
    };
    let t = after("176", &[("§ 176 Abs. 2", action)]);
    assert!(t.contains("die sexuelle Handlung erfolgt"), "{t}");
    assert!(!t.contains("  "));
}

#[test]
fn replace_a_unit_with_fassen() {
    let action = Action::ReplaceUnit {
        text: "(2) Das Gericht kann von Strafe absehen.".into(),
        form: ReplaceForm::Fassen,
    };
    let t = after("176", &[("§ 176 Abs. 2", action)]);
    assert!(
        t.ends_with("(2) Das Gericht kann von Strafe absehen.\n"),
        "{t}"
    );
    let wrong = Action::ReplaceUnit {
        text: "(3) Falsch numeriert.".into(),
        form: ReplaceForm::Ersetzen,
    };
    let e = fails(&[("§ 176 Abs. 2", wrong)]);
    assert!(
        e.message.contains("numbered 3, expected 2"),
        "{}",
        e.message
    );
}

#[test]
fn insert_a_nummer_with_renumbering() {
    let action = Action::InsertUnit {
        text: "3. ein Kind für Aufnahmen anbietet,".into(),
        renumber: true,
    };
    let t = after("176", &[("§ 176 Abs. 1 Nr. 2", action)]);
    assert!(
        t.contains(
            "\n\n3. ein Kind für Aufnahmen anbietet,\n\n4. ein Kind für eine Tat nach Nummer 1"
        ),
        "{t}"
    );
}

#[test]
fn insert_a_nummer_without_renumbering_takes_a_letter() {
    let ok = Action::InsertUnit {
        text: "2a. ein Kind anbietet,".into(),
        renumber: false,
    };
    let t = after("176", &[("§ 176 Abs. 1 Nr. 2", ok)]);
    assert!(t.contains("\n\n2a. ein Kind anbietet,\n\n3. "), "{t}");
    let clash = Action::InsertUnit {
        text: "3. ein Kind anbietet,".into(),
        renumber: false,
    };
    let e = fails(&[("§ 176 Abs. 1 Nr. 2", clash)]);
    assert!(e.message.contains("collides"), "{}", e.message);
    assert!(
        e.hint.contains("renumber = true") && e.hint.contains("2a"),
        "{}",
        e.hint
    );
}

#[test]
fn insert_an_absatz_and_a_satz() {
    let abs = Action::InsertUnit {
        text: "(2) Neuer Absatz.".into(),
        renumber: true,
    };
    let t = after("176a", &[("§ 176a Abs. 1", abs)]);
    assert!(
        t.contains("\n\n(2) Neuer Absatz.\n\n(3) Ebenso wird bestraft"),
        "{t}"
    );
    assert!(t.contains("\n\n(4) Der Versuch"), "{t}");
    let satz = Action::InsertUnit {
        text: "Neuer zweiter Satz.".into(),
        renumber: false,
    };
    let t = after("176a", &[("§ 176a Abs. 3 Satz 1", satz)]);
    assert!(t.contains("strafbar. Neuer zweiter Satz. Bei Taten"), "{t}");
}

#[test]
fn leichtfertigkeit_as_two_fine_grained_steps() {
    let t = after_on(
        date(2021, 9, 21),
        "232a",
        &[
            (
                "§ 232a Abs. 6 Satz 1",
                Action::InsertUnit {
                    text: "Neuer Satz.".into(),
                    renumber: false,
                },
            ),
            (
                "§ 232a Abs. 6 Satz 3",
                replace("Nach Satz 1", "Nach den Sätzen 1 und 2"),
            ),
        ],
    )
    .unwrap();
    assert!(
        t.contains("ausnutzt. Neuer Satz. Nach den Sätzen 1 und 2 wird nicht bestraft"),
        "{t}"
    );
}

#[test]
fn append_and_prepend() {
    let t = after(
        "176a",
        &[(
            "§ 176a Abs. 2",
            Action::AppendUnit {
                text: "Angefügter Satz.".into(),
            },
        )],
    );
    assert!(t.contains("verabredet. Angefügter Satz.\n\n(3)"), "{t}");
    let t = after(
        "176a",
        &[(
            "§ 176a Abs. 2",
            Action::PrependUnit {
                text: "Vorangestellter Satz.".into(),
            },
        )],
    );
    assert!(
        t.contains("(2) Vorangestellter Satz. Ebenso wird bestraft"),
        "{t}"
    );
    let t = after(
        "176",
        &[(
            "§ 176",
            Action::AppendUnit {
                text: "(3) Neuer letzter Absatz.".into(),
            },
        )],
    );
    assert!(
        t.ends_with("Selbstbestimmung aus.\n\n(3) Neuer letzter Absatz.\n"),
        "{t:?}"
    );
    let t = after(
        "176",
        &[(
            "§ 176 Abs. 1",
            Action::AppendUnit {
                text: "4. eine neue Nummer.".into(),
            },
        )],
    );
    assert!(
        t.contains("verspricht.\n\n4. eine neue Nummer.\n\n(2)"),
        "{t}"
    );
    let e = fails(&[(
        "§ 176",
        Action::AppendUnit {
            text: "(5) Falsche Zahl.".into(),
        },
    )]);
    assert!(
        e.message.contains("numbered 5, expected 3"),
        "{}",
        e.message
    );
    let e = fails(&[(
        "§ 176 Abs. 2",
        Action::AppendUnit {
            text: "1. erste Nummer".into(),
        },
    )]);
    assert!(e.message.contains("has no Nummern"), "{}", e.message);
}

#[test]
fn repeal_units() {
    let t = after(
        "176a",
        &[("§ 176a Abs. 2", Action::RepealUnit { renumber: false })],
    );
    assert!(
        t.contains("\n\n(2) (weggefallen)\n\n(3) Der Versuch"),
        "{t}"
    );
    let t = after(
        "176a",
        &[("§ 176a Abs. 2", Action::RepealUnit { renumber: true })],
    );
    assert!(t.contains("Reden einwirkt.\n\n(2) Der Versuch"), "{t}");
    let t = after(
        "176a",
        &[(
            "§ 176a Abs. 3 Satz 2",
            Action::RepealUnit { renumber: false },
        )],
    );
    assert!(t.ends_with("Nummer 1 und 2 strafbar.\n"), "{t:?}");
    let t = after(
        "176a",
        &[(
            "§ 176a Abs. 3 Satz 1",
            Action::RepealUnit { renumber: false },
        )],
    );
    assert!(t.ends_with("(3) Bei Taten nach Absatz 1 Nummer 3 ist der Versuch in den Fällen strafbar, in denen eine Vollendung der Tat allein daran scheitert, dass der Täter irrig annimmt, sein Einwirken beziehe sich auf ein Kind.\n"), "{t:?}");
}

#[test]
fn sections_inserted_replaced_repealed_and_retitled() {
    let law = law();
    let new = NewSection {
        number: "176f".into(),
        title: "Neue Vorschrift".into(),
        text: "(1) Neu.\n".into(),
    };
    let p = proposal(date(2021, 10, 1), &[("§ 176f", Action::InsertSection(new))]);
    let a = apply(&law, &p, None).unwrap();
    assert_eq!(a.sections[0].before, None);
    assert_eq!(
        a.sections[0].after,
        Content::Text {
            title: "Neue Vorschrift".into(),
            text: "(1) Neu.\n".into()
        }
    );

    let exists = NewSection {
        number: "176e".into(),
        title: "x".into(),
        text: "(1) x.\n".into(),
    };
    let e = apply(
        &law,
        &proposal(
            date(2021, 10, 1),
            &[("§ 176e", Action::InsertSection(exists))],
        ),
        None,
    )
    .unwrap_err();
    assert!(e.message.contains("already exists"), "{}", e.message);

    let p = proposal(date(2021, 7, 1), &[("§ 176d", Action::RepealSection)]);
    assert_eq!(
        apply(&law, &p, None).unwrap().sections[0].after,
        Content::Repealed
    );

    let p = proposal(
        date(2021, 7, 1),
        &[(
            "§ 176d",
            Action::ReplaceTitle {
                title: "Neuer Titel".into(),
            },
        )],
    );
    assert_eq!(
        apply(&law, &p, None).unwrap().sections[0].after.title(),
        "Neuer Titel"
    );
}

#[test]
fn a_range_replacement_repeals_what_it_does_not_replace() {
    let law = law();
    let one = NewSection {
        number: "176".into(),
        title: "Ein Paragraph".into(),
        text: "(1) Alles in einem.\n".into(),
    };
    let p = proposal(
        date(2021, 6, 30),
        &[(
            "§§ 176 bis 176b",
            Action::ReplaceSections {
                sections: vec![one],
            },
        )],
    );
    let a = apply(&law, &p, None).unwrap();
    let status: Vec<(&str, bool)> = a
        .sections
        .iter()
        .map(|s| (s.number.as_str(), s.after.is_repealed()))
        .collect();
    assert_eq!(status, [("176", false), ("176a", true), ("176b", true)]);
}

#[test]
fn targets_that_do_not_exist() {
    let e = fails(&[("§ 176 Abs. 4", replace("x", "y"))]);
    assert!(e.message.contains("does not name a unit"), "{}", e.message);
    let e = fails(&[("§ 999", replace("x", "y"))]);
    assert!(e.message.contains("no § 999"), "{}", e.message);
    let e = fails(&[("§ 176 Abs. 1 BGB", replace("x", "y"))]);
    assert!(e.message.contains("is in the BGB"), "{}", e.message);
    let e = fails(&[("§ 176e", replace("x", "y"))]);
    assert!(
        e.hint.contains("enters into force on 2021-09-22"),
        "{}",
        e.hint
    );
}

#[test]
fn later_amendments_see_the_new_numbering() {
    let t = after(
        "176",
        &[
            (
                "§ 176 Abs. 1 Nr. 2",
                Action::InsertUnit {
                    text: "3. neue Nummer,".into(),
                    renumber: true,
                },
            ),
            (
                "§ 176 Abs. 1 Nr. 4",
                replace("Nummer 1 oder Nummer 2", "den Nummern 1 bis 3"),
            ),
        ],
    );
    assert!(
        t.contains("4. ein Kind für eine Tat nach den Nummern 1 bis 3 anbietet"),
        "{t}"
    );
}

#[test]
fn a_failed_amendment_leaves_no_trace_when_checking_all() {
    let law = law();
    let good = ("§ 176 Abs. 2", replace("einvernehmlich", "im Einvernehmen"));
    // Inserts a Nummer, then fails on words that do not occur: the insertion
    // must be undone with it (a single amendment is all or nothing).
    let bad = (
        "§§ 176 bis 176b",
        Action::ReplaceSections {
            sections: vec![NewSection {
                number: "176".into(),
                title: "x".into(),
                text: "(2) kaputt\n".into(),
            }],
        },
    );
    let with_bad = proposal(date(2021, 7, 1), &[good.clone(), bad, good.clone()]);
    let (applied, errors) = novelle::apply::apply_all(&law, &with_bad, None);
    assert_eq!(
        errors.len(),
        2,
        "the bad one, and the second good one that no longer finds its words"
    );
    assert_eq!(errors[0].amendment, Some(1));
    let only_good = apply(&law, &proposal(date(2021, 7, 1), &[good]), None).unwrap();
    assert_eq!(applied.sections[0].after, only_good.sections[0].after);
    assert_eq!(applied.sections.len(), 1, "§§ 176a and 176b untouched");
}
