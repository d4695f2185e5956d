//! Search: text analysis (tokenising, Latvian and English stemming, folding)
//! and the sharded static index. Owned by the search work (issue 5).
