//! The HTTP `Date` header, read by hand (the `httpdate` crate cost the component 7 KB): the
//! block times a 429's wait by the answer's own clock.

/// Reads an HTTP `Date` header as epoch seconds, in the three forms RFC 9110 asks recipients to
/// accept: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37
/// GMT`) and asctime (`Sun Nov  6 08:49:37 1994`). The date must exist, lie in 1970..=9999 and
/// fall on the weekday it names. (A hand parser: the `httpdate` crate cost the component 7 KB.)
pub fn http_date_epoch(value: &str) -> Option<u64> {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const MONTHS: &[u8; 36] = b"JanFebMarAprMayJunJulAugSepOctNovDec";
    let s = value.trim().as_bytes();
    let num = |digits: &[u8]| {
        digits.iter().try_fold(0u64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u64::from(d - b'0'))
        })
    };
    let month = |name: &[u8]| {
        MONTHS
            .chunks(3)
            .position(|m| m == name)
            .map(|i| i as u64 + 1)
    };
    // (weekday as written, day, month, year, "HH:MM:SS")
    let (weekday, day, mon, year, time): (&[u8], _, _, _, &[u8]) = if s.len() == 29 {
        if &s[3..5] != b", " || s[7] != b' ' || s[11] != b' ' || s[16] != b' ' {
            return None;
        }
        if &s[25..] != b" GMT" {
            return None;
        }
        (
            &s[..3],
            num(&s[5..7])?,
            month(&s[8..11])?,
            num(&s[12..16])?,
            &s[17..25],
        )
    } else if s.len() == 24 && s[3] == b' ' && s[7] == b' ' && s[10] == b' ' && s[19] == b' ' {
        let day = if s[8] == b' ' { &s[9..10] } else { &s[8..10] };
        (
            &s[..3],
            num(day)?,
            month(&s[4..7])?,
            num(&s[20..24])?,
            &s[11..19],
        )
    } else {
        let comma = s.iter().position(|&c| c == b',')?;
        let (name, r) = s.split_at(comma);
        if r.len() != 24 || &r[..2] != b", " || r[4] != b'-' || r[8] != b'-' || r[11] != b' ' {
            return None;
        }
        if &r[20..] != b" GMT" || !DAYS.iter().any(|d| d.as_bytes() == name) {
            return None;
        }
        let yy = num(&r[9..11])?;
        let year = if yy < 70 { 2000 + yy } else { 1900 + yy };
        (
            &name[..3],
            num(&r[2..4])?,
            month(&r[5..8])?,
            year,
            &r[12..20],
        )
    };
    if time[2] != b':' || time[5] != b':' {
        return None;
    }
    let (hour, min, sec) = (num(&time[..2])?, num(&time[3..5])?, num(&time[6..])?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match mon {
        2 => 28 + u64::from(leap),
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1970..=9999).contains(&year) || day == 0 || day > month_days {
        return None;
    }
    if hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    // Days since the epoch (Howard Hinnant's days_from_civil, for years from 1970 on).
    let y = if mon <= 2 { year - 1 } else { year };
    let doy = (153 * ((mon + 9) % 12) + 2) / 5 + day - 1;
    let doe = (y % 400) * 365 + (y % 400) / 4 - (y % 400) / 100 + doy;
    let days = (y / 400) * 146_097 + doe - 719_468;
    // 1970-01-01 was a Thursday.
    if DAYS[((days + 3) % 7) as usize].as_bytes()[..3] != *weekday {
        return None;
    }
    Some(days * 86_400 + hour * 3_600 + min * 60 + sec)
}

#[cfg(test)]
mod tests {
    use super::http_date_epoch;
    use std::time::{Duration, UNIX_EPOCH};

    fn httpdate(value: &str) -> Option<u64> {
        let time = httpdate::parse_http_date(value.trim()).ok()?;
        Some(time.duration_since(UNIX_EPOCH).ok()?.as_secs())
    }

    #[test]
    fn dates_read_as_httpdate_reads_them() {
        for value in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun Nov 06 08:49:37 1994",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 29 Feb 2024 12:00:00 GMT",
            "Wed, 29 Feb 2023 12:00:00 GMT",
            "Wed, 32 Feb 2024 25:61:61 GMT",
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Wednesday, 01-Jan-69 00:00:00 GMT",
            "Thursday, 01-Jan-70 00:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:3x GMT",
            "  Sun, 06 Nov 1994 08:49:37 GMT ",
            "not a date",
            "",
            "Sun, 06 Nov 1994 08:49:37 GMTX",
            "Sunday, 06-Nov-94 08:49:37 GMT ",
            "Sund, 06-Nov-94 08:49:37 GMT",
        ] {
            assert_eq!(http_date_epoch(value), httpdate(value), "{value:?}");
        }
        for seconds in (0..253_402_300_799u64).step_by(7_919_999) {
            let text = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds));
            assert_eq!(http_date_epoch(&text), Some(seconds), "{text}");
        }
    }
}
