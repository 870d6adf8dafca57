//! Known-wrong variants fail the check meant to catch them, with the message a learner should
//! see. The variants live in `tests/wrong/`; each implements its exercise's `Subject` trait,
//! so the real checks grade them exactly as they grade a learner's file.

mod wrong;

use exercises::Check;
use exercises::checks::*;

/// Runs the check named `name` and asserts it fails with a message containing every needle.
fn fails(checks: &[Check], name: &str, needles: &[&str]) {
    let check = checks.iter().find(|c| c.name == name).unwrap_or_else(|| {
        panic!(
            "no check named {name:?} in {:?}",
            checks.iter().map(|c| c.name).collect::<Vec<_>>()
        )
    });
    let message = match exercises::run_check(check) {
        Ok(()) => panic!("the wrong variant passed `{name}`"),
        Err(m) => m,
    };
    for needle in needles {
        assert!(
            message.contains(needle),
            "`{name}` failed with:\n  {message}\nwhich does not mention {needle:?}"
        );
    }
}

mod e01 {
    use super::*;
    use crate::wrong::e01::*;
    type C<S> = e01_countdown::Checks<S>;

    #[test]
    fn a_countdown_that_forgets_to_wake_is_a_lost_wakeup() {
        fails(
            C::<NoWake>::ALL,
            "wakes itself before returning Pending",
            &[
                "returned Pending",
                "`@0 lost_waker task=countdown`",
                "hint 2",
            ],
        );
    }

    #[test]
    fn a_countdown_that_counts_all_at_once_is_ready_too_early() {
        fails(
            C::<AllAtOnce>::ALL,
            "returns Pending n times, then Ready",
            &["became ready too early"],
        );
        fails(
            C::<AllAtOnce>::ALL,
            "lets other tasks run between its polls",
            &["a, b, a, b, a"],
        );
    }
}

mod e02 {
    use super::*;
    use crate::wrong::e02::*;
    type C<S> = e02_state_machine::Checks<S>;

    #[test]
    fn returning_pending_without_polling_the_second_sleep_loses_the_wakeup() {
        fails(
            C::<Variant<NO_LOOP>>::ALL,
            "starts each sleep when the code reaches it",
            &["never registered its timer", "lost_waker task=brew"],
        );
    }

    #[test]
    fn a_sleep_created_on_every_poll_restarts_the_wait() {
        fails(
            C::<Variant<NEW_SLEEP_EACH_POLL>>::ALL,
            "starts each sleep when the code reaches it",
            &["a new Sleep was created on a later poll"],
        );
    }

    #[test]
    fn a_wrong_state_shows_at_the_wrong_await() {
        fails(
            C::<Variant<WRONG_LABEL>>::ALL,
            "parks at the right await each time",
            &[r#"["boiling (await #1)", "boiling (await #1)"]"#],
        );
    }
}

mod e03 {
    use super::*;
    use crate::wrong::e03::*;
    type C<S> = e03_counting_waker::Checks<S>;

    #[test]
    fn a_wake_that_does_not_release_leaks() {
        fails(
            C::<LeakyWake>::ALL,
            "wake by value counts and consumes the waker",
            &["a leak"],
        );
    }

    #[test]
    fn a_clone_without_a_reference_is_caught() {
        fails(
            C::<CloneWithoutReference>::ALL,
            "clone counts and adds a reference",
            &["The clone needs a reference of its own"],
        );
    }

    #[test]
    fn a_wake_counted_as_a_drop_is_caught() {
        fails(
            C::<WakeCountsAsDrop>::ALL,
            "wake by value counts and consumes the waker",
            &["it is a wake and not a drop"],
        );
    }
}

mod e04 {
    use super::*;
    use crate::wrong::e04::*;
    type C<S> = e04_block_on::Checks<S>;

    #[test]
    fn a_spinning_block_on_is_caught() {
        fails(
            C::<Spin>::ALL,
            "parks until woken, then polls again",
            &["it spins instead of sleeping"],
        );
    }

    #[test]
    fn parking_without_looking_at_the_flag_loses_the_wake() {
        fails(
            C::<ParkAlways>::ALL,
            "does not lose a wake that comes during the poll",
            &["no timer is pending", "check the flag"],
        );
    }

    #[test]
    fn a_flag_never_cleared_spins() {
        fails(
            C::<NeverClears>::ALL,
            "uses each wake once",
            &["set the flag back to false"],
        );
    }
}

mod e05 {
    use super::*;
    use crate::wrong::e05::*;
    type C<S> = e05_executor::Checks<S>;

