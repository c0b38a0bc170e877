package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// newFactcheckServer is the test server; the fact-checking routes are
// part of the router.
func newFactcheckServer(t *testing.T) *testServer {
	t.Helper()
	return newTestServer(t)
}

// verifyCases are realistic claims about the seed corpus, each with the
// verdict it must get and a phrase of the quote the verdict rests on.
var verifyCases = []struct {
	name, claim, speaker string
	wantVerdict          string
	quoteHas, saidBy     string
}{
	{"verified despite lost punctuation and straight quotes", `Ken McCallum said "i am mi5 born and bred i will never back off from confronting threats to the uk wherever they are from"`, "",
		"verified", "born and bred", "Ken McCallum"},
	{"verified with an ellipsis", "I am MI5 born and bred … wherever they are from", "Sir Ken McCallum", "verified", "born and bred", "Ken McCallum"},
	{"verified with a trailing attribution", "“Those choices are for government, informed by expert security advice,” said Sir Ken", "", "verified", "expert security advice", "Ken McCallum"},
	{"altered: a word changed", "Of course I am frustrated when chances to prosecute national security threatening activity are not followed through", "Ken McCallum",
		"altered", "frustrated", "Ken McCallum"},
	{"altered: paraphrase through a fuzzy role", "MI5 boss said Chinese spies are a threat every single day", "", "altered", "every day", "Ken McCallum"},
	{"misattributed: Collins's words claimed as McCallum's", "Ken McCallum said Chinese espionage operations threaten the UK's economic prosperity and resilience and the integrity of our democratic institutions", "",
		"misattributed", "economic prosperity", "Matt Collins"},
	{"partial: stitched to words never said", "When it comes to China, the UK needs to defend itself resolutely against security threats and we will cut all ties with Beijing", "Ken McCallum",
		"partial", "defend itself resolutely", "Ken McCallum"},
	{"partial: only a fragment", "Sir Ken said the UK needs to defend itself resolutely", "", "partial", "defend itself resolutely against security threats", "Ken McCallum"},
	{"verified: a whole sentence of a longer quote", "“Our track record is strong”, said Sir Ken", "", "verified", "track record", "Ken McCallum"},
	{"not_found", "Matt Collins said the weather in Cornwall is lovely this time of year", "", "not_found", "", ""},
}

func TestVerifyVerdicts(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	for _, tc := range verifyCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body, _ := json.Marshal(handlers.VerifyRequest{Claim: tc.claim, Speaker: tc.speaker})
			w := send(t, s, http.MethodPost, "/api/v1/verify", string(body), http.StatusOK)
			r := decode[handlers.VerifyResult](t, w)
			t.Logf("%s → %s (%.2f): %s", tc.claim, r.Verdict, r.Confidence, r.Explanation)
			if r.Verdict != tc.wantVerdict {
				t.Fatalf("verdict = %s, want %s; result %+v", r.Verdict, tc.wantVerdict, r)
			}
			if r.Compared > 200 {
				t.Errorf("compared %d quotes, want at most 200", r.Compared)
			}
			if tc.wantVerdict == "not_found" {
				if !strings.Contains(r.Explanation, "not proof") || r.SaidBy != nil {
					t.Errorf("not_found must say it is not proof, and name nobody: %+v", r)
				}
				return
			}
			if len(r.Evidence) == 0 || r.SaidBy == nil {
				t.Fatalf("no evidence or said_by: %+v", r)
			}
			e := r.Evidence[0]
			if !strings.Contains(e.Quote.Text, tc.quoteHas) || r.SaidBy.Name != tc.saidBy || e.Quote.Source == nil {
				t.Errorf("evidence[0] = %q by %s, want %q by %s with its source", e.Quote.Text, r.SaidBy.Name, tc.quoteHas, tc.saidBy)
			}
			if len(e.Reports) == 0 || e.EarliestReport.QuoteID == 0 || e.EarliestReport.Source == nil {
				t.Errorf("evidence lacks reports or the earliest report: %+v", e)
			}
			if e.Similarity <= 0 || e.Similarity > 1 || len(e.Diff) == 0 {
				t.Errorf("similarity %v, diff %v", e.Similarity, e.Diff)
			}
			if tc.wantVerdict == "altered" {
				changed := false
				for _, op := range e.Diff {
					changed = changed || op.Op != "equal"
				}
				if !changed {
					t.Errorf("altered with a diff of equal ops only: %+v", e.Diff)
				}
			}
		})
	}
}

