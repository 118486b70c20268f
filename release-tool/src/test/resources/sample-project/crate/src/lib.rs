//! A tiny library for the release tool's tests.

/// Returns the answer, so a test can call the library through its C ABI.
#[no_mangle]
pub extern "C" fn sample_answer() -> i32 {
    42
}
