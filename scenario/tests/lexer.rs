//! The lexer: every token class, the kinds the parser relies on, spans, and the promise
//! the editor depends on: any text lexes, and the tokens cover it exactly.

use scenario::lexer::tokenize;
use scenario::{Keyword, TokenClass, TokenKind, tokens};

/// `(kind, text)` of every token.
fn lex(src: &str) -> Vec<(TokenKind, &str)> {
    tokens(src)
        .into_iter()
        .map(|t| (t.kind, t.text(src)))
        .collect()
}

fn classes(src: &str) -> Vec<(TokenClass, &str)> {
    tokens(src)
        .into_iter()
        .map(|t| (t.class(), t.text(src)))
        .collect()
}

#[test]
fn every_token_class() {
    let src = r#"task x 42 10ms "s" // c
    { + $"#;
    assert_eq!(
        classes(src),
        vec![
            (TokenClass::Keyword, "task"),
            (TokenClass::Identifier, "x"),
            (TokenClass::Number, "42"),
            (TokenClass::Duration, "10ms"),
            (TokenClass::String, "\"s\""),
            (TokenClass::Comment, "// c"),
            (TokenClass::Punctuation, "{"),
            (TokenClass::Operator, "+"),
            (TokenClass::Error, "$"),
        ]
    );
    let names: Vec<_> = [
        TokenClass::Keyword,
        TokenClass::Identifier,
        TokenClass::Number,
        TokenClass::Duration,
        TokenClass::String,
        TokenClass::Comment,
        TokenClass::Punctuation,
        TokenClass::Operator,
        TokenClass::Error,
    ]
    .iter()
    .map(|c| c.as_str())
    .collect();
    assert_eq!(
        names,
        [
            "keyword",
            "identifier",
            "number",
            "duration",
            "string",
            "comment",
            "punctuation",
            "operator",
            "error"
        ]
    );
}

#[test]
fn every_keyword_lexes_as_itself() {
    for kw in Keyword::ALL {
        assert_eq!(
            lex(kw.as_str()),
            vec![(TokenKind::Keyword(kw), kw.as_str())]
        );
        assert_eq!(Keyword::from_word(kw.as_str()), Some(kw));
    }
    // Words that only mean something in one place stay identifiers.
    for word in [
        "on", "off", "tokio", "small", "match", "fn", "sleep", "Some_",
    ] {
        assert_eq!(lex(word), vec![(TokenKind::Ident, word)], "{word}");
    }
}

#[test]
fn punctuation_and_operators_take_the_longest_match() {
    use TokenKind as K;
    let src = "{ } ( ) ; : , . .. ..= @ => _ = += -= + - * / % ! == != < <= > >= && ||";
    let kinds: Vec<_> = lex(src).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        kinds,
        [
            K::LBrace,
            K::RBrace,
            K::LParen,
            K::RParen,
            K::Semi,
            K::Colon,
            K::Comma,
            K::Dot,
            K::DotDot,
            K::DotDotEq,
            K::At,
            K::FatArrow,
            K::Underscore,
            K::Eq,
            K::PlusEq,
            K::MinusEq,
            K::Plus,
            K::Minus,
            K::Star,
            K::Slash,
            K::Percent,
            K::Bang,
            K::EqEq,
            K::Ne,
            K::Lt,
            K::Le,
            K::Gt,
            K::Ge,
            K::AndAnd,
            K::OrOr,
        ]
    );
    let classes: Vec<_> = tokens(src).iter().map(|t| t.class()).collect();
    assert!(classes[..13].iter().all(|&c| c == TokenClass::Punctuation));
    assert!(classes[13..].iter().all(|&c| c == TokenClass::Operator));
}

#[test]
fn numbers_and_durations() {
    use TokenKind as K;
    assert_eq!(
        lex("0 1_000 10us 10ms 2s 1_000ms"),
        vec![
            (K::Int, "0"),
            (K::Int, "1_000"),
            (K::Duration, "10us"),
            (K::Duration, "10ms"),
            (K::Duration, "2s"),
            (K::Duration, "1_000ms")
        ]
    );
    // A range is not a fraction.
    assert_eq!(
        lex("0..3"),
        vec![(K::Int, "0"), (K::DotDot, ".."), (K::Int, "3")]
    );
    // Fractions and unknown suffixes are one bad token each, explained by the parser.
    assert_eq!(
        lex("1.5s 10min 0x1f"),
        vec![
            (K::BadNumber, "1.5s"),
            (K::BadNumber, "10min"),
            (K::BadNumber, "0x1f")
        ]
    );
    assert_eq!(tokens("10min")[0].class(), TokenClass::Error);
}