    #[test]
    fn a_wake_without_the_queued_flag_queues_twice() {
        fails(
            C::<Variant<NO_DEDUP>>::ALL,
            "a task woken twice is queued once",
            &["effect=already_queued", "The queue held it 3 time(s)"],
        );
    }

    #[test]
    fn a_lifo_queue_is_caught() {
        fails(
            C::<Variant<LIFO>>::ALL,
            "polls spawned tasks in FIFO order",
            &[r#"It polled ["c", "b", "a"]"#],
        );
    }

    #[test]
    fn clearing_the_flag_after_the_poll_drops_a_self_wake() {
        fails(
            C::<Variant<CLEAR_AFTER_POLL>>::ALL,
            "a task that wakes itself runs again, after the others",
            &[
                "(`@0 woken task=a waker=cx by_ref=true source=task:a effect=self_wake`: \
                 `self_wake` is what that wake should do",
                "no `enqueued task=a` follows it",
                "the wake was lost",
                "Clear the flag before you poll the task",
            ],
        );
    }

    #[test]
    fn a_waker_that_forgets_to_requeue_is_caught() {
        fails(
            C::<Variant<FORGETS_TO_REQUEUE>>::ALL,
            "polls a pending task again only when woken",
            &["after the gate opened (a wake), run should poll `waiter` once more"],
        );
    }
}

mod e06 {
    use super::*;
    use crate::wrong::e06::*;
    type C<S> = e06_join_handle::Checks<S>;

    #[test]
    fn a_stale_joiner_waker_wakes_the_wrong_task() {
        fails(
            C::<Variant<STALE>>::ALL,
            "wakes the task that awaits the handle now",
            &["effect=task_finished", "lost_waker task=second"],
        );
    }

    #[test]
    fn a_clone_on_every_poll_is_caught() {
        fails(
            C::<Variant<CLONE_EVERY_POLL>>::ALL,
            "keeps one clone of the joiner's waker",
            &["The trace shows 4 clone(s)"],
        );
    }

    #[test]
    fn a_task_that_never_wakes_its_joiner_is_caught() {
        fails(
            C::<Variant<NO_WAKE>>::ALL,
            "the joiner sleeps until the task finishes it",
            &["never got the output", "stalled task=parent"],
        );
    }
}

mod e07 {
    use super::*;
    use crate::wrong::e07::*;
    type C<S> = e07_wheel_math::Checks<S>;

    #[test]
    fn a_slot_off_by_one_is_caught() {
        fails(
            C::<SlotOffByOne>::ALL,
            "slot_for picks the digit of the level",
            &["slot_for(4x8 wheel, when=0 = 0o0, level=0) returned 1; expected 0"],
        );
        fails(
            C::<SlotOffByOne>::ALL,
            "agrees with runtime-core's timer_registered events",
            &["timer_registered timer=0 task=timers deadline=3 level=0 slot=3"],
        );
    }

    #[test]
    fn no_clamp_for_far_deadlines_is_caught() {
        fails(
            C::<NoClamp>::ALL,
            "level_for puts far deadlines in the top level",
            &["beyond the wheel's range"],
        );
        // Within range, but differing above the top level's digit: the cap, said as such.
        fails(
            C::<NoClamp>::ALL,
            "level_for picks the highest digit that differs",
            &["returned 4; expected 3: they first differ in digit 4, above the top level"],
        );
    }

    #[test]
    fn ignoring_elapsed_is_caught() {
        fails(
            C::<IgnoresElapsed>::ALL,
            "level_for picks the highest digit that differs",
            &["level_for(4x8 wheel, elapsed=", "expected 0"],
        );
    }
}

mod e08 {
    use super::*;
    use crate::wrong::e08::*;
    type C<S> = e08_timer_wheel::Checks<S>;

    #[test]
    fn a_wheel_off_by_one_slot_is_caught() {
        fails(
            C::<Variant<OFF_BY_ONE_SLOT>>::ALL,
            "insert files each timer at level_for / slot_for",
            &["insert(timer 1, deadline 1) returned level 0 slot 2; expected level 0 slot 1"],
        );
    }

