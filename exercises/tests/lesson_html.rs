//! The lessons' HTML, as `build.rs` renders it for the page: the shapes the page styles, and
//! nothing a lesson holds becomes markup of its own.

#[path = "../lesson_html.rs"]
mod render;

use render::lesson_html;

#[test]
fn a_table_renders_as_a_table_and_markup_in_it_stays_text() {
    let html = lesson_html(
        "# 3. Title\n\n## What\n\nBefore.\n\n| operation | function |\n|---|---|\n| `waker.clone()` | `clone` |\n| <b>x</b> | wake |\n\nAfter.",
    );
    assert!(html.starts_with("<h3>3. Title</h3><h4>What</h4>"), "{html}");
    assert!(
        html.contains("<table class=\"md-table\"><thead><tr><th>operation</th>"),
        "{html}"
    );
    assert!(
        html.contains("<td><code>waker.clone()</code></td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>&lt;b&gt;x&lt;/b&gt;</td>"),
        "raw HTML is text: {html}"
    );
    assert!(!html.contains("<b>"), "{html}");
}

#[test]
fn code_blocks_and_links_take_the_pages_shapes() {
    let html = lesson_html(
        "```rust\nlet a = 1 < 2;\n```\n\n[tokio](https://github.com/tokio-rs/tokio) and [a file](../src/lib.rs)",
    );
    assert!(
        html.contains(
            "<pre class=\"code-block\" tabindex=\"0\"><code>let a = 1 &lt; 2;\n</code></pre>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<a href=\"https://github.com/tokio-rs/tokio\" target=\"_blank\" rel=\"noopener noreferrer\">tokio</a>"
        ),
        "{html}"
    );
    // A link that is not https is shown, not followed.
    assert!(
        html.contains("a file (<code>../src/lib.rs</code>)"),
        "{html}"
    );
    assert!(!html.contains("href=\"../src"), "{html}");
}

#[test]
fn every_shipped_lesson_renders_with_its_title_first() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let markdown = std::fs::read_to_string(&path).unwrap();
        let html = lesson_html(&markdown);
        assert!(html.starts_with("<h3>"), "{}", path.display());
        assert!(!html.contains("<script"), "{}", path.display());
        n += 1;
    }
    assert!(n >= 17, "{n} lessons");
}
