package api

import (
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/whosaid/whosaid/store"
)

// RateLimit is one token bucket per client: PerSecond requests a second
// on average, in bursts of up to Burst. PerSecond 0 (or less) turns the
// limit off.
type RateLimit struct {
	PerSecond float64
	Burst     int
}

// Limits are the rate limits: one bucket per API key for requests with a
// valid key, one per client IP for the rest.
type Limits struct {
	Key RateLimit
	IP  RateLimit
}

// DefaultLimits suit one newsroom: a person browsing or a tool polling
// stays well inside them; a runaway script does not.
var DefaultLimits = Limits{
	Key: RateLimit{PerSecond: 50, Burst: 100},
	IP:  RateLimit{PerSecond: 10, Burst: 40},
}

// limiter holds the buckets, dropping those idle for longer than idleAfter
// so that many clients cannot grow it without bound (beyond maxBuckets,
// new clients share one overflow bucket).
type limiter struct {
	key, ip RateLimit

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
	now       func() time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

const (
	idleAfter     = 10 * time.Minute
	sweepEvery    = time.Minute
	maxBuckets    = 100_000
	maxRetryAfter = time.Hour
)

func newLimiter(l Limits) *limiter {
	return &limiter{key: l.Key, ip: l.IP, buckets: map[string]*bucket{}, now: time.Now}
}

// bucket names the bucket a request of a route in class counts against,
// and its rule. There is one class today, rateClient: the bucket of the
// request's valid key, or without one of its client IP.
func (l *limiter) bucket(class rateClass, key *store.Key, clientIP string) (string, RateLimit) {
	_ = class // rateClient
	if key != nil {
		return "key:" + strconv.FormatInt(key.ID, 10), l.key
	}
	return "ip:" + clientIP, l.ip
}

// allow takes a token from name's bucket under rule. When none is left it
// returns false and how long until one is.
func (l *limiter) allow(name string, rule RateLimit) (time.Duration, bool) {
	if l == nil || rule.PerSecond <= 0 {
		return 0, true
	}
	burst := max(rule.Burst, 1)
	now := l.now()
	l.mu.Lock()
	if now.Sub(l.lastSweep) > sweepEvery || len(l.buckets) >= maxBuckets {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > idleAfter {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b := l.buckets[name]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			// More live clients than buckets: the newcomers share one, so
			// that many addresses cannot each get a full bucket.
			name = "overflow"
			b = l.buckets[name]
		}
		if b == nil {
			b = &bucket{lim: rate.NewLimiter(rate.Limit(rule.PerSecond), burst)}
			l.buckets[name] = b
		}
	}
	b.seen = now
	l.mu.Unlock()

	r := b.lim.ReserveN(now, 1)
	if !r.OK() {
		return maxRetryAfter, false
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return min(d, maxRetryAfter), false
	}
	return 0, true
}
