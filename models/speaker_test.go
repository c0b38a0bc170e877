package models

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/errs"
)

// TestSpeakerChecks: each check names the field and says what is wrong, or
// adds nothing for a good value.
func TestSpeakerChecks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		check func(*errs.Fields)
		want  string // "" for no error
	}{
		{"name", func(b *errs.Fields) { CheckSpeakerName(b, "f", " Ken McCallum ") }, ""},
		{"name empty", func(b *errs.Fields) { CheckSpeakerName(b, "f", "  ") }, "is required"},
		{"name at the limit", func(b *errs.Fields) { CheckSpeakerName(b, "f", strings.Repeat("é", MaxNameChars)) }, ""},
		{"name too long", func(b *errs.Fields) { CheckSpeakerName(b, "f", strings.Repeat("é", MaxNameChars+1)) }, "must be at most 200 characters"},
		{"name without letters", func(b *errs.Fields) { CheckSpeakerName(b, "f", "—") }, "needs at least one letter or digit"},
		{"kind", func(b *errs.Fields) { CheckSpeakerKind(b, "f", SpeakerOrganization) }, ""},
		{"kind unknown", func(b *errs.Fields) { CheckSpeakerKind(b, "f", "") }, "must be one of person, organization"},
		{"qid", func(b *errs.Fields) { CheckWikidataQID(b, "f", "Q42") }, ""},
		{"qid empty", func(b *errs.Fields) { CheckWikidataQID(b, "f", "") }, ""},
		{"qid leading zero", func(b *errs.Fields) { CheckWikidataQID(b, "f", "Q042") }, "must look like Q42"},
		{"alias", func(b *errs.Fields) { CheckAlias(b, "f", "Sir Ken") }, ""},
		{"alias without letters", func(b *errs.Fields) { CheckAlias(b, "f", "--") }, "must have a letter or digit and at most 200 characters"},
		{"alias too long", func(b *errs.Fields) { CheckAlias(b, "f", strings.Repeat("a", MaxNameChars+1)) }, "must have a letter or digit and at most 200 characters"},
		{"alias generic", func(b *errs.Fields) { CheckAlias(b, "f", "the prime minister") }, `"the prime minister" is a title, role or pronoun`},
	} {
		var bad errs.Fields
		tc.check(&bad)
		switch {
		case tc.want == "" && len(bad) > 0:
			t.Errorf("%s: unexpected %v", tc.name, bad)
		case tc.want != "" && (len(bad) != 1 || bad[0].Field != "f" || !strings.HasPrefix(bad[0].Message, tc.want)):
			t.Errorf("%s: got %v, want f: %q", tc.name, bad, tc.want)
		}
	}
}
