//! The control channel's JSON (PROTOCOL.md, "Requests" and "Replies"): a flat object of scalars in, printable-ASCII lines out.
//! Hand-written so the std agent builds with no crate at all.

/// One request value: strings are bytes (each character a code point 0-255, PROTOCOL.md "Bytes in requests").
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Num(f64),
    Str(Vec<u8>),
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.chars.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.chars.next();
        }
    }

    fn expect(&mut self, want: char) -> Result<(), String> {
        self.ws();
        match self.chars.next() {
            Some(c) if c == want => Ok(()),
            Some(c) => Err(format!("expected '{want}', found '{}'", c.escape_default())),
            None => Err(format!("expected '{want}', found the end of the line")),
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut n = 0;
        for _ in 0..4 {
            let d = self.chars.next().and_then(|c| c.to_digit(16)).ok_or("bad \\u escape")?;
            n = n * 16 + d;
        }
        Ok(n)
    }

    // A JSON string as code points; any above U+00FF makes it something other than bytes.
    fn string(&mut self) -> Result<Vec<u32>, String> {
        self.expect('"')?;
        let mut out = Vec::new();
        loop {
            let c = self.chars.next().ok_or("unterminated string")?;
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let e = self.chars.next().ok_or("unterminated escape")?;
                    out.push(match e {
                        '"' => 0x22,
                        '\\' => 0x5c,
                        '/' => 0x2f,
                        'b' => 8,
                        'f' => 12,
                        'n' => 10,
                        'r' => 13,
                        't' => 9,
                        'u' => {
                            let hi = self.hex4()?;
                            if (0xd800..0xdc00).contains(&hi) && self.chars.peek() == Some(&'\\') {
                                self.chars.next();
                                if self.chars.next() != Some('u') {
                                    return Err("bad escape after a high surrogate".into());
                                }
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return Err("bad low surrogate".into());
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            }
                        }
                        other => return Err(format!("bad escape '\\{}'", other.escape_default())),
                    });
                }
                c if (c as u32) < 0x20 => return Err("control character in a string".into()),
                c => out.push(c as u32),
            }
        }
    }

    fn number(&mut self) -> Result<f64, String> {
        let mut text = String::new();
        while let Some(&c) = self.chars.peek() {
            if !matches!(c, '0'..='9' | '-' | '+' | '.' | 'e' | 'E') {
                break;
            }
            text.push(c);
            self.chars.next();
        }
        let b = text.as_bytes();
        let digits = if b.first() == Some(&b'-') { &b[1..] } else { b };
        // JSON's grammar is stricter than Rust's parse: no leading '+', '.', or zero before a digit.
        let valid = digits.first().is_some_and(u8::is_ascii_digit)
            && !(digits.len() > 1 && digits[0] == b'0' && digits[1].is_ascii_digit())
            && !text.ends_with('.')
            && !text.contains(".e")
            && !text.contains(".E");
        match text.parse::<f64>() {
            Ok(n) if valid && n.is_finite() => Ok(n),
            _ => Err(format!("bad number {text:?}")),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, String> {
        for want in word.chars() {
            if self.chars.next() != Some(want) {
                return Err(format!("bad literal (wanted {word})"));
            }
        }
        Ok(value)
    }

    fn value(&mut self, key: &str) -> Result<Value, String> {
        self.ws();
        match self.chars.peek() {
            Some('"') => bytes(self.string()?)
                .map(Value::Str)
                .ok_or_else(|| format!("malformed request: \"{key}\" holds a character above U+00FF (strings are latin1 bytes)")),
            Some('t') => self.literal("true", Value::Bool(true)),
            Some('f') => self.literal("false", Value::Bool(false)),
            Some('n') => self.literal("null", Value::Null),
            Some('{' | '[') => Err(format!("malformed request: nested value in \"{key}\" (requests are flat)")),
            Some(_) => self.number().map(Value::Num),
            None => Err("unexpected end of the line".into()),
        }
    }
}

fn bytes(points: Vec<u32>) -> Option<Vec<u8>> {
    points.into_iter().map(|p| u8::try_from(p).ok()).collect()
}

/// One request line as its (key, value) pairs in order, a later key replacing an earlier one as in JSON.parse; Err: why it is malformed.
pub fn parse_object(line: &str) -> Result<Vec<(String, Value)>, String> {
    let mut p = Parser { chars: line.chars().peekable() };
    p.ws();
    if p.chars.peek() != Some(&'{') {
        return Err("a request must be a JSON object".into());
    }
    p.chars.next();
    let mut fields: Vec<(String, Value)> = Vec::new();
    p.ws();
    if p.chars.peek() == Some(&'}') {
        p.chars.next();
    } else {
        loop {
            p.ws();
            let key = p.string().map_err(|e| format!("malformed JSON: {e}"))?;
            let key: String =
                bytes(key).ok_or("malformed request: a key holds a character above U+00FF")?.iter().map(|&b| b as char).collect();
            p.expect(':').map_err(|e| format!("malformed JSON: {e}"))?;
            let value = p.value(&key).map_err(|e| if e.starts_with("malformed") { e } else { format!("malformed JSON: {e}") })?;
            fields.retain(|(k, _)| *k != key);
            fields.push((key, value));
            p.ws();
            match p.chars.next() {
                Some(',') => continue,
                Some('}') => break,
                _ => return Err("malformed JSON: expected ',' or '}'".into()),
            }
        }
    }
    p.ws();
    if p.chars.next().is_some() {
        return Err("malformed JSON: text after the object".into());
    }
    Ok(fields)
}

/// One reply value.
#[derive(Clone, Debug)]
pub enum Out {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Bytes(Vec<u8>),
    Object(Vec<(&'static str, Out)>),
    List(Vec<Out>),
}

impl Out {
    /// A string reply value from text (its bytes are escaped as any bytes are).
    pub fn text(s: impl AsRef<str>) -> Out {
        Out::Bytes(s.as_ref().as_bytes().to_vec())
    }

    /// The value as one JSON text of printable ASCII (PROTOCOL.md "Bytes in replies").
    pub fn write(&self, to: &mut String) {
        match self {
            Out::Null => to.push_str("null"),
            Out::Bool(b) => to.push_str(if *b { "true" } else { "false" }),
            Out::Int(n) => to.push_str(&n.to_string()),
            Out::Float(f) => to.push_str(&format!("{f:.3}")),
            Out::Bytes(b) => {
                to.push('"');
                for &c in b {
                    match c {
                        b'"' => to.push_str("\\\""),
                        b'\\' => to.push_str("\\\\"),
                        0x20..=0x7e => to.push(c as char),
                        _ => to.push_str(&format!("\\u{c:04x}")),
                    }
                }
                to.push('"');
            }
            Out::Object(fields) => {
                to.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        to.push(',');
                    }
                    Out::text(k).write(to);
                    to.push(':');
                    v.write(to);
                }
                to.push('}');
            }
            Out::List(items) => {
                to.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        to.push(',');
                    }
                    v.write(to);
                }
                to.push(']');
            }
        }
    }
}
