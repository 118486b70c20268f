//! Strict RFC 8259 JSON: a parser over untrusted bytes and a small writer for our own results.
//!
//! The parser is deliberately unforgiving, because its verdict must hold for whichever parser the
//! bytes reach next (Jackson in the gateway, something else upstream):
//! - the input must be UTF-8 (no BOM, no replacement of bad bytes);
//! - no trailing commas, no leading zeros, no NaN/Infinity, no comments, no control characters
//!   inside strings, no unpaired surrogate escapes;
//! - **duplicate object keys are a parse error.** RFC 8259 leaves their meaning to the
//!   implementation (first wins, last wins, or error), so a message with two `"method"` members
//!   could be read differently by us and by the code behind us. Refusing them closes that gap.
//!
//! It never recurses (an explicit stack replaces recursion, and [`Value`] drops iteratively), so a
//! caller's generous depth limit cannot overflow a small JVM thread stack.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::{self, Write as _};

/// Bounds the caller puts on a payload before any of it is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects; a top-level object or array is depth 1.
    pub max_depth: usize,
}

/// Why a payload was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not JSON (including invalid UTF-8 and duplicate keys).
    Syntax,
    /// Longer than [`Limits::max_bytes`].
    TooLarge,
    /// Nested deeper than [`Limits::max_depth`].
    TooDeep,
}

/// A refused payload: what was wrong and the byte offset where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub kind: ErrorKind,
    pub offset: usize,
    /// Human-readable detail, without the offset.
    pub detail: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Syntax => write!(f, "{} at byte {}", self.detail, self.offset),
            ErrorKind::TooLarge | ErrorKind::TooDeep => f.write_str(&self.detail),
        }
    }
}

impl std::error::Error for ParseError {}

/// A parsed value that borrows from the input.
#[derive(Debug)]
pub struct Value<'a> {
    pub kind: Kind<'a>,
    /// The exact source text of this value (for echoing ids back verbatim).
    pub raw: &'a str,
    /// Byte offset of `raw` in the input.
    pub offset: usize,
}

#[derive(Debug)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    /// The number exactly as written; it is valid RFC 8259 syntax but may not fit any machine type.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    /// Members in source order; keys are unique.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// The member named `key`, if this is an object that has one.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match &self.kind {
            Kind::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.kind, Kind::Object(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self.kind, Kind::Array(_))
    }
}

impl Drop for Value<'_> {
    // The derived drop recurses once per nesting level; flatten instead (see module docs).
    fn drop(&mut self) {
        let mut pending = Vec::new();
        detach_children(&mut self.kind, &mut pending);
        while let Some(mut child) = pending.pop() {
            detach_children(&mut child.kind, &mut pending);
        }
    }
}

fn detach_children<'a>(kind: &mut Kind<'a>, into: &mut Vec<Value<'a>>) {
    match kind {
        Kind::Array(items) => into.append(items),
        Kind::Object(members) => into.extend(members.drain(..).map(|(_, v)| v)),
        _ => {}
    }
}

/// Parses one JSON text that must span the whole input (surrounding whitespace allowed).
pub fn parse(input: &[u8], limits: Limits) -> Result<Value<'_>, ParseError> {
    if input.len() > limits.max_bytes {
        return Err(ParseError {
            kind: ErrorKind::TooLarge,
            offset: limits.max_bytes,
            detail: too_large_detail(input.len(), limits.max_bytes),
        });
    }
    let text = std::str::from_utf8(input).map_err(|e| ParseError {
        kind: ErrorKind::Syntax,
        offset: e.valid_up_to(),
        detail: "invalid UTF-8".to_owned(),
    })?;
    Parser {
        text,
        bytes: input,
        pos: 0,
        max_depth: limits.max_depth,
    }
    .document()
}

/// The message for an over-limit payload; shared with callers that refuse before copying bytes.
pub fn too_large_detail(len: usize, limit: usize) -> String {
    format!("payload of {len} bytes exceeds the limit of {limit} bytes")
}

