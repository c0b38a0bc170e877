package factcheck

import "testing"

// BenchmarkCompare measures one claim against the 200 candidate quotes a
// verify request compares at most.
func BenchmarkCompare(b *testing.B) {
	quotes := []string{mcCallumThreat, mcCallumBorn, mcCallumFrustrated, mcCallumChina, collinsEspionage}
	p := Prepare(ParseClaim("MI5 boss said Chinese spies are a threat every single day"))
	b.ReportAllocs()
	for b.Loop() {
		cs := make([]Candidate, 0, 200)
		for i := range 200 {
			cs = append(cs, Candidate{Match: p.Compare(quotes[i%len(quotes)]), BySpeaker: float64(i % 2)})
		}
		_ = Decide(true, cs)
	}
}

// BenchmarkParseClaim measures claim parsing.
func BenchmarkParseClaim(b *testing.B) {
	for b.Loop() {
		_ = ParseClaim("“We will cooperate where we can, compete where needed and challenge where we must”, said Baroness Chapman.")
	}
}
