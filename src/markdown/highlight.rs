//! Code highlighting: syntect's grammars, written as flat `hl-` classes the
//! theme's CSS colours (no inline styles, so pages work under a strict CSP).
//!
//! Highlighting was the largest single cost of a build (a sixth of its CPU
//! at 10,000 records: syntect runs dozens of regexes per line). Most lines
//! of a site's code blocks recur — the same YAML keys, the same closing
//! braces, the same block in every translation of a record — and syntect
//! parses a line to the same operations whenever it starts in the same
//! parser state. [`LineMemo`] remembers those per thread, so a recurring
//! line costs a hash lookup. Output never depends on the memo, only time.

use super::html_escape;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxSet};

fn syntaxes() -> &'static SyntaxSet {
    static SS: OnceLock<SyntaxSet> = OnceLock::new();
    SS.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Scope families the theme colours (the `.hl-*` rules in the default
/// theme's `main.css`). Each highlighted run of text gets one class: the
/// innermost of these among its scopes, or none. syntect's own HTML writer
/// nests a span per scope with every atom as a class (`hl-meta hl-function
/// hl-parameters hl-rust` …), which made code blocks 40 % of a sprint page
/// while the CSS only ever reads these nine.
pub(super) const STYLED_SCOPES: [&str; 9] = [
    "comment", "string", "keyword", "constant", "entity", "storage", "support", "variable",
    "invalid",
];

fn styled_scopes() -> &'static [(Scope, String)] {
    static S: OnceLock<Vec<(Scope, String)>> = OnceLock::new();
    S.get_or_init(|| {
        STYLED_SCOPES
            .iter()
            .filter_map(|n| Some((Scope::new(n).ok()?, format!("hl-{n}"))))
            .collect()
    })
}

/// The class of text under `stack`: its innermost styled scope.
fn class_of(stack: &ScopeStack) -> Option<&'static str> {
    let styled = styled_scopes();
    stack.as_slice().iter().rev().find_map(|scope| {
        styled
            .iter()
            .find(|(family, _)| family.is_prefix_of(*scope))
            .map(|(_, class)| class.as_str())
    })
}

/// Writes highlighted runs as flat `<span class="hl-…">` elements, merging
/// neighbours with the same class; whitespace never opens a new span.
#[derive(Default)]
struct SpanWriter {
    html: String,
    open: Option<&'static str>,
}

impl SpanWriter {
    fn text(&mut self, text: &str, class: Option<&'static str>) {
        if text.is_empty() {
            return;
        }
        if class != self.open && !text.chars().all(char::is_whitespace) {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            if let Some(c) = class {
                self.html.push_str("<span class=\"");
                self.html.push_str(c);
                self.html.push_str("\">");
            }
            self.open = class;
        }
        self.html.push_str(&html_escape(text));
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html
    }
}

/// Parser states told apart beyond which the memo stops learning new ones
/// (a block's lines then parse as without it).
const MEMO_STATES: usize = 512;
/// Lines remembered per thread; later lines are parsed but not learned.
/// The lines that recur most are met early, so the first few thousand
/// answer most lookups: at 10,000 records 4,096 per thread saved as much
/// time as 16,384 (about 5 s of CPU of 31), while 40,000 held 27 MiB more
/// at the peak. Bounds a long `serve` session too.
const MEMO_LINES: usize = 4_096;

/// One line's parse: syntect's operations and the state it ends in.
struct Parsed {
    ops: Box<[(usize, ScopeStackOp)]>,
    next: u32,
}

/// Lines parsed on this thread, by the parser state they started in (an
/// index into `states`: distinct states are few, a few dozen per grammar)
/// and their text. Sound because [`ParseState::parse_line`] is a function
/// of the state and the line (syntect documents states as cacheable).
#[derive(Default)]
struct LineMemo {
    states: Vec<ParseState>,
    lines: Vec<HashMap<Box<str>, Parsed>>,
    count: usize,
}

/// Where a block's parse is: an interned state, or one the memo had no
/// room to intern.
enum Cursor {
    Known(u32),
    Own(ParseState),
}

impl LineMemo {
    fn intern(&mut self, s: &ParseState) -> Option<u32> {
        if let Some(i) = self.states.iter().position(|x| x == s) {
            return Some(i as u32);
        }
        if self.states.len() >= MEMO_STATES {
            return None;
        }
        self.states.push(s.clone());
        self.lines.push(HashMap::new());
        Some((self.states.len() - 1) as u32)
    }

    fn cursor(&mut self, s: ParseState) -> Cursor {
        match self.intern(&s) {
            Some(i) => Cursor::Known(i),
            None => Cursor::Own(s),
        }
    }

