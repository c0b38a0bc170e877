package api

import (
	"github.com/gin-gonic/gin"
)

// hardenRouter adds what an API on the internet needs to r, before any
// route: metrics of every request, the base of its links (linkbase.go),
// CORS, API keys and roles with rate limits, and ETags with Cache-Control
// on reads; and serves /metrics.
func hardenRouter(r *gin.Engine, deps Deps, ps problems) {
	if deps.Keys == nil {
		deps.Keys, _ = deps.Store.(KeyStore)
	}
	if deps.DB == nil {
		deps.DB, _ = deps.Store.(PoolStatser)
	}
	if err := r.SetTrustedProxies(deps.TrustedProxies); err != nil {
		// The addresses are checked when the config is read; trust none.
		ps.log.Warn("ignoring trusted proxies", "err", err)
		_ = r.SetTrustedProxies(nil)
	}
	m := newMetrics(deps.DB)
	acc := &access{keys: deps.Keys, limits: newLimiter(deps.Limits), ps: ps}
	r.Use(m.middleware, linkBase(deps.PublicURL, parseProxies(deps.TrustedProxies)), etag, cors(deps.CORSOrigins, ps), acc.handler) // etag buffers GETs, so cors can add Vary after the handler
	getHead{r}.GET("/metrics", m.handler())
}
