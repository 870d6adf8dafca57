//! Entry point of the web UI: mounts [`web_ui::App`] on the page's body.

fn main() {
    yew::Renderer::<web_ui::App>::new().render();
}
