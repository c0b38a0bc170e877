// Command bench is whosaid's performance suite in one command: it
// generates a synthetic corpus (perf/corpus), bulk-loads it into a SQLite
// database (store.BulkIngest), starts the service in a child process with
// a bare gin handler beside it, drives load at both on 127.0.0.1
// (perf/load) and prints requests/s, latency percentiles, each endpoint's
// throughput as a share of the bare handler's (answering the same requests
// with a constant body of the endpoint's mean size, run right after it;
// and of the 1 KB one), the server's memory, and which floors hold.
//
//	go run ./perf/cmd/bench --quotes 10000             # a quick run
//	go run ./perf/cmd/bench --quotes 1000000           # the real one
//	go run ./perf/cmd/bench --quotes 10000,100000,1000000   # how cost grows
//
// Databases are kept under --dir and reused when they already hold the
// corpus, so only the first run of a size pays for the load.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/whosaid/whosaid/perf/corpus"
	"github.com/whosaid/whosaid/perf/load"
	"github.com/whosaid/whosaid/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		err = runServe(ctx, os.Args[2:])
	} else {
		err = run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	sizes        []int
	dir          string
	duration     time.Duration
	warm         time.Duration
	conns        int
	latencyConns int
	rebuildFTS   bool
	docsPerTx    int
	only         string
	seed         uint64
	articleBytes int
	loadOnly     bool
	cpuProfile   string
	deferIndexes bool
	fresh        bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	sizes := fs.String("quotes", "10000", "corpus size in quotes; a comma-separated list runs each and prints how latency grows")
	fs.StringVar(&o.dir, "dir", filepath.Join(os.TempDir(), "whosaid-perf"), "where the generated databases are kept and reused")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "measured time per endpoint and connection count")
	fs.DurationVar(&o.warm, "warmup", time.Second, "unmeasured warm-up before each measurement")
	fs.IntVar(&o.conns, "conns", 32, "connections for the throughput runs")
	fs.IntVar(&o.latencyConns, "latency-conns", 8, "connections for the latency runs")
	fs.BoolVar(&o.rebuildFTS, "rebuild-fts", true, "bulk load without full-text triggers and rebuild the indexes once at the end (false: triggers index each row)")
	fs.IntVar(&o.docsPerTx, "docs-per-tx", 10000, "documents per bulk-load transaction")
	fs.StringVar(&o.only, "only", "", "comma-separated endpoint names to run (default all)")
	fs.Uint64Var(&o.seed, "seed", 20251016, "corpus seed")
	fs.IntVar(&o.articleBytes, "article-bytes", 0, "pad each article with more of the writer's words to about this many bytes (0: about 1 KB; real articles are 3-7 KB)")
	fs.BoolVar(&o.deferIndexes, "defer-indexes", true, "bulk load without the secondary indexes and quote counter trigger and build them once at the end")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the bulk load to this file")
	fs.BoolVar(&o.loadOnly, "load-only", false, "bulk-load (or reuse) the database and stop: no server, no measurements")
	fs.BoolVar(&o.fresh, "fresh", false, "discard a database an earlier run loaded and load it again")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 100 {
			return fmt.Errorf("--quotes: want numbers of at least 100, not %q", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "whosaid perf: %d cores (GOMAXPROCS %d), %s, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), time.Now().UTC().Format(time.RFC3339))
	fmt.Fprintf(stdout, "command: go run ./perf/cmd/bench %s\n", strings.Join(args, " "))
	var reports []*report
	for _, n := range o.sizes {
		rep, err := runSize(ctx, o, n, stdout, stderr)
		if err != nil {
			return err
		}
		reports = append(reports, rep)
	}
	if len(reports) > 1 && !o.loadOnly {
		printGrowth(stdout, reports)
	}
	return nil
}

// report is one corpus size's results.
type report struct {
	quotes  int
	load    *store.BulkStats
	results []endpointResult
	rssKB   int64
	hwmKB   int64
}

type endpointResult struct {
	name  string
	conns int
	res   load.Result
	// bare is the bare handler's run on the same requests with a constant
	// body of the endpoint's mean size (bytes); ratio is the endpoint's
	// requests/s over it, ratio1K over the 1 KB bare handler's.
	bare           load.Result
	bytes          float64
	ratio, ratio1K float64
	matches        string
}

func runSize(ctx context.Context, o options, n int, stdout, stderr io.Writer) (*report, error) {
	c := corpus.New(corpus.Config{Quotes: n, Seed: o.seed, ArticleBytes: o.articleBytes})
	cfg := c.Config()
	path := filepath.Join(o.dir, fmt.Sprintf("whosaid-%d-%s.db", n, c.Digest()))
	rep := &report{quotes: n}
	fmt.Fprintf(stdout, "\n== %d quotes, %d sources, %d speakers (seed %d): %s\n", cfg.Quotes, cfg.Sources, cfg.Speakers, cfg.Seed, path)
	st, optimize, err := ensureLoaded(ctx, c, path, o, stderr)
	if err != nil {
		return nil, err
	}
	if st != nil {
		rep.load = st
		fmt.Fprintf(stdout, "bulk load: %d documents, %d quotes, %d speakers in %s (rows %s, exact-wording links %d in %s, full-text indexes finished in %s, indexes, counters and triggers %s); FTS optimize %s\n",
			st.Docs, st.Quotes, st.Speakers, (st.Load + st.Index + st.Link + st.FTS).Round(100*time.Millisecond),
			st.Load.Round(100*time.Millisecond), st.Linked, st.Link.Round(100*time.Millisecond), st.FTS.Round(100*time.Millisecond),
			st.Index.Round(100*time.Millisecond), optimize.Round(100*time.Millisecond))
	} else {
		fmt.Fprintln(stdout, "bulk load: reused the database loaded by an earlier run")
	}
	if o.loadOnly {
		return rep, nil
	}

	srv, err := startServer(ctx, path)
	if err != nil {
		return nil, err
	}
	defer srv.stop()

	scen := scenarios(c, srv)
	only := map[string]bool{}
	for _, s := range strings.Split(o.only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			only[s] = true
		}
	}
	fmt.Fprintf(stdout, "%-16s %5s %9s %6s %9s %6s %7s %8s %8s %8s %8s %6s  %s\n", "endpoint", "conns", "req/s", "×bare", "bare/s", "×1KB", "bytes", "p50", "p99", "p99.9", "max", "errors", "note")
	for _, conns := range []int{o.conns, o.latencyConns} {
		var bare1K float64
		for _, sc := range scen {
			if len(only) > 0 && !only[sc.name] && sc.name != "bare" {
				continue
			}
			addr := srv.api
			if sc.name == "bare" {
				addr = srv.bare
				if err := srv.setBareSize(ctx, 1024); err != nil {
					return nil, err
				}
			}
			res, err := load.Run(ctx, addr, conns, o.warm, o.duration, sc.req)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", sc.name, err)
			}
			er := endpointResult{name: sc.name, conns: conns, res: res, matches: sc.note, bytes: res.MeanBytes()}
			if sc.name == "bare" {
				bare1K = res.RPS()
				er.bare = res
			} else {
				// The same requests, answered by the bare handler with
				// a constant body of this endpoint's mean size.
				if err := srv.setBareSize(ctx, int(er.bytes+0.5)); err != nil {
					return nil, err
				}
				if er.bare, err = load.Run(ctx, srv.bare, conns, o.warm, o.duration, sc.req); err != nil {
					return nil, fmt.Errorf("%s (bare): %w", sc.name, err)
				}
			}
			er.ratio = res.RPS() / er.bare.RPS()
			er.ratio1K = res.RPS() / bare1K
			rep.results = append(rep.results, er)
			fmt.Fprintf(stdout, "%-16s %5d %9.0f %6.2f %9.0f %6.2f %7.0f %8s %8s %8s %8s %6d  %s\n", sc.name, conns, res.RPS(), er.ratio, er.bare.RPS(), er.ratio1K, er.bytes,
				ms(res.P50), ms(res.P99), ms(res.P999), ms(res.Max), res.Errors, sc.note)
			if res.Errors > 0 {
				fmt.Fprintf(stdout, "%-16s statuses %v\n", "", res.Status)
			}
		}
	}
	rep.rssKB, rep.hwmKB = srv.memory()
	fmt.Fprintf(stdout, "server memory: resident %d MB now, peak %d MB\n", rep.rssKB/1024, rep.hwmKB/1024)
	checkFloors(stdout, rep, o)
	return rep, nil
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 2, 64) + "ms" }

