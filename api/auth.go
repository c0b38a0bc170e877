package api

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/store"
)

// KeyStore finds the API key a bearer token is; *store.Store implements
// it. A malformed, unknown or revoked token is errs.Unauthorized.
type KeyStore interface {
	Authenticate(ctx context.Context, token string) (store.Key, error)
}

var _ KeyStore = (*store.Store)(nil)

// keyKey is the gin context key of the request's authenticated *store.Key.
const keyKey = "whosaid.key"

// keyOf returns the request's authenticated key, or nil.
func keyOf(c *gin.Context) *store.Key {
	k, _ := c.Get(keyKey)
	key, _ := k.(*store.Key)
	return key
}

// access authenticates the request's bearer key (if any), rate-limits it
// in its route's rate class, and checks that the key has the route's
// role: both come from the route's entry in the route table (routes.go).
// A key that is sent must be valid, even on a public route. The key's
// name becomes the actor of every change the request makes.
type access struct {
	keys   KeyStore // nil: no key is valid, so every protected route is 401
	limits *limiter
	routes routeIndex
	ps     problems
}

func (a *access) handler(c *gin.Context) {
	key, authErr := a.authenticate(c)
	route := c.FullPath()
	need, class := a.routes.policy(c.Request.Method, route)
	bucket, rule := a.limits.bucket(class, key, c.ClientIP())
	if wait, ok := a.limits.allow(bucket, rule); !ok {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		a.ps.write(c, errs.E(errs.RateLimited, "too many requests; try again in %s second(s)", c.Writer.Header().Get("Retry-After")))
		return
	}
	switch {
	case authErr == nil:
	case errs.KindOf(authErr) == errs.Unauthorized:
		c.Header("WWW-Authenticate", `Bearer realm="whosaid", error="invalid_token"`)
		a.ps.write(c, authErr)
		return
	case need == rolePublic:
		// The key cannot be checked (the database is down), but this
		// route is public: answer it as for anyone.
	default:
		a.ps.write(c, &errs.Error{Kind: errs.Unavailable, Message: "cannot check the API key now; try again", Err: authErr})
		return
	}
	if route == "" { // no such route: the 404 or 405 answer follows
		c.Next()
		return
	}
	switch {
	case need == rolePublic:
	case key == nil:
		a.ps.write(c, errs.E(errs.Unauthorized, "%s %s needs an API key with the %s role: send it as Authorization: Bearer <key>", c.Request.Method, route, need))
		return
	case !key.CanDo(need):
		a.ps.write(c, errs.E(errs.Forbidden, "%s %s needs the %s role; key %s… (%s) has the %s role", c.Request.Method, route, need, key.Prefix, key.Name, key.Role))
		return
	}
	c.Next()
}

// authenticate returns the key the request's Authorization header holds:
// nil without the header, an error when it is not a valid bearer key.
func (a *access) authenticate(c *gin.Context) (*store.Key, error) {
	h := c.GetHeader("Authorization")
	if h == "" {
		return nil, nil
	}
	scheme, token, _ := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return nil, errs.E(errs.Unauthorized, "the Authorization header must be Bearer <key>")
	}
	if a.keys == nil {
		return nil, errs.E(errs.Unauthorized, "the API key is not valid")
	}
	k, err := a.keys.Authenticate(c.Request.Context(), token)
	if err != nil {
		return nil, err
	}
	c.Set(keyKey, &k)
	c.Request = c.Request.WithContext(store.WithKeyActor(c.Request.Context(), k.Name))
	return &k, nil
}
