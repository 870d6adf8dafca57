//! The panels, rendered in headless Chromium from a known state, and driven by clicks: each
//! test waits for Yew with `yew::scheduler::flush()`, never with a sleep.
//! Run with `cargo test --target wasm32-unknown-unknown -p web-ui` (see `./lab test`).
#![cfg(target_arch = "wasm32")]
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_ui::components::ByPtr;
use web_ui::components::blocking_pool::BlockingPoolPanel;
use web_ui::components::controls::StepControls;
use web_ui::components::editor::EditorPanel;
use web_ui::components::pin::PinPanel;
use web_ui::components::queues::ReadyQueuePanel;
use web_ui::components::tasks::TaskTablePanel;
use web_ui::components::wakers::WakerPanel;
use web_ui::components::wheel::TimerWheelPanel;
use web_ui::state::trace_view::TraceView;
use web_ui::state::{Action, AppState, apply};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct HarnessProps {
    source: AttrValue,
    step: usize,
}

/// Owns a reducer, starting from `source` at `step`, and renders the panels under test.
#[component]
fn Harness(props: &HarnessProps) -> Html {
    let source = props.source.clone();
    let step = props.step;
    let state = use_reducer(move || {
        (*apply(Rc::new(AppState::new(&source, None)), Action::Seek(step))).clone()
    });
    let view = ByPtr(Rc::new(TraceView::of(&state)));
    let d = state.dispatcher();
    html! {
        <>
            <StepControls view={view.clone()} playing={state.playing} speed={state.speed}
                predicting={state.quiz.is_some()}
                status={web_ui::components::controls::run_status(&state).map(AttrValue::from)}
                dispatch={d.clone()} />
            <ReadyQueuePanel view={view.clone()} dispatch={d.clone()} />
            <BlockingPoolPanel view={view.clone()} dispatch={d.clone()} />
            <TaskTablePanel view={view.clone()} dispatch={d.clone()} />
            <TimerWheelPanel view={view.clone()} dispatch={d.clone()} />
            <PinPanel view={view.clone()} dispatch={d.clone()} />
            <WakerPanel view={view.clone()} dispatch={d.clone()} />
            <EditorPanel source={ByPtr(state.source.clone())} tokens={ByPtr(state.tokens.clone())}
                error={state.compile_error().cloned().map(ByPtr)} stale={state.stale}
                run={state.run.clone().map(ByPtr)} dispatch={d} />
        </>
    }
}

async fn mount(source: &str, step: usize) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = HarnessProps {
        source: AttrValue::from(source.to_string()),
        step,
    };
    yew::Renderer::<Harness>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

fn preset(name: &str) -> &'static str {
    scenario::presets::find(name).unwrap().source.leak()
}

/// The trace of a preset's run, as the page replays it.
fn events_of(preset_name: &str) -> Vec<runtime_core::EventRecord> {
    events_of_source(preset(preset_name))
}

/// The trace of a program's run, as the page replays it.
fn events_of_source(source: &str) -> Vec<runtime_core::EventRecord> {
    let state = AppState::new(source, None);
    state.run.as_ref().unwrap().replay.events().to_vec()
}

fn all(root: &web_sys::Element, selector: &str, attr: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute(attr))
        .collect()
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn click(root: &web_sys::Element, selector: &str) {
    let el: web_sys::HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into();
    el.click();
}

#[wasm_bindgen_test]
async fn the_queue_and_the_task_table_show_the_state_at_the_cursor() {
    // fifo: after its three spawns the queue is [a, b, c].
    let events = events_of("fifo");
    let spawned_all = events
        .iter()
        .rposition(|e| matches!(&e.event, runtime_core::Event::Enqueued { .. }))
        .unwrap();
    let first_enqueues = events
        .iter()
        .filter(|e| e.event.kind() == "enqueued")
        .take(3)
        .last()
        .map(|e| e.seq as usize)
        .unwrap();
    assert!(first_enqueues < spawned_all);
    let root = mount(preset("fifo"), first_enqueues + 1).await;
    assert_eq!(
        all(&root, "[data-testid=ready-queue] [data-task]", "data-task"),
        ["a", "b", "c"]
    );
    assert_eq!(
        all(&root, "[data-testid=task-table] [data-state]", "data-state"),
        ["queued", "queued", "queued"]
    );
    // One click on step-forward: a is polled.
    click(&root, "[data-testid=step-forward]");
    yew::scheduler::flush().await;
    assert_eq!(
        all(&root, "[data-testid=ready-queue] [data-task]", "data-task"),
        ["b", "c"]
    );
    assert_eq!(
        all(
            &root,
            "[data-testid=task-table] [data-task=a]",
            "data-state"
        ),
        ["running"]
    );
    assert!(
        text(&root, "[data-testid=cursor]")
            .starts_with(&format!("event {} of", first_enqueues + 2))
    );
    // And back.
    click(&root, "[data-testid=step-back]");
    yew::scheduler::flush().await;
    assert_eq!(
        all(&root, "[data-testid=ready-queue] [data-task]", "data-task"),
        ["a", "b", "c"]
    );
}

