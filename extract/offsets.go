package extract

import "unicode/utf8"

// RuneOffsets converts the byte offsets [byteStart, byteEnd) of text into
// Unicode code-point offsets, which is what the CLI and API report (a
// JavaScript or Python client indexes strings by code point, not byte).
// Offsets outside text are clamped. For many offsets use
// NewOffsetConverter, which is linear in total.
func RuneOffsets(text string, byteStart, byteEnd int) (int, int) {
	byteStart = clampOff(byteStart, len(text))
	byteEnd = clampOff(byteEnd, len(text))
	s := utf8.RuneCountInString(text[:byteStart])
	if byteEnd <= byteStart {
		return s, s
	}
	return s, s + utf8.RuneCountInString(text[byteStart:byteEnd])
}

func clampOff(o, n int) int {
	if o < 0 {
		return 0
	}
	if o > n {
		return n
	}
	return o
}

// OffsetConverter maps byte offsets to code-point offsets and back for one
// text, in constant time per offset after a linear set-up.
type OffsetConverter struct {
	runeAt []int32 // runeAt[b]: code points before byte b
	byteAt []int32 // byteAt[r]: byte offset of code point r
}

// NewOffsetConverter indexes text for offset conversion.
func NewOffsetConverter(text string) *OffsetConverter {
	c := &OffsetConverter{runeAt: make([]int32, len(text)+1), byteAt: make([]int32, 0, len(text)+1)}
	r := int32(0)
	for i := 0; i < len(text); {
		_, n := utf8.DecodeRuneInString(text[i:])
		c.byteAt = append(c.byteAt, int32(i))
		for k := 0; k < n; k++ {
			c.runeAt[i+k] = r
		}
		i += n
		r++
	}
	c.runeAt[len(text)] = r
	c.byteAt = append(c.byteAt, int32(len(text)))
	return c
}

// ByteToRune returns the code-point offset of byte offset b (a byte inside
// a character counts as that character's start).
func (c *OffsetConverter) ByteToRune(b int) int {
	return int(c.runeAt[clampOff(b, len(c.runeAt)-1)])
}

// RuneToByte returns the byte offset of code-point offset r.
func (c *OffsetConverter) RuneToByte(r int) int {
	return int(c.byteAt[clampOff(r, len(c.byteAt)-1)])
}
