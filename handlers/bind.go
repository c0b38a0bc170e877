package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
)

// Request body limits. A body over its limit is refused with errs.TooLarge
// before it is decoded; field limits inside it are checked after decoding
// and reported as errs.Invalid naming the field.
const (
	maxBody       = 1 << 20 // 1 MiB: quotes, speakers, aliases, patches
	maxSourceBody = 8 << 20 // 8 MiB: a source or a text to preview (text ≤ models.MaxSourceBytes, JSON-escaped)
)

// Field limits: those of what is stored are models'.
const (
	maxQuoteText = models.MaxQuoteChars       // characters of a quote
	maxName      = models.MaxNameChars        // characters of a name, outlet, author, slug
	maxTitle     = models.MaxTitleChars       // characters of a source's title
	maxShort     = models.MaxShortChars       // characters of a cue, setting, "said when"
	maxContext   = models.MaxContextChars     // characters of a quote's context
	maxDesc      = models.MaxDescriptionChars // characters of a description
	maxURL       = models.MaxURLBytes         // bytes of a URL
	maxQuery     = 500                        // characters of a search query
	maxAliases   = 100                        // aliases in one request
)

// decodeJSON reads the request body (at most limit bytes) into dst, which
// must be a pointer to a struct. It is strict, in the way clients deserve to
// be told early: unknown fields, trailing data, wrong JSON types, an empty
// body and invalid UTF-8 are all errs.Invalid naming the JSON field (or
// "body" when no field is to blame); a body over limit is errs.TooLarge.
func decodeJSON(c *gin.Context, limit int64, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &errs.Error{Kind: errs.TooLarge, Message: fmt.Sprintf("request body is larger than %d bytes", limit),
				Fields: []errs.FieldError{{Field: "body", Message: fmt.Sprintf("must be at most %d bytes", limit)}}}
		}
		return &errs.Error{Kind: errs.Invalid, Message: "cannot read request body",
			Fields: []errs.FieldError{{Field: "body", Message: "could not be read"}}, Err: err}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return errs.Invalidf("body", "must be a JSON object, not empty")
	}
	if !utf8.Valid(body) {
		return invalidUTF8(body)
	}
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] != '{' {
		return errs.Invalidf("body", "must be a JSON object")
	}
	if err := checkBody(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return errs.Invalidf("body", "must hold a single JSON value with nothing after it")
	}
	return nil
}

// invalidUTF8 names the top-level field whose value holds invalid UTF-8
// (encoding/json would silently turn it into U+FFFD), or "body".
func invalidUTF8(body []byte) error {
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) == nil {
		for k, v := range top {
			if !utf8.Valid(v) && utf8.ValidString(k) {
				return errs.Invalidf(k, "must be valid UTF-8")
			}
		}
	}
	return errs.Invalidf("body", "must be valid UTF-8")
}

// jsonError turns a decoding error into errs.Invalid naming the field.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return errs.Invalidf("body", "must be a JSON object, not empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errs.Invalidf("body", "is not valid JSON: it ends too early")
	case errors.As(err, &syn):
		return errs.Invalidf("body", "is not valid JSON (at byte %d)", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return errs.Invalidf("body", "must be a JSON object")
		}
		return errs.Invalidf(typ.Field, "must be %s", jsonTypeName(typ.Type))
	}
	// encoding/json reports an unknown field only in its message.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unq, uerr := strconv.Unquote(name); uerr == nil {
			name = unq
		}
		return errs.Invalidf(name, "is not a known field")
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	return &errs.Error{Kind: errs.Invalid, Message: "invalid request body",
		Fields: []errs.FieldError{{Field: "body", Message: "could not be decoded"}}, Err: err}
}

// jsonTypeName says in JSON terms what a Go type accepts.
func jsonTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if p, ok := reflect.New(t).Interface().(interface{ jsonType() string }); ok {
		return p.jsonType()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "of another type"
}

