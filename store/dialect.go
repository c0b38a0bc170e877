package store

import (
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/errs"
)

// dialect is what differs between the database backends: full-text search
// and the indexes behind verification. Everything else the store says in
// SQL both SQLite and PostgreSQL understand, with gorm turning ? into the
// backend's placeholders.
type dialect interface {
	// quoteMatch is how ListQuotes finds and ranks quotes matching terms.
	quoteMatch(terms []searchTerm) textMatch
	// quoteIDsMatching is a condition on q.id: the quote matches terms.
	quoteIDsMatching(terms []searchTerm) (string, []any)
	// sourceIDsMatching is a condition on s.id: title or text match terms.
	sourceIDsMatching(terms []searchTerm) (string, []any)
	// candidateIDs returns a bounded number of quotes sharing words with a
	// claim, best first, from the index.
	candidateIDs(db *gorm.DB, cq candidateQuery) ([]int64, error)
	// aliasesWithWords returns up to 200 aliases containing any of words.
	aliasesWithWords(db *gorm.DB, words []string) ([]aliasHit, error)
	// lockAttribution makes tx the only transaction creating speakers,
	// resolving names to them and linking reports of one utterance until
	// it ends, so two writers cannot both find no speaker by a name (or no
	// earlier report, or a slug free) and each create one.
	lockAttribution(tx *gorm.DB) error
}

// textMatch is a full-text match of quotes, aliased q, as SQL fragments
// with their arguments.
type textMatch struct {
	from        string // FROM clause; the quotes table is q
	cond        string // WHERE condition
	condArgs    []any
	snippet     string // the quote text with matches between markOpen and markClose
	snippetArgs []any
	rank        string // relevance: lower is better
	rankArgs    []any
	recent      string // orders matches by when they were stored, from the index
	// snippetFrom and snippetID are the FROM clause and the id column of
	// the query that makes snippets for a page's ids: the index alone
	// where it can (a join would visit every match of a common word).
	snippetFrom, snippetID string
	// rankFrom, when set, is the FROM clause that ranks (with cond, rank
	// and recent, ids in snippetID) without visiting quote rows, for a
	// search with no other filter.
	rankFrom string
	// averages, when set, selects the index's averages record
	// (decodeFTSAverages): with it a search of a rare word is ranked and
	// given its snippets in Go (rankedInGo).
	averages string
}

// lockAttribution takes the dialect's lockAttribution for a write
// transaction that may create speakers (speakerForName, insertSpeaker) or
// link reports of one utterance (linkUtterances): those helpers rely on
// their transaction holding it, and take it no more than once.
func lockAttribution(tx *gorm.DB) error {
	if err := dialectOf(tx).lockAttribution(tx); err != nil {
		return dbErr(err, "attribution lock")
	}
	return nil
}

// dialectOf returns the dialect of the database db talks to.
func dialectOf(db *gorm.DB) dialect {
	if db.Dialector.Name() == "postgres" {
		return postgresDialect{}
	}
	return sqliteDialect{}
}

// searchTerm is one word of a full-text query; prefix asks for every word
// that starts with it.
type searchTerm struct {
	word   string
	prefix bool
}

// searchTerms splits what a person typed into words. Operators and
// punctuation are not syntax: every word is searched for as written, all
// of them must match, and a trailing * asks for a prefix. No terms means
// nothing searchable was typed.
func searchTerms(q string) []searchTerm {
	var terms []searchTerm
	for _, w := range strings.FieldsFunc(q, func(r rune) bool {
		return !(r == '*' || r == '\'' || r == '’' || r == '-' || isWordRune(r))
	}) {
		prefix := strings.HasSuffix(w, "*")
		w = strings.Trim(w, "*'’-")
		if w == "" {
			continue
		}
		terms = append(terms, searchTerm{word: w, prefix: prefix})
	}
	return terms
}

// candidateIDs returns the ids of up to cq.limit quotes that might report
// the words of cq.text, best first, from the backend's index.
func candidateIDs(db *gorm.DB, cq candidateQuery) ([]int64, error) {
	return dialectOf(db).candidateIDs(db, cq)
}

// aliasesWithWords returns up to 200 aliases that contain any of words.
func aliasesWithWords(db *gorm.DB, words []string) ([]aliasHit, error) {
	return dialectOf(db).aliasesWithWords(db, words)
}

// bestScored returns up to limit ids, highest score first (ties by id).
func bestScored(score map[int64]float64, limit int) []int64 {
	out := make([]int64, 0, len(score))
	for id := range score {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool {
		if score[out[i]] != score[out[j]] {
			return score[out[i]] > score[out[j]]
		}
		return out[i] < out[j]
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// listFilter checks what every list takes, adding a bad field to bad for
// each problem: the page size, a full-text query with at least one word,
// and a date range in order. It returns the page size and the query's words.
func listFilter(bad *errs.Fields, limit int, q string, from, to *time.Time) (int, []searchTerm) {
	n, err := clampLimit(limit)
	if err != nil {
		*bad = append(*bad, err.(*errs.Error).Fields...)
	}
	var terms []searchTerm
	if q != "" {
		if terms = searchTerms(q); len(terms) == 0 {
			bad.Add("q", "has no word to search for")
		}
	}
	if from != nil && to != nil && to.Before(*from) {
		bad.Add("to", "is before from")
	}
	return n, terms
}

const (
	// maxCandidates bounds the quotes one claim is compared with, however
	// large the database: the answer stays interactive at a million quotes.
	maxCandidates = 200
	// maxLookupTerms is how many of a claim's rarest words are looked up.
	maxLookupTerms = 8
	// maxClaimTerms bounds the distinct words whose frequencies are read.
	maxClaimTerms = 64
	// maxRestrictedDocs is the most quotes a word may be in for a search
	// filtered by speaker or source to look it up: the filter is applied to
	// each match, so the work grows with the word's frequency.
	maxRestrictedDocs = 5000
)

// candidateQuery asks for quotes that might report the words of text.
type candidateQuery struct {
	text       string
	speakerIDs []int64 // only quotes by these speakers, when set
	notSource  int64   // never quotes of this source, when set
	limit      int     // at most this many ids (≤ maxCandidates)
	// all asks only for quotes that have both of the claim's two
	// rarest words (its one word when it has one), in no particular
	// order; allBut with all for those that have the third rarest and
	// one of the two (the first look missed them, when one of the two is
	// a word the claim got wrong). Fewer than limit ids means there are
	// no others. A dialect may answer as it does without all (PostgreSQL
	// does): a ranked superset, where fewer than limit ids means the same.
	all, allBut bool
	// speakerQuotes, when set with speakerIDs (and no notSource), is how
	// many quotes those speakers have: the dialect may use it to choose
	// a bounded way to search them (SQLite does).
	speakerQuotes int64
	// counts keeps how many quotes words are in between queries (the
	// Store's; SQLite uses it for verify), nil to count afresh (linking
	// in a write transaction, which must see its own quotes).
	counts *termCounts
}

// aliasHit is a speaker name found through the alias word index.
type aliasHit struct {
	SpeakerID int64
	Name      string
}
