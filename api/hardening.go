package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// hardenRouter adds what an API on the internet needs to r, before any
// route: metrics of every request, the base of its links (linkbase.go),
// CORS, API keys and roles with rate limits, and ETags with Cache-Control
// on reads. It then registers the route table, routes and /metrics (the
// Prometheus text), and returns it: the access middleware takes each
// request's role and rate class from the table.
func hardenRouter(r *gin.Engine, deps Deps, ps problems, routes ...route) []route {
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
	table := append([]route{{method: http.MethodGet, path: "/metrics", role: rolePublic, rate: rateClient, handlers: []gin.HandlerFunc{m.handler()}}}, routes...)
	acc := &access{keys: deps.Keys, limits: newLimiter(deps.Limits), routes: indexRoutes(table), ps: ps}
	r.Use(m.middleware, linkBase(deps.PublicURL, parseProxies(deps.TrustedProxies)), etag, cors(deps.CORSOrigins, ps), acc.handler) // etag buffers GETs, so cors can add Vary after the handler
	register(r, table)
	return table
}
