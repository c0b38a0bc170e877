package api

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	swaggerFiles "github.com/swaggo/files"
	ginSwagger "github.com/swaggo/gin-swagger"

	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/web"
)

// The roles a route can need. A key with a role may call the routes of
// the roles below it (store.Key.CanDo); a public route takes any caller,
// with or without a key.
const (
	rolePublic = ""
	roleEditor = store.RoleEditor
	roleAdmin  = store.RoleAdmin
)

// rateClass says which rate limit a route's requests count against.
type rateClass uint8

// rateClient is the caller's own bucket: one per API key or, without a
// valid key, one per client IP (Deps.Limits). Every route is in it today.
const rateClient rateClass = iota

// route is one entry of the route table: the method and path gin matches
// (from the root), the role it needs, the rate limit it counts against and
// its handlers. The router registers exactly the table's routes (a GET
// answers HEAD too), the access middleware takes each request's role and
// rate class from its route, and TestRouteTableMatchesTheSpec holds the
// roles to the OpenAPI spec's security notes.
type route struct {
	method, path string
	role         string
	rate         rateClass
	handlers     []gin.HandlerFunc
}

// routeTable is every route the router serves but /metrics (which
// hardenRouter adds), with handlers built from deps: the /api/v1 routes,
// the health probes, the Swagger UI and the fact-checker's page (package
// web). Reads and the two POSTs that
// store nothing are public; deletes and merges need an admin key, every
// other write an editor's.
func routeTable(deps Deps, log *slog.Logger, ps problems) []route {
	const (
		get   = http.MethodGet
		post  = http.MethodPost
		patch = http.MethodPatch
		del   = http.MethodDelete
	)
	health := &handlers.Health{DB: deps.Store, Version: deps.Version}
	cache := readCache(deps)
	quotes := &handlers.Quotes{Store: deps.Store, Reports: deps.Store, Cache: cache}
	speakers := &handlers.Speakers{Store: deps.Store, Redirects: deps.Store, Cache: cache}
	slots := handlers.NewTextSlots(0) // one text at a time per core
	sources := &handlers.Sources{Store: deps.Store, Extract: deps.Extract, TextTimeout: deps.TextTimeout, TextSlots: slots}
	extraction := &handlers.Extraction{Extract: deps.Extract, TextTimeout: deps.TextTimeout, TextSlots: slots}
	verify := &handlers.Verification{Store: deps.Store}
	reviews := &handlers.Reviews{Store: deps.Store}
	ops := &handlers.SpeakerOps{Store: deps.Store}
	pages := web.New(deps.Store, log)

	// top is a route outside /api/v1; v1 one inside it, behind reviewer.
	top := func(method, path, role string, rate rateClass, h gin.HandlerFunc) route {
		return route{method: method, path: path, role: role, rate: rate, handlers: []gin.HandlerFunc{h}}
	}
	rev := reviewer(ps)
	v1 := func(method, path, role string, rate rateClass, h func(*gin.Context) error) route {
		return route{method: method, path: "/api/v1" + path, role: role, rate: rate, handlers: []gin.HandlerFunc{rev, ps.handle(h)}}
	}
	return []route{
		top(get, "/healthz", rolePublic, rateClient, ps.handle(health.Live)),
		top(get, "/readyz", rolePublic, rateClient, ps.handle(health.Ready)),

		v1(get, "/quotes", rolePublic, rateClient, quotes.List),
		v1(post, "/quotes", roleEditor, rateClient, quotes.Create),
		v1(get, "/quotes/:id", rolePublic, rateClient, quotes.Get),
		v1(patch, "/quotes/:id", roleEditor, rateClient, quotes.Update),
		v1(del, "/quotes/:id", roleAdmin, rateClient, quotes.Delete),
		v1(post, "/quotes/:id/review", roleEditor, rateClient, reviews.Review),
		v1(get, "/quotes/:id/history", rolePublic, rateClient, reviews.QuoteHistory),
		v1(get, "/quotes/:id/reports", rolePublic, rateClient, reviews.Reports),

		v1(get, "/speakers", rolePublic, rateClient, speakers.List),
		v1(post, "/speakers", roleEditor, rateClient, speakers.Create),
		v1(get, "/speakers/:id", rolePublic, rateClient, speakers.Get),
		v1(patch, "/speakers/:id", roleEditor, rateClient, speakers.Update),
		v1(del, "/speakers/:id", roleAdmin, rateClient, speakers.Delete),
		v1(get, "/speakers/:id/quotes", rolePublic, rateClient, speakers.Quotes),
		v1(post, "/speakers/:id/aliases", roleEditor, rateClient, speakers.AddAlias),
		v1(del, "/speakers/:id/aliases/:alias_id", roleAdmin, rateClient, speakers.RemoveAlias),
		v1(get, "/speakers/:id/history", rolePublic, rateClient, reviews.SpeakerHistory),
		v1(post, "/speakers/:id/merge", roleAdmin, rateClient, ops.Merge),
		v1(post, "/speakers/:id/split", roleEditor, rateClient, ops.Split),
		v1(get, "/speakers/:id/timeline", rolePublic, rateClient, ops.Timeline),

		v1(get, "/sources", rolePublic, rateClient, sources.List),
		v1(post, "/sources", roleEditor, rateClient, sources.Create),
		v1(get, "/sources/:id", rolePublic, rateClient, sources.Get),
		v1(patch, "/sources/:id", roleEditor, rateClient, sources.Update),
		v1(del, "/sources/:id", roleAdmin, rateClient, sources.Delete),

		v1(post, "/extract", rolePublic, rateClient, extraction.Preview), // stores nothing
		v1(post, "/verify", rolePublic, rateClient, verify.Post),         // stores nothing
		v1(get, "/verify", rolePublic, rateClient, verify.Get),

		top(get, "/swagger/*any", rolePublic, rateClient, asGet(ginSwagger.WrapHandler(swaggerFiles.Handler))),
		top(get, "/", rolePublic, rateClient, pages.Home),
		top(get, "/quotes/:id", rolePublic, rateClient, pages.Quote),
		top(get, "/assets/*file", rolePublic, rateClient, pages.Assets),
	}
}

