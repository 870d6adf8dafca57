//! The page's side of the grading worker: one request at a time, each with a time limit.
//!
//! * A reply arrives: pass it on, send the next request.
//! * The time limit passes: the check ran an endless loop (or a future that never completes);
//!   the worker is terminated and a new one started, and the check fails with that message.
//! * Learner code panicked: the worker reports the message, then traps; it is replaced.
//!
//! So the page never freezes, whatever the learner's code does.

use crate::grader_protocol::{CheckResult, Reply, Request};
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

struct Inner {
    worker: Option<Worker>,
    /// The worker said it listens.
    ready: bool,
    starting: Option<gloo_timers::callback::Timeout>,
    queue: VecDeque<Job>,
    in_flight: Option<(Job, gloo_timers::callback::Timeout)>,
    next_id: u32,
    // Kept alive as long as the worker uses them.
    on_message: Option<OnMessage>,
    on_error: Option<OnError>,
    /// Handlers of replaced workers. A worker is often replaced from inside its own handler
    /// (it just reported a panic), and a closure cannot be freed while it runs: they are
    /// freed once the new worker reports ready, from the new worker's handler.
    retired: Vec<(Option<OnMessage>, Option<OnError>)>,
    /// How many workers were started (the first, then one per crash or time-out).
    pub started: u32,
}

/// A handle to the grading worker (cheap to clone).
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
                worker: None,
                ready: false,
                starting: None,
                queue: VecDeque::new(),
                in_flight: None,
                next_id: 1,
                on_message: None,
                on_error: None,
                retired: Vec::new(),
                started: 0,
            })),
        }
    }

    /// Workers started so far (1 once running; each crash or time-out adds one).
    pub fn workers_started(&self) -> u32 {
        self.inner.borrow().started
    }

    /// Queues a request; `make` gets its id. `reply` is called exactly once.
    pub fn send(&self, make: impl FnOnce(u32) -> Request, reply: Callback<Reply>) {
        {
            let mut inner = self.inner.borrow_mut();
            let id = inner.next_id;
            inner.next_id += 1;
            inner.queue.push_back((make(id), reply));
        }
        self.pump();
    }

    fn start_worker(&self) -> Option<Worker> {
        let worker = Worker::new(SCRIPT).ok()?;
        let me = self.clone();
        let on_message = OnMessage::new(move |e: MessageEvent| {
            let Some(text) = e.data().as_string() else {
                return;
            };
            let Ok(reply) = serde_json::from_str::<Reply>(&text) else {
                return;
            };
            if reply == Reply::Ready {
                let retired = {
                    let mut inner = me.inner.borrow_mut();
                    inner.ready = true;
                    if let Some(t) = inner.starting.take() {
                        t.cancel();
                    }
                    core::mem::take(&mut inner.retired)
                };
                drop(retired);
                me.pump();
            } else {
                me.finish(reply);
            }
        });
        let me = self.clone();
        let on_error = OnError::new(move |e: ErrorEvent| {
            e.prevent_default();
            me.crashed(
                format!(
                    "the grader crashed while running this check: {}",
                    e.message()
                ),
                false,
            );
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let me = self.clone();
        let starting = gloo_timers::callback::Timeout::new(START_LIMIT_MS, move || {
            // Nothing came back: fail what waits, so the page says so instead of spinning.
            let waiting: Vec<Job> = me.inner.borrow_mut().queue.drain(..).collect();
            for (request, callback) in waiting {
                callback.emit(failed(
                    &request,
                    "the grader did not start (is JavaScript blocked for workers?)".into(),
                ));
            }
        });
        let mut inner = self.inner.borrow_mut();
        let old = (
            inner.on_message.replace(on_message),
            inner.on_error.replace(on_error),
        );
        inner.retired.push(old);
        inner.ready = false;
        inner.starting = Some(starting);
        inner.started += 1;
        Some(worker)
    }

    /// Sends the next queued request if none is in flight and the worker listens.
    fn pump(&self) {
        if self.inner.borrow().worker.is_none() && !self.inner.borrow().queue.is_empty() {
            let worker = self.start_worker();
            self.inner.borrow_mut().worker = worker;
        }
        let job = {
            let mut inner = self.inner.borrow_mut();
            if inner.in_flight.is_some() || !inner.ready {
                return;
            }
            inner.queue.pop_front()
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
            .worker
            .as_ref()
            .map(|w| w.post_message(&text.into()));
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
            self.stop_worker();
        }
        callback.emit(reply);
        self.pump();
    }

    /// The request in flight ended badly (time limit, crash): fail it and start over.
    /// `from_timer`: called by the request's own timer, which is running and so must not be
    /// dropped here (a closure cannot be freed while it runs); it is leaked instead, once per
    /// time-out.
    fn crashed(&self, message: String, from_timer: bool) {
        self.stop_worker();
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

    fn stop_worker(&self) {
        self.inner.borrow_mut().ready = false;
        let worker = self.inner.borrow_mut().worker.take();
        if let Some(w) = worker {
            w.terminate();
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