    #[test]
    fn a_wheel_that_never_cascades_is_caught() {
        fails(
            C::<Variant<NO_CASCADE>>::ALL,
            "advance cascades timers down as time reaches their slot",
            &["recorded the cascades []"],
        );
        fails(
            C::<Variant<NO_CASCADE>>::ALL,
            "advance fires every timer on time, in order",
            &["It missed"],
        );
    }

    #[test]
    fn a_wheel_one_tick_short_is_caught() {
        fails(
            C::<Variant<ONE_TICK_SHORT>>::ALL,
            "advance fires every timer on time, in order",
            &["It missed"],
        );
    }
}

mod e09 {
    use super::*;
    use crate::wrong::e09::*;
    type C<S> = e09_sleep::Checks<S>;

    #[test]
    fn a_sleep_that_keeps_a_stale_waker_is_caught() {
        fails(
            C::<Variant<STALE>>::ALL,
            "a new task's waker replaces the stale one",
            &["effect=task_finished", "lost_waker task=second"],
        );
    }

    #[test]
    fn registering_on_every_poll_is_caught() {
        fails(
            C::<Variant<REGISTERS_EVERY_POLL>>::ALL,
            "registers its timer once, on the first poll",
            &["the timer service saw 4"],
        );
    }

    #[test]
    fn a_sleep_that_never_cancels_is_caught() {
        fails(
            C::<Variant<NO_CANCEL>>::ALL,
            "gives its timer back when it completes or is dropped",
            &[
                "The service saw 0 cancellation(s)",
                "fired for a Sleep that no longer exists",
                "effect=task_finished",
            ],
        );
    }

    #[test]
    fn a_drop_that_skips_a_fired_timer_keeps_its_entry() {
        fails(
            C::<Variant<SKIPS_FIRED>>::ALL,
            "gives its timer back when it completes or is dropped",
            &[
                "the second was dropped after its timer fired",
                "counted 0 cancellation(s)",
                "still held both: `first`'s, which completed, and `second`'s",
                "fired or not",
            ],
        );
    }

    #[test]
    fn a_sleep_that_completes_without_giving_its_timer_back_is_caught() {
        fails(
            C::<Variant<KEEPS_COMPLETED>>::ALL,
            "gives its timer back when it completes or is dropped",
            &[
                "`racer` completed at t=5",
                "still held `first`'s, which completed:",
            ],
        );
    }

    #[test]
    fn replacing_the_waker_on_every_poll_is_caught() {
        fails(
            C::<Variant<ALWAYS_UPDATES>>::ALL,
            "keeps its waker when the same task polls again",
            &["replaced the stored waker 3 time(s)"],
        );
    }
}

mod e10 {
    use super::*;
    use crate::wrong::e10::*;
    type C<S> = e10_reactor::Checks<S>;

    #[test]
    fn registering_before_looking_loses_data_that_came_first() {
        fails(
            C::<Variant<REGISTER_FIRST>>::ALL,
            "no lost wakeup when the data came first",
            &[
                "look in the buffer before it registers interest",
                "stalled task=reader",
            ],
        );
    }

    #[test]
    fn a_delivery_that_wakes_nobody_is_caught() {
        fails(
            C::<Variant<DELIVER_NO_WAKE>>::ALL,
            "a reader waits for data and is woken when it arrives",
            &["`deliver` wakes the registered interest"],
        );
    }

    #[test]
    fn a_close_that_wakes_nobody_is_caught() {
        fails(
            C::<Variant<CLOSE_NO_WAKE>>::ALL,
            "the end of the stream wakes the reader",
            &["`close` must wake"],
        );
    }

    #[test]
    fn keeping_only_the_latest_chunk_is_caught() {
        fails(
            C::<Variant<LATEST_ONLY>>::ALL,
            "every chunk is read once, in order",
            &["Keep every chunk"],
        );
    }
}

mod e11 {
    use super::*;
    use crate::wrong::e11::*;
    type C<S> = e11_work_stealing::Checks<S>;

    #[test]
    fn rounding_down_is_caught() {
        fails(
            C::<Variant<ROUND_DOWN>>::ALL,
            "steal_half takes the oldest half, rounded up",
            &["expected to move 1 task(s)"],
        );
        fails(
            C::<Variant<ROUND_DOWN>>::ALL,
            "agrees with runtime-core's stolen events",
            &["`@4 stolen from=1 to=2 count=1`"],
        );
    }

