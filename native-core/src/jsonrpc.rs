//! JSON-RPC 2.0 validation: classifies each message of a payload (single or batch) as a request,
//! notification, response or invalid message, the way an MCP Streamable HTTP endpoint must before
//! it routes anything.
//!
//! Whole-payload failures (not JSON, too large, too deep, empty batch) are a [`Rejection`]; a
//! malformed message inside a well-formed payload is a [`Message::Invalid`] entry, so a server can
//! still answer the other messages of a batch. Members the specification does not name are
//! tolerated (extensions), but the named ones are checked strictly.

use crate::json::{self, ErrorKind, Kind, Limits, ObjectWriter, Value};

/// Invalid JSON was received.
pub const PARSE_ERROR: i32 = -32700;
/// The JSON sent is not a valid Request object (also used for size, depth and empty batches).
pub const INVALID_REQUEST: i32 = -32600;

/// The whole payload was refused; no message can be answered individually.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// [`PARSE_ERROR`] or [`INVALID_REQUEST`].
    pub code: i32,
    pub message: String,
    /// Byte offset where the problem was found (the limit itself for an oversize payload).
    pub offset: usize,
}

impl Rejection {
    /// Lets a caller refuse an oversize payload before copying it out of the JVM heap.
    pub fn too_large(len: usize, limit: usize) -> Rejection {
        Rejection {
            code: INVALID_REQUEST,
            message: json::too_large_detail(len, limit),
            offset: limit,
        }
    }
}

/// A payload that parsed; `messages` are in payload order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated {
    pub batch: bool,
    pub messages: Vec<Message>,
}

/// One classified message. Ids are kept as their exact JSON text (`1`, `"abc"`, `null`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Request {
        id: String,
        method: String,
    },
    Notification {
        method: String,
    },
    Response {
        id: String,
    },
    /// Answer with [`INVALID_REQUEST`]; `id` is the message's id when it had a usable one.
    Invalid {
        id: Option<String>,
        message: String,
    },
}

/// Validates a payload against the caller's limits.
pub fn validate(payload: &[u8], limits: Limits) -> Result<Validated, Rejection> {
    let root = json::parse(payload, limits).map_err(|e| Rejection {
        code: match e.kind {
            ErrorKind::Syntax => PARSE_ERROR,
            ErrorKind::TooLarge | ErrorKind::TooDeep => INVALID_REQUEST,
        },
        message: e.to_string(),
        offset: e.offset,
    })?;
    match &root.kind {
        Kind::Array(items) if items.is_empty() => Err(Rejection {
            code: INVALID_REQUEST,
            message: "empty batch: a batch must contain at least one message".to_owned(),
            offset: root.offset,
        }),
        Kind::Array(items) => Ok(Validated {
            batch: true,
            messages: items.iter().map(classify).collect(),
        }),
        _ => Ok(Validated {
            batch: false,
            messages: vec![classify(&root)],
        }),
    }
}

