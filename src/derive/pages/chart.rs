//! The indicators chart: accessible SVG drawn from the indicator rows.

use crate::markdown::html_escape as esc;
use serde_json::{Value, json};

/// A grouped bar chart of the additive indicators per period, as accessible
/// SVG: a title and description, values written on the bars (not colour
/// alone), and the data table beside it as the text alternative.
///
/// Each bar is followed by its "value · label" text. The widest of those
/// texts is measured (see [`text_width`]) and its space reserved on the
/// right, so the longest bar plus its text ends inside the viewBox; the
/// chart only grows wider than [`CHART_W`] when labels leave the bars less
/// than [`CHART_MIN_BAR`] units.
pub fn bar_chart(rows: &[Value], periods: &[Value], title: &str, desc: &str) -> String {
    let series: Vec<&Value> = rows
        .iter()
        .filter(|r| r["kind"] == json!("additive") && r["derived"] != json!(true))
        .collect();
    if series.is_empty() || periods.is_empty() {
        return String::new();
    }
    let value = |r: &Value, pi: usize| r["values"][pi].as_u64().unwrap_or(0);
    let label = |r: &Value| r["label"].as_str().unwrap_or("").to_string();
    let period = |p: &Value| p["label"].as_str().unwrap_or("").to_string();
    let max = series
        .iter()
        .flat_map(|r| (0..periods.len()).map(|pi| value(r, pi)))
        .max()
        .unwrap_or(1)
        .max(1);
    // Space for the texts: the widest "value · label" after a bar, and the
    // widest period heading (which starts at x = 0).
    let text_w = series
        .iter()
        .flat_map(|r| (0..periods.len()).map(move |pi| (r, pi)))
        .map(|(r, pi)| text_width(&format!("{} · {}", value(r, pi), label(r)), VALUE_PX, false))
        .fold(0.0, f64::max)
        .ceil() as u64;
    let period_w = periods
        .iter()
        .map(|p| text_width(&period(p), PERIOD_PX, true))
        .fold(0.0, f64::max)
        .ceil() as u64;
    let (bar_h, gap, text_gap) = (18u64, 8u64, 6u64);
    let reserved = text_gap + text_w + CHART_PAD;
    let width = CHART_W
        .max(CHART_MIN_BAR + reserved)
        .max(period_w + CHART_PAD);
    let bar_max = width - reserved;
    let group_h = series.len() as u64 * bar_h + gap * 2 + 20;
    let height = group_h * periods.len() as u64 + 10;
    let mut s = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
        esc(title),
        esc(desc)
    );
    for (pi, p) in periods.iter().enumerate() {
        let y0 = pi as u64 * group_h + 10;
        s.push_str(&format!(
            "<text class=\"chart-period\" x=\"0\" y=\"{}\">{}</text>",
            y0 + 12,
            esc(&period(p))
        ));
        for (si, r) in series.iter().enumerate() {
            let v = value(r, pi);
            let w = v * bar_max / max;
            let y = y0 + 20 + si as u64 * bar_h;
            let l = esc(&label(r));
            s.push_str(&format!(
                "<rect class=\"bar bar-{si}\" x=\"0\" y=\"{y}\" width=\"{w}\" height=\"{}\"><title>{l}: {v}</title></rect><text class=\"chart-value\" x=\"{}\" y=\"{}\">{v} · {l}</text>",
                bar_h - 4,
                w + text_gap,
                y + bar_h - 7,
            ));
        }
    }
    s.push_str("</svg>");
    s
}

/// The chart's usual viewBox width, the least width left to the longest bar,
/// and the margin kept free at the right edge (user units = CSS px).
const CHART_W: u64 = 720;
const CHART_MIN_BAR: u64 = 240;
const CHART_PAD: u64 = 4;
/// Font sizes of `.chart-value` and `.chart-period` in the theme's CSS.
const VALUE_PX: f64 = 12.0;
const PERIOD_PX: f64 = 14.0;

/// An upper estimate of the rendered width of `text` at `px`, from the
/// advance widths of DejaVu Sans (the widest of the common sans-serif fonts
/// the theme's system font stack resolves to; Arial, Helvetica, Segoe UI and
/// Roboto are narrower). Letters with diacritics count as their base letter;
/// unknown characters as a wide letter. Bold adds 12%, and 5% more is kept as
/// a margin.
pub fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    use unicode_normalization::UnicodeNormalization;
    let em: f64 = text
        .chars()
        .map(|c| {
            let base = std::iter::once(c).nfd().next().unwrap_or(c);
            char_em(base)
        })
        .sum();
    em * px * if bold { 1.12 } else { 1.0 } * 1.05
}

