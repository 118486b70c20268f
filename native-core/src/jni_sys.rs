//! The part of the JNI function table this library calls, declared by hand from `jni.h` (JDK 17;
//! the table only ever grows at the end, so these slots are stable since JNI 1.6), and a small
//! [`Env`] wrapper that keeps the unsafe calls and Java-string conversions in one place.
//!
//! Strings cross as UTF-16 (`GetStringRegion`/`NewString`), not modified UTF-8, so characters
//! outside the BMP and NUL round-trip unchanged.
#![allow(non_camel_case_types, non_snake_case)]

use std::ffi::{c_char, c_void, CString};

pub type jint = i32;
pub type jsize = jint;
pub type jlong = i64;
pub type jbyte = i8;
pub type jchar = u16;
pub type jboolean = u8;

/// Opaque JVM object; only ever handled by pointer.
#[repr(C)]
pub struct _jobject {
    _private: [u8; 0],
}
pub type jobject = *mut _jobject;
pub type jclass = jobject;
pub type jstring = jobject;
pub type jarray = jobject;
pub type jbyteArray = jarray;

/// `JNIEnv` in C: a pointer to the function table.
pub type JNIEnv = *const JNINativeInterface;

type Slot = *const c_void;

/// A prefix of `struct JNINativeInterface_`; field comments give the slot index in `jni.h`.
/// The `_gap` arrays stand for the functions in between, which we never call.
#[repr(C)]
pub struct JNINativeInterface {
    pub _gap0: [Slot; 6],
    /// 6
    pub FindClass: unsafe extern "system" fn(env: *mut JNIEnv, name: *const c_char) -> jclass,
    pub _gap7: [Slot; 7],
    /// 14
    pub ThrowNew:
        unsafe extern "system" fn(env: *mut JNIEnv, class: jclass, msg: *const c_char) -> jint,
    pub _gap15: [Slot; 8],
    /// 23
    pub DeleteLocalRef: unsafe extern "system" fn(env: *mut JNIEnv, obj: jobject),
    pub _gap24: [Slot; 139],
    /// 163
    pub NewString:
        unsafe extern "system" fn(env: *mut JNIEnv, chars: *const jchar, len: jsize) -> jstring,
    /// 164
    pub GetStringLength: unsafe extern "system" fn(env: *mut JNIEnv, s: jstring) -> jsize,
    pub _gap165: [Slot; 6],
    /// 171
    pub GetArrayLength: unsafe extern "system" fn(env: *mut JNIEnv, array: jarray) -> jsize,
    pub _gap172: [Slot; 4],
    /// 176
    pub NewByteArray: unsafe extern "system" fn(env: *mut JNIEnv, len: jsize) -> jbyteArray,
    pub _gap177: [Slot; 23],
    /// 200
    pub GetByteArrayRegion: unsafe extern "system" fn(
        env: *mut JNIEnv,
        array: jbyteArray,
        start: jsize,
        len: jsize,
        buf: *mut jbyte,
    ),
    pub _gap201: [Slot; 7],
    /// 208
    pub SetByteArrayRegion: unsafe extern "system" fn(
        env: *mut JNIEnv,
        array: jbyteArray,
        start: jsize,
        len: jsize,
        buf: *const jbyte,
    ),
    pub _gap209: [Slot; 11],
    /// 220
    pub GetStringRegion: unsafe extern "system" fn(
        env: *mut JNIEnv,
        s: jstring,
        start: jsize,
        len: jsize,
        buf: *mut jchar,
    ),
    pub _gap221: [Slot; 7],
    /// 228
    pub ExceptionCheck: unsafe extern "system" fn(env: *mut JNIEnv) -> jboolean,
}

pub const ILLEGAL_ARGUMENT: &str = "java/lang/IllegalArgumentException";
pub const ILLEGAL_STATE: &str = "java/lang/IllegalStateException";
pub const RUNTIME: &str = "java/lang/RuntimeException";

