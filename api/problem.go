package api

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
)

// ProblemContentType is the media type of every error response.
const ProblemContentType = "application/problem+json"

// Problem is an RFC 9457 problem document: every error response has this
// shape. Type is about:blank (the status says it all); Title is the
// status's name; Detail says what went wrong in words for a person; Errors
// names each bad input field.
type Problem struct {
	Type      string         `json:"type" example:"about:blank"`
	Title     string         `json:"title" example:"Bad Request"`
	Status    int            `json:"status" example:"400"`
	Detail    string         `json:"detail" example:"invalid limit"`
	Instance  string         `json:"instance" example:"/api/v1/quotes"`
	RequestID string         `json:"request_id" example:"3f9c2a7e8b1d4c6f9a0e5d2b7c8f1a3e"`
	Errors    []ProblemField `json:"errors,omitempty"`
} //@name Problem

// ProblemField names one bad input field (a JSON field, a query parameter
// or a path parameter) and what is wrong with it.
type ProblemField struct {
	Field   string `json:"field" example:"limit"`
	Message string `json:"message" example:"must be between 1 and 100"`
} //@name ProblemField

// statusOf is the one map from error kinds to HTTP statuses.
var statusOf = map[errs.Kind]int{
	errs.Internal:      http.StatusInternalServerError,
	errs.Invalid:       http.StatusBadRequest,
	errs.NotFound:      http.StatusNotFound,
	errs.Conflict:      http.StatusConflict,
	errs.Unauthorized:  http.StatusUnauthorized,
	errs.Forbidden:     http.StatusForbidden,
	errs.TooLarge:      http.StatusRequestEntityTooLarge,
	errs.RateLimited:   http.StatusTooManyRequests,
	errs.Unavailable:   http.StatusServiceUnavailable,
	errs.Unprocessable: http.StatusUnprocessableEntity,
}

// internalDetail is all a client learns of an internal error.
const internalDetail = "Internal error."

// problems writes errors as problem documents and logs the ones that are
// the server's fault.
type problems struct {
	log *slog.Logger
}

// problemFor builds the problem document for err. Errors that are not an
// *errs.Error, and those of kind Internal, reveal nothing; they are logged
// by the caller instead.
func problemFor(err error) (p Problem, internal bool) {
	status := http.StatusInternalServerError
	detail := internalDetail
	var fields []ProblemField
	if e, ok := errs.As(err); ok && e.Kind != errs.Internal {
		if s, known := statusOf[e.Kind]; known {
			status, detail = s, e.Message
			for _, f := range e.Fields {
				fields = append(fields, ProblemField{Field: f.Field, Message: f.Message})
			}
		}
	}
	return Problem{
		Type:   "about:blank",
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
		Errors: fields,
	}, status == http.StatusInternalServerError
}

// StatusClientClosedRequest is the status (nginx's 499) given to a request
// whose client went away before it was answered: in the access log and the
// metrics it is neither a success nor the server's fault, so it does not
// page anyone as a 5xx would. Nobody reads its answer, so it has no body.
const StatusClientClosedRequest = 499

// write writes err as a problem document and aborts the chain. It is the
// only place an error becomes a response. When the client has gone away,
// whatever the error (it is most often the cancellation itself), the
// answer is a bodiless 499 logged at info.
func (ps problems) write(c *gin.Context, err error) {
	if errs.ClientGone(c.Request.Context()) {
		ps.log.InfoContext(c.Request.Context(), "client closed request",
			"request_id", requestIDOf(c), "method", c.Request.Method, "path", c.Request.URL.Path,
			"status", StatusClientClosedRequest, "err", err)
		c.Status(StatusClientClosedRequest)
		c.Abort()
		return
	}
	p, internal := problemFor(err)
	p.Instance = c.Request.URL.Path
	p.RequestID = requestIDOf(c)
	switch {
	case internal || p.Status >= http.StatusInternalServerError:
		ps.log.ErrorContext(c.Request.Context(), "request failed",
			"request_id", p.RequestID, "method", c.Request.Method, "path", p.Instance,
			"status", p.Status, "kind", errs.KindOf(err).String(), "err", err)
	default:
		ps.log.DebugContext(c.Request.Context(), "request refused",
			"request_id", p.RequestID, "status", p.Status, "err", err)
	}
	ps.writeProblem(c, p)
}

func (ps problems) writeProblem(c *gin.Context, p Problem) {
	body, err := json.Marshal(p)
	if err != nil { // cannot happen: Problem holds only strings and ints
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
	}
	c.Header("Cache-Control", "no-store")
	if p.Status == http.StatusUnauthorized && c.Writer.Header().Get("WWW-Authenticate") == "" {
		c.Header("WWW-Authenticate", `Bearer realm="whosaid"`) // RFC 9110: every 401 names its scheme
	}
	if c.Writer.Written() {
		// A handler failed after starting its answer; all we can do is log.
		ps.log.ErrorContext(c.Request.Context(), "error after response started",
			"request_id", p.RequestID, "status", p.Status)
		c.Abort()
		return
	}
	c.Data(p.Status, ProblemContentType, body)
	c.Abort()
}

// handle adapts a handler that returns an error to gin: the error, if any,
// is written by write.
func (ps problems) handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			ps.write(c, err)
		}
	}
}

// recovered answers a panic with the same 500 problem as any internal
// error, and logs the panic value and stack.
func (ps problems) recovered(c *gin.Context, v any) {
	err, ok := v.(error)
	if !ok {
		err = fmt.Errorf("panic: %v", v)
	}
	ps.log.ErrorContext(c.Request.Context(), "panic serving request",
		"request_id", requestIDOf(c), "method", c.Request.Method, "path", c.Request.URL.Path,
		"panic", err, "stack", string(debug.Stack()))
	p, _ := problemFor(err)
	p.Instance = c.Request.URL.Path
	p.RequestID = requestIDOf(c)
	ps.writeProblem(c, p)
}

// noRoute answers a path that matches no route.
func (ps problems) noRoute(c *gin.Context) {
	ps.write(c, errs.E(errs.NotFound, "no such resource: %s", c.Request.URL.Path))
}

// noMethod answers a method the path does not support (gin has set the
// Allow header).
func (ps problems) noMethod(c *gin.Context) {
	p, _ := problemFor(nil)
	p.Status = http.StatusMethodNotAllowed
	p.Title = http.StatusText(p.Status)
	p.Detail = fmt.Sprintf("%s is not allowed on %s; allowed: %s", c.Request.Method, c.Request.URL.Path, c.Writer.Header().Get("Allow"))
	p.Instance = c.Request.URL.Path
	p.RequestID = requestIDOf(c)
	ps.writeProblem(c, p)
}
