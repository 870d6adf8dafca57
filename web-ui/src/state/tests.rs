//! The reducer, natively: stepping, seeking, playing, settings, links, edits.

use super::*;
use runtime_core::TaskState;

fn fifo() -> Rc<AppState> {
    Rc::new(AppState::new(
        &scenario::presets::find("fifo").unwrap().source,
        Some("fifo"),
    ))
}

fn queue_names(s: &AppState) -> Vec<String> {
    let run = s.run.as_ref().unwrap();
    s.snapshot.workers.first().map_or_else(Vec::new, |w| {
        w.local.iter().map(|t| run.names.task(*t)).collect()
    })
}

fn state_of(s: &AppState, name: &str) -> &'static str {
    s.snapshot
        .task_named(name)
        .map_or("absent", |t| t.state.as_str())
}

#[test]
fn a_new_state_has_run_its_program_and_sits_at_the_start() {
    let s = fifo();
    assert!(s.compiles());
    assert!(s.len() > 20);
    assert_eq!(s.cursor, 0);
    assert!(!s.stale);
    assert!(s.current_event().is_none());
}

#[test]
fn stepping_forward_and_back_is_reversible() {
    let mut s = fifo();
    let mut seen = Vec::new();
    for _ in 0..s.len() {
        seen.push((s.cursor, s.snapshot.clone()));
        s = apply(s, Action::Forward(Unit::Event));
    }
    let end = s.clone();
    assert_eq!(s.cursor, s.len());
    let same = apply(s.clone(), Action::Forward(Unit::Event));
    assert!(
        Rc::ptr_eq(&same, &s),
        "stepping past the end changes nothing"
    );
    for (cursor, snap) in seen.into_iter().rev() {
        s = apply(s, Action::Back(Unit::Event));
        assert_eq!(s.cursor, cursor);
        assert_eq!(
            *s.snapshot, *snap,
            "back to {cursor} gives the same state as forward"
        );
    }
    let s = apply(s, Action::End);
    assert_eq!(*s.snapshot, *end.snapshot);
}

#[test]
fn the_ready_queue_follows_the_fifo_rules() {
    let mut s = fifo();
    // After the three spawns, the queue is [a, b, c].
    while queue_names(&s).len() < 3 {
        s = apply(s, Action::Forward(Unit::Event));
    }
    assert_eq!(queue_names(&s), ["a", "b", "c"]);
    assert_eq!(state_of(&s, "a"), "queued");
    // One poll later: a ran and went to sleep for 1ms: it is idle, in no queue.
    s = apply(s, Action::Forward(Unit::Poll));
    assert!(matches!(
        s.current_event().unwrap().event,
        Event::PollEnd { .. }
    ));
    assert_eq!(queue_names(&s), ["b", "c"]);
    assert_eq!(state_of(&s, "a"), "idle");
    // b and c do the same; at 1ms the timers fire in the order they were registered, and each
    // wake puts its task at the back: [a, b, c] again.
    s = apply(s, Action::Forward(Unit::Poll));
    s = apply(s, Action::Forward(Unit::Poll));
    assert!(queue_names(&s).is_empty());
    while queue_names(&s).len() < 3 {
        s = apply(s, Action::Forward(Unit::Event));
    }
    assert_eq!(queue_names(&s), ["a", "b", "c"]);
    // Back by poll goes to the last poll boundary: the end of c's first poll...
    s = apply(s, Action::Back(Unit::Poll));
    assert!(queue_names(&s).is_empty());
    assert!(matches!(
        s.current_event().unwrap().event,
        Event::PollEnd { .. }
    ));
    // ...and from a boundary, to the one before, down to the start.
    for _ in 0..3 {
        s = apply(s, Action::Back(Unit::Poll));
    }
    assert_eq!(s.cursor, 0);
}

