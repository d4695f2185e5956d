//! `[[FILL: …]]` markers: the text a new site's owner still has to write.

/// The `[[FILL: what]]` markers in `md`: (byte offset, width in
/// characters, what). `inolab init` writes them where a new lab's own text
/// belongs; `check` lists every one left as a warning, so the owner sees
/// what is still to write (docs/site-owners.md).
pub fn placeholders(md: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = md[from..].find("[[FILL:") {
        let start = from + i;
        let Some(end) = md[start..].find("]]").map(|e| start + e + 2) else {
            break;
        };
        let marker = &md[start..end];
        if marker.contains('\n') {
            from = start + 1;
            continue;
        }
        let what = marker["[[FILL:".len()..marker.len() - 2].trim().to_string();
        out.push((start, marker.chars().count(), what));
        from = end;
    }
    out
}
