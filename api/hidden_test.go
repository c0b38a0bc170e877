package api

import (
	"testing"
)

// TestHiddenCharactersInLabelsAre422 sends a control or invisible
// formatting character (bidi overrides and isolates, marks, C0 and C1
// controls, separators, BOM) in a name, alias, outlet, author or title
// through every write path that stores one: each is a 422 problem naming
// the field, and nothing is stored. Quote text stays verbatim: the same
// characters in it are stored. They were all accepted.
func TestHiddenCharactersInLabelsAre422(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	before := rowCounts(t, s)
	src := `"text":"Labels\n\nShe said: “fine words”"`
	t.Run("refused", func(t *testing.T) { // waits for its parallel cases
		s.run(t, []apiCase{
			{name: "speaker name, override", method: "POST", url: "/api/v1/speakers", body: `{"name":"Jane \u202EeoD"}`, wantStatus: 422, check: all(wantFields("name"), wantFieldMessage("name", "U+202E"))},
			{name: "speaker name, tab", method: "POST", url: "/api/v1/speakers", body: `{"name":"Jane\tDoe"}`, wantStatus: 422, check: wantFields("name")},
			{name: "speaker name, C1", method: "POST", url: "/api/v1/speakers", body: `{"name":"Jane\u0085Doe"}`, wantStatus: 422, check: wantFields("name")},
			{name: "speaker alias, isolate", method: "POST", url: "/api/v1/speakers", body: `{"name":"Jane Doe","aliases":["JD","J\u2066D"]}`, wantStatus: 422, check: wantFields("aliases[1]")},
			{name: "rename, mark", method: "PATCH", url: "/api/v1/speakers/1", body: `{"name":"Ken\u200F McCallum"}`, wantStatus: 422, check: wantFields("name")},
			{name: "add alias, bell", method: "POST", url: "/api/v1/speakers/1/aliases", body: `{"name":"Sir\u0007Ken"}`, wantStatus: 422, check: wantFields("name")},
			{name: "quote's new speaker, ALM", method: "POST", url: "/api/v1/quotes", body: `{"source_id":1,"text":"x","speaker":"Bad\u061CName"}`, wantStatus: 422, check: wantFields("speaker")},
			{name: "source title, override", method: "POST", url: "/api/v1/sources", body: `{"title":"A \u202Dtitle","outlet":"O",` + src + `}`, wantStatus: 422, check: wantFields("title")},
			{name: "source outlet, BOM", method: "POST", url: "/api/v1/sources", body: `{"title":"T","outlet":"The\uFEFF Times",` + src + `}`, wantStatus: 422, check: wantFields("outlet")},
			{name: "source author, newline", method: "POST", url: "/api/v1/sources", body: `{"title":"T","outlet":"O","author":"A.\nWriter",` + src + `}`, wantStatus: 422, check: wantFields("author")},
			{name: "source title patch, separator", method: "PATCH", url: "/api/v1/sources/1", body: `{"title":"Split\u2028title"}`, wantStatus: 422, check: wantFields("title")},
			{name: "source outlet patch, zero width", method: "PATCH", url: "/api/v1/sources/1", body: `{"outlet":"Daily\u200BMail"}`, wantStatus: 422, check: wantFields("outlet")},
		})
	})
	if after := rowCounts(t, s); !equalCounts(before, after) {
		t.Errorf("rows changed: %v -> %v", before, after)
	}
	// Quote text is verbatim: bidi characters in it are stored, and names
	// with a zero-width joiner (emoji, Indic scripts) are fine.
	send(t, s, "POST", "/api/v1/sources", `{"title":"Verbatim","outlet":"O","text":"Verbatim\n\nShe said: “abc \u202Eevil\u202C done”"}`, 201)
	send(t, s, "POST", "/api/v1/speakers", `{"name":"Jane 👩‍🔬 Doe"}`, 201)
}

func equalCounts(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
