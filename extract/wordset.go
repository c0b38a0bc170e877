package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid/names"
)

// wtab is a read-only word table built once at start-up: open addressing
// over a power-of-two array with an FNV-1a hash, so a look-up of a word cut
// from the text costs a few nanoseconds and never allocates. Look-ups may
// fold ASCII case on the fly (getLower), which spares the hot loops the
// strings.ToLower of every capitalised word. Values are small bit sets;
// a present key always has a non-zero value.
type wtab struct {
	keys []string
	vals []uint32
	mask uint32
	lens uint64 // bit n set when some key is n bytes long (n < 64)
	bit  uint32 // the table's bit in lexEnt, for the sets of lexSets
}

func newTab(ws []string, v uint32) *wtab {
	t := &wtab{}
	for _, w := range ws {
		t.add(w, v)
	}
	return t
}

// set builds a table of words, each with value 1.
func set(ws ...string) *wtab { return newTab(ws, 1) }

const fnvOff, fnvPrime = 2166136261, 16777619

func hashBytes(w string) uint32 {
	h := uint32(fnvOff)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * fnvPrime
	}
	return h ^ h>>15
}

// add ORs v into the value of w, growing the table to stay at most a
// quarter full so that misses, the common case, stop at once.
func (t *wtab) add(w string, v uint32) {
	if v == 0 {
		return
	}
	if i, ok := t.find(w); ok {
		t.vals[i] |= v
		return
	}
	n := 0
	for _, k := range t.keys {
		if k != "" {
			n++
		}
	}
	if (n+1)*4 > len(t.keys) {
		old, oldv := t.keys, t.vals
		size := 16
		for size < (n+1)*4 {
			size *= 2
		}
		t.keys, t.vals, t.mask = make([]string, size), make([]uint32, size), uint32(size-1)
		for i, k := range old {
			if k != "" {
				t.insert(k, oldv[i])
			}
		}
	}
	t.insert(w, v)
}

func (t *wtab) insert(w string, v uint32) {
	i := hashBytes(w) & t.mask
	for t.keys[i] != "" {
		i = (i + 1) & t.mask
	}
	t.keys[i], t.vals[i] = w, v
	if len(w) < 64 {
		t.lens |= 1 << uint(len(w))
	}
}

func (t *wtab) find(w string) (uint32, bool) {
	if len(t.keys) == 0 || w == "" {
		return 0, false
	}
	i := hashBytes(w) & t.mask
	for {
		k := t.keys[i]
		if k == "" {
			return 0, false
		}
		if k == w {
			return i, true
		}
		i = (i + 1) & t.mask
	}
}

// get returns the value of w, 0 if absent.
func (t *wtab) get(w string) uint32 {
	if len(w) >= 64 || t.lens&(1<<uint(len(w))) == 0 {
		return 0
	}
	i := hashBytes(w) & t.mask
	for {
		k := t.keys[i]
		if k == "" {
			return 0
		}
		if k == w {
			return t.vals[i]
		}
		i = (i + 1) & t.mask
	}
}

func (t *wtab) has(w string) bool { return t.get(w) != 0 }

// getLower is get(strings.ToLower(w)) without building the lower-case
// string when w is ASCII.
func (t *wtab) getLower(w string) uint32 {
	if len(w) >= 64 || t.lens&(1<<uint(len(w))) == 0 {
		if len(w) < 64 && isASCII(w) {
			return 0
		}
		return t.get(strings.ToLower(w))
	}
	h := uint32(fnvOff)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return t.get(strings.ToLower(w))
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint32(c)) * fnvPrime
	}
	i := (h ^ h>>15) & t.mask
	for {
		k := t.keys[i]
		if k == "" {
			return 0
		}
		if len(k) == len(w) && equalLowerASCII(k, w) {
			return t.vals[i]
		}
		i = (i + 1) & t.mask
	}
}

func (t *wtab) hasLower(w string) bool { return t.getLower(w) != 0 }

// getFold is get(names.FoldWord(w)): for words of ASCII letters and digits
// that is the lower-case form.
func (t *wtab) getFold(w string) uint32 {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return t.get(names.FoldWord(w))
		}
	}
	return t.getLower(w)
}

// equalLowerASCII reports whether key (lower case) equals w with its ASCII
// upper-case letters lowered.
func equalLowerASCII(key, w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if key[i] != c {
			return false
		}
	}
	return true
}

// each calls f for every key.
func (t *wtab) each(f func(w string, v uint32)) {
	for i, k := range t.keys {
		if k != "" {
			f(k, t.vals[i])
		}
	}
}