#[test]
fn poll_steps_land_after_poll_ends_and_back_to_the_start() {
    let mut s = fifo();
    let mut ends = 0;
    loop {
        let next = apply(s.clone(), Action::Forward(Unit::Poll));
        if Rc::ptr_eq(&next, &s) {
            break;
        }
        s = next;
        assert!(matches!(
            s.current_event().unwrap().event,
            Event::PollEnd { .. }
        ));
        ends += 1;
    }
    assert_eq!(ends, 6, "three tasks, two polls each");
    for _ in 0..6 {
        s = apply(s, Action::Back(Unit::Poll));
    }
    assert_eq!(s.cursor, 0);
}

#[test]
fn wake_and_timer_steps() {
    let mut s = Rc::new(AppState::new(
        &scenario::presets::find("backpressure").unwrap().source,
        None,
    ));
    let consumer = s.snapshot.task_named("consumer").map(|t| t.id);
    assert!(consumer.is_none(), "nothing has happened at the start");
    s = apply(s, Action::Forward(Unit::Timer));
    assert!(matches!(
        s.current_event().unwrap().event,
        Event::TimerRegistered { .. }
    ));
    let consumer = s.snapshot.task_named("consumer").unwrap().id;
    s = apply(s, Action::Select(Some(consumer)));
    s = apply(s, Action::Forward(Unit::Wake));
    match &s.current_event().unwrap().event {
        Event::Woken { task, .. } => assert_eq!(*task, consumer),
        other => panic!("{other:?}"),
    }
}

#[test]
fn seeking_far_uses_checkpoints_and_matches_stepping() {
    let s = Rc::new(AppState::new(
        &scenario::presets::find("thousand_timeouts").unwrap().source,
        None,
    ));
    let n = s.len();
    assert!(n > 10_000);
    let far = apply(s.clone(), Action::Seek(n - 5));
    let mut stepped = apply(s, Action::Seek(n - 10));
    for _ in 0..5 {
        stepped = apply(stepped, Action::Forward(Unit::Event));
    }
    assert_eq!(*far.snapshot, *stepped.snapshot);
}

#[test]
fn playing_advances_one_event_a_tick_and_stops_at_the_end() {
    let mut s = fifo();
    s = apply(s, Action::TogglePlay);
    assert!(s.playing);
    s = apply(s, Action::PlayTick);
    assert_eq!(s.cursor, 1);
    let end = s.len();
    s = apply(s, Action::Seek(end));
    s = apply(s, Action::PlayTick);
    assert!(!s.playing, "playing stops at the end");
    let paused = apply(s.clone(), Action::PlayTick);
    assert!(Rc::ptr_eq(&paused, &s));
}

#[test]
fn settings_rerun_the_program_and_keep_the_step() {
    let mut s = Rc::new(AppState::new(
        &scenario::presets::find("work_stealing").unwrap().source,
        None,
    ));
    s = apply(s, Action::Seek(20));
    let o = Overrides {
        workers: Some(1),
        ..Overrides::default()
    };
    s = apply(s, Action::SetOverrides(o));
    assert_eq!(s.cursor, 20);
    assert_eq!(s.snapshot.settings.workers, 1);
    s = apply(s, Action::End);
    assert_eq!(state_of(&s, "spawner"), "done");
}

#[test]
fn editing_shows_errors_without_losing_the_last_run() {
    let s = fifo();
    let run = s.run.clone();
    let s = apply(
        s,
        Action::Edit("task a {\n    slep(1ms).await;\n}\n".into()),
    );
    let err = s.compile_error().unwrap();
    assert_eq!(err.span.line, 2);
    assert!(s.stale);
    assert!(
        Rc::ptr_eq(s.run.as_ref().unwrap(), run.as_ref().unwrap()),
        "the last good run stays"
    );
    let same = apply(s.clone(), Action::Run);
    assert!(Rc::ptr_eq(&same, &s), "a program with errors does not run");
    let s = apply(s, Action::Edit("task a { print(\"fixed\"); }".into()));
    let s = apply(s, Action::Run);
    assert!(!s.stale);
    assert_eq!(s.preset, None);
    let s = apply(s, Action::End);
    assert_eq!(state_of(&s, "a"), TaskState::Done.as_str());
}

