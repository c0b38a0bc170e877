package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/whosaid/whosaid/cli"
	"github.com/whosaid/whosaid/store"
)

// buildWhosaid builds the binary the way a user would, into the test's
// temporary directory.
func buildWhosaid(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "whosaid")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startWhosaid runs `whosaid serve` on a free loopback port over db, with
// rate limits off, and returns its base URL once it serves.
func startWhosaid(t *testing.T, bin, db string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db, "--rate-key", "0", "--rate-ip", "0", "--log-level", "info")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		sent := false
		for sc.Scan() { // keep draining so the server never blocks on a log line
			var rec struct{ Msg, Addr string }
			if !sent && json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "serving HTTP" {
				addr <- rec.Addr
				sent = true
			}
		}
		if !sent {
			close(addr)
		}
	}()
	select {
	case a, ok := <-addr:
		if !ok {
			t.Fatal("whosaid serve exited before serving")
		}
		return "http://" + a, cmd
	case <-time.After(60 * time.Second):
		t.Fatal("whosaid serve did not start within a minute")
	}
	return "", nil
}

// newKey creates a key with the CLI and returns it.
func newKey(t *testing.T, db, role string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := cli.Run(context.Background(), version, []string{"keys", "create", "--db", db, "--role", role, "--name", "crash-" + role}, func(string) string { return "" }, nil, &stdout, &stderr); err != nil {
		t.Fatalf("keys create: %v\n%s", err, stderr.String())
	}
	return strings.TrimSpace(stdout.String())
}

type ackedSpeaker struct {
	ID   int64
	Name string
}

// TestSIGKILLMidWritesLosesNothingAcknowledged kills the server with
// SIGKILL while eight clients create speakers (each with three aliases,
// one transaction per speaker; its name is kept as an alias too), then checks that the database passes
// PRAGMA integrity_check, that every speaker whose 201 reached a client
// is there after a restart with all its aliases, and that no speaker is
// half-stored.
func TestSIGKILLMidWritesLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary; skipped with -short")
	}
	bin := buildWhosaid(t)
	db := filepath.Join(t.TempDir(), "crash.db")
	key := newKey(t, db, store.RoleEditor)
	base, cmd := startWhosaid(t, bin, db)

	var (
		mu    sync.Mutex
		acked []ackedSpeaker
		wg    sync.WaitGroup
	)
	stop := make(chan struct{})
	client := &http.Client{Timeout: 10 * time.Second}
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("Crash Tester %d-%d", g, i)
				body := fmt.Sprintf(`{"name":%q,"kind":"person","aliases":["%s a","%s b","%s c"]}`, name, name, name, name)
				req, _ := http.NewRequest("POST", base+"/api/v1/speakers", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+key)
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				var sp struct{ ID int64 }
				_ = json.NewDecoder(resp.Body).Decode(&sp)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					t.Errorf("create %s: %d", name, resp.StatusCode)
					return
				}
				mu.Lock()
				acked = append(acked, ackedSpeaker{sp.ID, name})
				mu.Unlock()
			}
		}()
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 300 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil { // mid-write: clients are still sending
		t.Fatal(err)
	}
	_ = cmd.Wait()
	close(stop)
	wg.Wait()
	if len(acked) < 50 {
		t.Fatalf("only %d writes acknowledged before the kill", len(acked))
	}
	t.Logf("%d writes acknowledged before SIGKILL", len(acked))

	// The file as the kill left it (WAL included) is intact.
	raw, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := raw.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	// No speaker is half-stored: each has its three aliases.
	rows, err := raw.Query(`SELECT s.name, count(a.id) FROM speakers s LEFT JOIN speaker_aliases a ON a.speaker_id = s.id
		WHERE s.name LIKE 'Crash Tester %' GROUP BY s.id`)
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			t.Fatal(err)
		}
		stored++
		if n != 4 {
			t.Errorf("%s has %d aliases, want its name and three: a write was half-stored", name, n)
		}
	}
	rows.Close()
	raw.Close()
	if stored < len(acked) {
		t.Errorf("%d speakers stored, %d acknowledged", stored, len(acked))
	}

	// Restarted, the server has every acknowledged write.
	base, _ = startWhosaid(t, bin, db)
	for _, a := range acked {
		resp, err := http.Get(fmt.Sprintf("%s/api/v1/speakers/%d", base, a.ID))
		if err != nil {
			t.Fatal(err)
		}
		var sp struct {
			Name    string
			Aliases []json.RawMessage
		}
		_ = json.NewDecoder(resp.Body).Decode(&sp)
		resp.Body.Close()
		if resp.StatusCode != 200 || sp.Name != a.Name || len(sp.Aliases) != 4 {
			t.Errorf("acknowledged speaker %d (%s) after restart: %d, name %q, %d aliases", a.ID, a.Name, resp.StatusCode, sp.Name, len(sp.Aliases))
		}
	}
}
