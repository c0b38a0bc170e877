package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/docs"
	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/ingest"
	"github.com/whosaid/whosaid/models"
)

// The limits on one text (models/limits.go) through the API with the real
// extractor: each is refused with a problem naming the field and the
// limit, and nothing is stored.
func TestTextLimits(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, withExtract(ingest.FromText))
	slow := newTestServer(t, withExtract(ingest.FromText), func(d *Deps) { d.TextTimeout = time.Nanosecond })
	many := func(n int) string { return strings.Repeat("“Yes,” he said.\n", n) }
	// 41 KB of issue 15's nested-quote bomb gave 52 MB of JSON.
	var bomb strings.Builder
	for i := 0; i < 2000; i++ {
		bomb.WriteString([]string{"“", "‘"}[i%2] + "word" + strconv.Itoa(i) + " ")
	}
	for i := 1999; i >= 0; i-- {
		bomb.WriteString(" end" + strconv.Itoa(i) + []string{"”", "’"}[i%2])
	}
	limit := strconv.Itoa(models.MaxQuotesPerSource)
	for _, tc := range []struct {
		name       string
		s          *testServer
		url, text  string
		wantStatus int
		check      func(t *testing.T, w *httptest.ResponseRecorder)
	}{
		{"preview: text over 2 MiB", s, "/api/v1/extract", strings.Repeat("a", models.MaxSourceBytes+1), 413, wantFieldMessage("text", strconv.Itoa(models.MaxSourceBytes))},
		{"store: text over 2 MiB", s, "/api/v1/sources", strings.Repeat("a", models.MaxSourceBytes+1), 413, wantFieldMessage("text", strconv.Itoa(models.MaxSourceBytes))},
		{"preview: too many quotations", s, "/api/v1/extract", many(models.MaxQuotesPerSource + 1), 422, wantFieldMessage("text", limit)},
		{"store: too many quotations", s, "/api/v1/sources", many(models.MaxQuotesPerSource + 1), 422, wantFieldMessage("text", limit)},
		{"store: as many quotations as allowed", s, "/api/v1/sources", many(models.MaxQuotesPerSource), 201, nil},
		{"preview: nested-quote bomb", s, "/api/v1/extract", bomb.String(), 200, func(t *testing.T, w *httptest.ResponseRecorder) {
			if n := w.Body.Len(); n > 10*bomb.Len() {
				t.Errorf("%d bytes of text gave %d bytes of answer", bomb.Len(), n)
			}
		}},
		{"store: nested-quote bomb", s, "/api/v1/sources", bomb.String(), 201, func(t *testing.T, w *httptest.ResponseRecorder) {
			src := decode[handlers.IngestedSource](t, w)
			if len(src.Quotes) > 3 {
				t.Errorf("%d quotes stored", len(src.Quotes))
			}
		}},
		{"preview: over the text timeout", slow, "/api/v1/extract", many(3), 503, wantDetail("text timeout")},
		{"store: over the text timeout", slow, "/api/v1/sources", many(3), 503, wantDetail("text timeout")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := get[handlers.SourceList](t, tc.s, "/api/v1/sources").Total
			body := `{"text": ` + jsonString(tc.text) + `}`
			if tc.url == "/api/v1/sources" {
				body = `{"title": "T", "text": ` + jsonString(tc.text) + `}`
			}
			w := send(t, tc.s, http.MethodPost, tc.url, body, tc.wantStatus)
			if tc.check != nil {
				tc.check(t, w)
			}
			stored := get[handlers.SourceList](t, tc.s, "/api/v1/sources").Total - before
			if want := map[bool]int64{true: 1, false: 0}[tc.wantStatus == 201]; stored != want {
				t.Errorf("%d sources stored, want %d", stored, want)
			}
		})
	}
}

// A client that goes away stops the work: nothing is stored.
func TestTextWorkStopsWhenClientGoes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, withExtract(ingest.FromText))
	before := get[handlers.SourceList](t, s, "/api/v1/sources").Total
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	body := `{"title": "T", "text": ` + jsonString(strings.Repeat("“Yes,” he said.\n", 100)) + `}`
	r := httptest.NewRequestWithContext(ctx, http.MethodPost, "/api/v1/sources", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+s.key)
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	if w.Code < 400 {
		t.Errorf("status %d for a request whose client went away", w.Code)
	}
	if got := get[handlers.SourceList](t, s, "/api/v1/sources").Total; got != before {
		t.Errorf("sources %d → %d", before, got)
	}
}

// wantDetail checks that a problem's detail says s.
func wantDetail(s string) func(t *testing.T, w *httptest.ResponseRecorder) {
	return func(t *testing.T, w *httptest.ResponseRecorder) {
		t.Helper()
		if p := decode[Problem](t, w); !strings.Contains(p.Detail, s) {
			t.Errorf("detail %q does not say %q", p.Detail, s)
		}
	}
}

// The limits the API documents for storing and previewing a text are the
// ones models/limits.go states.
func TestTextLimitsDocumented(t *testing.T) {
	var spec struct {
		Paths map[string]map[string]struct {
			Description string `json:"description"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(docs.SwaggerInfo.ReadDoc()), &spec); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/v1/extract", "/api/v1/sources"} {
		d := spec.Paths[path]["post"].Description
		for _, want := range []string{
			strconv.Itoa(models.MaxSourceBytes) + " bytes",
			strconv.Itoa(models.MaxQuotesPerSource) + " quotations",
			strconv.Itoa(models.MaxQuoteChars) + " characters",
			"--text-timeout, " + handlers.DefaultTextTimeout.String() + " by default",
		} {
			if !strings.Contains(d, want) {
				t.Errorf("POST %s: the description does not say %q", path, want)
			}
		}
	}
}