/// Why a native method returns without a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Thrown {
    /// A Java exception is already pending (e.g. OutOfMemoryError from an allocation).
    Pending,
    /// Throw `class` (a JNI class name) with `message`.
    New {
        class: &'static str,
        message: String,
    },
}

impl Thrown {
    pub fn illegal_argument(message: impl Into<String>) -> Thrown {
        Thrown::New {
            class: ILLEGAL_ARGUMENT,
            message: message.into(),
        }
    }
}

/// The calling thread's JNI environment, valid for one native call.
pub struct Env {
    raw: *mut JNIEnv,
}

impl Env {
    /// # Safety
    /// `raw` must be the `JNIEnv*` the JVM passed to the current native call.
    pub unsafe fn from_raw(raw: *mut JNIEnv) -> Env {
        Env { raw }
    }

    fn table(&self) -> &JNINativeInterface {
        // SAFETY: a live JNIEnv points at the JVM's function table for the whole call.
        unsafe { &**self.raw }
    }

    pub fn exception_pending(&self) -> bool {
        // SAFETY: ExceptionCheck may be called at any time, even with an exception pending.
        unsafe { (self.table().ExceptionCheck)(self.raw) != 0 }
    }

    fn check(&self) -> Result<(), Thrown> {
        if self.exception_pending() {
            Err(Thrown::Pending)
        } else {
            Ok(())
        }
    }

    /// Throws unless an exception is already pending (JNI forbids most calls while one is).
    /// Never panics: it also runs after a caught panic.
    pub fn throw(&self, thrown: &Thrown) {
        let Thrown::New { class, message } = thrown else {
            return;
        };
        if self.exception_pending() {
            return;
        }
        let (Ok(class_name), Ok(text)) = (
            CString::new(*class),
            CString::new(modified_utf8_safe(message)),
        ) else {
            return;
        };
        // SAFETY: valid env and NUL-terminated strings. If FindClass fails it has already left
        // NoClassDefFoundError pending, which is the best we can report.
        unsafe {
            let cls = (self.table().FindClass)(self.raw, class_name.as_ptr());
            if cls.is_null() {
                return;
            }
            (self.table().ThrowNew)(self.raw, cls, text.as_ptr());
            (self.table().DeleteLocalRef)(self.raw, cls);
        }
    }

    /// A Java string as Rust text; `None` for a null reference.
    ///
    /// # Safety
    /// `s` must be null or a live reference to a `java.lang.String`.
    pub unsafe fn string(&self, s: jstring, what: &str) -> Result<Option<String>, Thrown> {
        if s.is_null() {
            return Ok(None);
        }
        // SAFETY: `s` is a live String reference (caller's contract); the buffer holds `len` units.
        let units = unsafe {
            let len = (self.table().GetStringLength)(self.raw, s);
            let mut units = vec![0u16; len.max(0) as usize];
            (self.table().GetStringRegion)(self.raw, s, 0, len.max(0), units.as_mut_ptr());
            units
        };
        self.check()?;
        String::from_utf16(&units).map(Some).map_err(|_| {
            Thrown::illegal_argument(format!("{what} contains an unpaired UTF-16 surrogate"))
        })
    }

