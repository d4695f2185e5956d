#![no_main]
//! See `inolab_fuzz::search`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| inolab_fuzz::search(data));
