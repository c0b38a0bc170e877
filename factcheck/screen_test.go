package factcheck

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestScreen checks that Screen never drops a quote that Compare finds
// exact, stitched, close or scored at least minScore, and that what it
// compares matches Compare apart from the diff.
func TestScreen(t *testing.T) {
	quotes := []string{mcCallumThreat, mcCallumBorn, mcCallumFrustrated, mcCallumChina, collinsEspionage,
		"The U.K. said ‘we’ve had enough’. Then: enough.", "Ça va très bien, merci — said the café owner."}
	var words []string
	for _, q := range quotes {
		words = append(words, strings.Fields(q)...)
	}
	rng := rand.New(rand.NewPCG(7, 9))
	const minScore = 0.3
	for n := 0; n < 3000; n++ {
		// Claims: stretches of the quotes with words changed, dropped or
		// added, and random word salads.
		q := quotes[rng.IntN(len(quotes))]
		ws := strings.Fields(q)
		a := rng.IntN(len(ws))
		b := a + 1 + rng.IntN(len(ws)-a)
		claim := append([]string{}, ws[a:b]...)
		for k := rng.IntN(4); k > 0; k-- {
			switch i := rng.IntN(len(claim) + 1); rng.IntN(3) {
			case 0:
				claim = append(claim[:i], append([]string{words[rng.IntN(len(words))]}, claim[i:]...)...)
			case 1:
				if i < len(claim) && len(claim) > 1 {
					claim = append(claim[:i], claim[i+1:]...)
				}
			default:
				if i < len(claim) {
					claim[i] = words[rng.IntN(len(words))]
				}
			}
		}
		if n%3 == 0 {
			claim = claim[:0]
			for k := 2 + rng.IntN(15); k > 0; k-- {
				claim = append(claim, words[rng.IntN(len(words))])
			}
		}
		p := Prepare(ParseClaim(strings.Join(claim, " ")))
		for _, other := range quotes {
			full := p.Compare(other)
			got, ok := p.Screen(other, minScore)
			if !ok {
				if full.Exact || full.Stitched || full.Close() || full.Score >= minScore {
					t.Fatalf("screened out %q for %q: %+v", other, p.Claim.Text, full)
				}
				continue
			}
			full.Diff = nil
			if !reflect.DeepEqual(got, full) {
				t.Fatalf("Screen %+v, Compare %+v", got, full)
			}
		}
	}
}
