//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough and
//! heading attributes; stable heading anchors; code highlighting with CSS
//! classes (no inline styles, so pages work under a strict CSP); raw HTML
//! sanitised unless the site trusts its editors; the first mention of each
//! glossary term linked to its page; images without alt text reported;
//! tables wrapped in a labelled, focusable scroll region.
//!
//! Also returns the plain text (for search and descriptions), the
//! heading outline (for in-page contents), and, given a [`Resolve`], the
//! body's internal links (record links and `.md` files rewritten to URLs)
//! and media files, for the link check and the output ([`links`]).

mod placeholders;
pub use placeholders::placeholders;
mod highlight;
#[cfg(test)]
use highlight::STYLED_SCOPES;
use highlight::highlight;
mod links;
pub use links::{BodyLink, Media, MediaCopy, Resolve, Unresolved, normalize, percent_decode};

use crate::diagnostics::{Diagnostic, Kind, Pos};
use crate::text::slugify;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};
use std::sync::{Arc, OnceLock};

/// Glossary surface forms (term and aliases, lower-cased) for one language.
pub struct TermMatcher {
    ac: Option<AhoCorasick>,
    /// Per pattern: (term slug, term page URL). The slug is shared with
    /// every body that mentions the term ([`Rendered::terms`]): at 50,000
    /// records a copy per mention was tens of megabytes.
    targets: Vec<(Arc<str>, String)>,
}

impl TermMatcher {
    /// `forms`: (surface form, term slug, URL). Longest match wins. A DFA:
    /// every text event of every body is searched, and a DFA searches in
    /// half the time of the default contiguous NFA (callgrind, 1,000
    /// records: 517 → 244 M instructions), but takes about 20 ms to build
    /// for the 10,000-record site's 2,150 forms: for a whole build.
    pub fn new(forms: Vec<(String, String, String)>) -> TermMatcher {
        Self::with_kind(forms, AhoCorasickKind::DFA)
    }

    /// [`Self::new`] built in a tenth of the time and searching at half the
    /// speed: for `serve`, where a renamed term rebuilds the matcher before
    /// a preview that renders one or two bodies.
    pub fn quick(forms: Vec<(String, String, String)>) -> TermMatcher {
        Self::with_kind(forms, AhoCorasickKind::ContiguousNFA)
    }

    fn with_kind(forms: Vec<(String, String, String)>, kind: AhoCorasickKind) -> TermMatcher {
        let forms: Vec<_> = forms
            .into_iter()
            .filter(|(f, _, _)| f.chars().count() >= 3)
            .map(|(f, s, u)| (f.to_lowercase(), s, u))
            .collect();
        let build = |kind: Option<AhoCorasickKind>| {
            AhoCorasick::builder()
                .kind(kind)
                .match_kind(MatchKind::LeftmostLongest)
                .build(forms.iter().map(|f| f.0.as_str()))
                .ok()
        };
        // A DFA too big for its state IDs falls back to what fits.
        let ac = build(Some(kind)).or_else(|| build(None));
        TermMatcher {
            ac,
            targets: forms
                .into_iter()
                .map(|(_, s, u)| (Arc::from(s), u))
                .collect(),
        }
    }

    pub fn empty() -> TermMatcher {
        TermMatcher {
            ac: None,
            targets: Vec::new(),
        }
    }
}