#[test]
fn a_shared_link_opens_the_same_step() {
    let mut s = Rc::new(AppState::new(
        &scenario::presets::find("tour").unwrap().source,
        Some("tour"),
    ));
    s = apply(s, Action::Seek(37));
    let link = share::encode(&share::Shared {
        source: s.source.to_string(),
        preset: s.preset.as_deref().map(String::from),
        overrides: s.overrides,
        cursor: s.cursor,
        walk: None,
    });
    let opened = share::decode(&link).unwrap().unwrap();
    let t = apply(fifo(), Action::OpenShared(opened));
    assert_eq!(t.cursor, 37);
    assert_eq!(*t.snapshot, *s.snapshot);
    assert_eq!(t.preset.as_deref(), Some("tour"));
}

#[test]
fn an_imported_trace_can_be_stepped_without_a_program() {
    let s = fifo();
    let events = s.run.as_ref().unwrap().replay.events().to_vec();
    let t = apply(
        Rc::new(AppState::new("task x { }", None)),
        Action::ImportTrace(events),
    );
    assert!(t.run.as_ref().unwrap().program.is_none());
    let t = apply(t, Action::End);
    assert_eq!(state_of(&t, "c"), "done");
}

#[test]
fn presenter_mode_shows_only_the_chosen_panels() {
    let s = fifo();
    assert!(s.shows(Panel::Log));
    let s = apply(s, Action::TogglePresenter);
    assert!(!s.shows(Panel::Log));
    assert!(s.shows(Panel::Queues));
    let s = apply(s, Action::TogglePanel(Panel::Log));
    assert!(s.shows(Panel::Log));
}

#[test]
fn a_preset_or_link_never_loses_the_users_program() {
    let s = Rc::new(AppState::new("task mine { print(\"my work\"); }", None));
    let s = apply(s, Action::LoadPreset("fifo".into()));
    assert_eq!(
        s.replaced.as_deref(),
        Some("task mine { print(\"my work\"); }")
    );
    // Switching presets again keeps the user's program, not the first preset.
    let s = apply(s, Action::LoadPreset("tour".into()));
    assert_eq!(
        s.replaced.as_deref(),
        Some("task mine { print(\"my work\"); }")
    );
    let s = apply(s, Action::Restore);
    assert_eq!(&*s.source, "task mine { print(\"my work\"); }");
    assert!(s.replaced.is_none());
    assert!(!s.stale, "restoring runs it");
}

#[test]
fn an_imported_program_runs_and_the_one_it_replaced_can_be_restored() {
    let s = Rc::new(AppState::new("task mine { print(\"my work\"); }", None));
    let s = apply(s, Action::ImportProgram("task theirs { }".into()));
    assert_eq!(&*s.source, "task theirs { }");
    assert!(!s.stale, "it runs at once");
    assert!(
        !s.typed,
        "saved as a program put in the editor, not as a keystroke"
    );
    assert_eq!(
        s.replaced.as_deref(),
        Some("task mine { print(\"my work\"); }")
    );
}

#[test]
fn predict_mode_stops_before_each_question_until_it_is_answered() {
    let mut s = fifo();
    s = apply(s, Action::TogglePredict);
    let first = s.quiz.as_ref().unwrap().quiz.predictions[0].reveal;
    // Stepping to the end stops at the first question instead.
    s = apply(s, Action::End);
    let end = s.len();
    assert_eq!(s.cursor, end, "End is not a step: it goes to the end");
    s = apply(s, Action::Home);
    for _ in 0..end {
        s = apply(s, Action::Forward(Unit::Event));
    }
    assert_eq!(
        s.cursor, first,
        "stepping stops where the question is asked"
    );
    let same = apply(s.clone(), Action::Forward(Unit::Poll));
    assert!(Rc::ptr_eq(&same, &s), "no step past an unanswered question");
    assert!(
        s.question_open(),
        "the log and the timeline hide what comes next"
    );
    let (i, p) = s
        .quiz
        .as_ref()
        .unwrap()
        .at(s.cursor)
        .map(|(i, p)| (i, p.clone()))
        .unwrap();
    s = apply(s, Action::Answer(i, p.answer));
    assert_eq!(s.quiz.as_ref().unwrap().quiz.score().right, 1);
    assert!(!s.question_open(), "answered: nothing is hidden any more");
    s = apply(s, Action::Forward(Unit::Event));
    assert_eq!(s.cursor, first + 1, "answered: the event is revealed");
}

