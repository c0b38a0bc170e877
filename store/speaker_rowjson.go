package store

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// rowJSON reads, value after value, a JSON array of scalars as SQLite's
// json_array writes it: the hot SQLite reads (a speaker page, a quote, a
// speaker) select most of a row's columns packed into one such column.
// The pure-Go driver takes a large, fixed toll per column (three calls
// into SQLite under its connection mutex, a string allocated, database/sql
// converting it into the destination), which a joined quote row paid 40
// times; one text column of 700 bytes costs a fraction of that, and a
// string value without escapes is a slice of the column's text, not a copy.
//
// Values are read in the order the query lists them; the first error sticks
// and every later read returns a zero value, so a caller reads a whole row
// and checks err once.
type rowJSON struct {
	s   string
	i   int
	err error
	// times keeps the last times parsed (over every row read with this
	// rowJSON): a page's rows repeat them (its speaker's on every row; a
	// quote's creation and update, its source's publication and its
	// reported time), and parsing one costs more than reading the row.
	times [4]parsedTime
	next  int
}

// parsedTime is a time's text and what parseDBTime made of it.
type parsedTime struct {
	s string
	t time.Time
}

var errRowJSON = errors.New("store: malformed packed row")

// reset starts reading the array s.
func (r *rowJSON) reset(s string) {
	r.s, r.i, r.err = s, 0, nil
	if len(s) < 2 || s[0] != '[' {
		r.err = errRowJSON
		return
	}
	r.i = 1
}

// fail records err (the first one sticks).
func (r *rowJSON) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// done reports whether the array was read to its end without error.
func (r *rowJSON) done() error {
	if r.err == nil && (r.i != len(r.s)) {
		r.err = errRowJSON
	}
	return r.err
}

// token returns the next value's raw text (a string with its quotes) and
// moves past it and the comma or bracket that follows.
func (r *rowJSON) token() string {
	if r.err != nil {
		return ""
	}
	s, i := r.s, r.i
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	if i >= len(s) {
		r.fail(errRowJSON)
		return ""
	}
	start := i
	if s[i] == '"' {
		i++
		// The closing quote is the first one not escaped. (IndexByte
		// twice: strings.IndexAny walks a string byte by byte.)
		for {
			j := strings.IndexByte(s[i:], '"')
			if j < 0 {
				r.fail(errRowJSON)
				return ""
			}
			k := strings.IndexByte(s[i:i+j], '\\')
			if k < 0 {
				i += j + 1
				break
			}
			i += k + 2 // a backslash and the character it escapes
		}
	} else {
		for i < len(s) && s[i] != ',' && s[i] != ']' && s[i] != ' ' {
			i++
		}
	}
	tok := s[start:i]
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	if i >= len(s) || (s[i] != ',' && s[i] != ']') || tok == "" {
		r.fail(errRowJSON)
		return ""
	}
	r.i = i + 1
	return tok
}

// nullStr reads a string or null.
func (r *rowJSON) nullStr() (string, bool) {
	tok := r.token()
	if tok == "" || tok == "null" {
		return "", false
	}
	if tok[0] != '"' {
		// A number in a text column: the text SQLite would give for it.
		return tok, true
	}
	return r.unquote(tok), true
}

// str reads a string; null is an error, as scanning NULL into a string is.
func (r *rowJSON) str() string {
	v, ok := r.nullStr()
	if !ok {
		r.fail(errRowJSON)
	}
	return v
}

// strPtr reads a string or null as a pointer.
func (r *rowJSON) strPtr() *string {
	v, ok := r.nullStr()
	if !ok {
		return nil
	}
	return &v
}

// nullInt reads an integer or null.
func (r *rowJSON) nullInt() (int64, bool) {
	tok := r.token()
	if tok == "" || tok == "null" {
		return 0, false
	}
	n, ok := atoi64(tok)
	if !ok {
		r.fail(errRowJSON)
	}
	return n, ok
}

// int reads an integer; null is an error.
func (r *rowJSON) int() int64 {
	n, ok := r.nullInt()
	if !ok {
		r.fail(errRowJSON)
	}
	return n
}

// intPtr reads an integer or null as a pointer.
func (r *rowJSON) intPtr() *int64 {
	n, ok := r.nullInt()
	if !ok {
		return nil
	}
	return &n
}

// time reads a time stored as text (or null), as dbTime scans one.
func (r *rowJSON) time() dbTime {
	v, ok := r.nullStr()
	if !ok {
		return dbTime{}
	}
	for i := range r.times {
		if p := &r.times[i]; p.s == v && v != "" {
			return dbTime{T: p.t, Valid: true}
		}
	}
	t, err := parseDBTime(v)
	if err != nil {
		r.fail(err)
		return dbTime{}
	}
	r.times[r.next] = parsedTime{s: v, t: t}
	r.next = (r.next + 1) % len(r.times)
	return dbTime{T: t, Valid: true}
}

// atoi64 parses a JSON integer (digits, an optional minus sign).
func atoi64(s string) (int64, bool) {
	if len(s) > 0 && len(s) < 19 {
		neg := s[0] == '-'
		d := s
		if neg {
			d = s[1:]
		}
		if d == "" {
			return 0, false
		}
		var n int64
		for i := 0; i < len(d); i++ {
			c := d[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int64(c-'0')
		}
		if neg {
			n = -n
		}
		return n, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// unquote returns the string a quoted JSON token holds: a slice of the
// row's text when it has no escapes. Bytes are kept as they are (SQLite
// writes text's bytes unchanged but for escapes), so text comes back
// byte for byte as stored.
func (r *rowJSON) unquote(tok string) string {
	body := tok[1 : len(tok)-1]
	if strings.IndexByte(body, '\\') < 0 {
		return body
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' {
			j := strings.IndexByte(body[i:], '\\')
			if j < 0 {
				j = len(body) - i
			}
			b.WriteString(body[i : i+j])
			i += j
			continue
		}
		if i+1 >= len(body) {
			r.fail(errRowJSON)
			return ""
		}
		e := body[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			c1, ok := hex4(body, i)
			if !ok {
				r.fail(errRowJSON)
				return ""
			}
			i += 4
			ch := rune(c1)
			if utf16.IsSurrogate(ch) {
				ch = utf8.RuneError
				if c2, ok := hex4(body, i+2); ok && i+1 < len(body) && body[i] == '\\' && body[i+1] == 'u' {
					if d := utf16.DecodeRune(rune(c1), rune(c2)); d != utf8.RuneError {
						ch = d
						i += 6
					}
				}
			}
			b.WriteRune(ch)
		default:
			r.fail(errRowJSON)
			return ""
		}
	}
	return b.String()
}

// hex4 reads four hex digits of s at i.
func hex4(s string, i int) (uint16, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var v uint16
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | uint16(c)
	}
	return v, true
}
