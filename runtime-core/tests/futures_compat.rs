//! Third-party futures that follow the Waker contract run correctly on this executor: the
//! `futures` crate's channels, combinators and `FuturesUnordered`, and wakers moved to and
//! used on other threads.
#![cfg(not(target_arch = "wasm32"))] // native only: proptest needs an OS random source, or threads
use futures::channel::{mpsc, oneshot};
use futures::stream::{FuturesUnordered, StreamExt};
use futures::{SinkExt, future};
use runtime_core::trace::WakeSource;
use runtime_core::{Config, Event, RunOutcome, Runtime};
use std::cell::RefCell;
use std::rc::Rc;

fn runtime() -> Runtime {
    Runtime::new(Config::default()).unwrap()
}

#[test]
fn futures_mpsc_between_tasks() {
    let mut rt = runtime();
    let (mut tx, mut rx) = mpsc::channel::<u32>(2);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    rt.spawn("producer", async move {
        for i in 0..10 {
            tx.send(i).await.unwrap();
        }
    });
    rt.spawn("consumer", async move {
        while let Some(v) = rx.next().await {
            sink.borrow_mut().push(v);
        }
    });
    assert_eq!(rt.run(), RunOutcome::Finished);
    assert_eq!(*got.borrow(), (0..10).collect::<Vec<_>>());
}

#[test]
fn futures_oneshot_and_join() {
    let mut rt = runtime();
    let (tx, rx) = oneshot::channel::<&str>();
    let h = rt.handle().clone();
    let out = rt.block_on(async move {
        let h2 = h.clone();
        h.spawn("sender", async move {
            h2.sleep(5).await;
            tx.send("hello").unwrap();
        });
        let (a, b) = future::join(rx, async { 2 + 2 }).await;
        (a.unwrap(), b)
    });
    assert_eq!(out, Ok(("hello", 4)));
}

#[test]
fn futures_select_drops_the_loser() {
    let mut rt = runtime();
    let h = rt.handle().clone();
    let out = rt.block_on(async move {
        let fast = Box::pin(h.sleep(3));
        let slow = Box::pin(h.sleep(50));
        match future::select(fast, slow).await {
            future::Either::Left(((), slow)) => {
                drop(slow); // cancellation: the slow timer leaves the wheel
                "fast"
            }
            future::Either::Right(_) => "slow",
        }
    });
    assert_eq!(out, Ok("fast"));
    let events = rt.events();
    assert!(
        events
            .iter()
            .any(|r| matches!(r.event, Event::TimerCancelled { .. }))
    );
    assert_eq!(rt.now(), 3, "the clock stopped at the fast timer");
}

#[test]
fn futures_unordered_completes_in_deadline_order() {
    let mut rt = runtime();
    let h = rt.handle().clone();
    let out = rt.block_on(async move {
        let mut set = FuturesUnordered::new();
        for d in [30u64, 10, 20] {
            let h = h.clone();
            set.push(async move {
                h.sleep(d).await;
                d
            });
        }
        let mut order = Vec::new();
        while let Some(d) = set.next().await {
            order.push(d);
        }
        order
    });
    assert_eq!(out, Ok(vec![10, 20, 30]));
}

#[test]
fn a_waker_sent_to_another_thread_wakes_the_task() {
    let mut rt = runtime();
    let (tx, rx) = oneshot::channel::<u32>();
    let (waker_tx, waker_rx) = std::sync::mpsc::channel::<std::task::Waker>();
    let h = rt.handle().clone();
    rt.spawn("waiter", async move {
        // A hand-written future that hands its waker to another thread, then waits.
        let mut sent = false;
        std::future::poll_fn(|cx| {
            if sent {
                return std::task::Poll::Ready(());
            }
            sent = true;
            waker_tx.send(cx.waker().clone()).unwrap();
            std::task::Poll::Pending
        })
        .await;
        h.print("woken from another thread");
        tx.send(7).unwrap();
    });
    assert!(matches!(rt.run(), RunOutcome::Stalled { .. }));
    let waker = waker_rx.recv().unwrap();
    // Clone, wake and drop on another thread: legal for any Waker.
    std::thread::spawn(move || {
        let again = waker.clone();
        drop(waker);
        again.wake();
    })
    .join()
    .unwrap();
    assert_eq!(rt.run(), RunOutcome::Finished);
    let mut rx = rx;
    assert_eq!(rx.try_recv().unwrap(), Some(7));
    let outside = rt
        .events()
        .iter()
        .filter(|r| {
            matches!(
                r.event,
                Event::Woken {
                    source: WakeSource::Outside,
                    ..
                }
            )
        })
        .count();
    assert_eq!(outside, 1);
}

#[test]
fn block_on_reports_a_stall() {
    let mut rt = runtime();
    let h = rt.handle().clone();
    let out = rt.block_on(async move { h.lost_wake().await });
    assert_eq!(out, Err(RunOutcome::Stalled { tasks: 1 }));
}
