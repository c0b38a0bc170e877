package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
)

// Health answers liveness and readiness probes.
type Health struct {
	DB      Pinger
	Version string
}

// readyTimeout bounds the database check of a readiness probe.
const readyTimeout = 2 * time.Second

// Live reports that the process is serving.
//
//	@Summary		Liveness
//	@Description	Answers 200 while the process serves HTTP, whatever the state of the database.
//	@Tags			health
//	@Produce		json
//	@Success		200	{object}	HealthStatus
//	@Router			/healthz [get]
func (h *Health) Live(c *gin.Context) error {
	writeJSON(c, http.StatusOK, HealthStatus{Status: "ok", Version: h.Version})
	return nil
}

// Ready reports whether the service can answer requests: the database must
// answer a ping.
//
//	@Summary		Readiness
//	@Description	Answers 200 when the database answers, 503 when it does not.
//	@Tags			health
//	@Produce		json
//	@Success		200	{object}	HealthStatus
//	@Failure		503	{object}	api.Problem	"The database is unavailable"
//	@Router			/readyz [get]
func (h *Health) Ready(c *gin.Context) error {
	ctx, cancel := context.WithTimeout(c.Request.Context(), readyTimeout)
	defer cancel()
	if h.DB == nil {
		return errs.E(errs.Unavailable, "no database is configured")
	}
	if err := h.DB.Ping(ctx); err != nil {
		return &errs.Error{Kind: errs.Unavailable, Message: "the database is unavailable", Err: err}
	}
	writeJSON(c, http.StatusOK, HealthStatus{Status: "ok", Version: h.Version})
	return nil
}