// register adds the table's routes to r; every GET route answers HEAD
// too, as RFC 9110 requires: the same handlers run, and headNoBody keeps
// the body from being sent.
func register(r gin.IRoutes, table []route) {
	for _, rt := range table {
		if rt.method == http.MethodGet {
			r.HEAD(rt.path, rt.handlers...)
		}
		r.Handle(rt.method, rt.path, rt.handlers...)
	}
}

// routeKey names a registered route: its method and gin's pattern for it
// (c.FullPath()).
type routeKey struct{ method, path string }

// routeIndex finds a request's entry in the route table.
type routeIndex map[routeKey]*route

// indexRoutes indexes table by method and pattern, a GET route under HEAD
// too, as register adds it.
func indexRoutes(table []route) routeIndex {
	idx := make(routeIndex, 2*len(table))
	for i := range table {
		rt := &table[i]
		idx[routeKey{rt.method, rt.path}] = rt
		if rt.method == http.MethodGet {
			idx[routeKey{http.MethodHead, rt.path}] = rt
		}
	}
	return idx
}

// policy returns the role and rate class of the route with this method
// and pattern. For a request that matches no route (pattern "", answered
// 404 or 405), a GET, HEAD or OPTIONS is public, a DELETE needs an admin
// key and any other method an editor's: that decides only whether it is
// answered while keys cannot be checked (503 rather than 404 or 405).
func (idx routeIndex) policy(method, pattern string) (role string, rate rateClass) {
	if rt := idx[routeKey{method, pattern}]; rt != nil {
		return rt.role, rt.rate
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return rolePublic, rateClient
	case http.MethodDelete:
		return roleAdmin, rateClient
	}
	return roleEditor, rateClient
}
