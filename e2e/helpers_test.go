package e2e

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/whosaid/whosaid/api"
	"github.com/whosaid/whosaid/ingest"
	"github.com/whosaid/whosaid/seed"
	"github.com/whosaid/whosaid/store"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// editorKeys holds, by base URL, an editor API key of each test server,
// for the tests' own writes through the API.
var editorKeys sync.Map

// editorKey returns the editor API key of the server at base.
func editorKey(base string) string {
	k, _ := editorKeys.Load(base)
	s, _ := k.(string)
	return s
}

// stepTimeout bounds one step of a browser test: a page load and what it
// waits for.
const stepTimeout = 30 * time.Second

// viewport is a screen size the page is tested on.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var viewports = []viewport{
	{name: "desktop", width: 1280, height: 900},
	{name: "phone", width: 390, height: 844, mobile: true},
}

// startServer runs the real router on 127.0.0.1 at a random port, over a
// seeded SQLite file of its own, and returns its base URL. The server
// shuts down when the test ends.
func startServer(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Path: filepath.Join(t.TempDir(), "whosaid.db")})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	if _, err := seed.Load(ctx, st); err != nil {
		t.Fatalf("load seed: %v", err)
	}
	_, key, err := st.CreateKey(ctx, "e2e", store.RoleEditor)
	if err != nil {
		t.Fatalf("create key: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := api.NewRouter(api.Deps{Store: st, Log: logger, Extract: ingest.FromText, Version: "e2e"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- api.ServeListener(sctx, ln, h, logger) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
		_ = st.Close()
	})
	base := "http://" + ln.Addr().String()
	editorKeys.Store(base, key)
	// The listener accepts at once; wait until the router answers.
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			_ = resp.Body.Close()
			break
		}
		if i == 50 {
			t.Fatalf("server did not answer: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return base
}

// newBrowser starts headless Chromium with a fresh profile and returns a
// context for its first tab. It skips the test, saying why, when no
// Chromium is installed; it never downloads one. The browser exits when
// the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath
	if _, err := os.Stat(path); err != nil {
		p, lerr := exec.LookPath("chromium")
		if lerr != nil {
			t.Skipf("no Chromium installed (%s missing, and no chromium on PATH): install Debian's chromium package (apt-get install -y chromium) to run the browser tests", chromiumPath)
		}
		path = p
	}
	profile := t.TempDir() // before the cleanup below, so removed after the browser exits
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
	)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc() // waits for the browser to exit
	})
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", path, err)
	}
	return bctx
}

// tab is one browser tab and what its pages logged.
type tab struct {
	ctx context.Context
	mu  sync.Mutex
	log []string // console errors, CSP violations and uncaught exceptions
}

// newTab opens a tab sized to vp that records what pages report as
// errors. It closes when the test ends.
func newTab(t *testing.T, browser context.Context, vp viewport) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	tb := &tab{ctx: ctx}
	if err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || strings.Contains(ev.Entry.Text, "Content Security Policy") {
				msg = fmt.Sprintf("%s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *runtime.EventExceptionThrown:
			msg = "uncaught exception: " + ev.ExceptionDetails.Text
			if ex := ev.ExceptionDetails.Exception; ex != nil && ex.Description != "" {
				msg += " " + ex.Description
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				msg = "console.error"
				for _, a := range ev.Args {
					msg += " " + string(a.Value) + a.Description
				}
			}
		}
		if msg != "" {
			tb.mu.Lock()
			tb.log = append(tb.log, msg)
			tb.mu.Unlock()
		}
	}); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	opts := []chromedp.EmulateViewportOption{}
	if vp.mobile {
		opts = append(opts, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	tb.do(t, "set the viewport", chromedp.EmulateViewport(vp.width, vp.height, opts...))
	return tb
}

// do runs actions in the tab within stepTimeout, failing the test with
// what the step was for.
func (tb *tab) do(t *testing.T, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%s: timed out after %s; page said: %v", step, stepTimeout, tb.errors())
		}
		t.Fatalf("%s: %v", step, err)
	}
}

// run runs one action that returns a value within stepTimeout.
func run[T any](t *testing.T, tb *tab, step string, action chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("%s: %v; page said: %v", step, err, tb.errors())
	}
	return v
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, tb *tab, step, js string) T {
	t.Helper()
	return run(t, tb, step, chromedp.Evaluate[T](js))
}

// waitFor waits until the JavaScript expression is truthy.
func (tb *tab) waitFor(t *testing.T, step, js string) {
	t.Helper()
	run(t, tb, step, chromedp.Poll[bool]("!!("+js+")", chromedp.WithPollingTimeout(stepTimeout-time.Second)))
}

// errors returns what the tab's pages reported as errors so far.
func (tb *tab) errors() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.log...)
}

// checkNoErrors fails the test if a page reported a script error or a
// Content-Security-Policy violation.
func (tb *tab) checkNoErrors(t *testing.T) {
	t.Helper()
	for _, e := range tb.errors() {
		t.Errorf("the page reported: %s", e)
	}
}

// checkNoSideScroll fails when the page is wider than the viewport: a
// long word or quote that breaks the layout on a phone.
func (tb *tab) checkNoSideScroll(t *testing.T) {
	t.Helper()
	w := eval[[]int](t, tb, "measure the page", `[document.documentElement.scrollWidth, window.innerWidth]`)
	if w[0] > w[1] {
		t.Errorf("the page is %dpx wide in a %dpx viewport: it scrolls sideways", w[0], w[1])
	}
}

// artifactsDir is where screenshots go: $WHOSAID_ARTIFACTS, or
// artifacts/ at the repository root (git-ignored).
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("WHOSAID_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "artifacts")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts directory: %v", err)
	}
	return dir
}

var unsafeName = regexp.MustCompile(`[^a-z0-9_-]+`)

// screenshot saves what the viewport shows as NAME.png and the whole
// page as NAME-full.png in the artifacts directory, and logs the paths.
func (tb *tab) screenshot(t *testing.T, name string) {
	t.Helper()
	base := filepath.Join(artifactsDir(t), unsafeName.ReplaceAllString(strings.ToLower(name), "-"))
	for _, shot := range []struct {
		path   string
		action chromedp.Action[[]byte]
	}{
		{base + ".png", chromedp.CaptureScreenshot()},
		{base + "-full.png", chromedp.FullScreenshot(100)},
	} {
		png := run(t, tb, "screenshot "+name, shot.action)
		if err := os.WriteFile(shot.path, png, 0o644); err != nil {
			t.Fatalf("save screenshot: %v", err)
		}
		t.Logf("screenshot: %s", shot.path)
	}
}
