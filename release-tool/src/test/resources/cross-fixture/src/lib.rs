//! A std-only JNI library for the cross-build and emulator smoke tests: `Smoke.add(a, b)` computes
//! the sum on another thread, through a HashMap and a formatted string, so threads, thread-locals
//! and the allocator of the target's std all run.
use std::collections::HashMap;
use std::os::raw::c_void;

#[no_mangle]
pub extern "system" fn Java_Smoke_add(_env: *mut c_void, _class: *mut c_void, a: i32, b: i32) -> i32 {
    let sum = std::thread::spawn(move || {
        let mut values = HashMap::new();
        values.insert("a", a);
        values.insert("b", b);
        values.values().sum::<i32>()
    })
    .join()
    .unwrap_or(-1);
    format!("{sum}").parse().unwrap_or(-1)
}
