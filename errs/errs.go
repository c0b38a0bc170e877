// Package errs is whosaid's one error vocabulary. Every layer returns an
// *Error (or wraps one) when the failure is the caller's to act on; the api
// package turns the kind into an HTTP status and an RFC 9457 problem
// document in exactly one place. Anything that is not an *Error is an
// internal failure: logged, never shown to the client.
package errs

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Kind says what sort of failure an Error is, independent of transport.
type Kind int

// The kinds of failure. Internal is the zero value so that a forgotten kind
// is never mistaken for the client's fault.
const (
	Internal      Kind = iota // a bug or an unavailable dependency
	Invalid                   // the request is malformed or fails validation
	NotFound                  // the thing asked for does not exist
	Conflict                  // the request clashes with the current state
	Unauthorized              // no or bad credentials
	Forbidden                 // credentials valid but not allowed
	TooLarge                  // the request body is over the limit
	RateLimited               // too many requests
	Unavailable               // temporarily unable to serve (e.g. database down)
	Unprocessable             // well-formed, but its content breaks a rule or a limit (a hidden character in a name, too many quotations)
)

// String names the kind for logs.
func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case Unauthorized:
		return "unauthorized"
	case Forbidden:
		return "forbidden"
	case TooLarge:
		return "too_large"
	case RateLimited:
		return "rate_limited"
	case Unavailable:
		return "unavailable"
	case Unprocessable:
		return "unprocessable"
	}
	return "internal"
}

// FieldError names one bad input field and says what is wrong with it, in
// words a person can act on. Field is the JSON or query-parameter name.
type FieldError struct {
	Field   string `json:"field" example:"limit"`
	Message string `json:"message" example:"must be between 1 and 100"`
}

// Error is a failure with a kind and a message fit to show the client.
type Error struct {
	Kind    Kind
	Message string
	Fields  []FieldError
	Err     error // the underlying cause, for logs only
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// E builds an Error of the given kind with a formatted message.
func E(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Invalidf reports one bad field.
func Invalidf(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Kind: Invalid, Message: fmt.Sprintf("invalid %s: %s", field, msg), Fields: []FieldError{{Field: field, Message: msg}}}
}

// NotFoundf reports a missing thing.
func NotFoundf(format string, args ...any) *Error { return E(NotFound, format, args...) }

// Conflictf reports a clash with the current state.
func Conflictf(format string, args ...any) *Error { return E(Conflict, format, args...) }

// Fields collects field errors so that validation can report every bad
// field at once instead of one per round trip.
type Fields []FieldError

// Add records a problem with one field.
func (fs *Fields) Add(field, format string, args ...any) {
	*fs = append(*fs, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns nil when no field was bad, else an Invalid error listing them.
func (fs Fields) Err() error {
	if len(fs) == 0 {
		return nil
	}
	if len(fs) == 1 {
		return &Error{Kind: Invalid, Message: "invalid " + fs[0].Field + ": " + fs[0].Message, Fields: fs}
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Field + " " + f.Message
	}
	return &Error{Kind: Invalid, Message: "invalid input: " + strings.Join(parts, "; "), Fields: fs}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// KindOf returns the kind of err: its *Error's kind, or Internal.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.Kind
	}
	return Internal
}

// ClientGone reports whether ctx, a request's context, was cancelled
// because the client went away (net/http cancels it when the connection
// closes), rather than timed out. A request that fails then is nobody's
// fault and nobody reads its answer: the transport answers it apart from
// errors (the api package and the page with 499, logged at info).
func ClientGone(ctx context.Context) bool {
	return errors.Is(ctx.Err(), context.Canceled)
}
