//! A lesson's Markdown as HTML, rendered at build time (`build.rs`) so the page shows it as it
//! is; also compiled into `tests/lesson_html.rs`, which checks what it makes.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The HTML of a lesson, styled as the page's own Markdown is: headings one level down (`#` is
/// the page's `h3`), code blocks as `pre.code-block` (focusable, as they may scroll), tables as
/// `table.md-table`, links in a new tab.
pub fn lesson_html(markdown: &str) -> String {
    let mut link_text = None::<String>;
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).filter_map(|e| {
        Some(match e {
            // What a lesson writes is text, never markup.
            Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
            Event::Start(Tag::Heading { level, .. }) => {
                Event::Html(CowStr::from(format!("<h{}>", heading(level))))
            }
            Event::End(TagEnd::Heading(level)) => {
                Event::Html(CowStr::from(format!("</h{}>", heading(level))))
            }
            // Focusable: a block wider than the panel scrolls, and the keyboard must reach it.
            Event::Start(Tag::CodeBlock(_)) => {
                Event::Html("<pre class=\"code-block\" tabindex=\"0\"><code>".into())
            }
            Event::End(TagEnd::CodeBlock) => Event::Html("</code></pre>".into()),
            Event::Start(Tag::Table(_)) => Event::Html("<table class=\"md-table\">".into()),
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("https://") => {
                let href = escape(&dest_url);
                Event::Html(CowStr::from(format!(
                    "<a href=\"{href}\" target=\"_blank\" rel=\"noopener noreferrer\">"
                )))
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                // Shown as `label (url)`, as the page's own renderer does.
                link_text = Some(dest_url.to_string());
                return None;
            }
            Event::End(TagEnd::Link) => match link_text.take() {
                Some(url) => Event::Html(CowStr::from(format!(" (<code>{}</code>)", escape(&url)))),
                None => Event::Html("</a>".into()),
            },
            other => other,
        })
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

fn heading(level: HeadingLevel) -> usize {
    (level as usize + 2).min(6)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
