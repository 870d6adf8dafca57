//! Tokens to syntax tree: a hand-written recursive-descent parser, with precedence
//! climbing for binary operators (as rustc's `parse_expr_assoc_with`).
//!
//! Two rules shape it. First, it stops at the first error and makes that one good: the
//! message names what was expected and what was found, and a hint shows the construct
//! written correctly. A learner fixes one thing at a time, so error recovery would only add
//! noise. Second, it never panics and never overflows the stack: every recursion (blocks,
//! parentheses, unary operators, patterns) and every left-leaning chain (`a + b + ...`,
//! `x.await.await...`) counts against [`MAX_DEPTH`], so the tree it builds is at most that
//! deep and the checker, the interpreter and `Drop` can recurse over it safely.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::ast::{
    AssignOp, BinOp, Block, Chan, Cond, Config, ConfigEntry, ConfigValue, ConfigValueKind, Else,
    Expr, ExprKind, Ident, If, Io, IoChunk, Item, Oneshot, PatKind, Pattern, Program, Select,
    SelectBranch, Stmt, StmtKind, StrLit, Task, UnOp,
};
use crate::error::Error;
use crate::lexer::{Keyword, Lexer, Token, TokenKind};
use crate::span::Span;

/// How deeply blocks, parentheses, unary operators, patterns and operator chains may nest.
/// Real scenarios stay under 15; the limit exists so that hostile input (10,000 `(`) gets an
/// error instead of overflowing the stack, natively or in the browser's smaller wasm stack.
pub const MAX_DEPTH: u32 = 64;

/// The longest source accepted, in bytes (1 MiB): far beyond any lesson, and small enough
/// that spans fit in `u32`.
pub const MAX_SOURCE_LEN: usize = 1 << 20;

/// Parses a whole scenario, stopping at the first error.
pub fn parse(src: &str) -> Result<Program, Error> {
    if src.len() > MAX_SOURCE_LEN {
        return Err(Error::new(
            Span::new(0, 0, 1, 1),
            format!(
                "the program is too long: {} bytes (the limit is {MAX_SOURCE_LEN} bytes)",
                src.len()
            ),
        ));
    }
    let mut lexer = Lexer::new(src);
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token() {
        if !token.kind.is_comment() {
            tokens.push(token);
        }
    }
    let mut parser = Parser {
        src,
        tokens,
        pos: 0,
        depth: 0,
        eof: lexer.position(),
    };
    parser.program()
}

struct Parser<'a> {
    src: &'a str,
    /// The tokens without comments.
    tokens: Vec<Token>,
    pos: usize,
    depth: u32,
    /// An empty span at the end of the input.
    eof: Span,
}

type PResult<T> = Result<T, Error>;

/// Describes a token for "found ..." in messages.
fn describe(token: Option<Token>, src: &str) -> String {
    let Some(token) = token else {
        return "end of input".to_string();
    };
    match token.kind {
        TokenKind::Keyword(k) => format!("keyword `{k}`"),
        _ => {
            let text = token.text(src);
            match text.char_indices().nth(24) {
                Some((i, _)) => format!("`{}...`", &text[..i]),
                None => format!("`{text}`"),
            }
        }
    }
}

fn int_value(digits: &str, negative: bool) -> Option<i64> {
    let mut clean = String::with_capacity(digits.len() + 1);
    if negative {
        clean.push('-');
    }
    clean.extend(digits.chars().filter(|&c| c != '_'));
    clean.parse::<i64>().ok()
}

fn binop(kind: TokenKind) -> Option<BinOp> {
    Some(match kind {
        TokenKind::Star => BinOp::Mul,
        TokenKind::Slash => BinOp::Div,
        TokenKind::Percent => BinOp::Rem,
        TokenKind::Plus => BinOp::Add,
        TokenKind::Minus => BinOp::Sub,
        TokenKind::Lt => BinOp::Lt,
        TokenKind::Le => BinOp::Le,
        TokenKind::Gt => BinOp::Gt,
        TokenKind::Ge => BinOp::Ge,
        TokenKind::EqEq => BinOp::Eq,
        TokenKind::Ne => BinOp::Ne,
        TokenKind::AndAnd => BinOp::And,
        TokenKind::OrOr => BinOp::Or,
        _ => return None,
    })
}

