// Command pocketbase measures PocketBase (v0.36, Go + SQLite) on the same
// synthetic corpus and load as whosaid's suite (perf/cmd/bench): it
// generates the corpus with perf/corpus, loads it into an embedded
// PocketBase app's collections, serves it with PocketBase's own server in
// a child process beside the suite's bare gin handler, and drives both
// with perf/load at --conns and --latency-conns connections.
//
//	cd perf/pocketbase && go run . --quotes 100000 --duration 3s
//	go run . --quotes 100000 --whosaid /tmp/whosaid-100000.txt   # + factors
//
// It is its own module so PocketBase's dependencies stay out of whosaid's
// go.mod; it is not part of CI.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/whosaid/whosaid/perf/corpus"
	"github.com/whosaid/whosaid/perf/load"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		err = runServe(ctx, os.Args[2:])
	} else {
		err = run(ctx, os.Args[1:])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pocketbase bench:", err)
		os.Exit(1)
	}
}

type options struct {
	quotes       []int
	seed         uint64
	data         string
	duration     time.Duration
	warm         time.Duration
	conns        int
	latencyConns int
	maxDuration  time.Duration
	queryTimeout time.Duration
	requestLogs  bool
	only         map[string]bool
	whosaid      map[int]map[key]row // from --whosaid: size -> scenario/conns -> figures
}

// Flag names avoid --dir and --dev: PocketBase parses those from os.Args.
func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("pocketbase", flag.ContinueOnError)
	var o options
	sizes := fs.String("quotes", "10000", "corpus size in quotes; a comma-separated list runs each")
	fs.Uint64Var(&o.seed, "seed", 20251016, "corpus seed (the whosaid suite's default)")
	fs.StringVar(&o.data, "data", "", "keep PocketBase data directories under this directory and reuse them (default: a temporary directory, removed)")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "measured time per scenario and connection count")
	fs.DurationVar(&o.warm, "warmup", time.Second, "unmeasured warm-up before each measurement")
	fs.DurationVar(&o.maxDuration, "max-duration", 30*time.Second, "longest measurement of a scenario whose answers are too slow to count in --duration")
	fs.IntVar(&o.conns, "conns", 32, "connections for the throughput runs")
	fs.IntVar(&o.latencyConns, "latency-conns", 8, "connections for the latency runs")
	fs.DurationVar(&o.queryTimeout, "query-timeout", 30*time.Second, "PocketBase's SELECT timeout (its --queryTimeout; whole seconds), to bound slow searches")
	fs.BoolVar(&o.requestLogs, "request-logs", true, "keep PocketBase's request log on (its default)")
	only := fs.String("only", "", "comma-separated scenarios to run (default all)")
	whosaid := fs.String("whosaid", "", "output of perf/cmd/bench for the same sizes: print whosaid vs PocketBase factors")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 100 {
			return fmt.Errorf("--quotes: want numbers of at least 100, not %q", s)
		}
		o.quotes = append(o.quotes, n)
	}
	o.only = map[string]bool{}
	for _, s := range strings.Split(*only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			o.only[s] = true
		}
	}
	if *whosaid != "" {
		var err error
		if o.whosaid, err = parseWhosaid(*whosaid); err != nil {
			return err
		}
	}
	if o.data == "" {
		dir, err := os.MkdirTemp("", "pocketbase-perf-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.data = dir
	}
	fmt.Printf("pocketbase perf: %d cores (GOMAXPROCS %d), %s, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("command: go run . %s\n", strings.Join(args, " "))
	for _, n := range o.quotes {
		if err := runSize(ctx, o, n); err != nil {
			return err
		}
	}
	return nil
}

func runSize(ctx context.Context, o options, n int) error {
	c := corpus.New(corpus.Config{Quotes: n, Seed: o.seed})
	cfg := c.Config()
	dir := fmt.Sprintf("%s/pb-%d-%s", o.data, n, c.Digest())
	fmt.Printf("\n== %d quotes, %d sources, %d speakers (seed %d): %s\n", cfg.Quotes, cfg.Sources, cfg.Speakers, cfg.Seed, dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	srv, err := startServer(ctx, "serve", "--quotes", strconv.Itoa(n), "--seed", strconv.FormatUint(o.seed, 10), "--data", dir,
		"--query-timeout", o.queryTimeout.String(), "--request-logs="+strconv.FormatBool(o.requestLogs))
	if err != nil {
		return err
	}
	defer srv.stop()
	if srv.ready.LoadSecs > 0 {
		fmt.Printf("load: %d rows (%d speakers) in %.1f s, indexes and ANALYZE included\n", srv.ready.Rows, srv.ready.Speakers, srv.ready.LoadSecs)
	} else {
		fmt.Printf("load: reused the data an earlier run loaded (%d rows)\n", srv.ready.Rows)
	}
	fmt.Printf("request log: %v, query timeout %s\n", o.requestLogs, o.queryTimeout)

	scen := scenarios(c, srv.ready.Speakers)
	fmt.Printf("%-16s %5s %9s %6s %8s %8s %8s %8s %6s  %s\n", "endpoint", "conns", "req/s", "×bare", "p50", "p99", "p99.9", "max", "errors", "note")
	results := map[key]row{}
	for _, conns := range []int{o.conns, o.latencyConns} {
		var bare float64
		for _, sc := range scen {
			if len(o.only) > 0 && !o.only[sc.name] && sc.name != "bare" {
				continue
			}
			addr := srv.ready.API
			if sc.name == "bare" {
				addr = srv.ready.Bare
			}
			res, err := measure(ctx, o, addr, conns, sc.req)
			if err != nil {
				return fmt.Errorf("%s: %w", sc.name, err)
			}
			note := sc.note
			if res.Elapsed > o.duration {
				note += fmt.Sprintf(" (measured over %s)", res.Elapsed.Round(time.Second))
			}
			if sc.name == "bare" {
				bare = res.RPS()
			}
			r := row{rps: res.RPS(), ratio: res.RPS() / bare, p50: res.P50}
			results[key{sc.name, conns}] = r
			fmt.Printf("%-16s %5d %9s %6s %8s %8s %8s %8s %6d  %s\n", sc.name, conns, num(r.rps), num(r.ratio),
				ms(res.P50), ms(res.P99), ms(res.P999), ms(res.Max), res.Errors, note)
			if res.Errors > 0 {
				fmt.Printf("%-16s statuses %v\n", "", res.Status)
			}
		}
	}
	fmt.Printf("server memory: peak resident %d MB\n", srv.peakKB()/1024)
	if w, ok := o.whosaid[n]; ok {
		printFactors(w, results, o)
	}
	return nil
}

// measure runs load at addr for --duration. A closed loop of conns
// connections whose answers take seconds (PocketBase's searches) answers
// too few requests in a few seconds to be counted fairly, so then it
// measures again, longer (up to --max-duration) and after a warm-up as
// long as the slowest answer seen, until every connection answered about
// minPerConn requests.
func measure(ctx context.Context, o options, addr string, conns int, req load.Request) (load.Result, error) {
	const minPerConn = 4
	warm, d := o.warm, o.duration
	for {
		res, err := load.Run(ctx, addr, conns, warm, d, req)
		if err != nil || res.Requests >= minPerConn*conns || d >= o.maxDuration {
			return res, err
		}
		warm = max(warm, res.Max)
		d = min(d*4, o.maxDuration)
	}
}

// num prints three significant digits, or the integer part when larger.
func num(f float64) string {
	if f >= 1000 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'g', 3, 64)
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 2, 64) + "ms" }

