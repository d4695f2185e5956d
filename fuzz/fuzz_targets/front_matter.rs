#![no_main]
//! See `inolab_fuzz::front_matter`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| inolab_fuzz::front_matter(data));
