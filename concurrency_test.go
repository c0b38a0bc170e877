package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/storetest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// buildBinary builds whosaid once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "whosaid-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "whosaid")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer runs the binary with env and waits until it is ready.
func startServer(t *testing.T, bin string, env ...string) string {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), append(env, "WHOSAID_ADDR="+addr)...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("server %s log:\n%s", addr, logs.String())
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return "http://" + addr
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("server on %s never became ready:\n%s", addr, logs.String())
	return ""
}

// TestTwoServersOnePostgresStoreEachArticleOnce starts two service
// processes on one PostgreSQL database at the same moment (both seed it)
// and posts the same articles to both at once: every document, speaker
// and quote must be stored once.
func TestTwoServersOnePostgresStoreEachArticleOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two server processes; skipped with -short")
	}
	cfg := storetest.PostgresConfig(t)
	bin := buildBinary(t)

	var urls [2]string
	var wg sync.WaitGroup
	for i := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			urls[i] = startServer(t, bin, "DATABASE_URL="+cfg.URL)
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	// Writes need an editor's key where keys exist.
	token := ""
	keyCmd := exec.Command(bin, "keys", "create", "--role", "editor", "--name", "concurrency-test")
	keyCmd.Env = append(os.Environ(), "DATABASE_URL="+cfg.URL)
	if out, err := keyCmd.Output(); err == nil {
		token = string(bytes.TrimSpace(out))
	}

	const articles = 6
	type result struct {
		status  int
		created bool
	}
	results := make(chan result, articles*len(urls)*2)
	for a := range articles {
		body, _ := json.Marshal(map[string]any{
			"title":  fmt.Sprintf("Story %d", a),
			"outlet": "Concurrency Courier",
			"text": fmt.Sprintf("Story %d\n\n\"We will not back down on item %d,\" said Dana Whitfield, the union leader.\n\n"+
				"\"Talks resume on Monday,\" she added. Officials called it a %q.", a, a, "stalemate"),
		})
		for _, u := range urls {
			for range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequest(http.MethodPost, u+"/api/v1/sources", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					if token != "" {
						req.Header.Set("Authorization", "Bearer "+token)
					}
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					defer resp.Body.Close()
					var out struct {
						Created bool `json:"created"`
					}
					json.NewDecoder(resp.Body).Decode(&out)
					results <- result{resp.StatusCode, out.Created}
				}()
			}
		}
	}
	wg.Wait()
	close(results)
	created := 0
	for r := range results {
		if r.status != 200 && r.status != 201 {
			t.Errorf("POST answered %d", r.status)
		}
		if r.created {
			created++
		}
	}
	if created != articles {
		t.Errorf("%d posts said they created a document, want %d", created, articles)
	}

	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sources, err := st.ListSources(context.Background(), store.SourceFilter{Outlet: "Concurrency Courier"})
	if err != nil {
		t.Fatal(err)
	}
	if sources.Total != articles {
		t.Errorf("stored %d copies of %d articles", sources.Total, articles)
	}
	all, err := st.ListSources(context.Background(), store.SourceFilter{Page: store.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != articles+5 {
		t.Errorf("%d sources in all, want %d articles and the 5 seed documents once", all.Total, articles)
	}
	speakers, err := st.ListSpeakers(context.Background(), store.SpeakerFilter{Q: "Dana Whitfield"})
	if err != nil {
		t.Fatal(err)
	}
	if speakers.Total != 1 {
		t.Errorf("%d speakers named Dana Whitfield, want 1", speakers.Total)
	}
	mccallum, err := st.ListSpeakers(context.Background(), store.SpeakerFilter{Q: "Ken McCallum"})
	if err != nil {
		t.Fatal(err)
	}
	if mccallum.Total != 1 {
		t.Errorf("seeding from two processes made %d Ken McCallums, want 1", mccallum.Total)
	}
}