    #[test]
    fn stealing_the_newest_is_caught() {
        fails(
            C::<Variant<FROM_BACK>>::ALL,
            "steal_half takes the oldest half, rounded up",
            &["the oldest first"],
        );
    }

    #[test]
    fn looking_at_siblings_before_the_inject_queue_is_caught() {
        fails(
            C::<Variant<INJECT_LAST>>::ALL,
            "find_task: own queue, inject queue, then a sibling's half, running the last",
            &["then the inject queue"],
        );
    }

    #[test]
    fn running_the_first_stolen_task_is_caught() {
        fails(
            C::<Variant<RUNS_FIRST>>::ALL,
            "find_task: own queue, inject queue, then a sibling's half, running the last",
            &["runs the last task it stole", "returned Some(\"p\")"],
        );
    }
}

mod e12 {
    use super::*;
    use crate::wrong::e12::*;
    type C<S> = e12_budget::Checks<S>;

    #[test]
    fn yielding_without_a_wake_is_a_lost_wakeup() {
        fails(
            C::<Variant<NO_WAKE>>::ALL,
            "yielding wakes the task",
            &["without waking the task", "lost_waker task=greedy"],
        );
    }

    #[test]
    fn a_budget_never_refilled_starves_the_task() {
        fails(
            C::<Variant<NO_REFILL>>::ALL,
            "the budget is refilled at every poll",
            &["must set a fresh budget"],
        );
    }

    #[test]
    fn a_budget_not_put_back_leaks_into_the_next_task() {
        fails(
            C::<Variant<NO_RESTORE>>::ALL,
            "the previous budget is put back after the poll",
            &["should be back to None"],
        );
    }

    #[test]
    fn one_item_too_many_is_caught() {
        fails(
            C::<Variant<ONE_TOO_MANY>>::ALL,
            "a greedy task yields after BUDGET items",
            &["[33, 33, 33, 1]"],
        );
    }
}

mod e13 {
    use super::*;
    use crate::wrong::e13::*;
    type C<S> = e13_cancel_safety::Checks<S>;

    #[test]
    fn a_partial_line_kept_in_the_future_is_lost_on_timeout() {
        fails(
            C::<Variant<PARTIAL_IN_FUTURE>>::ALL,
            "loses nothing when a timeout drops it",
            &[
                r#"they were ["lo", "ld", "tail"]"#,
                "the ReadLine future was dropped",
            ],
        );
    }

    #[test]
    fn a_last_line_without_newline_is_not_dropped() {
        fails(
            C::<Variant<NO_TAIL>>::ALL,
            "returns a last line without a newline",
            &[r#"["hello", "world"]"#],
        );
    }
}

mod e14 {
    use super::*;
    use crate::wrong::e14::*;
    type C<S> = e14_blocking_detector::Checks<S>;

    #[test]
    fn a_strict_threshold_misses_the_edge() {
        fails(
            C::<Variant<STRICT>>::ALL,
            "counts every long poll, the threshold included",
            &["A poll of exactly the threshold counts"],
        );
    }

    #[test]
    fn ids_instead_of_names_are_caught() {
        fails(
            C::<Variant<IDS>>::ALL,
            "finds the task that blocks, by name",
            &["task#1", "`spawned` events"],
        );
    }

    #[test]
    fn counting_only_the_first_long_poll_is_caught() {
        fails(
            C::<Variant<FIRST_ONLY>>::ALL,
            "counts every long poll, the threshold included",
            &[r#"got [("hog", 1, 30)"#],
        );
    }

    #[test]
    fn waits_measured_from_the_first_enqueue_are_caught() {
        fails(
            C::<Variant<FROM_FIRST_ENQUEUE>>::ALL,
            "finds the tasks that waited in the ready queue",
            &["Measure each wait from the task's latest `enqueued`"],
        );
    }
}

mod e15 {
    use super::*;
    use crate::wrong::e15::*;
    type C<S> = e15_lost_waker_hunt::Checks<S>;

    #[test]
    fn a_receiver_that_keeps_no_waker_is_a_lost_wakeup() {
        fails(
            C::<Variant<RECEIVER_NOT_KEPT>>::ALL,
            "a send wakes the receiver waiting on an empty channel",
            &["`@0 lost_waker task=consumer`"],
        );
    }

    #[test]
    fn a_sender_never_woken_for_room_stalls() {
        fails(
            C::<Variant<SENDER_NOT_WOKEN>>::ALL,
            "a receive wakes the sender waiting on a full channel",
            &[
                "stalled task=producer",
                "its own poll kept a clone of its waker",
            ],
        );
    }

