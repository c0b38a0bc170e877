package api

import (
	"strconv"
	"testing"
	"time"
)

func TestLimiterBucketsAreBounded(t *testing.T) {
	t.Parallel()
	now := time.Unix(0, 0)
	l := newLimiter(Limits{})
	l.now = func() time.Time { return now }
	rule := RateLimit{PerSecond: 1, Burst: 1}
	for i := range maxBuckets + 10 {
		if _, ok := l.allow("ip:"+strconv.Itoa(i), rule); !ok && i < maxBuckets {
			t.Fatalf("client %d limited on its first request", i)
		}
	}
	if len(l.buckets) > maxBuckets+1 {
		t.Fatalf("%d buckets, want at most %d", len(l.buckets), maxBuckets+1)
	}
	// The newcomers share the overflow bucket: the second is limited.
	if _, ok := l.allow("ip:new-1", rule); ok {
		t.Error("overflow clients each got a bucket of their own")
	}
	// Idle buckets are dropped, making room again.
	now = now.Add(idleAfter + sweepEvery + time.Second)
	if _, ok := l.allow("ip:fresh", rule); !ok || len(l.buckets) > 2 {
		t.Errorf("after idling: %d buckets", len(l.buckets))
	}
	// Off means off.
	for range 100 {
		if _, ok := l.allow("x", RateLimit{}); !ok {
			t.Fatal("a zero rule limited")
		}
	}
}
