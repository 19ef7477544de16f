//! okta-block: Okta user and group management as a WebAssembly component.
//!
//! The exports are generated from `wit/okta.wit`; each one checks its input, makes the Okta
//! requests through `wasi:http` and maps the answer to the WIT records.

// `OktaError` is the WIT error type, returned once per call: its size is not worth boxing.
#![allow(clippy::result_large_err)]
// Bad input is a typed error, never a trap: the block's own code has no unwrap, expect or
// panic (the workspace lints in Cargo.toml apply too; tests may unwrap).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[macro_use]
mod operations;

mod apps;
mod call;
mod client;
mod connection;
pub mod encode;
mod errors;
mod factors;
#[doc(hidden)]
pub mod fuzzing;
mod group_rules;
mod groups;
mod http_date;
mod input;
mod limits;
mod link;
mod model;
mod paging;
#[cfg(test)]
mod properties;
mod redact;
mod roles;
mod sessions;
mod system_log;
mod transport;
mod users;

#[cfg(not(feature = "http-face"))]
mod bindings {
    wit_bindgen::generate!({
        path: "wit",
        world: "block",
        // Every record gets a placeholder value that owns no memory; see `component`.
        additional_derives: [Default],
        additional_derives_ignore: ["okta-error"],
    });
}

/// The HTTP face reads and writes the same records as JSON, so it derives serde for them.
#[cfg(feature = "http-face")]
mod bindings {
    wit_bindgen::generate!({
        path: "wit",
        world: "records",
        additional_derives: [serde::Serialize, serde::Deserialize],
    });
}

#[cfg(feature = "http-face")]
mod http_face;
#[cfg(feature = "http-face")]
mod json_face;

/// The generated types, under a shorter name.
#[cfg(not(feature = "http-face"))]
use bindings::exports::okta_block::okta;
#[cfg(feature = "http-face")]
use bindings::okta_block::okta;

/// The block's exports: each operation of the WIT world `block`. The HTTP face exports
/// `wasi:http/incoming-handler` instead (see `http_face`).
#[cfg(not(feature = "http-face"))]
mod component {
    use crate::okta::apps::*;
    use crate::okta::factors::*;
    use crate::okta::group_rules::*;
    use crate::okta::groups::*;
    use crate::okta::roles::*;
    use crate::okta::sessions::*;
    use crate::okta::system_log::*;
    use crate::okta::types::{Group, OktaError};
    use crate::okta::users::*;
    use crate::{apps, factors, group_rules, groups, okta, roles, sessions, system_log, users};
    use std::cell::Cell;

    struct Block;

    // Lowering `okta-error` once
    // --------------------------
    //
    // wit-bindgen writes the canonical-ABI lowering of a function's whole result into that
    // function's export glue. `okta-error` (nine cases, six of them with three optional strings
    // and a list) thus came once per operation, some 3.5 KB each: a sixth of the component. Instead,
    // each operation hands wit-bindgen only a success value, so the compiler drops the error
    // half of the glue; a failure is parked in `PENDING` behind a placeholder success value, and
    // the export wrapper (`exports!`) then lowers the parked error through the glue of one
    // operation, `delete-group`, driven by `ErrorLowering`. The error half of a result has the
    // same layout in every result (payload at offset 8: `okta-error` is 8-aligned), so the
    // caller reads it, and `cabi_post` frees it, exactly as if the operation's glue had written it.

    thread_local! {
        static PENDING: Cell<Option<OktaError>> = const { Cell::new(None) };
    }

    /// The success value for wit-bindgen's glue. A failure is parked and replaced by a
    /// placeholder that owns no memory (empty strings and lists), so dropping it for the error
    /// leaks nothing.
    #[inline(always)]
    fn park<T: Default>(result: Result<T, OktaError>) -> Result<T, OktaError> {
        Ok(result.unwrap_or_else(|error| {
            park_error(error);
            T::default()
        }))
    }

    #[inline(never)]
    fn park_error(error: OktaError) {
        PENDING.set(Some(error));
    }

    /// Every operation's `Guest` method: run the operation's body, park a failure.
    macro_rules! guest_impls {
        (version $version:literal; $($module:ident $interface:literal { $($name:ident $wit:literal $shape:ident ($input:ty) -> $output:ty, $glue:ident, $post:ident;)* })*) => {$(
            impl okta::$module::Guest for Block {$(
                #[inline(always)]
                fn $name(input: $input) -> Result<$output, OktaError> {
                    // The body stays a function of its own, outside the glue: inlined, it
                    // made the component 8.8 KB larger (BENCHMARKS.md, "Size").
                    #[inline(never)]
                    fn body(input: $input) -> Result<$output, OktaError> {
                        $module::$name(input)
                    }
                    park(body(input))
                }
            )*}
        )*};
    }
    operation_table!(guest_impls);

    /// Drives the glue of `delete-group` to lower the parked error.
    #[cfg(target_arch = "wasm32")]
    struct ErrorLowering;

