//! LANGUAGE.md is the learners' reference, so its examples must be right: every
//! ```` ```scenario ```` block compiles, and every ```` ```scenario-error ```` block fails with
//! exactly the message in the ```` ```text ```` block that follows it.

use scenario::compile;

const DOC: &str = include_str!("../LANGUAGE.md");

/// `(info string, body, line of the opening fence)` of every fenced block.
fn blocks() -> Vec<(&'static str, String, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(&str, String, usize)> = None;
    for (i, line) in DOC.lines().enumerate() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim(), String::new(), i + 1)),
            (Some(_), Some(_)) => out.push(current.take().unwrap()),
            (Some((_, body, _)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(current.is_none(), "unclosed code block");
    out
}

#[test]
fn every_scenario_example_compiles() {
    let examples: Vec<_> = blocks()
        .into_iter()
        .filter(|(info, ..)| *info == "scenario")
        .collect();
    assert!(examples.len() >= 10, "only {} examples", examples.len());
    for (_, body, line) in examples {
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
    for (i, (info, body, line)) in all.iter().enumerate() {
        if *info != "scenario-error" {
            continue;
        }
        let (next_info, expected, _) = &all[i + 1];
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
