package models

import "github.com/whosaid/whosaid/errs"

// Hidden reports whether r is a character that a name, an alias, an
// outlet, an author or a title may not hold, because it is not seen but
// changes what is seen or what is matched:
//
//   - control characters: C0 (U+0000–U+001F, tab and newline included),
//     DEL (U+007F) and C1 (U+0080–U+009F);
//   - bidirectional formatting: the Arabic letter mark U+061C, the
//     left-to-right and right-to-left marks U+200E and U+200F, the
//     embeddings and overrides U+202A–U+202E and the isolates
//     U+2066–U+2069, with which "Jane Doe" can be shown as another name;
//   - the line and paragraph separators U+2028 and U+2029;
//   - zero-width and invisible characters that split or join words
//     unseen: U+200B (zero-width space), U+2060–U+2064 (word joiner,
//     invisible operators), U+FEFF (byte order mark), and the deprecated
//     format controls U+206A–U+206F and annotation marks U+FFF9–U+FFFB.
//
// The zero-width joiner and non-joiner (U+200D, U+200C) are allowed:
// Persian, Indic scripts and emoji need them. Quote text is not checked:
// it is stored verbatim, as published.
func Hidden(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r == 0x061C, r == 0x200B, r == 0x200E, r == 0x200F,
		r >= 0x2028 && r <= 0x202E,
		r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x206F,
		r == 0xFEFF, r >= 0xFFF9 && r <= 0xFFFB:
		return true
	}
	return false
}

// Label is a value that names something (a speaker's name or alias, a
// source's title, outlet or author) and the input field it came from.
type Label struct {
	Field string
	Value string
}

// CheckLabels returns nil when no label holds a Hidden character, else
// an errs.Unprocessable error naming each field that does, the first such
// character and where it stands, so that the sender can find it. Every
// write path of the store calls it before storing a label.
func CheckLabels(labels ...Label) error {
	var bad errs.Fields
	for _, l := range labels {
		n := 0
		for _, r := range l.Value {
			n++
			if Hidden(r) {
				bad.Add(l.Field, "must not contain control or invisible formatting characters: U+%04X at character %d", r, n)
				break
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	e, _ := errs.As(bad.Err())
	e.Kind = errs.Unprocessable
	return e
}