func TestVerifyMisattributionNamesBothSpeakers(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	u := "/api/v1/verify?" + url.Values{
		"claim":   {"Chinese espionage operations threaten the UK's economic prosperity"},
		"speaker": {"Sir Ken McCallum"},
	}.Encode()
	r := get[handlers.VerifyResult](t, s, u)
	if r.Verdict != "misattributed" || r.SaidBy == nil || r.SaidBy.Name != "Matt Collins" {
		t.Fatalf("result = %+v", r)
	}
	if r.ClaimedSpeaker == nil || *r.ClaimedSpeaker != "Sir Ken McCallum" || len(r.SpeakerMatches) == 0 || r.SpeakerMatches[0].Speaker.Name != "Ken McCallum" {
		t.Errorf("claimed speaker %v matched %+v", r.ClaimedSpeaker, r.SpeakerMatches)
	}
}

func TestVerifyFuzzySpeaker(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	r := get[handlers.VerifyResult](t, s, "/api/v1/verify?claim="+url.QueryEscape("MI5 boss said Chinese spies are a threat every single day"))
	var ken *handlers.SpeakerMatch
	for i, m := range r.SpeakerMatches {
		if m.Speaker.Name == "Ken McCallum" {
			ken = &r.SpeakerMatches[i]
		}
	}
	if ken == nil || ken.Confidence >= 1 || ken.Confidence < 0.5 {
		t.Fatalf("MI5 boss matched %+v, want Ken McCallum with less than full confidence", r.SpeakerMatches)
	}
	if !strings.Contains(r.Evidence[0].Quote.Text, "Do Chinese state actors present a UK national security threat?") {
		t.Errorf("evidence[0] = %q", r.Evidence[0].Quote.Text)
	}
}

func TestVerifyRejectsBadInput(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	s.run(t, []apiCase{
		{name: "no claim", method: "POST", url: "/api/v1/verify", body: `{"speaker":"Ken"}`, wantStatus: 400, check: wantFields("claim")},
		{name: "claim without words", method: "POST", url: "/api/v1/verify", body: `{"claim":"… !!"}`, wantStatus: 400, check: wantFields("claim")},
		{name: "unknown field", method: "POST", url: "/api/v1/verify", body: `{"claim":"x","who":"y"}`, wantStatus: 400, check: wantFields("who")},
		{name: "bad limit", method: "POST", url: "/api/v1/verify", body: `{"claim":"every day","limit":99}`, wantStatus: 400, check: all(wantFields("limit"), wantFieldMessage("limit", "must be between 1 and 20"))},
		// Every way of sending a limit past verify's is worded alike (GET
		// said "between 1 and 100" past 100 and "between 1 and 20" below).
		{name: "GET limit over 20", url: "/api/v1/verify?claim=every+day&limit=50", wantStatus: 400, check: all(wantFields("limit"), wantFieldMessage("limit", "must be between 1 and 20"))},
		{name: "GET limit over 100", url: "/api/v1/verify?claim=every+day&limit=500", wantStatus: 400, check: all(wantFields("limit"), wantFieldMessage("limit", "must be between 1 and 20"))},
		{name: "GET limit zero", url: "/api/v1/verify?claim=every+day&limit=0", wantStatus: 400, check: all(wantFields("limit"), wantFieldMessage("limit", "must be between 1 and 20"))},
		{name: "POST long claim", method: "POST", url: "/api/v1/verify", body: `{"claim":"` + strings.Repeat("x", 2001) + `"}`, wantStatus: 400, check: all(wantFields("claim"), wantFieldMessage("claim", "must be at most 2000 characters"))},
		{name: "GET long claim", url: "/api/v1/verify?claim=" + strings.Repeat("x", 2001), wantStatus: 400, check: all(wantFields("claim"), wantFieldMessage("claim", "must be at most 2000 characters"))},
		{name: "long speaker", method: "POST", url: "/api/v1/verify", body: `{"claim":"x","speaker":"` + strings.Repeat("y", 201) + `"}`, wantStatus: 400, check: all(wantFields("speaker"), wantFieldMessage("speaker", "must be at most 200 characters"))},
		{name: "GET without claim", url: "/api/v1/verify", wantStatus: 400, check: wantFields("claim")},
		{name: "GET unknown parameter", url: "/api/v1/verify?claim=x&foo=1", wantStatus: 400, check: wantFields("foo")},
		{name: "bad format", url: "/api/v1/verify?claim=every+day&format=xml", wantStatus: 400, check: wantFields("format")},
	})
}

