//! The lexer: statement text to a vector of positioned tokens, built from nom 8 combinators.
//!
//! Oracle lexing rules it follows: keywords and unquoted identifiers are case-insensitive and
//! upper-cased here; identifiers may hold `$ # _` and digits after the first letter
//! (`V$SESSION`, `SERIAL#`); `"Quoted"` identifiers keep their case; strings double their
//! quotes (`'it''s'`) or use the alternative quoting `q'[...]'`; no whitespace is needed between
//! tokens (`session'1,2'immediate`). Comments (`-- ...`, `/* ... */`) are dropped.

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{is_not, tag, take_until, take_while},
    character::complete::{char, digit0, digit1, one_of, satisfy},
    combinator::{not, opt, recognize, value},
    multi::fold_many0,
    sequence::{delimited, preceded},
};

use crate::error::{
    COMMENT_NOT_TERMINATED, IDENTIFIER_TOO_LONG, INVALID_CHARACTER, MISSING_DOUBLE_QUOTE, OraError,
    QUOTED_STRING_NOT_TERMINATED, ZERO_LENGTH_IDENTIFIER,
};
use crate::ora;

/// The longest identifier Oracle accepts (12.2+), in bytes.
pub const MAX_IDENTIFIER_LEN: usize = 128;

/// What a token is. Keywords are not told apart from identifiers here: the grammar decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// An unquoted identifier or keyword, upper-cased (`select` → `SELECT`).
    Word(String),
    /// A `"quoted"` identifier, verbatim without the quotes.
    Quoted(String),
    /// A string literal with its quoting undone (`'it''s'` → `it's`).
    Str(String),
    /// A number literal as written (`1`, `1.5`, `.5`, `1e3`).
    Num(String),
    /// A bind variable `:name` (name upper-cased) or `:1`.
    Bind(String),
    /// An operator or punctuation symbol (`||`, `:=`, `..`, `(`, ...); `!=`, `^=`, `~=` are `<>`.
    Sym(&'static str),
    /// The end of the text.
    Eof,
}

/// A token and the byte range of its text in the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Byte offset of its first character.
    pub pos: usize,
    /// Byte offset just after its last character.
    pub end: usize,
}

/// Symbols, longest first so that `||` wins over `|` and `..` over `.`.
const SYMBOLS: &[&str] = &[
    "||", "<>", "!=", "^=", "~=", "<=", ">=", "=>", ":=", "..", "<<", ">>", "=", "<", ">", "+",
    "-", "*", "/", "(", ")", ",", ".", ";", "%", "@", "[", "]",
];

/// Splits `src` into tokens, ending with one [`Tok::Eof`] whose position is `src.len()`.
pub fn tokenize(src: &str) -> Result<Vec<Token>, OraError> {
    let mut out = Vec::new();
    let mut rest = src;
    loop {
        rest = skip_trivia(src, rest)?;
        let pos = src.len() - rest.len();
        if rest.is_empty() {
            out.push(Token { tok: Tok::Eof, pos, end: pos });
            return Ok(out);
        }
        let (next, tok) = token(rest).map_err(|_| lex_error(rest).at(pos))?;
        check_identifier(&tok, pos)?;
        out.push(Token { tok, pos, end: src.len() - next.len() });
        rest = next;
    }
}

/// Skips whitespace and comments; an unterminated `/*` is ORA-01742.
fn skip_trivia<'a>(src: &str, mut rest: &'a str) -> Result<&'a str, OraError> {
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.find('\n').map_or("", |n| &after[n..]);
        } else if let Some(after) = rest.strip_prefix("/*") {
            let close = after
                .find("*/")
                .ok_or_else(|| ora!(COMMENT_NOT_TERMINATED).at(src.len() - rest.len()))?;
            rest = &after[close + 2..];
        } else {
            return Ok(rest);
        }
    }
}

/// The error for text no token parser accepts, by its first character.
fn lex_error(rest: &str) -> OraError {
    if rest.starts_with('"') {
        ora!(MISSING_DOUBLE_QUOTE)
    } else if quote_start(rest).is_ok() {
        ora!(QUOTED_STRING_NOT_TERMINATED)
    } else {
        ora!(INVALID_CHARACTER)
    }
}

