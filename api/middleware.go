package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
)

// RequestIDHeader carries a request's id, in the request (when the client
// or a proxy sets a sane one) and always in the response.
const RequestIDHeader = "X-Request-ID"

// requestIDKey is the gin context key of the request id.
const requestIDKey = "whosaid.request_id"

type ctxKey struct{}

// RequestIDFrom returns the request id that the router's middleware put in
// ctx, or "". The store and other layers may log it.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// requestID takes the client's X-Request-ID when it is sane (1 to 128
// characters of letters, digits and -_.:) or makes a random one, echoes it
// in the response and puts it in the request's context.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(RequestIDHeader)
		if !saneRequestID(id) {
			id = newRequestID()
		}
		c.Set(requestIDKey, id)
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), ctxKey{}, id))
		c.Header(RequestIDHeader, id)
		c.Next()
	}
}

func saneRequestID(id string) bool {
	if len(id) == 0 || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '-', b == '_', b == '.', b == ':':
		default:
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// requestIDOf returns the id requestID gave the request.
func requestIDOf(c *gin.Context) string {
	return c.GetString(requestIDKey)
}

// accessLog logs one line per request once it is answered.
func accessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		route := c.FullPath()
		if route == "" {
			route = "(none)"
		}
		attrs := []slog.Attr{
			slog.String("method", c.Request.Method),
			slog.String("route", route),
			slog.String("path", c.Request.URL.Path),
			slog.Int("status", status),
			slog.Duration("latency", time.Since(start)),
			slog.Int("bytes", c.Writer.Size()),
			slog.String("request_id", requestIDOf(c)),
		}
		if k := keyOf(c); k != nil { // the audit trail: which key did it
			attrs = append(attrs, slog.Int64("key_id", k.ID), slog.String("key", k.Name))
		}
		log.LogAttrs(c.Request.Context(), level, "request", attrs...)
	}
}
