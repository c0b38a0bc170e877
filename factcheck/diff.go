package factcheck

// Diff op kinds, from what was said to what is claimed.
const (
	OpEqual   = "equal"   // the same words in both
	OpInsert  = "insert"  // words in the claim that were not said
	OpDelete  = "delete"  // words that were said but the claim leaves out
	OpReplace = "replace" // words said, and other words claimed in their place
)

// Op is one step of a word-level diff from a quote (what was said) to a
// claim. Said holds the quote's words the step covers, Claimed the
// claim's, both as written. Concatenating Said over all ops gives the
// quote's words, Claimed the claim's.
type Op struct {
	Op      string
	Said    []string
	Claimed []string
}

// maxCells bounds the comparison table (quote words × claim words). Past
// it, Diff still answers, but only trims the common start and end and
// reports the middle as replaced.
const maxCells = 4 << 20

// pair is one aligned word: index i in the quote, j in the claim.
type pair struct{ i, j int }

// Diff returns the word-level difference from said to claimed, comparing
// normalised words (so case, punctuation and quote marks do not count).
func Diff(said, claimed []Token) []Op {
	ops, _ := align(said, claimed)
	return ops
}

// align computes a longest common subsequence of the two word lists and
// returns it as diff ops and as the aligned index pairs.
func align(a, b []Token) ([]Op, []pair) {
	pairs := alignPairs(a, b)
	return opsFromPairs(a, b, pairs), pairs
}

// alignPairs is align without the ops.
func alignPairs(a, b []Token) []pair {
	// Common prefix and suffix need no table.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre].Norm == b[pre].Norm {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf].Norm == b[len(b)-1-suf].Norm {
		suf++
	}
	pairs := make([]pair, 0, min(len(a), len(b)))
	for k := 0; k < pre; k++ {
		pairs = append(pairs, pair{k, k})
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(am), len(bm)
	if n > 0 && m > 0 && (n+1)*(m+1) <= maxCells {
		// dp[i*(m+1)+j] is the LCS length of am[i:] and bm[j:].
		w := m + 1
		dp := make([]int32, (n+1)*w)
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				switch {
				case am[i].Norm == bm[j].Norm:
					dp[i*w+j] = dp[(i+1)*w+j+1] + 1
				case dp[(i+1)*w+j] >= dp[i*w+j+1]:
					dp[i*w+j] = dp[(i+1)*w+j]
				default:
					dp[i*w+j] = dp[i*w+j+1]
				}
			}
		}
		i, j := 0, 0
		for i < n && j < m {
			switch {
			case am[i].Norm == bm[j].Norm:
				pairs = append(pairs, pair{pre + i, pre + j})
				i++
				j++
			case dp[(i+1)*w+j] >= dp[i*w+j+1]:
				i++
			default:
				j++
			}
		}
	}
	for k := 0; k < suf; k++ {
		pairs = append(pairs, pair{len(a) - suf + k, len(b) - suf + k})
	}
	return pairs
}

// opsFromPairs turns aligned pairs into grouped ops: runs of equal words,
// and between them the unaligned words as delete, insert or replace.
func opsFromPairs(a, b []Token, pairs []pair) []Op {
	var ops []Op
	words := func(ts []Token) []string {
		out := make([]string, len(ts))
		for k, t := range ts {
			out[k] = t.Word
		}
		return out
	}
	gap := func(ai, aj, bi, bj int) {
		switch {
		case ai < aj && bi < bj:
			ops = append(ops, Op{Op: OpReplace, Said: words(a[ai:aj]), Claimed: words(b[bi:bj])})
		case ai < aj:
			ops = append(ops, Op{Op: OpDelete, Said: words(a[ai:aj]), Claimed: []string{}})
		case bi < bj:
			ops = append(ops, Op{Op: OpInsert, Said: []string{}, Claimed: words(b[bi:bj])})
		}
	}
	i, j := 0, 0
	for k := 0; k < len(pairs); {
		p := pairs[k]
		gap(i, p.i, j, p.j)
		// Extend a run of consecutive aligned words.
		e := k + 1
		for e < len(pairs) && pairs[e].i == pairs[e-1].i+1 && pairs[e].j == pairs[e-1].j+1 {
			e++
		}
		run := e - k
		ops = append(ops, Op{Op: OpEqual, Said: words(a[p.i : p.i+run]), Claimed: words(b[p.j : p.j+run])})
		i, j = p.i+run, p.j+run
		k = e
	}
	gap(i, len(a), j, len(b))
	return ops
}
