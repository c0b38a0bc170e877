package extract

import (
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

// mayLeadMark is markLead for eight bytes at once.
func TestMayLeadMark(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	leads := []byte{'"', '`', '\'', 0xC2, 0xE2, 'a', ' ', 0x80, 0x9C, 0x00, 0xFF, 0x21, 0x23}
	for i := 0; i < 200000; i++ {
		var b [8]byte
		want := false
		for k := range b {
			if rng.Intn(3) == 0 {
				b[k] = leads[rng.Intn(len(leads))]
			} else {
				b[k] = byte(rng.Intn(256))
			}
			want = want || markLead[b[k]]
		}
		if got := mayLeadMark(load64(string(b[:]), 0)); got != want {
			t.Fatalf("mayLeadMark(% x) = %v, want %v", b, got, want)
		}
	}
}
