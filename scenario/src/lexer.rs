//! Source text to tokens, for the parser and for the editor's highlighting.
//!
//! The web UI colours the editor with this very lexer, so it must accept every input: it
//! never fails and never panics. Whatever it cannot make sense of becomes a token too (an
//! unexpected character, an unterminated string or block comment, a malformed number), and
//! the parser turns the first such token into an error message when it reaches it. Comments
//! are tokens for the same reason; the parser skips them.
//!
//! Like rustc's `rustc_lexer`, tokens carry no data beyond their kind and span: the text is
//! `&src[span.range()]`, and values (numbers, escapes) are decoded by the parser, which is
//! where a bad value can be reported with a message.
//!
//! Two deliberate differences from Rust: a string ends at the end of its line (a line break
//! inside a string is written `\n`), so an unterminated string never swallows the rest of
//! the file; and identifiers are ASCII.

use alloc::vec::Vec;
use core::fmt;

use crate::span::Span;

/// One token: its kind and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Where it is; the text is `&src[span.range()]`.
    pub span: Span,
}

impl Token {
    /// The token's class, for highlighting.
    pub fn class(&self) -> TokenClass {
        self.kind.class()
    }

    /// The token's text.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.span.range()).unwrap_or("")
    }
}

/// The reserved words of the language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Keyword {
    Config,
    Chan,
    Oneshot,
    Io,
    Task,
    Lazy,
    Let,
    Mut,
    If,
    Else,
    While,
    Loop,
    For,
    In,
    Break,
    Continue,
    Return,
    Select,
    Spawn,
    Await,
    True,
    False,
    Some,
    None,
    Ok,
    Err,
}

impl Keyword {
    /// Every keyword, for documentation and tests.
    pub const ALL: [Keyword; 26] = [
        Keyword::Config,
        Keyword::Chan,
        Keyword::Oneshot,
        Keyword::Io,
        Keyword::Task,
        Keyword::Lazy,
        Keyword::Let,
        Keyword::Mut,
        Keyword::If,
        Keyword::Else,
        Keyword::While,
        Keyword::Loop,
        Keyword::For,
        Keyword::In,
        Keyword::Break,
        Keyword::Continue,
        Keyword::Return,
        Keyword::Select,
        Keyword::Spawn,
        Keyword::Await,
        Keyword::True,
        Keyword::False,
        Keyword::Some,
        Keyword::None,
        Keyword::Ok,
        Keyword::Err,
    ];

    /// The keyword as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Config => "config",
            Keyword::Chan => "chan",
            Keyword::Oneshot => "oneshot",
            Keyword::Io => "io",
            Keyword::Task => "task",
            Keyword::Lazy => "lazy",
            Keyword::Let => "let",
            Keyword::Mut => "mut",
            Keyword::If => "if",
            Keyword::Else => "else",
            Keyword::While => "while",
            Keyword::Loop => "loop",
            Keyword::For => "for",
            Keyword::In => "in",
            Keyword::Break => "break",
            Keyword::Continue => "continue",
            Keyword::Return => "return",
            Keyword::Select => "select",
            Keyword::Spawn => "spawn",
            Keyword::Await => "await",
            Keyword::True => "true",
            Keyword::False => "false",
            Keyword::Some => "Some",
            Keyword::None => "None",
            Keyword::Ok => "Ok",
            Keyword::Err => "Err",
        }
    }

    /// The keyword spelled `word`, if any.
    pub fn from_word(word: &str) -> Option<Keyword> {
        Keyword::ALL.into_iter().find(|k| k.as_str() == word)
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A name: `jobs`, `_x`, `sleep`.
    Ident,
    /// A reserved word.
    Keyword(Keyword),
    /// An integer literal: `42`, `1_000`.
    Int,
    /// An integer with a time unit: `10us`, `10ms`, `2s`.
    Duration,
    /// A string literal, quotes included: `"job {job}"`.
    Str,
    /// `// ...` up to the end of the line.
    LineComment,
    /// `/* ... */`, which nests as in Rust.
    BlockComment,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `;`
    Semi,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// `.`
    Dot,
    /// `..`
    DotDot,
    /// `..=`
    DotDotEq,
    /// `@`
    At,
    /// `=>`
    FatArrow,
    /// `_` on its own.
    Underscore,
    /// `=`
    Eq,
    /// `+=`
    PlusEq,
    /// `-=`
    MinusEq,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `%`
    Percent,
    /// `!`
    Bang,
    /// `==`
    EqEq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `&&`
    AndAnd,
    /// `||`
    OrOr,
    /// `&` on its own: only in `&mut f`, which lends a kept future.
    Amp,
    /// A string whose closing `"` is missing on its line.
    UnterminatedStr,
    /// A block comment whose `*/` is missing.
    UnterminatedComment,
    /// A number that is not an int or a duration: `1.5s`, `10min`, `0x10`.
    BadNumber,
    /// A character that starts no token: `$`, `#`, a lone `|`.
    Unknown,
}

