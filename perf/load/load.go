// Package load is a small closed-loop HTTP/1.1 load generator for the
// benchmarks: a fixed number of keep-alive connections, each sending its
// next request as soon as the previous answer is read, for a fixed time.
// It only dials loopback addresses.
package load

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Request makes the raw bytes of one HTTP/1.1 request (with Host and
// Connection headers left to the runner) from a worker's random source.
type Request func(rng *rand.Rand) Req

// Req is one request to send.
type Req struct {
	Method, Path string
	Header       []string // "Name: value" lines
	Body         []byte
}

// Result is one run's outcome.
type Result struct {
	Requests, Errors int
	Status           map[int]int
	Elapsed          time.Duration
	P50, P99, P999   time.Duration
	Max              time.Duration
	Bytes            int64
}

// RPS is requests a second over the run.
func (r Result) RPS() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// MeanBytes is the mean size of a response's body over the run.
func (r Result) MeanBytes() float64 {
	if r.Requests == 0 {
		return 0
	}
	return float64(r.Bytes) / float64(r.Requests)
}

// Run drives addr (a loopback host:port) with conns connections for d,
// after a warm-up of warm that is not counted.
func Run(ctx context.Context, addr string, conns int, warm, d time.Duration, mk Request) (Result, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return Result{}, err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return Result{}, fmt.Errorf("load: %s is not a loopback address; this tool only drives 127.0.0.1", addr)
	}
	type worker struct {
		lat    []time.Duration
		status map[int]int
		errs   int
		bytes  int64
	}
	ws := make([]worker, conns)
	start := time.Now()
	measureFrom := start.Add(warm)
	end := measureFrom.Add(d)
	var wg sync.WaitGroup
	for i := range ws {
		wg.Add(1)
		go func(w *worker, seed uint64) {
			defer wg.Done()
			w.status = map[int]int{}
			rng := rand.New(rand.NewPCG(seed, 99))
			var c net.Conn
			var br *bufio.Reader
			var buf []byte
			for ctx.Err() == nil {
				now := time.Now()
				if now.After(end) {
					break
				}
				if c == nil {
					if c, err = net.Dial("tcp", addr); err != nil {
						w.errs++
						time.Sleep(10 * time.Millisecond)
						continue
					}
					br = bufio.NewReaderSize(c, 64<<10)
				}
				r := mk(rng)
				buf = buf[:0]
				buf = append(buf, r.Method...)
				buf = append(buf, ' ')
				buf = append(buf, r.Path...)
				buf = append(buf, " HTTP/1.1\r\nHost: "...)
				buf = append(buf, addr...)
				buf = append(buf, "\r\nUser-Agent: whosaid-perf\r\n"...)
				for _, h := range r.Header {
					buf = append(buf, h...)
					buf = append(buf, "\r\n"...)
				}
				if r.Body != nil {
					buf = fmt.Appendf(buf, "Content-Length: %d\r\n", len(r.Body))
				}
				buf = append(buf, "\r\n"...)
				buf = append(buf, r.Body...)
				t0 := time.Now()
				_, err := c.Write(buf)
				var resp *http.Response
				if err == nil {
					resp, err = http.ReadResponse(br, nil)
				}
				var n int64
				if err == nil {
					n, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				lat := time.Since(t0)
				if err != nil {
					c.Close()
					c = nil
					if t0.After(measureFrom) {
						w.errs++
					}
					continue
				}
				if t0.After(measureFrom) {
					w.lat = append(w.lat, lat)
					w.status[resp.StatusCode]++
					w.bytes += n
					if resp.StatusCode >= 400 {
						w.errs++
					}
				}
				if resp.Close {
					c.Close()
					c = nil
				}
			}
			if c != nil {
				c.Close()
			}
		}(&ws[i], uint64(i+1))
	}
	wg.Wait()
	res := Result{Status: map[int]int{}, Elapsed: d}
	if now := time.Now(); now.Before(end) { // cancelled early
		res.Elapsed = max(now.Sub(measureFrom), time.Millisecond)
	}
	var all []time.Duration
	for _, w := range ws {
		all = append(all, w.lat...)
		res.Errors += w.errs
		res.Bytes += w.bytes
		for k, v := range w.status {
			res.Status[k] += v
		}
	}
	res.Requests = len(all)
	if len(all) == 0 {
		return res, ctx.Err()
	}
	slices.Sort(all)
	q := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	res.P50, res.P99, res.P999, res.Max = q(0.50), q(0.99), q(0.999), all[len(all)-1]
	return res, ctx.Err()
}
