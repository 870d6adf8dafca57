//! Entry point of the web UI: mounts [`web_ui::Root`] on the page's body.

fn main() {
    yew::Renderer::<web_ui::Root>::new().render();
}