/// The classes the editor colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenClass {
    /// `task`, `let`, `select`, `Some`, ...
    Keyword,
    /// Names of tasks, channels, variables and built-ins.
    Identifier,
    /// Integer literals.
    Number,
    /// Durations: `10ms`.
    Duration,
    /// String literals (an unterminated one too: editors colour it to the end of the line).
    String,
    /// Comments (an unterminated block comment too).
    Comment,
    /// `{ } ( ) ; : , . .. ..= @ => _`
    Punctuation,
    /// `= += -= + - * / % ! == != < <= > >= && || &`
    Operator,
    /// Text that starts no token, or a malformed number.
    Error,
}

impl TokenClass {
    /// A short lowercase name, usable as a CSS class.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenClass::Keyword => "keyword",
            TokenClass::Identifier => "identifier",
            TokenClass::Number => "number",
            TokenClass::Duration => "duration",
            TokenClass::String => "string",
            TokenClass::Comment => "comment",
            TokenClass::Punctuation => "punctuation",
            TokenClass::Operator => "operator",
            TokenClass::Error => "error",
        }
    }
}

impl TokenKind {
    /// The class the editor colours this kind with.
    pub fn class(self) -> TokenClass {
        use TokenKind as K;
        match self {
            K::Ident => TokenClass::Identifier,
            K::Keyword(_) => TokenClass::Keyword,
            K::Int => TokenClass::Number,
            K::Duration => TokenClass::Duration,
            K::Str | K::UnterminatedStr => TokenClass::String,
            K::LineComment | K::BlockComment | K::UnterminatedComment => TokenClass::Comment,
            K::LBrace
            | K::RBrace
            | K::LParen
            | K::RParen
            | K::Semi
            | K::Colon
            | K::Comma
            | K::Dot
            | K::DotDot
            | K::DotDotEq
            | K::At
            | K::FatArrow
            | K::Underscore => TokenClass::Punctuation,
            K::Eq
            | K::PlusEq
            | K::MinusEq
            | K::Plus
            | K::Minus
            | K::Star
            | K::Slash
            | K::Percent
            | K::Bang
            | K::EqEq
            | K::Ne
            | K::Lt
            | K::Le
            | K::Gt
            | K::Ge
            | K::AndAnd
            | K::OrOr
            | K::Amp => TokenClass::Operator,
            K::BadNumber | K::Unknown => TokenClass::Error,
        }
    }

    /// True for comments, which the parser skips.
    pub fn is_comment(self) -> bool {
        matches!(self, TokenKind::LineComment | TokenKind::BlockComment)
    }
}

/// All tokens of `src`, comments included, in order. Never fails: see the module docs.
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut lexer = Lexer::new(src);
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token() {
        tokens.push(token);
    }
    tokens
}

/// Turns text into tokens one at a time.
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    line: u32,
    col: u32,
}

