package store

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/factcheck"
)

// Candidate search for verification and corroboration with FTS5: SQLite's
// side of the dialect.

// candidateIDs (SQLite) returns the ids of up to cq.limit quotes that share the
// most (and the rarest) words with cq.text, best first. It never scans
// the quotes table and never reads more than a bounded part of any word's
// list of quotes: it counts how many quotes each word is in, up to a cap
// (counts are kept for a while, see termDocs), then fetches a bounded
// number of matches for the rarest words (all of them together first,
// then each alone) and ranks the union by how many rare words each quote
// has. With cq.all it fetches only the quotes that have both of the
// rarest two words, unranked (with cq.allBut, the third with either).
func (sqliteDialect) candidateIDs(db *gorm.DB, cq candidateQuery) ([]int64, error) {
	if cq.limit <= 0 || cq.limit > maxCandidates {
		cq.limit = maxCandidates
	}
	restricted := len(cq.speakerIDs) > 0 || cq.notSource != 0
	// A speaker search whose speakers' quotes are counted is bounded by
	// that count or by the rare words' (see speakerCandidates).
	bySpeaker := restricted && cq.notSource == 0 && cq.speakerQuotes > 0
	limit := int64(rareDocs)
	if restricted && !bySpeaker {
		limit = maxRestrictedDocs + 1
	}
	vs, err := rarestTerms(db, cq.counts, cq.text, limit)
	if err != nil {
		return nil, err
	}
	if bySpeaker && len(vs) > 0 {
		terms := make([]string, len(vs))
		docs := make([]int64, len(vs))
		for i, v := range vs {
			terms[i], docs[i] = v.term, v.doc
		}
		return speakerCandidates(db, cq, terms, docs)
	}
	if restricted {
		// A filtered match reads every quote of the word until it has
		// enough that pass the filter: only rare words keep that bounded.
		n := 0
		for n < len(vs) && vs[n].doc <= maxRestrictedDocs {
			n++
		}
		vs = vs[:n]
	}
	if len(vs) > maxLookupTerms {
		vs = vs[:maxLookupTerms]
	}
	if len(vs) == 0 {
		return nil, nil
	}

	query := "SELECT quotes_fts.rowid FROM quotes_fts"
	cond := " WHERE quotes_fts MATCH ?"
	var filters []any
	if restricted {
		query += " JOIN quotes q ON q.id = quotes_fts.rowid"
		if len(cq.speakerIDs) > 0 {
			cond += " AND q.speaker_id IN ?"
			filters = append(filters, padIDs(cq.speakerIDs))
		}
		if cq.notSource != 0 {
			cond += " AND q.source_id <> ?"
			filters = append(filters, cq.notSource)
		}
	}
	fetch := func(match string) ([]int64, error) {
		args := append(append([]any{match}, filters...), cq.limit)
		return scanIDs(db, query+cond+" LIMIT ?", args...)
	}
	all := func(vs []vocab) string {
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = ftsQuoted(v.term)
		}
		return strings.Join(parts, " AND ")
	}
	if cq.all {
		// The two rarest words: in a quote the claim is close to, they
		// are rarely both missing, and together they find few others.
		// When a third is given (cq.allBut), quotes with any two of the
		// three rarest.
		if !cq.allBut || len(vs) < 3 {
			return fetch(all(vs[:min(2, len(vs))]))
		}
		return fetch("(" + all([]vocab{vs[0], vs[2]}) + ") OR (" + all([]vocab{vs[1], vs[2]}) + ")")
	}

	score := map[int64]float64{}
	if len(vs) >= 2 {
		ids, err := fetch(all(vs[:min(3, len(vs))]))
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			score[id] += 1
		}
	}
	for _, v := range vs {
		if !restricted && v.doc >= rareDocs && vs[0].doc < rareDocs {
			// A common word's first matches are any of thousands, in
			// the index's order: when the claim has rare words, they
			// add only quotes to load that share one word with it.
			continue
		}
		ids, err := fetch(ftsQuoted(v.term))
		if err != nil {
			return nil, err
		}
		weight := 1 / math.Log(2+float64(v.doc))
		for _, id := range ids {
			score[id] += weight
		}
	}
	return bestScored(score, cq.limit), nil
}

// vocab is a word of a claim with how many quotes have it (up to a cap).
type vocab struct {
	term string
	doc  int64
}

