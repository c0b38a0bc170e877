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
	"github.com/whosaid/whosaid/store"
)

// Request body limits. A body over its limit is refused with errs.TooLarge
// before it is decoded; field limits inside it are checked after decoding
// and reported as errs.Invalid naming the field.
const (
	maxBody       = 1 << 20 // 1 MiB: quotes, speakers, aliases, patches
	maxSourceBody = 8 << 20 // 8 MiB: a source or a text to preview (text ≤ store.MaxSourceBytes, JSON-escaped)
)

// Field limits.
const (
	maxQuoteText = store.MaxQuoteChars // characters of a quote
	maxName      = 200                 // characters of a name, outlet, author, slug
	maxTitle     = 1000                // characters of a source's title (headlines run long)
	maxShort     = 200                 // characters of a cue, setting, "said when"
	maxContext   = 5000                // characters of a quote's context
	maxDesc      = 2000                // characters of a description
	maxURL       = 2048                // bytes of a URL
	maxQuery     = 500                 // characters of a search query
	maxAliases   = 100                 // aliases in one request
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
	if err := checkNUL(body); err != nil {
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

// checkNUL refuses a body with a NUL character in any string (a "\u0000"
// escape), naming the field that holds it (inner.n, aliases[1]): no field
// of ours takes one, and tools downstream cut text short at NUL.
func checkNUL(body []byte) error {
	if !bytes.Contains(body, []byte(`\u0000`)) {
		return nil
	}
	type frame struct {
		array   bool
		key     string // the object's current key
		idx     int    // the array's next index
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
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // not valid JSON: decoding reports it
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, frame{wantKey: true})
			case '[':
				stack = append(stack, frame{array: true})
			default:
				stack = stack[:len(stack)-1]
				value()
			}
			continue
		case string:
			if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].wantKey {
				stack[n-1].key, stack[n-1].wantKey = v, false
				if strings.ContainsRune(v, 0) {
					return errs.Invalidf("body", "field names must not contain NUL characters")
				}
				continue
			}
			if strings.ContainsRune(v, 0) {
				return errs.Invalidf(name(), "must not contain NUL characters")
			}
		}
		value()
	}
}
