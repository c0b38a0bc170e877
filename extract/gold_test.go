package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// evalDir scores Extract against every gold file of dir.
func evalDir(t *testing.T, dir string) (Metrics, int) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(files)
	var m Metrics
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		g, err := ReadGold(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		txt, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".txt")
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := g.Check(string(txt)); err != nil {
			t.Errorf("%s: bad gold: %v", f, err)
			continue
		}
		m.Add(Score(filepath.Base(f), string(txt), g, Extract(string(txt))))
	}
	return m, len(files)
}

func logMetrics(t *testing.T, name string, m Metrics) {
	var b strings.Builder
	m.WriteTable(&b, true)
	t.Logf("%s:\n%s", name, b.String())
}

// TestGoldPassages scores the hand-written passages of testdata/gold.
func TestGoldPassages(t *testing.T) {
	m, n := evalDir(t, filepath.Join("testdata", "gold"))
	if n < 15 {
		t.Errorf("want at least 15 gold passages, have %d", n)
	}
	logMetrics(t, "testdata/gold", m)
	d := m.Get("direct")
	if d.F1() < 0.95 || d.SpeakerAccuracy() < 0.95 {
		t.Errorf("direct quotes: span F1 %.3f, speaker accuracy %.3f; want both >= 0.95", d.F1(), d.SpeakerAccuracy())
	}
}

// TestSeedCorpus scores the seed articles, which the extractor was not
// written against line by line; direct quotes must stay above 0.95.
func TestSeedCorpus(t *testing.T) {
	dir := filepath.Join("..", "seed", "corpus")
	m, n := evalDir(t, dir)
	if n == 0 {
		t.Skip("no seed gold yet")
	}
	logMetrics(t, "seed/corpus", m)
	d := m.Get("direct")
	if d.F1() < 0.95 || d.SpeakerAccuracy() < 0.95 {
		t.Errorf("seed direct quotes: span F1 %.3f, speaker accuracy %.3f; want both >= 0.95", d.F1(), d.SpeakerAccuracy())
	}
}
