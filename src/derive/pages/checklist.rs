//! The self-assessment checklist (`content/data/self-assessment.yaml`) on
//! the chapter it names: its areas with their questions and the chapter
//! that helps with each, and the area headings in that chapter's contents
//! (the areas keep the anchors the questions had when they were tables).

use crate::derive::Deriver;
use crate::load::Collection;
use crate::markdown::Heading;
use serde_json::{Value, json};

impl<'a, 'e> Deriver<'a, 'e> {
    /// The checklist shown on chapter `slug`, or `None` when the
    /// self-assessment names another chapter (or has no questions).
    pub(crate) fn checklist(&self, slug: &str, lang: &str) -> Option<Value> {
        let a = &self.site.self_assessment;
        if a.chapter.as_deref() != Some(slug) || a.questions.is_empty() {
            return None;
        }
        let u = self.urls(lang);
        let areas: Vec<Value> = a
            .areas
            .iter()
            .filter_map(|area| {
                let questions: Vec<Value> = a
                    .questions
                    .iter()
                    .filter(|q| q.area == area.id)
                    .map(|q| json!({"id": q.id, "key": q.id.replace(|c: char| !c.is_ascii_alphanumeric(), "-"), "text": self.cfg.localized(&q.text, lang)}))
                    .collect();
                if questions.is_empty() {
                    return None;
                }
                let helps = area.helps.as_deref().and_then(|h| {
                    self.site.guidelines.iter().find(|c| c.slug == h).map(|c| {
                        let text = c.text(lang, self.dl);
                        json!({"url": u.record(Collection::Guidelines, &c.slug), "title": text.title, "number": c.data.order, "text_lang": self.lang_info(&text.lang, lang)})
                    })
                });
                Some(json!({"id": area.id, "title": self.cfg.localized(&area.title, lang), "helps": helps, "questions": questions}))
            })
            .collect();
        Some(json!({"areas": areas}))
    }

    /// The checklist's area titles and questions as plain text, for the
    /// chapter's search document (empty for other chapters).
    pub(crate) fn checklist_text(&self, slug: &str, lang: &str) -> String {
        let a = &self.site.self_assessment;
        if a.chapter.as_deref() != Some(slug) {
            return String::new();
        }
        let mut out = Vec::new();
        for area in &a.areas {
            out.push(self.cfg.localized(&area.title, lang).to_string());
            for q in a.questions.iter().filter(|q| q.area == area.id) {
                out.push(format!("{} {}", q.id, self.cfg.localized(&q.text, lang)));
            }
        }
        out.join(" ")
    }

    /// Chapter `slug`'s contents: its headings, with the checklist's areas
    /// where the checklist stands (before the `before` heading, else last).
    pub(crate) fn chapter_toc(&self, slug: &str, lang: &str, toc: &[Heading]) -> Vec<Value> {
        let mut out: Vec<Value> = toc
            .iter()
            .map(|h| json!({"level": h.level, "id": h.id, "title": h.title}))
            .collect();
        let Some(list) = self.checklist(slug, lang) else {
            return out;
        };
        let areas = list["areas"]
            .as_array()
            .map(|areas| {
                areas
                    .iter()
                    .map(|a| json!({"level": 2, "id": a["id"], "title": a["title"]}))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let at = self
            .site
            .self_assessment
            .before
            .as_deref()
            .and_then(|b| toc.iter().position(|h| h.level == 2 && h.id == b))
            .unwrap_or(out.len());
        out.splice(at..at, areas);
        out
    }
}
