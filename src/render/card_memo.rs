//! Cards rendered once and reused: the theme's `card(name=…, …)` function.
//!
//! A sprint's card shows on the sprint list, on its year, status, result
//! and topic pages and on each of its institutions' pages: rendered inline
//! (`{{ <sprint_card s={s} /> }}`) the same card went through Tera about a
//! dozen times per language, a tenth of a 10,000-record build's CPU.
//! `{{ card(name="sprint_card", s=s, level=2) }}` renders the component
//! the first time and hands back the same HTML whenever it is called again
//! with equal arguments in the same language.
//!
//! Sound because a component sees only its arguments and its implicit
//! parameters (`@t`, `@lang`), and `t` is fixed for a loaded theme (the
//! memo lives and dies with its [`super::Theme`]). Arguments are told
//! apart by a 128-bit digest of their whole value, so a card whose record
//! changed (in `serve`) is a new entry, never a stale one. Output is the
//! inline component's, byte for byte; only time changes.

use crate::derive::digest::{Key, Pair, feed, feed_map};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use tera::{Context, Function, Kwargs, State, Tera, TeraResult, Value};

/// HTML the memo holds at most: one language's list cards at 10,000
/// records (about 7 MB), within the noise of a build's peak memory.
/// (Institution pages render their cards inline: each carries the
/// sprint's role there, so few repeat, and memoising them held 10-25 MiB
/// more for no time saved.)
///
/// When it is full, the memo keeps what it holds and renders the rest
/// each time: the facet pages walk every sprint once per facet, so a memo
/// that started over when full (at 50,000 records one language's cards
/// are ~37 MB) found almost nothing; keeping the first cards, it finds
/// them on every walk (facet pages' render time at 50,000 records: 18.9
/// -> 15.5 s of CPU), in the same memory.
const MEMO_BYTES: usize = 8 << 20;

/// The rendered cards of one theme, and the templates that render them.
pub struct CardMemo {
    /// The theme's templates, set once they are all added (the function
    /// must be registered before the templates that call it).
    tera: OnceLock<Tera>,
    memo: Mutex<Memo>,
    /// [`MEMO_BYTES`], smaller in tests.
    limit: usize,
}

impl Default for CardMemo {
    fn default() -> Self {
        CardMemo {
            tera: OnceLock::new(),
            memo: Mutex::default(),
            limit: MEMO_BYTES,
        }
    }
}

#[derive(Default)]
struct Memo {
    html: HashMap<(u64, u64), Arc<str>>,
    bytes: usize,
    /// The language of the cards held: pages come language by language,
    /// so another language's cards are not wanted again.
    lang: String,
}

impl CardMemo {
    /// Registers `card` on `tera` and returns its memo, to be given the
    /// finished templates with [`CardMemo::set_templates`]. The function
    /// holds the memo weakly: a theme does not keep itself alive.
    pub fn register(tera: &mut Tera) -> Arc<CardMemo> {
        Self::register_with_limit(tera, MEMO_BYTES)
    }

    /// [`CardMemo::register`], holding at most `limit` bytes of HTML.
    fn register_with_limit(tera: &mut Tera, limit: usize) -> Arc<CardMemo> {
        let memo = Arc::new(CardMemo {
            limit,
            ..CardMemo::default()
        });
        tera.register_function(
            "card",
            CardFn {
                memo: Arc::downgrade(&memo),
            },
        );
        memo
    }

    /// The compiled templates components are rendered from.
    pub fn set_templates(&self, tera: &Tera) {
        let _ = self.tera.set(tera.clone());
    }

    fn render(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let name: String = kwargs.must_get("name")?;
        let lang: Value = state.get("lang")?.unwrap_or_else(Value::none);
        let key = digest(&kwargs, &lang);
        if let Some(hit) = self
            .memo
            .lock()
            .ok()
            .and_then(|m| m.html.get(&key).cloned())
        {
            return Ok(Value::safe_string(&hit));
        }
        let Some(tera) = self.tera.get() else {
            return Err(tera::Error::message("card(): the theme is still loading"));
        };
        let mut ctx = Context::new();
        for (k, v) in kwargs.iter() {
            if let Some(k) = k.as_str()
                && k != "name"
            {
                ctx.insert_value(k.to_string(), v.clone());
            }
        }
        let mut implicits = Context::new();
        implicits.insert_value("lang", lang);
        if let Some(t) = state.get::<Value>("t")? {
            implicits.insert_value("t", t);
        }
        let html: Arc<str> = tera
            .render_component_with_implicits(&name, &ctx, &implicits, None, true)?
            .into();
        if let Ok(mut m) = self.memo.lock() {
            let lang = implicits.get("lang").and_then(Value::as_str).unwrap_or("");
            if m.lang != lang {
                *m = Memo {
                    lang: lang.to_string(),
                    ..Memo::default()
                };
            }
            if m.bytes + html.len() <= self.limit {
                m.bytes += html.len();
                m.html.insert(key, Arc::clone(&html));
            }
        }
        Ok(Value::safe_string(&html))
    }
}