// ensureLoaded bulk-loads the corpus into path unless an earlier run did.
// It returns nil stats when the database was reused.
func ensureLoaded(ctx context.Context, c *corpus.Corpus, path string, o options, stderr io.Writer) (*store.BulkStats, time.Duration, error) {
	done := path + ".loaded"
	if _, err := os.Stat(done); err == nil && !o.fresh {
		return nil, 0, nil
	}
	for _, suffix := range []string{".loaded", "", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, 0, err
		}
	}
	st, err := store.Open(ctx, store.Config{Path: path})
	if err != nil {
		return nil, 0, err
	}
	defer st.Close()
	cfg := c.Config()
	bar := newBar(stderr, cfg.Sources)
	// Documents are generated on another goroutine (another core) while
	// the loader stores the previous ones.
	docs := func(yield func(store.IngestInput) bool) {
		ch := make(chan store.IngestInput, 512)
		quit := make(chan struct{})
		defer close(quit)
		go func() {
			defer close(ch)
			for i := range cfg.Sources {
				select {
				case ch <- c.Doc(i):
				case <-quit:
					return
				}
			}
		}()
		for in := range ch {
			if !yield(in) {
				return
			}
		}
	}
	// The load allocates fast and keeps little: collect less often (a
	// choice for this process, as for any batch import; GOGC overrides).
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return nil, 0, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, 0, err
		}
		defer pprof.StopCPUProfile()
	}
	stats, err := st.BulkIngest(ctx, docs, store.BulkOptions{
		DocsPerTx: o.docsPerTx, RebuildFTS: o.rebuildFTS, DeferIndexes: o.deferIndexes, LinkExact: true,
		Progress: bar.set,
	})
	bar.done()
	if err != nil {
		return nil, 0, err
	}
	optStart := time.Now()
	if err := st.Optimize(ctx); err != nil {
		return nil, 0, err
	}
	optimize := time.Since(optStart)
	if err := os.WriteFile(done, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644); err != nil {
		return nil, 0, err
	}
	return &stats, optimize, nil
}

