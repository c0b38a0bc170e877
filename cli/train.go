package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/whosaid/whosaid/extract/learn"
)

// runTrain fits the speaker ranker's weights on a training corpus, writes
// them, and prints the figures on the training and dev corpora before
// (rules alone) and after (with the new weights). The same corpus gives
// the same file on every run.
func runTrain(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	corpora := fs.String("corpora", filepath.Join("..", "shared", "corpora"), "folder holding attribution-train/ and attribution-dev/")
	out := fs.String("out", filepath.Join("extract", "weights.json"), "where to write the weights")
	epochs := fs.Int("epochs", 0, "passes over the training set (0: the default)")
	wrongCost := fs.Float64("wrong-cost", 0, "what a wrong name costs against a right one's gain (0: the default, 1); sets the abstention threshold")
	if err := fs.Parse(args); err != nil {
		return err
	}
	load := func(split string) ([]learn.Article, error) {
		dir := filepath.Join(*corpora, "attribution-"+split)
		return learn.Load(filepath.Join(dir, "gold.jsonl"), filepath.Join(dir, "articles"))
	}
	train, err := load("train")
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	dev, err := load("dev")
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	exs := learn.Examples(train)
	reach := 0
	for _, ex := range exs {
		if ex.AnyOK {
			reach++
		}
	}
	fmt.Fprintf(stdout, "%d training quotations with a named speaker that the ranker decides; the right speaker is among the candidates of %d (%.3f)\n", len(exs), reach, float64(reach)/float64(max(1, len(exs))))
	opt := learn.Options{Epochs: *epochs, WrongCost: *wrongCost}
	fmt.Fprintf(stdout, "cross-validated on train (by article, 5 folds): the right speaker ranked first for %.3f\n", learn.CrossValidate(exs, opt))
	m := learn.Train(exs, opt)
	b, err := m.MarshalJSON()
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (threshold %.2f)\n", *out, m.Threshold)
	for _, set := range []struct {
		name string
		arts []learn.Article
	}{{"train", train}, {"dev", dev}} {
		fmt.Fprintf(stdout, "%-5s rules  %v\n", set.name, learn.Score(set.arts, nil))
		fmt.Fprintf(stdout, "%-5s ranker %v\n", set.name, learn.Score(set.arts, m))
	}
	if len(train) == 0 {
		return errors.New("train: the training corpus is empty")
	}
	return nil
}
