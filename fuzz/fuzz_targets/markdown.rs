#![no_main]
//! See `inolab_fuzz::markdown`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| inolab_fuzz::markdown(data));