// rarestTerms returns up to maxLookupTerms words of text that some quote
// has, rarest first (counted up to limit; among words too common to
// count, the longest first). The commonest words ("the", "we") are
// looked up only when the text has nothing else.
func rarestTerms(db *gorm.DB, kept *termCounts, text string, limit int64) ([]vocab, error) {
	var content, common []string
	for _, t := range factcheck.IndexTerms(text) {
		if factcheck.IsStopword(t) {
			common = append(common, t)
		} else {
			content = append(content, t)
		}
	}
	var vs []vocab
	for _, ts := range [][]string{content, common} {
		if len(vs) > 0 || len(ts) == 0 {
			continue
		}
		if len(ts) > maxClaimTerms {
			ts = ts[:maxClaimTerms]
		}
		docs, err := termDocs(db, kept, ts, limit)
		if err != nil {
			return nil, err
		}
		for i, t := range ts {
			if docs[i] > 0 { // words that were never said in any quote cannot help
				vs = append(vs, vocab{t, docs[i]})
			}
		}
	}
	sort.SliceStable(vs, func(i, j int) bool {
		if vs[i].doc != vs[j].doc {
			return vs[i].doc < vs[j].doc
		}
		return len(vs[i].term) > len(vs[j].term)
	})
	if len(vs) > maxLookupTerms {
		vs = vs[:maxLookupTerms]
	}
	return vs, nil
}

// firstLook (SQLite) answers a candidateQuery with all set (and allBut
// when asked) for up to limit quotes, with the quotes loaded as
// loadCandidates loads them in the same query: the few that become
// evidence are loaded whole afterwards, with their reports.
func (sqliteDialect) firstLook(ctx context.Context, rs *readStmts, db *gorm.DB, kept *termCounts, text string, limit int, allBut bool) ([]candidateRow, bool, error) {
	vs, err := rarestTerms(db, kept, text, rareDocs)
	if err != nil || len(vs) == 0 {
		return nil, allBut, err
	}
	all := func(vs ...vocab) string {
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = ftsQuoted(v.term)
		}
		return strings.Join(parts, " AND ")
	}
	var match string
	switch {
	case !allBut:
		match = all(vs[:min(2, len(vs))]...)
	case len(vs) < 3:
		return nil, true, nil
	default:
		match = "(" + all(vs[0], vs[2]) + ") OR (" + all(vs[1], vs[2]) + ")"
	}
	rows, err := rs.query(ctx, "SELECT "+candidateCols[0]+" FROM quotes q WHERE q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ? LIMIT ?)",
		match, limit)
	if err != nil {
		return nil, false, dbErr(err, "quotes")
	}
	out, err := scanCandidates(rows, 8)
	return out, false, dbErr(err, "quotes")
}

// Bounds of a search for the claimed speaker's quotes.
const (
	// fewQuotes: a claimed speaker with at most this many quotes has each
	// of them checked against the index for any of the claim's words.
	fewQuotes = 100
	// speakerScan: with more, the speaker's quotes are listed from the
	// speaker index (cheap, in order) when there are at most this many
	// of them per quote of the rare words; otherwise each quote of the
	// rare words is read to see who said it.
	speakerScan = 4
)

// speakerCandidates returns up to cq.limit quotes by cq.speakerIDs that
// have some of terms (rarest first, each with how many quotes have it, up
// to rareDocs), reading a bounded number of index entries and rows: a
// speaker with fewQuotes or fewer has each quote checked for any of the
// words; otherwise only words in fewer than rareDocs quotes are looked
// for, and their quotes are matched with the speaker's, whichever list is
// shorter read in full. Unranked: with more than cq.limit, which are
// returned is arbitrary.
func speakerCandidates(db *gorm.DB, cq candidateQuery, terms []string, docs []int64) ([]int64, error) {
	var match []string
	var sum int64
	if cq.speakerQuotes <= fewQuotes {
		for _, t := range terms {
			match = append(match, ftsQuoted(t))
		}
		return scanIDs(db, `SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?
			AND rowid IN (SELECT id FROM quotes WHERE speaker_id IN ?) LIMIT ?`,
			strings.Join(match, " OR "), padIDs(cq.speakerIDs), cq.limit)
	}
	for i, t := range terms {
		if docs[i] < rareDocs {
			match = append(match, ftsQuoted(t))
			sum += docs[i]
		}
	}
	if len(match) == 0 {
		return nil, nil
	}
	if cq.speakerQuotes <= speakerScan*sum {
		return scanIDs(db, `SELECT id FROM quotes WHERE speaker_id IN ?
			AND id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?) LIMIT ?`,
			padIDs(cq.speakerIDs), strings.Join(match, " OR "), cq.limit)
	}
	return scanIDs(db, `SELECT quotes_fts.rowid FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid
		WHERE quotes_fts MATCH ? AND q.speaker_id IN ? LIMIT ?`, strings.Join(match, " OR "), padIDs(cq.speakerIDs), cq.limit)
}

// padIDs is ids, at least one, with the last repeated up to a power of
// two (the same set): gorm writes a slice out as one placeholder per
// value, and each length is another statement to prepare and keep.
func padIDs(ids []int64) []int64 {
	n := 1
	for n < len(ids) {
		n *= 2
	}
	if n == len(ids) {
		return ids
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = ids[min(i, len(ids)-1)]
	}
	return out
}