/// An array or object whose closing bracket has not been reached yet.
enum Open<'a> {
    Array {
        start: usize,
        items: Vec<Value<'a>>,
    },
    Object {
        start: usize,
        members: Vec<(Cow<'a, str>, Value<'a>)>,
        /// The key whose value is being parsed.
        key: Cow<'a, str>,
        key_offset: usize,
        /// Built once an object grows past a few members, so duplicate checks stay linear overall.
        seen: Option<HashSet<Cow<'a, str>>>,
    },
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Result<Value<'a>, ParseError> {
        let mut open: Vec<Open<'a>> = Vec::new();
        'value: loop {
            self.skip_ws();
            let start = self.pos;
            let mut value = match self.peek() {
                Some(b @ (b'[' | b'{')) => {
                    if open.len() >= self.max_depth {
                        return Err(ParseError {
                            kind: ErrorKind::TooDeep,
                            offset: start,
                            detail: format!("nesting deeper than {}", self.max_depth),
                        });
                    }
                    self.pos += 1;
                    self.skip_ws();
                    let close = if b == b'[' { b']' } else { b'}' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        let kind = if b == b'[' {
                            Kind::Array(Vec::new())
                        } else {
                            Kind::Object(Vec::new())
                        };
                        self.finish(kind, start)
                    } else if b == b'[' {
                        open.push(Open::Array {
                            start,
                            items: Vec::new(),
                        });
                        continue 'value;
                    } else {
                        let (key, key_offset) = self.member_key()?;
                        open.push(Open::Object {
                            start,
                            members: Vec::new(),
                            key,
                            key_offset,
                            seen: None,
                        });
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    let s = self.string()?;
                    self.finish(Kind::String(s), start)
                }
                Some(b't') => self.literal("true", Kind::Bool(true))?,
                Some(b'f') => self.literal("false", Kind::Bool(false))?,
                Some(b'n') => self.literal("null", Kind::Null)?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(_) => return Err(self.unexpected("a value")),
                None => return Err(self.syntax(start, "unexpected end of input, expected a value")),
            };

            // Hand the finished value to its container, closing containers as the input closes them.
            loop {
                self.skip_ws();
                let Some(container) = open.last_mut() else {
                    if self.pos != self.bytes.len() {
                        return Err(self.unexpected("end of input after the JSON value"));
                    }
                    return Ok(value);
                };
                match container {
                    Open::Array { items, .. } => {
                        items.push(value);
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(b']') => self.pos += 1,
                            _ => return Err(self.unexpected("',' or ']'")),
                        }
                    }
                    Open::Object {
                        members,
                        key,
                        key_offset,
                        seen,
                        ..
                    } => {
                        if is_duplicate(members, seen, key) {
                            let detail = format!("duplicate object key {}", quote(key));
                            return Err(self.syntax(*key_offset, detail));
                        }
                        members.push((std::mem::take(key), value));
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                let (next_key, next_offset) = self.member_key()?;
                                *key = next_key;
                                *key_offset = next_offset;
                                continue 'value;
                            }
                            Some(b'}') => self.pos += 1,
                            _ => return Err(self.unexpected("',' or '}'")),
                        }
                    }
                }
                value = match open.pop() {
                    Some(Open::Array { start, items }) => self.finish(Kind::Array(items), start),
                    Some(Open::Object { start, members, .. }) => {
                        self.finish(Kind::Object(members), start)
                    }
                    None => unreachable!("a container was open above"),
                };
            }
        }
    }

    fn finish(&self, kind: Kind<'a>, start: usize) -> Value<'a> {
        Value {
            kind,
            raw: &self.text[start..self.pos],
            offset: start,
        }
    }

    /// `"key"` and the `:` after it; the cursor is on the opening quote (after whitespace).
    fn member_key(&mut self) -> Result<(Cow<'a, str>, usize), ParseError> {
        let offset = self.pos;
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a string key"));
        }
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.unexpected("':'"));
        }
        self.pos += 1;
        Ok((key, offset))
    }

    fn string(&mut self) -> Result<Cow<'a, str>, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let mut owned: Option<String> = None;
        let mut run = self.pos;
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(self.syntax(open, "unterminated string"));
            };
            match b {
                b'"' => {
                    let tail = &self.text[run..self.pos];
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(tail),
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..self.pos]);
                    let c = self.escape()?;
                    s.push(c);
                    run = self.pos;
                }
                0x00..=0x1f => {
                    let detail = format!("unescaped control character U+{b:04X} in string");
                    return Err(self.syntax(self.pos, detail));
                }
                // Splitting only at ASCII bytes keeps `run` on char boundaries of the valid UTF-8 text.
                _ => self.pos += 1,
            }
        }
    }

    /// One escape sequence; the cursor is on the backslash.
    fn escape(&mut self) -> Result<char, ParseError> {
        let at = self.pos;
        let c = match self.bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(),
            Some(_) => return Err(self.syntax(at, "invalid escape sequence")),
            None => return Err(self.syntax(at, "unterminated string")),
        };
        self.pos += 2;
        Ok(c)
    }

    /// `\uXXXX`, or a `\uD8xx\uDCxx` surrogate pair; lone surrogates are refused.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let at = self.pos;
        let first = self.hex4(at + 2)?;
        self.pos = at + 6;
        let code = match first {
            0xD800..=0xDBFF => {
                let second = if self.bytes.get(self.pos) == Some(&b'\\')
                    && self.bytes.get(self.pos + 1) == Some(&b'u')
                {
                    Some(self.hex4(self.pos + 2)?)
                } else {
                    None
                };
                match second {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        self.pos += 6;
                        0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
                    }
                    _ => return Err(self.syntax(at, format!("unpaired surrogate \\u{first:04X}"))),
                }
            }
            0xDC00..=0xDFFF => {
                return Err(self.syntax(at, format!("unpaired surrogate \\u{first:04X}")))
            }
            _ => first,
        };
        Ok(char::from_u32(code).expect("surrogates were handled above"))
    }

    fn hex4(&self, at: usize) -> Result<u32, ParseError> {
        let digits = self
            .bytes
            .get(at..at + 4)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit));
        match digits {
            // from_str_radix alone would also accept a leading '+'.
            Some(d) => {
                Ok(u32::from_str_radix(std::str::from_utf8(d).unwrap_or("0"), 16).unwrap_or(0))
            }
            None => Err(self.syntax(
                at.saturating_sub(2),
                "\\u must be followed by four hex digits",
            )),
        }
    }

    /// RFC 8259 number syntax, kept verbatim.
    fn number(&mut self) -> Result<Value<'a>, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.syntax(start, "leading zeros are not allowed in numbers"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits("a digit after the decimal point")?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digits("a digit in the exponent")?;
        }
        Ok(self.finish(Kind::Number(&self.text[start..self.pos]), start))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self, what: &str) -> Result<(), ParseError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.unexpected(what));
        }
        self.digits();
        Ok(())
    }

    fn literal(&mut self, word: &str, kind: Kind<'a>) -> Result<Value<'a>, ParseError> {
        let start = self.pos;
        if !self.bytes[start..].starts_with(word.as_bytes()) {
            return Err(self.unexpected("a value"));
        }
        self.pos += word.len();
        Ok(self.finish(kind, start))
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn syntax(&self, offset: usize, detail: impl Into<String>) -> ParseError {
        ParseError {
            kind: ErrorKind::Syntax,
            offset,
            detail: detail.into(),
        }
    }

    fn unexpected(&self, expected: &str) -> ParseError {
        let found = match self.text[self.pos..].chars().next() {
            Some(c) => format!("{c:?}"),
            None => "end of input".to_owned(),
        };
        self.syntax(self.pos, format!("unexpected {found}, expected {expected}"))
    }
}

// `&Cow` rather than `&str`: cloning a borrowed Cow into the set is free, a `&str` would allocate.
#[allow(clippy::ptr_arg)]
fn is_duplicate<'a>(
    members: &[(Cow<'a, str>, Value<'a>)],
    seen: &mut Option<HashSet<Cow<'a, str>>>,
    key: &Cow<'a, str>,
) -> bool {
    const LINEAR_SCAN_UP_TO: usize = 16;
    if members.len() < LINEAR_SCAN_UP_TO {
        return members.iter().any(|(k, _)| k == key);
    }
    let set = seen.get_or_insert_with(|| members.iter().map(|(k, _)| k.clone()).collect());
    !set.insert(key.clone())
}

