package store

import (
	"encoding/base64"
	"encoding/json"
	"time"
	"unicode"

	"github.com/whosaid/whosaid/errs"
)

// cursor is the position after the last row of a page. It is sent to
// clients base64url-encoded and opaque; Sort ties it to the order it was
// made for, so a cursor from one order cannot be replayed in another.
type cursor struct {
	Sort string    `json:"s"`
	At   time.Time `json:"t,omitzero"`
	Rank float64   `json:"r,omitempty"`
	Key  string    `json:"k,omitempty"`
	ID   int64     `json:"i"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses an opaque cursor made for the given sort order.
func decodeCursor(s, sort string) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	bad := errs.Invalidf("cursor", "not a cursor this service issued; start again without it")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 512 {
		return nil, bad
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.ID <= 0 {
		return nil, bad
	}
	if c.Sort != sort {
		return nil, errs.Invalidf("cursor", "made for sort %q, not %q; start again without it", c.Sort, sort)
	}
	return &c, nil
}

func clampLimit(limit int) (int, error) {
	switch {
	case limit == 0:
		return DefaultLimit, nil
	case limit < 1 || limit > MaxLimit:
		return 0, errs.Invalidf("limit", "must be between 1 and %d", MaxLimit)
	}
	return limit, nil
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
