package api

import (
	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/handlers"
)

// FactcheckStore is what the fact-checking handlers need from storage:
// verification, reviews and history, corroboration, speaker merges,
// splits and timelines. *store.Store implements it.
type FactcheckStore interface {
	handlers.Verifier
	handlers.ReviewStore
	handlers.SpeakerOpsStore
}

// routeFactcheck adds the fact-checking routes to the /api/v1 group.
func routeFactcheck(v1 gin.IRoutes, h func(func(*gin.Context) error) gin.HandlerFunc, st FactcheckStore) {
	verify := &handlers.Verification{Store: st}
	reviews := &handlers.Reviews{Store: st}
	ops := &handlers.SpeakerOps{Store: st}

	v1.POST("/verify", h(verify.Post))
	v1.GET("/verify", h(verify.Get))

	v1.POST("/quotes/:id/review", h(reviews.Review))
	v1.GET("/quotes/:id/history", h(reviews.QuoteHistory))
	v1.GET("/quotes/:id/reports", h(reviews.Reports))
	v1.GET("/speakers/:id/history", h(reviews.SpeakerHistory))

	v1.POST("/speakers/:id/merge", h(ops.Merge))
	v1.POST("/speakers/:id/split", h(ops.Split))
	v1.GET("/speakers/:id/timeline", h(ops.Timeline))
}

// reviewer puts who is making a change (the X-Reviewer header, until there
// is authentication) into the request's context, so that the store's
// history records it for every write; without it the store records
// "anonymous". A header that is not a short line of text is refused.
func reviewer(ps problems) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader(handlers.ReviewerHeader) == "" {
			c.Next()
			return
		}
		ctx, err := handlers.ActorContext(c, "")
		if err != nil {
			ps.write(c, err)
			return
		}
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}