// bar is a progress bar on stderr.
type bar struct {
	w     io.Writer
	total int
	start time.Time
}

func newBar(w io.Writer, total int) *bar { return &bar{w: w, total: total, start: time.Now()} }

func (b *bar) set(n int) {
	const width = 40
	fill := n * width / max(b.total, 1)
	el := time.Since(b.start).Seconds()
	fmt.Fprintf(b.w, "\rloading [%s%s] %d/%d documents, %.0f/s ", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), n, b.total, float64(n)/max(el, 0.001))
}

func (b *bar) done() { fmt.Fprintln(b.w) }

// server is the child process serving the API and the bare handler.
type server struct {
	cmd        *exec.Cmd
	api, bare  string
	token      string
	maxQuote   int64
	maxSpeaker int64
}

func startServer(ctx context.Context, path string) (*server, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "serve", "--db", path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("server did not start: %w", err)
	}
	var ready readyLine
	if err := json.Unmarshal([]byte(line), &ready); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("server said %q: %w", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return &server{cmd: cmd, api: ready.API, bare: ready.Bare, token: ready.Token, maxQuote: ready.MaxQuote, maxSpeaker: ready.MaxSpeaker}, nil
}

// setBareSize sets the size of the bare handler's constant body.
func (s *server) setBareSize(ctx context.Context, n int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, "http://"+s.bare+"/_bare/size?bytes="+strconv.Itoa(n), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("bare handler: setting a %d-byte body: %s", n, resp.Status)
	}
	return nil
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

// memory reads the child's resident set size and its peak, in KB.
func (s *server) memory() (rss, hwm int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = v
		case "VmHWM:":
			hwm = v
		}
	}
	return rss, hwm
}

