package cli

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/api"
)

func TestServeConfigFromFlagsOverEnv(t *testing.T) {
	env := map[string]string{"WHOSAID_TEXT_TIMEOUT": "5s", "WHOSAID_RATE_IP": "2.5", "WHOSAID_RATE_KEY_BURST": "7", "WHOSAID_CORS_ORIGINS": "https://desk.example.org", "WHOSAID_TRUSTED_PROXIES": "10.0.0.0/8", "WHOSAID_PUBLIC_URL": "https://quotes.example.org/ws/"}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := bindServeConfig(fs, func(k string) string { return env[k] })
	if err := fs.Parse([]string{"--rate-ip-burst", "9"}); err != nil {
		t.Fatal(err)
	}
	var d api.Deps
	if err := c.apply(&d); err != nil {
		t.Fatal(err)
	}
	if d.Limits.IP != (api.RateLimit{PerSecond: 2.5, Burst: 9}) || d.Limits.Key != (api.RateLimit{PerSecond: api.DefaultLimits.Key.PerSecond, Burst: 7}) ||
		strings.Join(d.CORSOrigins, ",") != "https://desk.example.org" || strings.Join(d.TrustedProxies, ",") != "10.0.0.0/8" ||
		d.TextTimeout != 5*time.Second || d.PublicURL == nil || d.PublicURL.String() != "https://quotes.example.org/ws" {
		t.Errorf("deps = %+v", d)
	}
	for _, bad := range [][]string{{"--rate-ip", "-1"}, {"--rate-key", "lots"}, {"--rate-ip-burst", "0"}, {"--cors-origins", "desk.example.org"}, {"--trusted-proxies", "proxy.local"},
		{"--text-timeout", "0s"}, {"--text-timeout", "ten"}, {"--text-timeout", "2m"},
		{"--public-url", "quotes.example.org"}, {"--public-url", "ftp://quotes.example.org"}, {"--public-url", "https://quotes.example.org/?x=1"}, {"--public-url", "https://u@quotes.example.org"}} {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c := bindServeConfig(fs, func(string) string { return "" })
		if err := fs.Parse(bad); err != nil {
			t.Fatal(err)
		}
		if err := c.apply(&api.Deps{}); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
