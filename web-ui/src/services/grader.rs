//! The page's side of the grading worker: one request at a time, each with a time limit.
//!
//! * A reply arrives: pass it on, send the next request.
//! * The time limit passes: the check ran an endless loop (or a future that never completes);
//!   the worker is terminated and replaced, and the check fails with that message.
//! * Learner code panicked (a `todo!()`, say): the worker reports the message, then traps; it
//!   is replaced.
//!
//! Replacing a worker means loading and compiling the grader's wasm again, which takes long
//! with a debug build. So a *spare* worker is kept loaded in the background: a replacement is
//! ready at once, and a run of four panicking checks costs no more than one. Each worker has a
//! generation number, and messages from a worker that has been replaced are ignored.
//!
//! So the page never freezes, whatever the learner's code does.

use grader::protocol::{CheckResult, Reply, Request};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::Callback;

/// How long one check may run.
pub const TIME_LIMIT_MS: u32 = 5_000;
/// How long a new worker may take to load before grading gives up.
pub const START_LIMIT_MS: u32 = 30_000;
/// The worker's script, next to the page (relative: the site works from any folder).
const SCRIPT: &str = "./grader_loader.js";

type Job = (Request, Callback<Reply>);
type OnMessage = Closure<dyn Fn(MessageEvent)>;
type OnError = Closure<dyn Fn(ErrorEvent)>;

/// One worker and its handlers.
struct Slot {
    generation: u32,
    worker: Worker,
    ready: bool,
    handlers: (OnMessage, OnError),
}

struct Inner {
    active: Option<Slot>,
    spare: Option<Slot>,
    next_generation: u32,
    queue: VecDeque<Job>,
    /// Requests nobody waits for (grading every exercise when the page loads): sent only when
    /// `queue` is empty, so a click is never stuck behind them.
    background: VecDeque<Job>,
    in_flight: Option<(Job, gloo_timers::callback::Timeout)>,
    next_id: u32,
    /// Handlers of replaced workers. A worker is often replaced from inside its own handler
    /// (it just reported a panic), and a closure cannot be freed while it runs: they are
    /// freed at the next `ready` from another worker.
    retired: Vec<(OnMessage, OnError)>,
    starting: Option<gloo_timers::callback::Timeout>,
    started: u32,
}

/// A handle to the grading workers (cheap to clone).
#[derive(Clone)]
pub struct Grader {
    inner: Rc<RefCell<Inner>>,
}

impl PartialEq for Grader {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Default for Grader {
    fn default() -> Self {
        Self::new()
    }
}

/// The reply standing in for a check that could not finish.
fn failed(request: &Request, message: String) -> Reply {
    match request {
        Request::Check { id, .. } => Reply::Check {
            id: *id,
            result: CheckResult {
                name: String::new(),
                passed: false,
                points: 0,
                message,
            },
        },
        other => Reply::Error {
            id: other.id(),
            message,
        },
    }
}

impl Grader {
    pub fn new() -> Grader {
        Grader {
            inner: Rc::new(RefCell::new(Inner {
                active: None,
                spare: None,
                next_generation: 1,
                queue: VecDeque::new(),
                background: VecDeque::new(),
                in_flight: None,
                next_id: 1,
                retired: Vec::new(),
                starting: None,
                started: 0,
            })),
        }
    }

    /// Workers started so far (each crash or time-out adds one, plus the spares).
    pub fn workers_started(&self) -> u32 {
        self.inner.borrow().started
    }

    /// Queues a request; `make` gets its id. `reply` is called exactly once.
    pub fn send(&self, make: impl FnOnce(u32) -> Request, reply: Callback<Reply>) {
        self.enqueue(false, make, reply);
    }

    /// Queues a request behind every other, to be sent when nothing else waits.
    pub fn send_background(&self, make: impl FnOnce(u32) -> Request, reply: Callback<Reply>) {
        self.enqueue(true, make, reply);
    }

    fn enqueue(&self, background: bool, make: impl FnOnce(u32) -> Request, reply: Callback<Reply>) {
        {
            let mut inner = self.inner.borrow_mut();
            let id = inner.next_id;
            inner.next_id += 1;
            let queue = if background {
                &mut inner.background
            } else {
                &mut inner.queue
            };
            queue.push_back((make(id), reply));
        }
        self.pump();
    }

