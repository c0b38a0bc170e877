package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// submit runs the action that submits a form or follows a link, and waits
// for the page it leads to.
func (tb *tab) submit(t *testing.T, step string, action chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, action)
	if err != nil {
		t.Fatalf("%s: %v; page said: %v", step, err, tb.errors())
	}
	if resp == nil || resp.Status != http.StatusOK {
		t.Fatalf("%s: response %+v, want 200", step, resp)
	}
}

// TestPage drives the fact-checker's page at / on a desktop and a phone
// screen: a search by a speaker's alias, a search by words submitted
// with the keyboard, a quote's own page, and a check of an altered quote.
// Each step is saved as a screenshot.
func TestPage(t *testing.T) {
	base := startServer(t)
	claim, said := alteredClaim(t, base)
	hiddenID := storeQuote(t, base, "Hidden", "Hidden\n\nJane Roe said: “Pay the okapi fund \u202E0001$\u202C today.”\n")
	longID := storeLongQuote(t, base) // the newest quote
	browser := newBrowser(t)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tb := newTab(t, browser, vp)
			t.Run("speaker search", func(t *testing.T) { speakerSearch(t, tb, base, vp) })
			t.Run("word search", func(t *testing.T) { wordSearch(t, tb, base, vp) })
			t.Run("quote page", func(t *testing.T) { quotePage(t, tb, base, vp) })
			t.Run("check a quote", func(t *testing.T) { checkQuote(t, tb, base, vp, claim, said) })
			t.Run("long words", func(t *testing.T) { longWords(t, tb, base, vp, longID) })
			t.Run("hidden characters", func(t *testing.T) { hiddenChars(t, tb, base, hiddenID) })
			tb.checkNoErrors(t)
		})
	}
}

// speakerSearch types an alias, sees the suggestions narrow to the one
// speaker it names, searches, and finds only that speaker's quotes.
func speakerSearch(t *testing.T, tb *tab, base string, vp viewport) {
	tb.do(t, "open the page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("speaker")))
	if title := eval[string](t, tb, "read the title", `document.title`); !strings.Contains(title, "whosaid") {
		t.Errorf("title %q", title)
	}
	if href := eval[string](t, tb, "find the Swagger UI link", `(document.querySelector('a[href="/swagger/index.html"]') || {}).textContent || ''`); href == "" {
		t.Error("the page does not link to Swagger UI")
	}
	tb.do(t, "type a speaker", chromedp.SendKeys(chromedp.ID("speaker"), "Sir Ken"))
	// The script replaces the suggestions with the API's answer for the
	// words typed: every name left is one of McCallum's.
	tb.waitFor(t, "suggestions narrow to McCallum", `(() => {
		const os = Array.from(document.querySelectorAll('#speaker-names option'));
		return os.length > 0 && os.every(o => o.textContent === 'Ken McCallum') && os.some(o => o.value === 'MI5 chief');
	})()`)
	tb.submit(t, "search", chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)))
	if q := eval[string](t, tb, "read the URL", `location.search`); !strings.Contains(q, "speaker=Sir+Ken") {
		t.Errorf("the form sent %q", q)
	}
	heading := eval[string](t, tb, "read the heading", `document.getElementById('results-h').textContent`)
	speakers := eval[[]string](t, tb, "read the speakers", `Array.from(document.querySelectorAll('.quotes .speaker')).map(e => e.textContent)`)
	if !strings.HasSuffix(heading, "quotes found") || len(speakers) == 0 {
		t.Fatalf("heading %q, %d results", heading, len(speakers))
	}
	for _, s := range speakers {
		if s != "Ken McCallum" {
			t.Errorf("a result by %q, want Ken McCallum", s)
		}
	}
	if v := eval[string](t, tb, "read the field", `document.getElementById('speaker').value`); v != "Sir Ken" {
		t.Errorf("the speaker field holds %q after the search", v)
	}
	tb.checkNoSideScroll(t)
	if vp.mobile {
		tb.do(t, "show the results", chromedp.ScrollIntoView(chromedp.ID("results-h")))
	}
	tb.screenshot(t, "page-speaker-search-"+vp.name)
}

