//! A site's primary colour: the palette the default theme derives from it,
//! the WCAG contrast check of every text/background pair that uses it, and
//! the generated `assets/css/brand.css`.
//!
//! Why generated CSS and not an inline `style`: the published
//! Content-Security-Policy (`static/_headers`) allows styles from the site's
//! own files only, so the colour travels in a stylesheet of its own, loaded
//! after the theme's `main.css`. A lab rebrands by editing `site.yaml`; no
//! copy of the theme is needed.
//!
//! Imports nothing of the crate: it sits just below `config`, which calls
//! it while parsing `site.yaml`.

use std::fmt;

/// WCAG 2.2 AA: normal text needs 4.5:1 against its background.
pub const AA_TEXT: f64 = 4.5;

/// An sRGB colour, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

const WHITE: Rgb = Rgb(255, 255, 255);
const BLACK: Rgb = Rgb(0, 0, 0);
/// The theme's page backgrounds (`--bg`, `--bg-alt` in `main.css`).
const LIGHT_BG: Rgb = Rgb(255, 255, 255);
const DARK_BG: Rgb = Rgb(0x12, 0x13, 0x14);
const DARK_BG_ALT: Rgb = Rgb(0x1d, 0x1f, 0x21);

impl Rgb {
    /// `#rgb` or `#rrggbb` (either case); anything else is `None`.
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let ch = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok();
        match hex.len() {
            3 => Some(Rgb(ch(0, 1)? * 17, ch(1, 1)? * 17, ch(2, 1)? * 17)),
            6 => Some(Rgb(ch(0, 2)?, ch(2, 2)?, ch(4, 2)?)),
            _ => None,
        }
    }

    /// Relative luminance (WCAG 2.2 definition).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// `self` moved towards `to` by `t` (0 = self, 1 = to), channel by channel.
    fn mix(self, to: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, to.0), m(self.1, to.1), m(self.2, to.2))
    }

    fn to_hsl(self) -> (f64, f64, f64) {
        let (r, g, b) = (
            f64::from(self.0) / 255.0,
            f64::from(self.1) / 255.0,
            f64::from(self.2) / 255.0,
        );
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let l = (max + min) / 2.0;
        if max == min {
            return (0.0, 0.0, l);
        }
        let d = max - min;
        let s = if l > 0.5 {
            d / (2.0 - max - min)
        } else {
            d / (max + min)
        };
        let h = if max == r {
            (g - b) / d + if g < b { 6.0 } else { 0.0 }
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h / 6.0, s, l)
    }

    fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
        if s == 0.0 {
            let v = (l * 255.0).round() as u8;
            return Rgb(v, v, v);
        }
        let q = if l < 0.5 {
            l * (1.0 + s)
        } else {
            l + s - l * s
        };
        let p = 2.0 * l - q;
        let hue = |mut t: f64| {
            if t < 0.0 {
                t += 1.0;
            }
            if t > 1.0 {
                t -= 1.0;
            }
            if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            }
        };
        let c = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        Rgb(c(hue(h + 1.0 / 3.0)), c(hue(h)), c(hue(h - 1.0 / 3.0)))
    }
}

/// The contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The colours the default theme takes from one primary colour, in the
/// light and the dark scheme. The derivation is fixed so that the pairs
/// checked are the pairs published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Header background, buttons, accent borders and accent headings.
    pub primary: Rgb,
    /// Hover and pressed states, the current page in a pager.
    pub dark: Rgb,
    /// The identity bar above the header.
    pub bar: Rgb,
    /// Dark scheme: header background.
    pub dark_header: Rgb,
    /// Dark scheme: identity bar.
    pub dark_bar: Rgb,
    /// Dark scheme: accent text and borders on the dark page.
    pub light: Rgb,
}

impl Palette {
    pub fn from_primary(p: Rgb) -> Palette {
        Palette {
            primary: p,
            dark: p.mix(BLACK, 0.25),
            bar: p.mix(BLACK, 0.45),
            dark_header: p.mix(BLACK, 0.25),
            dark_bar: p.mix(BLACK, 0.6),
            light: p.mix(WHITE, 0.5),
        }
    }

    /// Every text/background pair of the default theme that uses a colour
    /// of this palette: (scheme, where, text, background).
    pub fn pairs(&self) -> Vec<Pair> {
        let p = |scheme, place, text, background| Pair {
            scheme,
            place,
            text,
            background,
        };
        vec![
            p("light", "header text", WHITE, self.primary),
            p("light", "button text", WHITE, self.primary),
            p(
                "light",
                "accent heading on the page",
                self.primary,
                LIGHT_BG,
            ),
            p("light", "button text when hovered", WHITE, self.dark),
            p("light", "current page in a pager", WHITE, self.dark),
            p("light", "identity bar text", WHITE, self.bar),
            p("dark", "header text", WHITE, self.dark_header),
            p("dark", "identity bar text", WHITE, self.dark_bar),
            p("dark", "button text", WHITE, self.primary),
            p("dark", "button text when hovered", WHITE, self.dark),
            p("dark", "accent heading on the page", self.light, DARK_BG),
            p(
                "dark",
                "accent text on a shaded panel",
                self.light,
                DARK_BG_ALT,
            ),
        ]
    }

