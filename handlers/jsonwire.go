package handlers

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// The hottest answers (a quote, a page of quotes, a page of speakers, a
// verdict) are written by hand-made appenders instead of encoding/json's
// reflection: a 20-quote page took about 70 µs to encode by reflection,
// a quarter of a speaker page's server time at a million quotes. The
// appenders write exactly the bytes encoding/json writes for the same
// value with HTML escaping off (writeJSON's and the cache's setting);
// jsonwire_test.go compares the two on generated and fuzzed values. A
// value they cannot write as encoding/json would (a time outside years
// 0–9999, a NaN) makes them give up, and encoding/json answers instead,
// with its error.

// jsonAppender is a wire type with a hand-made encoder.
type jsonAppender interface {
	appendJSON(w *jsonOut)
}

// jsonOut is the buffer an appender writes to; bad records that a value
// could not be written the way encoding/json writes it.
type jsonOut struct {
	b   []byte
	bad bool
}

// encodeJSON returns v encoded as encoding/json's Encoder (HTML escaping
// off) encodes it, trailing newline included, appended to buf.
func encodeJSON(buf []byte, v any) ([]byte, error) {
	if a, ok := v.(jsonAppender); ok {
		w := jsonOut{b: buf}
		a.appendJSON(&w)
		if !w.bad {
			return append(w.b, '\n'), nil
		}
	}
	return appendStdJSON(buf, v)
}

// appendStdJSON is encoding/json's answer for v.
func appendStdJSON(buf []byte, v any) ([]byte, error) {
	w := sliceWriter{b: buf}
	enc := json.NewEncoder(&w)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return w.b, err
}

type sliceWriter struct{ b []byte }

func (w *sliceWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// key writes `,"name":` (or `{"name":` for the first key, first true).
func (w *jsonOut) key(first bool, name string) {
	if first {
		w.b = append(w.b, '{')
	} else {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, name...)
	w.b = append(w.b, '"', ':')
}

func (w *jsonOut) end() { w.b = append(w.b, '}') }

func (w *jsonOut) int(v int64) { w.b = strconv.AppendInt(w.b, v, 10) }

func (w *jsonOut) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

func (w *jsonOut) null() { w.b = append(w.b, "null"...) }

func (w *jsonOut) intPtr(v *int64) {
	if v == nil {
		w.null()
		return
	}
	w.int(*v)
}

func (w *jsonOut) strPtr(v *string) {
	if v == nil {
		w.null()
		return
	}
	w.str(*v)
}

func (w *jsonOut) timePtr(v *time.Time) {
	if v == nil {
		w.null()
		return
	}
	w.time(*v)
}

// float writes f as encoding/json writes a float64: the shortest form,
// in exponent notation only for very small or large magnitudes.
func (w *jsonOut) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		w.bad = true
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	w.b = strconv.AppendFloat(w.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9, as encoding/json writes it.
		n := len(w.b)
		if n >= 4 && w.b[n-4] == 'e' && w.b[n-3] == '-' && w.b[n-2] == '0' {
			w.b[n-2] = w.b[n-1]
			w.b = w.b[:n-1]
		}
	}
}

// time writes t as time.Time's MarshalJSON does (RFC 3339 with
// nanoseconds as needed), which refuses years outside 0–9999 and zone
// offsets of a day or more.
func (w *jsonOut) time(t time.Time) {
	if y := t.Year(); y < 0 || y > 9999 {
		w.bad = true
		return
	}
	if _, off := t.Zone(); off <= -24*3600 || off >= 24*3600 {
		w.bad = true
		return
	}
	w.b = append(w.b, '"')
	w.b = t.AppendFormat(w.b, time.RFC3339Nano)
	w.b = append(w.b, '"')
}

const hexDigits = "0123456789abcdef"

// str writes s as a JSON string exactly as encoding/json does with HTML
// escaping off: quote, backslash and control characters escaped (\b, \f,
// \n, \r, \t by name), invalid UTF-8 as \ufffd, U+2028 and U+2029
// escaped for JavaScript.
func (w *jsonOut) str(s string) {
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}

// strs writes a list of strings (null for a nil one, as encoding/json).
func (w *jsonOut) strs(v []string) {
	if v == nil {
		w.null()
		return
	}
	w.b = append(w.b, '[')
	for i, s := range v {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.str(s)
	}
	w.b = append(w.b, ']')
}

func (w *jsonOut) ints(v []int64) {
	if v == nil {
		w.null()
		return
	}
	w.b = append(w.b, '[')
	for i, n := range v {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.int(n)
	}
	w.b = append(w.b, ']')
}