// ftsQuoted is t as an FTS5 string: one word, never syntax.
func ftsQuoted(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` }

// Word counts for choosing the rarest words of a claim.
const (
	// rareDocs caps how far termDocs counts a word's quotes for verify:
	// words in more quotes than this are all just common to it.
	rareDocs = 256
	// termDocsKept is how many words' counts are kept at most, and
	// termDocsAge for how long: a count only decides which words are
	// looked up first, so one a little out of date does no harm.
	termDocsKept = 1 << 17
	termDocsAge  = 10 * time.Minute
)

// docCount is a kept count of a word's quotes: n, or at least n when the
// count stopped at its cap.
type docCount struct {
	n     int64
	exact bool
	at    time.Time
}

// termCounts keeps the counts termDocs makes, for one Store (its readers
// and its writer count the same database); nil keeps none.
type termCounts struct {
	mu sync.Mutex
	m  map[string]docCount
}

// termDocs returns how many quotes each of terms is in, counting each
// word's list of quotes no further than limit (a word in more quotes
// counts as limit): the full-text vocabulary's document frequency reads a
// word's whole list, which for a common word at a million quotes is
// hundreds of thousands of entries. Counts are kept in kept (when not
// nil) for termDocsAge, and those not kept are counted in one query.
func termDocs(db *gorm.DB, kept *termCounts, terms []string, limit int64) ([]int64, error) {
	out := make([]int64, len(terms))
	now := time.Now()
	var missing []int
	if kept != nil {
		kept.mu.Lock()
	}
	for i, t := range terms {
		if kept == nil {
			missing = append(missing, i)
			continue
		}
		c, ok := kept.m[t]
		if ok && now.Sub(c.at) < termDocsAge && (c.exact || c.n >= limit) {
			out[i] = min(c.n, limit)
		} else {
			missing = append(missing, i)
		}
	}
	if kept != nil {
		kept.mu.Unlock()
	}
	if len(missing) == 0 {
		return out, nil
	}
	counted := make([]docCount, len(missing))
	// The words are counted in chunks of 8, 4, 2 and 1, each chunk in one
	// query: statements of a handful of shapes, prepared once on each
	// connection and kept. (One query for any number of words made a new
	// statement for each number, and preparing one costs as much as
	// counting dozens of words.)
	for done := 0; done < len(missing); {
		n := 8
		for n > len(missing)-done {
			n /= 2
		}
		if err := countTerms(db, terms, missing[done:done+n], limit, now, out, counted[done:done+n]); err != nil {
			return nil, err
		}
		done += n
	}
	if kept == nil {
		return out, nil
	}
	kept.mu.Lock()
	if kept.m == nil || len(kept.m)+len(missing) > termDocsKept {
		kept.m = make(map[string]docCount)
	}
	for k, i := range missing {
		kept.m[terms[i]] = counted[k]
	}
	kept.mu.Unlock()
	return out, nil
}

// countTerms counts, in one query, the quotes of each of terms[i] for i in
// which, up to limit, into out[i] and counted.
func countTerms(db *gorm.DB, terms []string, which []int, limit int64, now time.Time, out []int64, counted []docCount) error {
	var b strings.Builder
	args := make([]any, 0, len(which))
	for k, i := range which {
		if k > 0 {
			b.WriteString(" UNION ALL ")
		}
		b.WriteString("SELECT ")
		b.WriteString(strconv.Itoa(k))
		b.WriteString(", count(*) FROM (SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ? LIMIT ")
		b.WriteString(strconv.FormatInt(limit, 10))
		b.WriteString(")")
		args = append(args, ftsQuoted(terms[i]))
	}
	rs, err := db.Raw(b.String(), args...).Rows()
	if err != nil {
		return dbErr(err, "quote index")
	}
	defer rs.Close()
	for rs.Next() {
		var k int
		var n int64
		if err := rs.Scan(&k, &n); err != nil {
			return dbErr(err, "quote index")
		}
		if k >= 0 && k < len(which) {
			out[which[k]] = n
			counted[k] = docCount{n: n, exact: n < limit, at: now}
		}
	}
	return dbErr(rs.Err(), "quote index")
}

// aliasesWithWords returns up to 200 aliases that contain any of words.
func (sqliteDialect) aliasesWithWords(db *gorm.DB, words []string) ([]aliasHit, error) {
	var terms []string
	for _, t := range factcheck.IndexTerms(strings.Join(words, " ")) {
		terms = append(terms, ftsQuoted(t))
	}
	if len(terms) == 0 {
		return nil, nil
	}
	var hits []aliasHit
	err := db.Raw(`SELECT a.speaker_id, a.name FROM speaker_aliases_fts JOIN speaker_aliases a ON a.id = speaker_aliases_fts.rowid
		WHERE speaker_aliases_fts MATCH ? LIMIT 200`, strings.Join(terms, " OR ")).Scan(&hits).Error
	return hits, dbErr(err, "speaker names")
}
