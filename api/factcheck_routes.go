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