#[test]
fn a_challenge_starts_in_the_lab_and_its_solution_passes() {
    let id = classroom::challenge::all()[0].id.clone();
    let mut s = apply(fifo(), Action::StartChallenge(id.clone()));
    let c = s.challenge.clone().unwrap();
    assert_eq!(&*s.source, c.challenge.start.as_str());
    s = apply(s, Action::CheckChallenge);
    assert!(
        !s.challenge.as_ref().unwrap().passed,
        "the starting program fails"
    );
    let failed = s
        .challenge
        .as_ref()
        .unwrap()
        .results
        .as_ref()
        .unwrap()
        .iter()
        .find(|r| !r.passed)
        .unwrap()
        .clone();
    assert!(!failed.message.is_empty());
    s = apply(s, Action::Edit(c.challenge.solution.clone()));
    s = apply(s, Action::CheckChallenge);
    assert!(s.challenge.as_ref().unwrap().passed, "the solution passes");
    assert!(!s.stale, "the lab shows the run the goals were checked on");

    // After a reload the lab starts from the saved draft; resuming brings the goals back and
    // keeps that program.
    let draft = format!("{}\n// edited", c.challenge.start);
    let reloaded = Rc::new(AppState::new(&draft, None));
    let resumed = apply(reloaded, Action::ResumeChallenge(id.clone()));
    assert_eq!(&*resumed.source, draft.as_str());
    assert_eq!(resumed.challenge.as_ref().unwrap().challenge.id, id);
    assert!(resumed.challenge.as_ref().unwrap().results.is_none());
}

#[test]
fn a_walkthrough_opens_at_a_stop_with_its_panels_and_link() {
    let w = classroom::walkthrough::find("self-wake").unwrap();
    let mut s = apply(fifo(), Action::StartWalkthrough("self-wake".into(), 2));
    let walk = s.walk.clone().unwrap();
    assert_eq!(walk.stop, 2);
    assert_eq!(s.cursor, walk.stops[2].index + 1);
    assert!(s.presenter);
    for p in &w.stops[2].show {
        assert!(s.shows(*p));
    }
    let link = share::encode(&share::Shared {
        source: s.source.to_string(),
        preset: None,
        overrides: s.overrides,
        cursor: s.cursor,
        walk: Some(("self-wake".into(), 2)),
    });
    assert!(link.starts_with("v=1&walk=self-wake&stop=3"));
    let opened = apply(
        fifo(),
        Action::OpenShared(share::decode(&link).unwrap().unwrap()),
    );
    assert_eq!(opened.cursor, s.cursor);
    s = apply(s, Action::GoToStop(3));
    assert_eq!(s.cursor, walk.stops[3].index + 1);
}