// ---- Writer ---------------------------------------------------------------------------------

/// `s` as a JSON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(&mut out, s);
    out
}

/// Appends `s` as a JSON string literal: quotes, backslashes and control characters escaped,
/// everything else (including non-ASCII) verbatim.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            '\0'..='\u{1f}' => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push_str(escaped);
        }
        run = i + c.len_utf8();
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// Builds one JSON object, member by member, in the order written.
pub struct ObjectWriter {
    out: String,
    empty: bool,
}

impl Default for ObjectWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ObjectWriter {
    pub fn new() -> Self {
        ObjectWriter {
            out: String::from("{"),
            empty: true,
        }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        write_string(&mut self.out, key);
        self.out.push(':');
        &mut self.out
    }

    pub fn string(&mut self, key: &str, value: &str) -> &mut Self {
        write_string(self.key(key), value);
        self
    }

    /// A string, or `null` for `None`.
    pub fn opt_string(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.string(key, v),
            None => self.raw(key, "null"),
        }
    }

    /// `value` must already be valid JSON text (a parsed value's `raw`, or one of ours).
    pub fn raw(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key).push_str(value);
        self
    }

    /// Any integer type; i128 holds every i64 and u64 exactly.
    pub fn int(&mut self, key: &str, value: impl Into<i128>) -> &mut Self {
        let _ = write!(self.key(key), "{}", value.into());
        self
    }

    pub fn opt_int<N: Into<i128>>(&mut self, key: &str, value: Option<N>) -> &mut Self {
        match value {
            Some(v) => self.int(key, v),
            None => self.raw(key, "null"),
        }
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, if value { "true" } else { "false" })
    }

    pub fn finish(&mut self) -> String {
        let mut out = std::mem::take(&mut self.out);
        out.push('}');
        self.empty = true;
        self.out.push('{');
        out
    }
}

