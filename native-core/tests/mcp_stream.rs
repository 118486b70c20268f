//! End to end, as the gateway uses the library: JSON-RPC messages framed as SSE, the stream cut
//! into arbitrary chunks, decoded, and every payload validated again on the receiving side.

use forgeline_native_core::json::Limits;
use forgeline_native_core::jsonrpc::{self, Message};
use forgeline_native_core::sse::{self, Decoder, Event};

const LIMITS: Limits = Limits {
    max_bytes: 1 << 20,
    max_depth: 64,
};

/// Deterministic chunk sizes (xorshift), so a failure is reproducible.
fn chunk_sizes(mut seed: u64) -> impl Iterator<Item = usize> {
    std::iter::repeat_with(move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 17) as usize
    })
}

fn stream() -> (Vec<u8>, Vec<&'static str>) {
    let messages = vec![
        r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo","description":"répète 😀"}]}}"#,
        r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t","progress":0.5}}"#,
        "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{\"text\":\"line one\\nline two\"}}",
    ];
    // The priming event MCP servers send first: an id and empty data, so clients can resume.
    let mut wire = sse::encode(Some("s1-0"), None, Some(""), Some(1000)).unwrap();
    wire.push_str(&sse::encode_comment("keep-alive"));
    for (i, m) in messages.iter().enumerate() {
        wire.push_str(
            &sse::encode(
                Some(&format!("s1-{}", i + 1)),
                Some("message"),
                Some(m),
                None,
            )
            .unwrap(),
        );
    }
    (wire.into_bytes(), messages)
}

#[test]
fn messages_survive_framing_and_arbitrary_chunking() {
    let (wire, messages) = stream();
    for seed in 1..=200u64 {
        let mut decoder = Decoder::new();
        let mut events: Vec<Event> = Vec::new();
        let mut rest = &wire[..];
        for size in chunk_sizes(seed) {
            let (chunk, tail) = rest.split_at(size.min(rest.len()));
            events.extend(decoder.feed(chunk).unwrap());
            rest = tail;
            if rest.is_empty() {
                break;
            }
        }
        assert_eq!(events.len(), 4, "seed {seed}");
        assert_eq!(
            (
                events[0].id.as_deref(),
                events[0].data.as_str(),
                events[0].retry
            ),
            (Some("s1-0"), "", Some(1000))
        );
        for (i, (event, sent)) in events[1..].iter().zip(&messages).enumerate() {
            assert_eq!(event.data, *sent, "seed {seed}");
            assert_eq!(event.id.as_deref(), Some(format!("s1-{}", i + 1).as_str()));
            assert_eq!(event.event.as_deref(), Some("message"));
        }
        assert_eq!(decoder.last_event_id(), "s1-3");
    }
}

#[test]
fn decoded_payloads_validate() {
    let (wire, _) = stream();
    let events = Decoder::new().feed(&wire).unwrap();
    let kinds: Vec<Message> = events[1..]
        .iter()
        .flat_map(|e| {
            jsonrpc::validate(e.data.as_bytes(), LIMITS)
                .unwrap()
                .messages
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            Message::Response { id: "1".into() },
            Message::Notification {
                method: "notifications/progress".into()
            },
            Message::Response { id: "\"x\"".into() },
        ]
    );
}
