// Command loadtest drives whosaid with mixed reads and writes from many
// concurrent clients for a bounded time, then checks that every write the
// server acknowledged is there, and prints what it saw:
//
//	go run ./loadtest                         # its own server on a temporary database
//	go run ./loadtest -clients 64 -duration 1m
//	go run ./loadtest -target http://127.0.0.1:8080 -key wsk_…   # a running service
//
// It only ever talks to the loopback interface (127.0.0.1, ::1,
// localhost), stops by itself after -duration (at most 10 minutes), and
// exits 1 when any answer was a 5xx or any acknowledged write is missing.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/whosaid/whosaid/api"
	"github.com/whosaid/whosaid/ingest"
	"github.com/whosaid/whosaid/seed"
	"github.com/whosaid/whosaid/store"
)

const (
	maxDuration = 10 * time.Minute
	maxClients  = 1024
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run() error {
	clients := flag.Int("clients", 64, "concurrent clients (at most 1024)")
	duration := flag.Duration("duration", time.Minute, "how long to send requests (at most 10m)")
	writeShare := flag.Float64("writes", 0.2, "share of requests that write, 0 to 1")
	target := flag.String("target", "", "base URL of a running whosaid on the loopback interface; empty starts one on a temporary database")
	key := flag.String("key", "", "an editor or admin API key for -target (env WHOSAID_KEY)")
	flag.Parse()
	switch {
	case *clients < 1 || *clients > maxClients:
		return fmt.Errorf("-clients must be 1 to %d", maxClients)
	case *duration <= 0 || *duration > maxDuration:
		return fmt.Errorf("-duration must be above 0 and at most %s", maxDuration)
	case *writeShare < 0 || *writeShare > 1:
		return errors.New("-writes must be between 0 and 1")
	}
	if *key == "" {
		*key = os.Getenv("WHOSAID_KEY")
	}

	ctx := context.Background()
	base := *target
	if base == "" {
		b, k, stop, err := startServer(ctx)
		if err != nil {
			return err
		}
		defer stop()
		base, *key = b, k
	} else {
		if err := checkLoopback(base); err != nil {
			return err
		}
		if *key == "" {
			return errors.New("-target needs -key (or WHOSAID_KEY): writes need an editor key")
		}
	}
	base = strings.TrimRight(base, "/")

	l := &loader{base: base, key: *key, writeShare: *writeShare, http: &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients},
	}}
	if err := l.prepare(); err != nil {
		return err
	}
	fmt.Printf("loadtest: %d clients for %s against %s (%.0f%% writes)\n", *clients, *duration, base, *writeShare*100)
	start := time.Now()
	deadline := start.Add(*duration)
	var wg sync.WaitGroup
	for i := range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), uint64(start.UnixNano())))
			for time.Now().Before(deadline) {
				l.one(rng, i)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	lost := l.verify()
	l.report(elapsed, lost)
	if l.status5xx.Load() > 0 || lost > 0 || l.transport.Load() > 0 {
		return fmt.Errorf("%d 5xx answers, %d transport errors, %d acknowledged writes missing", l.status5xx.Load(), l.transport.Load(), lost)
	}
	return nil
}

// checkLoopback refuses any target but this machine's loopback interface.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("-target %q is not an http URL", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-target %q is not on the loopback interface: the load test only runs against 127.0.0.1, ::1 or localhost", raw)
}

// startServer serves whosaid on 127.0.0.1 at a free port over a fresh,
// seeded database in a temporary directory, with an admin key and the
// rate limits off (one machine's 64 clients would be one IP).
func startServer(ctx context.Context) (base, key string, stop func(), err error) {
	dir, err := os.MkdirTemp("", "whosaid-loadtest-")
	if err != nil {
		return "", "", nil, err
	}
	st, err := store.Open(ctx, store.Config{Path: filepath.Join(dir, "load.db")})
	if err != nil {
		return "", "", nil, err
	}
	if _, err := seed.Load(ctx, st); err != nil {
		return "", "", nil, err
	}
	_, key, err = st.CreateKey(ctx, "loadtest", store.RoleAdmin)
	if err != nil {
		return "", "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", nil, err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	h := api.NewRouter(api.Deps{Store: st, Log: log, Extract: ingest.FromText, Version: "loadtest"})
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- api.ServeListener(sctx, ln, h, log) }()
	return "http://" + ln.Addr().String(), key, func() {
		cancel()
		<-done
		_ = st.Close()
		_ = os.RemoveAll(dir)
	}, nil
}