/// Joins already-serialised JSON values into an array.
pub fn array<I: IntoIterator<Item = String>>(items: I) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOMY: Limits = Limits {
        max_bytes: 1 << 20,
        max_depth: 64,
    };

    fn ok(input: &str) -> Value<'_> {
        parse(input.as_bytes(), ROOMY).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"))
    }

    fn err(input: &[u8]) -> ParseError {
        match parse(input, ROOMY) {
            Ok(v) => panic!(
                "{:?} should be refused, parsed as {:?}",
                String::from_utf8_lossy(input),
                v.kind
            ),
            Err(e) => e,
        }
    }

    #[test]
    fn parse_scalars_keep_raw_text() {
        assert!(matches!(ok("null").kind, Kind::Null));
        assert!(matches!(ok(" true ").kind, Kind::Bool(true)));
        assert!(matches!(ok("false").kind, Kind::Bool(false)));
        let n = ok("-12.5e+3");
        assert!(matches!(n.kind, Kind::Number("-12.5e+3")));
        assert_eq!(ok("\t\"a\"\r\n").raw, "\"a\"");
    }

    #[test]
    fn parse_huge_number_kept_verbatim() {
        let big = "123456789012345678901234567890e999";
        assert!(matches!(ok(big).kind, Kind::Number(n) if n == big));
    }

    #[test]
    fn parse_escapes_decoded() {
        let v = ok(r#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac""#);
        assert_eq!(v.as_str(), Some("\"\\/\u{8}\u{c}\n\r\tAé€"));
    }

    #[test]
    fn parse_surrogate_pair_combined() {
        assert_eq!(ok(r#""\ud83d\ude00""#).as_str(), Some("😀"));
        assert_eq!(ok("\"😀\"").as_str(), Some("😀"));
    }

    #[test]
    fn parse_lone_surrogates_refused() {
        for input in [
            r#""\ud83d""#,
            r#""\ud83dx""#,
            r#""\ude00""#,
            r#""\ud83d\u0041""#,
            r#""\ud83d\ud83d""#,
        ] {
            let e = err(input.as_bytes());
            assert_eq!(e.kind, ErrorKind::Syntax);
            assert!(e.detail.contains("unpaired surrogate"), "{input}: {e}");
            assert_eq!(e.offset, 1);
        }
    }

    #[test]
    fn parse_objects_and_arrays_keep_order() {
        let v = ok(r#"{"b":[1,{"c":null}],"a":{}}"#);
        let Kind::Object(members) = &v.kind else {
            panic!()
        };
        let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(v.get("b").map(|b| b.raw), Some(r#"[1,{"c":null}]"#));
        assert!(v.get("a").is_some_and(Value::is_object));
        assert!(v.get("missing").is_none());
    }

    #[test]
    fn parse_reject_corpus_refused_with_offsets() {
        let cases: &[(&[u8], usize, &str)] = &[
            (b"", 0, "unexpected end of input"),
            (b"   ", 3, "unexpected end of input"),
            (b"[1,]", 3, "unexpected ']'"),
            (b"{\"a\":1,}", 7, "expected a string key"),
            (b"[1 2]", 3, "expected ',' or ']'"),
            (b"01", 0, "leading zeros"),
            (b"-01", 0, "leading zeros"),
            (b"1.", 2, "after the decimal point"),
            (b".5", 0, "unexpected '.'"),
            (b"1e", 2, "in the exponent"),
            (b"+1", 0, "unexpected '+'"),
            (b"-", 1, "expected a digit"),
            (b"NaN", 0, "unexpected 'N'"),
            (b"Infinity", 0, "unexpected 'I'"),
            (b"-Infinity", 1, "expected a digit"),
            (b"tru", 0, "expected a value"),
            (b"nul", 0, "expected a value"),
            (b"truex", 4, "expected end of input"),
            (b"{} {}", 3, "expected end of input"),
            (b"\"abc", 0, "unterminated string"),
            (b"\"a\nb\"", 2, "control character U+000A"),
            (b"\"\\x\"", 1, "invalid escape"),
            (b"\"\\u12\"", 1, "four hex digits"),
            (b"\"\\u+123\"", 1, "four hex digits"),
            (b"{\"a\" 1}", 5, "expected ':'"),
            (b"{1:1}", 1, "expected a string key"),
            (b"{'a':1}", 1, "expected a string key"),
            (b"[1]]", 3, "expected end of input"),
            (b"//c\n1", 0, "unexpected '/'"),
            (b"\xEF\xBB\xBF{}", 0, "unexpected '\\u{feff}'"),
            (b"{\"a\":1,\"a\":2}", 7, "duplicate object key \"a\""),
            (b"{\"a\":1,\"\\u0061\":2}", 7, "duplicate object key \"a\""),
            (b"\"\xff\"", 1, "invalid UTF-8"),
            (b"[\"\xc3\"]", 2, "invalid UTF-8"),
            (b"\"\xed\xa0\x80\"", 1, "invalid UTF-8"), // an encoded surrogate is not UTF-8
        ];
        for &(input, offset, needle) in cases {
            let e = err(input);
            assert_eq!(e.kind, ErrorKind::Syntax, "{input:?}");
            assert!(
                e.detail.contains(needle),
                "{:?}: {:?} lacks {needle:?}",
                String::from_utf8_lossy(input),
                e.detail
            );
            assert_eq!(
                e.offset,
                offset,
                "{:?}: {}",
                String::from_utf8_lossy(input),
                e.detail
            );
        }
    }

    #[test]
    fn parse_duplicate_key_in_large_object_found_by_set() {
        let mut members: Vec<String> = (0..100).map(|i| format!("\"k{i}\":{i}")).collect();
        assert!(parse(format!("{{{}}}", members.join(",")).as_bytes(), ROOMY).is_ok());
        members.push("\"k42\":0".to_owned());
        let e = err(format!("{{{}}}", members.join(",")).as_bytes());
        assert_eq!(e.detail, "duplicate object key \"k42\"");
    }

    #[test]
    fn parse_depth_limit_counts_containers() {
        let limits = |max_depth| Limits {
            max_bytes: 1 << 20,
            max_depth,
        };
        assert!(parse(b"1", limits(0)).is_ok());
        assert!(parse(b"[[]]", limits(2)).is_ok());
        let e = parse(b"[[[]]]", limits(2)).unwrap_err();
        assert_eq!(
            (e.kind, e.offset, e.detail.as_str()),
            (ErrorKind::TooDeep, 2, "nesting deeper than 2")
        );
        assert_eq!(
            parse(b"{}", limits(0)).unwrap_err().kind,
            ErrorKind::TooDeep
        );
    }

    #[test]
    fn parse_very_deep_nesting_no_stack_overflow() {
        // Far deeper than any recursive parser or drop would survive on a 2 MiB test thread.
        let depth = 100_000;
        let input = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let v = parse(
            input.as_bytes(),
            Limits {
                max_bytes: usize::MAX,
                max_depth: depth,
            },
        )
        .unwrap();
        drop(v);
        let input = format!(
            "{}1{}",
            "{\"a\":[".repeat(depth / 2),
            "]}".repeat(depth / 2)
        );
        assert!(parse(
            input.as_bytes(),
            Limits {
                max_bytes: usize::MAX,
                max_depth: depth
            }
        )
        .is_ok());
        // An error half-way through drops the partly built tree.
        let input = format!("{}x", "[".repeat(depth));
        assert_eq!(
            parse(
                input.as_bytes(),
                Limits {
                    max_bytes: usize::MAX,
                    max_depth: depth
                }
            )
            .unwrap_err()
            .offset,
            depth
        );
    }

    #[test]
    fn parse_size_limit_checked_first() {
        let e = parse(
            b"[1, 2]",
            Limits {
                max_bytes: 5,
                max_depth: 8,
            },
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooLarge);
        assert_eq!(e.detail, "payload of 6 bytes exceeds the limit of 5 bytes");
        assert!(parse(
            b"[1,2]",
            Limits {
                max_bytes: 5,
                max_depth: 8
            }
        )
        .is_ok());
    }

    #[test]
    fn display_syntax_error_includes_offset() {
        assert_eq!(
            err(b"[1,]").to_string(),
            "unexpected ']', expected a value at byte 3"
        );
    }

    #[test]
    fn write_string_escapes_control_characters() {
        let expected = "\"a\\\"b\\\\c\\nd\\re\\tf\\b\\f\\u0001\\u001f\u{7f}é😀\"";
        assert_eq!(
            quote("a\"b\\c\nd\re\tf\u{8}\u{c}\u{1}\u{1f}\u{7f}é😀"),
            expected
        );
        assert_eq!(quote(""), "\"\"");
    }

    #[test]
    fn write_string_round_trips_through_parser() {
        let s = "x\u{0}y\u{1b}\"\\/\u{2028}😀";
        assert_eq!(ok(&quote(s)).as_str(), Some(s));
    }

    #[test]
    fn object_writer_builds_members_in_order() {
        let mut o = ObjectWriter::new();
        o.string("a", "x")
            .opt_string("b", None)
            .int("c", -3)
            .opt_int("d", None::<i64>)
            .bool("e", true)
            .raw("f", "[1]");
        assert_eq!(
            o.finish(),
            r#"{"a":"x","b":null,"c":-3,"d":null,"e":true,"f":[1]}"#
        );
        assert_eq!(ObjectWriter::new().finish(), "{}");
        assert_eq!(array(vec!["1".to_owned(), "{}".to_owned()]), "[1,{}]");
        assert_eq!(array(Vec::new()), "[]");
    }
}