    #[test]
    fn a_close_that_wakes_nobody_stalls() {
        fails(
            C::<Variant<CLOSE_NOT_WOKEN>>::ALL,
            "dropping the last sender wakes the receiver",
            &["stalled task=consumer"],
        );
    }

    /// The send side the solution shipped with: a receive's wake goes to a waker left behind
    /// by a dropped send, or to a duplicate, and the sender still waiting is stranded.
    #[test]
    fn stale_and_duplicate_sender_wakers_strand_the_other_sender() {
        fails(
            C::<Variant<STALE_WAKERS>>::ALL,
            "a send dropped while it waits strands no other sender",
            &[
                "dropped when the timeout fires at t=3",
                "`@5 woken task=impatient",
                "effect=task_finished` (`impatient` had already finished)",
                "`@5 stalled task=patient",
                "a lost wakeup",
            ],
        );
        fails(
            C::<Variant<STALE_WAKERS>>::ALL,
            "a send polled again while it waits strands no other sender",
            &[
                "`@10 woken task=impatient",
                "(`impatient` had already finished)",
                "`@15 stalled task=patient",
            ],
        );
    }

    #[test]
    fn a_dropped_send_that_keeps_its_place_is_caught() {
        fails(
            C::<Variant<DROPPED_KEEPS_PLACE>>::ALL,
            "a send dropped while it waits strands no other sender",
            &[
                "dropped when the timeout fires at t=3",
                "(`impatient` had already finished)",
                "`@5 stalled task=patient",
            ],
        );
    }

    #[test]
    fn a_duplicate_waker_from_a_second_poll_is_caught() {
        fails(
            C::<Variant<DUPLICATE_ON_REPOLL>>::ALL,
            "a send polled again while it waits strands no other sender",
            &["`@10 woken task=impatient", "stalled task=patient"],
        );
    }

    #[test]
    fn a_dropped_send_that_swallows_its_wake_is_caught() {
        fails(
            C::<Variant<WAKE_SWALLOWED>>::ALL,
            "a send dropped while it waits strands no other sender",
            &[
                "drops its send of 2 unsent",
                "`@5 woken task=impatient",
                "`@5 stalled task=patient",
            ],
        );
    }

    /// The checks ask for no lost wakeup, not for the solution's design: waking every waiting
    /// sender (each looks again) loses nothing, and passes.
    #[test]
    fn waking_every_waiting_sender_passes() {
        for check in C::<Variant<WAKE_ALL>>::ALL {
            if let Err(m) = exercises::run_check(check) {
                panic!(
                    "`{}` failed a channel that loses nothing:\n  {m}",
                    check.name
                );
            }
        }
    }

    /// A hunt leaves the fix to the hints: no message names the code to change.
    #[test]
    fn the_messages_do_not_give_the_fix_away() {
        let variants: [&[Check]; 7] = [
            C::<Variant<RECEIVER_NOT_KEPT>>::ALL,
            C::<Variant<SENDER_NOT_WOKEN>>::ALL,
            C::<Variant<CLOSE_NOT_WOKEN>>::ALL,
            C::<Variant<STALE_WAKERS>>::ALL,
            C::<Variant<DROPPED_KEEPS_PLACE>>::ALL,
            C::<Variant<DUPLICATE_ON_REPOLL>>::ALL,
            C::<Variant<WAKE_SWALLOWED>>::ALL,
        ];
        for checks in variants {
            for check in checks {
                let Err(m) = exercises::run_check(check) else {
                    continue;
                };
                // What the messages used to say, and the names a fix would touch.
                for giveaway in [
                    "must leave its waker",
                    "must wake a sender",
                    "must wake every",
                    "must return Ready",
                    "must wake the other",
                    "waiting_senders",
                    "cx.waker()",
                    "Drop for",
                    "retain",
                    "remove",
                ] {
                    assert!(
                        !m.contains(giveaway),
                        "`{}` says {giveaway:?}, which is the fix:\n  {m}",
                        check.name
                    );
                }
            }
        }
    }
}

mod e16 {
    use super::*;
    use crate::wrong::e16::*;
    type C<S> = e16_pin_projection::Checks<S>;

    #[test]
    fn moving_the_pinned_future_is_caught() {
        fails(
            C::<MovesFuture>::ALL,
            "never moves the pinned future",
            &["the pinned future moved in memory"],
        );
    }

