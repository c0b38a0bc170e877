// Tests that the fast paths of the extractor say what the plain ones do,
// and that its pool of documents is safe for concurrent use.

package extract

import (
	"fmt"
	"math/bits"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
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

// Extract is safe for concurrent use: documents taken from and put back in
// the pool by several goroutines (run with -race) give what they give one
// at a time.
func TestConcurrentExtract(t *testing.T) {
	var texts []string
	for _, dir := range []string{filepath.Join("testdata", "gold"), filepath.Join("..", "seed", "corpus")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil {
				texts = append(texts, string(b))
			}
		}
	}
	if len(texts) == 0 {
		t.Skip("no texts")
	}
	want := make([]Result, len(texts))
	for i, s := range texts {
		want[i] = Extract(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for r := 0; r < 20; r++ {
				i := (g*7 + r) % len(texts)
				if got := Extract(texts[i]); !reflect.DeepEqual(got, want[i]) {
					errs <- fmt.Sprintf("goroutine %d: text %d differs from its sequential result", g, i)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