// list writes n elements with each, as a JSON array (null when isNil).
func (w *jsonOut) list(isNil bool, n int, each func(i int)) {
	if isNil {
		w.null()
		return
	}
	w.b = append(w.b, '[')
	for i := range n {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		each(i)
	}
	w.b = append(w.b, ']')
}

func (l Links) appendJSON(w *jsonOut) {
	w.key(true, "self")
	w.str(l.Self)
	w.key(false, "next")
	w.strPtr(l.Next)
	w.end()
}

func (a Alias) appendJSON(w *jsonOut) {
	w.key(true, "id")
	w.int(a.ID)
	w.key(false, "name")
	w.str(a.Name)
	w.end()
}

func (w *jsonOut) aliases(as []Alias) {
	w.list(as == nil, len(as), func(i int) { as[i].appendJSON(w) })
}

func (s QuoteSpeaker) appendJSON(w *jsonOut) {
	w.key(true, "id")
	w.int(s.ID)
	w.key(false, "name")
	w.str(s.Name)
	w.key(false, "slug")
	w.str(s.Slug)
	w.key(false, "kind")
	w.str(s.Kind)
	if len(s.Aliases) > 0 {
		w.key(false, "aliases")
		w.aliases(s.Aliases)
	}
	w.end()
}

func (s QuoteSource) appendJSON(w *jsonOut) {
	w.key(true, "id")
	w.int(s.ID)
	w.key(false, "title")
	w.str(s.Title)
	w.key(false, "outlet")
	w.str(s.Outlet)
	w.key(false, "url")
	w.strPtr(s.URL)
	w.key(false, "published_at")
	w.timePtr(s.PublishedAt)
	w.end()
}

func (q Quote) appendJSON(w *jsonOut) {
	w.key(true, "id")
	w.int(q.ID)
	w.key(false, "text")
	w.str(q.Text)
	w.key(false, "speaker")
	if q.Speaker == nil {
		w.null()
	} else {
		q.Speaker.appendJSON(w)
	}
	w.key(false, "source")
	if q.Source == nil {
		w.null()
	} else {
		q.Source.appendJSON(w)
	}
	w.key(false, "start")
	w.int(int64(q.Start))
	w.key(false, "end")
	w.int(int64(q.End))
	w.key(false, "context")
	w.str(q.Context)
	w.key(false, "kind")
	w.str(q.Kind)
	w.key(false, "placement")
	w.str(q.Placement)
	w.key(false, "cue")
	w.str(q.Cue)
	w.key(false, "said_when")
	w.str(q.SaidWhen)
	w.key(false, "said_on")
	w.strPtr(q.SaidOn)
	w.key(false, "setting")
	w.str(q.Setting)
	w.key(false, "status")
	w.str(q.Status)
	w.key(false, "confidence")
	w.float(q.Confidence)
	w.key(false, "continues_id")
	w.intPtr(q.ContinuesID)
	w.key(false, "reported_at")
	w.time(q.ReportedAt)
	w.key(false, "created_at")
	w.time(q.CreatedAt)
	w.key(false, "updated_at")
	w.time(q.UpdatedAt)
	if q.Snippet != "" {
		w.key(false, "snippet")
		w.str(q.Snippet)
	}
	if q.Corroboration != nil {
		w.key(false, "corroboration")
		q.Corroboration.appendJSON(w)
	}
	w.end()
}

func (w *jsonOut) quotes(qs []Quote) {
	w.list(qs == nil, len(qs), func(i int) { qs[i].appendJSON(w) })
}

func (l QuoteList) appendJSON(w *jsonOut) {
	w.key(true, "data")
	w.quotes(l.Data)
	w.key(false, "total")
	w.int(l.Total)
	w.key(false, "total_is_estimate")
	w.bool(l.TotalIsEstimate)
	w.key(false, "next_cursor")
	w.strPtr(l.NextCursor)
	w.key(false, "links")
	l.Links.appendJSON(w)
	w.end()
}

func (s Speaker) appendJSON(w *jsonOut) {
	w.key(true, "id")
	w.int(s.ID)
	w.key(false, "name")
	w.str(s.Name)
	w.key(false, "slug")
	w.str(s.Slug)
	w.key(false, "kind")
	w.str(s.Kind)
	w.key(false, "description")
	w.str(s.Description)
	w.key(false, "role")
	w.str(s.Role)
	w.key(false, "wikidata_qid")
	w.strPtr(s.WikidataQID)
	w.key(false, "quote_count")
	w.int(s.QuoteCount)
	w.key(false, "aliases")
	w.aliases(s.Aliases)
	w.key(false, "created_at")
	w.time(s.CreatedAt)
	w.key(false, "updated_at")
	w.time(s.UpdatedAt)
	w.end()
}

