//! Server-Sent Events framing, as in the WHATWG HTML standard, section "Server-sent events"
//! (<https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation>).
//!
//! [`encode`] writes one event; [`Decoder`] is an incremental parser that follows the "event
//! stream interpretation" algorithm step by step and accepts chunks split at any byte, including
//! inside a CRLF pair or a UTF-8 sequence.

use std::fmt;

use crate::json::{self, ObjectWriter};

/// Default bound on one line and on one event's data, in bytes. MCP tool results (base64 images,
/// large documents) travel as a single `data:` line, so 1 MiB would cut real traffic; 16 MiB still
/// bounds what a hostile peer can make us hold per stream.
pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Line buffer capacity a decoder keeps between lines.
const RETAINED_CAPACITY: usize = 64 * 1024;

// ---- Encoding -------------------------------------------------------------------------------

/// Why an event cannot be written: the field would change the framing or be ignored by readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodeError {
    IdHasLineBreak,
    /// Readers ignore an `id` containing NUL, which would silently break resumption.
    IdHasNul,
    EventHasLineBreak,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EncodeError::IdHasLineBreak => "SSE event id must not contain CR or LF",
            EncodeError::IdHasNul => "SSE event id must not contain NUL",
            EncodeError::EventHasLineBreak => "SSE event type must not contain CR or LF",
        })
    }
}

impl std::error::Error for EncodeError {}

/// Encodes one event: `id:`, `event:`, `retry:`, then one `data:` line per line of `data` (split
/// at CRLF, LF and CR, the separators a reader recognises), then a blank line. `None` fields are
/// left out; `Some("")` data still writes one empty `data:` line, so the event is dispatched.
pub fn encode(
    id: Option<&str>,
    event: Option<&str>,
    data: Option<&str>,
    retry_millis: Option<u64>,
) -> Result<String, EncodeError> {
    let mut out = String::with_capacity(data.map_or(0, str::len) + 32);
    if let Some(id) = id {
        if id.contains(['\r', '\n']) {
            return Err(EncodeError::IdHasLineBreak);
        }
        if id.contains('\0') {
            return Err(EncodeError::IdHasNul);
        }
        field(&mut out, "id", id);
    }
    if let Some(event) = event {
        if event.contains(['\r', '\n']) {
            return Err(EncodeError::EventHasLineBreak);
        }
        field(&mut out, "event", event);
    }
    if let Some(ms) = retry_millis {
        field(&mut out, "retry", &ms.to_string());
    }
    if let Some(data) = data {
        for line in split_lines(data) {
            field(&mut out, "data", line);
        }
    }
    out.push('\n');
    Ok(out)
}

/// A comment line (`: text`), which readers ignore: the usual keep-alive for idle streams.
pub fn encode_comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for line in split_lines(text) {
        out.push(':');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

fn field(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push(':');
    // One space after the colon is stripped by readers, so a value starting with a space survives.
    if !value.is_empty() {
        out.push(' ');
        out.push_str(value);
    }
    out.push('\n');
}

/// Lines of `s` split at CRLF, LF or CR; always at least one (possibly empty) line.
fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\r', '\n']) {
            None => {
                rest = None;
                Some(current)
            }
            Some(i) => {
                let skip = if current[i..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[i + skip..]);
                Some(&current[..i])
            }
        }
    })
}

// ---- Decoding -------------------------------------------------------------------------------

/// A dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The stream's last event ID when this event was dispatched; persists across events until
    /// an `id` field changes it. `None` when it is empty (the spec's initial value).
    pub id: Option<String>,
    /// The event type; `None` for the default type ("message").
    pub event: Option<String>,
    pub data: String,
    /// The reconnection time set by `retry` fields received since the previous dispatched event
    /// (a `retry` in an event with no data is carried to the next event rather than lost).
    pub retry: Option<u64>,
}

