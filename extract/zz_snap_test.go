package extract

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
	"sort"
	"strings"
	"testing"
)

func TestSnapshotDump(t *testing.T) {
	out := os.Getenv("SNAP_OUT")
	if out == "" {
		t.Skip()
	}
	var base []string
	for _, dir := range []string{filepath.Join("testdata", "gold"), filepath.Join("..", "seed", "corpus")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		sort.Strings(files)
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil {
				base = append(base, string(data))
			}
		}
	}
	styles := []*strings.Replacer{
		strings.NewReplacer(),
		strings.NewReplacer("“", "\"", "”", "\""),
		strings.NewReplacer("“", "‘", "”", "’"),
		strings.NewReplacer("Ken", "Kenneth", "Matt", "Matthew", "Collins", "Collier"),
	}
	rng := rand.New(rand.NewSource(7))
	docs := append([]string{}, base...)
	for i := 0; i < 200; i++ {
		doc := styles[rng.Intn(len(styles))].Replace(base[rng.Intn(len(base))])
		for k := rng.Intn(3); k > 0; k-- {
			doc += "\n" + styles[rng.Intn(len(styles))].Replace(base[rng.Intn(len(base))])
		}
		docs = append(docs, doc)
	}
	docs = append(docs, adversarial(1<<12, false), adversarial(1<<12, true))
	f, _ := os.Create(out)
	defer f.Close()
	enc := json.NewEncoder(f)
	enc.SetIndent("", " ")
	for _, d := range docs {
		enc.Encode(Extract(d))
	}
}

func TestCPUTime(t *testing.T) {
	if os.Getenv("CPU_RUNS") == "" {
		t.Skip()
	}
	var base []string
	for _, dir := range []string{filepath.Join("testdata", "gold"), filepath.Join("..", "seed", "corpus")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		sort.Strings(files)
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil {
				base = append(base, string(data))
			}
		}
	}
	styles := []*strings.Replacer{
		strings.NewReplacer(),
		strings.NewReplacer("“", "\"", "”", "\""),
		strings.NewReplacer("“", "‘", "”", "’"),
		strings.NewReplacer("Ken", "Kenneth", "Matt", "Matthew", "Collins", "Collier"),
	}
	rng := rand.New(rand.NewSource(7))
	var docs []string
	size := 0
	for size < 20<<20 {
		doc := styles[rng.Intn(len(styles))].Replace(base[rng.Intn(len(base))])
		for k := rng.Intn(3); k > 0; k-- {
			doc += "\n" + styles[rng.Intn(len(styles))].Replace(base[rng.Intn(len(base))])
		}
		docs = append(docs, doc)
		size += len(doc)
	}
	runtime.GC()
	best := time.Duration(1 << 62)
	for r := 0; r < 5; r++ {
		var ru0, ru1 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
		for _, d := range docs {
			Extract(d)
		}
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
		cpu := time.Duration(syscall.TimevalToNsec(ru1.Utime)-syscall.TimevalToNsec(ru0.Utime)) + time.Duration(syscall.TimevalToNsec(ru1.Stime)-syscall.TimevalToNsec(ru0.Stime))
		best = min(best, cpu)
	}
	t.Logf("CPU per pass %v: %.1f MB/s of CPU", best, float64(size)/1e6/best.Seconds())
}
