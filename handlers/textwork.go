package handlers

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
)

// DefaultTextTimeout bounds the work on one text (extracting its quotes,
// and storing them for a new source) when none is configured. A 2 MiB
// article takes well under a second on one core; the bound is for a
// loaded machine or a slow database, and stays under the server's write
// timeout so that the answer still reaches the client.
const DefaultTextTimeout = 30 * time.Second

// TextSlots bounds how many texts are worked on at once (extracted, and
// stored for new sources), across the handlers that share it. The work is
// CPU-bound and its memory grows with the text (tens of MB for 2 MiB of
// crafted marks), so more at once than there are cores gains nothing and
// only adds memory; a request waits for a slot within its text timeout.
type TextSlots chan struct{}

// NewTextSlots returns n slots (runtime.GOMAXPROCS when n is 0 or less).
func NewTextSlots(n int) TextSlots {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return make(TextSlots, n)
}

// textContext is the request's context bounded by the text timeout (d,
// or DefaultTextTimeout when d is 0), holding one of slots (nil: no
// bound). The work on a text stops when the client goes away or the
// timeout passes; done releases the slot and the context.
func textContext(c *gin.Context, d time.Duration, slots TextSlots) (ctx context.Context, done func(), err error) {
	if d <= 0 {
		d = DefaultTextTimeout
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), d)
	if slots == nil {
		return ctx, cancel, nil
	}
	select {
	case slots <- struct{}{}:
		return ctx, func() { <-slots; cancel() }, nil
	case <-ctx.Done():
		cancel()
		return ctx, cancel, fmt.Errorf("waiting for a text slot: %w", ctx.Err())
	}
}

// textError says why the work on a text failed: when the text timeout,
// not the client, ended ctx, it is errs.Unavailable naming the timeout;
// otherwise err as it is (a client that went away gets the context's
// error, wrapped, and hears nothing).
func textError(ctx context.Context, c *gin.Context, d time.Duration, err error) error {
	if d <= 0 {
		d = DefaultTextTimeout
	}
	if c.Request.Context().Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &errs.Error{Kind: errs.Unavailable, Err: err,
			Message: fmt.Sprintf("the work on the text took longer than %s (the server's text timeout); try again later", d)}
	}
	return err
}

// checkSourceText checks a text to store or preview: over
// models.MaxSourceBytes it is errs.TooLarge naming the field, returned at
// once; otherwise what is wrong with it is added to fs.
func checkSourceText(fs *errs.Fields, text string) error {
	if err := models.CheckTextSize(text); err != nil {
		return err
	}
	checkString(fs, "text", text, true, models.MaxSourceBytes)
	return nil
}
