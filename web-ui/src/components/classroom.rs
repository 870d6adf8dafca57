//! The classroom panels: a challenge's goals and verdict beside the editor, the
//! predict-the-next-step prompt under the stepping controls, and an instructor's walkthrough
//! notes (with the next stop and the audience window).

use super::markdown;
use super::{ByPtr, Dispatch};
use crate::services::{storage, url};
use crate::state::Action;
use crate::state::sessions::{ChallengeSession, QuizState, WalkSession};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChallengeProps {
    pub session: Option<ChallengeSession>,
    pub dispatch: Dispatch,
}

/// The goals of the challenge being worked on, and the verdict of the last check.
#[component]
pub fn ChallengePanel(props: &ChallengeProps) -> Html {
    let Some(session) = &props.session else {
        return Html::default();
    };
    let c = &session.challenge;
    let d = props.dispatch.clone();
    let check = Callback::from(move |_| d.dispatch(Action::CheckChallenge));
    let d = props.dispatch.clone();
    let hint = Callback::from(move |_| d.dispatch(Action::ChallengeHint));
    let d = props.dispatch.clone();
    let leave = Callback::from(move |_| d.dispatch(Action::LeaveChallenge));
    let seek = |seq: u64| {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::Seek(seq as usize + 1)))
    };
    html! {
        <section class="panel challenge" data-testid="challenge" aria-label="Challenge">
            <h2>{ "Challenge" }</h2>
            <h3>{ c.title.clone() }</h3>
            { for c.story.split("\n\n").map(|p| html! { <p>{ markdown::render(p) }</p> }) }
            <ol class="goals">
                { for c.goals.iter().enumerate().map(|(i, g)| {
                    let result = session.results.as_ref().and_then(|r| r.get(i));
                    let class = match result { None => "unchecked", Some(r) if r.passed => "pass", Some(_) => "fail" };
                    html! {
                        <li class={classes!("goal", class)} data-goal-result={class}>
                            <span class="mark">{ match class { "pass" => "✓", "fail" => "✗", _ => "○" } }</span>
                            { markdown::inline(&g.describe()) }
                            if let Some(r) = result.filter(|r| !r.passed) {
                                <div class="why">{ markdown::inline(&r.message) }
                                    if !r.events.is_empty() {
                                        <span class="links">{ " see event " }
                                            { for r.events.iter().take(6).map(|e| html! {
                                                <button class="link" onclick={seek(*e)} title="Show this event in the lab">{ e + 1 }</button>
                                            }) }
                                        </span>
                                    }
                                </div>
                            }
                            // A met goal still says what it measured (the ticker's lateness in
                            // parse-stall), so two fixes can be compared.
                            if let Some(r) = result.filter(|r| r.passed && !r.message.is_empty()) {
                                <div class="why" data-testid="goal-measure">{ markdown::inline(&r.message) }</div>
                            }
                        </li>
                    }
                }) }
            </ol>
            if let Some(e) = &session.error {
                <p class="error" role="alert">{ format!("The program does not compile: {e}") }</p>
            }
            <div class="challenge-bar">
                <button class="primary" onclick={check} data-testid="check-challenge">{ "Check the goals" }</button>
                if session.passed {
                    <span class="good passed" data-testid="challenge-passed" role="status">{ "✓ All goals met: challenge complete!" }</span>
                }
                if session.hints < c.hints.len() {
                    <button onclick={hint}>{ format!("Hint {} of {}", session.hints + 1, c.hints.len()) }</button>
                }
                <button class="link" onclick={leave}>{ "leave the challenge" }</button>
            </div>
            if session.hints > 0 {
                <ol class="hints">{ for c.hints.iter().take(session.hints).map(|h| html! { <li>{ markdown::render(h) }</li> }) }</ol>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct PredictionProps {
    pub quiz: Option<ByPtr<QuizState>>,
    /// Events applied (the parent passes 0 outside predict mode, so stepping does not
    /// re-render an empty prompt).
    pub cursor: usize,
    pub dispatch: Dispatch,
}

/// The question asked before the event that answers it (predict mode).
#[component]
pub fn PredictionPrompt(props: &PredictionProps) -> Html {
    let Some(quiz) = &props.quiz else {
        return Html::default();
    };
    let score = quiz.quiz.score();
    let header = html! {
        <p class="quiz-score" data-testid="quiz-score">
            { format!("Predict mode: {} right, {} wrong, {} to come", score.right, score.wrong, score.unanswered) }
        </p>
    };
    let Some((i, p)) = quiz.at(props.cursor) else {
        return html! { <div class="prediction idle">{ header }</div> };
    };
    let answered = quiz.quiz.answered(i);
    html! {
        <div class="prediction" data-testid="prediction" role="group" aria-label="Predict the next step">
            { header }
            <p class="question"><b>{ "What happens next? " }</b>{ markdown::inline(&p.question) }</p>
            <div class="options">
                { for p.options.iter().enumerate().map(|(k, o)| {
                    let d = props.dispatch.clone();
                    let onclick = Callback::from(move |_| d.dispatch(Action::Answer(i, k)));
                    let class = match answered {
                        Some(_) if k == p.answer => Some("right"),
                        Some(a) if a == k => Some("wrong"),
                        _ => None,
                    };
                    html! {
                        <button class={classes!("option", class)} {onclick} disabled={answered.is_some()}
                            data-testid="prediction-option" data-option={k.to_string()}>{ markdown::inline(o) }</button>
                    }
                }) }
            </div>
            if let Some(a) = answered {
                <p class={classes!("verdict", if a == p.answer { "good" } else { "bad" })} role="status">
                    { if a == p.answer { "Right. " } else { "Not quite. " } }{ markdown::inline(&p.explanation) }
                    { " Step on to see it happen." }
                </p>
            } else {
                <p class="muted">{ "Choose an answer: stepping forward waits for it." }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct WalkthroughProps {
    pub walk: Option<WalkSession>,
    /// Events applied (0 when no walkthrough is on).
    pub cursor: usize,
    /// This window is the audience window.
    pub audience: bool,
    /// The audience window says the step's sentence under the notes (it has no controls).
    pub sentence: Option<AttrValue>,
    /// The share link's fragment for what the page shows now (the audience window opens it).
    pub fragment: Callback<(), String>,
    pub dispatch: Dispatch,
}

/// A walkthrough's notes: the narration of this stop, the next stop, the controls, and the
/// audience window.
#[component]
pub fn WalkthroughPanel(props: &WalkthroughProps) -> Html {
    let Some(walk) = &props.walk else {
        return Html::default();
    };
    let w = &walk.walkthrough;
    let n = walk.stops.len();
    let stop = &w.stops[walk.stop];
    let go = |k: usize| {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::GoToStop(k)))
    };
    let open_audience = {
        let fragment = props.fragment.clone();
        Callback::from(move |_| {
            let fragment = fragment.emit(());
            let link = url::link(&fragment);
            let with_flag = match link.split_once('#') {
                Some((base, frag)) => {
                    let sep = if base.contains('?') { '&' } else { '?' };
                    format!("{base}{sep}audience=1#{frag}")
                }
                None => link,
            };
            let _ = crate::services::window().open_with_url_and_target(&with_flag, "lab-audience");
        })
    };
    let d = props.dispatch.clone();
    let leave = Callback::from(move |_| d.dispatch(Action::LeaveWalkthrough));
    let prediction = walk.stops.get(walk.stop).and_then(|r| r.prediction.clone());
    let next = w.stops.get(walk.stop + 1);
    // Stepping on (or back) from a stop leaves its narration behind: say so, or the words on
    // the screen contradict the views under them.
    let away = props.cursor != walk.cursor_of(walk.stop);
    let revealed = walk.revealed();
    html! {
        <section class="panel walkthrough" data-testid="walkthrough" aria-label="Walkthrough notes">
            <h2>{ format!("Walkthrough · stop {} of {n}", walk.stop + 1) }</h2>
            <h3>{ w.title.clone() }</h3>
            if away {
                <p class="away muted" data-testid="away-from-stop">{ format!(
                    "You have stepped away from stop {} (it is at event {}): the notes below are about that event. {}",
                    walk.stop + 1,
                    walk.cursor_of(walk.stop),
                    if props.audience { "" } else { "Next stop (PageDown) goes on from here." }
                ) }</p>
            }
            <div class={classes!("narration", away.then_some("away"))} data-testid="narration">
                { for stop.narration.split("\n\n").map(|p| html! { <p>{ markdown::render(p) }</p> }) }
            </div>
            if let Some(p) = prediction.filter(|_| !away) {
                <div class="room-question" data-testid="room-question">
                    <p><b>{ if props.audience { "What happens next? " } else { "Ask the room: " } }</b>{ markdown::inline(&p.question) }</p>
                    <ul>{ for p.options.iter().enumerate().map(|(k, o)| html! {
                        <li class={classes!((revealed && k == p.answer).then_some("right"))}>{ markdown::inline(o) }</li>
                    }) }</ul>
                    if revealed {
                        <p class="good">{ markdown::inline(&p.explanation) }</p>
                    } else if !props.audience {
                        <button onclick={let d = props.dispatch.clone(); move |_| d.dispatch(Action::AnswerStop(0))}>{ "Reveal the answer" }</button>
                    }
                </div>
            }
            if let Some(sentence) = props.sentence.as_ref().filter(|_| props.audience) {
                <p class="explain audience-explain" aria-live="polite">{ markdown::inline(sentence) }</p>
            }
            if !props.audience {
                <div class="walk-bar">
                    <button onclick={go(walk.stop.saturating_sub(1))} disabled={walk.stop == 0} title="Previous stop (PageUp)">{ "◀ previous stop" }</button>
                    <button class="primary" onclick={go(walk.stop + 1)} disabled={walk.stop + 1 >= n} data-testid="next-stop" title="Next stop (PageDown)">{ "next stop ▶" }</button>
                    <button onclick={open_audience} data-testid="open-audience" title="Open a window for the projector that follows this one">{ "Open audience window" }</button>
                    <button class="link" onclick={leave}>{ "end the walkthrough" }</button>
                </div>
                if let Some(next) = next {
                    <p class="next-stop muted">{ "Next: " }{ markdown::inline(&first_sentence(&next.narration)) }
                        <span class="position">{ format!(" ({})", next.position) }</span></p>
                }
            }
        </section>
    }
}

/// The first sentence (or line) of a stop's narration, for the presenter's preview.
fn first_sentence(text: &str) -> String {
    let text = text.split("\n\n").next().unwrap_or_default().trim();
    let chars: Vec<char> = text.chars().collect();
    let mut in_code = false;
    let mut end = chars.len();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '`' => in_code = !in_code,
            // A full stop outside code, not part of "...", that ends the sentence.
            '.' if !in_code
                && chars.get(i + 1).is_none_or(|n| n.is_whitespace())
                && (i == 0 || chars[i - 1] != '.') =>
            {
                end = i + 1;
                break;
            }
            _ => {}
        }
    }
    let sentence: String = chars[..end].iter().collect();
    sentence.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The challenges completed in this browser.
pub fn completed() -> Vec<String> {
    storage::get_json(storage::Key::ChallengesDone).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn the_next_stop_preview_is_its_first_sentence() {
        assert_eq!(
            first_sentence(
                "Only after `poll_end ... outcome=pending` does `counter` go into the\nqueue. Then more.\n\nMore."
            ),
            "Only after `poll_end ... outcome=pending` does `counter` go into the queue."
        );
        assert_eq!(first_sentence("Wait... then go. Next."), "Wait... then go.");
        assert_eq!(first_sentence("No full stop"), "No full stop");
        assert_eq!(first_sentence("v1.2 is out. Yes."), "v1.2 is out.");
    }
}