/// The start of a string literal: `'`, `q'`, `n'`, `nq'`.
fn quote_start(i: &str) -> IResult<&str, &str> {
    if !i.starts_with(['\'', 'n', 'N', 'q', 'Q']) {
        return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Tag)));
    }
    let national = recognize((one_of("nN"), char('\'')));
    let q_quote = recognize((opt(one_of("nN")), one_of("qQ"), char('\'')));
    alt((tag("'"), national, q_quote)).parse(i)
}

/// ORA-00972 for identifiers over 128 bytes, ORA-01741 for `""`.
fn check_identifier(tok: &Tok, pos: usize) -> Result<(), OraError> {
    match tok {
        Tok::Quoted(s) if s.is_empty() => Err(ora!(ZERO_LENGTH_IDENTIFIER).at(pos)),
        Tok::Word(s) | Tok::Quoted(s) | Tok::Bind(s) if s.len() > MAX_IDENTIFIER_LEN => {
            Err(ora!(IDENTIFIER_TOO_LONG).at(pos))
        }
        _ => Ok(()),
    }
}

/// One token. Text that starts like a string literal (`'`, `q'`, `n'`, `nq'`) must be one,
/// so that `q'[x` is an unterminated string and not the word `Q` before one.
fn token(i: &str) -> IResult<&str, Tok> {
    if quote_start(i).is_ok() {
        return alt((q_string, preceded(one_of("nN"), plain_string), plain_string))
            .map(Tok::Str)
            .parse(i);
    }
    alt((
        quoted_ident.map(|s: &str| Tok::Quoted(s.to_string())),
        number.map(|s: &str| Tok::Num(s.to_string())),
        word.map(|s: &str| Tok::Word(s.to_uppercase())),
        bind.map(|s: &str| Tok::Bind(s.to_uppercase())),
        symbol,
    ))
    .parse(i)
}

/// True for the characters allowed after the first letter of an unquoted identifier.
fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || c == '#'
}

/// An unquoted identifier or keyword.
fn word(i: &str) -> IResult<&str, &str> {
    recognize((satisfy(char::is_alphabetic), take_while(is_ident_char))).parse(i)
}

/// `:name` or `:1` (not `:=`).
fn bind(i: &str) -> IResult<&str, &str> {
    preceded(char(':'), recognize((satisfy(is_ident_char), take_while(is_ident_char)))).parse(i)
}

/// `"identifier"`, verbatim.
fn quoted_ident(i: &str) -> IResult<&str, &str> {
    delimited(char('"'), take_while(|c| c != '"'), char('"')).parse(i)
}

/// `1`, `1.5`, `1.`, `.5`, `1e3`, `2.5E-3`; the `1` of `1..10` stays alone.
fn number(i: &str) -> IResult<&str, &str> {
    let fraction = (char('.'), not(char('.')), digit0);
    let mantissa = alt(((digit1, opt(fraction)).map(|_| ()), (char('.'), digit1).map(|_| ())));
    let exponent = (one_of("eE"), opt(one_of("+-")), digit1);
    // The text is cut by the length consumed: nom 8.0's `recognize` around a `digit0` that
    // reaches the end of the input drops that digit0's digits (`2.5` came out as `2.`).
    let (rest, _) = (mantissa, opt(exponent)).parse(i)?;
    Ok((rest, &i[..i.len() - rest.len()]))
}

/// `'text'` with doubled quotes undone.
fn plain_string(i: &str) -> IResult<&str, String> {
    let piece = alt((is_not("'"), value("'", tag("''"))));
    let body = fold_many0(piece, String::new, |mut acc, s| {
        acc.push_str(s);
        acc
    });
    delimited(char('\''), body, char('\'')).parse(i)
}

/// `q'[...]'`, `q'{...}'`, `q'(...)'`, `q'<...>'`, `q'!...!'` (and `nq'...'`).
fn q_string(i: &str) -> IResult<&str, String> {
    let (i, _) = (opt(one_of("nN")), one_of("qQ"), char('\'')).parse(i)?;
    let (i, open) = satisfy(|c: char| !c.is_whitespace()).parse(i)?;
    let close = match open {
        '[' => ']',
        '{' => '}',
        '(' => ')',
        '<' => '>',
        c => c,
    };
    let end = format!("{close}'");
    let (i, body) = take_until(end.as_str()).parse(i)?;
    let (i, _) = tag(end.as_str()).parse(i)?;
    Ok((i, body.to_string()))
}

