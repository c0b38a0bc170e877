package handlers

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
)

// writeJSON writes v as the response body. It does not escape <, > and &
// (snippets are HTML with <mark>s), which is safe for application/json.
// Wire types with a hand-made encoder (jsonwire.go) skip reflection; what
// they cannot write goes to encoding/json, whose error gin reports as
// before.
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

// linkBaseKey is the gin context key of the request's link base.
const linkBaseKey = "whosaid.link_base"

// SetLinkBase sets the scheme, host and path prefix that the links and
// Location headers of c's answer start with: the service's public URL, or
// what a trusted proxy said the client asked for. The api package's
// middleware sets it; without it, links are relative (a path and a
// query), so that a request's Host header never makes a link.
func SetLinkBase(c *gin.Context, base *url.URL) {
	c.Set(linkBaseKey, base)
}

// linkURL is the URL that a link to path (with its query) is written as:
// under the request's link base when it has one, else relative. (A value,
// not a pointer: callers keep it on the stack.)
func linkURL(c *gin.Context, path, rawPath, rawQuery string) url.URL {
	u := url.URL{Path: path, RawPath: rawPath, RawQuery: rawQuery}
	if v, ok := c.Get(linkBaseKey); ok {
		if b, _ := v.(*url.URL); b != nil {
			prefix := strings.TrimSuffix(b.Path, "/")
			u.Scheme, u.Host, u.Path = b.Scheme, b.Host, prefix+path
			if rawPath != "" {
				u.RawPath = prefix + rawPath
			}
		}
	}
	return u
}

// requestURL is the URL of the request as links name it (see linkURL).
func requestURL(c *gin.Context) url.URL {
	return linkURL(c, c.Request.URL.Path, c.Request.URL.RawPath, c.Request.URL.RawQuery)
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

// location returns the URL of a created resource at path, for the
// Location header (absolute only under a link base; RFC 9110 allows a
// relative one).
func location(c *gin.Context, path string) string {
	u := linkURL(c, path, "", "")
	return u.String()
}

// noContent answers a successful DELETE.
func noContent(c *gin.Context) {
	c.Status(http.StatusNoContent)
}
