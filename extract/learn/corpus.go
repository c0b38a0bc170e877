// Package learn fits the speaker ranker's weights on a corpus of news
// articles with gold attributions (the format of ../shared/corpora: one
// article per file, gold.jsonl beside them) and scores extraction on such
// a corpus the way the project's scorer does (../shared/eval), so that
// training and its figures need no Python.
package learn

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// GoldQuote is one line of gold.jsonl.
type GoldQuote struct {
	Doc          string   `json:"doc"`
	Text         string   `json:"text"`
	Occurrence   int      `json:"occurrence"`
	Kind         string   `json:"kind"`
	Speaker      *string  `json:"speaker"`
	Aliases      []string `json:"aliases"`
	Type         string   `json:"type"`
	SpeakerMatch string   `json:"speaker_match"`
}

// Article is one document with its gold quotations located.
type Article struct {
	Name    string
	Text    string
	Targets []Target // direct and embedded quotations: scored
	Ignored []Span   // partial ones: neither credit nor penalty
}

// Target is a gold quotation to find, with its speaker.
type Target struct {
	Span
	Gold GoldQuote
}

// Span is a byte range of an article.
type Span struct{ Start, End int }

// Load reads a corpus: the gold file and the articles it names, which are
// read from dir. Gold texts that cannot be found are skipped, as the
// scorer skips them.
func Load(goldPath, dir string) ([]Article, error) {
	f, err := os.Open(goldPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	byDoc := map[string][]GoldQuote{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g GoldQuote
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", goldPath, line, err)
		}
		byDoc[g.Doc] = append(byDoc[g.Doc], g)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	docs := make([]string, 0, len(byDoc))
	for d := range byDoc {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	out := make([]Article, 0, len(docs))
	for _, name := range docs {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		a := Article{Name: name, Text: string(b)}
		for _, g := range byDoc[name] {
			sp, ok := locate(a.Text, g.Text, g.Occurrence)
			if !ok {
				continue
			}
			if g.Kind == "direct" || g.Kind == "embedded" {
				a.Targets = append(a.Targets, Target{Span: sp, Gold: g})
			} else {
				a.Ignored = append(a.Ignored, sp)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

const openers = "“\"‘'«"

// locate finds the occurrence-th appearance of text right after an
// opening quote mark, or failing that anywhere, as the scorer does.
func locate(doc, text string, occurrence int) (Span, bool) {
	if text == "" {
		return Span{}, false
	}
	occurrence = max(1, occurrence)
	for _, quoted := range []bool{true, false} {
		seen := 0
		for pos := 0; pos <= len(doc); {
			i := strings.Index(doc[pos:], text)
			if i < 0 {
				break
			}
			at := pos + i
			pos = at + 1
			if quoted {
				r, _ := utf8.DecodeLastRuneInString(doc[:at])
				if at == 0 || !strings.ContainsRune(openers, r) {
					continue
				}
			}
			seen++
			if seen == occurrence {
				return Span{at, at + len(text)}, true
			}
		}
	}
	return Span{}, false
}

func iou(a, b Span) float64 {
	inter := min(a.End, b.End) - max(a.Start, b.Start)
	if inter < 0 {
		inter = 0
	}
	union := max(a.End, b.End) - min(a.Start, b.Start)
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// match pairs predicted spans with targets greedily by overlap (IoU at
// least 0.5), as the scorer does; it returns target index by prediction
// (-1 for none).
func match(preds []Span, targets []Target) []int {
	type pair struct {
		v    float64
		i, j int
	}
	var pairs []pair
	for i, p := range preds {
		for j, t := range targets {
			if v := iou(p, t.Span); v >= 0.5 {
				pairs = append(pairs, pair{v, i, j})
			}
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool {
		if pairs[a].v != pairs[b].v {
			return pairs[a].v > pairs[b].v
		}
		if pairs[a].i != pairs[b].i {
			return pairs[a].i > pairs[b].i
		}
		return pairs[a].j > pairs[b].j
	})
	out := make([]int, len(preds))
	for i := range out {
		out[i] = -1
	}
	usedG := make([]bool, len(targets))
	for _, p := range pairs {
		if out[p.i] < 0 && !usedG[p.j] {
			out[p.i], usedG[p.j] = p.j, true
		}
	}
	return out
}

var honorifics = map[string]bool{"sir": true, "mr": true, "mrs": true, "ms": true, "miss": true, "dr": true,
	"lord": true, "lady": true, "baroness": true, "baron": true, "dame": true, "prof": true, "professor": true,
	"the": true, "rt": true, "hon": true, "president": true, "prime": true, "minister": true, "senator": true,
	"rep": true, "gov": true, "governor": true, "mx": true, "st": true}

var nick = map[string]string{"chris": "christopher", "ken": "kenneth", "matt": "matthew", "mike": "michael",
	"bill": "william", "bob": "robert", "jim": "james", "tom": "thomas", "dave": "david", "joe": "joseph",
	"liz": "elizabeth", "kate": "katherine", "dan": "daniel", "nick": "nicholas"}

// normTokens is the scorer's name normaliser: ASCII-folded lower-case
// words, honorifics left out.
func normTokens(name string) []string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r < utf8.RuneSelf:
			b.WriteByte(' ')
		}
	}
	var out []string
	for _, w := range strings.Fields(b.String()) {
		if !honorifics[w] {
			out = append(out, w)
		}
	}
	return out
}

var wordRe = regexp.MustCompile(`[\p{L}\p{N}_'’.-]+`)

func sameFirst(a, b string) bool {
	if n, ok := nick[a]; ok {
		a = n
	}
	if n, ok := nick[b]; ok {
		b = n
	}
	return a == b || strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}

// SpeakerOK is the scorer's judgement of a predicted speaker against a
// gold one.
func SpeakerOK(pred string, g GoldQuote) bool {
	if pred == "" || g.Speaker == nil || *g.Speaker == "" {
		return false
	}
	p := normTokens(pred)
	if len(p) == 0 {
		return false
	}
	if g.SpeakerMatch == "contains" {
		var caps []string
		for _, w := range wordRe.FindAllString(*g.Speaker, -1) {
			r, _ := utf8.DecodeRuneInString(w)
			if r >= 'A' && r <= 'Z' || r > utf8.RuneSelf && strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r) {
				caps = append(caps, w)
			}
		}
		for _, t := range normTokens(strings.Join(caps, " ")) {
			if t == p[len(p)-1] {
				return true
			}
		}
		return false
	}
	for _, cand := range append([]string{*g.Speaker}, g.Aliases...) {
		gt := normTokens(cand)
		if len(gt) == 0 {
			continue
		}
		if strings.Join(p, " ") == strings.Join(gt, " ") {
			return true
		}
		if g.Type == "person" || g.Type == "" {
			if p[len(p)-1] == gt[len(gt)-1] && (len(p) == 1 || len(gt) == 1 || sameFirst(p[0], gt[0])) {
				return true
			}
		} else {
			set := map[string]bool{}
			for _, w := range gt {
				set[w] = true
			}
			inter, union := 0, len(set)
			seen := map[string]bool{}
			for _, w := range p {
				if seen[w] {
					continue
				}
				seen[w] = true
				if set[w] {
					inter++
				} else {
					union++
				}
			}
			if inter > 0 && float64(inter)/float64(union) >= 0.5 {
				return true
			}
		}
	}
	return false
}
