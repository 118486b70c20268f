//! Forgeline's transport core for MCP Streamable HTTP: Server-Sent Events framing and strict
//! JSON-RPC 2.0 validation, written against the standard library only.
//!
//! The gateway reaches it through JNI ([`jni`], contract in `NativeBindings.java`); other
//! programs through the C ABI ([`ffi`], `include/forgeline_native_core.h`). Both layers only adapt
//! types; the logic lives in [`sse`], [`jsonrpc`] and [`json`], which are plain Rust and tested as such.

pub mod build_info;
pub mod ffi;
pub mod jni;
#[cfg(test)]
mod jni_fake;
pub mod jni_sys;
pub mod json;
pub mod jsonrpc;
pub mod sse;