#[wasm_bindgen_test]
async fn the_wheel_places_a_far_timer_in_level_two_and_the_pin_panel_names_the_state() {
    // wheel_cascade at its end of setup: near (3 ms), middle (20 ms), far (100 ms) registered.
    let state = AppState::new(preset("wheel_cascade"), None);
    let events = state.run.as_ref().unwrap().replay.events().to_vec();
    let third = events
        .iter()
        .filter(|e| e.event.kind() == "timer_registered")
        .nth(2)
        .unwrap()
        .seq as usize;
    let root = mount(preset("wheel_cascade"), third + 1).await;
    let mut busy: Vec<String> = {
        let list = root
            .query_selector_all("[data-testid=timer-wheel] .slot.busy")
            .unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .map(|e| {
                format!(
                    "{}/{}",
                    e.get_attribute("data-level").unwrap(),
                    e.get_attribute("data-slot").unwrap()
                )
            })
            .collect()
    };
    busy.sort();
    assert_eq!(busy, ["0/3", "1/2", "2/1"]);
    let pin = text(&root, "[data-testid=pin-panel]");
    assert!(pin.contains("enum FarFuture"), "{pin}");
    assert!(pin.contains("sleep(100ms).await"), "{pin}");
}

#[wasm_bindgen_test]
async fn the_editor_underlines_an_error_at_its_line() {
    let root = mount("task a {\n    slep(1ms).await;\n}\n", 0).await;
    let error = text(&root, "[data-testid=error]");
    assert!(error.starts_with("line 2, column 5: "), "{error}");
    assert!(
        root.query_selector(".tok.err").unwrap().is_some(),
        "the error's token is underlined"
    );
    let run: web_sys::HtmlButtonElement = root
        .query_selector("[data-testid=run]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(run.disabled(), "a program with an error cannot be run");
}

#[derive(Properties, PartialEq)]
struct MarkdownProps {
    text: AttrValue,
}

#[component]
fn MarkdownHarness(props: &MarkdownProps) -> Html {
    web_ui::components::markdown::render(&props.text)
}

/// Renders `source` as Markdown into a fresh element of the page.
async fn markdown(source: &str) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = MarkdownProps {
        text: AttrValue::from(source.to_string()),
    };
    yew::Renderer::<MarkdownHarness>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

/// A story, a hint or a narration is text: markup written in it is shown, never made.
/// (Lessons, with their tables, are rendered at build time: `exercises/tests/lesson_html.rs`.)
#[wasm_bindgen_test]
async fn markup_in_a_text_stays_text() {
    let root = markdown("Before <b>x</b> and `code`.\n\n- <i>item</i>\n\nAfter.").await;
    assert!(
        root.query_selector("b").unwrap().is_none(),
        "no markup from text"
    );
    assert!(
        root.query_selector("i").unwrap().is_none(),
        "no markup from text"
    );
    assert_eq!(text(&root, "p"), "Before <b>x</b> and code.");
    assert_eq!(text(&root, "li"), "<i>item</i>");
    assert_eq!(text(&root, "p code"), "code");
}

#[wasm_bindgen_test]
async fn emphasis_nests_code_and_emphasis() {
    let root =
        markdown("**Yield means Pending *and* a wake.** Then *a promise from `cx` to you*.").await;
    let one = |sel: &str| text(&root, sel);
    assert_eq!(one("strong"), "Yield means Pending and a wake.");
    assert_eq!(one("strong em"), "and");
    assert_eq!(one("p > em"), "a promise from cx to you");
    assert_eq!(one("p > em code"), "cx");
    assert_eq!(
        one("p"),
        "Yield means Pending and a wake. Then a promise from cx to you.",
        "no marker is left as text"
    );
}

#[wasm_bindgen_test]
async fn only_https_links_become_links_and_their_labels_keep_code() {
    let root = markdown(
        "See [tokio-rs/tokio `tokio/src/task/yield_now.rs`](https://github.com/tokio-rs/tokio/blob/master/tokio/src/task/yield_now.rs) and [this](javascript:alert(1)).",
    )
    .await;
    let links = root.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1, "the javascript: link is text");
    let a: web_sys::Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(
        a.get_attribute("href").as_deref(),
        Some("https://github.com/tokio-rs/tokio/blob/master/tokio/src/task/yield_now.rs")
    );
    assert_eq!(text(&root, "a code"), "tokio/src/task/yield_now.rs");
}

