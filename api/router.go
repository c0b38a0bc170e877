package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	_ "github.com/whosaid/whosaid/docs" // registers the generated OpenAPI spec with swag
	"github.com/whosaid/whosaid/handlers"
)

// Store is everything the handlers need from storage; *store.Store
// implements it.
type Store interface {
	handlers.QuoteStore
	handlers.SpeakerStore
	handlers.SourceStore
	handlers.Pinger
	FactcheckStore
}

// Deps are the router's dependencies. Store and Log are required; Extract
// may be nil, in which case storing a source and previewing extraction
// answer 503.
type Deps struct {
	Store   Store
	Log     *slog.Logger
	Extract handlers.Extractor
	Version string
	// TextTimeout bounds the work on one text: extracting its quotes, and
	// storing them for a new source (0: handlers.DefaultTextTimeout).
	TextTimeout time.Duration

	// Keys checks API keys (default: Store, when it can). Without one,
	// every key is refused, so writes answer 401.
	Keys KeyStore
	// Limits are the rate limits; the zero value turns them off.
	Limits Limits
	// CORSOrigins may call the API from a browser ("*": any).
	CORSOrigins []string
	// TrustedProxies are the proxy addresses (IPs or CIDRs) whose
	// X-Forwarded-For names the client, and whose X-Forwarded-Proto and
	// X-Forwarded-Host name the scheme and host of links when PublicURL
	// is nil; none by default.
	TrustedProxies []string
	// PublicURL is the base of absolute links and Location headers
	// (https://quotes.example.org, optionally with a path prefix); see
	// ParsePublicURL. Without it, and without a trusted proxy's forwarded
	// headers, links are relative.
	PublicURL *url.URL
	// DB reports the connection pools at /metrics (default: Store, when
	// it can).
	DB PoolStatser
	// CacheBytes bounds the cache of encoded read answers (GET a quote, a
	// speaker, quote and speaker lists), kept only while the store's read
	// generation is unchanged (see store.Store.Generation): 0 means
	// DefaultCacheBytes, negative turns it off.
	CacheBytes int
}

// DefaultCacheBytes is the read cache's size unless Deps says otherwise.
// (16 MB: the server's peak memory stays under 250 MB at 10k quotes; a
// cached quote with its corroboration is about 2 KB).
const DefaultCacheBytes = 16 << 20

// readCache is the router's cache of read answers, nil when the store
// cannot say when its data changes (PostgreSQL) or it is turned off.
func readCache(deps Deps) *handlers.Cache {
	g, ok := deps.Store.(handlers.Generationer)
	if !ok || deps.CacheBytes < 0 {
		return nil
	}
	n := deps.CacheBytes
	if n == 0 {
		n = DefaultCacheBytes
	}
	return handlers.NewCache(g, n)
}

// NewRouter builds the HTTP handler: the routes of the route table
// (routes.go: the /api/v1 routes, health probes, /metrics, the Swagger UI
// and the fact-checker's page), behind request-id, access-log and
// recovery middleware and the hardening (hardening.go).
// Every error, from a handler, a panic, an unknown route or a wrong method,
// is answered with a problem document.
func NewRouter(deps Deps) *gin.Engine {
	log := deps.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	log = withRequestIDs(log)
	r := newEngine(log)
	ps := problems{log: log}
	hardenRouter(r, deps, ps, routeTable(deps, log, ps)...) // access, limits, metrics, CORS, ETags: hardening.go
	return r
}

// newEngine returns a gin engine with the middleware every route shares
// and the problem answers for unknown routes, wrong methods and panics.
// Tests use it to add routes of their own behind the same middleware.
func newEngine(log *slog.Logger) *gin.Engine {
	// Gin's mode is process-wide (an atomic): release mode only silences
	// its debug printing, so setting it from every router is harmless.
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.ContextWithFallback = false
	ps := problems{log: log}
	r.Use(requestID(), accessLog(log), gin.CustomRecoveryWithWriter(nil, ps.recovered), nosniff, headNoBody)
	r.NoRoute(ps.noRoute)
	r.NoMethod(ps.noMethod)
	return r
}

// nosniff tells browsers not to guess a response's type from its body:
// every answer (JSON, problem, page, asset, metrics) says its own.
func nosniff(c *gin.Context) {
	c.Writer.Header()["X-Content-Type-Options"] = nosniffValue
	c.Next()
}

// nosniffValue is shared by every answer (Header.Set would allocate the
// slice each time); nothing appends to it.
var nosniffValue = []string{"nosniff"}

// headNoBody answers a HEAD request with the status and headers a GET
// would have, and no body: what the handler writes is dropped (net/http
// drops it too, but a handler's writer in a test or behind another
// server may not). The etag middleware gives API answers their
// Content-Length before the body is dropped.
func headNoBody(c *gin.Context) {
	if c.Request.Method == http.MethodHead {
		c.Writer = headWriter{c.Writer}
	}
	c.Next()
}

// asGet runs h, which answers only GET, for a HEAD request as for a GET
// (gin-swagger answers anything else 405); headNoBody drops the body.
func asGet(h gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != http.MethodHead {
			h(c)
			return
		}
		orig := c.Request
		r := *orig
		r.Method = http.MethodGet
		c.Request = &r
		defer func() { c.Request = orig }()
		h(c)
	}
}

// headWriter sends the header when a body is written, but not the body.
type headWriter struct{ gin.ResponseWriter }

func (w headWriter) Write(b []byte) (int, error) {
	w.ResponseWriter.WriteHeaderNow()
	return len(b), nil
}

func (w headWriter) WriteString(s string) (int, error) {
	w.ResponseWriter.WriteHeaderNow()
	return len(s), nil
}
