package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/whosaid/whosaid/extract"
)

// runEval scores the extractor against gold annotations: each argument is
// a gold .json file or a folder of them, with the article text in the
// sibling .txt file. It prints precision, recall, F1 and speaker accuracy
// by kind and overall, then every miss, false positive, wrong speaker,
// wrong kind and offset mismatch, so a person can see what failed.
func runEval(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("eval: usage: whosaid eval GOLD…   (gold .json files or folders of them)")
	}
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			fmt.Fprintf(stderr, "whosaid eval: %v\n", err)
			continue
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		m, _ := filepath.Glob(filepath.Join(a, "*.json"))
		sort.Strings(m)
		files = append(files, m...)
	}
	var total extract.Metrics
	bad := 0
	for _, f := range files {
		m, err := evalOne(f)
		if err != nil {
			fmt.Fprintf(stderr, "whosaid eval: %s: %v\n", f, err)
			bad++
			continue
		}
		total.Add(m)
	}
	fmt.Fprintf(stdout, "%d gold documents\n", len(files)-bad)
	total.WriteTable(stdout, true)
	if len(files) == 0 {
		return errors.New("eval: no gold files found")
	}
	if bad > 0 {
		return fmt.Errorf("eval: %d gold files could not be scored", bad)
	}
	return nil
}

func evalOne(path string) (extract.Metrics, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return extract.Metrics{}, err
	}
	g, err := extract.ReadGold(bytes.NewReader(b))
	if err != nil {
		return extract.Metrics{}, fmt.Errorf("decoding gold: %w", err)
	}
	txt, err := os.ReadFile(strings.TrimSuffix(path, filepath.Ext(path)) + ".txt")
	if err != nil {
		return extract.Metrics{}, err
	}
	text := string(txt)
	if err := g.Check(text); err != nil {
		return extract.Metrics{}, fmt.Errorf("gold does not fit its text: %w", err)
	}
	name := filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path)
	return extract.Score(name, text, g, extract.Extract(text)), nil
}