    /// Parses `line` from `at`, handing each operation to `each`, and moves
    /// `at` past the line. `Err(())`: the grammar failed on this line.
    fn parse(
        &mut self,
        at: &mut Cursor,
        line: &str,
        ss: &SyntaxSet,
        mut each: impl FnMut(usize, &ScopeStackOp) -> Result<(), ()>,
    ) -> Result<(), ()> {
        if let Cursor::Known(id) = *at
            && let Some(p) = self.lines[id as usize].get(line)
        {
            for (i, op) in p.ops.iter() {
                each(*i, op)?;
            }
            *at = Cursor::Known(p.next);
            return Ok(());
        }
        let (from, mut state) = match std::mem::replace(at, Cursor::Known(0)) {
            Cursor::Known(id) => (Some(id), self.states[id as usize].clone()),
            Cursor::Own(s) => (None, s),
        };
        let ops = state.parse_line(line, ss).map_err(|_| ())?;
        for (i, op) in &ops {
            each(*i, op)?;
        }
        *at = self.cursor(state);
        if let (Some(from), Cursor::Known(next)) = (from, &*at)
            && self.count < MEMO_LINES
        {
            self.count += 1;
            self.lines[from as usize].insert(
                line.into(),
                Parsed {
                    ops: ops.into_boxed_slice(),
                    next: *next,
                },
            );
        }
        Ok(())
    }
}

thread_local! {
    static MEMO: RefCell<LineMemo> = RefCell::new(LineMemo::default());
}

/// Highlights code with `hl-` classes (see [`STYLED_SCOPES`]); the theme's
/// CSS colours them. An unknown language, or a grammar error, gives the
/// plain escaped code.
pub(super) fn highlight(lang: &str, code: &str) -> String {
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", html_escape(lang))
    };
    let plain = || format!("<pre><code{lang_attr}>{}</code></pre>\n", html_escape(code));
    if lang.is_empty() {
        return plain();
    }
    let ss = syntaxes();
    let Some(syntax) = ss.find_syntax_by_token(lang) else {
        return plain();
    };
    let spans = MEMO.with(|memo| spans(&mut memo.borrow_mut(), ParseState::new(syntax), code, ss));
    match spans {
        Some(html) => {
            format!(
                "<pre class=\"highlight\" tabindex=\"0\"><code{lang_attr}>{html}</code></pre>\n"
            )
        }
        None => plain(),
    }
}

/// The highlighted spans of `code`; `None` if the grammar failed.
fn spans(memo: &mut LineMemo, start: ParseState, code: &str, ss: &SyntaxSet) -> Option<String> {
    let mut at = memo.cursor(start);
    let mut stack = ScopeStack::new();
    let mut out = SpanWriter::default();
    for line in syntect::util::LinesWithEndings::from(code) {
        let mut pos = 0;
        memo.parse(&mut at, line, ss, |i, op| {
            if i > pos {
                // Not a char boundary: never seen, but no panic.
                let text = line.get(pos..i).ok_or(())?;
                out.text(text, class_of(&stack));
                pos = i;
            }
            stack.apply(op).map_err(|_| ())
        })
        .ok()?;
        out.text(line.get(pos..).unwrap_or_default(), class_of(&stack));
    }
    Some(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without the memo: how syntect alone highlights `code`.
    fn fresh(lang: &str, code: &str) -> String {
        let mut memo = LineMemo::default();
        let ss = syntaxes();
        let syntax = ss.find_syntax_by_token(lang).expect("grammar");
        spans(&mut memo, ParseState::new(syntax), code, ss).expect("parses")
    }

    /// A line parses differently depending on the state it starts in (here
    /// inside a block comment, a string, or plain code): the memo must
    /// give each its own result, and repeated blocks must come out as the
    /// first did.
    #[test]
    fn remembered_lines_highlight_as_fresh_ones() {
        let blocks = [
            ("rust", "fn a() {}\n/* fn a() {}\n*/\nfn a() {}\n"),
            ("rust", "let s = \"\nfn a() {}\n\";\nfn a() {}\n"),
            ("yaml", "a: 1\nb: |\n  a: 1\nc: [1,\n  a: 1]\na: 1\n"),
        ];
        let mut memo = LineMemo::default();
        let ss = syntaxes();
        let mut learned = 0;
        for round in 0..3 {
            for (lang, code) in blocks {
                let syntax = ss.find_syntax_by_token(lang).expect("grammar");
                let got = spans(&mut memo, ParseState::new(syntax), code, ss).expect("parses");
                assert_eq!(got, fresh(lang, code), "round {round}: {code}");
            }
            if round == 0 {
                learned = memo.count;
            }
        }
        // The repeated rounds were answered from the memo, learning nothing.
        assert!(learned > 0);
        assert_eq!(memo.count, learned);
        // The same line in a comment and in code got different spans.
        let html = fresh("rust", "fn a() {}\n/* fn a() {}\n*/\n");
        assert!(html.contains("<span class=\"hl-storage\">fn"), "{html}");
        assert!(
            html.contains("<span class=\"hl-comment\">/* fn a() {}"),
            "{html}"
        );
    }
}
