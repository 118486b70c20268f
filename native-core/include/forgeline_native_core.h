/*
 * Forgeline native core: C ABI (written by hand; keep in step with native-core/src/ffi.rs).
 *
 * Link against libforgeline_native_core.so / .dylib / forgeline_native_core.dll.
 *
 * Conventions
 *  - Every string returned is NUL-terminated UTF-8 owned by the library: release it with
 *    fl_string_free() exactly once, never with free().
 *  - A NULL return means invalid arguments or an internal error; functions never abort the
 *    process on a bug in the library (panics are caught at the boundary).
 *  - All functions are thread-safe.
 */
#ifndef FORGELINE_NATIVE_CORE_H
#define FORGELINE_NATIVE_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Build information as a JSON object:
 * {"crateName":"forgeline-native-core","crateVersion":"0.1.0","target":"x86_64-unknown-linux-gnu",
 *  "rustc":"rustc 1.95.0 (...)","profile":"release","sourceCommit":"<hex>"|null,
 *  "sourceDateEpoch":<seconds>|null}
 */
char *fl_build_info_json(void);

/*
 * Validates a JSON-RPC 2.0 payload (single message or batch) and returns the verdict as JSON:
 *   {"ok":false,"code":-32700|-32600,"message":"...","offset":<byte>}
 *     for a payload that is not UTF-8 JSON (-32700; duplicate object keys count as invalid JSON),
 *     larger than max_bytes, nested deeper than max_depth, or an empty batch (-32600);
 *   {"ok":true,"batch":true|false,"messages":[...]} otherwise, one entry per message in order:
 *     {"kind":"request","id":<id as in the payload>,"method":"..."}
 *     {"kind":"notification","method":"..."}
 *     {"kind":"response","id":<id>}
 *     {"kind":"invalid","id":<id>|null,"code":-32600,"message":"..."}
 * payload may be NULL only when len is 0. A top-level array or object counts as depth 1.
 */
char *fl_validate_jsonrpc(const uint8_t *payload, size_t len, size_t max_bytes, uint32_t max_depth);

/*
 * Encodes one Server-Sent Event: "id:", "event:", "retry:", one "data:" line per line of data
 * (split at CRLF, LF and CR), then a blank line.
 *   id, event     NUL-terminated UTF-8, or NULL to leave the field out; must not contain CR or LF
 *                 (nor NUL, which a C string cannot hold anyway).
 *   data          data_len bytes of UTF-8 (may contain NUL), or NULL with data_len 0 to leave it out.
 *   retry_millis  negative to leave the field out.
 *   out_len       if not NULL, receives the length of the result without its terminating NUL
 *                 (use it: data containing NUL makes strlen() stop early).
 *   error         if not NULL, receives NULL on success or a message to fl_string_free() on failure.
 * Returns the event text, or NULL on failure (invalid field, invalid UTF-8).
 */
char *fl_sse_encode(const char *id, const char *event, const uint8_t *data, size_t data_len,
                    int64_t retry_millis, size_t *out_len, char **error);

/* Releases a string returned by this library. NULL is ignored. */
void fl_string_free(char *s);

#ifdef __cplusplus
}
#endif

#endif /* FORGELINE_NATIVE_CORE_H */
