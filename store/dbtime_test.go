package store

import (
	"testing"
	"time"
)

// parseDBTime must give what the SQLite driver gave: time.Parse with the
// first of its layouts that fits, the same instant, offset and location.
func TestParseDBTimeAsDriver(t *testing.T) {
	for _, s := range []string{
		"2015-01-01 08:32:35+00:00",
		"2026-12-02 21:39:03.931268239+00:00",
		"2026-12-02 21:39:03.9+00:00",
		"2026-12-02 21:39:03.000100+00:00",
		"2024-02-29 23:59:59+00:00",
		"2026-12-02 21:39:03+02:00",
		"2026-12-02T21:39:03Z",
		"2026-12-02 21:39:03",
		"2026-12-02",
		"2026-12-02 21:39",
	} {
		got, err := parseDBTime(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		var want time.Time
		ts := s
		if ts[len(ts)-1] == 'Z' {
			ts = ts[:len(ts)-1]
		}
		for _, f := range sqliteTimeLayouts {
			if want, err = time.Parse(f, ts); err == nil {
				break
			}
		}
		_, gotOff := got.Zone()
		_, wantOff := want.Zone()
		if !got.Equal(want) || gotOff != wantOff || got.Location().String() != want.Location().String() || got.String() != want.String() {
			t.Errorf("%q: got %v (%v), want %v (%v)", s, got, got.Location(), want, want.Location())
		}
	}
	for _, s := range []string{"2023-02-29 10:00:00+00:00", "2026-13-02 21:39:03+00:00", "soon", "2026-12-02 24:00:00+00:00"} {
		if _, err := parseDBTime(s); err == nil {
			t.Errorf("%q parsed", s)
		}
	}
}

func BenchmarkParseDBTime(b *testing.B) {
	for b.Loop() {
		if _, err := parseDBTime("2026-12-02 21:39:03.931268239+00:00"); err != nil {
			b.Fatal(err)
		}
	}
}