#[test]
fn identifiers_and_underscores() {
    use TokenKind as K;
    assert_eq!(
        lex("_ _x x_1 __"),
        vec![
            (K::Underscore, "_"),
            (K::Ident, "_x"),
            (K::Ident, "x_1"),
            (K::Ident, "__")
        ]
    );
}

#[test]
fn strings_keep_escapes_and_end_at_the_line() {
    use TokenKind as K;
    assert_eq!(
        lex(r#""a\"b" "\\""#),
        vec![(K::Str, r#""a\"b""#), (K::Str, r#""\\""#)]
    );
    // An unterminated string stops at the end of its line; the next line lexes normally.
    assert_eq!(
        lex("\"open\nx"),
        vec![(K::UnterminatedStr, "\"open"), (K::Ident, "x")]
    );
    assert_eq!(lex("\"open\\"), vec![(K::UnterminatedStr, "\"open\\")]);
    assert_eq!(tokens("\"open")[0].class(), TokenClass::String);
}

#[test]
fn comments_are_tokens_and_block_comments_nest() {
    use TokenKind as K;
    assert_eq!(
        lex("a // to the end\nb /* x /* nested */ still */ c"),
        vec![
            (K::Ident, "a"),
            (K::LineComment, "// to the end"),
            (K::Ident, "b"),
            (K::BlockComment, "/* x /* nested */ still */"),
            (K::Ident, "c")
        ]
    );
    assert_eq!(
        lex("/* a /* b */"),
        vec![(K::UnterminatedComment, "/* a /* b */")]
    );
    assert_eq!(tokens("/* a")[0].class(), TokenClass::Comment);
    assert!(TokenKind::LineComment.is_comment() && !TokenKind::UnterminatedComment.is_comment());
}

#[test]
fn unknown_characters_are_single_error_tokens() {
    use TokenKind as K;
    assert_eq!(
        lex("a$b"),
        vec![(K::Ident, "a"), (K::Unknown, "$"), (K::Ident, "b")]
    );
    assert_eq!(
        lex("| # é 🦀"),
        vec![
            (K::Unknown, "|"),
            (K::Unknown, "#"),
            (K::Unknown, "é"),
            (K::Unknown, "🦀")
        ]
    );
}

/// `&` on its own is a token (for `&mut f`), an operator to the highlighter; `&&` stays one.
#[test]
fn a_lone_ampersand_is_a_token_for_ref_mut() {
    use TokenKind as K;
    assert_eq!(
        lex("&mut f && &"),
        vec![
            (K::Amp, "&"),
            (K::Keyword(Keyword::Mut), "mut"),
            (K::Ident, "f"),
            (K::AndAnd, "&&"),
            (K::Amp, "&"),
        ]
    );
    assert_eq!(tokens("&")[0].class(), TokenClass::Operator);
}

#[test]
fn spans_carry_lines_and_char_columns() {
    let src = "task é\n  \"ü\" x\n\r\ny";
    let spans: Vec<_> = tokens(src)
        .into_iter()
        .map(|t| {
            (
                t.text(src),
                t.span.line,
                t.span.col,
                t.span.start,
                t.span.end,
            )
        })
        .collect();
    assert_eq!(
        spans,
        vec![
            ("task", 1, 1, 0, 4),
            ("é", 1, 6, 5, 7),
            ("\"ü\"", 2, 3, 10, 14),
            // Columns count chars: `"ü"` is three columns although it is four bytes.
            ("x", 2, 7, 15, 16),
            ("y", 4, 1, 19, 20),
        ]
    );
}

#[test]
fn empty_and_blank_sources_have_no_tokens() {
    assert!(tokens("").is_empty());
    assert!(tokenize(" \n\t\r\n ").is_empty());
}