    #[test]
    fn polling_the_timer_first_loses_the_tie() {
        fails(
            C::<SleepFirst>::ALL,
            "polls the future before the timer",
            &["it gave Err(Elapsed) at t=5"],
        );
    }
}

mod e17 {
    use super::*;
    use crate::wrong::e17::*;
    type C<S> = e17_instrumented::Checks<S>;

    #[test]
    fn a_recorder_that_never_wakes_the_task_stalls_it() {
        fails(
            C::<Variant<NO_FORWARD>>::ALL,
            "passes the output and every wake through",
            &[
                "completes at t=9 without the wrapper",
                "stalled task=probe",
                "Every wake your waker receives must reach the task",
            ],
        );
    }

    #[test]
    fn a_task_waker_kept_once_and_taken_by_a_wake_is_lost() {
        fails(
            C::<Variant<TAKEN_ONCE>>::ALL,
            "passes the output and every wake through",
            &["`@5 lost_waker task=probe`"],
        );
    }

    #[test]
    fn polling_with_the_tasks_own_context_measures_no_delay() {
        fails(
            C::<Variant<PASS_THROUGH>>::ALL,
            "measures the delay from the first wake to the poll",
            &[
                "your monitor measured 0 totalling 0",
                "Your monitor saw no wake at all",
            ],
        );
    }

    #[test]
    fn a_delay_from_the_end_of_the_previous_poll_counts_idle_time() {
        fails(
            C::<Variant<FROM_POLL_END>>::ALL,
            "measures the delay from the first wake to the poll",
            &[
                "That is 3 delays totalling 33 ticks; your monitor measured 3 totalling 45",
                "is idle time, not a scheduling delay",
            ],
        );
    }

    #[test]
    fn a_second_wake_does_not_restart_the_delay() {
        fails(
            C::<Variant<LAST_WAKE>>::ALL,
            "measures the delay from the first wake to the poll",
            &[
                "your monitor measured 3 totalling 30",
                "`effect=already_queued`",
            ],
        );
    }

    #[test]
    fn timing_from_the_first_poll_to_ready_counts_the_waits() {
        fails(
            C::<Variant<ACROSS_PENDING>>::ALL,
            "measures each poll, not the time between polls",
            &[
                "t=0: 3, t=7: 5, t=22: 1: 3 polls taking 9 ticks",
                "Your monitor counted 3 polls taking 23 ticks",
            ],
        );
    }

    #[test]
    fn a_slow_poll_counted_twice_is_caught() {
        fails(
            C::<Variant<DOUBLE_SLOW>>::ALL,
            "counts each slow poll once, the threshold included",
            &["3 of them took 5 ticks or more", "counted 5 slow polls"],
        );
    }

    #[test]
    fn a_strict_threshold_misses_the_edge() {
        fails(
            C::<Variant<STRICT>>::ALL,
            "counts each slow poll once, the threshold included",
            &["counted 2 slow polls", "`>=`"],
        );
    }

    #[test]
    fn moving_the_future_to_poll_it_is_caught() {
        fails(
            C::<MovesFuture>::ALL,
            "never moves the pinned future",
            &["the pinned future moved in memory"],
        );
    }

    /// Each measuring mistake is also caught on programs nobody designed for it.
    #[test]
    fn the_pseudo_random_programs_catch_the_measuring_mistakes() {
        let name = "agrees with the trace on pseudo-random programs";
        fails(C::<Variant<FROM_POLL_END>>::ALL, name, &["the trace says"]);
        fails(C::<Variant<DOUBLE_SLOW>>::ALL, name, &["the trace says"]);
        fails(C::<Variant<ACROSS_PENDING>>::ALL, name, &["the trace says"]);
        fails(
            C::<Variant<PASS_THROUGH>>::ALL,
            name,
            &["0 scheduling delays"],
        );
    }
}

mod e18 {
    use super::*;
    use crate::wrong::e18::*;
    type C<S> = e18_capstone::Checks<S>;

    #[test]
    fn a_broken_piece_is_named_before_anything_else() {
        for check in C::<BrokenReactor>::ALL {
            fails(
                C::<BrokenReactor>::ALL,
                check.name,
                &[
                    "your reactor (exercise 10, src/exercises/e10_reactor.rs) fails its own \
                     check `no lost wakeup when the data came first`",
                    "`poll_read` must look in the buffer before it registers interest",
                    "Fix exercise 10 first",
                ],
            );
        }
    }