/// What rendering needs to know about the site.
pub struct Settings<'a> {
    pub lang: &'a str,
    /// Prepended to root-relative links (`/x/` → `/lab/x/`).
    pub base_path: &'a str,
    pub trusted_html: bool,
    pub terms: Option<&'a TermMatcher>,
    /// The term whose own page this is (not linked to itself).
    pub self_term: Option<&'a str>,
    /// File and first body line, for diagnostics.
    pub path: &'a str,
    pub body_line: usize,
    /// Whether to produce [`Rendered::html`]. Without it only the text,
    /// headings, glossary mentions and diagnostics come out (the same as
    /// with it), at a fraction of the cost: no highlighting, no HTML, no
    /// sanitising. A build reads every body this way first, for the search
    /// index and back-links, and renders the HTML of the bulk collections
    /// only when their pages are rendered, so that 50 000 bodies of HTML
    /// are never held at once.
    pub html: bool,
    /// The site's records and files, to resolve links and images; `None`
    /// leaves them as written (tests, tools).
    pub links: Option<&'a dyn Resolve>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    pub text: String,
    pub toc: Vec<Heading>,
    /// Glossary slugs mentioned (and linked) in this body.
    pub terms: BTreeSet<Arc<str>>,
    pub diags: Vec<Diagnostic>,
    /// Internal links, to check once every page exists.
    pub links: Vec<BodyLink>,
    /// Media files to copy into the output.
    pub media: Vec<MediaCopy>,
}