#[test]
fn an_audience_window_follows_the_presenter() {
    let mut presenter = apply(fifo(), Action::StartWalkthrough("self-wake".into(), 1));
    presenter = apply(presenter, Action::Forward(Unit::Event));
    let shared = share::Shared {
        source: presenter.source.to_string(),
        preset: None,
        overrides: presenter.overrides,
        cursor: presenter.cursor,
        walk: presenter
            .walk
            .as_ref()
            .map(|w| ("self-wake".into(), w.stop)),
    };
    let audience = apply(
        Rc::new(AppState::new("task x { }", None)),
        Action::SetAudience(true),
    );
    let audience = apply(
        audience,
        Action::Follow(shared.clone(), presenter.presenter_panels, None, false),
    );
    assert_eq!(audience.cursor, presenter.cursor);
    assert_eq!(*audience.snapshot, *presenter.snapshot);
    assert!(audience.presenter && audience.audience);
    let stop = |s: &AppState| s.walk.as_ref().map(|w| w.answers[w.stop]);
    assert_eq!(stop(&audience), Some(None), "not revealed yet");
    // The presenter reveals the room's answer: the audience shows it too.
    let audience = apply(
        audience,
        Action::Follow(shared, presenter.presenter_panels, None, true),
    );
    assert_eq!(stop(&audience), Some(Some(0)));
    assert_eq!(audience.cursor, presenter.cursor);
}

#[test]
fn a_live_rerun_keeps_the_event_when_nothing_before_it_changed() {
    let source = "task a {\n    print(\"one\");\n    sleep(5ms).await;\n    print(\"two\");\n}\n";
    let s = Rc::new(AppState::new(source, None));
    let s = apply(s, Action::Seek(4));
    let before = s.current_event().cloned();
    // An edit after the cursor: the events up to it are the same.
    let s = apply(s, Action::Edit(source.replace("\"two\"", "\"three\"")));
    assert!(s.stale);
    let s = apply(s, Action::Rerun);
    assert!(!s.stale);
    assert_eq!(s.cursor, 4);
    assert_eq!(s.current_event().cloned(), before);
    assert_eq!(s.rerun, Some((4, rerun::Place::SameEvent)));
    // Nothing edited since: no second run.
    assert!(Rc::ptr_eq(&s, &apply(s.clone(), Action::Rerun)));
}

#[test]
fn a_live_rerun_after_an_earlier_change_goes_to_the_same_poll_of_the_same_task() {
    let source = "task a {\n    sleep(1ms).await;\n    print(\"a\");\n}\ntask b {\n    sleep(2ms).await;\n    print(\"b\");\n}\n";
    let s = Rc::new(AppState::new(source, None));
    let run = s.run.clone().unwrap();
    // b's second poll: its start, and one event into it.
    let second_of_b = run
        .replay
        .events()
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.event, Event::PollStart { task, .. } if run.names.task(task) == "b"))
        .nth(1)
        .unwrap()
        .0;
    let s = apply(s, Action::Seek(second_of_b + 2));
    // A print added to the first task changes the events before the cursor.
    let edited = source.replace("print(\"a\");", "print(\"a\");\n    print(\"more\");");
    let s = apply(s, Action::Edit(edited));
    let s = apply(s, Action::Rerun);
    let (at, place) = s.rerun.clone().unwrap();
    assert_eq!(
        place,
        rerun::Place::SamePoll {
            task: "b".into(),
            poll: 2
        }
    );
    assert_eq!(at, s.cursor);
    let new = s.run.as_ref().unwrap();
    let start = new.event(at - 2).unwrap();
    assert!(
        matches!(start.event, Event::PollStart { task, .. } if new.names.task(task) == "b"),
        "two events into b's second poll, as before"
    );
    assert_ne!(at, second_of_b + 2, "the events before it moved");
}

#[test]
fn a_live_rerun_starts_over_when_the_task_is_gone() {
    let source =
        "task a {\n    print(\"a\");\n}\ntask b {\n    yield_now().await;\n    print(\"b\");\n}\n";
    let s = Rc::new(AppState::new(source, None));
    let s = apply(s, Action::End);
    let s = apply(s, Action::Edit("task a {\n    print(\"a\");\n}\n".into()));
    let s = apply(s, Action::Rerun);
    assert_eq!(s.rerun, Some((0, rerun::Place::Start)));
    assert_eq!(s.cursor, 0);
}

