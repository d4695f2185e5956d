#![no_main]
//! See `inolab_fuzz::serve_path`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| inolab_fuzz::serve_path(data));