#[wasm_bindgen_test]
async fn a_task_woken_into_a_queue_is_not_called_lost_before_its_enqueue() {
    // io_reactor: the timer wakes `reader` by value (its only clone is used up) and the
    // `enqueued` comes one event later; in between it is idle with no clone, but not lost.
    let events = events_of("io_reactor");
    let woken = events
        .iter()
        .position(|e| {
            matches!(
                e.event,
                runtime_core::Event::Woken {
                    by_ref: false,
                    effect: runtime_core::trace::WakeEffect::Queued(_),
                    source: runtime_core::trace::WakeSource::Timer(_),
                    ..
                }
            )
        })
        .unwrap();
    assert_eq!(events[woken + 1].event.kind(), "enqueued");
    let root = mount(preset("io_reactor"), woken + 1).await;
    let reader = text(&root, ".ownership [data-task=reader]");
    assert!(reader.contains("just woken"), "{reader}");
    assert!(all(&root, ".ownership li.lost", "data-task").is_empty());

    // lost_waker: at the end, the task that returned Pending with no waker is lost.
    let len = events_of("lost_waker").len();
    let root = mount(preset("lost_waker"), len).await;
    assert!(!all(&root, ".ownership li.lost", "data-task").is_empty());
    assert!(text(&root, ".ownership li.lost").contains("can never be woken"));
}