    /// `ErrorLowering` implements `groups::Guest` for the glue of `delete-group` alone; the
    /// other methods exist only to satisfy the trait and are never called.
    #[cfg(target_arch = "wasm32")]
    macro_rules! error_lowering {
        (version $version:literal; $($module:ident $interface:literal { $($name:ident $wit:literal $shape:ident ($input:ty) -> $output:ty, $glue:ident, $post:ident;)* })*) => {
            $(error_lowering!(@interface $module { $($name ($input) -> $output;)* });)*
        };
        // Only the interface of `delete-group` needs the impl; the others pass through.
        (@interface groups { $($name:ident ($input:ty) -> $output:ty;)* }) => {
            impl okta::groups::Guest for ErrorLowering {$(
                #[inline(always)]
                fn $name(_: $input) -> Result<$output, OktaError> {
                    // Only `delete_group` is ever called (by `answer`), with the parked error.
                    Err(PENDING
                        .take()
                        .unwrap_or_else(|| OktaError::Transport(String::new())))
                }
            )*}
        };
        (@interface $other:ident { $($rows:tt)* }) => {};
    }
    #[cfg(target_arch = "wasm32")]
    operation_table!(error_lowering);

    /// The answer of an export whose glue has run: the operation's own, or the parked error.
    #[cfg(target_arch = "wasm32")]
    fn answer(ret: *mut u8) -> *mut u8 {
        let Some(error) = PENDING.take() else {
            return ret;
        };
        PENDING.set(Some(error));
        // Its input: empty strings (dangling, zero-length buffers, lifted and dropped without a
        // free) and no options.
        let e = std::ptr::NonNull::<u8>::dangling().as_ptr();
        unsafe {
            okta::groups::_export_delete_group_cabi::<ErrorLowering>(
                e, 0, e, 0, 0, 0, 0, 0, 0, e, 0, e, 0,
            )
        }
    }

    /// Frees what an answer holds: an error through `delete-group`'s glue, a success value through
    /// its own operation's (told that the value is a success, so its error half compiles away).
    #[cfg(target_arch = "wasm32")]
    macro_rules! post_return {
        ($module:ident :: $post:ident, $ret:ident) => {
            unsafe {
                if *$ret == 0 {
                    okta::$module::$post::<Block>($ret)
                } else {
                    okta::groups::__post_return_delete_group::<ErrorLowering>($ret)
                }
            }
        };
    }

    /// The exports, in the four shapes of flattened parameters the operations' inputs take:
    /// `by_pointer` (an input too large to flatten), `user_ref` (the connection and one id),
    /// `with_flag` (and an `option<bool>`) and `with_id` (and a second id). Each row of the
    /// table becomes an export and its post-return, in a scope of their own.
    #[cfg(target_arch = "wasm32")]
    macro_rules! exports {
        ($($shape:ident $module:ident ($symbol:expr) $glue:ident $post_glue:ident;)*) => {$(
            const _: () = {
                exports!(@fn $shape $module ($symbol) $glue);
                #[unsafe(export_name = concat!("cabi_post_okta-block:okta/", $symbol))]
                unsafe extern "C" fn post(ret: *mut u8) {
                    post_return!($module::$post_glue, ret)
                }
            };
        )*};
        (@fn by_pointer $module:ident ($symbol:expr) $glue:ident) => {
            #[unsafe(export_name = concat!("okta-block:okta/", $symbol))]
            unsafe extern "C" fn export(a0: *mut u8) -> *mut u8 {
                answer(unsafe { okta::$module::$glue::<Block>(a0) })
            }
        };
        (@fn user_ref $module:ident ($symbol:expr) $glue:ident) => {
            #[unsafe(export_name = concat!("okta-block:okta/", $symbol))]
            unsafe extern "C" fn export(
                a0: *mut u8, a1: usize, a2: *mut u8, a3: usize, a4: i32, a5: i32, a6: i32, a7: i32,
                a8: i32, a9: *mut u8, a10: usize, a11: *mut u8, a12: usize,
            ) -> *mut u8 {
                answer(unsafe {
                    okta::$module::$glue::<Block>(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12)
                })
            }
        };
        (@fn with_flag $module:ident ($symbol:expr) $glue:ident) => {
            #[unsafe(export_name = concat!("okta-block:okta/", $symbol))]
            unsafe extern "C" fn export(
                a0: *mut u8, a1: usize, a2: *mut u8, a3: usize, a4: i32, a5: i32, a6: i32, a7: i32,
                a8: i32, a9: *mut u8, a10: usize, a11: *mut u8, a12: usize, a13: i32, a14: i32,
            ) -> *mut u8 {
                answer(unsafe {
                    okta::$module::$glue::<Block>(
                        a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14,
                    )
                })
            }
        };
        (@fn with_id $module:ident ($symbol:expr) $glue:ident) => {
            #[unsafe(export_name = concat!("okta-block:okta/", $symbol))]
            unsafe extern "C" fn export(
                a0: *mut u8, a1: usize, a2: *mut u8, a3: usize, a4: i32, a5: i32, a6: i32, a7: i32,
                a8: i32, a9: *mut u8, a10: usize, a11: *mut u8, a12: usize, a13: *mut u8, a14: usize,
            ) -> *mut u8 {
                answer(unsafe {
                    okta::$module::$glue::<Block>(
                        a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14,
                    )
                })
            }
        };
    }

    // wit-bindgen's `export!` would bring back the error half of every glue; these are the same
    // exports, generated from the operation table. Only the component exports the symbols;
    // native builds (unit tests) have none. A wrong shape or glue name fails the build.
    #[cfg(target_arch = "wasm32")]
    macro_rules! table_exports {
        (version $version:literal; $($module:ident $interface:literal { $($name:ident $wit:literal $shape:ident ($input:ty) -> $output:ty, $glue:ident, $post:ident;)* })*) => {
            exports! {$($(
                $shape $module (concat!($interface, "@", $version, "#", $wit)) $glue $post;
            )*)*}
        };
    }
    #[cfg(target_arch = "wasm32")]
    operation_table!(table_exports);
}
