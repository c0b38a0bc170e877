package extract

import (
	"math/bits"
	"math/rand"
	"strings"
	"testing"
)

// lookup, with its eight-byte hash, says what slowLookup, which asks each
// table in turn, says: for every lexicon word in lower, title and upper
// case, with a possessive, and for random words.
func TestLookupMatchesTables(t *testing.T) {
	var ws []string
	for _, tab := range append(lexSets, cueWords, pronouns, honorifics, firstNameGender) {
		tab.each(func(w string, _ uint32) {
			ws = append(ws, w, strings.ToLower(w), strings.ToUpper(w), titleCase(strings.ToLower(w)), w+"’s", w+"'s")
		})
	}
	rng := rand.New(rand.NewSource(1))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.'@[_`{"
	for i := 0; i < 20000; i++ {
		b := make([]byte, 1+rng.Intn(20))
		for k := range b {
			b[k] = letters[rng.Intn(len(letters))]
		}
		ws = append(ws, string(b))
	}
	for _, w := range ws {
		if len(w) > 48 {
			continue
		}
		var got, want lexEnt
		lex.lookup(w, &got)
		lex.slowLookup(w, &want)
		if got != want {
			t.Fatalf("lookup(%q) = %+v, tables say %+v", w, got, want)
		}
	}
}

// leadMarks finds the first byte that markLead marks, eight at once.
func TestLeadMarks(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	leads := []byte{'"', '`', '\'', 0xC2, 0xE2, 'a', ' ', 0x80, 0x9C, 0x00, 0xFF, 0x21, 0x23}
	for i := 0; i < 200000; i++ {
		var b [8]byte
		want := 8 // the first byte markLead marks, 8 for none
		for k := range b {
			if rng.Intn(3) == 0 {
				b[k] = leads[rng.Intn(len(leads))]
			} else {
				b[k] = byte(rng.Intn(256))
			}
			if markLead[b[k]] && want == 8 {
				want = k
			}
		}
		if got := bits.TrailingZeros64(leadMarks(load64(string(b[:]), 0))) >> 3; got != want {
			t.Fatalf("leadMarks(% x) finds byte %d, want %d", b, got, want)
		}
	}
}
