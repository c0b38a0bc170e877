package handlers

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/store"
)

// query reads and checks a request's query parameters. It collects every
// problem so that one response names every bad parameter: create it with
// newQuery, call its getters, then return q.err().
type query struct {
	vals url.Values
	fs   errs.Fields
}

// newQuery checks that the request names only allowed parameters, each at
// most once, with valid UTF-8 and no NUL bytes.
func newQuery(c *gin.Context, allowed ...string) *query {
	vals, err := url.ParseQuery(c.Request.URL.RawQuery)
	q := &query{vals: vals}
	if err != nil {
		// ParseQuery keeps the pairs it could decode; Query() would drop
		// the bad ones silently.
		q.fs.Add("query", "is not valid URL encoding: %s", err)
	}
	keys := make([]string, 0, len(q.vals))
	for k := range q.vals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		switch {
		case !utf8.ValidString(k) || strings.ContainsRune(k, 0):
			q.fs.Add("query", "parameter names must be valid UTF-8")
		case !slices.Contains(allowed, k):
			q.fs.Add(k, "is not a known query parameter; known: %s", strings.Join(allowed, ", "))
		case len(q.vals[k]) > 1:
			q.fs.Add(k, "must be given at most once")
		case !utf8.ValidString(q.vals[k][0]):
			q.fs.Add(k, "must be valid UTF-8")
		case strings.ContainsRune(q.vals[k][0], 0):
			q.fs.Add(k, "must not contain NUL characters")
		}
	}
	return q
}

// err returns errs.Invalid naming every bad parameter, or nil.
func (q *query) err() error { return q.fs.Err() }

// str returns a parameter's value ("" when absent) trimmed of spaces, and
// reports one longer than max characters.
func (q *query) str(name string, max int) string {
	v := strings.TrimSpace(q.vals.Get(name))
	if utf8.RuneCountInString(v) > max {
		q.fs.Add(name, "must be at most %d characters", max)
		return ""
	}
	return v
}

// id returns a positive integer parameter, 0 when absent.
func (q *query) id(name string) int64 {
	v := q.vals.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		q.fs.Add(name, "must be a positive integer")
		return 0
	}
	return n
}

// enum returns a parameter that must be one of allowed, "" when absent.
func (q *query) enum(name string, allowed ...string) string {
	v := q.vals.Get(name)
	if v == "" {
		return ""
	}
	if !slices.Contains(allowed, v) {
		q.fs.Add(name, "must be one of %s", strings.Join(allowed, ", "))
		return ""
	}
	return v
}

// date returns a time parameter written as YYYY-MM-DD or RFC 3339, nil
// when absent. A bare date means the start of that day in UTC, or with
// endOfDay the last instant of it, so that from=D&to=D covers all of day D.
func (q *query) date(name string, endOfDay bool) *time.Time {
	v := q.vals.Get(name)
	if v == "" {
		return nil
	}
	t, dateOnly, ok := parseTime(v)
	if !ok {
		q.fs.Add(name, "must be a date (YYYY-MM-DD) or an RFC 3339 time")
		return nil
	}
	if dateOnly && endOfDay {
		t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	return &t
}

// parseTime accepts YYYY-MM-DD (dateOnly true) or RFC 3339.
func parseTime(v string) (t time.Time, dateOnly, ok bool) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, true, true
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, false, true
	}
	return time.Time{}, false, false
}

// page returns the limit (1..store.MaxLimit, default store.DefaultLimit)
// and the opaque cursor. The store checks the cursor itself.
func (q *query) page() store.Page {
	p := store.Page{Limit: store.DefaultLimit, Cursor: q.vals.Get("cursor")}
	if len(p.Cursor) > 1000 {
		q.fs.Add("cursor", "is not a cursor this API returned")
		p.Cursor = ""
	}
	if n := q.limit(store.MaxLimit); n > 0 {
		p.Limit = n
	}
	return p
}

// limit returns the limit parameter, which must be from 1 to max; 0 when
// it is absent or bad. Every endpoint words its limit's bounds this way.
func (q *query) limit(max int) int {
	v := q.vals.Get("limit")
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil && strings.TrimLeft(v, "+-0123456789") != "":
		q.fs.Add("limit", "must be an integer")
	case err != nil || n < 1 || n > max:
		q.fs.Add("limit", "must be between 1 and %d", max)
	default:
		return n
	}
	return 0
}

// span checks that from is not after to.
func (q *query) span(from, to *time.Time) {
	if from != nil && to != nil && from.After(*to) {
		q.fs.Add("to", "must not be before from")
	}
}