/// Offsets saturate at `u32::MAX`; the parser refuses sources that long anyway.
fn offset(pos: usize) -> u32 {
    u32::try_from(pos).unwrap_or(u32::MAX)
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `src`.
    pub fn new(src: &'a str) -> Self {
        Lexer {
            src,
            pos: 0,
            line: 1,
            col: 1,
        }
    }

    /// An empty span where the lexer stands (at the end, that is where "end of input" is).
    pub fn position(&self) -> Span {
        let at = offset(self.pos);
        Span::new(at, at, self.line, self.col)
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut chars = self.src[self.pos..].chars();
        chars.next();
        chars.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.col = 1;
        } else {
            self.col = self.col.saturating_add(1);
        }
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn eat_while(&mut self, pred: impl Fn(char) -> bool) {
        while self.peek().is_some_and(&pred) {
            self.bump();
        }
    }

    /// The next token, or `None` at the end of the input.
    pub fn next_token(&mut self) -> Option<Token> {
        self.eat_while(char::is_whitespace);
        let start = self.position();
        let c = self.bump()?;
        let kind = match c {
            '/' if self.peek() == Some('/') => {
                self.eat_while(|c| c != '\n');
                TokenKind::LineComment
            }
            '/' if self.peek() == Some('*') => self.block_comment(),
            '"' => self.string(),
            '0'..='9' => self.number(),
            '_' if !self.peek().is_some_and(is_ident_continue) => TokenKind::Underscore,
            c if is_ident_start(c) => {
                self.eat_while(is_ident_continue);
                let word = &self.src[start.start as usize..self.pos];
                Keyword::from_word(word).map_or(TokenKind::Ident, TokenKind::Keyword)
            }
            '{' => TokenKind::LBrace,
            '}' => TokenKind::RBrace,
            '(' => TokenKind::LParen,
            ')' => TokenKind::RParen,
            ';' => TokenKind::Semi,
            ':' => TokenKind::Colon,
            ',' => TokenKind::Comma,
            '@' => TokenKind::At,
            '.' if self.eat('.') => {
                if self.eat('=') {
                    TokenKind::DotDotEq
                } else {
                    TokenKind::DotDot
                }
            }
            '.' => TokenKind::Dot,
            '=' if self.eat('=') => TokenKind::EqEq,
            '=' if self.eat('>') => TokenKind::FatArrow,
            '=' => TokenKind::Eq,
            '!' if self.eat('=') => TokenKind::Ne,
            '!' => TokenKind::Bang,
            '<' if self.eat('=') => TokenKind::Le,
            '<' => TokenKind::Lt,
            '>' if self.eat('=') => TokenKind::Ge,
            '>' => TokenKind::Gt,
            '+' if self.eat('=') => TokenKind::PlusEq,
            '+' => TokenKind::Plus,
            '-' if self.eat('=') => TokenKind::MinusEq,
            '-' => TokenKind::Minus,
            '*' => TokenKind::Star,
            '/' => TokenKind::Slash,
            '%' => TokenKind::Percent,
            '&' if self.eat('&') => TokenKind::AndAnd,
            '&' => TokenKind::Amp,
            '|' if self.eat('|') => TokenKind::OrOr,
            _ => TokenKind::Unknown,
        };
        let span = Span {
            end: offset(self.pos),
            ..start
        };
        Some(Token { kind, span })
    }

    /// After `/`: a `/* ... */` comment, nesting like Rust's.
    fn block_comment(&mut self) -> TokenKind {
        self.bump(); // the `*`
        let mut depth = 1u32;
        loop {
            match self.bump() {
                None => return TokenKind::UnterminatedComment,
                Some('/') if self.peek() == Some('*') => {
                    self.bump();
                    depth += 1;
                }
                Some('*') if self.peek() == Some('/') => {
                    self.bump();
                    depth -= 1;
                    if depth == 0 {
                        return TokenKind::BlockComment;
                    }
                }
                Some(_) => {}
            }
        }
    }

    /// After `"`: up to the closing quote, skipping escaped characters. Stops before a line
    /// break, which leaves the string unterminated.
    fn string(&mut self) -> TokenKind {
        loop {
            match self.peek() {
                None | Some('\n') => return TokenKind::UnterminatedStr,
                Some('"') => {
                    self.bump();
                    return TokenKind::Str;
                }
                Some('\\') => {
                    self.bump();
                    if self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                Some(_) => {
                    self.bump();
                }
            }
        }
    }

    /// After the first digit: digits and `_`, then an optional unit suffix. A fraction
    /// (`1.5`) or another suffix makes the whole thing one [`TokenKind::BadNumber`], so the
    /// parser can explain it in one message.
    fn number(&mut self) -> TokenKind {
        self.eat_while(|c| c.is_ascii_digit() || c == '_');
        let mut bad = false;
        if self.peek() == Some('.') && self.peek2().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            self.eat_while(|c| c.is_ascii_digit() || c == '_');
            bad = true;
        }
        let suffix_start = self.pos;
        self.eat_while(is_ident_continue);
        let suffix = &self.src[suffix_start..self.pos];
        match suffix {
            _ if bad => TokenKind::BadNumber,
            "" => TokenKind::Int,
            "us" | "ms" | "s" => TokenKind::Duration,
            _ => TokenKind::BadNumber,
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}
