package handlers

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
)

// writeJSON writes v as the response body. It does not escape <, > and &
// (snippets are HTML with <mark>s), which is safe for application/json. Wire types
// with a hand-made encoder (jsonwire.go) skip reflection; what they cannot
// write goes to encoding/json, whose error gin reports as before.
func writeJSON(c *gin.Context, status int, v any) {
	if _, ok := v.(jsonAppender); ok {
		if body, err := encodeJSON(nil, v); err == nil {
			c.Data(status, jsonContentType, body)
			return
		}
	}
	c.PureJSON(status, v)
}

// jsonContentType is what gin's JSON renderers send.
const jsonContentType = "application/json; charset=utf-8"

// requestURL is the absolute URL of the request, as the client addressed
// this server.
func requestURL(c *gin.Context) *url.URL {
	u := *c.Request.URL
	u.Scheme = "http"
	if c.Request.TLS != nil {
		u.Scheme = "https"
	}
	u.Host = c.Request.Host
	u.User = nil
	u.Fragment = ""
	return &u
}

// pageLinks returns the URLs of this page and of the next one, which is the
// same request with the cursor replaced (nil when there is no next page).
func pageLinks(c *gin.Context, next string) Links {
	self := requestURL(c)
	links := Links{Self: self.String()}
	if next != "" {
		q := self.Query()
		q.Set("cursor", next)
		self.RawQuery = q.Encode()
		s := self.String()
		links.Next = &s
	}
	return links
}

// location returns the absolute URL of a created resource at path.
func location(c *gin.Context, path string) string {
	u := requestURL(c)
	u.Path, u.RawPath, u.RawQuery = path, "", ""
	return u.String()
}

// noContent answers a successful DELETE.
func noContent(c *gin.Context) {
	c.Status(http.StatusNoContent)
}
