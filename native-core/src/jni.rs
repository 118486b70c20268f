//! The JNI entry points of `dev.forgeline.nativecore.NativeBindings` (the Java side documents the
//! contract; this file only adapts types).
//!
//! The exports are `unsafe` because their arguments are JVM references only the JVM can vouch for.
//! Every export runs its body under `catch_unwind`: a Rust panic must never unwind into the JVM.
//! Failures become Java exceptions and the method returns null / 0:
//! - `IllegalArgumentException` for bad arguments (null payload/chunk, negative limits, strings
//!   with unpaired surrogates), invalid SSE fields, unknown decoder handles, and decoder errors
//!   (over-long line or event; the decoder then refuses all further input);
//! - `IllegalStateException` for a decoder that an earlier panic left unusable;
//! - `RuntimeException` if the library panicked (a bug);
//! - whatever the JVM left pending (OutOfMemoryError from NewString/NewByteArray) is kept.
//!
//! SSE decoders are not handed to Java as raw pointers but as ids into a registry, so a stale or
//! double-freed handle yields an exception instead of memory corruption.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::jni_sys::{
    jbyteArray, jclass, jint, jlong, jstring, Env, JNIEnv, Thrown, ILLEGAL_STATE, RUNTIME,
};
use crate::json::Limits;
use crate::{build_info, jsonrpc, sse};

/// Runs a native method body: converts `Err` and panics into a pending Java exception and
/// returns `on_error` in that case.
fn run<T>(raw: *mut JNIEnv, on_error: T, body: impl FnOnce(&Env) -> Result<T, Thrown>) -> T {
    // SAFETY: `raw` is the JNIEnv the JVM passed to the exported function calling us.
    let env = unsafe { Env::from_raw(raw) };
    let thrown = match catch_unwind(AssertUnwindSafe(|| body(&env))) {
        Ok(Ok(value)) => return value,
        Ok(Err(thrown)) => thrown,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_owned());
            Thrown::New {
                class: RUNTIME,
                message: format!("forgeline native core failed: {detail}"),
            }
        }
    };
    env.throw(&thrown);
    on_error
}

/// # Safety
/// Called by the JVM only, with its `JNIEnv` and references of the declared Java types.
#[no_mangle]
pub unsafe extern "system" fn Java_dev_forgeline_nativecore_NativeBindings_buildInfoJson(
    env: *mut JNIEnv,
    _class: jclass,
) -> jstring {
    run(env, ptr::null_mut(), |env| {
        env.new_string(&build_info::get().to_json())
    })
}

/// # Safety
/// Called by the JVM only, with its `JNIEnv` and references of the declared Java types.
#[no_mangle]
pub unsafe extern "system" fn Java_dev_forgeline_nativecore_NativeBindings_validateJsonRpc(
    env: *mut JNIEnv,
    _class: jclass,
    payload: jbyteArray,
    max_bytes: jint,
    max_depth: jint,
) -> jstring {
    run(env, ptr::null_mut(), |env| {
        if payload.is_null() {
            return Err(Thrown::illegal_argument("payload must not be null"));
        }
        let max_bytes = usize::try_from(max_bytes).map_err(|_| {
            Thrown::illegal_argument(format!("maxBytes must not be negative, was {max_bytes}"))
        })?;
        let max_depth = usize::try_from(max_depth).map_err(|_| {
            Thrown::illegal_argument(format!("maxDepth must not be negative, was {max_depth}"))
        })?;
        // SAFETY (here and below): the JVM passed `payload` as a non-null byte[] reference.
        let len = unsafe { env.byte_array_len(payload) };
        let outcome = if len > max_bytes {
            // Refuse before copying the array out of the Java heap.
            Err(jsonrpc::Rejection::too_large(len, max_bytes))
        } else {
            jsonrpc::validate(
                &unsafe { env.bytes(payload) }?,
                Limits {
                    max_bytes,
                    max_depth,
                },
            )
        };
        env.new_string(&jsonrpc::to_json(&outcome))
    })
}

/// # Safety
/// Called by the JVM only, with its `JNIEnv` and references of the declared Java types.
#[no_mangle]
pub unsafe extern "system" fn Java_dev_forgeline_nativecore_NativeBindings_encodeSseEvent(
    env: *mut JNIEnv,
    _class: jclass,
    id: jstring,
    event: jstring,
    data: jstring,
    retry_millis: jint,
) -> jbyteArray {
    run(env, ptr::null_mut(), |env| {
        // SAFETY: the JVM passed these as String references or null.
        let (id, event, data) = unsafe {
            (
                env.string(id, "id")?,
                env.string(event, "event")?,
                env.string(data, "data")?,
            )
        };
        let retry = u64::try_from(retry_millis).ok();
        let text = sse::encode(id.as_deref(), event.as_deref(), data.as_deref(), retry)
            .map_err(|e| Thrown::illegal_argument(e.to_string()))?;
        env.new_byte_array(text.as_bytes())
    })
}

