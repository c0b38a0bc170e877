package api

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/handlers"
)

// ParsePublicURL checks the service's public base URL (--public-url): an
// absolute http or https URL with a host and at most a path prefix, no
// query, fragment or user. "" is none.
func ParsePublicURL(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%q is not a URL: %w", s, err)
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		return nil, fmt.Errorf("%q is not an absolute http or https URL", s)
	case u.User != nil, u.RawQuery != "", u.ForceQuery, u.Fragment != "", u.Opaque != "":
		return nil, fmt.Errorf("%q must be a scheme, a host and at most a path (no user, query or fragment)", s)
	}
	u.Path, u.RawPath = strings.TrimSuffix(u.Path, "/"), ""
	return u, nil
}

// parseProxies turns the trusted proxies' IPs and CIDRs into prefixes;
// ones that do not parse are left out (the config checked them).
func parseProxies(list []string) []netip.Prefix {
	var out []netip.Prefix
	for _, p := range list {
		if a, err := netip.ParseAddr(p); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		} else if pf, err := netip.ParsePrefix(p); err == nil {
			out = append(out, pf.Masked())
		}
	}
	return out
}

// linkBase gives each request the base of its answer's absolute links
// (handlers.SetLinkBase): the public URL when one is configured; else,
// when the request comes straight from a trusted proxy that says which
// scheme or host the client asked for (X-Forwarded-Proto,
// X-Forwarded-Host), those; else none, and links are relative. The Host
// header alone never makes a link, and forwarded headers from anyone else
// are ignored.
func linkBase(public *url.URL, proxies []netip.Prefix) gin.HandlerFunc {
	return func(c *gin.Context) {
		switch {
		case public != nil:
			handlers.SetLinkBase(c, public)
		case len(proxies) > 0 && fromProxy(c.Request.RemoteAddr, proxies):
			if b := forwardedBase(c); b != nil {
				handlers.SetLinkBase(c, b)
			}
		}
		c.Next()
	}
}

// fromProxy reports whether the peer at addr is one of the proxies.
func fromProxy(addr string, proxies []netip.Prefix) bool {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, p := range proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// forwardedBase is the scheme and host a proxy forwarded, or nil when it
// forwarded neither (or only values that are not a scheme or a host). The
// first of a list is the client's: proxies append.
func forwardedBase(c *gin.Context) *url.URL {
	first := func(h string) string {
		v, _, _ := strings.Cut(c.GetHeader(h), ",")
		return strings.TrimSpace(v)
	}
	proto, host := strings.ToLower(first("X-Forwarded-Proto")), first("X-Forwarded-Host")
	if proto != "http" && proto != "https" {
		proto = ""
	}
	if !saneHost(host) {
		host = ""
	}
	if proto == "" && host == "" {
		return nil
	}
	if proto == "" {
		proto = "http"
		if c.Request.TLS != nil {
			proto = "https"
		}
	}
	if host == "" {
		if host = c.Request.Host; !saneHost(host) {
			return nil
		}
	}
	return &url.URL{Scheme: proto, Host: host}
}

// saneHost reports whether h is a host name or IP literal with an
// optional port, and nothing else.
func saneHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for i := 0; i < len(h); i++ {
		b := h[i]
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '-', b == '.', b == ':', b == '[', b == ']':
		default:
			return false
		}
	}
	u, err := url.Parse("//" + h)
	return err == nil && u.Host == h && u.Hostname() != ""
}