fn classify(msg: &Value<'_>) -> Message {
    if !msg.is_object() {
        return invalid(None, "a message must be a JSON object");
    }
    let id = msg.get("id");
    let usable_id = id.filter(|v| is_valid_id(v)).map(|v| v.raw.to_owned());
    let fail = |message: &str| invalid(usable_id.clone(), message);

    match msg.get("jsonrpc") {
        None => return fail(r#"missing "jsonrpc": "2.0""#),
        Some(v) if v.as_str() != Some("2.0") => return fail(r#""jsonrpc" must be exactly "2.0""#),
        Some(_) => {}
    }
    if id.is_some() && usable_id.is_none() {
        return fail(r#""id" must be a string, a number or null"#);
    }
    let (result, error) = (msg.get("result"), msg.get("error"));

    if let Some(method) = msg.get("method") {
        let Some(name) = method.as_str() else {
            return fail(r#""method" must be a string"#);
        };
        if name.starts_with("rpc.") {
            return fail(r#"method names beginning with "rpc." are reserved"#);
        }
        if result.is_some() || error.is_some() {
            return fail(r#"a request must not carry "result" or "error""#);
        }
        if msg
            .get("params")
            .is_some_and(|p| !p.is_object() && !p.is_array())
        {
            return fail(r#""params" must be an object or array"#);
        }
        return match usable_id {
            Some(id) => Message::Request {
                id,
                method: name.to_owned(),
            },
            None => Message::Notification {
                method: name.to_owned(),
            },
        };
    }

    match (result, error) {
        (None, None) => {
            fail(r#"missing "method" (for a request) or "result"/"error" (for a response)"#)
        }
        (Some(_), Some(_)) => fail(r#"a response must carry exactly one of "result" and "error""#),
        _ if id.is_none() => fail(r#"a response must carry an "id""#),
        (None, Some(e)) => match check_error_object(e) {
            Err(problem) => fail(problem),
            Ok(()) => Message::Response {
                id: usable_id.unwrap_or_default(),
            },
        },
        (Some(_), None) => Message::Response {
            id: usable_id.unwrap_or_default(),
        },
    }
}

fn invalid(id: Option<String>, message: &str) -> Message {
    Message::Invalid {
        id,
        message: message.to_owned(),
    }
}

/// String, number or null. Fractional numbers are discouraged by the spec but accepted (kept raw).
fn is_valid_id(v: &Value<'_>) -> bool {
    matches!(v.kind, Kind::String(_) | Kind::Number(_) | Kind::Null)
}

fn check_error_object(e: &Value<'_>) -> Result<(), &'static str> {
    if !e.is_object() {
        return Err(r#""error" must be an object"#);
    }
    // "MUST be an integer": written without fraction or exponent, so every reader agrees.
    let integral = matches!(e.get("code").map(|c| &c.kind), Some(Kind::Number(n)) if !n.contains(['.', 'e', 'E']));
    if !integral {
        return Err(r#""error.code" must be an integer"#);
    }
    if e.get("message").and_then(Value::as_str).is_none() {
        return Err(r#""error.message" must be a string"#);
    }
    Ok(())
}

/// The JSON handed to Java and C callers (shapes documented in `NativeBindings.java`).
pub fn to_json(outcome: &Result<Validated, Rejection>) -> String {
    match outcome {
        Err(r) => ObjectWriter::new()
            .bool("ok", false)
            .int("code", r.code)
            .string("message", &r.message)
            .int("offset", r.offset as u64)
            .finish(),
        Ok(v) => ObjectWriter::new()
            .bool("ok", true)
            .bool("batch", v.batch)
            .raw(
                "messages",
                &json::array(v.messages.iter().map(message_json)),
            )
            .finish(),
    }
}

fn message_json(m: &Message) -> String {
    let mut o = ObjectWriter::new();
    match m {
        Message::Request { id, method } => o
            .string("kind", "request")
            .raw("id", id)
            .string("method", method),
        Message::Notification { method } => {
            o.string("kind", "notification").string("method", method)
        }
        Message::Response { id } => o.string("kind", "response").raw("id", id),
        Message::Invalid { id, message } => o
            .string("kind", "invalid")
            .raw("id", id.as_deref().unwrap_or("null"))
            .int("code", INVALID_REQUEST)
            .string("message", message),
    };
    o.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        max_bytes: 1 << 20,
        max_depth: 32,
    };

    fn one(payload: &str) -> Message {
        let v = validate(payload.as_bytes(), LIMITS)
            .unwrap_or_else(|r| panic!("{payload}: rejected: {r:?}"));
        assert!(!v.batch);
        assert_eq!(v.messages.len(), 1);
        v.messages.into_iter().next().unwrap()
    }

    fn invalid_message(payload: &str) -> String {
        match one(payload) {
            Message::Invalid { message, .. } => message,
            other => panic!("{payload}: expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn request_ids_kept_verbatim() {
        for id in [
            "1",
            "-7",
            "1.5",
            "1e3",
            "\"abc\"",
            "\"\\u0041\"",
            "null",
            "123456789012345678901234567890",
        ] {
            let payload =
                format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/list","params":{{}}}}"#);
            assert_eq!(
                one(&payload),
                Message::Request {
                    id: id.to_owned(),
                    method: "tools/list".to_owned()
                }
            );
        }
    }

    #[test]
    fn notification_has_no_id() {
        assert_eq!(
            one(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#),
            Message::Notification {
                method: "notifications/initialized".to_owned()
            }
        );
        assert_eq!(
            one(r#"{"method":"x","params":[1],"jsonrpc":"2.0"}"#),
            Message::Notification {
                method: "x".to_owned()
            }
        );
    }

    #[test]
    fn responses_with_result_or_error() {
        assert_eq!(
            one(r#"{"jsonrpc":"2.0","id":3,"result":null}"#),
            Message::Response { id: "3".to_owned() }
        );
        assert_eq!(
            one(
                r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"bad","data":[1]}}"#
            ),
            Message::Response {
                id: "null".to_owned()
            }
        );
    }

    #[test]
    fn each_invalid_message_named_precisely() {
        let cases = [
            (r#"1"#, "a message must be a JSON object"),
            (r#""x""#, "a message must be a JSON object"),
            (r#"{"id":1,"method":"m"}"#, r#"missing "jsonrpc": "2.0""#),
            (
                r#"{"jsonrpc":"1.0","id":1,"method":"m"}"#,
                r#""jsonrpc" must be exactly "2.0""#,
            ),
            (
                r#"{"jsonrpc":2.0,"id":1,"method":"m"}"#,
                r#""jsonrpc" must be exactly "2.0""#,
            ),
            (
                r#"{"jsonrpc":"2.0 ","id":1,"method":"m"}"#,
                r#""jsonrpc" must be exactly "2.0""#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":{},"method":"m"}"#,
                r#""id" must be a string, a number or null"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":[1],"result":1}"#,
                r#""id" must be a string, a number or null"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":true,"method":"m"}"#,
                r#""id" must be a string, a number or null"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":5}"#,
                r#""method" must be a string"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":null}"#,
                r#""method" must be a string"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"#,
                r#"method names beginning with "rpc." are reserved"#,
            ),
            (
                r#"{"jsonrpc":"2.0","method":"rpc."}"#,
                r#"method names beginning with "rpc." are reserved"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"m","result":1}"#,
                r#"a request must not carry "result" or "error""#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"m","params":"x"}"#,
                r#""params" must be an object or array"#,
            ),
            (
                r#"{"jsonrpc":"2.0","method":"m","params":null}"#,
                r#""params" must be an object or array"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1}"#,
                r#"missing "method" (for a request) or "result"/"error" (for a response)"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"result":1,"error":{}}"#,
                r#"a response must carry exactly one of "result" and "error""#,
            ),
            (
                r#"{"jsonrpc":"2.0","result":1}"#,
                r#"a response must carry an "id""#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"error":"boom"}"#,
                r#""error" must be an object"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"error":{"message":"m"}}"#,
                r#""error.code" must be an integer"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"error":{"code":1.0,"message":"m"}}"#,
                r#""error.code" must be an integer"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"error":{"code":1e3,"message":"m"}}"#,
                r#""error.code" must be an integer"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"error":{"code":"1","message":"m"}}"#,
                r#""error.code" must be an integer"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"error":{"code":1}}"#,
                r#""error.message" must be a string"#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":2}}"#,
                r#""error.message" must be a string"#,
            ),
        ];
        for (payload, expected) in cases {
            assert_eq!(invalid_message(payload), expected, "{payload}");
        }
    }

    #[test]
    fn invalid_message_keeps_usable_id_only() {
        let id_of = |p: &str| match one(p) {
            Message::Invalid { id, .. } => id,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            id_of(r#"{"jsonrpc":"2.0","id":"a","method":7}"#),
            Some("\"a\"".to_owned())
        );
        assert_eq!(
            id_of(r#"{"jsonrpc":"1.0","id": 42 ,"method":"m"}"#),
            Some("42".to_owned())
        );
        assert_eq!(
            id_of(r#"{"jsonrpc":"2.0","id":{"x":1},"method":"m"}"#),
            None
        );
        assert_eq!(id_of("1"), None);
    }

    #[test]
    fn batch_classifies_each_member_in_order() {
        let payload = r#"[
            {"jsonrpc":"2.0","id":1,"method":"a"},
            {"jsonrpc":"2.0","method":"b"},
            {"jsonrpc":"2.0","id":"r","result":{}},
            7,
            []
        ]"#;
        let v = validate(payload.as_bytes(), LIMITS).unwrap();
        assert!(v.batch);
        assert_eq!(
            v.messages,
            vec![
                Message::Request {
                    id: "1".into(),
                    method: "a".into()
                },
                Message::Notification { method: "b".into() },
                Message::Response { id: "\"r\"".into() },
                invalid(None, "a message must be a JSON object"),
                invalid(None, "a message must be a JSON object"),
            ]
        );
    }

    #[test]
    fn empty_batch_rejected() {
        let r = validate(b"  [ ]", LIMITS).unwrap_err();
        assert_eq!(
            r,
            Rejection {
                code: INVALID_REQUEST,
                message: "empty batch: a batch must contain at least one message".into(),
                offset: 2
            }
        );
    }

    #[test]
    fn parse_error_carries_code_and_offset() {
        let r = validate(br#"{"jsonrpc":"2.0","method":"m",}"#, LIMITS).unwrap_err();
        assert_eq!(r.code, PARSE_ERROR);
        assert_eq!(r.offset, 30);
        assert_eq!(
            r.message,
            "unexpected '}', expected a string key at byte 30"
        );
        let r = validate(b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\"}", LIMITS).unwrap_err();
        assert_eq!(
            (r.code, r.offset, r.message.as_str()),
            (PARSE_ERROR, 27, "invalid UTF-8 at byte 27")
        );
        let r = validate(br#"{"jsonrpc":"2.0","method":"a","method":"b"}"#, LIMITS).unwrap_err();
        assert_eq!(
            (r.code, r.message.as_str()),
            (PARSE_ERROR, r#"duplicate object key "method" at byte 30"#)
        );
    }

    #[test]
    fn limits_rejected_as_invalid_request() {
        let payload = br#"{"jsonrpc":"2.0","method":"m","params":[[[1]]]}"#;
        let r = validate(
            payload,
            Limits {
                max_bytes: 10,
                max_depth: 32,
            },
        )
        .unwrap_err();
        assert_eq!(r, Rejection::too_large(payload.len(), 10));
        assert_eq!(
            r.message,
            format!(
                "payload of {} bytes exceeds the limit of 10 bytes",
                payload.len()
            )
        );
        let r = validate(
            payload,
            Limits {
                max_bytes: 1000,
                max_depth: 3,
            },
        )
        .unwrap_err();
        assert_eq!(
            r,
            Rejection {
                code: INVALID_REQUEST,
                message: "nesting deeper than 3".into(),
                offset: 41
            }
        );
        assert!(validate(
            payload,
            Limits {
                max_bytes: payload.len(),
                max_depth: 4
            }
        )
        .is_ok());
    }

    #[test]
    fn to_json_shapes_match_java_contract() {
        let v = validate(br#"[{"jsonrpc":"2.0","id":"q\"1","method":"m\n"},{"jsonrpc":"2.0","method":"n"},{"jsonrpc":"2.0","id":5,"result":0},{"id":1}]"#, LIMITS);
        assert_eq!(
            to_json(&v),
            concat!(
                r#"{"ok":true,"batch":true,"messages":["#,
                r#"{"kind":"request","id":"q\"1","method":"m\n"},"#,
                r#"{"kind":"notification","method":"n"},"#,
                r#"{"kind":"response","id":5},"#,
                r#"{"kind":"invalid","id":1,"code":-32600,"message":"missing \"jsonrpc\": \"2.0\""}]}"#
            )
        );
        assert_eq!(
            to_json(&validate(b"[", LIMITS)),
            r#"{"ok":false,"code":-32700,"message":"unexpected end of input, expected a value at byte 1","offset":1}"#
        );
        assert_eq!(
            to_json(&validate(b"[1]", LIMITS)),
            r#"{"ok":true,"batch":true,"messages":[{"kind":"invalid","id":null,"code":-32600,"message":"a message must be a JSON object"}]}"#
        );
    }

    #[test]
    fn to_json_output_is_valid_json() {
        let v = validate(
            br#"{"jsonrpc":"2.0","id":"\ud83d\ude00\u0000","method":"\u0001"}"#,
            LIMITS,
        );
        let out = to_json(&v);
        let parsed = json::parse(out.as_bytes(), LIMITS).unwrap();
        let msg = &parsed.get("messages").unwrap();
        let Kind::Array(items) = &msg.kind else {
            panic!()
        };
        assert_eq!(
            items[0].get("method").and_then(Value::as_str),
            Some("\u{1}")
        );
        assert_eq!(items[0].get("id").and_then(Value::as_str), Some("😀\u{0}"));
    }
}
