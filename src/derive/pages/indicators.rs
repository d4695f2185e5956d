//! The indicators page: a table per period and its chart.

use crate::derive::Deriver;
use crate::records::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;

impl<'a, 'e> Deriver<'a, 'e> {
    /// The indicators table per period, a derived total of the additive
    /// ones, and the chart.
    pub(crate) fn indicator_page(&mut self, lang: &str) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.indicators");
        let ind = &self.site.indicators;
        let periods: Vec<Value> = ind
            .periods
            .iter()
            .map(|p| json!({"id": p.id, "label": self.cfg.localized(&p.label, lang)}))
            .collect();
        let mut rows: Vec<Value> = Vec::new();
        let mut sums: BTreeMap<&str, u64> = BTreeMap::new();
        let mut additive_total = 0u64;
        let mut has_additive = false;
        let mut unique_rows = Vec::new();
        for i in &ind.indicators {
            let values: Vec<Value> = ind
                .periods
                .iter()
                .map(|p| json!(i.values.get(&p.id)))
                .collect();
            let sum: u64 = i.values.values().sum();
            let total = match i.kind {
                IndicatorKind::Additive => {
                    has_additive = true;
                    additive_total += sum;
                    for (p, v) in &i.values {
                        *sums.entry(p.as_str()).or_default() += v;
                    }
                    sum
                }
                IndicatorKind::Unique => i.total.unwrap_or(0),
            };
            let row = json!({"id": i.id, "label": self.cfg.localized(&i.label, lang), "kind": i.kind.as_str(), "values": values, "total": total, "derived": false});
            if i.kind == IndicatorKind::Unique {
                unique_rows.push(row)
            } else {
                rows.push(row)
            }
        }
        if has_additive {
            rows.push(json!({"id": "all-attendances", "label": self.t(lang, "indicators.all_attendances"), "kind": "additive",
                "values": ind.periods.iter().map(|p| json!(sums.get(p.id.as_str()))).collect::<Vec<_>>(), "total": additive_total, "derived": true}));
        }
        rows.extend(unique_rows);
        let chart = super::chart::bar_chart(
            &rows,
            &periods,
            &self.t(lang, "indicators.chart_title"),
            &self.t(lang, "indicators.chart_desc"),
        );
        let alternates = self.alternates_for(|u| u.section("indicators"));
        let source = ind
            .source
            .as_ref()
            .map(|s| self.cfg.localized(s, lang).to_string());
        self.push(
            lang,
            &u.section("indicators"),
            "indicators.html",
            &title,
            vec![],
            alternates,
            json!({"periods": periods, "rows": rows, "chart": chart, "source": source}),
        );
    }
}