/// Renders one Markdown body.
pub fn render(md: &str, s: &Settings) -> Rendered {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    // Smart punctuation makes English “…” quotes; Latvian needs „…“, which
    // editors type themselves, so it stays off there.
    if s.lang == "en" {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(md.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |off: usize| line_starts.partition_point(|&l| l <= off) + s.body_line - 1;
    // Line and column (in characters) of a byte offset, in the file.
    let pos_of = |off: usize, width: usize| {
        let i = line_starts.partition_point(|&l| l <= off).max(1) - 1;
        let col = md.get(line_starts[i]..off).map_or(0, |t| t.chars().count()) + 1;
        Pos::new(i + s.body_line, col, width)
    };

    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut raw_html = false;
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut linked: HashSet<Arc<str>> = HashSet::new();
    // Nesting state.
    let mut in_link = 0usize;
    // Per open link: whether it was dropped (a script URL), so its end goes too.
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut heading: Option<(usize, HeadingLevel, Option<String>)> = None;
    let mut code: Option<(String, String)> = None;
    let mut image: Option<(usize, String)> = None;
    // The resolved image being read: its index in `events`, `<img>` src,
    // title and size (written by hand to carry width and height).
    let mut image_out: Option<(usize, String, String, Option<(u32, u32)>)> = None;
    // The title of the last heading seen (labels the tables under it), and
    // per table wrapper: its index in `events` and its base label.
    let mut last_heading: Option<String> = None;
    let mut tables: Vec<(usize, Option<String>)> = Vec::new();

    // Code spans and blocks: a `[[FILL: …]]` shown as an example is not one.
    let mut code_ranges: Vec<std::ops::Range<usize>> = Vec::new();

    for (ev, range) in Parser::new_ext(md, opts).into_offset_iter() {
        if matches!(ev, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)) {
            code_ranges.push(range.clone());
        }
        if let Some((_, buf)) = code.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, buf) = code.take().unwrap_or_default();
                    out.text.push_str(&buf);
                    out.text.push('\n');
                    if s.html {
                        events.push(Event::Html(highlight(&lang, &buf).into()));
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some((_, alt)) = image.as_mut() {
            match &ev {
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::End(TagEnd::Image) => {
                    let (start, alt) = image.take().unwrap_or_default();
                    if let Some((at, src, title, size)) = image_out.take() {
                        events.truncate(at);
                        let mut tag = format!(
                            "<img src=\"{}\" alt=\"{}\"",
                            html_escape(&src),
                            html_escape(&alt)
                        );
                        if !title.is_empty() {
                            tag.push_str(&format!(" title=\"{}\"", html_escape(&title)));
                        }
                        if let Some((w, h)) = size {
                            tag.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
                        }
                        tag.push_str(" loading=\"lazy\">");
                        events.push(Event::InlineHtml(tag.into()));
                        if alt.trim().is_empty() {
                            out.diags.push(no_alt(s, line_of(start)));
                        }
                        continue;
                    }
                    if alt.trim().is_empty() {
                        out.diags.push(no_alt(s, line_of(start)));
                    }
                }
                _ => {}
            }
            events.push(ev);
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Image {
                ref dest_url,
                ref title,
                ..
            }) => {
                // An image with a script URL sends the body through the
                // sanitiser (which drops the URL), as raw HTML does.
                let unsafe_url = script_scheme(dest_url).is_some();
                raw_html |= unsafe_url;
                image = Some((range.start, String::new()));
                if let Some(r) = s.links.filter(|_| !unsafe_url) {
                    let at = pos_of(links::dest_offset(md, &range), dest_url.chars().count());
                    if let Some((found, diag)) = links::image(dest_url, s, r, at) {
                        out.diags.extend(diag);
                        if let Ok(m) = found {
                            if let Some(from) = m.copy_from {
                                out.media.push(MediaCopy {
                                    url: m.url.clone(),
                                    from,
                                });
                            }
                            image_out = Some((events.len(), m.url, title.to_string(), m.size));
                        }
                    }
                }
                events.push(ev);
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((events.len(), level, id.map(|i| i.to_string())));
                events.push(Event::Text("".into())); // placeholder, replaced at the end tag
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, lvl, explicit)) = heading.take() {
                    let title: String = events[at + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let id = unique_id(explicit.unwrap_or_else(|| slugify(&title)), &mut used_ids);
                    out.toc.push(Heading {
                        level: level as u8,
                        id: id.clone(),
                        title: title.clone(),
                    });
                    out.text.push_str(&title);
                    out.text.push('\n');
                    last_heading = Some(title.clone());
                    events[at] = Event::Start(Tag::Heading {
                        level: lvl,
                        id: Some(CowStr::from(id)),
                        classes: vec![],
                        attrs: vec![],
                    });
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_link += 1;
                // Never a link that runs code, trusted HTML or not: the
                // text stays, the link goes, and the editor is told.
                let unsafe_scheme = script_scheme(&dest_url);
                dropped_links.push(unsafe_scheme.is_some());
                if let Some(scheme) = unsafe_scheme {
                    out.diags.push(
                        Diagnostic::warning(
                            Kind::UnsafeLink,
                            s.path,
                            format!("a link to a `{scheme}:` URL was removed (its text is kept)"),
                        )
                        .at(Pos::new(line_of(range.start), 1, 1))
                        .hint("link to an `https://` address or a page of the site instead"),
                    );
                    continue;
                }
                let dest = match s.links {
                    Some(r) => {
                        let at = pos_of(links::dest_offset(md, &range), dest_url.chars().count());
                        let resolved = links::link(&dest_url, s, r, at);
                        out.links.extend(resolved.check);
                        out.diags.extend(resolved.diag);
                        resolved.href
                    }
                    None => rebase(&dest_url, s.base_path),
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                if dropped_links.pop() != Some(true) {
                    events.push(ev);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                raw_html = true;
                events.push(ev);
            }
            Event::Text(t) => {
                if heading.is_none() {
                    out.text.push_str(&t);
                }
                if in_link == 0
                    && heading.is_none()
                    && let Some(m) = s.terms
                {
                    link_terms(&t, m, s, &mut linked, &mut out.terms, &mut events);
                    continue;
                }
                events.push(Event::Text(t));
            }
            Event::Code(t) => {
                if heading.is_none() {
                    out.text.push_str(&t);
                }
                events.push(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                out.text.push(' ');
                events.push(ev);
            }
            Event::Start(Tag::Table(_)) => {
                // Placeholder for the wrapper, labelled once all tables are known.
                tables.push((events.len(), last_heading.clone()));
                events.push(Event::Html("".into()));
                events.push(ev);
            }
            Event::End(TagEnd::Table) => {
                events.push(ev);
                events.push(Event::Html("</div>\n".into()));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                out.text.push('\n');
                events.push(ev);
            }
            other => events.push(other),
        }
    }
    for (start, len, what) in placeholders(md) {
        if code_ranges.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let line_start = md[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = md[line_start..start].chars().count() + 1;
        out.diags.push(
            Diagnostic::warning(
                Kind::Placeholder,
                s.path,
                format!("still a placeholder: {what}"),
            )
            .at(Pos::new(line_of(start), column, len))
            .hint("write the text and remove the [[FILL: …]] marker"),
        );
    }
    if !s.html {
        return out;
    }
    for ((at, _), label) in tables.iter().zip(table_labels(&tables, s.lang)) {
        events[*at] = Event::Html(
            format!(
                "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                html_escape(&label)
            )
            .into(),
        );
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html = align_classes(html);
    if raw_html && !s.trusted_html {
        html = sanitizer().clean(&html).to_string();
    }
    out.html = html;
    out
}

/// The error for an image without alternative text.
fn no_alt(s: &Settings, line: usize) -> Diagnostic {
    Diagnostic::error(Kind::ImageWithoutAlt, s.path, "image without alt text")
        .at(Pos::new(line, 1, 1))
        .hint("describe the image in the brackets: ![what it shows](file.png); a purely decorative image does not belong in content")
}

/// Column alignment of Markdown tables as a class, not an inline style:
/// pulldown-cmark writes `style="text-align: right"` on each aligned cell,
/// which a Content-Security-Policy without `'unsafe-inline'` for styles (the
/// site's own `static/_headers`) refuses to apply. The theme styles
/// `.align-left`, `.align-center` and `.align-right`.
fn align_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    let mut out = html;
    for tag in ["th", "td"] {
        for align in ["left", "center", "right"] {
            out = out.replace(
                &format!("<{tag} style=\"text-align: {align}\">"),
                &format!("<{tag} class=\"align-{align}\">"),
            );
        }
    }
    out
}

/// The word "table" in the page language (Markdown tables have no caption,
/// so a table is named by the heading it sits under, or by this word).
fn table_word(lang: &str) -> &'static str {
    match lang {
        "lv" => "Tabula",
        _ => "Table",
    }
}

/// Accessible names of the table scroll regions, unique within the body:
/// "Tabula: <heading>", or "Tabula" alone before any heading; tables that
/// would share a name are numbered ("Tabula 2: <heading>").
fn table_labels(tables: &[(usize, Option<String>)], lang: &str) -> Vec<String> {
    let word = table_word(lang);
    let total = |h: &Option<String>| tables.iter().filter(|(_, x)| x == h).count();
    let mut seen: Vec<&Option<String>> = Vec::new();
    tables
        .iter()
        .map(|(_, h)| {
            seen.push(h);
            let n = seen.iter().filter(|x| **x == h).count();
            let word = if total(h) > 1 {
                format!("{word} {n}")
            } else {
                word.to_string()
            };
            match h {
                Some(h) if !h.trim().is_empty() => format!("{word}: {}", h.trim()),
                _ => word,
            }
        })
        .collect()
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// Root-relative links get the site's base path; others are left alone.
/// The scheme of a URL that runs code or smuggles a document when
/// followed (`javascript:`, `vbscript:`, `data:`), as a browser would read
/// it: case-insensitive, with the ASCII whitespace and control characters
/// browsers strip from inside a scheme removed first.
pub fn script_scheme(url: &str) -> Option<&'static str> {
    let folded: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(12)
        .flat_map(char::to_lowercase)
        .collect();
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|s| folded.starts_with(s) && folded[s.len()..].starts_with(':'))
}

pub fn rebase(url: &str, base_path: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{}{}", base_path.trim_end_matches('/'), url)
    } else {
        url.to_string()
    }
}

/// Splits a text event around the first mention of each not-yet-linked term.
fn link_terms<'a>(
    text: &CowStr<'a>,
    m: &TermMatcher,
    s: &Settings,
    linked: &mut HashSet<Arc<str>>,
    mentioned: &mut BTreeSet<Arc<str>>,
    events: &mut Vec<Event<'a>>,
) {
    let Some(ac) = &m.ac else {
        events.push(Event::Text(text.clone()));
        return;
    };
    let Some(lower) = lower_same_offsets(text) else {
        events.push(Event::Text(text.clone()));
        return;
    };
    let mut last = 0;
    for mat in ac.find_iter(&lower) {
        let (slug, url) = &m.targets[mat.pattern().as_usize()];
        let before = lower[..mat.start()].chars().next_back();
        let after = lower[mat.end()..].chars().next();
        let boundary =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        if !boundary || Some(&**slug) == s.self_term {
            continue;
        }
        mentioned.insert(slug.clone());
        if !linked.insert(slug.clone()) {
            continue;
        }
        if mat.start() > last {
            events.push(Event::Text(text[last..mat.start()].to_string().into()));
        }
        events.push(Event::InlineHtml(
            format!("<a class=\"term\" href=\"{}\">", html_escape(url)).into(),
        ));
        events.push(Event::Text(text[mat.start()..mat.end()].to_string().into()));
        events.push(Event::InlineHtml("</a>".into()));
        last = mat.end();
    }
    if last < text.len() {
        events.push(Event::Text(text[last..].to_string().into()));
    }
}

