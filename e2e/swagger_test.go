package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// specOperations returns "METHOD /path" for every operation of the
// OpenAPI document the server serves, sorted.
func specOperations(t *testing.T, base string) []string {
	t.Helper()
	resp, err := http.Get(base + "/swagger/doc.json")
	if err != nil {
		t.Fatalf("get doc.json: %v", err)
	}
	defer resp.Body.Close()
	var spec struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&spec); err != nil {
		t.Fatalf("decode doc.json: %v", err)
	}
	var ops []string
	for path, item := range spec.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "delete", "options", "head", "patch":
				ops = append(ops, strings.ToUpper(method)+" "+path)
			}
		}
	}
	slices.Sort(ops)
	if len(ops) == 0 {
		t.Fatal("doc.json has no operations")
	}
	return ops
}

// TestSwaggerUI loads Swagger UI in Chromium, checks that it lists every
// operation of the spec, then tries GET /api/v1/quotes with speaker "Sir
// Ken" the way a person would and finds a McCallum quote in the answer.
func TestSwaggerUI(t *testing.T) {
	base := startServer(t)
	want := specOperations(t, base)
	browser := newBrowser(t)
	tb := newTab(t, browser, viewports[0])

	tb.do(t, "open Swagger UI", chromedp.Navigate(base+"/swagger/index.html"))
	tb.waitFor(t, "Swagger UI lists the operations", `document.querySelectorAll('.opblock').length >= `+jsInt(len(want)))
	listed := eval[[]string](t, tb, "read the operations", `Array.from(document.querySelectorAll('.opblock')).map(b =>
		b.querySelector('.opblock-summary-method').textContent.trim() + ' ' +
		(b.querySelector('.opblock-summary-path').getAttribute('data-path') ||
		 b.querySelector('.opblock-summary-path').textContent).replace(/\u200b/g, '').trim())`)
	slices.Sort(listed)
	if !slices.Equal(listed, want) {
		t.Errorf("Swagger UI lists\n\t%s\nwant every operation of doc.json:\n\t%s", strings.Join(listed, "\n\t"), strings.Join(want, "\n\t"))
	}
	if title := eval[string](t, tb, "read the title", `document.querySelector('.info .title').textContent`); !strings.Contains(title, "whosaid API") {
		t.Errorf("Swagger UI title %q", title)
	}
	tb.screenshot(t, "swagger-ui-desktop")

	// Open GET /api/v1/quotes and try it out.
	const op = `#operations-quotes-get_api_v1_quotes`
	tb.do(t, "open GET /api/v1/quotes",
		chromedp.Click(chromedp.CSS(op+` .opblock-summary-control`)),
		chromedp.WaitVisible(chromedp.CSS(op+` .try-out__btn`)),
		chromedp.Click(chromedp.CSS(op+` .try-out__btn`)),
		chromedp.WaitVisible(chromedp.CSS(op+` tr[data-param-name="speaker"] input`)),
	)
	// Empty every query field (Swagger UI may prefill examples) through
	// React's own setter, then type the speaker as a person would.
	eval[chromedp.Void](t, tb, "empty the parameters", `document.querySelectorAll('`+op+` tr[data-param-in="query"] input').forEach(i => {
		Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(i, '');
		i.dispatchEvent(new Event('input', {bubbles: true}));
	})`)
	tb.do(t, "fill speaker and execute",
		chromedp.SendKeys(chromedp.CSS(op+` tr[data-param-name="speaker"] input`), "Sir Ken"),
		chromedp.Click(chromedp.CSS(op+` .btn.execute`)),
	)
	tb.waitFor(t, "the response arrives", `document.querySelector('`+op+` .live-responses-table tbody .response-col_status')`)
	status := eval[string](t, tb, "read the status", `document.querySelector('`+op+` .live-responses-table tbody .response-col_status').textContent.trim()`)
	body := eval[string](t, tb, "read the response", `document.querySelector('`+op+` .live-responses-table tbody .response-col_description').textContent`)
	reqURL := eval[string](t, tb, "read the request URL", `(document.querySelector('`+op+` .request-url') || {textContent: ''}).textContent`)
	if status != "200" {
		t.Errorf("status %q, want 200; body: %.500s", status, body)
	}
	if !strings.Contains(reqURL, "speaker=Sir%20Ken") && !strings.Contains(reqURL, "speaker=Sir+Ken") {
		t.Errorf("request URL %q does not ask for speaker Sir Ken", reqURL)
	}
	if !strings.Contains(body, `"name": "Ken McCallum"`) {
		t.Errorf("the response has no McCallum quote: %.1000s", body)
	}
	tb.do(t, "show the response", chromedp.ScrollIntoView(chromedp.CSS(op+` .live-responses-table`)))
	tb.screenshot(t, "swagger-ui-try-quotes-desktop")
	tb.checkNoErrors(t)
}

// jsInt writes n as a JavaScript number.
func jsInt(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
