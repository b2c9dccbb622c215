//! Calendar dates as front matter writes them (`2026-03-14`).
//!
//! Dates in huddle are days, never instants: a story happened on a day, a
//! playbook was reviewed on a day. A small civil-calendar type covers the
//! arithmetic the site needs (review due dates, quarters, sorting) without a
//! time-zone library.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, also when followed by a time (`2026-03-14T09:00:00Z`
    /// or `2026-03-14 09:00`), which is dropped.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date = text.get(..10)?;
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        let bytes = date.as_bytes();
        if bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &date[range];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let year = digits(0..4)? as i32;
        let month = digits(5..7)?;
        let day = digits(8..10)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Today in UTC, by the system clock. A pinned day (`HUDDLE_TODAY`,
    /// read by the binary) comes in as data instead: `BuildOptions::today`.
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|duration| duration.as_secs())
            .unwrap_or(0);
        Date::from_days((seconds / 86_400) as i64)
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's algorithm.
    pub(crate) fn to_days(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    pub(crate) fn from_days(days: i64) -> Date {
        let days = days + 719_468;
        let era = days.div_euclid(146_097);
        let day_of_era = days - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        } as u32;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The day `days` later (or earlier), kept within the four-digit years
    /// that every format here writes.
    pub(crate) fn add_days(self, days: i64) -> Date {
        let first = Date {
            year: 1,
            month: 1,
            day: 1,
        };
        let last = Date {
            year: 9999,
            month: 12,
            day: 31,
        };
        let target = self.to_days().saturating_add(days);
        Date::from_days(target.clamp(first.to_days(), last.to_days()))
    }

    /// `2026-Q1`
    pub fn quarter(self) -> String {
        format!("{}-Q{}", self.year, (self.month - 1) / 3 + 1)
    }

    /// Midnight UTC in RFC 3339, as Atom feeds want it.
    pub(crate) fn rfc3339(self) -> String {
        format!("{self}T00:00:00Z")
    }

    /// `14 March 2026`
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[self.month as usize - 1],
            self.year
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_ignores_times() {
        assert_eq!(
            Date::parse("2026-03-14"),
            Some(Date {
                year: 2026,
                month: 3,
                day: 14
            })
        );
        assert_eq!(Date::parse("2026-03-14T09:30:00Z").unwrap().day, 14);
        assert_eq!(Date::parse("2026-02-30"), None);
        assert_eq!(Date::parse("14/03/2026"), None);
        assert_eq!(Date::parse("2026-3-14"), None);
        assert_eq!(Date::parse("2024-02-29").unwrap().day, 29);
    }

    #[test]
    fn counts_days_both_ways() {
        let date = Date::parse("2026-11-23").unwrap();
        assert_eq!(Date::from_days(date.to_days()), date);
        assert_eq!(Date::parse("1970-01-01").unwrap().to_days(), 0);
        assert_eq!(date.add_days(90).to_string(), "2027-02-21");
        assert_eq!(date.quarter(), "2026-Q4");
    }
}
