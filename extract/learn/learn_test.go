package learn

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/extract"
)

const corpora = "../../../shared/corpora"

// TestDevFigures is CI's guard on attribution: the committed weights must
// keep speaker accuracy on the dev split within 0.01 of the figure
// committed beside them (figures.json). It skips where the corpora are
// not laid out beside the project.
func TestDevFigures(t *testing.T) {
	dir := filepath.Join(corpora, "attribution-dev")
	if _, err := os.Stat(filepath.Join(dir, "gold.jsonl")); err != nil {
		t.Skipf("no dev corpus at %s: %v", dir, err)
	}
	arts, err := Load(filepath.Join(dir, "gold.jsonl"), filepath.Join(dir, "articles"))
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		SpeakerAccuracy float64 `json:"speaker_accuracy"`
		EndToEndF1      float64 `json:"end_to_end_f1"`
		SpanF1          float64 `json:"span_f1"`
	}
	b, err := os.ReadFile("figures.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	got := Score(arts, extract.DefaultModel())
	t.Logf("dev: %v", got)
	if got.SpeakerAccuracy() < want.SpeakerAccuracy-0.01 {
		t.Errorf("speaker accuracy %.3f fell more than 0.01 below the committed %.3f", got.SpeakerAccuracy(), want.SpeakerAccuracy)
	}
	if got.SpanF1() < want.SpanF1-0.01 {
		t.Errorf("span F1 %.3f fell more than 0.01 below the committed %.3f", got.SpanF1(), want.SpanF1)
	}
}

// A tiny corpus written for the test: two articles, gold in the corpus
// format.
func tinyCorpus(t *testing.T) []Article {
	t.Helper()
	dir := t.TempDir()
	docs := map[string]string{
		"a.txt": "Budget vote\n\nTom Hale, a backbencher, spoke first.\n\n“We cannot support this budget as it stands,” Mr. Hale said.\n\n“The hospitals will close,” said Ann Lee, the health minister.\n",
		"b.txt": "Flood defences\n\nThe council met on Monday.\n\n“The river will rise again next spring,” said Peter Novak, an engineer.\n\nDana Whitt disagreed. “The walls are strong enough for any storm,” she said.\n",
	}
	gold := []string{
		`{"doc":"a.txt","text":"We cannot support this budget as it stands,","occurrence":1,"kind":"direct","speaker":"Mr. Hale","type":"person","speaker_match":"contains"}`,
		`{"doc":"a.txt","text":"The hospitals will close,","occurrence":1,"kind":"direct","speaker":"Ann Lee, the health minister","type":"person","speaker_match":"contains"}`,
		`{"doc":"b.txt","text":"The river will rise again next spring,","occurrence":1,"kind":"direct","speaker":"Peter Novak, an engineer","type":"person","speaker_match":"contains"}`,
		`{"doc":"b.txt","text":"The walls are strong enough for any storm,","occurrence":1,"kind":"direct","speaker":null,"type":"person","speaker_match":"contains"}`,
	}
	for name, text := range docs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gp := filepath.Join(dir, "gold.jsonl")
	if err := os.WriteFile(gp, []byte(strings.Join(gold, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	arts, err := Load(gp, dir)
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

// Training is reproducible: the same corpus gives byte-identical weights.
func TestTrainIsDeterministic(t *testing.T) {
	arts := tinyCorpus(t)
	exs := examples(arts, true)
	if len(exs) != 3 {
		t.Fatalf("%d examples, want the 3 quotations with a named speaker", len(exs))
	}
	a, err := Train(exs, Options{Folds: 2}).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(examples(arts, true), Options{Folds: 2}).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings on one corpus gave different weights")
	}
	m, err := extract.ParseModel(a)
	if err != nil || m == nil {
		t.Fatalf("the trained weights do not read back: %v", err)
	}
}

func TestScoreCountsLikeTheScorer(t *testing.T) {
	f := Score(tinyCorpus(t), extract.DefaultModel())
	if f.Gold != 4 || f.Matched != 4 || f.SpeakerN != 3 {
		t.Fatalf("figures %+v: want 4 gold quotations found, 3 with a named speaker", f)
	}
	if f.SpeakerOK != 3 || f.E2E != 4 {
		t.Fatalf("figures %+v: want every named speaker right", f)
	}
}

func TestSpeakerOK(t *testing.T) {
	gold := func(s string) GoldQuote { return GoldQuote{Speaker: &s, SpeakerMatch: "contains", Type: "person"} }
	for _, c := range []struct {
		pred, gold string
		ok         bool
	}{
		{"Jennifer Rodstrom", "a spokeswoman for the campaign, Jennifer Rodstrom", true},
		{"Rodstrom", "a spokeswoman for the campaign, Jennifer Rodstrom", true},
		{"Donald Trump", "a spokeswoman for the campaign, Jennifer Rodstrom", false},
		{"Mr. Hale", "Tom Hale", true},
		{"", "Tom Hale", false},
		{"New York Post", "The New York Post", true},
	} {
		if got := SpeakerOK(c.pred, gold(c.gold)); got != c.ok {
			t.Errorf("SpeakerOK(%q, %q) = %v, want %v", c.pred, c.gold, got, c.ok)
		}
	}
}

func TestParseModelRejectsUnknownFeatures(t *testing.T) {
	if _, err := extract.ParseModel([]byte(`{"threshold":0.5,"weights":{"no_such_feature":1}}`)); err == nil {
		t.Fatal("a weights file for other features was accepted")
	}
	if m, err := extract.ParseModel([]byte(`{"threshold":0,"weights":{}}`)); err != nil || m != nil {
		t.Fatalf("an empty weights file: %v, %v; want no model", m, err)
	}
}

// The shipped weights read back, and are for these features.
func TestShippedWeightsParse(t *testing.T) {
	if extract.DefaultModel() == nil {
		t.Fatal("extract/weights.json holds no model")
	}
}
