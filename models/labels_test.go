package models

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/errs"
)

func TestHidden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		r    rune
		want bool
	}{
		{0x00, true}, {'\t', true}, {'\n', true}, {0x1F, true}, {' ', false}, {'~', false}, {0x7F, true},
		{0x80, true}, {0x85, true}, {0x9F, true}, {0xA0, false}, {'é', false},
		{0x061C, true}, {0x0627, false}, {0x200B, true}, {0x200C, false}, {0x200D, false}, {0x200E, true}, {0x200F, true},
		{0x2027, false}, {0x2028, true}, {0x2029, true}, {0x202A, true}, {0x202E, true}, {0x202F, false},
		{0x205F, false}, {0x2060, true}, {0x2064, true}, {0x2065, false}, {0x2066, true}, {0x2069, true}, {0x206F, true}, {0x2070, false},
		{0xFEFF, true}, {0xFFF9, true}, {0xFFFB, true}, {0xFFFC, false}, {'東', false}, {'😀', false},
	} {
		if got := Hidden(tc.r); got != tc.want {
			t.Errorf("Hidden(U+%04X) = %v, want %v", tc.r, got, tc.want)
		}
	}
}

func TestCheckLabels(t *testing.T) {
	t.Parallel()
	if err := CheckLabels(Label{"name", "Jane Doe"}, Label{"alias", "فاطمة"}, Label{"title", "Scientist 👩‍🔬 of the year"}, Label{"outlet", ""}); err != nil {
		t.Errorf("ordinary labels refused: %v", err)
	}
	err := CheckLabels(Label{"name", "Jane\u202EeoD"}, Label{"outlet", "ok"}, Label{"aliases[2]", "a\tb\u2066"})
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Unprocessable || len(e.Fields) != 2 || e.Fields[0].Field != "name" || e.Fields[1].Field != "aliases[2]" {
		t.Fatalf("err = %#v, want Unprocessable naming name and aliases[2]", err)
	}
	if !strings.Contains(e.Fields[0].Message, "U+202E at character 5") || !strings.Contains(e.Fields[1].Message, "U+0009 at character 2") {
		t.Errorf("messages %q, %q do not say which character and where", e.Fields[0].Message, e.Fields[1].Message)
	}
}
