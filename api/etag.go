package api

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/gin-gonic/gin"
)

// Cache lifetimes of successful API reads: a list may be a few seconds
// stale; a single resource is always revalidated, which its ETag makes
// cheap (304, no body). Errors are never stored (problem.go says
// no-store).
const (
	listCacheControl = "public, max-age=10"
	itemCacheControl = "no-cache"
)

// etag buffers the answer to an API GET (or HEAD) and, when it is a 200, gives it an
// ETag (a hash of the body) and a Cache-Control; a request whose
// If-None-Match holds that ETag is answered 304 Not Modified with no body.
// The hash is 64-bit xxhash: an ETag only has to tell one URL's bodies
// apart (a collision between two versions of one answer is a 2^-64
// chance), and it costs a tenth of SHA-256 on every GET. The buffered
// body goes out with its Content-Length in one write, never chunked.
func etag(c *gin.Context) {
	if (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) || !strings.HasPrefix(c.Request.URL.Path, "/api/") {
		c.Next()
		return
	}
	orig := c.Writer
	bw := bufferedWriters.Get().(*bufferedWriter)
	*bw = bufferedWriter{ResponseWriter: orig, status: http.StatusOK, buf: bw.buf}
	c.Writer = bw
	defer func() {
		c.Writer = orig
		bw.ResponseWriter = nil
		if bw.buf.Cap() <= maxPooledBody {
			bw.buf.Reset()
			bufferedWriters.Put(bw)
		}
	}()
	c.Next()
	c.Writer = orig

	h := orig.Header()
	if bw.status == http.StatusOK {
		var tagBuf [18]byte
		tagBuf[0] = '"'
		hex := strconv.AppendUint(tagBuf[:1], xxhash.Sum64(bw.buf.Bytes()), 16)
		tag := string(append(hex, '"'))
		h.Set("ETag", tag)
		if h.Get("Cache-Control") == "" {
			if isListRoute(c.FullPath()) {
				h.Set("Cache-Control", listCacheControl)
			} else {
				h.Set("Cache-Control", itemCacheControl)
			}
		}
		addVary(h, "Accept")
		if etagMatches(c.GetHeader("If-None-Match"), tag) {
			for _, k := range []string{"Content-Type", "Content-Length"} {
				h.Del(k)
			}
			orig.WriteHeader(http.StatusNotModified)
			orig.WriteHeaderNow()
			return
		}
	}
	orig.WriteHeader(bw.status)
	if bw.buf.Len() == 0 {
		if bw.wrote {
			orig.WriteHeaderNow()
		}
		return
	}
	h.Set("Content-Length", strconv.Itoa(bw.buf.Len()))
	_, _ = orig.Write(bw.buf.Bytes())
}

// isListRoute says whether a route pattern names a collection (its last
// segment is not a parameter): /quotes, /speakers/:id/quotes.
func isListRoute(route string) bool {
	last := route[strings.LastIndexByte(route, '/')+1:]
	return route != "" && !strings.HasPrefix(last, ":") && !strings.HasPrefix(last, "*")
}

// etagMatches applies If-None-Match's weak comparison.
func etagMatches(header, tag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}

// addVary adds a field to the Vary header unless it is there.
func addVary(h http.Header, field string) {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), field) {
				return
			}
		}
	}
	h.Add("Vary", field)
}

// bufferedWriters keeps the buffers of answered requests for the next
// ones: growing a fresh buffer for every answer was a tenth of a cached
// read's CPU. Buffers that grew past maxPooledBody (a big export) are
// left to the collector so that the pool does not pin them.
var bufferedWriters = sync.Pool{New: func() any { return new(bufferedWriter) }}

const maxPooledBody = 64 << 10

// bufferedWriter keeps a handler's status and body until the etag
// middleware has seen them.
type bufferedWriter struct {
	gin.ResponseWriter
	status int
	wrote  bool
	buf    bytes.Buffer
}

func (w *bufferedWriter) WriteHeader(code int) {
	if code > 0 && !w.wrote {
		w.status = code
	}
}
func (w *bufferedWriter) WriteHeaderNow()             { w.wrote = true }
func (w *bufferedWriter) Write(b []byte) (int, error) { w.wrote = true; return w.buf.Write(b) }
func (w *bufferedWriter) WriteString(s string) (int, error) {
	w.wrote = true
	return w.buf.WriteString(s)
}
func (w *bufferedWriter) Status() int   { return w.status }
func (w *bufferedWriter) Written() bool { return w.wrote }
func (w *bufferedWriter) Flush()        {}
func (w *bufferedWriter) Size() int {
	if !w.wrote {
		return -1
	}
	return w.buf.Len()
}
