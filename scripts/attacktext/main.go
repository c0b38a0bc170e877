// Command attacktext is issue 15's attack on the text pipeline, run against
// a real server: it builds whosaid, starts it on 127.0.0.1 over a fresh
// SQLite database in a temporary directory, and sends each hostile text of
// package hostile (2 MiB each, the most a source may hold, and the 673 KB
// nested-quote bomb of the issue) to POST /api/v1/extract and POST
// /api/v1/sources, several at once. Throughout, it asks /healthz every
// 100 ms and reads the server's resident memory from /proc/PID/status. It
// prints each attack's answers and times, the slowest /healthz and the
// peak memory, and exits 1 when /healthz took a second or more, memory
// reached -max-rss, or any answer was a 5xx or a transport error.
//
//	scripts/attack-text.sh             # or: go run ./scripts/attacktext
//
// It only talks to the server it started, on the loopback interface, and
// stops by itself: every request has a deadline, and the whole run is
// bounded by -timeout.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/whosaid/whosaid/extract/hostile"
	"github.com/whosaid/whosaid/models"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "attacktext:", err)
		os.Exit(1)
	}
}

func run() error {
	maxRSS := flag.Int("max-rss", 300, "the server's resident memory must stay under this many MB")
	maxHealth := flag.Duration("max-health", time.Second, "every /healthz must answer within this")
	parallel := flag.Int("parallel", 4, "copies of each attack sent at once (1 to 8)")
	timeout := flag.Duration("timeout", 10*time.Minute, "bound on the whole run (at most 10m)")
	flag.Parse()
	if *parallel < 1 || *parallel > 8 || *timeout <= 0 || *timeout > 10*time.Minute {
		return errors.New("-parallel must be 1 to 8 and -timeout at most 10m")
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	dir, err := os.MkdirTemp("", "whosaid-attack-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "whosaid")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "whosaid.db")
	out, err := exec.CommandContext(ctx, bin, "keys", "create", "--role", "editor", "--name", "attack", "--db", db).Output()
	if err != nil {
		return fmt.Errorf("create key: %w", err)
	}
	key := strings.TrimSpace(string(out))
	addr, err := freeLoopbackAddr()
	if err != nil {
		return err
	}
	srv := exec.CommandContext(ctx, bin, "serve", "--addr", addr, "--db", db, "--rate-ip", "0", "--rate-key", "0", "--log-level", "error")
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Kill(); _ = srv.Wait() }()
	base := "http://" + addr
	if err := waitHealthy(ctx, base); err != nil {
		return err
	}
	pid := srv.Process.Pid
	fmt.Printf("whosaid pid %d on %s; after start: %s\n", pid, base, memLine(pid))

	// Watch /healthz and memory while the attacks run.
	watchCtx, stopWatch := context.WithCancel(ctx)
	var slowest atomic.Int64
	var healthFails atomic.Int64
	var peakRSS atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		client := &http.Client{Timeout: *maxHealth}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-watchCtx.Done():
				return
			case <-tick.C:
			}
			if kb := memKB(pid, "VmRSS"); kb > peakRSS.Load() {
				peakRSS.Store(kb)
			}
			start := time.Now()
			resp, err := client.Get(base + "/healthz")
			el := time.Since(start)
			if err != nil || resp.StatusCode != http.StatusOK {
				healthFails.Add(1)
			}
			if resp != nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			if int64(el) > slowest.Load() {
				slowest.Store(int64(el))
			}
		}
	}()

	attacks := hostile.Inputs(models.MaxSourceBytes)
	attacks = append(attacks, hostile.Input{Name: "nested-quote bomb, 673 KB", Text: hostile.BombOfSize(673 << 10)})
	bad := 0
	client := &http.Client{Timeout: 90 * time.Second}
	fmt.Printf("%-28s %-9s %8s  %-20s %9s %12s %9s\n", "attack", "endpoint", "bytes", "statuses", "slowest", "answer bytes", "VmHWM MB")
	for i, a := range attacks {
		for _, ep := range []string{"extract", "sources"} {
			body := requestBody(ep, i, a.Text)
			res := make([]result, *parallel)
			var rw sync.WaitGroup
			for p := range res {
				rw.Add(1)
				go func() {
					defer rw.Done()
					res[p] = send(ctx, client, base+"/api/v1/"+ep, key, body)
				}()
			}
			rw.Wait()
			var statuses []string
			var slow time.Duration
			var size int64
			for _, r := range res {
				statuses = append(statuses, r.status)
				slow = max(slow, r.took)
				size = max(size, r.bytes)
				if r.err != nil || r.code >= 500 {
					bad++
				}
			}
			fmt.Printf("%-28s %-9s %8d  %-20s %9s %12d %9d\n", a.Name, ep, len(a.Text), strings.Join(statuses, ","), slow.Round(time.Millisecond), size, memKB(pid, "VmHWM")>>10)
		}
	}
	stopWatch()
	wg.Wait()
	hwm := memKB(pid, "VmHWM")
	fmt.Printf("/healthz: slowest %s, %d failed or over %s\n", time.Duration(slowest.Load()).Round(time.Millisecond), healthFails.Load(), *maxHealth)
	fmt.Printf("memory: peak VmRSS seen %d MB, VmHWM %d MB (limit %d MB); at the end: %s\n", peakRSS.Load()>>10, hwm>>10, *maxRSS, memLine(pid))
	var fails []string
	if healthFails.Load() > 0 || time.Duration(slowest.Load()) >= *maxHealth {
		fails = append(fails, "/healthz was slow or failed")
	}
	if hwm>>10 >= int64(*maxRSS) {
		fails = append(fails, "memory over the limit")
	}
	if bad > 0 {
		fails = append(fails, strconv.Itoa(bad)+" answers were 5xx or transport errors")
	}
	if len(fails) > 0 {
		return errors.New(strings.Join(fails, "; "))
	}
	fmt.Println("PASS")
	return nil
}

// result is one attack request's outcome.
type result struct {
	code   int
	status string
	took   time.Duration
	bytes  int64
	err    error
}

func send(ctx context.Context, client *http.Client, url, key string, body []byte) result {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return result{status: "error", err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return result{status: "error", err: err, took: time.Since(start)}
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return result{code: resp.StatusCode, status: strconv.Itoa(resp.StatusCode), took: time.Since(start), bytes: n, err: err}
}

// requestBody is the JSON body that sends text: its bytes as they are
// (invalid UTF-8 included, which the server must refuse), with only what
// JSON requires escaped. A source's title is made unique to the attack.
func requestBody(endpoint string, i int, text string) []byte {
	var b bytes.Buffer
	b.WriteString(`{`)
	if endpoint == "sources" {
		b.WriteString(`"title": "attack ` + strconv.Itoa(i) + `", `)
	}
	b.WriteString(`"text": "`)
	for j := 0; j < len(text); j++ {
		switch c := text[j]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteString(`"}`)
	return b.Bytes()
}

// freeLoopbackAddr finds a free port on 127.0.0.1.
func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func waitHealthy(ctx context.Context, base string) error {
	for i := 0; i < 300; i++ {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return errors.New("the server did not become healthy in 30s")
}

// memKB reads one field (VmRSS, VmHWM) of /proc/PID/status, in kB.
func memKB(pid int, field string) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return -1
}

func memLine(pid int) string {
	return fmt.Sprintf("VmRSS %d MB, VmHWM %d MB", memKB(pid, "VmRSS")>>10, memKB(pid, "VmHWM")>>10)
}
