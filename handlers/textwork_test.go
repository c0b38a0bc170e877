package handlers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/store"
)

// A text waits for a free slot within its timeout: with every slot
// taken, the preview answers 503 naming the timeout once it passes, and
// runs as soon as a slot is free.
func TestTextSlots(t *testing.T) {
	ran := 0
	h := &Extraction{
		Extract: func(ctx context.Context, src store.SourceInput) (store.IngestInput, error) {
			ran++
			return store.IngestInput{Source: src}, ctx.Err()
		},
		TextTimeout: 50 * time.Millisecond,
		TextSlots:   NewTextSlots(1),
	}
	preview := func() (int, error) {
		w := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(w)
		c.Request = httptest.NewRequest(http.MethodPost, "/api/v1/extract", strings.NewReader(`{"text": "“Yes,” he said."}`))
		err := h.Preview(c)
		return w.Code, err
	}
	h.TextSlots <- struct{}{} // every slot taken
	start := time.Now()
	_, err := preview()
	if e, ok := errs.As(err); !ok || e.Kind != errs.Unavailable || !strings.Contains(e.Message, "text timeout") || ran != 0 {
		t.Fatalf("with no slot free: error %v after %v, extractor ran %d times", err, time.Since(start), ran)
	}
	<-h.TextSlots
	if code, err := preview(); err != nil || code != http.StatusOK || ran != 1 || len(h.TextSlots) != 0 {
		t.Fatalf("with a slot free: status %d, error %v, extractor ran %d times, %d slots held after", code, err, ran, len(h.TextSlots))
	}
}