// wordSearch searches for "threat" with the keyboard alone and finds
// marked matches.
func wordSearch(t *testing.T, tb *tab, base string, vp viewport) {
	tb.do(t, "open the page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("q")))
	tb.submit(t, "type words and press Enter", chromedp.SendKeys(chromedp.ID("q"), "threat\r"))
	marks := eval[[]string](t, tb, "read the marks", `Array.from(document.querySelectorAll('.quotes mark')).map(e => e.textContent.toLowerCase())`)
	if len(marks) == 0 {
		t.Fatal("no marked match")
	}
	for _, m := range marks {
		if !strings.HasPrefix(m, "threat") {
			t.Errorf("marked %q, want threat…", m)
		}
	}
	// Every result links to its JSON, and the JSON answers.
	links := eval[[]string](t, tb, "read the JSON links", `Array.from(document.querySelectorAll('.quotes a.json')).map(a => a.href)`)
	if len(links) != len(eval[[]string](t, tb, "count results", `Array.from(document.querySelectorAll('.quotes article')).map(a => a.id)`)) {
		t.Errorf("%d JSON links for the results", len(links))
	}
	if len(links) > 0 {
		resp, err := http.Get(links[0])
		if err != nil || resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("GET %s: %v %v", links[0], err, resp)
		}
		if resp != nil {
			_ = resp.Body.Close()
		}
	}
	tb.checkNoSideScroll(t)
	if vp.mobile {
		tb.do(t, "show the results", chromedp.ScrollIntoView(chromedp.ID("results-h")))
	}
	tb.screenshot(t, "page-word-search-"+vp.name)
}

// quotePage follows the first result of a McCallum search to the quote's
// own page and finds the quote marked in its source's text.
func quotePage(t *testing.T, tb *tab, base string, vp viewport) {
	tb.do(t, "search", chromedp.Navigate(base+"/?speaker=MI5+chief"), chromedp.WaitVisible(chromedp.CSS(`.quotes article`)))
	tb.submit(t, "open the first quote", chromedp.Click(chromedp.CSS(`.quotes article .links a`)))
	quote := eval[string](t, tb, "read the quote", `document.querySelector('.quote-main blockquote').textContent.trim()`)
	marked := eval[string](t, tb, "read the context", `document.querySelector('.in-context mark').textContent`)
	if quote == "" || quote != marked {
		t.Errorf("the context marks %q, want the quote %q", marked, quote)
	}
	if by := eval[string](t, tb, "read the speaker", `document.querySelector('.quote-main .speaker').textContent`); by != "Ken McCallum" {
		t.Errorf("speaker %q", by)
	}
	// The script shows the other reports when the quote's JSON has them.
	tb.waitFor(t, "the reports are fetched", `document.getElementById('reports').dataset.state`)
	state := eval[string](t, tb, "read the reports", `document.getElementById('reports').dataset.state`)
	switch state {
	case "shown":
		t.Logf("other reports: %s", eval[string](t, tb, "read the reports", `document.getElementById('reports-list').textContent`))
	case "none":
		t.Log("GET /api/v1/quotes/{id} carries no corroboration: the section stays hidden")
	default:
		t.Errorf("fetching the reports: %s", state)
	}
	tb.checkNoSideScroll(t)
	if vp.mobile {
		tb.do(t, "show the quote in its source", chromedp.ScrollIntoView(chromedp.CSS(`.in-context mark`)))
	}
	tb.screenshot(t, "page-quote-"+vp.name)
}

// checkQuote checks an altered McCallum quote and sees the verdict, the
// original as evidence and the changed words. It skips while POST
// /api/v1/verify is not served.
func checkQuote(t *testing.T, tb *tab, base string, vp viewport, claim, said string) {
	if !verifyServed(t, base) {
		t.Skip("POST /api/v1/verify is not served yet (404): the check form is built against its documented shape; this test runs once the endpoint exists")
	}
	tb.do(t, "open the page", chromedp.Navigate(base+"/#check"),
		chromedp.WaitEnabled(chromedp.CSS(`#verify-form button`)),
		chromedp.SendKeys(chromedp.ID("claim"), claim),
		chromedp.SendKeys(chromedp.ID("claim-speaker"), "Sir Ken"),
		chromedp.Click(chromedp.CSS(`#verify-form button`)),
	)
	tb.waitFor(t, "the verdict", `document.querySelector('#verify-result .verdict, #verify-result .problems')`)
	if p := eval[string](t, tb, "read a problem", `(document.querySelector('#verify-result .problems') || {textContent: ''}).textContent`); p != "" {
		t.Fatalf("the check failed: %s", p)
	}
	verdict := eval[string](t, tb, "read the verdict", `document.querySelector('#verify-result .verdict').dataset.verdict`)
	if verdict != "altered" {
		t.Errorf("verdict %q, want altered", verdict)
	}
	evidence := eval[string](t, tb, "read the evidence", `document.querySelector('#verify-result .evidence blockquote').textContent`)
	if evidence != said {
		t.Errorf("evidence %q, want the quote on record %q", evidence, said)
	}
	del := eval[[]string](t, tb, "read the diff", `Array.from(document.querySelectorAll('#verify-result .diff del')).map(e => e.textContent)`)
	ins := eval[[]string](t, tb, "read the diff", `Array.from(document.querySelectorAll('#verify-result .diff ins')).map(e => e.textContent)`)
	if !strings.Contains(strings.Join(del, " "), "opportunities") || !strings.Contains(strings.Join(ins, " "), "chances") {
		t.Errorf("diff deletes %q and inserts %q, want opportunities → chances", del, ins)
	}
	tb.do(t, "show the verdict", chromedp.ScrollIntoView(chromedp.ID("check")))
	tb.checkNoSideScroll(t)
	tb.screenshot(t, "page-check-quote-"+vp.name)
}

