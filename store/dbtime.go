package store

import (
	"fmt"
	"strings"
	"time"
)

// dbTime scans a time column: a time.Time from PostgreSQL, or on SQLite the
// stored text itself (the hot queries select time columns as text, see
// timeCol), parsed here. The SQLite driver parses a DATETIME column by
// trying time.Parse with several layouts in turn, a large share of the
// cost of reading a row; the layout the store writes is parsed by hand.
type dbTime struct {
	T     time.Time
	Valid bool
}

func (d *dbTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = dbTime{}
		return nil
	case time.Time:
		*d = dbTime{T: v, Valid: true}
		return nil
	case string:
		t, err := parseDBTime(v)
		*d = dbTime{T: t, Valid: err == nil}
		return err
	case []byte:
		t, err := parseDBTime(string(v))
		*d = dbTime{T: t, Valid: err == nil}
		return err
	}
	return fmt.Errorf("store: cannot scan %T into a time", src)
}

// ptr is the time, or nil when NULL.
func (d dbTime) ptr() *time.Time {
	if !d.Valid {
		return nil
	}
	t := d.T
	return &t
}

// sqliteTimeLayouts are the layouts the SQLite driver tries, in its order
// (modernc.org/sqlite parseTimeFormats), after its time.String form.
var sqliteTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseDBTime parses a time stored as text as the SQLite driver does (it
// opens connections without a location): the same instant, offset and
// location. The store writes "2006-01-02 15:04:05.999999999-07:00" in
// UTC, which takes the fast path.
func parseDBTime(s string) (time.Time, error) {
	if t, ok := parseUTCText(s); ok {
		return t, nil
	}
	if x := strings.Index(s, "m="); x > 0 {
		if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", strings.TrimSpace(s[:x])); err == nil {
			return t, nil
		}
	} else if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", strings.TrimSpace(s)); err == nil {
		return t, nil
	}
	ts := strings.TrimSuffix(s, "Z")
	for _, f := range sqliteTimeLayouts {
		if t, err := time.Parse(f, ts); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("store: %q is not a time", s)
}

// parseUTCText parses "YYYY-MM-DD HH:MM:SS[.fraction]+00:00" as time.Parse
// does with the store's layout; false for anything else.
func parseUTCText(s string) (time.Time, bool) {
	n := len(s)
	if n < 25 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' || s[n-6:] != "+00:00" {
		return time.Time{}, false
	}
	num := func(a, b int) int {
		v := 0
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 7), num(8, 10)
	hour, min, sec := num(11, 13), num(14, 16), num(17, 19)
	if year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) ||
		hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	nsec := 0
	switch {
	case n == 25:
	case s[19] == '.' && n > 26 && n-6-20 <= 9:
		f := num(20, n-6)
		if f < 0 {
			return time.Time{}, false
		}
		for i := n - 6 - 20; i < 9; i++ {
			f *= 10
		}
		nsec = f
	default:
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC)
	// time.Parse gives a zero offset the local zone when that zone is at
	// offset zero at that instant, else a fixed zone without a name.
	if _, off := t.In(time.Local).Zone(); off == 0 {
		return t.In(time.Local), true
	}
	return t.In(time.FixedZone("", 0)), true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