// TestVerifyAsClaimReview asks for JSON-LD and checks the schema.org
// ClaimReview.
func TestVerifyAsClaimReview(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	for _, tc := range []struct {
		name   string
		method string
		url    string
		body   string
		header map[string]string
	}{
		{"accept header", "POST", "/api/v1/verify", `{"claim":"Ken McCallum said Chinese espionage operations threaten the UK's economic prosperity and resilience and the integrity of our democratic institutions"}`,
			map[string]string{"Accept": "application/ld+json"}},
		{"format parameter", "GET", "/api/v1/verify?format=jsonld&claim=" + url.QueryEscape("Ken McCallum said Chinese espionage operations threaten the UK's economic prosperity and resilience and the integrity of our democratic institutions"), "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := s.serve(tc.method, tc.url, tc.body, tc.header)
			checkResponse(t, w, http.StatusOK, "application/ld+json")
			var doc struct {
				Context       string `json:"@context"`
				Type          string `json:"@type"`
				ClaimReviewed string `json:"claimReviewed"`
				URL           string `json:"url"`
				ReviewRating  struct {
					Type          string `json:"@type"`
					AlternateName string `json:"alternateName"`
					RatingValue   int    `json:"ratingValue"`
				} `json:"reviewRating"`
				ItemReviewed struct {
					Type   string `json:"@type"`
					Author struct {
						Type string `json:"@type"`
						Name string `json:"name"`
					} `json:"author"`
					Appearance struct {
						Type              string `json:"@type"`
						SpokenByCharacter ldName `json:"spokenByCharacter"`
					} `json:"appearance"`
				} `json:"itemReviewed"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Context != "https://schema.org" || doc.Type != "ClaimReview" || doc.ReviewRating.Type != "Rating" ||
				doc.ReviewRating.AlternateName != "misattributed" || doc.ItemReviewed.Type != "Claim" ||
				doc.ItemReviewed.Author.Name != "Ken McCallum" || doc.ItemReviewed.Author.Type != "Person" ||
				doc.ItemReviewed.Appearance.Type != "Quotation" || doc.ItemReviewed.Appearance.SpokenByCharacter.Name != "Matt Collins" ||
				!strings.HasPrefix(doc.ClaimReviewed, "Chinese espionage") || !strings.Contains(doc.URL, "/api/v1/verify?") {
				t.Errorf("ClaimReview = %+v\n%s", doc, w.Body)
			}
		})
	}
}

// quoteID finds the id of the seed quote that contains text.
func quoteID(t *testing.T, s *testServer, text string) int64 {
	t.Helper()
	l := get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=100&q="+url.QueryEscape(`"`+text+`"`))
	for _, q := range l.Data {
		if strings.Contains(q.Text, text) {
			return q.ID
		}
	}
	t.Fatalf("no quote contains %q", text)
	return 0
}

func TestSeedReportsCorroborate(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	id := quoteID(t, s, "Of course I am frustrated when opportunities to prosecute")
	c := get[handlers.Corroboration](t, s, fmt.Sprintf("/api/v1/quotes/%d/reports", id))
	if c.UtteranceID == nil || len(c.Reports) != 2 || len(c.Variants) != 2 || !c.Reports[0].First || c.FirstReport.QuoteID != c.Reports[0].Quote.ID {
		t.Fatalf("corroboration = %+v", c)
	}
	if c.Reports[0].Quote.Source.ID == c.Reports[1].Quote.Source.ID {
		t.Errorf("both reports from one source")
	}
	// The second wording adds "for whatever reason": an insert in its diff.
	inserted := false
	for _, op := range c.Reports[1].Diff {
		if op.Op == "insert" && strings.Join(op.Claimed, " ") == "for whatever reason" {
			inserted = true
		}
	}
	if !inserted {
		t.Errorf("diff of the second report = %+v", c.Reports[1].Diff)
	}
	s.run(t, []apiCase{
		{name: "unknown quote", url: "/api/v1/quotes/999999/reports", wantStatus: 404},
		{name: "bad id", url: "/api/v1/quotes/x/reports", wantStatus: 400, check: wantFields("id")},
	})
}

// TestIngestLinksASecondReport stores a new article reporting a seed quote
// in other words, and reads both reports through the API.
func TestIngestLinksASecondReport(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	text := "Spy chief speaks\n\nSir Ken McCallum said: “I am MI5 born and bred, and I will never back off from confronting threats to the UK, wherever they come from.”"
	quote := "I am MI5 born and bred, and I will never back off from confronting threats to the UK, wherever they come from."
	start := len([]rune(text[:strings.Index(text, quote)]))
	res, err := s.st.Ingest(context.Background(), store.IngestInput{
		Source:   store.SourceInput{Title: "Spy chief speaks", Outlet: "Test Gazette", Text: text},
		Speakers: []store.IngestSpeaker{{Name: "Ken McCallum", Kind: models.SpeakerPerson, Aliases: []string{"Sir Ken McCallum"}}},
		Quotes:   []store.IngestQuote{{Text: quote, Start: start, End: start + len([]rune(quote)), Speaker: "Ken McCallum", Kind: models.KindDirect, Confidence: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	c := get[handlers.Corroboration](t, s, fmt.Sprintf("/api/v1/quotes/%d/reports", res.Quotes[0].ID))
	if len(c.Reports) != 2 || c.Reports[0].Quote.ID == res.Quotes[0].ID {
		t.Fatalf("reports = %+v, want the seed quote first and the new one second", c.Reports)
	}
	if c.Reports[1].Quote.Source == nil || c.Reports[1].Quote.Source.Outlet != "Test Gazette" {
		t.Errorf("second report = %+v", c.Reports[1])
	}
}

func TestReviewAndHistory(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	id := quoteID(t, s, "Our track record is strong")
	u := fmt.Sprintf("/api/v1/quotes/%d", id)
	w := s.serve("POST", u+"/review", `{"status":"disputed","note":"not in the transcript"}`, nil)
	checkResponse(t, w, 200, "")
	w = s.serve("POST", u+"/review", `{"status":"verified","note":"checked against the video","reviewer":"body-name"}`, map[string]string{"X-Reviewer": "ana@factcheck.example"})
	checkResponse(t, w, 200, "")
	if q := decode[handlers.Quote](t, w); q.Status != "verified" {
		t.Errorf("status = %s", q.Status)
	}
	send(t, s, "PATCH", u, `{"setting":"annual threat update"}`, 200)

	h := get[handlers.HistoryList](t, s, u+"/history")
	if len(h.Data) != 3 {
		t.Fatalf("history = %+v", h.Data)
	}
	if h.Data[0].Actor != testKeyName || h.Data[1].Actor != testKeyName || // the key's name wins over X-Reviewer and reviewer
		h.Data[1].Action != "review" ||
		h.Data[1].Note != "checked against the video" || h.Data[2].Action != "update" {
		t.Errorf("history = %+v", h.Data)
	}
	var before, after struct{ Status, Setting string }
	_ = json.Unmarshal(h.Data[1].Before, &before)
	_ = json.Unmarshal(h.Data[1].After, &after)
	if before.Status != "disputed" || after.Status != "verified" {
		t.Errorf("snapshots %s → %s", h.Data[1].Before, h.Data[1].After)
	}
	s.run(t, []apiCase{
		{name: "bad status", method: "POST", url: u + "/review", body: `{"status":"true"}`, wantStatus: 400, check: wantFields("status")},
		{name: "unknown quote", method: "POST", url: "/api/v1/quotes/999999/review", body: `{"status":"verified"}`, wantStatus: 404},
		{name: "bad reviewer header", method: "POST", url: u + "/review", body: `{"status":"verified"}`, header: map[string]string{"X-Reviewer": strings.Repeat("x", 300)}, wantStatus: 400, check: wantFields("X-Reviewer")},
		{name: "history page size", url: u + "/history?limit=0", wantStatus: 400, check: wantFields("limit")},
	})
}

func TestMergeSplitAndTimeline(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	ken := get[handlers.Speaker](t, s, "/api/v1/speakers/ken-mccallum")
	collins := get[handlers.Speaker](t, s, "/api/v1/speakers/matt-collins")
	w := s.serve("POST", "/api/v1/speakers/matt-collins/merge", fmt.Sprintf(`{"into":%d}`, ken.ID), map[string]string{"X-Reviewer": "desk"})
	checkResponse(t, w, 200, "")
	merged := decode[handlers.Speaker](t, w)
	if merged.QuoteCount != ken.QuoteCount+collins.QuoteCount {
		t.Errorf("merged has %d quotes, want %d", merged.QuoteCount, ken.QuoteCount+collins.QuoteCount)
	}
	l := get[handlers.QuoteList](t, s, "/api/v1/speakers/ken-mccallum/quotes?limit=1")
	if l.Total != ken.QuoteCount+collins.QuoteCount {
		t.Errorf("listed %d quotes, want every quote of both", l.Total)
	}
	var aliasID, mrCollins int64
	for _, a := range merged.Aliases {
		switch a.Name {
		case "Matt Collins":
			aliasID = a.ID
		case "Mr Collins":
			mrCollins = a.ID
		}
	}
	if aliasID == 0 {
		t.Fatalf("alias Matt Collins did not move: %+v", merged.Aliases)
	}
	// The old slug's timeline still answers, as the merged speaker's.
	tl := get[handlers.Timeline](t, s, "/api/v1/speakers/matt-collins/timeline?limit=1")
	if tl.Speaker.ID != ken.ID {
		t.Errorf("old slug's timeline is %+v", tl.Speaker)
	}
	h := get[handlers.HistoryList](t, s, fmt.Sprintf("/api/v1/speakers/%d/history", collins.ID))
	if len(h.Data) != 1 || h.Data[0].Action != "merged_into" || h.Data[0].Actor != testKeyName || string(h.Data[0].After) != "null" {
		t.Errorf("history of the merged-away speaker = %+v", h.Data)
	}

	moved := quoteID(t, s, "Chinese espionage operations threaten")
	w = send(t, s, "POST", "/api/v1/speakers/ken-mccallum/split", fmt.Sprintf(`{"alias_id":%d,"role":"Deputy National Security Adviser","quote_ids":[%d]}`, aliasID, moved), 201)
	split := decode[handlers.Speaker](t, w)
	if split.Name != "Matt Collins" || split.QuoteCount != 1 || w.Header().Get("Location") == "" {
		t.Errorf("split = %+v", split)
	}
	s.run(t, []apiCase{
		{name: "merge into itself", method: "POST", url: "/api/v1/speakers/ken-mccallum/merge", body: fmt.Sprintf(`{"into":%d}`, ken.ID), wantStatus: 409},
		{name: "merge into nobody", method: "POST", url: "/api/v1/speakers/ken-mccallum/merge", body: `{"into":999999}`, wantStatus: 404},
		{name: "merge without into", method: "POST", url: "/api/v1/speakers/ken-mccallum/merge", body: `{}`, wantStatus: 400, check: wantFields("into")},
		{name: "split another's alias", method: "POST", url: "/api/v1/speakers/ken-mccallum/split", body: `{"alias_id":999999}`, wantStatus: 400, check: wantFields("alias_id")},
		{name: "split the own name", method: "POST", url: "/api/v1/speakers/ken-mccallum/split", body: fmt.Sprintf(`{"alias_id":%d}`, ken.Aliases[0].ID), wantStatus: 409},
		{name: "split moving a quote of someone else", method: "POST", url: "/api/v1/speakers/ken-mccallum/split", body: fmt.Sprintf(`{"alias_id":%d,"quote_ids":[%d]}`, mrCollins, quoteID(t, s, "I will not stand for anyone")), wantStatus: 400, check: wantFields("quote_ids[0]")},
	})
}

func TestTimelineExports(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	// A quote that a spreadsheet would run as a formula.
	text := "Formula test\n\nKen McCallum said: “=HYPERLINK(\"http://evil.example\",\"click\") is not a threat.”"
	quote := "=HYPERLINK(\"http://evil.example\",\"click\") is not a threat."
	start := len([]rune(text[:strings.Index(text, quote)]))
	if _, err := s.st.Ingest(context.Background(), store.IngestInput{
		Source:   store.SourceInput{Title: "Formula test", Outlet: "=cmd|' /C calc'!A0", Text: text},
		Speakers: []store.IngestSpeaker{{Name: "Ken McCallum", Kind: models.SpeakerPerson}},
		Quotes:   []store.IngestQuote{{Text: quote, Start: start, End: start + len([]rune(quote)), Speaker: "Ken McCallum", Kind: models.KindDirect, Confidence: 1}},
	}); err != nil {
		t.Fatal(err)
	}

	tl := get[handlers.Timeline](t, s, "/api/v1/speakers/ken-mccallum/timeline?q=China&limit=100")
	if len(tl.Data) == 0 {
		t.Fatal("empty timeline")
	}
	for i, e := range tl.Data {
		if i > 0 && e.SaidAt < tl.Data[i-1].SaidAt {
			t.Errorf("timeline out of order")
		}
		if !strings.Contains(strings.ToLower(e.Quote.Text), "china") || len(e.Outlets) == 0 && e.Quote.Source.Outlet != "" {
			t.Errorf("entry %+v", e)
		}
	}

	for _, h := range []struct {
		name, url, accept string
	}{{"accept", "/api/v1/speakers/ken-mccallum/timeline?limit=100", "text/csv"}, {"format", "/api/v1/speakers/ken-mccallum/timeline?limit=100&format=csv", ""}} {
		t.Run("csv by "+h.name, func(t *testing.T) {
			w := s.serve("GET", h.url, "", map[string]string{"Accept": h.accept})
			checkResponse(t, w, 200, "text/csv")
			rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) < 10 || rows[0][0] != "id" || rows[0][1] != "text" {
				t.Fatalf("csv has %d rows, header %v", len(rows), rows[0])
			}
			found := false
			for _, row := range rows[1:] {
				for _, cell := range row {
					if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
						t.Errorf("cell %q could run as a formula", cell)
					}
				}
				if strings.HasPrefix(row[1], "'=HYPERLINK") {
					found = true
					if row[7] != "'=cmd|' /C calc'!A0" {
						t.Errorf("outlet cell = %q", row[7])
					}
				}
			}
			if !found {
				t.Errorf("formula quote not exported")
			}
		})
	}

	w := s.serve("GET", "/api/v1/speakers/ken-mccallum/timeline?limit=5", "", map[string]string{"Accept": "application/ld+json"})
	checkResponse(t, w, 200, "application/ld+json")
	var doc struct {
		Context string `json:"@context"`
		Type    string `json:"@type"`
		Items   []struct {
			Type string `json:"@type"`
			Item struct {
				Type     string `json:"@type"`
				Text     string `json:"text"`
				Speaker  ldName `json:"spokenByCharacter"`
				Creator  ldName `json:"creator"`
				IsPartOf struct {
					Type string `json:"@type"`
					Name string `json:"name"`
				} `json:"isPartOf"`
				Citation struct {
					Type string `json:"@type"`
				} `json:"citation"`
			} `json:"item"`
		} `json:"itemListElement"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context != "https://schema.org" || doc.Type != "ItemList" || len(doc.Items) != 5 {
		t.Fatalf("JSON-LD = %s", w.Body)
	}
	for _, it := range doc.Items {
		q := it.Item
		if it.Type != "ListItem" || q.Type != "Quotation" || q.Text == "" || q.Speaker.Type != "Person" || q.Speaker.Name != "Ken McCallum" ||
			q.Creator.Name != "Ken McCallum" || q.IsPartOf.Type != "CreativeWork" || q.IsPartOf.Name == "" || q.Citation.Type != "CreativeWork" {
			t.Errorf("item = %+v", it)
		}
	}
	s.run(t, []apiCase{
		{name: "unknown speaker", url: "/api/v1/speakers/nobody-at-all/timeline", wantStatus: 404},
		{name: "bad order", url: "/api/v1/speakers/ken-mccallum/timeline?order=up", wantStatus: 400, check: wantFields("order")},
		{name: "bad format", url: "/api/v1/speakers/ken-mccallum/timeline?format=xml", wantStatus: 400, check: wantFields("format")},
	})
}

// ldName is a JSON-LD node's type and name.
type ldName struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

func TestQuoteGetShowsCorroboration(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	id := quoteID(t, s, "Of course I am frustrated when opportunities to prosecute")
	q := get[handlers.Quote](t, s, fmt.Sprintf("/api/v1/quotes/%d", id))
	c := q.Corroboration
	if c == nil || len(c.Reports) != 2 || len(c.Variants) != 2 || c.FirstReport.Source == nil {
		t.Fatalf("corroboration = %+v", c)
	}
	outlets := map[int64]bool{}
	for _, r := range c.Reports {
		outlets[r.Quote.Source.ID] = true
	}
	if len(outlets) != 2 {
		t.Errorf("reports come from %d sources, want 2", len(outlets))
	}
}

func TestMergedSpeakerRedirects(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	ken := get[handlers.Speaker](t, s, "/api/v1/speakers/ken-mccallum")
	collins := get[handlers.Speaker](t, s, "/api/v1/speakers/matt-collins")
	send(t, s, "POST", fmt.Sprintf("/api/v1/speakers/%d/merge", collins.ID), fmt.Sprintf(`{"into":%d}`, ken.ID), 200)
	for _, tc := range []struct{ url, want string }{
		{"/api/v1/speakers/matt-collins", "/api/v1/speakers/ken-mccallum"},
		{fmt.Sprintf("/api/v1/speakers/%d", collins.ID), "/api/v1/speakers/ken-mccallum"},
		{"/api/v1/speakers/matt-collins/quotes?limit=2", "/api/v1/speakers/ken-mccallum/quotes?limit=2"},
	} {
		w := s.serve("GET", tc.url, "", nil)
		if w.Code != http.StatusPermanentRedirect || !strings.HasSuffix(w.Header().Get("Location"), tc.want) {
			t.Errorf("GET %s = %d Location %q, want 308 to %s", tc.url, w.Code, w.Header().Get("Location"), tc.want)
		}
	}
	s.run(t, []apiCase{{name: "never existed", url: "/api/v1/speakers/nobody-at-all", wantStatus: 404}})
}

func TestQuoteListExports(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	w := s.serve("GET", "/api/v1/quotes?speaker=ken-mccallum&limit=100", "", map[string]string{"Accept": "text/csv"})
	checkResponse(t, w, 200, "text/csv")
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || strings.Join(rows[0][:3], ",") != "id,text,speaker" {
		t.Fatalf("csv rows %d, header %v", len(rows), rows[0])
	}
	for _, row := range rows[1:] {
		if row[2] != "Ken McCallum" || len(row) != len(rows[0]) {
			t.Errorf("row %v", row)
		}
	}
	w = s.serve("GET", "/api/v1/speakers/matt-collins/quotes?format=jsonld&limit=3", "", nil)
	checkResponse(t, w, 200, "application/ld+json")
	var doc struct {
		Context string `json:"@context"`
		Type    string `json:"@type"`
		Items   []struct {
			Item struct {
				Type    string `json:"@type"`
				Speaker ldName `json:"spokenByCharacter"`
			} `json:"item"`
		} `json:"itemListElement"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context != "https://schema.org" || doc.Type != "ItemList" || len(doc.Items) != 3 || doc.Items[0].Item.Type != "Quotation" || doc.Items[0].Item.Speaker.Name != "Matt Collins" {
		t.Errorf("JSON-LD = %s", w.Body)
	}
	// An organisation speaks as an Organization.
	w = s.serve("GET", "/api/v1/quotes?speaker=mi5&limit=1", "", map[string]string{"Accept": "application/ld+json"})
	checkResponse(t, w, 200, "application/ld+json")
	if !strings.Contains(w.Body.String(), `"spokenByCharacter":{"@type":"Organization","name":"MI5"}`) {
		t.Errorf("MI5 quote = %s", w.Body)
	}
	// JSON stays the default, whatever else the client accepts.
	w = s.serve("GET", "/api/v1/quotes?limit=1", "", map[string]string{"Accept": "text/html, */*;q=0.8"})
	checkResponse(t, w, 200, "application/json")
	s.run(t, []apiCase{{name: "bad format", url: "/api/v1/quotes?format=xlsx", wantStatus: 400, check: wantFields("format")}})
}

func TestReviewerHeaderNamesWhoEdits(t *testing.T) {
	t.Parallel()
	s := newFactcheckServer(t)
	ken := get[handlers.Speaker](t, s, "/api/v1/speakers/ken-mccallum")
	w := s.serve("PATCH", fmt.Sprintf("/api/v1/speakers/%d", ken.ID), `{"role":"Director General of MI5","description":"Head of the UK's domestic intelligence service"}`, map[string]string{"X-Reviewer": "desk@factcheck.example"})
	checkResponse(t, w, 200, "")
	if sp := decode[handlers.Speaker](t, w); sp.Role != "Director General of MI5" {
		t.Errorf("role = %q", sp.Role)
	}
	h := get[handlers.HistoryList](t, s, "/api/v1/speakers/ken-mccallum/history")
	if len(h.Data) != 1 || h.Data[0].Actor != testKeyName /* the key's name wins over X-Reviewer */ || h.Data[0].Action != "update" {
		t.Fatalf("history = %+v", h.Data)
	}
	var before, after struct{ Role string }
	_ = json.Unmarshal(h.Data[0].Before, &before)
	_ = json.Unmarshal(h.Data[0].After, &after)
	if before.Role != "" || after.Role != "Director General of MI5" {
		t.Errorf("snapshots %s → %s", h.Data[0].Before, h.Data[0].After)
	}
	s.run(t, []apiCase{{name: "bad header on a write", method: "PATCH", url: fmt.Sprintf("/api/v1/speakers/%d", ken.ID), body: `{"role":"x"}`,
		header: map[string]string{"X-Reviewer": "a\x01b"}, wantStatus: 400, check: wantFields("X-Reviewer")}})
}
