#![no_main]
//! See `inolab_fuzz::record`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| inolab_fuzz::record(data));