impl Parser<'_> {
    // ---- token access -------------------------------------------------------------------

    fn token(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    fn kind(&self) -> Option<TokenKind> {
        self.token().map(|t| t.kind)
    }

    fn kind_at(&self, ahead: usize) -> Option<TokenKind> {
        self.tokens.get(self.pos + ahead).map(|t| t.kind)
    }

    fn span(&self) -> Span {
        self.token().map_or(self.eof, |t| t.span)
    }

    fn text(&self) -> &str {
        self.token().map_or("", |t| t.text(self.src))
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.kind() == Some(kind)
    }

    fn at_kw(&self, kw: Keyword) -> bool {
        self.at(TokenKind::Keyword(kw))
    }

    /// Moves past the current token and returns its span.
    fn bump(&mut self) -> Span {
        let span = self.span();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        span
    }

    fn eat(&mut self, kind: TokenKind) -> bool {
        if self.at(kind) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// The span ending where the previous token ended (for "after" errors and node spans).
    fn prev_span(&self) -> Span {
        match self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)) {
            Some(t) => t.span,
            None => Span::new(0, 0, 1, 1),
        }
    }

    /// An empty span just after the previous token: where a missing `;` belongs. Tokens the
    /// parser sees never span lines, so the column is the token's plus its length.
    fn after_prev(&self) -> Span {
        match self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)) {
            Some(t) => {
                let chars = u32::try_from(t.text(self.src).chars().count()).unwrap_or(0);
                Span::new(
                    t.span.end,
                    t.span.end,
                    t.span.line,
                    t.span.col.saturating_add(chars),
                )
            }
            None => Span::new(0, 0, 1, 1),
        }
    }

    // ---- errors -------------------------------------------------------------------------

    /// "expected {expected}, found ..." at the current token; if that token is one the lexer
    /// could not make sense of, its own error instead.
    fn unexpected(&self, expected: &str) -> Error {
        if let Some(err) = self.lex_error() {
            return err;
        }
        Error::new(
            self.span(),
            format!(
                "expected {expected}, found {}",
                describe(self.token(), self.src)
            ),
        )
    }

    /// The error for the current token if the lexer marked it as bad.
    fn lex_error(&self) -> Option<Error> {
        let token = self.token()?;
        let text = token.text(self.src);
        let span = token.span;
        Some(match token.kind {
            TokenKind::Unknown => {
                let c = text.chars().next().unwrap_or('?');
                let err = Error::new(span, format!("unexpected character `{}`", c.escape_debug()));
                match c {
                    '&' => err.or_hint("did you mean `&&`?"),
                    '|' => err.or_hint("did you mean `||`?"),
                    '\'' => err.or_hint("strings use double quotes: \"text\""),
                    '?' => err.or_hint(
                        "the lab has no `?` operator: match the value with `if let Ok(v) = ...`",
                    ),
                    '[' | ']' => err.or_hint("the lab has no arrays or indexing"),
                    c if !c.is_ascii() && c.is_alphabetic() => {
                        err.or_hint("names are written with ASCII letters, digits and `_`")
                    }
                    _ => err,
                }
            }
            // `&` is only a token for `&mut f`; anywhere else it is taken for a lone `&`.
            TokenKind::Amp => Error::new(span, "unexpected character `&`")
                .or_hint("did you mean `&&`? (`&` on its own only lends a kept future: `&mut f`)"),
            TokenKind::UnterminatedStr => {
                Error::new(span, "unterminated string: the closing `\"` is missing")
                    .or_hint("a string ends on the line it starts; write a line break as `\\n`")
            }
            TokenKind::UnterminatedComment => Error::new(
                span.shrink_to_start(),
                "unterminated block comment: `*/` is missing",
            )
            .or_hint("block comments nest: each `/*` needs its own `*/`"),
            TokenKind::BadNumber if text.contains('.') => Error::new(
                span,
                format!("numbers with a fraction are not supported: `{text}`"),
            )
            .or_hint("use a whole number, with a smaller unit for durations: `1500ms`, not `1.5s`"),
            TokenKind::BadNumber => {
                let digits = text
                    .find(|c: char| !c.is_ascii_digit() && c != '_')
                    .unwrap_or(0);
                Error::new(
                    span,
                    format!("invalid suffix `{}` on number `{text}`", &text[digits..]),
                )
                .or_hint("durations end in `us`, `ms` or `s` (as in `10ms`); ints have no suffix")
            }
            _ => return None,
        })
    }

    /// Consumes a token of `kind`, or fails with "expected {what}, found ...".
    fn expect(&mut self, kind: TokenKind, what: &str) -> PResult<Span> {
        if self.at(kind) {
            Ok(self.bump())
        } else {
            Err(self.unexpected(what))
        }
    }

    /// Consumes the `;` that ends a statement or an entry. A missing `;` is reported just
    /// after the previous token, where it belongs, as rustc does.
    fn expect_semi(&mut self, after: &str) -> PResult<()> {
        if self.eat(TokenKind::Semi) {
            return Ok(());
        }
        if let Some(err) = self.lex_error() {
            return Err(err);
        }
        Err(Error::new(
            self.after_prev(),
            format!(
                "expected `;` after {after}, found {}",
                describe(self.token(), self.src)
            ),
        ))
    }

    fn ident(&mut self, what: &str) -> PResult<Ident> {
        if self.at(TokenKind::Ident) {
            let name = self.text().to_string();
            let span = self.bump();
            return Ok(Ident { name, span });
        }
        let err = self.unexpected(what);
        match self.kind() {
            Some(TokenKind::Keyword(k)) if err.hint.is_none() => {
                Err(err.or_hint(format!("`{k}` is a keyword and cannot be used as a name")))
            }
            _ => Err(err),
        }
    }

    /// Counts one level of nesting; see [`MAX_DEPTH`].
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::new(
                self.span(),
                format!("too deeply nested: the limit is {MAX_DEPTH} levels of blocks, parentheses and operators"),
            )
            .or_hint("split it into smaller pieces, e.g. with `let`"));
        }
        Ok(())
    }

    fn leave(&mut self, levels: u32) {
        self.depth -= levels;
    }

    // ---- literals -----------------------------------------------------------------------

    /// An int literal at the current token, negated if a `-` was just consumed.
    fn int_literal(&mut self, negative: bool, start: Span) -> PResult<(i64, Span)> {
        let text = self.text();
        let span = start.to(self.span());
        match int_value(text, negative) {
            Some(v) => {
                self.bump();
                Ok((v, span))
            }
            None => Err(Error::new(span, format!("integer `{text}` is too large"))
                .or_hint(format!("ints go from {} to {}", i64::MIN, i64::MAX))),
        }
    }

    fn duration_literal(&mut self) -> PResult<(u64, Span)> {
        let text = self.text();
        match crate::words::parse_duration(text) {
            Some(v) => Ok((v, self.bump())),
            None => Err(
                Error::new(self.span(), format!("duration `{text}` is too large")).or_hint(
                    format!(
                        "the longest duration is {}us (about 584,000 years)",
                        u64::MAX
                    ),
                ),
            ),
        }
    }

    /// Decodes the string literal at the current token.
    fn string_literal(&mut self) -> PResult<StrLit> {
        let token = self.token().unwrap_or(Token {
            kind: TokenKind::Str,
            span: self.eof,
        });
        let text = token.text(self.src);
        let raw = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        let mut col = token.span.col + 1;
        while let Some((i, c)) = chars.next() {
            if c == '\\' {
                let escaped = chars.next().map(|(_, e)| e);
                match escaped {
                    Some('"') => value.push('"'),
                    Some('\\') => value.push('\\'),
                    Some('n') => value.push('\n'),
                    _ => {
                        let e = escaped.unwrap_or(' ');
                        let start = token.span.start + 1 + u32::try_from(i).unwrap_or(0);
                        let end = start + 1 + u32::try_from(e.len_utf8()).unwrap_or(0);
                        let span = Span::new(start, end, token.span.line, col);
                        return Err(Error::new(
                            span,
                            format!("unknown escape `\\{}` in string", e.escape_debug()),
                        )
                        .or_hint("the escapes are `\\\"`, `\\\\` and `\\n`"));
                    }
                }
                col += 2;
            } else {
                value.push(c);
                col += 1;
            }
        }
        self.bump();
        Ok(StrLit {
            value,
            raw: raw.to_string(),
        })
    }

    // ---- items --------------------------------------------------------------------------

    fn program(&mut self) -> PResult<Program> {
        let mut items = Vec::new();
        while self.token().is_some() {
            items.push(self.item()?);
        }
        Ok(Program { items })
    }

    fn item(&mut self) -> PResult<Item> {
        const ITEM: &str = "an item (`task`, `lazy task`, `chan`, `oneshot`, `io` or `config`)";
        match self.kind() {
            Some(TokenKind::Keyword(Keyword::Config)) => self.config().map(Item::Config),
            Some(TokenKind::Keyword(Keyword::Chan)) => self.chan().map(Item::Chan),
            Some(TokenKind::Keyword(Keyword::Oneshot)) => self.oneshot().map(Item::Oneshot),
            Some(TokenKind::Keyword(Keyword::Io)) => self.io().map(Item::Io),
            Some(TokenKind::Keyword(Keyword::Task)) => self.task(None).map(Item::Task),
            Some(TokenKind::Keyword(Keyword::Lazy)) => {
                let lazy = self.bump();
                if !self.at_kw(Keyword::Task) {
                    return Err(self
                        .unexpected("`task` after `lazy`")
                        .or_hint("a lazy task looks like `lazy task helper { ... }`"));
                }
                self.task(Some(lazy)).map(Item::Task)
            }
            Some(TokenKind::Ident) if self.text() == "fn" => Err(self
                .unexpected(ITEM)
                .or_hint("the lab has no functions: put the code in a task, `task main { ... }`")),
            Some(TokenKind::Ident) if self.text() == "async" => Err(self
                .unexpected(ITEM)
                .or_hint("tasks are async already: write `task main { ... }`")),
            // A misspelt item keyword (`tsak`, `chna`): name the keyword, not a rule.
            Some(TokenKind::Ident) if item_keyword_like(self.text()).is_some() => {
                let keyword = item_keyword_like(self.text()).unwrap_or_default();
                Err(self
                    .unexpected(ITEM)
                    .or_hint(format!("did you mean `{keyword}`?")))
            }
            Some(
                TokenKind::Ident
                | TokenKind::Keyword(
                    Keyword::Let
                    | Keyword::If
                    | Keyword::While
                    | Keyword::Loop
                    | Keyword::For
                    | Keyword::Select
                    | Keyword::Spawn,
                ),
            ) => Err(self
                .unexpected(ITEM)
                .or_hint("statements go inside a task: `task main { ... }`")),
            _ => Err(self.unexpected(ITEM)),
        }
    }

    fn config(&mut self) -> PResult<Config> {
        const USAGE: &str = "config looks like `config { budget: 128; workers: 2; }`";
        let start = self.bump();
        self.expect(TokenKind::LBrace, "`{` after `config`")
            .map_err(|e| e.or_hint(USAGE))?;
        let mut entries = Vec::new();
        while !self.eat(TokenKind::RBrace) {
            let key = self
                .ident("a config key or `}`")
                .map_err(|e| e.or_hint(USAGE))?;
            self.expect(
                TokenKind::Colon,
                &format!("`:` after config key `{}`", key.name),
            )
            .map_err(|e| e.or_hint(USAGE))?;
            let value = self.config_value()?;
            entries.push(ConfigEntry { key, value });
            if !self.at(TokenKind::RBrace) {
                self.expect_semi("config entry")
                    .map_err(|e| e.or_hint(USAGE))?;
            }
        }
        Ok(Config {
            entries,
            span: start.to(self.prev_span()),
        })
    }

    fn config_value(&mut self) -> PResult<ConfigValue> {
        let start = self.span();
        let kind = match self.kind() {
            Some(TokenKind::Int) => ConfigValueKind::Int(self.int_literal(false, start)?.0),
            Some(TokenKind::Minus) if self.kind_at(1) == Some(TokenKind::Int) => {
                self.bump();
                ConfigValueKind::Int(self.int_literal(true, start)?.0)
            }
            Some(TokenKind::Duration) => ConfigValueKind::Duration(self.duration_literal()?.0),
            Some(TokenKind::Ident) => {
                let word = self.text().to_string();
                self.bump();
                ConfigValueKind::Word(word)
            }
            _ => {
                return Err(self
                    .unexpected("a config value (a number, a duration, or a word such as `off`)"));
            }
        };
        Ok(ConfigValue {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    fn chan(&mut self) -> PResult<Chan> {
        const USAGE: &str = "a channel looks like `chan jobs: 4;` (4 is its capacity)";
        let start = self.bump();
        let name = self
            .ident("a channel name after `chan`")
            .map_err(|e| e.or_hint(USAGE))?;
        self.expect(TokenKind::Colon, "`:` after the channel name")
            .map_err(|e| e.or_hint(USAGE))?;
        let cap_start = self.span();
        let negative = self.at(TokenKind::Minus) && self.kind_at(1) == Some(TokenKind::Int);
        if negative {
            self.bump();
        }
        if !self.at(TokenKind::Int) {
            return Err(self
                .unexpected("the channel's capacity (an int such as `4`)")
                .or_hint(USAGE));
        }
        let (capacity, capacity_span) = self.int_literal(negative, cap_start)?;
        self.expect_semi("the channel declaration")
            .map_err(|e| e.or_hint(USAGE))?;
        Ok(Chan {
            name,
            capacity,
            capacity_span,
            span: start.to(self.prev_span()),
        })
    }

    fn oneshot(&mut self) -> PResult<Oneshot> {
        const USAGE: &str = "a oneshot looks like `oneshot done;`";
        let start = self.bump();
        let name = self
            .ident("a name after `oneshot`")
            .map_err(|e| e.or_hint(USAGE))?;
        self.expect_semi("the oneshot declaration")
            .map_err(|e| e.or_hint(USAGE))?;
        Ok(Oneshot {
            name,
            span: start.to(self.prev_span()),
        })
    }

    fn io(&mut self) -> PResult<Io> {
        const USAGE: &str = "a socket looks like `io db { 30ms: \"row1\"; 50ms: \"row2\"; }`";
        let start = self.bump();
        let name = self
            .ident("a socket name after `io`")
            .map_err(|e| e.or_hint(USAGE))?;
        self.expect(TokenKind::LBrace, &format!("`{{` after `io {}`", name.name))
            .map_err(|e| e.or_hint(USAGE))?;
        let mut chunks = Vec::new();
        while !self.eat(TokenKind::RBrace) {
            let entry_start = self.span();
            let (at, at_span) = match self.kind() {
                Some(TokenKind::Duration) => self.duration_literal()?,
                Some(TokenKind::Int) => {
                    let text = self.text();
                    return Err(self
                        .unexpected("a time such as `30ms` or `}`")
                        .or_hint(format!("write the time with a unit: `{text}ms`")));
                }
                _ => {
                    return Err(self
                        .unexpected("a time such as `30ms` or `}`")
                        .or_hint(USAGE));
                }
            };
            self.expect(TokenKind::Colon, "`:` after the chunk's time")
                .map_err(|e| e.or_hint(USAGE))?;
            if !self.at(TokenKind::Str) {
                return Err(self
                    .unexpected("the chunk's data (a string)")
                    .or_hint(USAGE));
            }
            let data = self.string_literal()?.value;
            chunks.push(IoChunk {
                at,
                at_span,
                data,
                span: entry_start.to(self.prev_span()),
            });
            if !self.at(TokenKind::RBrace) {
                self.expect_semi("the socket chunk")
                    .map_err(|e| e.or_hint(USAGE))?;
            }
        }
        Ok(Io {
            name,
            chunks,
            span: start.to(self.prev_span()),
        })
    }

    fn task(&mut self, lazy: Option<Span>) -> PResult<Task> {
        let task_kw = self.bump();
        let start = lazy.unwrap_or(task_kw);
        let name = self
            .ident("a task name after `task`")
            .map_err(|e| e.or_hint("a task looks like `task main { ... }`"))?;
        let mut start_at = None;
        if self.eat(TokenKind::At) {
            match self.kind() {
                Some(TokenKind::Duration) => start_at = Some(self.duration_literal()?),
                Some(TokenKind::Int) => {
                    let text = self.text();
                    return Err(self
                        .unexpected("a start time such as `5ms` after `@`")
                        .or_hint(format!("write the time with a unit: `{text}ms`")));
                }
                _ => return Err(self.unexpected("a start time such as `5ms` after `@`")),
            }
        }
        if !self.at(TokenKind::LBrace) {
            return Err(self
                .unexpected(&format!("`{{` to start the body of task `{}`", name.name))
                .or_hint(format!(
                    "every task needs a body: `task {} {{ ... }}`",
                    name.name
                )));
        }
        let body = self.block()?;
        Ok(Task {
            name,
            lazy,
            start: start_at,
            span: start.to(body.span),
            body,
        })
    }

    // ---- statements ---------------------------------------------------------------------

    /// `{ stmt* }`; the caller has checked that the current token is `{`.
    fn block(&mut self) -> PResult<Block> {
        let open = self.bump();
        self.enter()?;
        let mut stmts = Vec::new();
        loop {
            if self.eat(TokenKind::RBrace) {
                break;
            }
            if self.token().is_none() {
                return Err(self.unexpected(&format!(
                    "`}}` to close the block opened at {}:{}",
                    open.line, open.col
                )));
            }
            if self.eat(TokenKind::Semi) {
                continue; // an empty statement, as after `if { }` written with `;`
            }
            stmts.push(self.stmt()?);
        }
        self.leave(1);
        Ok(Block {
            stmts,
            span: open.to(self.prev_span()),
        })
    }

    /// A block after a construct's head, e.g. the body of a `while`.
    fn body(&mut self, after: &str) -> PResult<Block> {
        if self.at(TokenKind::LBrace) {
            return self.block();
        }
        let err = self.unexpected(&format!("`{{` after {after}"));
        if self.at(TokenKind::Eq) {
            return Err(err.or_hint("to compare, write `==`"));
        }
        Err(err)
    }

    fn stmt(&mut self) -> PResult<Stmt> {
        let start = self.span();
        let kind = match self.kind() {
            Some(TokenKind::Keyword(Keyword::Let)) => return self.let_stmt(),
            Some(TokenKind::Keyword(Keyword::If)) => {
                let stmt = self.if_stmt()?;
                let span = stmt.span;
                return Ok(Stmt {
                    kind: StmtKind::If(stmt),
                    span,
                });
            }
            Some(TokenKind::Keyword(Keyword::While)) => {
                self.bump();
                self.enter()?;
                let cond = self.cond()?;
                let body = self.body("the `while` condition")?;
                self.leave(1);
                StmtKind::While { cond, body }
            }
            Some(TokenKind::Keyword(Keyword::Loop)) => {
                self.bump();
                StmtKind::Loop(self.body("`loop`")?)
            }
            Some(TokenKind::Keyword(Keyword::For)) => self.for_stmt()?,
            Some(TokenKind::Keyword(Keyword::Select)) => StmtKind::Select(self.select()?),
            Some(TokenKind::LBrace) => StmtKind::Block(self.block()?),
            Some(TokenKind::Keyword(Keyword::Break)) => {
                self.bump();
                self.expect_semi("`break`")?;
                return Ok(Stmt {
                    kind: StmtKind::Break,
                    span: start,
                });
            }
            Some(TokenKind::Keyword(Keyword::Continue)) => {
                self.bump();
                self.expect_semi("`continue`")?;
                return Ok(Stmt {
                    kind: StmtKind::Continue,
                    span: start,
                });
            }
            Some(TokenKind::Keyword(Keyword::Return)) => {
                self.bump();
                if !self.at(TokenKind::Semi)
                    && !self.at(TokenKind::RBrace)
                    && self.lex_error().is_none()
                {
                    return Err(Error::new(self.span(), "`return` takes no value: a task produces no result")
                        .or_hint("write `return;` to end the task; to hand a value to another task, send it on a channel or a oneshot"));
                }
                self.expect_semi("`return`")?;
                return Ok(Stmt {
                    kind: StmtKind::Return,
                    span: start,
                });
            }
            Some(TokenKind::Keyword(Keyword::Else)) => {
                return Err(Error::new(start, "`else` without an `if`")
                    .or_hint("`else` goes right after the `}` that closes an `if` block"));
            }
            Some(TokenKind::Ident)
                if self.text() == "match"
                    && matches!(
                        self.kind_at(1),
                        Some(TokenKind::Ident | TokenKind::LParen | TokenKind::Keyword(_))
                    ) =>
            {
                return Err(Error::new(start, "`match` is not supported in the lab")
                    .or_hint("use `if let PATTERN = value { ... } else { ... }`"));
            }
            _ => return self.expr_stmt(),
        };
        Ok(Stmt {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    fn let_stmt(&mut self) -> PResult<Stmt> {
        let start = self.bump();
        let mutable = self.eat(TokenKind::Keyword(Keyword::Mut));
        if self.at(TokenKind::LParen) && !mutable {
            return self.let_pattern(start);
        }
        let name = if self.eat(TokenKind::Underscore) {
            None
        } else {
            if self.at(TokenKind::LParen) {
                return Err(self.unexpected("a variable name after `let mut`").or_hint(
                    "`mut` goes on each name of a tuple pattern: `let (mut a, b) = ...;`",
                ));
            }
            Some(self.ident("a variable name after `let`")?)
        };
        let shown = name.as_ref().map_or("_", |n| n.name.as_str());
        if self.at(TokenKind::Colon) {
            return Err(
                Error::new(self.span(), "type annotations are not supported")
                    .or_hint(format!("types are inferred: write `let {shown} = ...;`")),
            );
        }
        if !self.eat(TokenKind::Eq) {
            return Err(self
                .unexpected(&format!("`=` after `let {shown}`"))
                .or_hint(format!("a variable needs a value: `let {shown} = 0;`")));
        }
        let value = self.expr()?;
        self.expect_semi("statement")?;
        let span = start.to(value.span);
        Ok(Stmt {
            kind: StmtKind::Let {
                mutable,
                name,
                value,
            },
            span,
        })
    }

    /// `let (a, b) = e;`, after `let`, at the `(`.
    fn let_pattern(&mut self, start: Span) -> PResult<Stmt> {
        let pat = self.pattern()?;
        if self.at(TokenKind::Colon) {
            return Err(
                Error::new(self.span(), "type annotations are not supported")
                    .or_hint("types are inferred: write `let (a, b) = ...;`"),
            );
        }
        if !self.eat(TokenKind::Eq) {
            return Err(self
                .unexpected("`=` after the pattern")
                .or_hint("destructure a value: `let (a, b) = join(x, y).await;`"));
        }
        let value = self.expr()?;
        self.expect_semi("statement")?;
        let span = start.to(value.span);
        Ok(Stmt {
            kind: StmtKind::LetPat { pat, value },
            span,
        })
    }

    fn expr_stmt(&mut self) -> PResult<Stmt> {
        let expr = self.expr()?;
        let op = match self.kind() {
            Some(TokenKind::Eq) => Some(AssignOp::Set),
            Some(TokenKind::PlusEq) => Some(AssignOp::Add),
            Some(TokenKind::MinusEq) => Some(AssignOp::Sub),
            _ => None,
        };
        let Some(op) = op else {
            self.expect_semi("statement")?;
            let span = expr.span;
            return Ok(Stmt {
                kind: StmtKind::Expr(expr),
                span,
            });
        };
        let ExprKind::Name(name) = &expr.kind else {
            return Err(Error::new(expr.span, format!("cannot assign to `{expr}`"))
                .or_hint("only variables can be assigned: `x = ...;`"));
        };
        let target = Ident {
            name: name.clone(),
            span: expr.span,
        };
        self.bump();
        let value = self.expr()?;
        self.expect_semi("statement")?;
        let span = expr.span.to(value.span);
        Ok(Stmt {
            kind: StmtKind::Assign { target, op, value },
            span,
        })
    }

    fn if_stmt(&mut self) -> PResult<If> {
        let start = self.bump();
        self.enter()?;
        let cond = self.cond()?;
        let then = self.body("the `if` condition")?;
        let otherwise = if self.eat(TokenKind::Keyword(Keyword::Else)) {
            if self.at_kw(Keyword::If) {
                Some(Else::If(Box::new(self.if_stmt()?)))
            } else if self.at(TokenKind::LBrace) {
                Some(Else::Block(self.block()?))
            } else {
                return Err(self.unexpected("`{` or `if` after `else`"));
            }
        } else {
            None
        };
        self.leave(1);
        Ok(If {
            cond,
            then,
            otherwise,
            span: start.to(self.prev_span()),
        })
    }

    /// The condition of `if` or `while`: an expression, or `let PAT = e`.
    fn cond(&mut self) -> PResult<Cond> {
        if self.eat(TokenKind::Keyword(Keyword::Let)) {
            let pat = self.pattern()?;
            self.expect(TokenKind::Eq, "`=` after the pattern")
                .map_err(|e| e.or_hint("write `if let Some(x) = value { ... }`"))?;
            let value = self.expr()?;
            return Ok(Cond::Let { pat, value });
        }
        Ok(Cond::Expr(self.expr()?))
    }

    fn for_stmt(&mut self) -> PResult<StmtKind> {
        const USAGE: &str = "a `for` loop looks like `for i in 0..10 { ... }`";
        self.bump();
        self.enter()?;
        let var = self
            .ident("the loop variable after `for`")
            .map_err(|e| e.or_hint(USAGE))?;
        self.expect(
            TokenKind::Keyword(Keyword::In),
            "`in` after the loop variable",
        )
        .map_err(|e| e.or_hint(USAGE))?;
        let start = self.expr()?;
        let inclusive = match self.kind() {
            Some(TokenKind::DotDot) => false,
            Some(TokenKind::DotDotEq) => true,
            _ => {
                return Err(self
                    .unexpected("`..` or `..=` in the `for` range")
                    .or_hint(USAGE));
            }
        };
        self.bump();
        let end = self.expr()?;
        let body = self.body("the `for` range")?;
        self.leave(1);
        Ok(StmtKind::For {
            var,
            start,
            end,
            inclusive,
            body,
        })
    }

    fn select(&mut self) -> PResult<Select> {
        const USAGE: &str = "a branch looks like `v = jobs.recv() => { ... }`";
        let start = self.bump();
        if self.at(TokenKind::Bang) {
            return Err(self
                .unexpected("`{` after `select`")
                .or_hint("`select` is built into the lab, not a macro: `select { ... }`"));
        }
        self.expect(TokenKind::LBrace, "`{` after `select`")?;
        self.enter()?;
        // `biased;` first, as in `tokio::select!`: poll the branches in order.
        let biased = self.at_biased();
        if biased {
            self.bump();
            self.bump();
        }
        let mut branches = Vec::new();
        loop {
            if self.eat(TokenKind::RBrace) {
                break;
            }
            if self.token().is_none() {
                return Err(self.unexpected("a `select` branch or `}`").or_hint(USAGE));
            }
            if self.at(TokenKind::Ident)
                && self.text() == "biased"
                && !matches!(self.kind_at(1), Some(TokenKind::Eq | TokenKind::Semi))
            {
                self.bump();
                return Err(self.unexpected("`;` after `biased`").or_hint(
                    "`biased;` makes the select poll its branches in order: `select { biased; ... }`",
                ));
            }
            if self.at_biased() {
                return Err(
                    Error::new(self.span(), "`biased;` must come first in a `select`").with_hint(
                        if biased {
                            "it is already there: write it once".to_string()
                        } else {
                            "write it before the first branch: `select { biased; ... }`".to_string()
                        },
                    ),
                );
            }
            let pat = self.pattern().map_err(|e| e.or_hint(USAGE))?;
            if let PatKind::Bind(name) = &pat.kind
                && self.at(TokenKind::Semi)
                && crate::suggest::closest(name, ["biased"]).is_some()
            {
                return Err(
                    Error::new(pat.span, format!("unknown `select` option `{name}`")).with_hint(
                        "did you mean `biased;`? It comes first: `select { biased; ... }`",
                    ),
                );
            }
            self.expect(TokenKind::Eq, "`=` after the branch's pattern")
                .map_err(|e| e.or_hint(USAGE))?;
            let future = self.expr()?;
            // `, if COND`: the branch's precondition, as in `tokio::select!`.
            let guard = if self.at(TokenKind::Comma)
                && self.kind_at(1) == Some(TokenKind::Keyword(Keyword::If))
            {
                self.bump();
                self.bump();
                Some(self.expr()?)
            } else {
                None
            };
            if guard.is_none() && self.at_kw(Keyword::If) {
                return Err(self
                    .unexpected("`=>` after the branch's future")
                    .or_hint("a precondition comes after a comma: `v = f, if ready => { ... }`"));
            }
            let what = if guard.is_some() {
                "`=>` after the branch's precondition"
            } else {
                "`=>` after the branch's future"
            };
            self.expect(TokenKind::FatArrow, what)
                .map_err(|e| e.or_hint(USAGE))?;
            if !self.at(TokenKind::LBrace) {
                return Err(self
                    .unexpected("`{` after `=>`")
                    .or_hint("a branch's body is a block: `=> { ... }`"));
            }
            let body = self.block()?;
            branches.push(SelectBranch {
                span: pat.span.to(body.span),
                pat,
                future,
                guard,
                body,
            });
            self.eat(TokenKind::Comma);
        }
        self.leave(1);
        let span = start.to(self.prev_span());
        if branches.is_empty() {
            return Err(Error::new(span, "`select` needs at least one branch").or_hint(USAGE));
        }
        Ok(Select {
            biased,
            branches,
            span,
        })
    }

    /// Whether the next tokens are `biased ;`.
    fn at_biased(&self) -> bool {
        self.at(TokenKind::Ident)
            && self.text() == "biased"
            && self.kind_at(1) == Some(TokenKind::Semi)
    }

    fn pattern(&mut self) -> PResult<Pattern> {
        self.enter()?;
        let start = self.span();
        let kind = match self.kind() {
            Some(TokenKind::Underscore) => {
                self.bump();
                PatKind::Wild
            }
            Some(TokenKind::Ident) => {
                let name = self.text().to_string();
                self.bump();
                PatKind::Bind(name)
            }
            Some(TokenKind::Int) => PatKind::Int(self.int_literal(false, start)?.0),
            Some(TokenKind::Minus) if self.kind_at(1) == Some(TokenKind::Int) => {
                self.bump();
                PatKind::Int(self.int_literal(true, start)?.0)
            }
            Some(TokenKind::Str) => PatKind::Str(self.string_literal()?.value),
            Some(TokenKind::Keyword(Keyword::True)) => {
                self.bump();
                PatKind::Bool(true)
            }
            Some(TokenKind::Keyword(Keyword::False)) => {
                self.bump();
                PatKind::Bool(false)
            }
            Some(TokenKind::Keyword(Keyword::None)) => {
                self.bump();
                PatKind::None
            }
            Some(TokenKind::LParen) if self.kind_at(1) == Some(TokenKind::RParen) => {
                self.bump();
                self.bump();
                PatKind::Unit
            }
            // `(p, q)` and `(p,)` are tuples; `(p)` is `p`, as in Rust.
            Some(TokenKind::LParen) => {
                self.bump();
                let first = self.pattern()?;
                if !self.eat(TokenKind::Comma) {
                    self.expect(TokenKind::RParen, "`,` or `)` in the pattern")?;
                    self.leave(1);
                    return Ok(Pattern {
                        kind: first.kind,
                        span: start.to(self.prev_span()),
                    });
                }
                let mut items = alloc::vec![first];
                while !self.eat(TokenKind::RParen) {
                    items.push(self.pattern()?);
                    if !self.eat(TokenKind::Comma) && !self.at(TokenKind::RParen) {
                        return Err(self.unexpected("`,` or `)` in the tuple pattern"));
                    }
                }
                PatKind::Tuple(items)
            }
            // `mut x` binds as `x` does (`mut` is accepted, not enforced).
            Some(TokenKind::Keyword(Keyword::Mut)) if self.kind_at(1) == Some(TokenKind::Ident) => {
                self.bump();
                let name = self.text().to_string();
                self.bump();
                PatKind::Bind(name)
            }
            Some(TokenKind::Keyword(kw @ (Keyword::Some | Keyword::Ok | Keyword::Err))) => {
                self.bump();
                self.expect(TokenKind::LParen, &format!("`(` after `{kw}`"))?;
                let inner = Box::new(self.pattern()?);
                self.expect(TokenKind::RParen, &format!("`)` to close `{kw}(`"))?;
                match kw {
                    Keyword::Some => PatKind::Some(inner),
                    Keyword::Ok => PatKind::Ok(inner),
                    _ => PatKind::Err(inner),
                }
            }
            _ => {
                return Err(self.unexpected("a pattern").or_hint(
                    "patterns are `Some(x)`, `None`, `Ok(x)`, `Err(e)`, `(a, b)`, `_`, `()`, a name, or a literal",
                ));
            }
        };
        self.leave(1);
        Ok(Pattern {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    // ---- expressions --------------------------------------------------------------------

    fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let expr = self.binary(1)?;
        self.leave(1);
        Ok(expr)
    }

    /// Precedence climbing: operators binding at least as tightly as `min` (all left
    /// associative, comparisons not associative at all).
    fn binary(&mut self, min: u8) -> PResult<Expr> {
        let mut lhs = self.unary()?;
        let mut levels = 0;
        while let Some(op) = self.kind().and_then(binop) {
            if op.precedence() < min {
                break;
            }
            self.bump();
            let rhs = self.binary(op.precedence() + 1)?;
            if op.is_comparison()
                && let Some(next) = self.kind().and_then(binop)
                && next.is_comparison()
            {
                return Err(
                    Error::new(self.span(), "comparison operators cannot be chained")
                        .or_hint("split it in two: `a < b && b < c`"),
                );
            }
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                span,
            };
            levels += 1;
            self.enter()?;
        }
        self.leave(levels);
        Ok(lhs)
    }

    fn unary(&mut self) -> PResult<Expr> {
        let start = self.span();
        let op = match self.kind() {
            // `-5` is one literal, so that `-9223372036854775808` fits in an int.
            Some(TokenKind::Minus)
                if self.kind_at(1) == Some(TokenKind::Int)
                    && self.kind_at(2) != Some(TokenKind::Dot) =>
            {
                self.bump();
                let (v, span) = self.int_literal(true, start)?;
                return Ok(Expr {
                    kind: ExprKind::Int(v),
                    span,
                });
            }
            Some(TokenKind::Minus) => UnOp::Neg,
            Some(TokenKind::Bang) => UnOp::Not,
            // `&mut f`: lends a kept future. It binds as a unary operator does, so
            // `&mut f.await` is `&mut (f.await)`, as in Rust: write `(&mut f).await`.
            Some(TokenKind::Amp) => return self.ref_mut(start),
            _ => return self.postfix(),
        };
        self.bump();
        self.enter()?;
        let operand = self.unary()?;
        self.leave(1);
        let span = start.to(operand.span);
        Ok(Expr {
            kind: ExprKind::Unary(op, Box::new(operand)),
            span,
        })
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let mut expr = self.primary()?;
        let mut levels = 0;
        while self.eat(TokenKind::Dot) {
            if self.eat(TokenKind::Keyword(Keyword::Await)) {
                let span = expr.span.to(self.prev_span());
                expr = Expr {
                    kind: ExprKind::Await(Box::new(expr)),
                    span,
                };
            } else if self.at(TokenKind::Ident) {
                let method = self.ident("a method name")?;
                if !self.at(TokenKind::LParen) {
                    return Err(self
                        .unexpected(&format!("`(` after the method name `{}`", method.name))
                        .or_hint(format!(
                            "call it: `.{}()`; the lab has no fields",
                            method.name
                        )));
                }
                let args = self.args()?;
                let span = expr.span.to(self.prev_span());
                expr = Expr {
                    kind: ExprKind::Method {
                        receiver: Box::new(expr),
                        method,
                        args,
                    },
                    span,
                };
            } else if self.at(TokenKind::Int) {
                return Err(self
                    .unexpected("`await` or a method name after `.`")
                    .or_hint(
                        "the lab has no tuple fields: destructure the tuple, `let (a, b) = t;`",
                    ));
            } else {
                return Err(self.unexpected("`await` or a method name after `.`"));
            }
            levels += 1;
            self.enter()?;
        }
        self.leave(levels);
        Ok(expr)
    }

    /// `( args )`, the current token being `(`.
    fn args(&mut self) -> PResult<Vec<Expr>> {
        self.bump();
        let mut args = Vec::new();
        while !self.eat(TokenKind::RParen) {
            args.push(self.expr()?);
            if !self.eat(TokenKind::Comma) && !self.at(TokenKind::RParen) {
                return Err(self.unexpected("`,` or `)` in the argument list"));
            }
        }
        Ok(args)
    }

    fn primary(&mut self) -> PResult<Expr> {
        let start = self.span();
        let kind = match self.kind() {
            Some(TokenKind::Int) => ExprKind::Int(self.int_literal(false, start)?.0),
            Some(TokenKind::Duration) => {
                let text = self.text().to_string();
                ExprKind::Duration(self.duration_literal()?.0, text)
            }
            Some(TokenKind::Str) => ExprKind::Str(self.string_literal()?),
            Some(TokenKind::Keyword(Keyword::True)) => {
                self.bump();
                ExprKind::Bool(true)
            }
            Some(TokenKind::Keyword(Keyword::False)) => {
                self.bump();
                ExprKind::Bool(false)
            }
            Some(TokenKind::Keyword(Keyword::None)) => {
                self.bump();
                ExprKind::None
            }
            Some(TokenKind::Keyword(kw @ (Keyword::Some | Keyword::Ok | Keyword::Err))) => {
                self.bump();
                self.expect(TokenKind::LParen, &format!("`(` after `{kw}`"))?;
                let inner = Box::new(self.expr()?);
                self.expect(TokenKind::RParen, &format!("`)` to close `{kw}(`"))?;
                match kw {
                    Keyword::Some => ExprKind::Some(inner),
                    Keyword::Ok => ExprKind::Ok(inner),
                    _ => ExprKind::Err(inner),
                }
            }
            Some(TokenKind::Keyword(Keyword::Spawn)) => {
                self.bump();
                if self.at(TokenKind::LParen) {
                    return Err(self
                        .unexpected("the name of a lazy task after `spawn`")
                        .or_hint("`spawn` is not a function: write `spawn helper`"));
                }
                ExprKind::Spawn(self.ident("the name of a lazy task after `spawn`")?)
            }
            Some(TokenKind::Keyword(Keyword::Await)) => {
                return Err(self
                    .unexpected("an expression")
                    .or_hint("`.await` goes after the future, as in `sleep(1ms).await`"));
            }
            Some(TokenKind::Ident)
                if self.kind_at(1) == Some(TokenKind::Bang)
                    && matches!(self.kind_at(2), Some(TokenKind::LParen | TokenKind::LBrace)) =>
            {
                return Err(self.macro_call());
            }
            Some(TokenKind::Ident) => {
                let func = self.ident("a name")?;
                if self.at(TokenKind::LParen) {
                    let args = self.args()?;
                    ExprKind::Call { func, args }
                } else {
                    ExprKind::Name(func.name)
                }
            }
            Some(TokenKind::LParen) => {
                self.bump();
                if self.eat(TokenKind::RParen) {
                    ExprKind::Unit
                } else {
                    let inner = self.expr()?;
                    if self.eat(TokenKind::Comma) {
                        self.tuple(inner)?
                    } else {
                        self.expect(TokenKind::RParen, "`)`")?;
                        return Ok(Expr {
                            kind: inner.kind,
                            span: start.to(self.prev_span()),
                        });
                    }
                }
            }
            Some(TokenKind::Keyword(
                kw
                @ (Keyword::If | Keyword::Loop | Keyword::While | Keyword::For | Keyword::Select),
            )) => {
                return Err(self.unexpected("an expression").or_hint(format!(
                    "`{kw}` is a statement in the lab, not an expression: assign to a variable inside it instead"
                )));
            }
            _ => return Err(self.unexpected("an expression")),
        };
        Ok(Expr {
            kind,
            span: start.to(self.prev_span()),
        })
    }
}

// The rarer expressions, kept out of `primary` and `unary` so that their stack frames, which
// every level of nesting pays for, stay small (the nesting tests run on a 1 MiB stack).
impl Parser<'_> {
    /// `&mut e`, at the `&`.
    #[inline(never)]
    fn ref_mut(&mut self, start: Span) -> PResult<Expr> {
        self.bump();
        if !self.eat(TokenKind::Keyword(Keyword::Mut)) {
            return Err(self
                .unexpected("`mut` after `&`")
                .or_hint("polling a future needs it mutably: lend a kept future with `&mut f`"));
        }
        self.enter()?;
        let operand = self.unary()?;
        self.leave(1);
        let span = start.to(operand.span);
        Ok(Expr {
            kind: ExprKind::RefMut(Box::new(operand)),
            span,
        })
    }

    /// The rest of `(a, b, ...)` after `(a,`: `(a, b)` and `(a,)` are tuples, as in Rust.
    #[inline(never)]
    fn tuple(&mut self, first: Expr) -> PResult<ExprKind> {
        let mut items = alloc::vec![first];
        while !self.eat(TokenKind::RParen) {
            items.push(self.expr()?);
            if !self.eat(TokenKind::Comma) && !self.at(TokenKind::RParen) {
                return Err(self.unexpected("`,` or `)` in the tuple"));
            }
        }
        Ok(ExprKind::Tuple(items))
    }

    /// `name!(...)`, at the name: the lab has no macros; say what to write instead.
    #[inline(never)]
    #[cold]
    fn macro_call(&mut self) -> Error {
        let name = self.text().to_string();
        self.bump();
        let bang = self.span();
        let hint = match name.as_str() {
            "join" => "`join` is a function in the lab: `join(a, b).await`".to_string(),
            "pin" => "no `pin!` is needed: a future kept in a variable never moves (the task's \
                      own future is pinned); lend it with `&mut f`"
                .to_string(),
            "print" | "println" => "`print` is a function: `print(\"x = {x}\")`".to_string(),
            _ => format!("write what `{name}!` does with the lab's statements"),
        };
        Error::new(
            bang,
            format!("`{name}!` is a macro, and the lab has no macros"),
        )
        .with_hint(hint)
    }
}

/// The item keyword `word` looks like a misspelling of, if any. `io` is left out: at two
/// letters, any one-letter name would look like it.
fn item_keyword_like(word: &str) -> Option<&'static str> {
    crate::suggest::closest(word, ["task", "lazy", "chan", "oneshot", "config"])
}
