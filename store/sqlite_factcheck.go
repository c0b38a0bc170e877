package store

import (
	"math"
	"sort"
	"strings"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/factcheck"
)

// Candidate search for verification and corroboration with FTS5 and
// fts5vocab: SQLite's side of the dialect.

// candidateIDs (SQLite) returns the ids of up to cq.limit quotes that share the
// most (and the rarest) words with cq.text, best first. It never scans
// the quotes table and never sorts every match of a common word: it reads
// the document frequency of each word from the index's vocabulary, then
// fetches a bounded number of matches for the rarest words (all of them
// together first, then each alone) and ranks the union by how many rare
// words each quote has.
func (sqliteDialect) candidateIDs(db *gorm.DB, cq candidateQuery) ([]int64, error) {
	if cq.limit <= 0 || cq.limit > maxCandidates {
		cq.limit = maxCandidates
	}
	terms := factcheck.IndexTerms(cq.text)
	if len(terms) > maxClaimTerms {
		terms = terms[:maxClaimTerms]
	}
	if len(terms) == 0 {
		return nil, nil
	}
	type vocab struct {
		Term string
		Doc  int64
	}
	// Reading a word's frequency reads its whole list of quotes, so the
	// commonest words ("the", "we") are looked up only when the claim has
	// nothing else.
	var content, common []string
	for _, t := range terms {
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
		if err := db.Raw("SELECT term, doc FROM quotes_fts_vocab WHERE term IN ?", ts).Scan(&vs).Error; err != nil {
			return nil, dbErr(err, "quote index")
		}
	}
	// Rarest first; words that were never said in any quote cannot help.
	sort.Slice(vs, func(i, j int) bool {
		if vs[i].Doc != vs[j].Doc {
			return vs[i].Doc < vs[j].Doc
		}
		return len(vs[i].Term) > len(vs[j].Term)
	})
	restricted := len(cq.speakerIDs) > 0 || cq.notSource != 0
	if restricted {
		// A filtered match reads every quote of the word until it has
		// enough that pass the filter: only rare words keep that bounded.
		n := 0
		for n < len(vs) && vs[n].Doc <= maxRestrictedDocs {
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
	if len(cq.speakerIDs) > 0 || cq.notSource != 0 {
		query += " JOIN quotes q ON q.id = quotes_fts.rowid"
		if len(cq.speakerIDs) > 0 {
			cond += " AND q.speaker_id IN ?"
			filters = append(filters, cq.speakerIDs)
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
	quoted := func(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` }

	score := map[int64]float64{}
	if len(vs) >= 2 {
		n := min(3, len(vs))
		parts := make([]string, n)
		for i := range n {
			parts[i] = quoted(vs[i].Term)
		}
		ids, err := fetch(strings.Join(parts, " AND "))
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			score[id] += 1
		}
	}
	for _, v := range vs {
		ids, err := fetch(quoted(v.Term))
		if err != nil {
			return nil, err
		}
		weight := 1 / math.Log(2+float64(v.Doc))
		for _, id := range ids {
			score[id] += weight
		}
	}
	return bestScored(score, cq.limit), nil
}

// aliasesWithWords returns up to 200 aliases that contain any of words.
func (sqliteDialect) aliasesWithWords(db *gorm.DB, words []string) ([]aliasHit, error) {
	var terms []string
	for _, t := range factcheck.IndexTerms(strings.Join(words, " ")) {
		terms = append(terms, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
	}
	if len(terms) == 0 {
		return nil, nil
	}
	var hits []aliasHit
	err := db.Raw(`SELECT a.speaker_id, a.name FROM speaker_aliases_fts JOIN speaker_aliases a ON a.id = speaker_aliases_fts.rowid
		WHERE speaker_aliases_fts MATCH ? LIMIT 200`, strings.Join(terms, " OR ")).Scan(&hits).Error
	return hits, dbErr(err, "speaker names")
}