/// `text` lower-cased, if every character keeps its byte length (offsets
/// in the result are then offsets in `text`); `None` otherwise, and the
/// text is not linked (rare scripts: `İ` grows by a byte, `ẞ` shrinks by
/// one, and between them a term's offsets would cut a character — a panic
/// found writing the markdown fuzz target). One pass instead of
/// `to_lowercase` and a second walk to check lengths (perf, 10,000
/// records: the two were 2 % of a build). Greek capital sigma, which
/// `str::to_lowercase` lowers by its context, takes that path.
fn lower_same_offsets(text: &str) -> Option<String> {
    if text.is_ascii() {
        return Some(text.to_ascii_lowercase());
    }
    let mut lower = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            lower.push(c.to_ascii_lowercase());
            continue;
        }
        if c == 'Σ' {
            let same = text
                .chars()
                .all(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>() == c.len_utf8());
            return same.then(|| text.to_lowercase());
        }
        let start = lower.len();
        lower.extend(c.to_lowercase());
        if lower.len() - start != c.len_utf8() {
            return None;
        }
    }
    Some(lower)
}

/// Escapes text for an HTML attribute or element.
pub fn html_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags(["mark", "figure", "figcaption", "section"]);
        b.add_generic_attributes(["id"]);
        b.add_tag_attributes("span", ["class"]);
        b.add_tag_attributes("code", ["class"]);
        b.add_tag_attributes("pre", ["class", "tabindex"]);
        b.add_tag_attributes("a", ["class"]);
        b.add_tag_attributes("div", ["class", "role", "tabindex", "aria-label"]);
        b.add_tag_attributes("sup", ["class"]);
        for cell in ["th", "td"] {
            b.add_allowed_classes(cell, ["align-left", "align-center", "align-right"]);
        }
        b.link_rel(None);
        // Editors' raw HTML may not make things focusable or change roles:
        // only the table wrapper's tabindex="0" and role="region" survive.
        b.attribute_filter(|el, attr, value| match (el, attr) {
            (_, "tabindex") if value != "0" => None,
            ("div", "role") if value != "region" => None,
            _ => Some(value.into()),
        });
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings<'a>(lang: &'a str, terms: Option<&'a TermMatcher>) -> Settings<'a> {
        Settings {
            lang,
            base_path: "/lab/",
            trusted_html: false,
            terms,
            self_term: None,
            path: "content/x.md",
            body_line: 5,
            html: true,
            links: None,
        }
    }

    #[test]
    fn code_is_highlighted_with_flat_theme_classes() {
        let r = render(
            "```rust\n// sum\nfn main() { let s = \"a<b\"; }\n```\n",
            &settings("lv", None),
        );
        let html = &r.html;
        assert!(
            html.contains(r#"<span class="hl-comment">// sum"#),
            "{html}"
        );
        assert!(html.contains(r#"<span class="hl-storage">fn"#), "{html}");
        assert!(
            html.contains("&quot;a&lt;b&quot;") || html.contains("\"a&lt;b\""),
            "{html}"
        );
        // One class per span, only the families the CSS styles, never nested.
        for class in html.split("class=\"hl-").skip(1) {
            let name = class.split('"').next().unwrap_or_default();
            assert!(
                STYLED_SCOPES.contains(&name),
                "unstyled class hl-{name} in {html}"
            );
        }
        let code = html.split("<code").nth(1).unwrap_or_default();
        let mut depth = 0i32;
        for piece in code.split('<').skip(1) {
            if piece.starts_with("span") {
                depth += 1;
                assert_eq!(depth, 1, "nested span in {html}");
            } else if piece.starts_with("/span") {
                depth -= 1;
            }
        }
        assert_eq!(depth, 0, "unbalanced spans in {html}");
    }

    /// The text-only reading a build does first must find exactly what the
    /// full rendering finds, or the search index and back-links would
    /// disagree with the pages.
    #[test]
    fn text_only_reading_finds_what_rendering_finds() {
        let m = TermMatcher::new(vec![(
            "prototips".into(),
            "prototips".into(),
            "/glosarijs/prototips/".into(),
        )]);
        let md = "## Mērķis\n\nViens prototips, *otrs* `kods`.\n\n\
                  | a | b |\n|---|---|\n| 1 | 2 |\n\n\
                  ```rust\nfn main() {}\n```\n\n![](x.png)\n\n## Mērķis\n";
        let full = render(md, &settings("lv", Some(&m)));
        let text_only = render(
            md,
            &Settings {
                html: false,
                ..settings("lv", Some(&m))
            },
        );
        assert!(full.html.contains("hl-storage"), "{}", full.html);
        assert_eq!(text_only.html, "");
        assert_eq!(text_only.text, full.text);
        assert_eq!(text_only.toc, full.toc);
        assert_eq!(text_only.terms, full.terms);
        assert!(text_only.terms.contains("prototips"));
        assert_eq!(text_only.diags, full.diags);
        assert_eq!(full.diags.len(), 1, "{:?}", full.diags);
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let r = render(
            "Hi <script>alert(1)</script><a href=\"javascript:x\" onclick=\"y\">z</a>",
            &settings("lv", None),
        );
        assert!(!r.html.contains("script"));
        assert!(!r.html.contains("onclick"));
        assert!(!r.html.contains("javascript:"));
    }

    /// Issue 17: `trusted_html` trusts raw HTML, not Markdown links that
    /// run code; those go (text kept, a warning on the line) either way.
    #[test]
    fn markdown_links_to_script_urls_are_removed_even_when_trusted() {
        let md = "Intro\n\n[a](javascript:alert(1)) [b](JaVa&#09;ScRiPt&#58;x) [c](vbscript:y) [d](data:text/html,z) [ok](https://vk.gov.lv/)\n";
        for trusted in [false, true] {
            let r = render(
                md,
                &Settings {
                    trusted_html: trusted,
                    ..settings("lv", None)
                },
            );
            let lower = r.html.to_lowercase();
            for bad in ["javascript", "vbscript", "data:"] {
                assert!(!lower.contains(bad), "trusted {trusted}: {}", r.html);
            }
            for text in ["a", "b", "c", "d"] {
                assert!(
                    r.html.contains(&format!(" {text}")) || r.html.contains(&format!(">{text}"))
                );
            }
            assert!(r.html.contains("href=\"https://vk.gov.lv/\""), "{}", r.html);
            assert_eq!(r.diags.len(), 4, "{:?}", r.diags);
            assert!(
                r.diags
                    .iter()
                    .all(|d| d.kind == Kind::UnsafeLink && d.line == 7)
            );
        }
    }

    #[test]
    fn headings_get_stable_unique_ids() {
        let r = render(
            "## Mērķis\n\n## Mērķis\n\n## Cits {#cits}\n",
            &settings("lv", None),
        );
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["merkis", "merkis-2", "cits"]);
        assert!(r.html.contains("<h2 id=\"merkis-2\">"));
    }

    #[test]
    fn image_without_alt_is_reported_with_its_line() {
        let r = render("Text\n\n![](a.png)\n", &settings("lv", None));
        assert_eq!(r.diags.len(), 1);
        assert_eq!(r.diags[0].line, 7);
    }

    #[test]
    fn first_term_mention_is_linked_once() {
        let m = TermMatcher::new(vec![(
            "prototips".into(),
            "prototips".into(),
            "/t/prototips/".into(),
        )]);
        let r = render("Prototips un vēl prototips.", &settings("lv", Some(&m)));
        assert_eq!(r.html.matches("class=\"term\"").count(), 1);
        assert!(r.terms.contains("prototips"));
    }

    #[test]
    fn tables_are_wrapped_in_a_labelled_focusable_region() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n## Rādītāji\n\n| c |\n|---|\n| 3 |\n\n| d |\n|---|\n| 4 |\n";
        let r = render(md, &settings("lv", None));
        let open = "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=";
        assert_eq!(r.html.matches(open).count(), 3, "{}", r.html);
        assert_eq!(r.html.matches("</table>\n</div>").count(), 3, "{}", r.html);
        // Before any heading: the localized word; under a heading: its title,
        // numbered when two tables share it.
        assert!(r.html.contains(&format!("{open}\"Tabula\">\n<table>")));
        assert!(r.html.contains(&format!("{open}\"Tabula 1: Rādītāji\">")));
        assert!(r.html.contains(&format!("{open}\"Tabula 2: Rādītāji\">")));
        // English pages say "Table"; quotes in a heading are escaped.
        let r = render(
            "## \"Odd\" R&D\n\n| a |\n|---|\n| 1 |\n",
            &settings("en", None),
        );
        assert!(
            r.html.contains("aria-label=\"Table: “Odd” R&amp;D\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn table_alignment_is_a_class_not_an_inline_style() {
        // The site's CSP (style-src 'self') refuses inline styles.
        let md = "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n";
        let r = render(md, &settings("lv", None));
        assert!(!r.html.contains("style="), "{}", r.html);
        for (tag, align) in [
            ("th", "left"),
            ("th", "center"),
            ("th", "right"),
            ("td", "right"),
        ] {
            assert!(
                r.html.contains(&format!("<{tag} class=\"align-{align}\">")),
                "{}",
                r.html
            );
        }
        // Also when the body has raw HTML and is sanitised.
        let r = render(&format!("<mark>x</mark>\n\n{md}"), &settings("lv", None));
        assert!(r.html.contains("<td class=\"align-right\">"), "{}", r.html);
        assert!(!r.html.contains("style="), "{}", r.html);
    }

    #[test]
    fn table_wrapper_survives_sanitising_but_editors_cannot_add_roles() {
        let md = "<span>raw</span>\n\n## T\n\n| a |\n|---|\n| 1 |\n\n<div role=\"button\" tabindex=\"5\">x</div>\n";
        let r = render(md, &settings("lv", None));
        assert!(
            r.html.contains(
                "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Tabula: T\">"
            ),
            "{}",
            r.html
        );
        assert!(!r.html.contains("role=\"button\""), "{}", r.html);
        assert!(!r.html.contains("tabindex=\"5\""), "{}", r.html);
    }

    #[test]
    fn root_relative_links_get_the_base_path() {
        let r = render(
            "[a](/sprinti/x/) [b](https://e.org/)",
            &settings("lv", None),
        );
        assert!(r.html.contains("href=\"/lab/sprinti/x/\""));
        assert!(r.html.contains("href=\"https://e.org/\""));
    }
}