    fn spawn(&self) -> Option<Slot> {
        let worker = Worker::new(SCRIPT).ok()?;
        let generation = {
            let mut inner = self.inner.borrow_mut();
            inner.started += 1;
            inner.next_generation += 1;
            inner.next_generation - 1
        };
        let me = self.clone();
        let on_message = OnMessage::new(move |e: MessageEvent| {
            let Some(text) = e.data().as_string() else {
                return;
            };
            let Ok(reply) = serde_json::from_str::<Reply>(&text) else {
                return;
            };
            me.message(generation, reply);
        });
        let me = self.clone();
        let on_error = OnError::new(move |e: ErrorEvent| {
            e.prevent_default();
            if me.is_active(generation) {
                me.crashed(
                    format!(
                        "the grader crashed while running this check: {}",
                        e.message()
                    ),
                    false,
                );
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Slot {
            generation,
            worker,
            ready: false,
            handlers: (on_message, on_error),
        })
    }

    fn is_active(&self, generation: u32) -> bool {
        self.inner
            .borrow()
            .active
            .as_ref()
            .is_some_and(|s| s.generation == generation)
    }

    /// Makes sure there is an active worker (the spare if there is one) and a spare.
    fn ensure_workers(&self) {
        if self.inner.borrow().active.is_none() {
            let spare = self.inner.borrow_mut().spare.take();
            let slot = spare.or_else(|| self.spawn());
            let me = self.clone();
            let waiting = slot.as_ref().is_some_and(|s| !s.ready);
            self.inner.borrow_mut().active = slot;
            if waiting {
                let starting = gloo_timers::callback::Timeout::new(START_LIMIT_MS, move || {
                    // Nothing came back: fail what waits, so the page says so.
                    let waiting: Vec<Job> = {
                        let mut inner = me.inner.borrow_mut();
                        let inner = &mut *inner;
                        inner
                            .queue
                            .drain(..)
                            .chain(inner.background.drain(..))
                            .collect()
                    };
                    for (request, callback) in waiting {
                        let message =
                            "the grader did not start (are workers blocked in this browser?)";
                        callback.emit(failed(&request, message.into()));
                    }
                });
                if let Some(old) = self.inner.borrow_mut().starting.replace(starting) {
                    old.cancel();
                }
            }
        }
        if self.inner.borrow().spare.is_none() {
            let spare = self.spawn();
            self.inner.borrow_mut().spare = spare;
        }
    }

    fn message(&self, generation: u32, reply: Reply) {
        if reply == Reply::Ready {
            let retired = {
                let mut guard = self.inner.borrow_mut();
                let inner = &mut *guard;
                let is_active = inner
                    .active
                    .as_ref()
                    .is_some_and(|s| s.generation == generation);
                for slot in inner.active.iter_mut().chain(inner.spare.iter_mut()) {
                    if slot.generation == generation {
                        slot.ready = true;
                    }
                }
                if is_active && let Some(t) = inner.starting.take() {
                    t.cancel();
                }
                core::mem::take(&mut inner.retired)
            };
            drop(retired);
            self.pump();
        } else if self.is_active(generation) {
            self.finish(reply);
        }
    }

    /// Sends the next queued request if none is in flight and the worker listens.
    fn pump(&self) {
        if self.inner.borrow().queue.is_empty() && self.inner.borrow().background.is_empty() {
            return;
        }
        self.ensure_workers();
        let job = {
            let mut inner = self.inner.borrow_mut();
            let ready = inner.active.as_ref().is_some_and(|s| s.ready);
            if inner.in_flight.is_some() || !ready {
                return;
            }
            inner
                .queue
                .pop_front()
                .or_else(|| inner.background.pop_front())
        };
        let Some((request, reply)) = job else { return };
        let Ok(text) = serde_json::to_string(&request) else {
            return;
        };
        let me = self.clone();
        let timeout = gloo_timers::callback::Timeout::new(TIME_LIMIT_MS, move || {
            let message = format!(
                "did not finish within {} s: an endless loop, or a future that never completes?",
                TIME_LIMIT_MS / 1000
            );
            me.crashed(message, true);
        });
        let sent = self
            .inner
            .borrow()
            .active
            .as_ref()
            .map(|s| s.worker.post_message(&text.into()));
        self.inner.borrow_mut().in_flight = Some(((request, reply), timeout));
        if !matches!(sent, Some(Ok(()))) {
            self.crashed(
                "the grader could not be started in this browser".into(),
                false,
            );
        }
    }

    /// A reply for the request in flight (replies to anything else are stale and ignored).
    fn finish(&self, reply: Reply) {
        let panicked = matches!(reply, Reply::Panic { .. });
        let job = {
            let mut inner = self.inner.borrow_mut();
            match &inner.in_flight {
                Some(((req, _), _)) if req.id() == reply_id(&reply) => inner.in_flight.take(),
                _ => None,
            }
        };
        let Some(((request, callback), timer)) = job else {
            return;
        };
        timer.cancel();
        let reply = match reply {
            Reply::Panic { message, .. } => failed(&request, message),
            other => other,
        };
        if panicked {
            // The worker traps after a panic: replace it.
            self.retire_active();
        }
        callback.emit(reply);
        self.pump();
    }

    /// The request in flight ended badly (time limit, crash): fail it and start over.
    /// `from_timer`: called by the request's own timer, which is running and so must not be
    /// dropped here (a closure cannot be freed while it runs); it is leaked instead, once per
    /// time-out.
    fn crashed(&self, message: String, from_timer: bool) {
        self.retire_active();
        let job = self.inner.borrow_mut().in_flight.take();
        if let Some(((request, callback), timer)) = job {
            if from_timer {
                timer.forget();
            } else {
                timer.cancel();
            }
            callback.emit(failed(&request, message));
        }
        self.pump();
    }

    fn retire_active(&self) {
        let mut inner = self.inner.borrow_mut();
        if let Some(slot) = inner.active.take() {
            // Unhook the handlers first: an event the worker queued before it was terminated
            // (the error of the trap that follows a panic, say) may still be dispatched, and
            // must not reach a closure that the next `ready` frees.
            slot.worker.set_onmessage(None);
            slot.worker.set_onerror(None);
            slot.worker.terminate();
            inner.retired.push(slot.handlers);
        }
    }
}

fn reply_id(reply: &Reply) -> u32 {
    match reply {
        Reply::Ready => 0,
        Reply::Catalogue { id, .. }
        | Reply::Check { id, .. }
        | Reply::Demo { id, .. }
        | Reply::Error { id, .. }
        | Reply::Panic { id, .. } => *id,
    }
}
