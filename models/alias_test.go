package models

import "testing"

func TestGenericAlias(t *testing.T) {
	for _, c := range []struct {
		name    string
		generic bool
	}{
		{"the prime minister", true},
		{"The Prime Minister", true},
		{"a spokesman", true},
		{"the head of MI5", true},
		{"Government", true},
		{"the government", true},
		{"Head of", true},
		{"he", true},
		{"She", true},
		{"spokeswoman", true},
		{"Prime Minister", true},
		{"", true},
		{"Sir Ken McCallum", false},
		{"Sir Ken", false},
		{"Ken McCallum", false},
		{"McCallum", false},
		{"MI5", false},
		{"UK Government", false},
		{"Baroness Chapman", false},
		{"Home Office", true},
		{"Keir Starmer", false},
		{"Jimmy Lai", false},
		{"sir ken mccallum", false},
	} {
		if got := GenericAlias(c.name); got != c.generic {
			t.Errorf("GenericAlias(%q) = %v, want %v", c.name, got, c.generic)
		}
	}
}
