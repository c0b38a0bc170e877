package factcheck

import (
	"strings"
	"testing"
)

// FuzzCompare checks that no claim makes parsing or comparison panic, that
// scores stay in range and that the diff rebuilds both word lists.
func FuzzCompare(f *testing.F) {
	for _, s := range []string{
		"MI5 boss said Chinese spies are a threat every single day",
		"I am MI5 born and bred … wherever they are from",
		"“…”, said X", "... ... ...", "said said said", "According to , ", "\x00\xff", "U.K.'s ’’ ‘", "a-b—c",
	} {
		f.Add(s, mcCallumBorn)
	}
	f.Fuzz(func(t *testing.T, claim, quote string) {
		c := ParseClaim(claim)
		p := Prepare(c)
		m := p.Compare(quote)
		if m.Score < 0 || m.Score > 1 || m.ClaimCoverage < 0 || m.ClaimCoverage > 1 {
			t.Fatalf("score %v coverage %v out of range", m.Score, m.ClaimCoverage)
		}
		var said, claimed []string
		for _, op := range m.Diff {
			said = append(said, op.Said...)
			claimed = append(claimed, op.Claimed...)
		}
		if strings.Join(said, "\x00") != strings.Join(words(Tokens(quote)), "\x00") {
			t.Fatalf("diff does not rebuild the quote: %q", said)
		}
		if strings.Join(claimed, "\x00") != strings.Join(words(p.Tokens), "\x00") {
			t.Fatalf("diff does not rebuild the claim: %q", claimed)
		}
		_ = Decide(c.Speaker != "", []Candidate{{Match: m, BySpeaker: 1}, {Match: m}})
		_ = NameSimilarity(claim, quote)
	})
}