// alteredClaim finds McCallum's quote about opportunities to prosecute
// through the API and returns it with "opportunities" changed to
// "chances", and the quote as said.
func alteredClaim(t *testing.T, base string) (claim, said string) {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/quotes?speaker=ken-mccallum&q=" + url.QueryEscape("opportunities prosecute") + "&limit=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Data []struct{ Text string } `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list.Data) == 0 {
		t.Fatalf("the seed has no McCallum quote about opportunities to prosecute: %v", err)
	}
	said = list.Data[0].Text
	return strings.Replace(said, "opportunities", "chances", 1), said
}

// verifyServed reports whether the server answers POST /api/v1/verify.
func verifyServed(t *testing.T, base string) bool {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/verify", "application/json", bytes.NewReader([]byte(`{"claim":"a threat"}`)))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed
}

// longWord is a quote word no screen is wide enough for.
var longWord = "https://example.com/" + strings.Repeat("unbroken", 40)

// storeLongQuote stores, through the API, a source whose quote holds a
// very long word, and returns the quote's id.
func storeLongQuote(t *testing.T, base string) int64 {
	t.Helper()
	return storeQuote(t, base, "Long words", "Long words\n\nJane Roe said: “See "+longWord+" before you decide.”\n")
}

// storeQuote stores a source through the API and returns the id of the
// first quote found in it.
func storeQuote(t *testing.T, base, title, text string) int64 {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"title": title, "text": text})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/sources", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+editorKey(base))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var src struct {
		Quotes []struct {
			ID   int64  `json:"id"`
			Text string `json:"text"`
		} `json:"quotes"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&src); err != nil || resp.StatusCode != http.StatusCreated || len(src.Quotes) == 0 {
		t.Fatalf("store %q: status %d, %v, %+v", title, resp.StatusCode, err, src)
	}
	return src.Quotes[0].ID
}

// longWords checks that a quote with a very long word wraps instead of
// widening the page, in the results and on the quote's page.
func longWords(t *testing.T, tb *tab, base string, vp viewport, id int64) {
	tb.do(t, "list the latest quotes", chromedp.Navigate(base+"/?sort=newest"), chromedp.WaitVisible(chromedp.CSS(`.quotes article`)))
	if first := eval[string](t, tb, "read the first quote", `document.querySelector('.quotes blockquote').textContent`); !strings.Contains(first, longWord) {
		t.Fatalf("the newest quote is %q, want the long one", first)
	}
	tb.checkNoSideScroll(t)
	tb.do(t, "show the long quote", chromedp.ScrollIntoView(chromedp.ID("results-h")))
	tb.screenshot(t, "page-long-words-"+vp.name)
	tb.do(t, "open its page", chromedp.Navigate(base+"/quotes/"+jsInt(int(id))), chromedp.WaitVisible(chromedp.CSS(`.quote-main`)))
	tb.checkNoSideScroll(t)
}

// hiddenChars checks that a bidi override stored in a quote's text is
// shown as its code point, not obeyed, in the search results (the
// store's snippet), on the quote's page and in the quote check's
// evidence (written by app.js).
func hiddenChars(t *testing.T, tb *tab, base string, id int64) {
	shown := func(where, text string) {
		t.Helper()
		if !strings.Contains(text, "U+202E") || strings.ContainsAny(text, "\u202E\u202C") {
			t.Errorf("%s shows %q, want U+202E written out and no bidi control", where, text)
		}
	}
	tb.do(t, "search for it", chromedp.Navigate(base+"/?q=okapi"), chromedp.WaitVisible(chromedp.CSS(`.quotes article`)))
	shown("the search result", eval[string](t, tb, "read the result", `document.querySelector('.quotes blockquote').textContent`))
	tb.do(t, "open its page", chromedp.Navigate(base+"/quotes/"+jsInt(int(id))), chromedp.WaitVisible(chromedp.CSS(`.quote-main`)))
	shown("the quote's page", eval[string](t, tb, "read the quote", `document.querySelector('.quote-main blockquote').textContent`))
	if !verifyServed(t, base) {
		return
	}
	tb.do(t, "check it", chromedp.Navigate(base+"/#check"),
		chromedp.WaitEnabled(chromedp.CSS(`#verify-form button`)),
		chromedp.SendKeys(chromedp.ID("claim"), "Pay the okapi fund 0001$ today."),
		chromedp.Click(chromedp.CSS(`#verify-form button`)),
	)
	tb.waitFor(t, "the evidence", `document.querySelector('#verify-result .evidence blockquote, #verify-result .problems')`)
	shown("the check's evidence", eval[string](t, tb, "read the evidence", `(document.querySelector('#verify-result .evidence blockquote') || {textContent: ''}).textContent`))
}
