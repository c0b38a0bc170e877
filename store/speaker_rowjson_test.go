package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestRowJSONRoundTrip reads texts through SQLite's json_array and rowJSON
// and checks each comes back byte for byte as the same value read as a
// column does: quote text is verbatim whatever it holds.
func TestRowJSONRoundTrip(t *testing.T) {
	st, err := Open(context.Background(), Config{Path: filepath.Join(t.TempDir(), "rowjson.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	texts := []string{
		"", "plain", `say "no"`, `back\slash`, "tab\tnew\nline\rreturn", "\x01\x1f\x7f ctl", "é ü ß", "😀 emoji",
		"\u2028\u2029 separators", "\xff\xfe not utf-8", "nul\x00inside", `\u0041 not an escape`, `/slash/`,
		"long " + string(make([]byte, 300)),
	}
	ctx := context.Background()
	for _, want := range texts {
		rows, err := st.rs.db.QueryContext(ctx, `SELECT ?, json_array(?, 42, NULL, -7, ?)`, want, want, want)
		if err != nil {
			t.Fatal(err)
		}
		if !rows.Next() {
			t.Fatal("no row")
		}
		var col, packed string
		if err := rows.Scan(&col, &packed); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		var r rowJSON
		r.reset(packed)
		got := r.str()
		n := r.int()
		_, null := r.nullInt()
		neg := r.int()
		p := r.strPtr()
		if err := r.done(); err != nil {
			t.Fatalf("%q: %v (packed %q)", want, err, packed)
		}
		if got != col || p == nil || *p != col {
			t.Errorf("json_array gave back %q, the column %q", got, col)
		}
		if col != want && want != "nul\x00inside" {
			t.Errorf("column gave back %q for %q", col, want)
		}
		if n != 42 || null || neg != -7 {
			t.Errorf("numbers: %d %v %d", n, null, neg)
		}
	}
}

// TestRowJSONMalformed: a row that is not what the query packs is an
// error, never a silently shifted value.
func TestRowJSONMalformed(t *testing.T) {
	for _, s := range []string{"", "[", "[1", `["a]`, `[1,]`, `[1 2]`, `["\q"]`, `["\u12"]`, "1", "[1]x"} {
		var r rowJSON
		r.reset(s)
		r.int()
		if r.done() == nil {
			t.Errorf("%q: no error", s)
		}
	}
	var r rowJSON
	r.reset(`["\ud83d\ude00 \u00e9 \/ \"",null,"x"]`)
	if got := r.str(); got != "😀 é / \"" {
		t.Errorf("escapes: %q", got)
	}
	if _, ok := r.nullStr(); ok {
		t.Error("null read as a string")
	}
	r.str()
	if err := r.done(); err != nil {
		t.Error(err)
	}
}

// TestDecodeAliases reads aliasesJSONSQLite's shape, empty or not.
func TestDecodeAliases(t *testing.T) {
	got, err := decodeAliases(7, `[[3,"Sir Ken","ken","2025-10-16 13:00:00+00:00"],[1,"Ken \"K\" McCallum","ken mccallum","2025-10-16 13:00:00.5+00:00"]]`)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != 1 || got[1].ID != 3 || got[0].Name != `Ken "K" McCallum` || got[1].Key != "ken" ||
		got[0].SpeakerID != 7 || got[0].CreatedAt.Nanosecond() != 5e8 {
		t.Errorf("decoded %+v", got)
	}
	if got, err := decodeAliases(7, "[]"); err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
	for _, bad := range []string{"", "[[1,\"a\",\"a\"]]", "[[1,\"a\",\"a\",\"2025-10-16 13:00:00+00:00\"]", "[1]"} {
		if _, err := decodeAliases(7, bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestRowJSONTimes: times read through the memo are those parseDBTime
// gives, row after row, whichever repeat.
func TestRowJSONTimes(t *testing.T) {
	texts := []string{"2025-10-16 13:00:00+00:00", "2025-10-16 13:00:00.5+00:00", "2025-10-17 13:00:00+00:00",
		"2025-10-16 13:00:00+00:00", "2024-01-02 03:04:05+00:00", "2023-01-02 03:04:05+00:00", "2025-10-16 13:00:00.5+00:00"}
	var r rowJSON
	for round := 0; round < 3; round++ {
		for _, s := range texts {
			r.reset(`["` + s + `",null]`)
			got := r.time()
			if null := r.time(); null.Valid {
				t.Error("null read as a time")
			}
			if err := r.done(); err != nil {
				t.Fatal(err)
			}
			want, err := parseDBTime(s)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Valid || !got.T.Equal(want) || got.T.Location() != want.Location() && got.T.Location().String() != want.Location().String() {
				t.Errorf("%s: got %v, want %v", s, got.T, want)
			}
		}
	}
	r.reset(`["not a time"]`)
	r.time()
	if r.done() == nil {
		t.Error("a bad time read without error")
	}
}
