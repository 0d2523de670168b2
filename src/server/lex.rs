//! A small quote-aware scanner over statement text, shared by the Query-message splitter
//! ([`super::split`]) and the bind substitution of the extended protocol
//! ([`super::binds`]).
//!
//! It knows just enough Oracle lexing to never look inside a string (`'it''s'`, `q'[..]'`,
//! `N'..'`), a quoted identifier (`"x;y"`) or a comment (`-- ..`, `/* .. */`): words,
//! `;`, `/`, bind markers (`$1`, `:name`, `:1`) and everything else as single characters.
//! It never fails: an unterminated string or comment simply runs to the end of the text (the
//! engine's own parser reports it when the statement runs).

/// What one token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An identifier or keyword (letters, digits, `_`, `$`, `#`).
    Word,
    /// A string literal or quoted identifier, quotes included.
    Quoted,
    /// A comment.
    Comment,
    /// `;`.
    Semi,
    /// `$n` (PostgreSQL positional bind).
    Dollar,
    /// `:name` or `:n` (Oracle bind), not `:=`.
    Colon,
    /// Any other character (whitespace included).
    Other,
}

/// One token: its kind and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// What it is.
    pub kind: Kind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || c == '#'
}

/// Scans `text` into tokens.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (kind, end) = next_token(text, i);
        out.push(Token { kind, start: i, end });
        i = end;
    }
    out
}

/// The token starting at byte `i` (a char boundary): its kind and end.
fn next_token(text: &str, i: usize) -> (Kind, usize) {
    let b = text.as_bytes();
    let rest = &text[i..];
    let c = rest.chars().next().unwrap_or(' ');
    match c {
        '\'' => (Kind::Quoted, string_end(b, i + 1)),
        '"' => (Kind::Quoted, find_from(b, i + 1, b"\"").map_or(b.len(), |p| p + 1)),
        '-' if rest.starts_with("--") => (Kind::Comment, find_from(b, i, b"\n").unwrap_or(b.len())),
        '/' if rest.starts_with("/*") => {
            (Kind::Comment, find_from(b, i + 2, b"*/").map_or(b.len(), |p| p + 2))
        }
        ';' => (Kind::Semi, i + 1),
        '$' if rest[1..].starts_with(|d: char| d.is_ascii_digit()) => {
            (Kind::Dollar, i + 1 + digits_len(&rest[1..]))
        }
        ':' if rest[1..].starts_with(|d: char| d.is_alphanumeric() || d == '_') => {
            (Kind::Colon, i + 1 + word_len(&rest[1..]))
        }
        c if is_word_char(c) => word_or_q_string(text, i),
        c => (Kind::Other, i + c.len_utf8()),
    }
}

/// A word, or `q'<d>..<d>'` / `nq'..'` / `n'..'` alternative and national strings.
fn word_or_q_string(text: &str, i: usize) -> (Kind, usize) {
    let b = text.as_bytes();
    let rest = &text[i..];
    // Only the first three bytes matter (never copy the rest: words are many).
    let mut head = [0u8; 3];
    for (slot, byte) in head.iter_mut().zip(rest.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    let q_at = if head.starts_with(b"q'") {
        Some(i + 2)
    } else if head.starts_with(b"nq'") {
        Some(i + 3)
    } else {
        None
    };
    if let Some(open) = q_at
        && let Some(delim) = text[open..].chars().next()
    {
        let close = match delim {
            '[' => ']',
            '{' => '}',
            '(' => ')',
            '<' => '>',
            d => d,
        };
        let mut pat = [0u8; 5];
        let pat = close.encode_utf8(&mut pat).to_string() + "'";
        let from = open + delim.len_utf8();
        return (
            Kind::Quoted,
            find_from(b, from, pat.as_bytes()).map_or(b.len(), |p| p + pat.len()),
        );
    }
    if head.starts_with(b"n'") {
        return (Kind::Quoted, string_end(b, i + 2));
    }
    (Kind::Word, i + word_len(rest))
}

/// The end of a `'...'` string whose body starts at `from` (doubled quotes stay inside).
fn string_end(b: &[u8], mut from: usize) -> usize {
    while let Some(p) = find_from(b, from, b"'") {
        if b.get(p + 1) == Some(&b'\'') {
            from = p + 2;
        } else {
            return p + 1;
        }
    }
    b.len()
}

fn find_from(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from > b.len() {
        return None;
    }
    b[from..].windows(pat.len()).position(|w| w == pat).map(|p| p + from)
}

fn digits_len(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

fn word_len(s: &str) -> usize {
    s.char_indices().find(|(_, c)| !is_word_char(*c)).map_or(s.len(), |(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokens(text).into_iter().map(|t| (t.kind, &text[t.start..t.end])).collect()
    }

    #[test]
    fn strings_comments_and_binds() {
        let k = kinds("a 'x;''y' q'[;]' \"z;\" -- c;\n/* ; */ $12 :n := ;");
        let significant: Vec<_> = k.into_iter().filter(|(k, _)| *k != Kind::Other).collect();
        assert_eq!(
            significant,
            vec![
                (Kind::Word, "a"),
                (Kind::Quoted, "'x;''y'"),
                (Kind::Quoted, "q'[;]'"),
                (Kind::Quoted, "\"z;\""),
                (Kind::Comment, "-- c;"),
                (Kind::Comment, "/* ; */"),
                (Kind::Dollar, "$12"),
                (Kind::Colon, ":n"),
                (Kind::Semi, ";"),
            ]
        );
    }

    #[test]
    fn unterminated_runs_to_the_end() {
        for text in ["'abc", "q'[abc", "/* x", "\"x", "é'", "q'", "$", ":"] {
            let t = tokens(text);
            assert_eq!(t.last().map(|t| t.end), Some(text.len()), "{text}");
        }
    }
}