/// Why a stream cannot be decoded further. Every error is final for the decoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    LineTooLong {
        limit: usize,
    },
    EventTooLarge {
        limit: usize,
    },
    /// An earlier call failed; the stream position is lost, so nothing more can be trusted.
    Failed,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::LineTooLong { limit } => {
                write!(f, "SSE line exceeds the limit of {limit} bytes")
            }
            DecodeError::EventTooLarge { limit } => {
                write!(f, "SSE event data exceeds the limit of {limit} bytes")
            }
            DecodeError::Failed => f.write_str("SSE decoder already failed on an earlier chunk"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Incremental event-stream parser. Feed it the response body in chunks of any size.
#[derive(Debug)]
pub struct Decoder {
    /// Bytes of the current, unterminated line (and, at stream start, a possible partial BOM).
    pending: Vec<u8>,
    /// How much of `pending` is known to hold no line terminator, so long lines are scanned once.
    scanned: usize,
    /// The BOM check is still undecided (fewer than three bytes seen, all matching the BOM).
    at_stream_start: bool,
    /// The last chunk ended with CR: an LF starting the next chunk belongs to the same line end.
    skip_lf: bool,
    data: String,
    event_type: String,
    last_event_id: String,
    reconnection_time: Option<u64>,
    retry_since_dispatch: Option<u64>,
    max_bytes: usize,
    failed: bool,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    pub fn new() -> Self {
        Self::with_limit(DEFAULT_MAX_BYTES)
    }

    /// `max_bytes` bounds one line and the data of one event.
    pub fn with_limit(max_bytes: usize) -> Self {
        Decoder {
            pending: Vec::new(),
            scanned: 0,
            at_stream_start: true,
            skip_lf: false,
            data: String::new(),
            event_type: String::new(),
            last_event_id: String::new(),
            reconnection_time: None,
            retry_since_dispatch: None,
            max_bytes,
            failed: false,
        }
    }

    /// The last event ID, as a reconnecting client would send it in `Last-Event-ID`.
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// The reconnection time from the latest valid `retry` field, if any.
    pub fn reconnection_time(&self) -> Option<u64> {
        self.reconnection_time
    }

    /// Consumes one chunk and returns the events it completed, in order. After an error the
    /// decoder refuses further input ([`DecodeError::Failed`]).
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<Event>, DecodeError> {
        if self.failed {
            return Err(DecodeError::Failed);
        }
        let result = self.feed_inner(chunk);
        if result.is_err() {
            self.failed = true;
            self.pending = Vec::new();
            self.data = String::new();
        }
        result
    }

    fn feed_inner(&mut self, mut chunk: &[u8]) -> Result<Vec<Event>, DecodeError> {
        let mut events = Vec::new();
        if self.skip_lf && !chunk.is_empty() {
            if chunk[0] == b'\n' {
                chunk = &chunk[1..];
            }
            self.skip_lf = false;
        }
        self.pending.extend_from_slice(chunk);
        if self.at_stream_start {
            // The UTF-8 decode step strips one leading BOM; it may arrive split across chunks.
            if self.pending.len() < BOM.len() && BOM.starts_with(&self.pending) {
                return Ok(events);
            }
            if self.pending.starts_with(BOM) {
                self.pending.drain(..BOM.len());
            }
            self.at_stream_start = false;
        }

        let buf = std::mem::take(&mut self.pending);
        let mut line_start = 0;
        let mut i = self.scanned;
        while i < buf.len() {
            let b = buf[i];
            if b == b'\n' || b == b'\r' {
                self.process_line(&buf[line_start..i], &mut events)?;
                if b == b'\r' {
                    match buf.get(i + 1) {
                        Some(b'\n') => i += 1,
                        Some(_) => {}
                        None => self.skip_lf = true,
                    }
                }
                line_start = i + 1;
            }
            i += 1;
        }
        self.pending = buf;
        self.pending.drain(..line_start);
        // One huge line must not pin its buffer for the rest of a long-lived stream.
        if self.pending.capacity() > RETAINED_CAPACITY && self.pending.len() < RETAINED_CAPACITY {
            self.pending.shrink_to(RETAINED_CAPACITY);
        }
        self.scanned = self.pending.len();
        if self.pending.len() > self.max_bytes {
            return Err(DecodeError::LineTooLong {
                limit: self.max_bytes,
            });
        }
        Ok(events)
    }

    fn process_line(&mut self, line: &[u8], events: &mut Vec<Event>) -> Result<(), DecodeError> {
        if line.len() > self.max_bytes {
            return Err(DecodeError::LineTooLong {
                limit: self.max_bytes,
            });
        }
        if line.is_empty() {
            self.dispatch(events);
            return Ok(());
        }
        if line[0] == b':' {
            return Ok(()); // comment
        }
        // Lines are decoded one by one; CR and LF never occur inside a UTF-8 sequence, so this
        // replaces bad bytes with U+FFFD exactly as decoding the whole stream would.
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        match name {
            b"event" => self.event_type = String::from_utf8_lossy(value).into_owned(),
            b"data" => {
                if self.data.len() + value.len() + 1 > self.max_bytes {
                    return Err(DecodeError::EventTooLarge {
                        limit: self.max_bytes,
                    });
                }
                self.data.push_str(&String::from_utf8_lossy(value));
                self.data.push('\n');
            }
            b"id" if !value.contains(&0) => {
                self.last_event_id = String::from_utf8_lossy(value).into_owned()
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // All digits but beyond u64: "never reconnect soon" is the faithful reading.
                let ms = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(u64::MAX);
                self.reconnection_time = Some(ms);
                self.retry_since_dispatch = Some(ms);
            }
            _ => {} // unknown fields, an id containing NUL, a retry that is not all digits
        }
        Ok(())
    }

    fn dispatch(&mut self, events: &mut Vec<Event>) {
        if self.data.is_empty() {
            self.event_type.clear();
            return;
        }
        if self.data.ends_with('\n') {
            self.data.pop();
        }
        let non_empty = |s: String| if s.is_empty() { None } else { Some(s) };
        events.push(Event {
            id: non_empty(self.last_event_id.clone()),
            event: non_empty(std::mem::take(&mut self.event_type)),
            data: std::mem::take(&mut self.data),
            retry: self.retry_since_dispatch.take(),
        });
    }
}

/// Events as the JSON array `sseDecoderFeed` returns to Java (absent fields are null).
pub fn events_to_json(events: &[Event]) -> String {
    json::array(events.iter().map(|e| {
        ObjectWriter::new()
            .opt_string("id", e.id.as_deref())
            .opt_string("event", e.event.as_deref())
            .string("data", &e.data)
            // Exact, up to u64::MAX: NativeCore.java saturates what does not fit an int.
            .opt_int("retry", e.retry)
            .finish()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: Option<&str>, event: Option<&str>, data: &str, retry: Option<u64>) -> Event {
        Event {
            id: id.map(Into::into),
            event: event.map(Into::into),
            data: data.into(),
            retry,
        }
    }

    fn decode_all(input: &[u8]) -> Vec<Event> {
        Decoder::new().feed(input).unwrap()
    }

    #[test]
    fn encode_writes_fields_in_order() {
        let out = encode(Some("7"), Some("message"), Some("{\"a\":1}"), Some(3000)).unwrap();
        assert_eq!(
            out,
            "id: 7\nevent: message\nretry: 3000\ndata: {\"a\":1}\n\n"
        );
    }

    #[test]
    fn encode_splits_data_at_every_line_ending() {
        let out = encode(None, None, Some("a\r\nb\nc\rd\n"), None).unwrap();
        assert_eq!(out, "data: a\ndata: b\ndata: c\ndata: d\ndata:\n\n");
        assert_eq!(
            encode(None, None, Some("\r\n\r"), None).unwrap(),
            "data:\ndata:\ndata:\n\n"
        );
    }

    #[test]
    fn encode_empty_and_absent_fields() {
        assert_eq!(
            encode(Some(""), None, Some(""), None).unwrap(),
            "id:\ndata:\n\n"
        );
        assert_eq!(encode(None, None, None, Some(0)).unwrap(), "retry: 0\n\n");
        assert_eq!(encode(None, None, None, None).unwrap(), "\n");
    }

    #[test]
    fn encode_refuses_fields_that_break_framing() {
        assert_eq!(
            encode(Some("a\nb"), None, None, None),
            Err(EncodeError::IdHasLineBreak)
        );
        assert_eq!(
            encode(Some("a\rb"), None, None, None),
            Err(EncodeError::IdHasLineBreak)
        );
        assert_eq!(
            encode(Some("a\0b"), None, None, None),
            Err(EncodeError::IdHasNul)
        );
        assert_eq!(
            encode(None, Some("x\r\n"), None, None),
            Err(EncodeError::EventHasLineBreak)
        );
        assert_eq!(
            EncodeError::IdHasNul.to_string(),
            "SSE event id must not contain NUL"
        );
    }

    #[test]
    fn encode_comment_is_ignored_by_decoder() {
        assert_eq!(encode_comment("ping"), ": ping\n\n");
        assert_eq!(encode_comment("a\nb"), ": a\n: b\n\n");
        assert!(decode_all(encode_comment("x\ny").as_bytes()).is_empty());
    }

    #[test]
    fn round_trip_preserves_fields_and_normalises_line_endings() {
        let cases = [
            (Some("1"), Some("update"), "plain", Some(5)),
            (None, None, "", None),
            (
                Some("é😀"),
                None,
                " leading space\n\nblank line inside\n",
                None,
            ),
            (None, Some("x"), "a\r\nb\rc", None),
            (
                Some("id with : colon"),
                None,
                "data: looks like a field",
                None,
            ),
        ];
        for (id, event, data, retry) in cases {
            let wire = encode(id, event, Some(data), retry).unwrap();
            let expected = data.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(
                decode_all(wire.as_bytes()),
                vec![ev(id, event, &expected, retry)],
                "{wire:?}"
            );
        }
    }

    #[test]
    fn decode_line_endings_crlf_lf_cr() {
        let expected = vec![
            ev(None, None, "a", None),
            ev(None, None, "b", None),
            ev(None, None, "c", None),
        ];
        assert_eq!(
            decode_all(b"data: a\r\n\r\ndata: b\n\ndata: c\r\r"),
            expected
        );
    }

    #[test]
    fn decode_field_parsing_rules() {
        let stream =
            b": comment\ndata\ndata:no space\ndata:  two spaces\nunknown: x\nDATA: case\n\n";
        assert_eq!(
            decode_all(stream),
            vec![ev(None, None, "\nno space\n two spaces", None)]
        );
        assert_eq!(
            decode_all(b"event:\ndata: x\n\n"),
            vec![ev(None, None, "x", None)]
        );
        assert_eq!(
            decode_all(b"data: a:b\n\n"),
            vec![ev(None, None, "a:b", None)]
        );
        assert_eq!(
            decode_all(b"event: e\nevent: f\ndata: x\n\n"),
            vec![ev(None, Some("f"), "x", None)]
        );
    }

    #[test]
    fn decode_empty_data_not_dispatched_but_single_empty_line_is() {
        assert_eq!(
            decode_all(b"event: e\nid: 1\n\ndata: x\n\n"),
            vec![ev(Some("1"), None, "x", None)]
        );
        assert_eq!(decode_all(b"data\n\n"), vec![ev(None, None, "", None)]);
        assert_eq!(
            decode_all(b"data:\ndata:\n\n"),
            vec![ev(None, None, "\n", None)]
        );
    }

    #[test]
    fn decode_id_persists_and_nul_ids_ignored() {
        let stream = b"id: 1\ndata: a\n\ndata: b\n\nid: 2\0x\ndata: c\n\nid\ndata: d\n\n";
        assert_eq!(
            decode_all(stream),
            vec![
                ev(Some("1"), None, "a", None),
                ev(Some("1"), None, "b", None),
                ev(Some("1"), None, "c", None),
                ev(None, None, "d", None)
            ]
        );
        let mut d = Decoder::new();
        d.feed(b"id: 9\n\n").unwrap();
        assert_eq!(d.last_event_id(), "9");
    }

    #[test]
    fn decode_retry_only_all_digits() {
        let stream = b"retry: 10\nretry: 1x\nretry:\nretry: -5\nretry: 2 \ndata: a\n\ndata: b\n\n";
        assert_eq!(
            decode_all(stream),
            vec![ev(None, None, "a", Some(10)), ev(None, None, "b", None)]
        );
        let mut d = Decoder::new();
        assert!(d
            .feed(b"retry: 99999999999999999999999\n\n")
            .unwrap()
            .is_empty());
        assert_eq!(d.reconnection_time(), Some(u64::MAX));
        // Carried to the next event, since the retry-only block dispatched nothing.
        assert_eq!(
            d.feed(b"data: x\n\n").unwrap(),
            vec![ev(None, None, "x", Some(u64::MAX))]
        );
    }

    #[test]
    fn decode_bom_stripped_once_even_when_split() {
        let stream = b"\xEF\xBB\xBFdata: a\n\n";
        for split in 0..=4 {
            let mut d = Decoder::new();
            let mut events = d.feed(&stream[..split]).unwrap();
            events.extend(d.feed(&stream[split..]).unwrap());
            assert_eq!(events, vec![ev(None, None, "a", None)], "split at {split}");
        }
        // A second BOM is content: the field name no longer matches "data".
        assert!(decode_all(b"\xEF\xBB\xBF\xEF\xBB\xBFdata: a\n\n").is_empty());
        // A partial BOM followed by something else is decoded as U+FFFD, not dropped.
        assert_eq!(decode_all(b"\xEF\xBBdata: a\n\n"), Vec::new());
        assert_eq!(
            decode_all(b"data: \xEF\xBB\xBF\n\n"),
            vec![ev(None, None, "\u{feff}", None)]
        );
    }

    #[test]
    fn decode_cr_at_chunk_end_then_lf() {
        let mut d = Decoder::new();
        assert!(d.feed(b"data: a\r").unwrap().is_empty());
        // The LF completes the CRLF; it must not count as the blank line that dispatches.
        assert!(d.feed(b"\n").unwrap().is_empty());
        assert!(d.feed(b"").unwrap().is_empty());
        assert_eq!(d.feed(b"\r").unwrap(), vec![ev(None, None, "a", None)]);
        assert!(d.feed(b"\ndata: b\n").unwrap().is_empty());
        assert_eq!(d.feed(b"\n").unwrap(), vec![ev(None, None, "b", None)]);
    }

    #[test]
    fn decode_every_split_point_matches_whole_stream() {
        let stream = "\u{feff}: hi\r\nid: 1\r\nevent: tick\r\ndata: é😀 one\r\ndata\r\r\nretry: 250\ndata:two\r\rid: 2\0\nevent: x\n\ndata: three\n\n".as_bytes();
        let whole = decode_all(stream);
        assert_eq!(
            whole,
            vec![
                ev(Some("1"), Some("tick"), "é😀 one\n", None),
                ev(Some("1"), None, "two", Some(250)),
                ev(Some("1"), None, "three", None),
            ]
        );
        for split in 0..=stream.len() {
            let mut d = Decoder::new();
            let mut events = d.feed(&stream[..split]).unwrap();
            events.extend(d.feed(&stream[split..]).unwrap());
            assert_eq!(events, whole, "split at {split}");
        }
        for second in 0..=stream.len() {
            for first in 0..=second {
                let mut d = Decoder::new();
                let mut events = d.feed(&stream[..first]).unwrap();
                events.extend(d.feed(&stream[first..second]).unwrap());
                events.extend(d.feed(&stream[second..]).unwrap());
                assert_eq!(events, whole, "splits at {first} and {second}");
            }
        }
        let mut d = Decoder::new();
        let events: Vec<Event> = stream
            .iter()
            .flat_map(|b| d.feed(std::slice::from_ref(b)).unwrap())
            .collect();
        assert_eq!(events, whole, "byte by byte");
    }

    #[test]
    fn decode_invalid_utf8_replaced() {
        assert_eq!(
            decode_all(b"data: a\xffb\xe2\x82\n\n"),
            vec![ev(None, None, "a\u{fffd}b\u{fffd}", None)]
        );
        // Maximal subparts: an overlong encoding yields one U+FFFD per byte, as the WHATWG decoder does.
        assert_eq!(
            decode_all(b"data: \xc0\xaf\n\n"),
            vec![ev(None, None, "\u{fffd}\u{fffd}", None)]
        );
    }

    #[test]
    fn decode_incomplete_event_at_end_is_not_dispatched() {
        let mut d = Decoder::new();
        assert!(d.feed(b"data: a\n").unwrap().is_empty());
        assert!(d.feed(b"data: b").unwrap().is_empty());
    }

    #[test]
    fn decode_limits_are_final_errors() {
        let mut d = Decoder::with_limit(8);
        assert!(d.feed(b"data: 12").unwrap().is_empty());
        assert_eq!(d.feed(b"3"), Err(DecodeError::LineTooLong { limit: 8 }));
        assert_eq!(d.feed(b"\n\n"), Err(DecodeError::Failed));

        let mut d = Decoder::with_limit(8);
        assert_eq!(
            d.feed(b"data: 123456789\n"),
            Err(DecodeError::LineTooLong { limit: 8 })
        );

        // Data is bounded per event, counting the LF kept between lines.
        let mut d = Decoder::with_limit(10);
        assert_eq!(
            d.feed(b"data:1234\ndata:12345\n"),
            Err(DecodeError::EventTooLarge { limit: 10 })
        );
        let mut d = Decoder::with_limit(10);
        assert_eq!(
            d.feed(b"data:1234\ndata:1234\n\n").unwrap(),
            vec![ev(None, None, "1234\n1234", None)]
        );
        assert_eq!(
            DecodeError::LineTooLong { limit: 8 }.to_string(),
            "SSE line exceeds the limit of 8 bytes"
        );
    }

    #[test]
    fn decode_long_line_in_small_chunks_is_linear() {
        let mut d = Decoder::new();
        let line = vec![b'x'; 4 << 20];
        assert!(d.feed(b"data: ").unwrap().is_empty());
        for piece in line.chunks(1024) {
            assert!(d.feed(piece).unwrap().is_empty());
        }
        let events = d.feed(b"\n\n").unwrap();
        assert_eq!(events[0].data.len(), 4 << 20);
    }

    #[test]
    fn events_to_json_matches_java_contract() {
        let events = [
            ev(Some("1"), Some("e\""), "a\nb", Some(5)),
            ev(None, None, "", Some(u64::MAX)),
        ];
        assert_eq!(
            events_to_json(&events),
            r#"[{"id":"1","event":"e\"","data":"a\nb","retry":5},{"id":null,"event":null,"data":"","retry":18446744073709551615}]"#
        );
        assert_eq!(events_to_json(&[]), "[]");
    }
}
