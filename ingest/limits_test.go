package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/extract/hostile"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// checkVerbatim fails unless every quote of in is the source's text at its
// character offsets, and continues points to an earlier quote.
func checkVerbatim(t *testing.T, in store.IngestInput) {
	t.Helper()
	runes := []rune(in.Source.Text)
	for i, q := range in.Quotes {
		if q.Start < 0 || q.End > len(runes) || q.Start >= q.End || string(runes[q.Start:q.End]) != q.Text {
			t.Fatalf("quote %d: %q is not the text at %d..%d", i, q.Text, q.Start, q.End)
		}
		if q.Continues != nil && (*q.Continues < 0 || *q.Continues >= i) {
			t.Fatalf("quote %d continues %d", i, *q.Continues)
		}
	}
}

func TestFromTextLimits(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	long := "“" + strings.Repeat("é", models.MaxQuoteChars+1) + "” and “short,” she said."
	for _, tc := range []struct {
		name       string
		ctx        context.Context
		text       string
		wantKind   errs.Kind
		wantErr    error // when not an *errs.Error
		wantQuotes int   // -1: any
	}{
		{"ordinary", context.Background(), "“Yes,” he said. “No,” she said.", 0, nil, 2},
		{"text at the size limit", context.Background(), strings.Repeat("a", models.MaxSourceBytes), 0, nil, 0},
		{"text over the size limit", context.Background(), strings.Repeat("a", models.MaxSourceBytes+1), errs.TooLarge, nil, 0},
		{"quotations at the limit", context.Background(), strings.Repeat("“Yes,” he said.\n", models.MaxQuotesPerSource), 0, nil, models.MaxQuotesPerSource},
		{"quotations over the limit", context.Background(), strings.Repeat("“Yes,” he said.\n", models.MaxQuotesPerSource+1), errs.Unprocessable, nil, 0},
		{"quotation over the length limit left out", context.Background(), long, 0, nil, 1},
		{"nested quotations, multibyte text", context.Background(), "Ça “dit ‘é’ et “ü ‘ö’ ” là,” il a dit. “Non,” dit-elle.", 0, nil, -1},
		{"cancelled", cancelled, "“Yes,” he said.", 0, context.Canceled, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := FromText(tc.ctx, store.SourceInput{Title: "T", Text: tc.text})
			switch {
			case tc.wantKind != 0:
				e, ok := errs.As(err)
				if !ok || e.Kind != tc.wantKind || len(e.Fields) != 1 || e.Fields[0].Field != "text" {
					t.Fatalf("error %v, want a %v error naming text", err, tc.wantKind)
				}
				return
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error %v, want %v", err, tc.wantErr)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			checkVerbatim(t, in)
			if tc.wantQuotes >= 0 && len(in.Quotes) != tc.wantQuotes {
				t.Fatalf("%d quotes, want %d", len(in.Quotes), tc.wantQuotes)
			}
			for i, q := range in.Quotes {
				if n := utf8.RuneCountInString(q.Text); n > models.MaxQuoteChars {
					t.Fatalf("quote %d has %d characters", i, n)
				}
			}
		})
	}
}

// TestFromTextLinear is issue 15's quadratic CPU: converting offsets
// restarted from the start of the text for every quote nested in another
// (whose start lies before the end of the one holding it). Texts of the
// largest size with as many quotations as are allowed, each nested, now
// convert in time linear in the text.
func TestFromTextLinear(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"nested quotations after a long text", strings.Repeat("é", models.MaxSourceBytes/3) + "\n" + strings.Repeat("“He said ‘é’,” she said. ", models.MaxQuotesPerSource/2)},
		{"apostrophes", strings.Repeat("’", models.MaxSourceBytes/len("’"))},
		{"straight apostrophes", strings.Repeat("'", models.MaxSourceBytes)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			in, err := FromText(context.Background(), store.SourceInput{Title: "T", Text: tc.text})
			el := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			checkVerbatim(t, in)
			// Seconds, not the tens of seconds of the quadratic count; the
			// bound is loose for a loaded machine.
			if el > 5*time.Second {
				t.Errorf("%d bytes with %d quotes took %v", len(tc.text), len(in.Quotes), el)
			}
			t.Logf("%d bytes, %d quotes: %v", len(tc.text), len(in.Quotes), el)
		})
	}
}

// TestFromTextHostile runs the hostile texts of issue 15, at the largest
// size a source may have, through ingest: each is refused over a limit
// (errs.TooLarge, errs.Unprocessable) or gives verbatim quotes within the
// limits, whose texts add up to at most three times the text.
func TestFromTextHostile(t *testing.T) {
	inputs := append(hostile.Inputs(models.MaxSourceBytes), hostile.Input{Name: "nested-quote bomb, 673 KB", Text: hostile.BombOfSize(673 << 10)})
	for _, h := range inputs {
		t.Run(h.Name, func(t *testing.T) {
			start := time.Now()
			in, err := FromText(context.Background(), store.SourceInput{Title: "T", Text: h.Text})
			el := time.Since(start)
			if err != nil {
				if k := errs.KindOf(err); k != errs.TooLarge && k != errs.Unprocessable {
					t.Fatalf("error %v (%v), want a limit's", err, k)
				}
				t.Logf("%d bytes: refused (%v) in %v", len(h.Text), err, el)
				return
			}
			checkVerbatim(t, in)
			total := 0
			for _, q := range in.Quotes {
				total += len(q.Text)
			}
			if len(in.Quotes) > models.MaxQuotesPerSource || total > 3*len(h.Text) {
				t.Fatalf("%d quotes of %d bytes from %d bytes", len(in.Quotes), total, len(h.Text))
			}
			t.Logf("%d bytes: %d quotes of %d bytes in %v", len(h.Text), len(in.Quotes), total, el)
		})
	}
}