    /// A new Java string holding `text`.
    pub fn new_string(&self, text: &str) -> Result<jstring, Thrown> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let len = jsize::try_from(units.len()).map_err(|_| Thrown::New {
            class: RUNTIME,
            message: "result too large for a Java string".into(),
        })?;
        // SAFETY: `units` holds `len` UTF-16 code units.
        let s = unsafe { (self.table().NewString)(self.raw, units.as_ptr(), len) };
        if s.is_null() {
            return Err(Thrown::Pending); // OutOfMemoryError
        }
        Ok(s)
    }

    /// The length of a Java byte array, without copying it.
    ///
    /// # Safety
    /// `array` must be a live, non-null reference to a `byte[]`.
    pub unsafe fn byte_array_len(&self, array: jbyteArray) -> usize {
        // SAFETY: `array` is a live byte[] reference (caller's contract).
        unsafe { (self.table().GetArrayLength)(self.raw, array) }.max(0) as usize
    }

    /// A copy of a Java byte array's contents.
    ///
    /// # Safety
    /// `array` must be a live, non-null reference to a `byte[]`.
    pub unsafe fn bytes(&self, array: jbyteArray) -> Result<Vec<u8>, Thrown> {
        // SAFETY: forwarded from this function's contract.
        let len = unsafe { self.byte_array_len(array) };
        let mut buf = vec![0u8; len];
        // SAFETY: `buf` has room for `len` bytes; jbyte and u8 have the same layout.
        unsafe {
            (self.table().GetByteArrayRegion)(
                self.raw,
                array,
                0,
                len as jsize,
                buf.as_mut_ptr() as *mut jbyte,
            )
        };
        self.check()?;
        Ok(buf)
    }

    /// A new Java byte array holding `bytes`.
    pub fn new_byte_array(&self, bytes: &[u8]) -> Result<jbyteArray, Thrown> {
        let len = jsize::try_from(bytes.len()).map_err(|_| Thrown::New {
            class: RUNTIME,
            message: "result too large for a Java array".into(),
        })?;
        // SAFETY: valid env; `bytes` holds `len` bytes.
        unsafe {
            let array = (self.table().NewByteArray)(self.raw, len);
            if array.is_null() {
                return Err(Thrown::Pending); // OutOfMemoryError
            }
            (self.table().SetByteArrayRegion)(
                self.raw,
                array,
                0,
                len,
                bytes.as_ptr() as *const jbyte,
            );
            self.check()?;
            Ok(array)
        }
    }
}

/// ThrowNew reads modified UTF-8, which differs from UTF-8 only for NUL and non-BMP characters;
/// replace those so the message cannot be misread.
fn modified_utf8_safe(message: &str) -> String {
    message
        .chars()
        .map(|c| {
            if c == '\0' || c > '\u{FFFF}' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{size_of, MaybeUninit};
    use std::ptr::addr_of;

    #[test]
    fn table_slots_match_jni_h() {
        let table = MaybeUninit::<JNINativeInterface>::uninit();
        let base = table.as_ptr();
        // SAFETY: only field addresses are computed; nothing is read.
        let slot = |field: *const u8| (field as usize - base as usize) / size_of::<Slot>();
        unsafe {
            assert_eq!(slot(addr_of!((*base).FindClass) as *const u8), 6);
            assert_eq!(slot(addr_of!((*base).ThrowNew) as *const u8), 14);
            assert_eq!(slot(addr_of!((*base).DeleteLocalRef) as *const u8), 23);
            assert_eq!(slot(addr_of!((*base).NewString) as *const u8), 163);
            assert_eq!(slot(addr_of!((*base).GetStringLength) as *const u8), 164);
            assert_eq!(slot(addr_of!((*base).GetArrayLength) as *const u8), 171);
            assert_eq!(slot(addr_of!((*base).NewByteArray) as *const u8), 176);
            assert_eq!(slot(addr_of!((*base).GetByteArrayRegion) as *const u8), 200);
            assert_eq!(slot(addr_of!((*base).SetByteArrayRegion) as *const u8), 208);
            assert_eq!(slot(addr_of!((*base).GetStringRegion) as *const u8), 220);
            assert_eq!(slot(addr_of!((*base).ExceptionCheck) as *const u8), 228);
        }
        assert_eq!(size_of::<JNINativeInterface>(), 229 * size_of::<Slot>());
    }

    #[test]
    fn modified_utf8_safe_replaces_nul_and_supplementary() {
        assert_eq!(modified_utf8_safe("a\0é😀"), "a\u{FFFD}é\u{FFFD}");
    }
}
