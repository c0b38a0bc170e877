package cli

import (
	"flag"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/whosaid/whosaid/api"
	"github.com/whosaid/whosaid/handlers"
)

// serveConfig is what only the service reads: rate limits, browser
// origins and the proxies in front of it. Like config, a flag wins over
// its environment variable, which wins over the default.
type serveConfig struct {
	rateKey, rateKeyBurst, rateIP, rateIPBurst string
	corsOrigins, trustedProxies, publicURL     string
	textTimeout                                string
}

func bindServeConfig(fs *flag.FlagSet, getenv func(string) string) *serveConfig {
	d := api.DefaultLimits
	c := &serveConfig{}
	fs.StringVar(&c.rateKey, "rate-key", envOr(getenv, "WHOSAID_RATE_KEY", ftoa(d.Key.PerSecond)), "requests a second per API key, on average; 0 turns the limit off (env WHOSAID_RATE_KEY)")
	fs.StringVar(&c.rateKeyBurst, "rate-key-burst", envOr(getenv, "WHOSAID_RATE_KEY_BURST", strconv.Itoa(d.Key.Burst)), "requests per API key in a burst (env WHOSAID_RATE_KEY_BURST)")
	fs.StringVar(&c.rateIP, "rate-ip", envOr(getenv, "WHOSAID_RATE_IP", ftoa(d.IP.PerSecond)), "requests a second per client IP without a key; 0 turns the limit off (env WHOSAID_RATE_IP)")
	fs.StringVar(&c.rateIPBurst, "rate-ip-burst", envOr(getenv, "WHOSAID_RATE_IP_BURST", strconv.Itoa(d.IP.Burst)), "requests per client IP in a burst (env WHOSAID_RATE_IP_BURST)")
	fs.StringVar(&c.corsOrigins, "cors-origins", envOr(getenv, "WHOSAID_CORS_ORIGINS", ""), "comma-separated origins whose pages may call the API (https://desk.example.org), or * (env WHOSAID_CORS_ORIGINS)")
	fs.StringVar(&c.textTimeout, "text-timeout", envOr(getenv, "WHOSAID_TEXT_TIMEOUT", handlers.DefaultTextTimeout.String()), "longest the work on one text may take (extracting its quotes, storing a source) before it stops with 503 (env WHOSAID_TEXT_TIMEOUT)")
	fs.StringVar(&c.trustedProxies, "trusted-proxies", envOr(getenv, "WHOSAID_TRUSTED_PROXIES", ""), "comma-separated IPs or CIDRs of proxies whose X-Forwarded-For names the client and whose X-Forwarded-Proto and X-Forwarded-Host name links' scheme and host (env WHOSAID_TRUSTED_PROXIES)")
	fs.StringVar(&c.publicURL, "public-url", envOr(getenv, "WHOSAID_PUBLIC_URL", ""), "the service's public base URL (https://quotes.example.org, optionally with a path prefix) for absolute links and Location headers; without it links are relative (env WHOSAID_PUBLIC_URL)")
	return c
}

// parseTextTimeout reads --text-timeout: a duration above 0 and under the
// server's write timeout, past which the answer could not be sent.
func parseTextTimeout(v string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d <= 0 || d >= api.WriteTimeout {
		return 0, fmt.Errorf("--text-timeout: want a duration above 0 and under the server's write timeout of %s (30s, 500ms), not %q", api.WriteTimeout, v)
	}
	return d, nil
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// apply checks the values and puts them into deps.
func (c *serveConfig) apply(deps *api.Deps) error {
	var err error
	rule := func(name, rate, burst string) api.RateLimit {
		r, e1 := strconv.ParseFloat(strings.TrimSpace(rate), 64)
		b, e2 := strconv.Atoi(strings.TrimSpace(burst))
		switch {
		case e1 != nil || r < 0 || r > 1e6:
			err = fmt.Errorf("--%s: want a number of requests a second from 0 to 1000000, not %q", name, rate)
		case e2 != nil || b < 1 || b > 1e6:
			err = fmt.Errorf("--%s-burst: want a number from 1 to 1000000, not %q", name, burst)
		}
		return api.RateLimit{PerSecond: r, Burst: b}
	}
	deps.Limits.IP = rule("rate-ip", c.rateIP, c.rateIPBurst)
	deps.Limits.Key = rule("rate-key", c.rateKey, c.rateKeyBurst)
	if err != nil {
		return err
	}
	if deps.TextTimeout, err = parseTextTimeout(c.textTimeout); err != nil {
		return err
	}
	if deps.CORSOrigins, err = api.ParseOrigins(c.corsOrigins); err != nil {
		return fmt.Errorf("--cors-origins: %w", err)
	}
	if deps.PublicURL, err = api.ParsePublicURL(c.publicURL); err != nil {
		return fmt.Errorf("--public-url: %w", err)
	}
	for _, p := range strings.Split(c.trustedProxies, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if _, e1 := netip.ParseAddr(p); e1 != nil {
			if _, e2 := netip.ParsePrefix(p); e2 != nil {
				return fmt.Errorf("--trusted-proxies: %q is not an IP address or CIDR", p)
			}
		}
		deps.TrustedProxies = append(deps.TrustedProxies, p)
	}
	return nil
}