/// The index (0-based) of the first event of `preset` that `pick` accepts.
fn first(preset_name: &str, pick: impl Fn(&runtime_core::Event) -> bool) -> usize {
    events_of(preset_name)
        .iter()
        .position(|e| pick(&e.event))
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_panels_agree_in_the_gaps_between_a_decision_and_its_enqueue_or_completion() {
    use runtime_core::Event;
    use runtime_core::trace::PollOutcome;
    // fifo: at `spawned a` the task is queued by the runtime but in no queue yet.
    let spawned = first("fifo", |e| matches!(e, Event::Spawned { .. }));
    let root = mount(preset("fifo"), spawned + 1).await;
    assert_eq!(
        text(&root, "[data-testid=task-table] [data-task=a] .badge"),
        "→ queue"
    );
    assert!(all(&root, "[data-testid=ready-queue] [data-task]", "data-task").is_empty());

    // fifo: during a's first poll its future resumed from `Unresumed`.
    let first_poll = first("fifo", |e| matches!(e, Event::PollStart { .. }));
    let root = mount(preset("fifo"), first_poll + 1).await;
    assert_eq!(
        text(&root, "[data-testid=pin-panel] .variant.active code"),
        "Unresumed"
    );

    // At the `poll_end` after a self-wake the task is queued next, not lost. (The channel's
    // receiver slot keeps `t`'s waker after the timeout drops its `recv`, so `t`'s own send
    // wakes `t` while it runs, as with Tokio's mpsc.)
    let program = "chan c: 1;\ntask t { let r = timeout(1ms, c.recv()).await; c.send(1).await; \
                   sleep(1ms).await; }";
    let events = events_of_source(program);
    let woke_itself = events
        .iter()
        .position(|r| {
            matches!(
                r.event,
                Event::Woken {
                    effect: runtime_core::trace::WakeEffect::SelfWake,
                    ..
                }
            )
        })
        .unwrap();
    let self_woken = woke_itself
        + events[woke_itself..]
            .iter()
            .position(|r| {
                matches!(
                    r.event,
                    Event::PollEnd {
                        outcome: PollOutcome::Pending,
                        ..
                    }
                )
            })
            .unwrap();
    let root = mount(program, self_woken + 1).await;
    assert!(all(&root, ".ownership li.lost", "data-task").is_empty());
    assert_eq!(
        all(
            &root,
            "[data-testid=task-table] [data-task=t]",
            "data-state"
        ),
        ["queued"]
    );

    // blocking: at the `long_poll` after hog's last poll returned Ready, its future is in
    // `Returned`, not being polled again.
    let long = first("blocking", |e| matches!(e, Event::LongPoll { .. }));
    let root = mount(preset("blocking"), long + 1).await;
    assert_eq!(
        text(&root, "[data-testid=pin-panel] .variant.active code"),
        "Returned"
    );
    assert!(!text(&root, "[data-testid=pin-panel]").contains("Being polled now"));
}

#[wasm_bindgen_test]
async fn yielded_tasks_wait_on_the_defer_lane_and_come_back_last_first() {
    use runtime_core::Event;
    // yield_now: once a, b and c have yielded, their wakers are on the defer list, in that
    // order, and no task is queued; nobody is lost (the list holds their wakers).
    let events = events_of("yield_now");
    let woken = events
        .iter()
        .position(|r| matches!(r.event, Event::DeferredWoken { .. }))
        .unwrap();
    let root = mount(preset("yield_now"), woken).await;
    assert_eq!(
        all(
            &root,
            "[data-testid=defer-list] [data-deferred]",
            "data-deferred"
        ),
        ["a", "b", "c"]
    );
    assert!(all(&root, "[data-testid=ready-queue] [data-task]", "data-task").is_empty());
    assert!(all(&root, ".ownership li.lost", "data-task").is_empty());
    assert!(text(&root, ".ownership").contains("defer:0"));
    // Once the list is woken, from its end: the queue is c, b, a, and the lane is empty.
    let root = mount(preset("yield_now"), woken + 7).await;
    assert_eq!(
        all(&root, "[data-testid=ready-queue] [data-task]", "data-task"),
        ["c", "b", "a"]
    );
    assert!(
        all(
            &root,
            "[data-testid=defer-list] [data-deferred]",
            "data-deferred"
        )
        .is_empty()
    );
}

/// A `select` without `biased;` starts at a branch drawn from the run's seed: the same
/// programs give, in the browser, the traces the native snapshots pin (scenario's tests).
#[wasm_bindgen_test]
fn seeded_selects_give_the_same_traces_in_the_browser_as_natively() {
    for (name, native) in [
        (
            "select_cancel",
            include_str!("../../scenario/tests/snapshots/presets__select_cancel.snap"),
        ),
        (
            "tour",
            include_str!("../../scenario/tests/snapshots/presets__tour.snap"),
        ),
    ] {
        let program = scenario::compile(preset(name)).unwrap();
        let run = scenario::run(&program, &scenario::RunOptions::default());
        let browser = runtime_core::trace::text::lines(&run.events);
        // The snapshot is insta's: a `---` header, then the trace.
        let trace = native.splitn(3, "---\n").nth(2).expect("an insta header");
        let pinned: Vec<&str> = trace.lines().collect();
        assert_eq!(browser.len(), pinned.len(), "{name}");
        for (b, n) in browser.iter().zip(&pinned) {
            assert_eq!(b, n, "{name}");
        }
    }
}

/// The blocking pool at the cursor: spawn_blocking's cap of one thread runs the first blocking
/// task while the second waits in the pool's queue; when the first finishes, the thread takes
/// the second. A run that never uses the pool draws no pool.
#[wasm_bindgen_test]
async fn the_pool_panel_shows_the_running_blocking_task_and_the_one_waiting() {
    use runtime_core::Event;
    let events = events_of("spawn_blocking");
    let queued: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.event, Event::BlockingQueued { .. }))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(queued.len(), 2);
    // Before anything: the cap (from the run), no thread yet.
    let root = mount(preset("spawn_blocking"), 0).await;
    let pool = "[data-testid=blocking-pool]";
    assert_eq!(all(&root, pool, "data-cap"), ["1"]);
    assert!(all(&root, "[data-testid=pool-thread]", "data-state").is_empty());
    assert!(text(&root, pool).contains("no thread yet"));
    // Just after the second `blocking_queued`: thread 0 runs task 2, task 3 waits.
    let root = mount(preset("spawn_blocking"), queued[1] + 1).await;
    assert_eq!(
        all(&root, "[data-testid=pool-thread]", "data-state"),
        ["blocking"]
    );
    assert_eq!(
        all(&root, "[data-testid=pool-thread]", "data-task-id"),
        ["2"]
    );
    assert_eq!(
        all(
            &root,
            "[data-testid=pool-queue] [data-task-id]",
            "data-task-id"
        ),
        ["3"]
    );
    assert!(text(&root, pool).contains("1 of 1 threads busy"));
    // After the first one's `blocking_finished`, the next `blocking_started` gives thread 0 to task 3.
    let finished = events
        .iter()
        .position(|r| matches!(r.event, Event::BlockingFinished { .. }))
        .unwrap();
    let started = finished
        + events[finished..]
            .iter()
            .position(|r| matches!(r.event, Event::BlockingStarted { .. }))
            .unwrap();
    let root = mount(preset("spawn_blocking"), finished + 1).await;
    assert_eq!(
        all(&root, "[data-testid=pool-thread]", "data-state"),
        ["idle"]
    );
    let root = mount(preset("spawn_blocking"), started + 1).await;
    assert_eq!(
        all(&root, "[data-testid=pool-thread]", "data-task-id"),
        ["3"]
    );
    assert!(
        all(
            &root,
            "[data-testid=pool-queue] [data-task-id]",
            "data-task-id"
        )
        .is_empty()
    );
    // No pool for a program that does not use it.
    let root = mount(preset("fifo"), 3).await;
    assert!(all(&root, pool, "data-cap").is_empty());
}