/// An operator or punctuation symbol.
fn symbol(i: &str) -> IResult<&str, Tok> {
    match SYMBOLS.iter().find(|s| i.starts_with(**s)) {
        Some(s) => {
            let canon = if matches!(*s, "!=" | "^=" | "~=") { "<>" } else { s };
            Ok((&i[s.len()..], Tok::Sym(canon)))
        }
        None => Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Tag))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn w(s: &str) -> Tok {
        Tok::Word(s.to_string())
    }

    #[test]
    fn words_are_upper_cased_and_keep_dollar_and_hash() {
        assert_eq!(toks("v$session serial#"), vec![w("V$SESSION"), w("SERIAL#"), Tok::Eof]);
        assert_eq!(toks("\"Mixed Case\""), vec![Tok::Quoted("Mixed Case".into()), Tok::Eof]);
    }

    #[test]
    fn strings_in_all_quotings() {
        let s = |x: &str| Tok::Str(x.to_string());
        assert_eq!(toks("'it''s'"), vec![s("it's"), Tok::Eof]);
        assert_eq!(toks("''''"), vec![s("'"), Tok::Eof]);
        assert_eq!(toks("q'[a']b]'"), vec![s("a']b"), Tok::Eof]);
        assert_eq!(
            toks("Q'{x}' q'(y)' q'<z>' q'!w!'"),
            vec![s("x"), s("y"), s("z"), s("w"), Tok::Eof]
        );
        assert_eq!(toks("N'abc'"), vec![s("abc"), Tok::Eof]);
    }

    #[test]
    fn no_whitespace_needed_between_tokens() {
        assert_eq!(
            toks("session'1,2'immediate"),
            vec![w("SESSION"), Tok::Str("1,2".into()), w("IMMEDIATE"), Tok::Eof]
        );
    }

    #[test]
    fn numbers_and_ranges() {
        let n = |x: &str| Tok::Num(x.to_string());
        assert_eq!(toks("1..10"), vec![n("1"), Tok::Sym(".."), n("10"), Tok::Eof]);
        assert_eq!(toks("1.5 .5 1e3 2E-3"), vec![n("1.5"), n(".5"), n("1e3"), n("2E-3"), Tok::Eof]);
        // A fraction that ends the text keeps its digits.
        assert_eq!(toks("2.5"), vec![n("2.5"), Tok::Eof]);
        assert_eq!(toks("x = 12.25"), vec![w("X"), Tok::Sym("="), n("12.25"), Tok::Eof]);
        assert_eq!(toks("3."), vec![n("3."), Tok::Eof]);
    }

    #[test]
    fn symbols_binds_and_comments() {
        assert_eq!(
            toks("a:=:x||:1 -- c\n/* d */ != ^= =>"),
            vec![
                w("A"),
                Tok::Sym(":="),
                Tok::Bind("X".into()),
                Tok::Sym("||"),
                Tok::Bind("1".into()),
                Tok::Sym("<>"),
                Tok::Sym("<>"),
                Tok::Sym("=>"),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn positions_are_byte_offsets() {
        let t = tokenize("select  é").unwrap();
        assert_eq!((t[1].pos, t[1].end), (8, 10));
        assert_eq!(t[2].pos, 10);
    }

    #[test]
    fn lexical_errors_have_codes_and_positions() {
        for (text, code, pos) in [
            ("select 'abc", QUOTED_STRING_NOT_TERMINATED, 7),
            ("x q'[abc]", QUOTED_STRING_NOT_TERMINATED, 2),
            ("'", QUOTED_STRING_NOT_TERMINATED, 0),
            ("a \"b", MISSING_DOUBLE_QUOTE, 2),
            ("a \"\"", ZERO_LENGTH_IDENTIFIER, 2),
            ("a /* b", COMMENT_NOT_TERMINATED, 2),
            ("a ? b", INVALID_CHARACTER, 2),
            ("a :", INVALID_CHARACTER, 2),
        ] {
            let e = tokenize(text).unwrap_err();
            assert!(e.is(code), "{text}: {e}");
            assert_eq!(e.pos, Some(pos), "{text}");
        }
        let long = "x".repeat(129);
        assert!(tokenize(&long).unwrap_err().is(IDENTIFIER_TOO_LONG));
        assert!(tokenize(&"x".repeat(128)).is_ok());
    }
}
