//! Calls for applications (`content/data/calls.yaml`) on the free page
//! each names: whether the call is open, computed once per build from the
//! build time ([`crate::records::Site::build_time`]: `SOURCE_DATE_EPOCH`
//! when set, so a pinned build is byte-identical whenever it runs), and
//! its dates in Europe/Riga time. A call whose source gives no whole
//! deadline has status `unknown`: the year is never guessed.

use crate::collections::data::riga;
use crate::derive::Deriver;
use crate::records::Call;
use jiff::Timestamp;
use jiff::civil::DateTime;
use serde_json::{Value, json};

/// Where a call stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallStatus {
    /// `opens` is still ahead.
    Upcoming,
    /// Between `opens` (or always, without it) and `closes`, inclusive.
    Open,
    /// `closes` has passed.
    Closed,
    /// The deadline is not a whole date (the source leaves the year out).
    Unknown,
}

impl CallStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CallStatus::Upcoming => "upcoming",
            CallStatus::Open => "open",
            CallStatus::Closed => "closed",
            CallStatus::Unknown => "unknown",
        }
    }
}

/// The moment a Riga civil date-time names (the earlier one in the hour
/// the clocks go back).
fn instant(dt: DateTime) -> Option<Timestamp> {
    riga().to_timestamp(dt).ok()
}

/// Where `call` stands at `now`. The deadline minute is inclusive: a call
/// that closes at 23:59 takes applications until 23:59:59.
pub fn call_status(call: &Call, now: Timestamp) -> CallStatus {
    let Some(closes) = call.closes.and_then(instant) else {
        return CallStatus::Unknown;
    };
    if let Some(opens) = call.opens.and_then(instant)
        && now < opens
    {
        return CallStatus::Upcoming;
    }
    let end = closes
        .checked_add(jiff::SignedDuration::from_secs(60))
        .unwrap_or(closes);
    if now < end {
        CallStatus::Open
    } else {
        CallStatus::Closed
    }
}

/// A date-time for the template: the date (for `format_date`), the time
/// and the machine-readable form with Riga's offset.
fn when(dt: Option<DateTime>) -> Value {
    let Some(dt) = dt else {
        return Value::Null;
    };
    let iso = dt
        .to_zoned(riga())
        .map(|z| z.strftime("%Y-%m-%dT%H:%M%:z").to_string())
        .unwrap_or_else(|_| dt.strftime("%Y-%m-%dT%H:%M").to_string());
    json!({"date": dt.date().to_string(), "time": dt.strftime("%H:%M").to_string(), "iso": iso})
}

impl<'a, 'e> Deriver<'a, 'e> {
    /// The calls free page `page` shows, soonest deadline first (calls
    /// without a whole deadline last).
    pub(crate) fn calls_for(&self, page: &str, lang: &str) -> Vec<Value> {
        let mut calls: Vec<(&String, &Call)> = self
            .site
            .calls
            .iter()
            .filter(|(_, c)| c.page == page)
            .collect();
        calls.sort_by_key(|(id, c)| (c.closes.is_none(), c.closes, id.as_str()));
        let loc = |m: &Option<crate::config::Localized>| {
            m.as_ref().map(|m| self.cfg.localized(m, lang).to_string())
        };
        calls
            .into_iter()
            .map(|(id, c)| {
                json!({
                    "id": id,
                    "title": self.cfg.localized(&c.title, lang),
                    "status": call_status(c, self.site.build_time).as_str(),
                    "opens": when(c.opens),
                    "closes": when(c.closes),
                    "deadline_as_stated": loc(&c.deadline_as_stated),
                    "editor_note": loc(&c.editor_note),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(opens: Option<&str>, closes: Option<&str>) -> Call {
        Call {
            title: Default::default(),
            page: "p".into(),
            opens: opens.map(|s| s.parse().unwrap()),
            closes: closes.map(|s| s.parse().unwrap()),
            deadline_as_stated: None,
            editor_note: None,
        }
    }

    fn at(utc: &str) -> Timestamp {
        utc.parse().unwrap()
    }

    #[test]
    fn the_deadline_is_riga_time_and_its_minute_counts() {
        // 12 June is summer time in Riga: UTC+3, so 23:59 there is 20:59 UTC.
        let c = call(Some("2027-05-01T09:00"), Some("2027-06-12T23:59"));
        assert_eq!(
            call_status(&c, at("2027-04-30T12:00Z")),
            CallStatus::Upcoming
        );
        assert_eq!(
            call_status(&c, at("2027-05-01T05:59Z")),
            CallStatus::Upcoming
        );
        assert_eq!(call_status(&c, at("2027-05-01T06:00Z")), CallStatus::Open);
        assert_eq!(
            call_status(&c, at("2027-06-12T20:59:59Z")),
            CallStatus::Open
        );
        assert_eq!(call_status(&c, at("2027-06-12T21:00Z")), CallStatus::Closed);
    }

    #[test]
    fn winter_deadlines_are_two_hours_ahead_of_utc() {
        let c = call(None, Some("2027-01-15T17:00"));
        assert_eq!(call_status(&c, at("2027-01-15T14:59Z")), CallStatus::Open);
        assert_eq!(call_status(&c, at("2027-01-15T15:01Z")), CallStatus::Closed);
    }

    #[test]
    fn a_call_without_a_whole_deadline_is_unknown_whatever_the_time() {
        let c = call(None, None);
        assert_eq!(
            call_status(&c, at("2000-01-01T00:00Z")),
            CallStatus::Unknown
        );
        assert_eq!(
            call_status(&c, at("2099-01-01T00:00Z")),
            CallStatus::Unknown
        );
    }

    #[test]
    fn dates_are_shown_with_riga_offset() {
        let v = when(Some("2027-06-12T23:59".parse().unwrap()));
        assert_eq!(v["iso"], "2027-06-12T23:59+03:00");
        assert_eq!(v["date"], "2027-06-12");
        assert_eq!(v["time"], "23:59");
    }
}