/// # Safety
/// Called by the JVM only, with its `JNIEnv` and references of the declared Java types.
#[no_mangle]
pub unsafe extern "system" fn Java_dev_forgeline_nativecore_NativeBindings_sseDecoderNew(
    env: *mut JNIEnv,
    _class: jclass,
) -> jlong {
    run(env, 0, |_| Ok(decoders().insert(sse::Decoder::new())))
}

/// # Safety
/// Called by the JVM only, with its `JNIEnv` and references of the declared Java types.
#[no_mangle]
pub unsafe extern "system" fn Java_dev_forgeline_nativecore_NativeBindings_sseDecoderFeed(
    env: *mut JNIEnv,
    _class: jclass,
    handle: jlong,
    chunk: jbyteArray,
) -> jstring {
    run(env, ptr::null_mut(), |env| {
        if chunk.is_null() {
            return Err(Thrown::illegal_argument("chunk must not be null"));
        }
        let decoder = decoders().get(handle).ok_or_else(|| {
            Thrown::illegal_argument(format!(
                "unknown or already freed SSE decoder handle {handle}"
            ))
        })?;
        // SAFETY: the JVM passed `chunk` as a non-null byte[] reference.
        let bytes = unsafe { env.bytes(chunk) }?;
        let events = {
            // A decoder poisoned by a panic mid-feed has lost its place in the stream.
            let mut decoder = decoder.lock().map_err(|_| Thrown::New {
                class: ILLEGAL_STATE,
                message: "SSE decoder is unusable after an internal error".into(),
            })?;
            decoder
                .feed(&bytes)
                .map_err(|e| Thrown::illegal_argument(e.to_string()))?
        };
        env.new_string(&sse::events_to_json(&events))
    })
}

/// # Safety
/// Called by the JVM only, with its `JNIEnv` and references of the declared Java types.
#[no_mangle]
pub unsafe extern "system" fn Java_dev_forgeline_nativecore_NativeBindings_sseDecoderFree(
    env: *mut JNIEnv,
    _class: jclass,
    handle: jlong,
) {
    // Unknown handles (0, or already freed) are ignored so that close() stays idempotent.
    run(env, (), |_| {
        decoders().remove(handle);
        Ok(())
    })
}

/// Live SSE decoders by handle. Handles count up from 1 and are never reused, so a stale handle
/// can never reach another stream's decoder.
struct Decoders {
    next: jlong,
    live: BTreeMap<jlong, Arc<Mutex<sse::Decoder>>>,
}

static DECODERS: Mutex<Decoders> = Mutex::new(Decoders {
    next: 1,
    live: BTreeMap::new(),
});