/// Advance width in em of one character (DejaVu Sans Book, rounded up).
fn char_em(c: char) -> f64 {
    match c {
        ' ' | '.' | ',' | '·' | '\'' | '!' | '|' => 0.32,
        ':' | ';' => 0.34,
        'i' | 'j' | 'l' => 0.28,
        'I' | 'J' => 0.30,
        '-' | '(' | ')' | '[' | ']' | '/' => 0.39,
        'f' | 't' => 0.40,
        'r' => 0.42,
        's' | 'z' | 'c' => 0.56,
        '0'..='9' => 0.64,
        'a'..='z' => match c {
            'm' => 0.98,
            'w' => 0.82,
            _ => 0.64,
        },
        'A'..='Z' => match c {
            'M' => 0.87,
            'W' => 0.99,
            'L' | 'F' => 0.58,
            _ => 0.79,
        },
        '–' => 0.50,
        '—' => 1.0,
        '“' | '”' | '„' | '‘' | '’' => 0.42,
        _ => 0.80,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str, attr: &str) -> f64 {
        let at = s.find(&format!(" {attr}=\"")).expect(attr) + attr.len() + 3;
        s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
    }

    /// Every `<text>` of the chart: (x, font px, bold, text).
    fn texts(svg: &str) -> Vec<(f64, f64, bool, String)> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let (attrs, rest) = t.split_once('>').unwrap();
                let body = rest.split("</text>").next().unwrap();
                let body = body.replace("&amp;", "&").replace("&quot;", "\"");
                let period = attrs.contains("chart-period");
                let px = if period { PERIOD_PX } else { VALUE_PX };
                (num(&format!(" {attrs}"), "x"), px, period, body)
            })
            .collect()
    }

    fn view_width(svg: &str) -> f64 {
        let at = svg.find("viewBox=\"0 0 ").unwrap() + 13;
        svg[at..].split(' ').next().unwrap().parse().unwrap()
    }

    fn chart(labels: &[&str], values: &[[u64; 3]]) -> String {
        let rows: Vec<Value> = labels
            .iter()
            .zip(values)
            .map(|(l, v)| json!({"kind": "additive", "label": l, "values": v}))
            .collect();
        let periods = [
            json!({"label": "2023 (no maija)"}),
            json!({"label": "2024"}),
            json!({"label": "2025 (līdz jūnijam)"}),
        ];
        bar_chart(&rows, &periods, "T", "D")
    }

    fn assert_fits(svg: &str) {
        let w = view_width(svg);
        for (x, px, bold, t) in texts(svg) {
            let end = x + text_width(&t, px, bold);
            assert!(
                end <= w,
                "{t:?} ends at {end:.0} past the viewBox width {w}"
            );
        }
        for r in svg.split("<rect ").skip(1) {
            let r = format!(" {r}");
            assert!(num(&r, "x") + num(&r, "width") <= w);
        }
    }

    #[test]
    fn labels_of_the_longest_bars_end_inside_the_chart() {
        // The bundled site's longest label on the largest value.
        let svg = chart(
            &[
                "Apmeklējumi inovācijas ekspertu tīkla darbnīcās",
                "Apmeklējumi mācībās",
            ],
            &[[62, 448, 66], [50, 210, 131]],
        );
        assert_fits(&svg);
        assert_eq!(view_width(&svg), CHART_W as f64);
        // The largest value's bar is the longest, and its text follows it.
        assert!(svg.contains("<text class=\"chart-value\""));
        assert!(svg.contains(">448 · Apmeklējumi inovācijas ekspertu tīkla darbnīcās</text>"));
    }

    #[test]
    fn very_long_labels_widen_the_chart_instead_of_overflowing() {
        let long = "Innovation expert network workshop attendances, counted from the sign-in sheets of every event";
        let svg = chart(&[long, "W"], &[[1000, 5, 0], [0, 0, 0]]);
        assert_fits(&svg);
        assert!(view_width(&svg) > CHART_W as f64);
        // Bars keep at least the minimum width.
        assert!(svg.contains(&format!("width=\"{CHART_MIN_BAR}\"")));
    }

    #[test]
    fn text_width_is_an_upper_estimate() {
        // DejaVu Sans 12 px renders "448 · Training attendances" 160 px wide.
        let w = text_width("448 · Training attendances", 12.0, false);
        assert!((158.0..200.0).contains(&w), "{w}");
        assert!(text_width("ā", 12.0, false) == text_width("a", 12.0, false));
        assert!(text_width("WWW", 14.0, true) > text_width("WWW", 14.0, false));
    }

    #[test]
    fn no_additive_rows_means_no_chart() {
        let rows = [json!({"kind": "unique", "label": "x", "values": [1]})];
        assert_eq!(bar_chart(&rows, &[json!({"label": "p"})], "T", "D"), "");
    }
}
