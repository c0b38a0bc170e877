package names

import "testing"

func TestSameFirstName(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Chris", "Christopher", true},
		{"christopher", "CHRIS", true},
		{"Bob", "Robert", true},
		{"Rob", "Bob", true},
		{"Bill", "William", true},
		{"Will", "Bill", true},
		{"Jim", "James", true},
		{"Ken", "Kenneth", true},
		{"Matt", "Matthew", true},
		{"Liz", "Elizabeth", true},
		{"Tom", "Thomas", true},
		{"Iain", "Ian", true},
		{"Ken", "Ken", true},
		{"Chris", "Matt", false},
		{"Christopher", "Christine", false},
		{"Ken", "", false},
		{"Keir", "Kemi", false},
	}
	for _, tt := range tests {
		if got := SameFirstName(tt.a, tt.b); got != tt.want {
			t.Errorf("SameFirstName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Chris", "christopher"},
		{"Christine", "christine"},
		{"Bob", "robert"},
		{"Ken", "kenneth"},
		{"Liz", "elizabeth"},
		{"Keir", "keir"},
		{"Steven", "steven"},
	}
	for _, tt := range tests {
		if got := Canonical(tt.in); got != tt.want {
			t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCanonicalFullName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Chris Cash", "christopher cash"},
		{"Christopher Cash", "christopher cash"},
		{"Sir Ken McCallum", "kenneth mccallum"},
		{"Baroness Chapman", "chapman"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CanonicalFullName(tt.in); got != tt.want {
			t.Errorf("CanonicalFullName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if CanonicalFullName("Christopher Cash") == CanonicalFullName("Christopher Berry") {
		t.Error("two people who share a first name must keep different keys")
	}
}

// The fast paths of FoldWord and AppendFold give exactly what Fold gives.
func TestFoldWordMatchesFold(t *testing.T) {
	for _, w := range []string{"", "ken", "Ken", "McCallum", "O'Brien", "O’Brien", "Labour’s", "then-prime", "Mr.", "U.K.",
		"‘quoted’", "a–b", "a—b", "x\u2000y", "Crème", "Zoë", "İstanbul", "\xff", "’", "--", "A  B", "CPS’", "don't"} {
		if got, want := FoldWord(w), Fold(w); got != want {
			t.Errorf("FoldWord(%q) = %q, Fold gives %q", w, got, want)
		}
		if got, want := string(AppendFold([]byte("x"), w)), "x"+Fold(w); got != want {
			t.Errorf("AppendFold(%q) = %q, want %q", w, got, want)
		}
	}
}
