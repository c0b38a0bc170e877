package store

import (
	"bytes"
	"context"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A search whose word is in few quotes is ranked and given its snippets
// here, in Go, from the texts of the matching quotes read once, instead of
// by bm25() and snippet() in SQL: those read each match's length from
// quotes_fts_docsize (a random page of a 9 MB table per match at a million
// quotes, and again for each snippet), and the snippet query evaluated the
// MATCH once per id of the page. The result is FTS5's own: the same bm25
// (its formula over the same counts: the index's row and token totals
// from its averages record, the word's document count, each quote's
// length in tokens and the word's occurrences in it) and the same
// snippets (what highlight() makes of the quote, which is what snippet()
// returns for a quote of at most snippetTokens tokens; longer quotes on
// the page still get theirs from snippet()). Tokens are split and folded
// as FTS5's unicode61 tokenizer does, with its character tables read from
// this build's SQLite (rank_unicode61.go); the tests hold every piece to
// FTS5's own answer. See rankedInGo for when this path is taken.

// maxRankedInGo is the most matches a search may have to be ranked in Go:
// it reads every match's quote row to rank them (the SQL path reads a
// docsize row each), then loads the page's quotes joined with speakers
// and sources as the SQL path does. The rare words of the perf suite have
// about 35 matches at a million quotes.
const maxRankedInGo = 64

// snippetTokens is the snippet length in tokens given to snippet() in
// sqliteDialect.quoteMatch.
const snippetTokens = 48

// bm25 parameters of FTS5's bm25() (fts5_aux.c).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// ftsTotals are the row count and the total token count of an FTS5 index
// (one column), from its averages record.
type ftsTotals struct {
	rows, tokens int64
}

// decodeFTSAverages reads FTS5's averages record (the block of rowid 1 in
// the %_data table): the number of rows, then the number of tokens of each
// column, as SQLite varints. ok is false for a record it cannot read.
func decodeFTSAverages(b []byte) (t ftsTotals, ok bool) {
	rows, n := sqliteVarint(b)
	if n == 0 {
		return ftsTotals{}, false
	}
	tokens, m := sqliteVarint(b[n:])
	if m == 0 {
		return ftsTotals{}, false
	}
	return ftsTotals{rows: int64(rows), tokens: int64(tokens)}, true
}

// sqliteVarint decodes a SQLite varint (big-endian groups of seven bits,
// the ninth byte whole) from b; n is 0 when b ends first.
func sqliteVarint(b []byte) (v uint64, n int) {
	for i := 0; i < 8; i++ {
		if i >= len(b) {
			return 0, 0
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	if len(b) < 9 {
		return 0, 0
	}
	return v<<8 | uint64(b[8]), 9
}

// bm25IDF is FTS5's inverse document frequency of a phrase in hits of
// rows documents.
func bm25IDF(rows, hits int64) float64 {
	idf := math.Log((float64(rows-hits) + 0.5) / (float64(hits) + 0.5))
	if idf <= 0 {
		idf = 1e-6
	}
	return idf
}

// bm25Rank is FTS5's bm25() of a document of docLen tokens in which a
// one-phrase query's phrase occurs freq times, in an index of average
// document length avgdl: lower is better. The operations are FTS5's, in
// its order; the conversions keep the compiler from fusing a multiply and
// an add, which would round differently from it.
func bm25Rank(idf, freq, docLen, avgdl float64) float64 {
	num := float64(freq * (bm25K1 + 1.0))
	den := freq + float64(bm25K1*(1-bm25B+float64(bm25B*docLen)/avgdl))
	return -1.0 * float64(idf*(num/den))
}

// fts5Tokens calls fn with the byte offsets of each token FTS5's
// unicode61 tokenizer (as the migrations configure it: remove_diacritics
// 2, default token characters) finds in s: runs of ASCII letters and
// digits and of fts5TokenChars, in which the combining marks FTS5 treats
// as diacritics may also follow a first character. s is valid UTF-8
// (FTS5 reads invalid sequences its own way; rankedInGo leaves such text
// to it).
func fts5Tokens(s string, fn func(start, end int)) {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		var tok bool
		if c < utf8.RuneSelf {
			tok = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			tok = fts5Alnum(r) || start >= 0 && fts5Diacritic(r)
		}
		switch {
		case tok && start < 0:
			start = i
		case !tok && start >= 0:
			fn(start, i)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

// fts5TokenCount is how many tokens fts5Tokens finds in s: what FTS5
// records as its length in quotes_fts_docsize.
func fts5TokenCount(s string) int {
	n := 0
	fts5Tokens(s, func(int, int) { n++ })
	return n
}

// fts5Fold appends to dst the token tok as FTS5 indexes it: each
// character folded on its own, ASCII to lower case, others by fts5Folds
// (lower case, diacritics removed; a combining diacritic is dropped).
func fts5Fold(dst []byte, tok string) []byte {
	for _, r := range tok {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
			continue
		default:
			i := sort.Search(len(fts5Folds), func(i int) bool { return fts5Folds[i].from >= r })
			if i < len(fts5Folds) && fts5Folds[i].from == r {
				r = fts5Folds[i].to
			}
		}
		if r != 0 {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// fts5Highlight is FTS5's highlight() of text for a query of one phrase of
// one token, folded term (a prefix of the token when prefix is set),
// with markOpen and markClose: each matching token between them. It also
// returns how many tokens matched (bm25's phrase frequency) and how many
// tokens text has (its length). text is valid UTF-8 without NUL bytes
// (highlight() ends its result at the first).
func fts5Highlight(text string, term []byte, prefix bool) (out string, hits, tokens int) {
	var b strings.Builder
	var buf [64]byte
	last := 0
	fts5Tokens(text, func(start, end int) {
		tokens++
		f := fts5Fold(buf[:0], text[start:end])
		if !bytes.Equal(f, term) && !(prefix && bytes.HasPrefix(f, term)) {
			return
		}
		hits++
		if b.Len() == 0 {
			b.Grow(len(text) + 16)
		}
		b.WriteString(text[last:start])
		b.WriteString(markOpen)
		b.WriteString(text[start:end])
		b.WriteString(markClose)
		last = end
	})
	if hits == 0 {
		return text, 0, tokens
	}
	b.WriteString(text[last:])
	return b.String(), hits, tokens
}

// fts5Alnum reports whether unicode61 counts r, above ASCII, as a token
// character.
func fts5Alnum(r rune) bool { return unicode.Is(fts5TokenChars, r) }

// fts5Diacritic is FTS5's sqlite3Fts5UnicodeIsdiacritic: the combining
// marks that continue a token.
func fts5Diacritic(r rune) bool {
	const mask0, mask1 = 0x08029FDF, 0x000361F8
	switch {
	case r < 768 || r > 817:
		return false
	case r < 768+32:
		return mask0&(1<<(r-768)) != 0
	default:
		return mask1&(1<<(r-768-32)) != 0
	}
}

// goRanked is a match ranked in Go: its quote's id and length in tokens,
// its rank and, when its quote is short enough, its snippet.
type goRanked struct {
	id      int64
	docLen  int
	rank    float64
	snippet string
}

// rankedInGo makes the page of a relevance search in Go when it can (ok
// true): one search term that is one token, in at most maxRankedInGo
// quotes of the index (filters aside: bm25 counts every quote with the
// word), counted as hits (-1: count them here; the caller passes the
// search's count when it had no other filter). Every match's text is
// read in one query; they are ordered by bm25 as FTS5 computes it (ties
// by id), as the SQL path orders them, and the page's quotes are then
// loaded joined. A cursor keeps its place across pages: each page of the
// same search is ranked the same way (a write that takes the word past
// maxRankedInGo between two pages hands the next to the SQL path, whose
// ranks agree with these to the last bits of a float64). ok is false, and
// nothing else is returned, when any of this does not hold.
func (s *Store) rankedInGo(ctx context.Context, tm textMatch, terms []searchTerm, w sqlWhere, hits int64, limit int, cur *cursor) (QuotePage, bool, error) {
	if tm.averages == "" || len(terms) != 1 || !utf8.ValidString(terms[0].word) {
		return QuotePage{}, false, nil
	}
	// The word as FTS5 looks it up: one token, folded.
	var term []byte
	tokens := 0
	fts5Tokens(terms[0].word, func(start, end int) {
		tokens++
		term = fts5Fold(nil, terms[0].word[start:end])
	})
	if tokens != 1 || len(term) == 0 {
		return QuotePage{}, false, nil
	}
	if hits < 0 {
		n, err := s.readInt(ctx, "SELECT count(*) FROM (SELECT 1 FROM "+tm.rankFrom+" WHERE "+tm.cond+" LIMIT ?) c", append(append([]any{}, tm.condArgs...), maxRankedInGo+1)...)
		if err != nil {
			return QuotePage{}, false, dbErr(err, "count")
		}
		hits = n
	}
	if hits > maxRankedInGo {
		return QuotePage{}, false, nil
	}
	// The matches' texts only: the page's quotes are then loaded
	// joined with their speakers and sources, and a match off the page
	// costs no read of either.
	query := "SELECT " + tm.snippetID + ", q.text, " + tm.averages + " FROM " + tm.from +
		w.sql() + " ORDER BY " + tm.recent + " DESC LIMIT ?"
	rs, err := s.rs.queryIn(ctx, query, append(append([]any{}, w.args...), maxRankedInGo+1)...)
	if err != nil {
		return QuotePage{}, false, dbErr(err, "quotes")
	}
	defer rs.Close()
	var ranked []goRanked
	var totals ftsTotals
	for rs.Next() {
		var g goRanked
		var text string
		var avg []byte
		if err := rs.Scan(&g.id, &text, &avg); err != nil {
			return QuotePage{}, false, dbErr(err, "quotes")
		}
		if len(ranked) == 0 {
			var ok bool
			if totals, ok = decodeFTSAverages(avg); !ok || totals.rows <= 0 {
				return QuotePage{}, false, nil
			}
		}
		// Text FTS5 reads differently (invalid UTF-8, a NUL that ends
		// its snippets), or a match the Go tokenizer does not see,
		// is left to FTS5.
		if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
			return QuotePage{}, false, nil
		}
		snippet, freq, docLen := fts5Highlight(text, term, terms[0].prefix)
		if freq == 0 {
			return QuotePage{}, false, nil
		}
		g.snippet, g.rank, g.docLen = snippet, float64(freq), docLen
		ranked = append(ranked, g)
	}
	if err := rs.Err(); err != nil {
		return QuotePage{}, false, dbErr(err, "quotes")
	}
	if len(ranked) > maxRankedInGo {
		return QuotePage{}, false, nil
	}
	// The search's own count when it had no other filter: the load saw
	// the same database as the ranks it computes.
	if len(w.conds) == 1 {
		hits = int64(len(ranked))
	}
	idf := bm25IDF(totals.rows, hits)
	avgdl := float64(totals.tokens) / float64(totals.rows)
	for k := range ranked {
		g := &ranked[k]
		g.rank = bm25Rank(idf, g.rank, float64(g.docLen), avgdl)
	}
	sort.Slice(ranked, func(a, b int) bool {
		if ranked[a].rank != ranked[b].rank {
			return ranked[a].rank < ranked[b].rank
		}
		return ranked[a].id < ranked[b].id
	})
	page := QuotePage{Total: int64(len(ranked))}
	start := 0
	if cur != nil {
		start = sort.Search(len(ranked), func(k int) bool {
			r := ranked[k]
			return r.rank > cur.Rank || r.rank == cur.Rank && r.id > cur.ID
		})
	}
	ranked = ranked[start:]
	more := len(ranked) > limit
	if more {
		ranked = ranked[:limit+1] // the next page's first, whose quote says it is there
	}
	ids := make([]int64, len(ranked))
	for k, g := range ranked {
		ids[k] = g.id
	}
	loaded, err := s.loadJoinedIDs(ctx, ids)
	if err != nil {
		return QuotePage{}, false, dbErr(err, "quotes")
	}
	byID := make(map[int64]*candidateRow, len(loaded))
	for k := range loaded {
		byID[loaded[k].ID] = &loaded[k]
	}
	// A quote deleted since the first query drops out of the page.
	kept := ranked[:0]
	for _, g := range ranked {
		if byID[g.id] != nil {
			kept = append(kept, g)
		}
	}
	ranked = kept
	if len(ranked) > limit {
		last := ranked[limit-1]
		page.NextCursor = cursor{Sort: SortRelevance, At: byID[last.id].ReportedAt, Rank: last.rank, ID: last.id}.encode()
		ranked = ranked[:limit]
	}
	if err := s.longSnippets(ctx, tm, ranked); err != nil {
		return QuotePage{}, false, dbErr(err, "quotes")
	}
	page.Quotes = make([]QuoteHit, len(ranked))
	for k, g := range ranked {
		page.Quotes[k] = QuoteHit{Quote: byID[g.id].Quote, Snippet: snippetHTML(g.snippet, byID[g.id].Quote.Text)}
	}
	return page, true, nil
}

// longSnippets asks snippet() for the snippets of the quotes of page
// longer than snippetTokens tokens, whose snippet is a window of them
// chosen as FTS5 chooses it.
func (s *Store) longSnippets(ctx context.Context, tm textMatch, page []goRanked) error {
	var ids []int64
	for _, g := range page {
		if g.docLen > snippetTokens {
			ids = append(ids, g.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	ph, idArgs := inList(ids)
	rs, err := s.rs.query(ctx, "SELECT "+tm.snippetID+", "+tm.snippet+" FROM "+tm.snippetFrom+" WHERE "+tm.cond+" AND "+tm.snippetID+" IN "+ph,
		append(append(append([]any{}, tm.snippetArgs...), tm.condArgs...), idArgs...)...)
	if err != nil {
		return err
	}
	defer rs.Close()
	byID := make(map[int64]string, len(ids))
	for rs.Next() {
		var id int64
		var snippet string
		if err := rs.Scan(&id, &snippet); err != nil {
			return err
		}
		byID[id] = snippet
	}
	if err := rs.Err(); err != nil {
		return err
	}
	for k := range page {
		if page[k].docLen > snippetTokens {
			page[k].snippet = byID[page[k].id]
		}
	}
	return nil
}