// scenario is one endpoint's request mix.
type scenario struct {
	name string
	note string
	req  load.Request
}

func scenarios(c *corpus.Corpus, srv *server) []scenario {
	cfg := c.Config()
	get := func(path string) load.Req {
		return load.Req{Method: "GET", Path: path, Header: []string{"Accept: application/json"}}
	}
	quoteID := func(rng *rand.Rand) int64 { return 1 + rng.Int64N(srv.maxQuote) }
	// Common words: ranks 30–39 of the vocabulary, each in a few per cent
	// of quotes; rare: ranks 20,000–40,000, each in a handful.
	commonRank, rareRank := 30, 20000
	common := func(rng *rand.Rand) string { return c.Word(commonRank + rng.IntN(10)) }
	rare := func(rng *rand.Rand) string { return c.Word(rareRank + rng.IntN(20000)) }
	words := float64(cfg.Quotes) * 18
	speakers := c.Speakers()
	alias := func(rng *rand.Rand) string {
		sp := speakers[rng.IntN(len(speakers))]
		if rng.IntN(2) == 0 {
			return sp.Name
		}
		return sp.Aliases[0] // the surname alone: many speakers share it
	}
	byID := func(rng *rand.Rand) load.Req { return get("/api/v1/quotes/" + strconv.FormatInt(quoteID(rng), 10)) }
	speakerList := func(rng *rand.Rand) load.Req {
		return get("/api/v1/speakers/" + strconv.FormatInt(1+rng.Int64N(srv.maxSpeaker), 10) + "/quotes?limit=20")
	}
	searchCommon := func(rng *rand.Rand) load.Req { return get("/api/v1/quotes?q=" + url.QueryEscape(common(rng))) }
	searchRare := func(rng *rand.Rand) load.Req { return get("/api/v1/quotes?q=" + url.QueryEscape(rare(rng))) }
	aliasLookup := func(rng *rand.Rand) load.Req { return get("/api/v1/speakers?q=" + url.QueryEscape(alias(rng))) }
	verify := func(rng *rand.Rand) load.Req {
		text, speaker := c.Quote(rng.IntN(cfg.Quotes))
		body, _ := json.Marshal(map[string]string{"claim": misremember(c, rng, text), "speaker": speaker})
		return load.Req{Method: "POST", Path: "/api/v1/verify", Header: []string{"Accept: application/json", "Content-Type: application/json"}, Body: body}
	}
	statuses := []string{"verified", "disputed", "extracted"}
	write := func(rng *rand.Rand) load.Req {
		body := []byte(`{"status":"` + statuses[rng.IntN(len(statuses))] + `"}`)
		return load.Req{Method: "PATCH", Path: "/api/v1/quotes/" + strconv.FormatInt(quoteID(rng), 10),
			Header: []string{"Accept: application/json", "Content-Type: application/json", "Authorization: Bearer " + srv.token}, Body: body}
	}
	reads := []load.Request{byID, speakerList, searchCommon, searchRare, aliasLookup, verify}
	mixed := func(rng *rand.Rand) load.Req {
		if rng.IntN(10) == 0 {
			return write(rng)
		}
		return reads[rng.IntN(len(reads))](rng)
	}
	bareBody := func(*rand.Rand) load.Req { return get("/bare") }
	share := func(rank int) string {
		return fmt.Sprintf("~%.0f matches/word", words*c.WordShare(rank))
	}
	return []scenario{
		{"bare", "gin, constant 1 KB body", bareBody},
		{"quote_by_id", "GET /quotes/{id}", byID},
		{"speaker_quotes", "GET /speakers/{id}/quotes?limit=20", speakerList},
		{"alias_lookup", "GET /speakers?q=name or surname", aliasLookup},
		{"search_rare", "GET /quotes?q=rare " + share(rareRank+10000), searchRare},
		{"search_common", "GET /quotes?q=common " + share(commonRank+5), searchCommon},
		{"verify", "POST /verify, one word changed", verify},
		{"mixed_10pct_wr", "all of the above + 10% PATCH /quotes/{id}", mixed},
	}
}

