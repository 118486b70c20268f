//! The C ABI exercised the way a C caller would use it (raw pointers, out-parameters, frees).

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use forgeline_native_core::ffi::{
    fl_build_info_json, fl_sse_encode, fl_string_free, fl_validate_jsonrpc,
};

/// Copies a returned string (as bytes: SSE data may hold NUL) and frees it.
fn take(p: *mut c_char, len: usize) -> Vec<u8> {
    assert!(!p.is_null());
    let bytes = unsafe { std::slice::from_raw_parts(p as *const u8, len + 1) }.to_vec();
    unsafe { fl_string_free(p) };
    assert_eq!(bytes.last(), Some(&0), "missing NUL terminator");
    bytes[..len].to_vec()
}

fn take_c_str(p: *mut c_char) -> String {
    assert!(!p.is_null());
    let len = unsafe { CStr::from_ptr(p) }.to_bytes().len();
    String::from_utf8(take(p, len)).unwrap()
}

fn validate(payload: &[u8], max_bytes: usize, max_depth: u32) -> String {
    take_c_str(unsafe {
        fl_validate_jsonrpc(payload.as_ptr(), payload.len(), max_bytes, max_depth)
    })
}

/// Calls fl_sse_encode; Ok(event bytes) or Err(error message).
fn encode(
    id: Option<&str>,
    event: Option<&str>,
    data: Option<&[u8]>,
    retry: i64,
) -> Result<Vec<u8>, String> {
    let id = id.map(|s| CString::new(s).unwrap());
    let event = event.map(|s| CString::new(s).unwrap());
    let (data_ptr, data_len) = data.map_or((ptr::null(), 0), |d| (d.as_ptr(), d.len()));
    let mut len = usize::MAX;
    let mut error: *mut c_char = 1 as *mut c_char; // must be overwritten
    let out = unsafe {
        fl_sse_encode(
            id.as_ref().map_or(ptr::null(), |s| s.as_ptr()),
            event.as_ref().map_or(ptr::null(), |s| s.as_ptr()),
            data_ptr,
            data_len,
            retry,
            &mut len,
            &mut error,
        )
    };
    if out.is_null() {
        Err(take_c_str(error))
    } else {
        assert!(error.is_null());
        Ok(take(out, len))
    }
}

#[test]
fn build_info_json_is_an_object_with_every_field() {
    let json = take_c_str(fl_build_info_json());
    for key in [
        "crateName",
        "crateVersion",
        "target",
        "rustc",
        "profile",
        "sourceCommit",
        "sourceDateEpoch",
    ] {
        assert!(
            json.contains(&format!("\"{key}\":")),
            "{key} missing from {json}"
        );
    }
    assert!(json.contains(r#""crateName":"forgeline-native-core""#));
}

#[test]
fn validate_classifies_a_batch() {
    let out = validate(
        br#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"rpc.x"}]"#,
        4096,
        16,
    );
    assert_eq!(
        out,
        r#"{"ok":true,"batch":true,"messages":[{"kind":"request","id":1,"method":"ping"},{"kind":"invalid","id":null,"code":-32600,"message":"method names beginning with \"rpc.\" are reserved"}]}"#
    );
}

#[test]
fn validate_rejections_carry_code_and_offset() {
    assert_eq!(
        validate(b"[]", 4096, 16),
        r#"{"ok":false,"code":-32600,"message":"empty batch: a batch must contain at least one message","offset":0}"#
    );
    assert_eq!(
        validate(b"{\"a\":01}", 4096, 16),
        r#"{"ok":false,"code":-32700,"message":"leading zeros are not allowed in numbers at byte 5","offset":5}"#
    );
    assert_eq!(
        validate(b"[[[]]]", 4096, 2),
        r#"{"ok":false,"code":-32600,"message":"nesting deeper than 2","offset":2}"#
    );
    assert_eq!(
        validate(b"[1,2,3]", 3, 2),
        r#"{"ok":false,"code":-32600,"message":"payload of 7 bytes exceeds the limit of 3 bytes","offset":3}"#
    );
}

#[test]
fn validate_accepts_null_empty_payload_and_refuses_null_with_length() {
    let out = take_c_str(unsafe { fl_validate_jsonrpc(ptr::null(), 0, 10, 10) });
    assert_eq!(
        out,
        r#"{"ok":false,"code":-32700,"message":"unexpected end of input, expected a value at byte 0","offset":0}"#
    );
    assert!(unsafe { fl_validate_jsonrpc(ptr::null(), 5, 10, 10) }.is_null());
}

#[test]
fn sse_encode_writes_event_with_inner_nul() {
    assert_eq!(
        encode(Some("1"), Some("message"), Some(b"a\0b\r\nc"), 10).unwrap(),
        b"id: 1\nevent: message\nretry: 10\ndata: a\0b\ndata: c\n\n"
    );
    assert_eq!(encode(None, None, None, -1).unwrap(), b"\n");
}

#[test]
fn sse_encode_reports_errors() {
    assert_eq!(
        encode(Some("a\nb"), None, None, -1),
        Err("SSE event id must not contain CR or LF".to_owned())
    );
    assert_eq!(
        encode(None, Some("\r"), None, -1),
        Err("SSE event type must not contain CR or LF".to_owned())
    );
    let err = encode(None, None, Some(b"\xff"), -1).unwrap_err();
    assert!(err.starts_with("data is not valid UTF-8"), "{err}");
    let mut error: *mut c_char = ptr::null_mut();
    let out = unsafe {
        fl_sse_encode(
            ptr::null(),
            ptr::null(),
            ptr::null(),
            3,
            -1,
            ptr::null_mut(),
            &mut error,
        )
    };
    assert!(out.is_null());
    assert_eq!(take_c_str(error), "data is NULL but data_len is not 0");
    // NULL out-parameters are allowed.
    let out = unsafe {
        fl_sse_encode(
            ptr::null(),
            ptr::null(),
            b"x".as_ptr(),
            1,
            -1,
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    assert_eq!(take_c_str(out), "data: x\n\n");
}

#[test]
fn string_free_ignores_null() {
    unsafe { fl_string_free(ptr::null_mut()) };
}