type scenario struct {
	name, note string
	req        load.Request
}

// scenarios are the whosaid suite's, asked of PocketBase's records API:
// the same random choices (ids uniform over the quotes, speakers uniform
// over those quoted, the same rare and common words) in the same order.
func scenarios(c *corpus.Corpus, speakers int) []scenario {
	cfg := c.Config()
	get := func(path string) load.Req {
		return load.Req{Method: "GET", Path: path, Header: []string{"Accept: application/json"}}
	}
	records := "/api/collections/quotes/records"
	filter := func(f string) string { return records + "?filter=" + url.QueryEscape(f) }
	// The suite's words: ranks 30–39 (common) and 20,000–40,000 (rare).
	common := func(rng *rand.Rand) string { return c.Word(30 + rng.IntN(10)) }
	rare := func(rng *rand.Rand) string { return c.Word(20000 + rng.IntN(20000)) }
	words := float64(cfg.Quotes) * 18
	share := func(rank int) string { return fmt.Sprintf("~%.0f matches/word", words*c.WordShare(rank)) }
	return []scenario{
		{"bare", "gin, constant 1 KB body", func(*rand.Rand) load.Req { return get("/bare") }},
		{"quote_by_id", "GET records/{id}", func(rng *rand.Rand) load.Req {
			return get(records + "/" + quoteID(rng.IntN(cfg.Quotes)))
		}},
		{"speaker_quotes", "filter=(speaker='ID')&sort=-reported_at&perPage=20", func(rng *rand.Rand) load.Req {
			return get(filter("(speaker='"+speakerID(1+rng.IntN(speakers))+"')") + "&sort=-reported_at&perPage=20")
		}},
		{"search_rare", "filter=(text~'rare') " + share(30000), func(rng *rand.Rand) load.Req {
			return get(filter("(text~'" + rare(rng) + "')"))
		}},
		{"search_common", "filter=(text~'common') " + share(35), func(rng *rand.Rand) load.Req {
			return get(filter("(text~'" + common(rng) + "')"))
		}},
	}
}

// server is the child process serving PocketBase and the bare handler.
type server struct {
	cmd   *exec.Cmd
	ready readyLine
}

func startServer(ctx context.Context, args ...string) (*server, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd}
	// PocketBase may print to stdout first: the ready line is the JSON one.
	br := bufio.NewReader(out)
	var line string
	for err == nil && !strings.HasPrefix(line, "{") {
		if line, err = br.ReadString('\n'); line != "" && !strings.HasPrefix(line, "{") {
			fmt.Fprint(os.Stderr, "server: "+line)
		}
	}
	if err == nil {
		err = json.Unmarshal([]byte(line), &s.ready)
	}
	if err != nil {
		s.stop()
		return nil, fmt.Errorf("server did not start (%q): %w", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	// One request of each kind, to fail early on a schema or filter mistake.
	resp, err := http.Get("http://" + s.ready.API + "/api/collections/quotes/records/" + quoteID(0))
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != 200 {
			err = fmt.Errorf("GET quote 0: %s", resp.Status)
		}
	}
	if err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// peakKB reads the child's peak resident set size.
func (s *server) peakKB() int64 {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			v, _ := strconv.ParseInt(f[1], 10, 64)
			return v
		}
	}
	return 0
}
