package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

type key struct {
	name  string
	conns int
}

// row is one scenario's figures at one connection count.
type row struct {
	rps, ratio float64 // requests/s and its share of the bare handler's
	p50        time.Duration
}

// targets are the performance issue's: how many times PocketBase's
// throughput whosaid should reach.
var targets = []struct {
	name   string
	factor float64
}{
	{"quote_by_id", 3},
	{"speaker_quotes", 10},
	{"search_rare", 100},
	{"search_common", 100},
}

// parseWhosaid reads the printed output of perf/cmd/bench: its "== N
// quotes" headers and table rows (name, conns, req/s, ×bare, p50, ...).
func parseWhosaid(path string) (map[int]map[key]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[int]map[key]row{}
	size := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) >= 3 && fs[0] == "==" && fs[2] == "quotes," {
			size, _ = strconv.Atoi(fs[1])
			out[size] = map[key]row{}
			continue
		}
		if size == 0 || len(fs) < 5 {
			continue
		}
		conns, err1 := strconv.Atoi(fs[1])
		rps, err2 := strconv.ParseFloat(fs[2], 64)
		ratio, err3 := strconv.ParseFloat(fs[3], 64)
		p50, err4 := time.ParseDuration(fs[4])
		if err1 == nil && err2 == nil && err3 == nil && err4 == nil {
			out[size][key{fs[0], conns}] = row{rps: rps, ratio: ratio, p50: p50}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no perf/cmd/bench output found", path)
	}
	return out, sc.Err()
}

// printFactors prints whosaid's figures over PocketBase's per scenario:
// raw requests/s, and shares of each run's own bare handler (the fairer
// one when the two runs met a different machine load), and the median.
func printFactors(w, pb map[key]row, o options) {
	fmt.Println("whosaid vs PocketBase (whosaid ÷ PocketBase; target from the performance issue):")
	fmt.Printf("%-16s %5s %10s %10s %9s %10s %10s %9s %7s  %s\n", "endpoint", "conns", "whosaid/s", "pb/s", "factor",
		"whosaid×b", "pb×bare", "factor", "target", "verdict (×bare factor)")
	for _, conns := range []int{o.conns, o.latencyConns} {
		for _, t := range targets {
			a, okA := w[key{t.name, conns}]
			b, okB := pb[key{t.name, conns}]
			if !okA || !okB {
				continue
			}
			f := a.ratio / b.ratio
			verdict := "holds"
			if f < t.factor {
				verdict = "MISSED"
			}
			fmt.Printf("%-16s %5d %10s %10s %8s× %10s %10s %8s× %6.0f×  %s\n", t.name, conns, num(a.rps), num(b.rps), num(a.rps/b.rps),
				num(a.ratio), num(b.ratio), num(f), t.factor, verdict)
		}
	}
	fmt.Printf("medians at %d conns (PocketBase ÷ whosaid):", o.latencyConns)
	for _, t := range targets {
		a, okA := w[key{t.name, o.latencyConns}]
		b, okB := pb[key{t.name, o.latencyConns}]
		if okA && okB && a.p50 > 0 {
			fmt.Printf(" %s %.1f×", t.name, float64(b.p50)/float64(a.p50))
		}
	}
	fmt.Println()
}