/// The registry's own operations cannot leave it inconsistent, so a poisoned lock is still usable.
fn decoders() -> MutexGuard<'static, Decoders> {
    DECODERS.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Decoders {
    fn insert(&mut self, decoder: sse::Decoder) -> jlong {
        let handle = self.next;
        self.next += 1;
        self.live.insert(handle, Arc::new(Mutex::new(decoder)));
        handle
    }

    /// The decoder is returned by `Arc` so feeding does not hold the registry lock.
    fn get(&self, handle: jlong) -> Option<Arc<Mutex<sse::Decoder>>> {
        self.live.get(&handle).cloned()
    }

    fn remove(&mut self, handle: jlong) {
        self.live.remove(&handle);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jni_fake::FakeJvm;
    use crate::jni_sys::ILLEGAL_ARGUMENT;

    fn iae(message: &str) -> Option<(String, String)> {
        Some((ILLEGAL_ARGUMENT.to_owned(), message.to_owned()))
    }

    #[test]
    fn build_info_json_returns_object() {
        let mut jvm = FakeJvm::new();
        let s = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_buildInfoJson(jvm.env(), ptr::null_mut())
        };
        let json = jvm.read_string(s);
        assert!(
            json.starts_with(r#"{"crateName":"forgeline-native-core","crateVersion":"0.1.0","#),
            "{json}"
        );
        assert_eq!(jvm.take_exception(), None);
    }

    #[test]
    fn validate_json_rpc_returns_verdict() {
        let mut jvm = FakeJvm::new();
        let payload = jvm
            .bytes(br#"{"jsonrpc":"2.0","id":"\ud83d\ude00","method":"tools/call","params":{}}"#);
        let s = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_validateJsonRpc(
                jvm.env(),
                ptr::null_mut(),
                payload,
                1000,
                8,
            )
        };
        assert_eq!(
            jvm.read_string(s),
            r#"{"ok":true,"batch":false,"messages":[{"kind":"request","id":"\ud83d\ude00","method":"tools/call"}]}"#
        );
        let bad = jvm.bytes(b"{\"jsonrpc\":\"2.0\",\"method\":\"x\xff\"}");
        let s = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_validateJsonRpc(
                jvm.env(),
                ptr::null_mut(),
                bad,
                1000,
                8,
            )
        };
        assert_eq!(
            jvm.read_string(s),
            r#"{"ok":false,"code":-32700,"message":"invalid UTF-8 at byte 28","offset":28}"#
        );
    }

    #[test]
    fn validate_json_rpc_oversize_refused_without_copying() {
        let mut jvm = FakeJvm::new();
        let payload = jvm.bytes(&[b' '; 100]);
        let s = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_validateJsonRpc(
                jvm.env(),
                ptr::null_mut(),
                payload,
                99,
                8,
            )
        };
        assert_eq!(
            jvm.read_string(s),
            r#"{"ok":false,"code":-32600,"message":"payload of 100 bytes exceeds the limit of 99 bytes","offset":99}"#
        );
        assert_eq!(jvm.byte_array_copies(), 0);
    }

    #[test]
    fn validate_json_rpc_bad_arguments_throw() {
        let mut jvm = FakeJvm::new();
        let env = jvm.env();
        let f = Java_dev_forgeline_nativecore_NativeBindings_validateJsonRpc;
        assert!(unsafe { f(env, ptr::null_mut(), ptr::null_mut(), 10, 10) }.is_null());
        assert_eq!(jvm.take_exception(), iae("payload must not be null"));
        let payload = jvm.bytes(b"{}");
        assert!(unsafe { f(env, ptr::null_mut(), payload, -1, 10) }.is_null());
        assert_eq!(
            jvm.take_exception(),
            iae("maxBytes must not be negative, was -1")
        );
        assert!(unsafe { f(env, ptr::null_mut(), payload, 10, -5) }.is_null());
        assert_eq!(
            jvm.take_exception(),
            iae("maxDepth must not be negative, was -5")
        );
    }

    #[test]
    fn encode_sse_event_round_trips_non_bmp_text() {
        let mut jvm = FakeJvm::new();
        let (id, data) = (jvm.string("7"), jvm.string("😀 first\nsecond"));
        let a = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_encodeSseEvent(
                jvm.env(),
                ptr::null_mut(),
                id,
                ptr::null_mut(),
                data,
                -1,
            )
        };
        assert_eq!(
            jvm.read_bytes(a),
            "id: 7\ndata: 😀 first\ndata: second\n\n".as_bytes()
        );
        let ev = jvm.string("e");
        let a = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_encodeSseEvent(
                jvm.env(),
                ptr::null_mut(),
                ptr::null_mut(),
                ev,
                ptr::null_mut(),
                1500,
            )
        };
        assert_eq!(jvm.read_bytes(a), b"event: e\nretry: 1500\n\n");
        assert_eq!(jvm.take_exception(), None);
    }

    #[test]
    fn encode_sse_event_invalid_fields_throw() {
        let mut jvm = FakeJvm::new();
        let f = Java_dev_forgeline_nativecore_NativeBindings_encodeSseEvent;
        let id = jvm.string("a\r\nb");
        assert!(unsafe {
            f(
                jvm.env(),
                ptr::null_mut(),
                id,
                ptr::null_mut(),
                ptr::null_mut(),
                -1,
            )
        }
        .is_null());
        assert_eq!(
            jvm.take_exception(),
            iae("SSE event id must not contain CR or LF")
        );
        let event = jvm.string("x\n");
        assert!(unsafe {
            f(
                jvm.env(),
                ptr::null_mut(),
                ptr::null_mut(),
                event,
                ptr::null_mut(),
                -1,
            )
        }
        .is_null());
        assert_eq!(
            jvm.take_exception(),
            iae("SSE event type must not contain CR or LF")
        );
        let lone = jvm.utf16(&[0x61, 0xD83D]);
        assert!(unsafe {
            f(
                jvm.env(),
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut(),
                lone,
                -1,
            )
        }
        .is_null());
        assert_eq!(
            jvm.take_exception(),
            iae("data contains an unpaired UTF-16 surrogate")
        );
    }

    #[test]
    fn sse_decoder_lifecycle() {
        let mut jvm = FakeJvm::new();
        let env = jvm.env();
        let handle = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_sseDecoderNew(env, ptr::null_mut())
        };
        assert!(handle > 0);
        let feed = |jvm: &FakeJvm, chunk: &[u8]| {
            let chunk = jvm.bytes(chunk);
            let s = unsafe {
                Java_dev_forgeline_nativecore_NativeBindings_sseDecoderFeed(
                    env,
                    ptr::null_mut(),
                    handle,
                    chunk,
                )
            };
            if s.is_null() {
                Err(jvm.take_exception())
            } else {
                Ok(jvm.read_string(s))
            }
        };
        assert_eq!(feed(&jvm, b"id: 1\r\ndata: \xF0\x9F"), Ok("[]".to_owned()));
        assert_eq!(feed(&jvm, b"\x98\x80\r"), Ok("[]".to_owned()));
        assert_eq!(
            feed(&jvm, b"\n\r\n"),
            Ok(r#"[{"id":"1","event":null,"data":"😀","retry":null}]"#.to_owned())
        );
        unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_sseDecoderFree(
                env,
                ptr::null_mut(),
                handle,
            )
        };
        assert_eq!(
            feed(&jvm, b"data: x\n\n"),
            Err(iae(&format!(
                "unknown or already freed SSE decoder handle {handle}"
            )))
        );
        // Freeing twice, or freeing 0, is harmless.
        unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_sseDecoderFree(
                env,
                ptr::null_mut(),
                handle,
            )
        };
        unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_sseDecoderFree(env, ptr::null_mut(), 0)
        };
        assert_eq!(jvm.take_exception(), None);
    }

    #[test]
    fn sse_decoder_errors_throw() {
        let mut jvm = FakeJvm::new();
        let env = jvm.env();
        let handle = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_sseDecoderNew(env, ptr::null_mut())
        };
        let f = Java_dev_forgeline_nativecore_NativeBindings_sseDecoderFeed;
        assert!(unsafe { f(env, ptr::null_mut(), handle, ptr::null_mut()) }.is_null());
        assert_eq!(jvm.take_exception(), iae("chunk must not be null"));
        let huge = jvm.bytes(&vec![b'x'; sse::DEFAULT_MAX_BYTES + 1]);
        assert!(unsafe { f(env, ptr::null_mut(), handle, huge) }.is_null());
        assert_eq!(
            jvm.take_exception(),
            iae(&format!(
                "SSE line exceeds the limit of {} bytes",
                sse::DEFAULT_MAX_BYTES
            ))
        );
        let more = jvm.bytes(b"\n");
        assert!(unsafe { f(env, ptr::null_mut(), handle, more) }.is_null());
        assert_eq!(
            jvm.take_exception(),
            iae("SSE decoder already failed on an earlier chunk")
        );
        unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_sseDecoderFree(
                env,
                ptr::null_mut(),
                handle,
            )
        };
    }

    #[test]
    fn failed_allocation_leaves_java_exception_pending() {
        let mut jvm = FakeJvm::new();
        jvm.fail_next_allocation();
        let s = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_buildInfoJson(jvm.env(), ptr::null_mut())
        };
        assert!(s.is_null());
        assert_eq!(
            jvm.take_exception(),
            Some((
                "java/lang/OutOfMemoryError".to_owned(),
                "Java heap space".to_owned()
            ))
        );
    }

    #[test]
    fn panic_becomes_runtime_exception() {
        let mut jvm = FakeJvm::new();
        let result = run(jvm.env(), -1, |_| -> Result<i32, Thrown> {
            panic!("boom {}", 42)
        });
        assert_eq!(result, -1);
        assert_eq!(
            jvm.take_exception(),
            Some((
                RUNTIME.to_owned(),
                "forgeline native core failed: boom 42".to_owned()
            ))
        );
        let result = run(jvm.env(), 0, |_| -> Result<i32, Thrown> {
            std::panic::panic_any(7u8)
        });
        assert_eq!(result, 0);
        assert_eq!(
            jvm.take_exception(),
            Some((
                RUNTIME.to_owned(),
                "forgeline native core failed: unknown cause".to_owned()
            ))
        );
    }

    #[test]
    fn decoder_handles_are_not_reused() {
        let mut jvm = FakeJvm::new();
        let a = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_sseDecoderNew(jvm.env(), ptr::null_mut())
        };
        unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_sseDecoderFree(
                jvm.env(),
                ptr::null_mut(),
                a,
            )
        };
        let b = unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_sseDecoderNew(jvm.env(), ptr::null_mut())
        };
        assert!(b > a);
        unsafe {
            Java_dev_forgeline_nativecore_NativeBindings_sseDecoderFree(
                jvm.env(),
                ptr::null_mut(),
                b,
            )
        };
    }
}