#[test]
fn a_program_with_an_error_is_not_rerun() {
    let s = fifo();
    let s = apply(s, Action::Edit("task a { slep(1ms).await; }".into()));
    assert!(Rc::ptr_eq(&s, &apply(s.clone(), Action::Rerun)));
}

#[test]
fn polls_and_wakes_are_in_event_order_in_every_preset() {
    // The timeline finds the polls and wakes of its window by binary search on `seq`.
    for p in scenario::presets::all() {
        let s = AppState::new(&p.source, None);
        let run = s.run.as_ref().unwrap();
        assert!(!run.polls.is_empty(), "{}: no polls", p.name);
        assert!(
            run.polls.is_sorted_by_key(|b| b.seq),
            "{}: polls out of order",
            p.name
        );
        assert!(
            run.wakes.is_sorted_by_key(|w| w.seq),
            "{}: wakes out of order",
            p.name
        );
    }
}

/// Before the engine has loaded: an edit shows at once, an action that runs waits, and the
/// engine's arrival applies what waited, in order.
#[test]
fn actions_wait_for_the_engine_and_run_in_order_when_it_arrives() {
    let fifo = scenario::presets::find("fifo").unwrap().source;
    let s = Rc::new(AppState::starting(&fifo, Some("fifo"), false));
    assert!(s.run.is_none(), "no first run for this program: it waits");
    assert_eq!(s.waiting.len(), 1);
    assert!(s.compiled.is_none());
    let s = apply(
        s,
        Action::SetOverrides(Overrides {
            workers: Some(2),
            ..Overrides::default()
        }),
    );
    let s = apply(s, Action::Edit(format!("{fifo}\n// mine")));
    assert!(s.source.ends_with("// mine"), "an edit shows at once");
    assert!(s.compiled.is_none() && s.run.is_none());
    let s = apply(s, Action::Run);
    // One run: the one with the new settings supersedes the first, and Run asks for it again.
    assert_eq!(s.waiting.len(), 2, "{:?}", s.waiting);
    let s = apply(s, Action::EngineReady);
    assert!(s.waiting.is_empty());
    assert!(s.compiles());
    let run = s.run.as_ref().expect("the waiting runs ran");
    assert!(!s.stale);
    assert_eq!(s.overrides.workers, Some(2));
    assert!(
        run.replay
            .events()
            .iter()
            .any(|r| matches!(r.event, Event::RuntimeStarted { workers: 2, .. })),
        "the settings chosen before the engine arrived apply"
    );
    let again = apply(s.clone(), Action::EngineReady);
    assert!(Rc::ptr_eq(&again, &s), "a second arrival changes nothing");
}

#[test]
fn a_broken_program_waits_for_the_engine_to_say_so() {
    let s = Rc::new(AppState::starting(
        "task a {\n    slep(1ms).await;\n}\n",
        None,
        false,
    ));
    assert!(s.compile_error().is_none(), "not known yet");
    let s = apply(s, Action::EngineReady);
    assert_eq!(s.compile_error().unwrap().span.line, 2);
    assert!(s.run.is_none());
}

#[test]
fn a_link_opened_before_the_engine_shows_its_program_and_goes_to_its_step_on_arrival() {
    let fifo = scenario::presets::find("fifo").unwrap().source;
    let lost = scenario::presets::find("lost_waker").unwrap().source;
    let s = Rc::new(AppState::starting(&fifo, Some("fifo"), false));
    let shared = share::Shared {
        source: lost.clone(),
        preset: Some("lost_waker".into()),
        overrides: Overrides::default(),
        cursor: 7,
        walk: None,
    };
    let s = apply(s, Action::OpenShared(shared));
    assert_eq!(*s.source, *lost, "the link's program shows at once");
    assert!(s.run.is_none(), "no run of another program stays on screen");
    let s = apply(s, Action::EngineReady);
    assert!(s.run.is_some());
    assert_eq!(s.cursor, 7);
    assert_eq!(s.preset.as_deref(), Some("lost_waker"));
}
