//! A small Markdown renderer for the challenges' stories and hints, the walkthroughs' narration
//! and the exercises' hints: headings, paragraphs, lists, fenced code, `inline code`, **bold**
//! and [links](https://...). It builds nodes, never HTML strings, so nothing in a text can
//! inject markup; only `https://` links become links. (Lessons, which have tables, are
//! rendered at build time: `exercises/build.rs`.)

use yew::prelude::*;

/// Renders one line's inline Markdown (code, bold, emphasis, links), for text that sits inside
/// an element of its own (a goal, a message).
pub fn inline(text: &str) -> Html {
    let mut out: Vec<Html> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next = rest.find(['`', '[', '*']).unwrap_or(rest.len());
        if next > 0 {
            out.push(html! { { &rest[..next] } });
            rest = &rest[next..];
            continue;
        }
        if let Some(body) = rest.strip_prefix('`')
            && let Some(end) = body.find('`')
        {
            out.push(html! { <code>{ &body[..end] }</code> });
            rest = &body[end + 1..];
            continue;
        }
        if let Some(body) = rest.strip_prefix("**")
            && let Some(end) = body.find("**")
        {
            // Nested: `**register in `new`**` or `**Pending *and* a wake**`.
            out.push(html! { <strong>{ inline(&body[..end]) }</strong> });
            rest = &body[end + 2..];
            continue;
        }
        if let Some(body) = rest.strip_prefix('*')
            && !body.starts_with('*')
            && let Some(end) = body.find('*')
            && end > 0
        {
            out.push(html! { <em>{ inline(&body[..end]) }</em> });
            rest = &body[end + 1..];
            continue;
        }
        if let Some(body) = rest.strip_prefix('[')
            && let Some(close) = body.find("](")
            && let Some(end) = body[close + 2..].find(')')
        {
            let label = &body[..close];
            let url = &body[close + 2..close + 2 + end];
            if url.starts_with("https://") {
                out.push(html! { <a href={url.to_string()} target="_blank" rel="noopener noreferrer">{ inline(label) }</a> });
            } else {
                out.push(html! { <>{ label }{ " (" }<code>{ url }</code>{ ")" }</> });
            }
            rest = &body[close + 2 + end + 1..];
            continue;
        }
        // A lone marker character.
        out.push(html! { { &rest[..1] } });
        rest = &rest[1..];
    }
    out.into_iter().collect()
}

/// Renders `text` (Markdown) as nodes.
pub fn render(text: &str) -> Html {
    let mut blocks: Vec<Html> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |para: &mut Vec<&str>, list: &mut Vec<String>, blocks: &mut Vec<Html>| {
        if !para.is_empty() {
            let joined = para.join(" ");
            blocks.push(html! { <p>{ inline(&joined) }</p> });
            para.clear();
        }
        if !list.is_empty() {
            blocks.push(
                html! { <ul>{ for list.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul> },
            );
            list.clear();
        }
    };
    for line in text.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                blocks.push(code_block(lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut para, &mut list, &mut blocks);
            code = Some(Vec::new());
        } else if let Some(h) = t.strip_prefix("### ") {
            flush(&mut para, &mut list, &mut blocks);
            blocks.push(html! { <h5>{ inline(h) }</h5> });
        } else if let Some(h) = t.strip_prefix("## ") {
            flush(&mut para, &mut list, &mut blocks);
            blocks.push(html! { <h4>{ inline(h) }</h4> });
        } else if let Some(h) = t.strip_prefix("# ") {
            flush(&mut para, &mut list, &mut blocks);
            blocks.push(html! { <h3>{ inline(h) }</h3> });
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            if !para.is_empty() {
                let mut none = Vec::new();
                flush(&mut para, &mut none, &mut blocks);
            }
            list.push(item.to_string());
        } else if t.is_empty() {
            flush(&mut para, &mut list, &mut blocks);
        } else if !list.is_empty() && line.starts_with("  ") {
            if let Some(last) = list.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else {
            if !list.is_empty() {
                let mut none = Vec::new();
                flush(&mut none, &mut list, &mut blocks);
            }
            para.push(t);
        }
    }
    if let Some(lines) = code {
        blocks.push(code_block(lines.join("\n")));
    }
    flush(&mut para, &mut list, &mut blocks);
    blocks.into_iter().collect()
}

/// A fenced code block. Focusable: one wider than its panel scrolls, and the keyboard must
/// reach it.
fn code_block(body: String) -> Html {
    html! { <pre class="code-block" tabindex="0"><code>{ body }</code></pre> }
}
