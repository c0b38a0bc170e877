package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
)

// CORS answers for newsroom tools in the browser: requests to /api/ from
// an allowed origin may read the answer, preflights are handled, and
// Authorization may be sent. No cookies are used, so credentials are not
// allowed.
const (
	corsMethods = "GET, POST, PATCH, DELETE"
	corsHeaders = "Authorization, Content-Type, Accept, If-None-Match, X-Request-ID, X-Reviewer"
	corsExpose  = "ETag, Location, Retry-After, X-Request-ID, WWW-Authenticate"
	corsMaxAge  = "600"
)

// ParseOrigins reads a comma-separated list of allowed origins
// (https://desk.example.org, http://localhost:3000) or "*" for any.
func ParseOrigins(s string) ([]string, error) {
	var out []string
	for _, o := range strings.Split(s, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		if o == "*" {
			out = append(out, o)
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
			return nil, fmt.Errorf("CORS origin %q must be scheme://host[:port], like https://desk.example.org", o)
		}
		out = append(out, u.Scheme+"://"+strings.ToLower(u.Host))
	}
	return out, nil
}

// cors returns the CORS middleware for the allowed origins (none: no
// cross-origin reads).
func cors(origins []string, ps problems) gin.HandlerFunc {
	allowed := map[string]bool{}
	for _, o := range origins {
		allowed[o] = true
	}
	return func(c *gin.Context) {
		origin := c.GetHeader("Origin")
		if !strings.HasPrefix(c.Request.URL.Path, "/api/") || len(allowed) == 0 {
			c.Next()
			return
		}
		h := c.Writer.Header()
		addVary(h, "Origin")
		if origin == "" {
			c.Next()
			addVary(h, "Origin")
			return
		}
		ok := allowed["*"] || allowed[strings.ToLower(origin)]
		preflight := c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != ""
		if !ok {
			if preflight {
				ps.write(c, errs.E(errs.Forbidden, "origin %s may not call this API from a browser", origin))
				return
			}
			c.Next() // served, but the browser will not let the page read it
			addVary(h, "Origin")
			return
		}
		if allowed["*"] {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", origin)
		}
		h.Set("Access-Control-Expose-Headers", corsExpose)
		if preflight {
			h.Set("Access-Control-Allow-Methods", corsMethods)
			h.Set("Access-Control-Allow-Headers", corsHeaders)
			h.Set("Access-Control-Max-Age", corsMaxAge)
			addVary(h, "Access-Control-Request-Method")
			addVary(h, "Access-Control-Request-Headers")
			c.AbortWithStatus(http.StatusNoContent)
			return
		}
		c.Next()
		addVary(h, "Origin") // again, in case the handler set Vary
	}
}
