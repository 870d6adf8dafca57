//! LANGUAGE.md is the learners' reference, so its examples must be right: every
//! ```` ```scenario ```` block compiles, and every ```` ```scenario-error ```` block fails with
//! exactly the message in the ```` ```text ```` block that follows it.

use scenario::compile;
use scenario::doc::{Block, blocks, examples};

#[test]
fn every_scenario_example_compiles() {
    let examples = examples();
    assert!(examples.len() >= 10, "only {} examples", examples.len());
    for Block { body, line, .. } in examples {
        if let Err(e) = compile(&body) {
            panic!(
                "LANGUAGE.md, example at line {line}:\n{}\n{body}",
                e.render("example")
            );
        }
    }
}

#[test]
fn every_error_example_gives_the_message_shown() {
    let all = blocks();
    let mut seen = 0;
    for (i, Block { info, body, line }) in all.iter().enumerate() {
        if *info != "scenario-error" {
            continue;
        }
        let Block {
            info: next_info,
            body: expected,
            ..
        } = &all[i + 1];
        assert_eq!(
            *next_info, "text",
            "the error example at line {line} needs a text block after it"
        );
        let err = compile(body).expect_err("an error example must fail");
        assert_eq!(
            format!("{}\n", err.render("lesson.lab")),
            *expected,
            "example at line {line}"
        );
        seen += 1;
    }
    assert!(seen >= 2);
}
