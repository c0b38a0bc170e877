package names

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Sir Ken McCallum", "ken mccallum"},
		{"sir  ken   MCCALLUM", "ken mccallum"},
		{"Baroness Chapman", "chapman"},
		{"Mr. Collins", "collins"},
		{"Dr José Álvarez", "jose alvarez"},
		{"The Rt Hon Keir Starmer", "keir starmer"},
		{"Sir", "sir"},
		{"O’Brien", "obrien"},
		{"Ministry of State Security", "ministry of state security"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Sir Ken McCallum", "ken-mccallum"},
		{"Crème Brûlée Ltd.", "creme-brulee-ltd"},
		{"北京", "speaker"},
		{"UK Government", "uk-government"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Sir Ken", "Dame Judi Dench", "\xff\xfe", "Lord Lord Lord"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n && !IsHonorific(n) {
			t.Errorf("Normalize not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
		_ = Slug(s)
	})
}