// misremember changes a quote the way people do: a word swapped for
// another, or dropped.
func misremember(c *corpus.Corpus, rng *rand.Rand, text string) string {
	ws := strings.Fields(strings.TrimSuffix(text, "."))
	if len(ws) < 4 {
		return text
	}
	i := 1 + rng.IntN(len(ws)-1)
	if rng.IntN(2) == 0 {
		ws[i] = c.Word(rng.IntN(200))
	} else {
		ws = append(ws[:i], ws[i+1:]...)
	}
	return strings.Join(ws, " ")
}

// floors are the targets on the 2-core machine, as shares of the bare
// handler's throughput at --conns and medians at --latency-conns.
var floors = map[string]struct {
	share  float64
	median time.Duration
}{
	"quote_by_id":    {0.5, time.Millisecond},
	"speaker_quotes": {0.3, 3 * time.Millisecond},
	"alias_lookup":   {0.3, 3 * time.Millisecond},
	"search_rare":    {0.3, 3 * time.Millisecond},
	"search_common":  {0.15, 3 * time.Millisecond},
	"verify":         {0.1, 10 * time.Millisecond},
}

func checkFloors(w io.Writer, rep *report, o options) {
	fmt.Fprintln(w, "floors:")
	for _, r := range rep.results {
		f, ok := floors[r.name]
		if !ok {
			continue
		}
		switch r.conns {
		case o.conns:
			fmt.Fprintf(w, "  %-16s throughput %.3f× bare of the same size (floor %.2f): %s; %.3f× bare 1 KB\n", r.name, r.ratio, f.share, verdict(r.ratio >= f.share), r.ratio1K)
		case o.latencyConns:
			fmt.Fprintf(w, "  %-16s median %s at %d conns (floor %s): %s\n", r.name, ms(r.res.P50), r.conns, ms(f.median), verdict(r.res.P50 <= f.median))
		}
	}
	fmt.Fprintf(w, "  %-16s peak resident %d MB (floor 250 MB): %s\n", "server memory", rep.hwmKB/1024, verdict(rep.hwmKB <= 250*1024))
	if rep.load != nil {
		// The floor is for the 1M corpus. Below it, fixed costs (opening,
		// building the indexes, optimising) dominate, so a share of 60 s
		// would judge them, not the load.
		total := rep.load.Load + rep.load.Index + rep.load.Link + rep.load.FTS
		judged := "judged at 1M only"
		if rep.quotes >= 1_000_000 {
			judged = verdict(total <= time.Duration(float64(60*time.Second)*float64(rep.quotes)/1e6))
		}
		fmt.Fprintf(w, "  %-16s %s for %d quotes (floor 60 s at 1M): %s\n", "bulk load", total.Round(100*time.Millisecond), rep.quotes, judged)
	}
}

func verdict(ok bool) string {
	if ok {
		return "holds"
	}
	return "MISSED"
}

// printGrowth prints the median (and p99) at --latency-conns of each read
// endpoint for every size.
func printGrowth(w io.Writer, reps []*report) {
	fmt.Fprintln(w, "\nhow latency grows with the corpus (median / p99 at the latency connection count):")
	fmt.Fprintf(w, "%-16s", "endpoint")
	for _, r := range reps {
		fmt.Fprintf(w, " %22s", strconv.Itoa(r.quotes)+" quotes")
	}
	fmt.Fprintln(w)
	for name := range floors {
		_ = name
	}
	for _, name := range []string{"quote_by_id", "speaker_quotes", "alias_lookup", "search_rare", "search_common", "verify", "mixed_10pct_wr"} {
		fmt.Fprintf(w, "%-16s", name)
		for _, rep := range reps {
			cell := "-"
			last := -1
			for i, r := range rep.results {
				if r.name == name {
					last = i
				}
			}
			if last >= 0 {
				r := rep.results[last]
				cell = ms(r.res.P50) + " / " + ms(r.res.P99)
			}
			fmt.Fprintf(w, " %22s", cell)
		}
		fmt.Fprintln(w)
	}
}
