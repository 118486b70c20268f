//! C ABI for callers other than the JVM (declared in `include/forgeline_native_core.h`).
//!
//! Conventions: every string this library returns is NUL-terminated UTF-8 allocated here and must
//! be released with [`fl_string_free`] (never `free`). A NULL return means invalid arguments or an
//! internal error. No panic crosses the boundary: each function runs under `catch_unwind`.

use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use crate::json::Limits;
use crate::{build_info, jsonrpc, sse};

/// Returned strings carry their length in a hidden prefix, so [`fl_string_free`] can release them
/// exactly even when the text itself contains NUL (SSE data may).
const HEADER: usize = std::mem::size_of::<usize>();

fn into_c_string(text: &str) -> *mut c_char {
    let mut block = Vec::with_capacity(HEADER + text.len() + 1);
    block.extend_from_slice(&text.len().to_ne_bytes());
    block.extend_from_slice(text.as_bytes());
    block.push(0);
    let block: *mut [u8] = Box::into_raw(block.into_boxed_slice());
    // SAFETY: the block is HEADER + len + 1 bytes long, so HEADER is in bounds.
    unsafe { (block as *mut u8).add(HEADER) as *mut c_char }
}

/// Runs `body`, turning a panic into `fallback`.
fn guarded<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// Build information as a JSON object (see `NativeBindings.buildInfoJson`).
#[no_mangle]
pub extern "C" fn fl_build_info_json() -> *mut c_char {
    guarded(ptr::null_mut(), || {
        into_c_string(&build_info::get().to_json())
    })
}

/// Validates a JSON-RPC 2.0 payload; returns the result object described in
/// `NativeBindings.validateJsonRpc` (`{"ok":false,...}` is a normal result, not an error).
///
/// # Safety
/// `payload` must point to `len` readable bytes, or may be NULL when `len` is 0.
#[no_mangle]
pub unsafe extern "C" fn fl_validate_jsonrpc(
    payload: *const u8,
    len: usize,
    max_bytes: usize,
    max_depth: u32,
) -> *mut c_char {
    if payload.is_null() && len != 0 {
        return ptr::null_mut();
    }
    guarded(ptr::null_mut(), || {
        let outcome = if len > max_bytes {
            Err(jsonrpc::Rejection::too_large(len, max_bytes))
        } else {
            // SAFETY: the caller guarantees `len` readable bytes; a NULL pointer only with len 0.
            let bytes = if len == 0 {
                &[][..]
            } else {
                unsafe { std::slice::from_raw_parts(payload, len) }
            };
            jsonrpc::validate(
                bytes,
                Limits {
                    max_bytes,
                    max_depth: max_depth as usize,
                },
            )
        };
        into_c_string(&jsonrpc::to_json(&outcome))
    })
}

/// Encodes one Server-Sent Event (see `sse::encode`).
///
/// `id` and `event` are NUL-terminated UTF-8 or NULL (left out); `data` is `data_len` bytes of
/// UTF-8 or NULL (left out); a negative `retry_millis` is left out. On success returns the event
/// text and stores its length (which excludes the terminating NUL) in `*out_len` if `out_len` is
/// not NULL. On failure returns NULL and, if `error` is not NULL, stores a message in `*error`
/// (free it with [`fl_string_free`]); on success `*error` is set to NULL.
///
/// # Safety
/// Non-NULL pointers must be valid: `id`/`event` NUL-terminated, `data` readable for `data_len`
/// bytes, `out_len` and `error` writable.
#[no_mangle]
pub unsafe extern "C" fn fl_sse_encode(
    id: *const c_char,
    event: *const c_char,
    data: *const u8,
    data_len: usize,
    retry_millis: i64,
    out_len: *mut usize,
    error: *mut *mut c_char,
) -> *mut c_char {
    let result = guarded(Err("internal error in fl_sse_encode".to_owned()), || {
        // SAFETY: forwarded from this function's contract.
        let id = unsafe { c_str_arg(id, "id") }?;
        let event = unsafe { c_str_arg(event, "event") }?;
        let data = match (data.is_null(), data_len) {
            (true, 0) => None,
            (true, _) => return Err("data is NULL but data_len is not 0".to_owned()),
            // SAFETY: the caller guarantees `data_len` readable bytes.
            (false, _) => Some(
                std::str::from_utf8(unsafe { std::slice::from_raw_parts(data, data_len) })
                    .map_err(|e| format!("data is not valid UTF-8: {e}"))?,
            ),
        };
        let retry = u64::try_from(retry_millis).ok();
        sse::encode(id, event, data, retry).map_err(|e| e.to_string())
    });
    match result {
        Ok(text) => {
            // SAFETY: writable if non-NULL, per the contract.
            unsafe {
                if !out_len.is_null() {
                    *out_len = text.len();
                }
                if !error.is_null() {
                    *error = ptr::null_mut();
                }
            }
            into_c_string(&text)
        }
        Err(message) => {
            if !error.is_null() {
                // SAFETY: writable, per the contract.
                unsafe { *error = into_c_string(&message) };
            }
            ptr::null_mut()
        }
    }
}

/// # Safety
/// `p` must be NULL or a valid NUL-terminated string.
unsafe fn c_str_arg<'a>(p: *const c_char, name: &str) -> Result<Option<&'a str>, String> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded from the caller.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str()
        .map(Some)
        .map_err(|e| format!("{name} is not valid UTF-8: {e}"))
}

/// Releases a string returned by this library. NULL is ignored.
///
/// # Safety
/// `s` must be NULL or a pointer returned by this library and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn fl_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    // Deallocation does not panic, but keep the guarantee uniform.
    guarded((), || {
        // SAFETY: `s` came from into_c_string, so HEADER bytes before it hold the text length and
        // the whole block is HEADER + len + 1 bytes of one boxed slice.
        unsafe {
            let base = (s as *mut u8).sub(HEADER);
            let mut len = [0u8; HEADER];
            ptr::copy_nonoverlapping(base, len.as_mut_ptr(), HEADER);
            let total = HEADER + usize::from_ne_bytes(len) + 1;
            drop(Box::from_raw(ptr::slice_from_raw_parts_mut(base, total)));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Copies a returned string and frees it.
    fn take(p: *mut c_char) -> String {
        assert!(!p.is_null());
        let s = unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned();
        unsafe { fl_string_free(p) };
        s
    }

    #[test]
    fn string_with_inner_nul_frees_cleanly() {
        let p = into_c_string("a\0b");
        unsafe { fl_string_free(p) };
        unsafe { fl_string_free(ptr::null_mut()) };
        assert_eq!(take(into_c_string("")), "");
    }

    #[test]
    fn guarded_turns_panic_into_fallback() {
        let r = guarded(7, || -> i32 { panic!("boom") });
        assert_eq!(r, 7);
    }
}
