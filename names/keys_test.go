package names

import (
	"slices"
	"testing"
)

func TestKeys(t *testing.T) {
	tests := []struct {
		in       string
		want     []string // must be among the keys
		wantNot  []string // must not be
		wantSize int      // exact count, when not 0
	}{
		{in: "Sir Chris Cash", want: []string{"chris cash", "christopher cash"}, wantNot: []string{"christopher berry"}},
		{in: "Christopher Cash", want: []string{"christopher cash", "chris cash"}},
		{in: "Ken McCallum", want: []string{"ken mccallum", "kenneth mccallum"}},
		{in: "McCallum", wantSize: 1},
		{in: "Zebedee Smith", wantSize: 1},
		{in: "Sir", wantSize: 1},
		{in: "", wantSize: 0},
	}
	for _, tt := range tests {
		got := Keys(tt.in)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Keys(%q) = %q, lacks %q", tt.in, got, w)
			}
		}
		for _, w := range tt.wantNot {
			if slices.Contains(got, w) {
				t.Errorf("Keys(%q) = %q, has %q", tt.in, got, w)
			}
		}
		if tt.wantSize != 0 && len(got) != tt.wantSize || tt.in == "" && len(got) != 0 {
			t.Errorf("Keys(%q) = %q, want %d keys", tt.in, got, tt.wantSize)
		}
		if len(got) > 0 && got[0] != Normalize(tt.in) {
			t.Errorf("Keys(%q)[0] = %q, want the Normalize key first", tt.in, got[0])
		}
	}
}