// Opt is a field of a PATCH body: it tells a field that was left out (Set
// false) from one set to null (Null true) and from one set to a value.
type Opt[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON records that the field was present.
func (o *Opt[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

func (o *Opt[T]) jsonType() string {
	return jsonTypeName(reflect.TypeOf(o.Value))
}

// ptr returns a pointer to the value, or nil when the field was left out.
// A null is reported as an error naming field: use it for fields that
// cannot be cleared.
func (o Opt[T]) ptr(fs *errs.Fields, field string) *T {
	if !o.Set {
		return nil
	}
	if o.Null {
		fs.Add(field, "cannot be null")
		return nil
	}
	v := o.Value
	return &v
}

// checkString reports, under field, a string with a NUL byte, invalid
// UTF-8, more than max characters, or nothing but spaces when required.
func checkString(fs *errs.Fields, field, s string, required bool, max int) {
	switch {
	case !utf8.ValidString(s):
		fs.Add(field, "must be valid UTF-8")
	case strings.ContainsRune(s, 0):
		fs.Add(field, "must not contain NUL characters")
	case required && strings.TrimSpace(s) == "":
		fs.Add(field, "is required")
	case utf8.RuneCountInString(s) > max:
		fs.Add(field, "must be at most %d characters", max)
	}
}

// checkEnum reports a value that is not one of allowed. An empty value is
// accepted: it means "the default".
func checkEnum(fs *errs.Fields, field, v string, allowed ...string) {
	if v == "" {
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	fs.Add(field, "must be one of %s", strings.Join(allowed, ", "))
}

// pathID parses the path parameter name as a positive 64-bit id. Anything
// else is errs.Invalid naming field.
func pathID(c *gin.Context, name, field string) (int64, error) {
	s := c.Param(name)
	if s == "" || len(s) > 19 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, errs.Invalidf(field, "must be a positive integer")
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, errs.Invalidf(field, "must be a positive integer")
	}
	return id, nil
}

// checkBody refuses a body that names a field twice in one object
// (encoding/json would keep the last silently, so a proxy or a log could
// read the other), or holds a NUL character in any string (a "\u0000"
// escape: no field of ours takes one, and tools downstream cut text short
// at NUL). It names the field: name, inner.n, aliases[1]. It scans the
// bytes once, looking only at strings and brackets, and leaves a body
// that is not JSON to the decoder to report.
func checkBody(body []byte) error {
	type frame struct {
		array   bool
		key     string              // the object's current key
		keys    map[string]struct{} // the object's keys so far
		idx     int                 // the array's next index
		wantKey bool
	}
	var stack []frame
	name := func() string {
		var b strings.Builder
		for i, f := range stack {
			switch {
			case f.array:
				fmt.Fprintf(&b, "[%d]", f.idx)
			case i > 0:
				b.WriteString("." + f.key)
			default:
				b.WriteString(f.key)
			}
		}
		if b.Len() == 0 {
			return "body"
		}
		return b.String()
	}
	// value is called after each complete value, to step the parent on.
	value := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].array {
				stack[n-1].idx++
			} else {
				stack[n-1].wantKey = true
			}
		}
	}
	hasNUL := bytes.Contains(body, []byte(`\u0000`))
	for i := 0; i < len(body); {
		switch body[i] {
		case ' ', '\t', '\n', '\r', ',', ':':
			i++
		case '{', '[':
			if len(stack) >= maxJSONDepth {
				return nil // the decoder refuses it: "exceeded max depth"
			}
			stack = append(stack, frame{array: body[i] == '[', wantKey: body[i] == '{'})
			i++
		case '}', ']':
			if len(stack) == 0 {
				return nil
			}
			stack = stack[:len(stack)-1]
			value()
			i++
		case '"':
			end := jsonStringEnd(body, i+1)
			if end < 0 {
				return nil
			}
			raw := body[i+1 : end]
			i = end + 1
			top := len(stack) - 1
			if top >= 0 && !stack[top].array && stack[top].wantKey {
				key, ok := jsonUnquote(raw)
				if !ok {
					return nil
				}
				if strings.ContainsRune(key, 0) {
					return errs.Invalidf("body", "field names must not contain NUL characters")
				}
				f := &stack[top]
				if f.keys == nil {
					f.keys = map[string]struct{}{}
				}
				f.key, f.wantKey = key, false
				if _, dup := f.keys[key]; dup {
					return errs.Invalidf(name(), "appears more than once; send each field once")
				}
				f.keys[key] = struct{}{}
				continue
			}
			if hasNUL && bytes.Contains(raw, []byte(`\u0000`)) {
				if v, ok := jsonUnquote(raw); ok && strings.ContainsRune(v, 0) {
					return errs.Invalidf(name(), "must not contain NUL characters")
				}
			}
			value()
		default: // a number, true, false or null
			for i < len(body) && !strings.ContainsRune(" \t\n\r,:]}", rune(body[i])) {
				i++
			}
			value()
		}
	}
	return nil
}

// maxJSONDepth is encoding/json's nesting limit: checkBody stops there
// rather than keep a frame for each of millions of brackets.
const maxJSONDepth = 10000

// jsonStringEnd returns the index of the quote that ends the JSON string
// whose text starts at from, or -1.
func jsonStringEnd(body []byte, from int) int {
	for j := from; ; {
		k := bytes.IndexByte(body[j:], '"')
		if k < 0 {
			return -1
		}
		q := j + k
		slashes := 0
		for p := q - 1; p >= from && body[p] == '\\'; p-- {
			slashes++
		}
		if slashes%2 == 0 {
			return q
		}
		j = q + 1
	}
}

// jsonUnquote decodes the text of a JSON string (without its quotes).
func jsonUnquote(raw []byte) (string, bool) {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw), true
	}
	var s string
	err := json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &s)
	return s, err == nil
}