    #[test]
    fn a_runtime_that_never_sleeps_spins() {
        fails(
            C::<Variant<BUSY>>::ALL,
            "sleeps when nothing is ready, polls only what was woken",
            &[
                "at t=0",
                "it spins instead of parking",
                "The next timer is due at t=4",
            ],
        );
    }

    #[test]
    fn a_zero_timeout_when_no_timer_is_pending_spins_while_it_waits_for_io() {
        fails(
            C::<Variant<ZERO_WITHOUT_TIMERS>>::ALL,
            "sleeps when nothing is ready, polls only what was woken",
            &[
                "at t=16",
                "it spins instead of parking",
                "no timeout when no timer is pending",
            ],
        );
    }

    #[test]
    fn parking_with_no_timeout_while_a_timer_is_due_sleeps_past_it() {
        fails(
            C::<Variant<NO_TIMEOUT>>::ALL,
            "fires each timer at its deadline",
            &[
                "epoll_wait with no timeout",
                "A timer is due at t=",
                "park with a timeout",
                "from t=3 to t=10, past a timer due at t=4",
            ],
        );
    }

    #[test]
    fn sleeping_without_the_io_driver_while_timers_are_pending_delays_the_io() {
        fails(
            C::<Variant<SLEEP_WHILE_TIMERS>>::ALL,
            "delivers I/O while timers are pending",
            &[
                "`read \"hello\"` at t=16, and should print it at t=5",
                "arrived at t=3, while the reader napped",
                "`sleep(4)` from t=0 to t=4",
                "stays in the kernel",
            ],
        );
        // Its timers are on time.
        let timers = C::<Variant<SLEEP_WHILE_TIMERS>>::ALL
            .iter()
            .find(|c| c.name == "fires each timer at its deadline")
            .unwrap();
        assert_eq!(exercises::run_check(timers), Ok(()));
    }

    #[test]
    fn firing_the_timers_before_sleeping_runs_their_tasks_a_turn_late() {
        fails(
            C::<Variant<TIMERS_FIRST>>::ALL,
            "fires each timer at its deadline",
            &[
                r#"Tasks ["ticker"] were woken and have not run since"#,
                "a turn must not sleep while a task is ready",
                "`process` after `epoll_wait`",
            ],
        );
    }

    #[test]
    fn polling_main_on_every_turn_is_caught() {
        fails(
            C::<Variant<POLLS_MAIN>>::ALL,
            "sleeps when nothing is ready, polls only what was woken",
            &[
                "task `main` polled without a wake",
                "your exercise-4 block_on",
            ],
        );
    }

    #[test]
    fn sleeping_while_main_is_woken_loses_the_wake() {
        fails(
            C::<Variant<IGNORES_WOKEN>>::ALL,
            "does not lose a wake of block_on's future",
            &[
                "at t=19",
                "`main`, the future given to block_on, has been woken and not polled since",
                "`has_pending_work`",
            ],
        );
    }

    #[test]
    fn a_close_event_never_handed_to_the_reactor_is_a_lost_wakeup() {
        fails(
            C::<Variant<DROPS_CLOSE>>::ALL,
            "delivers I/O while timers are pending",
            &[
                "nothing left that could wake them",
                "`close` for a closed socket",
                "reader",
            ],
        );
    }

    #[test]
    fn a_sleep_whose_deadline_is_its_ticks_comes_early() {
        fails(
            C::<Variant<TICKS_AS_DEADLINE>>::ALL,
            "fires each timer at its deadline",
            &[
                "`tick 2` was printed at t=4, and should be at t=8",
                "It came early",
                "now (`timers.now()`) plus",
            ],
        );
    }

    #[test]
    fn turning_the_drivers_before_running_the_ready_tasks_sleeps_too_early() {
        fails(
            C::<Variant<TASKS_LAST>>::ALL,
            "fires each timer at its deadline",
            &[
                "`tick 1` was printed at t=7, and should be at t=4",
                "`epoll_wait(None)` from t=0 to t=3 while 2 task(s) were ready",
                "runs the ready tasks first",
            ],
        );
        fails(
            C::<Variant<TASKS_LAST>>::ALL,
            "delivers I/O while timers are pending",
            &["The timers are off too (`tick 1` at t=7, should be t=4)"],
        );
    }
}
