package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/whosaid/whosaid/extract"
)

// extractedQuote is one quotation as `whosaid extract` prints it. The first
// seven fields are the documented output; the rest are extras a client may
// ignore. Offsets are code points unless --offsets=bytes.
type extractedQuote struct {
	Text        string  `json:"text"`
	Speaker     *string `json:"speaker"`
	Start       int     `json:"start"`
	End         int     `json:"end"`
	Kind        string  `json:"kind"`
	Cue         *string `json:"cue"`
	Confidence  float64 `json:"confidence"`
	Continues   *int    `json:"continues"`
	Placement   string  `json:"placement"`
	Mention     *string `json:"mention"`
	SpeakerKind *string `json:"speaker_kind"`
	SaidWhen    *string `json:"said_when"`
	Setting     *string `json:"setting"`
}

type extractedDoc struct {
	File   string           `json:"file,omitempty"`
	Quotes []extractedQuote `json:"quotes"`
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// runExtract prints the quotations of each file (or standard input for
// "-") as JSON: one object for one file, one object per line with a "file"
// field for several. An unreadable file is reported on stderr by name and
// makes the command fail, but the other files are still processed.
func runExtract(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	offsets := fs.String("offsets", "chars", "offset unit: chars (Unicode code points) or bytes")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: whosaid extract [--offsets chars|bytes] FILE…   (- for standard input)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *offsets != "chars" && *offsets != "bytes" && *offsets != "runes" && *offsets != "codepoints" {
		return fmt.Errorf("extract: --offsets must be chars or bytes, not %q", *offsets)
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, f := range files {
		var data []byte
		var err error
		if f == "-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "whosaid extract: %s: %v\n", f, err)
			failed++
			continue
		}
		out := extractDoc(string(data), *offsets == "bytes")
		if len(files) > 1 {
			out.File = f
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("extract: %d of %d files could not be read", failed, len(files))
	}
	return nil
}

func extractDoc(text string, byteOffsets bool) extractedDoc {
	res := extract.Extract(text)
	conv := extract.NewOffsetConverter(text)
	out := extractedDoc{Quotes: make([]extractedQuote, 0, len(res.Quotes))}
	for _, q := range res.Quotes {
		eq := extractedQuote{
			Text: q.Text, Speaker: strOrNil(q.Speaker), Start: q.Start, End: q.End, Kind: string(q.Kind),
			Cue: strOrNil(q.Cue), Confidence: q.Confidence, Placement: q.Placement, Mention: strOrNil(q.Mention),
			SpeakerKind: strOrNil(q.SpeakerKind), SaidWhen: strOrNil(q.SaidWhen), Setting: strOrNil(q.Setting),
		}
		if !byteOffsets {
			eq.Start, eq.End = conv.ByteToRune(q.Start), conv.ByteToRune(q.End)
		}
		if q.Continues >= 0 {
			c := q.Continues
			eq.Continues = &c
		}
		out.Quotes = append(out.Quotes, eq)
	}
	return out
}