type loader struct {
	base, key  string
	writeShare float64
	http       *http.Client
	quoteIDs   []int64
	speakers   []string
	runID      string

	mu       sync.Mutex
	latency  map[string][]time.Duration // by operation
	statuses map[int]int64
	created  []createdSpeaker
	reviews  map[int64]int // acknowledged reviews by quote id

	requests, status5xx, status429, notModified, transport atomic.Int64
}

type createdSpeaker struct {
	id   int64
	name string
}

// prepare learns some quote ids and speaker slugs to ask for.
func (l *loader) prepare() error {
	l.latency = map[string][]time.Duration{}
	l.statuses = map[int]int64{}
	l.reviews = map[int64]int{}
	l.runID = fmt.Sprintf("%x", time.Now().UnixNano())
	var quotes struct{ Data []struct{ ID int64 } }
	if err := l.getJSON("/api/v1/quotes?limit=100", &quotes); err != nil {
		return fmt.Errorf("list quotes: %w", err)
	}
	var speakers struct{ Data []struct{ Slug string } }
	if err := l.getJSON("/api/v1/speakers?limit=100", &speakers); err != nil {
		return fmt.Errorf("list speakers: %w", err)
	}
	for _, q := range quotes.Data {
		l.quoteIDs = append(l.quoteIDs, q.ID)
	}
	for _, s := range speakers.Data {
		l.speakers = append(l.speakers, s.Slug)
	}
	if len(l.quoteIDs) == 0 || len(l.speakers) == 0 {
		return errors.New("the service has no quotes or speakers to read")
	}
	return nil
}

