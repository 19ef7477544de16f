//! Okta's two time formats, written and read without a date crate: ISO 8601 with milliseconds
//! (`2020-08-27T18:19:24.000Z`) in JSON, and the HTTP date (`Thu, 27 Aug 2020 18:19:24 GMT`) in
//! the `Date` header. Times are milliseconds since the Unix epoch, in UTC.

const MILLIS_PER_DAY: i64 = 86_400_000;

/// `2020-08-27T18:19:24.000Z`.
pub fn iso(millis: i64) -> String {
    let (year, month, day, hour, minute, second, milli) = split(millis);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}Z")
}

/// `Thu, 27 Aug 2020 18:19:24 GMT`.
pub fn http_date(millis: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day, hour, minute, second, _) = split(millis);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[millis.div_euclid(MILLIS_PER_DAY).rem_euclid(7) as usize];
    let month = MONTHS[(month - 1) as usize];
    format!("{weekday}, {day:02} {month} {year:04} {hour:02}:{minute:02}:{second:02} GMT")
}

/// Reads the ISO 8601 forms Okta accepts in search and filter expressions:
/// `yyyy-MM-ddTHH:mm:ss[.SSS](Z|±HH:MM|±HHMM)`.
pub fn parse_iso(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[10] != b'T' {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        // Only the first three digits matter; more precision is truncated.
        let padded = format!("{:0<3}", &fraction[..digits.min(3)]);
        millis = padded.parse().ok()?;
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hours: i64 = digits[..2].parse().ok()?;
            let minutes: i64 = digits[2..].parse().ok()?;
            sign * (hours * 60 + minutes)
        }
    };
    let days = days_from_civil(year, month, day);
    let local = days * MILLIS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    Some(local - offset_minutes * 60_000)
}

/// Splits a time into calendar fields: year, month, day, hour, minute, second, millisecond.
fn split(millis: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let days = millis.div_euclid(MILLIS_PER_DAY);
    let in_day = millis.rem_euclid(MILLIS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    (
        year,
        month,
        day,
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    )
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The inverse of [`civil_from_days`].
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_index = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_match_the_recordings() {
        let millis = 1_598_552_364_000; // 2020-08-27T18:19:24Z
        assert_eq!(iso(millis), "2020-08-27T18:19:24.000Z");
        assert_eq!(http_date(millis), "Thu, 27 Aug 2020 18:19:24 GMT");
    }

    #[test]
    fn parsing_reads_what_formatting_writes_and_offsets() {
        for millis in [0, 951_782_400_123, 1_598_552_364_000, 4_102_444_799_999] {
            assert_eq!(parse_iso(&iso(millis)), Some(millis));
        }
        assert_eq!(
            parse_iso("2013-01-01T12:00:00.000-07:00"),
            parse_iso("2013-01-01T19:00:00.000Z")
        );
        assert_eq!(
            parse_iso("2013-01-01T12:00:00Z"),
            parse_iso("2013-01-01T12:00:00.000Z")
        );
        for bad in [
            "",
            "2013-01-01",
            "2013-13-01T00:00:00Z",
            "2013-02-30T00:00:00Z",
            "nope",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }
}