struct CardFn {
    memo: Weak<CardMemo>,
}

impl Function<TeraResult<Value>> for CardFn {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        match self.memo.upgrade() {
            Some(m) => m.render(kwargs, state),
            None => Err(tera::Error::message("card(): the theme was unloaded")),
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The key of a card: the arguments and the language, in one walk (a
/// list card by the digest it carries: [`crate::derive::digest`]).
fn digest(args: &Kwargs, lang: &Value) -> (u64, u64) {
    let mut h = Pair::new();
    feed(lang, &mut h);
    feed_map(args.iter().map(|(k, v)| (Key::Tera(k), v)), &mut h);
    h.both()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme() -> (Tera, Arc<CardMemo>) {
        theme_with_limit(MEMO_BYTES)
    }

    /// A theme whose memo holds at most `limit` bytes of HTML.
    fn theme_with_limit(limit: usize) -> (Tera, Arc<CardMemo>) {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        let memo = CardMemo::register_with_limit(&mut tera, limit);
        tera.add_raw_templates([
            (
                "components.html",
                "{% component c(s, level: integer = 2, @t, @lang) %}<h{{ level }} lang=\"{{ lang }}\">{{ s.title }}</h{{ level }}> {{ t.more }}{% endcomponent c %}",
            ),
            (
                "inline.html",
                "{% for s in items %}{{ <c s={s} level={3} /> }}|{% endfor %}",
            ),
            (
                "memo.html",
                "{% for s in items %}{{ card(name=\"c\", s=s, level=3) }}|{% endfor %}",
            ),
        ])
        .expect("templates");
        memo.set_templates(&tera);
        (tera, memo)
    }

    fn ctx(lang: &str, titles: &[&str]) -> Context {
        let mut c = Context::new();
        c.insert("lang", lang);
        c.insert("t", &serde_json::json!({"more": format!("more-{lang}")}));
        let items: Vec<_> = titles
            .iter()
            .map(|t| serde_json::json!({"title": t}))
            .collect();
        c.insert("items", &items);
        c
    }

    /// The memo's HTML is the inline component's, escaping included; a
    /// card seen again in another language or with another title is
    /// rendered anew, never taken from the memo.
    #[test]
    fn cards_from_the_memo_equal_inline_components() {
        let (tera, memo) = theme();
        // (language, titles, distinct cards then held): a repeated card is
        // held once; another language's cards replace the ones held.
        for (lang, titles, held) in [
            ("lv", vec!["A & B", "C", "A & B"], 2),
            ("en", vec!["A & B", "C"], 2),
            ("lv", vec!["A & B", "Changed", "<i>"], 3),
        ] {
            let c = ctx(lang, &titles);
            let inline = tera.render("inline.html", &c).expect("inline");
            let memoised = tera.render("memo.html", &c).expect("memo");
            assert_eq!(memoised, inline);
            assert!(memoised.contains(&format!("more-{lang}")), "{memoised}");
            let m = memo.memo.lock().expect("memo");
            assert_eq!((m.html.len(), m.lang.as_str()), (held, lang));
        }
    }

    /// A full memo keeps the cards it holds and renders the others anew,
    /// each time equal to the inline component: on a second walk over
    /// more cards than fit, the first ones are still there.
    #[test]
    fn a_full_memo_keeps_its_first_cards_and_renders_the_rest() {
        // Room for two cards of this size ("<h3 lang=\"lv\">A</h3> more-lv").
        let (tera, memo) = theme_with_limit(60);
        let c = ctx("lv", &["A", "B", "C", "D"]);
        let inline = tera.render("inline.html", &c).expect("inline");
        for _ in 0..2 {
            let memoised = tera.render("memo.html", &c).expect("memo");
            assert_eq!(memoised, inline);
            let m = memo.memo.lock().expect("memo");
            let mut held: Vec<&str> = m.html.values().map(|h| &h[..]).collect();
            held.sort();
            assert_eq!(
                held,
                [
                    "<h3 lang=\"lv\">A</h3> more-lv",
                    "<h3 lang=\"lv\">B</h3> more-lv"
                ]
            );
        }
    }
}