func (l *loader) getJSON(path string, v any) error {
	resp, err := l.http.Get(l.base + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

var searches = []string{"threat", "China", "security", "spy", "trial", "innocent", "daily", "MI5"}

// one sends one request, chosen at random.
func (l *loader) one(rng *rand.Rand, client int) {
	q := l.quoteIDs[rng.IntN(len(l.quoteIDs))]
	sp := l.speakers[rng.IntN(len(l.speakers))]
	if rng.Float64() < l.writeShare {
		switch rng.IntN(3) {
		case 0, 1:
			name := fmt.Sprintf("Load %s %d-%d", l.runID, client, rng.Uint32())
			body := fmt.Sprintf(`{"name":%q,"kind":"person","aliases":[%q]}`, name, name+" jr")
			code, out := l.do("create speaker", "POST", "/api/v1/speakers", body, "")
			if code == http.StatusCreated {
				var s struct{ ID int64 }
				if json.Unmarshal(out, &s) == nil && s.ID > 0 {
					l.mu.Lock()
					l.created = append(l.created, createdSpeaker{s.ID, name})
					l.mu.Unlock()
				}
			}
		case 2:
			status := []string{"verified", "disputed", "extracted"}[rng.IntN(3)]
			code, _ := l.do("review quote", "POST", fmt.Sprintf("/api/v1/quotes/%d/review", q), fmt.Sprintf(`{"status":%q,"note":"load test %s"}`, status, l.runID), "")
			if code == http.StatusOK {
				l.mu.Lock()
				l.reviews[q]++
				l.mu.Unlock()
			}
		}
		return
	}
	switch rng.IntN(8) {
	case 0:
		l.do("list quotes", "GET", "/api/v1/quotes?limit=20", "", "")
	case 1:
		l.do("search quotes", "GET", "/api/v1/quotes?q="+searches[rng.IntN(len(searches))]+"&sort=relevance&limit=10", "", "")
	case 2:
		l.do("get quote", "GET", fmt.Sprintf("/api/v1/quotes/%d", q), "", "")
	case 3:
		// A client that revalidates with the ETag it has.
		code, _, tag := l.doTag("get quote", "GET", fmt.Sprintf("/api/v1/quotes/%d", q), "", "")
		if code == 200 && tag != "" {
			l.do("revalidate quote", "GET", fmt.Sprintf("/api/v1/quotes/%d", q), "", tag)
		}
	case 4:
		l.do("speaker", "GET", "/api/v1/speakers/"+sp, "", "")
	case 5:
		l.do("speaker quotes", "GET", "/api/v1/speakers/"+sp+"/quotes?limit=10", "", "")
	case 6:
		l.do("speakers by prefix", "GET", "/api/v1/speakers?q="+url.QueryEscape(sp[:min(3, len(sp))]), "", "")
	case 7:
		l.do("verify claim", "POST", "/api/v1/verify", `{"claim":"MI5 said China is a threat every day"}`, "")
	}
}

func (l *loader) do(op, method, path, body, ifNoneMatch string) (int, []byte) {
	code, out, _ := l.doTag(op, method, path, body, ifNoneMatch)
	return code, out
}

func (l *loader) doTag(op, method, path, body, ifNoneMatch string) (int, []byte, string) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, l.base+path, rd)
	if err != nil {
		panic(err) // the paths above are well-formed
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != "GET" {
		req.Header.Set("Authorization", "Bearer "+l.key)
	}
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	start := time.Now()
	resp, err := l.http.Do(req)
	l.requests.Add(1)
	if err != nil {
		l.transport.Add(1)
		return 0, nil, ""
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	switch {
	case resp.StatusCode >= 500:
		l.status5xx.Add(1)
		fmt.Fprintf(os.Stderr, "loadtest: %s %s: %d %s\n", method, path, resp.StatusCode, bytes.TrimSpace(out))
	case resp.StatusCode == http.StatusTooManyRequests:
		l.status429.Add(1)
	case resp.StatusCode == http.StatusNotModified:
		l.notModified.Add(1)
	}
	l.mu.Lock()
	l.latency[op] = append(l.latency[op], took)
	l.statuses[resp.StatusCode]++
	l.mu.Unlock()
	return resp.StatusCode, out, resp.Header.Get("ETag")
}

// verify reads back every acknowledged write and returns how many are
// missing: each created speaker by id with its name, and at least as many
// review entries in each quote's history as reviews were acknowledged.
func (l *loader) verify() (lost int) {
	for _, c := range l.created {
		var s struct{ Name string }
		if err := l.getJSON(fmt.Sprintf("/api/v1/speakers/%d", c.id), &s); err != nil || s.Name != c.name {
			fmt.Fprintf(os.Stderr, "loadtest: created speaker %d (%s) is missing: %v\n", c.id, c.name, err)
			lost++
		}
	}
	for id, want := range l.reviews {
		got := 0
		path := fmt.Sprintf("/api/v1/quotes/%d/history?limit=100", id)
		for pages := 0; path != "" && pages < 10000; pages++ {
			var h struct {
				Data []struct {
					Action, Note string
				}
				NextCursor *string `json:"next_cursor"`
			}
			if err := l.getJSON(path, &h); err != nil {
				fmt.Fprintf(os.Stderr, "loadtest: history of quote %d: %v\n", id, err)
				break
			}
			for _, e := range h.Data {
				if e.Action == "review" && e.Note == "load test "+l.runID {
					got++
				}
			}
			path = ""
			if h.NextCursor != nil {
				path = fmt.Sprintf("/api/v1/quotes/%d/history?limit=100&cursor=%s", id, url.QueryEscape(*h.NextCursor))
			}
		}
		if got < want {
			fmt.Fprintf(os.Stderr, "loadtest: quote %d: %d reviews acknowledged, %d in its history\n", id, want, got)
			lost += want - got
		}
	}
	return lost
}

func (l *loader) report(elapsed time.Duration, lost int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.requests.Load()
	reviews := 0
	for _, r := range l.reviews {
		reviews += r
	}
	fmt.Printf("requests: %d in %s (%.0f/s); transport errors: %d\n", n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), l.transport.Load())
	var codes []int
	for c := range l.statuses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var parts []string
	for _, c := range codes {
		parts = append(parts, fmt.Sprintf("%d: %d", c, l.statuses[c]))
	}
	fmt.Printf("statuses: %s\n", strings.Join(parts, ", "))
	fmt.Printf("5xx: %d; 429: %d; 304 (ETag revalidations): %d\n", l.status5xx.Load(), l.status429.Load(), l.notModified.Load())
	var all []time.Duration
	var ops []string
	for op, ds := range l.latency {
		ops = append(ops, op)
		all = append(all, ds...)
	}
	sort.Strings(ops)
	fmt.Printf("%-20s %8s %9s %9s %9s %9s\n", "operation", "count", "p50", "p90", "p99", "max")
	line := func(name string, ds []time.Duration) {
		slices.Sort(ds)
		p := func(q float64) time.Duration {
			return ds[min(len(ds)-1, int(q*float64(len(ds))))].Round(10 * time.Microsecond)
		}
		fmt.Printf("%-20s %8d %9s %9s %9s %9s\n", name, len(ds), p(.5), p(.9), p(.99), ds[len(ds)-1].Round(10*time.Microsecond))
	}
	for _, op := range ops {
		line(op, l.latency[op])
	}
	if len(all) > 0 {
		line("all", all)
	}
	fmt.Printf("acknowledged writes: %d (%d speakers created, %d reviews); checked afterwards: %d missing\n", len(l.created)+reviews, len(l.created), reviews, lost)
}
