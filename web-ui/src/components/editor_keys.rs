//! What the editor's keys do to the text: Tab and Shift+Tab indent and outdent the selected
//! lines, Enter keeps the indentation (one level more after `{`), Ctrl+/ comments lines in or
//! out. Each is a pure function from the text and the selection to one replacement, so the
//! editor can apply it as the browser's own "insert text" (and Ctrl+Z undoes it) and a native
//! test can check it.

/// One level of indentation, as the presets write it.
pub const INDENT: &str = "    ";

/// Replace `start..end` (byte offsets) with `text`, then select `select`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub select: (usize, usize),
}

/// The start of the line that holds byte `at`.
fn line_start(source: &str, at: usize) -> usize {
    source[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line that holds byte `at` (before its `\n`).
fn line_end(source: &str, at: usize) -> usize {
    source[at..].find('\n').map_or(source.len(), |i| at + i)
}

/// The whole lines the selection touches (a selection that ends at the start of a line does
/// not take that line).
fn lines_of(source: &str, start: usize, end: usize) -> (usize, usize) {
    let last = if end > start && source[..end].ends_with('\n') {
        end - 1
    } else {
        end
    };
    (line_start(source, start), line_end(source, last))
}

/// Applies `f` to each line of the selection's lines and selects the result.
fn map_lines(source: &str, start: usize, end: usize, mut f: impl FnMut(&str) -> String) -> Change {
    let (from, to) = lines_of(source, start, end);
    let text = source[from..to]
        .split('\n')
        .map(&mut f)
        .collect::<Vec<_>>()
        .join("\n");
    let select = (from, from + text.len());
    Change {
        start: from,
        end: to,
        text,
        select,
    }
}

/// Tab: with the cursor inside a line, spaces to the next indentation stop; with a selection
/// across lines, every selected line one level in.
pub fn indent(source: &str, start: usize, end: usize) -> Change {
    if !source[start..end].contains('\n') {
        let column = source[line_start(source, start)..start].chars().count();
        let text = " ".repeat(INDENT.len() - column % INDENT.len());
        let at = start + text.len();
        return Change {
            start,
            end,
            text,
            select: (at, at),
        };
    }
    map_lines(source, start, end, |line| {
        if line.is_empty() {
            String::new()
        } else {
            format!("{INDENT}{line}")
        }
    })
}

/// Shift+Tab: every line of the selection (or the cursor's line) one level out, as far as it
/// is indented. `None` when no line is indented.
pub fn outdent(source: &str, start: usize, end: usize) -> Option<Change> {
    let (from, to) = lines_of(source, start, end);
    if !source[from..to].split('\n').any(|l| l.starts_with(' ')) {
        return None;
    }
    let single = !source[start..end].contains('\n');
    let mut change = map_lines(source, start, end, |line| {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        line[spaces.min(INDENT.len())..].to_string()
    });
    if single {
        // One line: the cursor stays where it was in the text, not the whole line selected.
        let removed = (to - from) - change.text.len();
        let at = start.saturating_sub(removed).max(from);
        change.select = (at, at);
    }
    Some(change)
}

/// Enter: a new line indented as this one, one level more after `{`; between `{` and `}`, the
/// `}` goes to a line of its own below the cursor.
pub fn newline(source: &str, start: usize, end: usize) -> Change {
    let line = &source[line_start(source, start)..start];
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let opens = line.trim_end().ends_with('{');
    let inner = if opens {
        format!("{indent}{INDENT}")
    } else {
        indent.clone()
    };
    let mut text = format!("\n{inner}");
    let at = start + text.len();
    if opens && source[end..].trim_start_matches(' ').starts_with('}') {
        text.push('\n');
        text.push_str(&indent);
    }
    Change {
        start,
        end,
        text,
        select: (at, at),
    }
}

/// Ctrl+/: comment the selected lines out (`// ` at their common indentation), or, when every
/// non-blank one already is, back in.
pub fn toggle_comment(source: &str, start: usize, end: usize) -> Change {
    let (from, to) = lines_of(source, start, end);
    let lines: Vec<&str> = source[from..to].split('\n').collect();
    let filled = || lines.iter().filter(|l| !l.trim().is_empty());
    let all_commented = filled().all(|l| l.trim_start().starts_with("//"));
    let column = filled()
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let change = map_lines(source, start, end, |line| {
        if line.trim().is_empty() {
            line.to_string()
        } else if all_commented {
            let at = line.len() - line.trim_start().len();
            let rest = &line[at + 2..];
            format!("{}{}", &line[..at], rest.strip_prefix(' ').unwrap_or(rest))
        } else {
            format!("{}// {}", &line[..column], &line[column..])
        }
    });
    if start == end {
        // A cursor, not a selection: it stays on its line, moved with the text.
        let at = (start as isize + change.text.len() as isize - (to - from) as isize)
            .clamp(from as isize, (from + change.text.len()) as isize) as usize;
        return Change {
            select: (at, at),
            ..change
        };
    }
    change
}

/// The byte offset of a position the browser gives in UTF-16 code units.
pub fn byte_of(source: &str, utf16: u32) -> usize {
    let mut units = 0;
    for (i, c) in source.char_indices() {
        if units >= utf16 as usize {
            return i;
        }
        units += c.len_utf16();
    }
    source.len()
}

/// The UTF-16 position the browser wants for a byte offset.
pub fn utf16_of(source: &str, byte: usize) -> u32 {
    source[..byte].chars().map(char::len_utf16).sum::<usize>() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies a change and draws the selection as `[` `]` (or `|` for a cursor).
    fn apply(source: &str, c: &Change) -> String {
        let out = format!("{}{}{}", &source[..c.start], c.text, &source[c.end..]);
        let (a, b) = c.select;
        if a == b {
            format!("{}|{}", &out[..a], &out[a..])
        } else {
            format!("{}[{}]{}", &out[..a], &out[a..b], &out[b..])
        }
    }

    fn at(source: &str, marker: &str) -> usize {
        source.find(marker).unwrap()
    }

    #[test]
    fn tab_at_a_cursor_goes_to_the_next_stop() {
        let s = "task a {\n  x\n}";
        let i = at(s, "x");
        assert_eq!(apply(s, &indent(s, i, i)), "task a {\n    |x\n}");
    }

    #[test]
    fn tab_and_shift_tab_move_the_selected_lines_and_keep_them_selected() {
        let s = "a\nb\n\nc\n";
        let c = indent(s, 0, s.len() - 1);
        assert_eq!(apply(s, &c), "[    a\n    b\n\n    c]\n");
        let moved = format!("{}{}{}", &s[..c.start], c.text, &s[c.end..]);
        let back = outdent(&moved, c.select.0, c.select.1).unwrap();
        assert_eq!(apply(&moved, &back), "[a\nb\n\nc]\n");
        assert_eq!(outdent(s, 0, 1), None, "nothing to outdent");
    }

    #[test]
    fn a_selection_ending_at_a_line_start_leaves_that_line_alone() {
        let s = "a\nb\nc";
        let c = indent(s, 0, at(s, "c"));
        assert_eq!(apply(s, &c), "[    a\n    b]\nc");
    }

    #[test]
    fn shift_tab_on_one_line_keeps_the_cursor_in_the_text() {
        let s = "{\n        print(1);\n}";
        let i = at(s, "print") + 2;
        assert_eq!(apply(s, &outdent(s, i, i).unwrap()), "{\n    pr|int(1);\n}");
    }

    #[test]
    fn enter_keeps_the_indentation_and_adds_a_level_after_a_brace() {
        let s = "task a {\n    loop {\n    x";
        let i = at(s, "loop {") + "loop {".len();
        assert_eq!(
            apply(s, &newline(s, i, i)),
            "task a {\n    loop {\n        |\n    x"
        );
        let j = s.len();
        assert_eq!(
            apply(s, &newline(s, j, j)),
            "task a {\n    loop {\n    x\n    |"
        );
    }

    #[test]
    fn enter_between_braces_puts_the_closing_one_below() {
        let s = "task a {}";
        let i = at(s, "}");
        assert_eq!(apply(s, &newline(s, i, i)), "task a {\n    |\n}");
    }

    #[test]
    fn ctrl_slash_comments_lines_out_at_their_common_indentation_and_back_in() {
        let s = "    a;\n        b;\n\n    c;";
        let c = toggle_comment(s, 0, s.len());
        assert_eq!(apply(s, &c), "[    // a;\n    //     b;\n\n    // c;]");
        let out = format!("{}{}{}", &s[..c.start], c.text, &s[c.end..]);
        let back = toggle_comment(&out, c.select.0, c.select.1);
        assert_eq!(apply(&out, &back), format!("[{s}]"));
    }

    #[test]
    fn ctrl_slash_at_a_cursor_keeps_it_on_its_text() {
        let s = "x\n    print(1);\ny";
        let i = at(s, "print");
        assert_eq!(
            apply(s, &toggle_comment(s, i, i)),
            "x\n    // |print(1);\ny"
        );
    }

    #[test]
    fn positions_convert_between_utf16_and_bytes() {
        let s = "é😀x";
        assert_eq!(byte_of(s, 0), 0);
        assert_eq!(byte_of(s, 1), 2);
        assert_eq!(byte_of(s, 3), 6, "the emoji is two UTF-16 units");
        assert_eq!(byte_of(s, 99), s.len());
        for b in [0, 2, 6, 7] {
            assert_eq!(byte_of(s, utf16_of(s, b)), b);
        }
    }
}
