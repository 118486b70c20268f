//! Test-only stand-in for a JVM: a function table implementing the JNI calls this library makes,
//! over a per-thread heap of fake objects. It lets `cargo test` drive the exported `Java_*`
//! functions, exceptions included, without starting a JVM.

use std::cell::RefCell;
use std::ffi::{c_char, CStr};
use std::ptr;

use crate::jni_sys::{
    jboolean, jbyte, jbyteArray, jchar, jclass, jint, jobject, jsize, jstring, JNIEnv,
    JNINativeInterface,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Obj {
    Str(Vec<u16>),
    Bytes(Vec<u8>),
    Class(String),
}

#[derive(Default)]
struct Heap {
    objects: Vec<Obj>,
    /// (class, message) of the pending exception.
    pending: Option<(String, String)>,
    /// Make the next allocation fail with OutOfMemoryError, as a full heap would.
    fail_next_allocation: bool,
    byte_array_copies: usize,
}

thread_local! {
    static HEAP: RefCell<Heap> = RefCell::new(Heap::default());
}

/// A JNIEnv for the current thread; objects are handles into the thread's fake heap.
pub struct FakeJvm {
    _table: Box<JNINativeInterface>,
    env: Box<JNIEnv>,
}

impl FakeJvm {
    pub fn new() -> FakeJvm {
        HEAP.with(|h| *h.borrow_mut() = Heap::default());
        let table = Box::new(JNINativeInterface {
            _gap0: [ptr::null(); 6],
            FindClass: find_class,
            _gap7: [ptr::null(); 7],
            ThrowNew: throw_new,
            _gap15: [ptr::null(); 8],
            DeleteLocalRef: delete_local_ref,
            _gap24: [ptr::null(); 139],
            NewString: new_string,
            GetStringLength: get_string_length,
            _gap165: [ptr::null(); 6],
            GetArrayLength: get_array_length,
            _gap172: [ptr::null(); 4],
            NewByteArray: new_byte_array,
            _gap177: [ptr::null(); 23],
            GetByteArrayRegion: get_byte_array_region,
            _gap201: [ptr::null(); 7],
            SetByteArrayRegion: set_byte_array_region,
            _gap209: [ptr::null(); 11],
            GetStringRegion: get_string_region,
            _gap221: [ptr::null(); 7],
            ExceptionCheck: exception_check,
        });
        let env = Box::new(&*table as *const JNINativeInterface);
        FakeJvm { _table: table, env }
    }

    pub fn env(&mut self) -> *mut JNIEnv {
        &mut *self.env
    }

    pub fn string(&self, s: &str) -> jstring {
        alloc(Obj::Str(s.encode_utf16().collect()))
    }

    pub fn utf16(&self, units: &[u16]) -> jstring {
        alloc(Obj::Str(units.to_vec()))
    }

    pub fn bytes(&self, b: &[u8]) -> jbyteArray {
        alloc(Obj::Bytes(b.to_vec()))
    }

    /// The Rust value of a returned string; panics on null.
    pub fn read_string(&self, s: jstring) -> String {
        match get(s) {
            Obj::Str(units) => String::from_utf16(&units).expect("valid UTF-16"),
            other => panic!("not a string: {other:?}"),
        }
    }

    pub fn read_bytes(&self, a: jbyteArray) -> Vec<u8> {
        match get(a) {
            Obj::Bytes(b) => b,
            other => panic!("not a byte[]: {other:?}"),
        }
    }

    /// Takes the pending exception as (class, message).
    pub fn take_exception(&self) -> Option<(String, String)> {
        HEAP.with(|h| h.borrow_mut().pending.take())
    }

    pub fn fail_next_allocation(&self) {
        HEAP.with(|h| h.borrow_mut().fail_next_allocation = true);
    }

    pub fn byte_array_copies(&self) -> usize {
        HEAP.with(|h| h.borrow().byte_array_copies)
    }
}

fn alloc(obj: Obj) -> jobject {
    HEAP.with(|h| {
        let mut h = h.borrow_mut();
        h.objects.push(obj);
        h.objects.len() as jobject // handle = index + 1, never null
    })
}

fn get(handle: jobject) -> Obj {
    assert!(!handle.is_null(), "null reference passed to JNI");
    HEAP.with(|h| h.borrow().objects[handle as usize - 1].clone())
}

fn with_obj<R>(handle: jobject, f: impl FnOnce(&mut Obj) -> R) -> R {
    HEAP.with(|h| f(&mut h.borrow_mut().objects[handle as usize - 1]))
}

/// JNI forbids most calls with an exception pending; a real JVM may crash, so fail the test.
fn assert_no_pending(call: &str) {
    HEAP.with(|h| {
        if let Some(p) = &h.borrow().pending {
            eprintln!("JNI {call} called with exception pending: {p:?}");
            std::process::abort();
        }
    })
}

fn allocation_fails() -> bool {
    HEAP.with(|h| {
        let mut h = h.borrow_mut();
        if h.fail_next_allocation {
            h.fail_next_allocation = false;
            h.pending = Some((
                "java/lang/OutOfMemoryError".into(),
                "Java heap space".into(),
            ));
            true
        } else {
            false
        }
    })
}

unsafe extern "system" fn find_class(_: *mut JNIEnv, name: *const c_char) -> jclass {
    assert_no_pending("FindClass");
    alloc(Obj::Class(
        CStr::from_ptr(name).to_str().unwrap_or("?").to_owned(),
    ))
}

unsafe extern "system" fn throw_new(_: *mut JNIEnv, class: jclass, msg: *const c_char) -> jint {
    assert_no_pending("ThrowNew");
    let Obj::Class(name) = get(class) else {
        std::process::abort()
    };
    let message = CStr::from_ptr(msg).to_string_lossy().into_owned();
    HEAP.with(|h| h.borrow_mut().pending = Some((name, message)));
    0
}

unsafe extern "system" fn delete_local_ref(_: *mut JNIEnv, _obj: jobject) {}

unsafe extern "system" fn new_string(_: *mut JNIEnv, chars: *const jchar, len: jsize) -> jstring {
    assert_no_pending("NewString");
    if allocation_fails() {
        return ptr::null_mut();
    }
    alloc(Obj::Str(
        std::slice::from_raw_parts(chars, len as usize).to_vec(),
    ))
}

unsafe extern "system" fn get_string_length(_: *mut JNIEnv, s: jstring) -> jsize {
    assert_no_pending("GetStringLength");
    match get(s) {
        Obj::Str(u) => u.len() as jsize,
        _ => std::process::abort(),
    }
}

unsafe extern "system" fn get_string_region(
    _: *mut JNIEnv,
    s: jstring,
    start: jsize,
    len: jsize,
    buf: *mut jchar,
) {
    assert_no_pending("GetStringRegion");
    let Obj::Str(units) = get(s) else {
        std::process::abort()
    };
    ptr::copy_nonoverlapping(units[start as usize..].as_ptr(), buf, len as usize);
}

unsafe extern "system" fn get_array_length(_: *mut JNIEnv, a: jobject) -> jsize {
    assert_no_pending("GetArrayLength");
    with_obj(a, |o| match o {
        Obj::Bytes(b) => b.len() as jsize,
        _ => std::process::abort(),
    })
}

unsafe extern "system" fn new_byte_array(_: *mut JNIEnv, len: jsize) -> jbyteArray {
    assert_no_pending("NewByteArray");
    if allocation_fails() {
        return ptr::null_mut();
    }
    alloc(Obj::Bytes(vec![0; len as usize]))
}

unsafe extern "system" fn get_byte_array_region(
    _: *mut JNIEnv,
    a: jbyteArray,
    start: jsize,
    len: jsize,
    buf: *mut jbyte,
) {
    assert_no_pending("GetByteArrayRegion");
    HEAP.with(|h| h.borrow_mut().byte_array_copies += 1);
    with_obj(a, |o| match o {
        Obj::Bytes(b) => ptr::copy_nonoverlapping(
            b[start as usize..].as_ptr() as *const jbyte,
            buf,
            len as usize,
        ),
        _ => std::process::abort(),
    });
}

unsafe extern "system" fn set_byte_array_region(
    _: *mut JNIEnv,
    a: jbyteArray,
    start: jsize,
    len: jsize,
    buf: *const jbyte,
) {
    assert_no_pending("SetByteArrayRegion");
    let src = std::slice::from_raw_parts(buf as *const u8, len as usize);
    with_obj(a, |o| match o {
        Obj::Bytes(b) => b[start as usize..start as usize + len as usize].copy_from_slice(src),
        _ => std::process::abort(),
    });
}

unsafe extern "system" fn exception_check(_: *mut JNIEnv) -> jboolean {
    HEAP.with(|h| h.borrow().pending.is_some() as jboolean)
}