func (l SpeakerList) appendJSON(w *jsonOut) {
	w.key(true, "data")
	w.list(l.Data == nil, len(l.Data), func(i int) { l.Data[i].appendJSON(w) })
	w.key(false, "total")
	w.int(l.Total)
	w.key(false, "total_is_estimate")
	w.bool(l.TotalIsEstimate)
	w.key(false, "next_cursor")
	w.strPtr(l.NextCursor)
	w.key(false, "links")
	l.Links.appendJSON(w)
	w.end()
}

func (d DiffOp) appendJSON(w *jsonOut) {
	w.key(true, "op")
	w.str(d.Op)
	w.key(false, "said")
	w.strs(d.Said)
	w.key(false, "claimed")
	w.strs(d.Claimed)
	w.end()
}

func (w *jsonOut) diff(ops []DiffOp) {
	w.list(ops == nil, len(ops), func(i int) { ops[i].appendJSON(w) })
}

func (r Report) appendJSON(w *jsonOut) {
	w.key(true, "id")
	w.int(r.QuoteID)
	w.key(false, "text")
	w.str(r.Text)
	w.key(false, "source")
	if r.Source == nil {
		w.null()
	} else {
		r.Source.appendJSON(w)
	}
	w.key(false, "reported_at")
	w.time(r.ReportedAt)
	w.end()
}

func (v Variant) appendJSON(w *jsonOut) {
	w.key(true, "text")
	w.str(v.Text)
	w.key(false, "quote_ids")
	w.ints(v.QuoteIDs)
	w.key(false, "outlets")
	w.strs(v.Outlets)
	w.end()
}

func (r UtteranceReport) appendJSON(w *jsonOut) {
	w.key(true, "quote")
	r.Quote.appendJSON(w)
	w.key(false, "first")
	w.bool(r.First)
	w.key(false, "diff")
	w.diff(r.Diff)
	w.end()
}

func (c Corroboration) appendJSON(w *jsonOut) {
	w.key(true, "quote_id")
	w.int(c.QuoteID)
	w.key(false, "utterance_id")
	w.intPtr(c.UtteranceID)
	w.key(false, "first_report")
	c.FirstReport.appendJSON(w)
	w.key(false, "reports")
	w.list(c.Reports == nil, len(c.Reports), func(i int) { c.Reports[i].appendJSON(w) })
	w.key(false, "variants")
	w.list(c.Variants == nil, len(c.Variants), func(i int) { c.Variants[i].appendJSON(w) })
	w.end()
}

func (m SpeakerMatch) appendJSON(w *jsonOut) {
	w.key(true, "speaker")
	m.Speaker.appendJSON(w)
	w.key(false, "confidence")
	w.float(m.Confidence)
	w.key(false, "matched_name")
	w.str(m.MatchedName)
	w.end()
}

func (e Evidence) appendJSON(w *jsonOut) {
	w.key(true, "quote")
	e.Quote.appendJSON(w)
	w.key(false, "score")
	w.float(e.Similarity)
	w.key(false, "exact")
	w.bool(e.Exact)
	w.key(false, "fragment")
	w.bool(e.Fragment)
	w.key(false, "stitched")
	w.bool(e.Stitched)
	w.key(false, "speaker_match")
	w.float(e.SpeakerMatch)
	w.key(false, "diff")
	w.diff(e.Diff)
	w.key(false, "reports")
	w.list(e.Reports == nil, len(e.Reports), func(i int) { e.Reports[i].appendJSON(w) })
	w.key(false, "earliest_report")
	e.EarliestReport.appendJSON(w)
	w.end()
}

func (v VerifyResult) appendJSON(w *jsonOut) {
	w.key(true, "claim")
	w.str(v.Claim)
	w.key(false, "claimed_speaker")
	w.strPtr(v.ClaimedSpeaker)
	w.key(false, "verdict")
	w.str(v.Verdict)
	w.key(false, "confidence")
	w.float(v.Confidence)
	w.key(false, "reason")
	w.str(v.Explanation)
	w.key(false, "said_by")
	if v.SaidBy == nil {
		w.null()
	} else {
		v.SaidBy.appendJSON(w)
	}
	w.key(false, "speaker_matches")
	w.list(v.SpeakerMatches == nil, len(v.SpeakerMatches), func(i int) { v.SpeakerMatches[i].appendJSON(w) })
	w.key(false, "evidence")
	w.list(v.Evidence == nil, len(v.Evidence), func(i int) { v.Evidence[i].appendJSON(w) })
	w.key(false, "compared")
	w.int(int64(v.Compared))
	w.end()
}