    /// The pairs below WCAG AA for text (4.5:1), with their ratio.
    pub fn failures(&self) -> Vec<(Pair, f64)> {
        self.pairs()
            .into_iter()
            .map(|pair| (pair, contrast(pair.text, pair.background)))
            .filter(|(_, r)| *r < AA_TEXT)
            .collect()
    }

    /// `assets/css/brand.css`: the theme's colour variables set from the
    /// palette, light first, then the dark scheme.
    pub fn css(&self) -> String {
        format!(
            "/* Generated by inolab from brand.color in site.yaml ({p}); edit site.yaml, not this file. */\n\
             :root {{\n  --accent: {p};\n  --accent-dark: {d};\n  --brand-header: {p};\n  --brand-bar: {b};\n  --brand-button: {p};\n  --brand-button-hover: {d};\n}}\n\
             @media (prefers-color-scheme: dark) {{\n  :root {{\n    --accent: {l};\n    --accent-dark: {d};\n    --brand-header: {dh};\n    --brand-bar: {db};\n    --brand-button: {p};\n    --brand-button-hover: {d};\n  }}\n}}\n",
            p = self.primary,
            d = self.dark,
            b = self.bar,
            l = self.light,
            dh = self.dark_header,
            db = self.dark_bar,
        )
    }
}

/// One text/background pair of the theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub scheme: &'static str,
    pub place: &'static str,
    pub text: Rgb,
    pub background: Rgb,
}

/// The passing colour nearest to `p` with the same hue and saturation: its
/// lightness moved one step (0.5 %) at a time, darker before lighter at
/// the same distance. `None` only if no lightness passes (cannot happen
/// with the palette above: black passes every pair).
pub fn nearest_passing(p: Rgb) -> Option<Rgb> {
    let (h, s, l) = p.to_hsl();
    (1..=200).find_map(|step| {
        let dl = f64::from(step) * 0.005;
        [l - dl, l + dl]
            .into_iter()
            .filter(|l| (0.0..=1.0).contains(l))
            .map(|l| Rgb::from_hsl(h, s, l))
            .find(|c| Palette::from_primary(*c).failures().is_empty())
    })
}

/// Why a colour is refused, for the diagnostic: the failing pairs (the
/// first three) and the nearest passing colour as the hint.
pub fn refusal(value: &str, p: Rgb) -> Option<(String, String)> {
    let fails = Palette::from_primary(p).failures();
    if fails.is_empty() {
        return None;
    }
    // Pairs with the same colours in the same scheme are one problem.
    let mut groups: Vec<(Pair, f64, Vec<&str>)> = Vec::new();
    for (pair, r) in &fails {
        match groups.iter_mut().find(|g| {
            g.0.scheme == pair.scheme && g.0.text == pair.text && g.0.background == pair.background
        }) {
            Some(g) => g.2.push(pair.place),
            None => groups.push((*pair, *r, vec![pair.place])),
        }
    }
    let list: Vec<String> = groups
        .iter()
        .take(3)
        .map(|(pair, r, places)| {
            format!(
                "{} ({} scheme, {} on {}) {:.2}:1",
                places.join(" and "),
                pair.scheme,
                pair.text,
                pair.background,
                r
            )
        })
        .collect();
    let more = if groups.len() > 3 {
        format!(" and {} more", groups.len() - 3)
    } else {
        String::new()
    };
    let message = format!(
        "brand colour `{value}` is below WCAG AA contrast (4.5:1) for {}{more}",
        list.join("; ")
    );
    let hint = match nearest_passing(p) {
        Some(n) => format!(
            "the nearest passing colour of the same hue is {n} (white text on it {:.2}:1): `color: \"{n}\"`",
            contrast(WHITE, n)
        ),
        None => "choose a darker colour".to_string(),
    };
    Some((message, hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        assert!((contrast(WHITE, BLACK) - 21.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1 AA edge.
        let r = contrast(Rgb::parse("#767676").unwrap(), WHITE);
        assert!((r - 4.54).abs() < 0.01, "{r}");
    }

    #[test]
    fn parses_short_and_long_hex_and_refuses_the_rest() {
        assert_eq!(Rgb::parse("#9E3039"), Some(Rgb(0x9e, 0x30, 0x39)));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        for bad in ["9e3039", "#12345", "#gggggg", "red", "", "#ffff"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_bundled_colour_passes_and_a_pale_one_is_refused_with_a_passing_neighbour() {
        assert!(refusal("#9e3039", Rgb(0x9e, 0x30, 0x39)).is_none());
        let pale = Rgb::parse("#f4a6b0").unwrap();
        let (msg, hint) = refusal("#f4a6b0", pale).unwrap();
        assert!(
            msg.contains("header text and button text (light scheme"),
            "{msg}"
        );
        let n = nearest_passing(pale).unwrap();
        assert!(hint.contains(&n.to_string()), "{hint}");
        assert!(Palette::from_primary(n).failures().is_empty());
        // Nearest: one step lighter would fail again.
        let (h, s, l) = n.to_hsl();
        let lighter = Rgb::from_hsl(h, s, l + 0.01);
        assert!(!Palette::from_primary(lighter).failures().is_empty());
        // Same hue (within rounding).
        assert!((h - pale.to_hsl().0).abs() < 0.02);
    }

    #[test]
    fn the_stylesheet_carries_both_schemes() {
        let css = Palette::from_primary(Rgb(0x1d, 0x4e, 0x89)).css();
        assert!(css.contains("--brand-header: #1d4e89;"), "{css}");
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
    }
}
