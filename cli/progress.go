package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progress draws a one-line progress bar on a terminal, and on anything
// else (a log, CI) prints a line every tenth of the way, so output stays
// readable both ways.
type progress struct {
	w      io.Writer
	total  int
	n      int
	tty    bool
	lastPc int
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, lastPc: -1}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) step(what string) {
	p.n++
	pc := 100
	if p.total > 0 {
		pc = p.n * 100 / p.total
	}
	if p.tty {
		const width = 30
		fill := pc * width / 100
		fmt.Fprintf(p.w, "\r[%s%s] %3d%% %d/%d", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), pc, p.n, p.total)
		return
	}
	if pc/10 != p.lastPc/10 {
		p.lastPc = pc
		fmt.Fprintf(p.w, "%3d%% %d/%d %s\n", pc, p.n, p.total, what)
	}
}

// report prints a message without breaking the bar.
func (p *progress) report(format string, args ...any) {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, format+"\n", args...)
}

func (p *progress) done() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}
