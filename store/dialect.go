package store

import (
	"strings"

	"gorm.io/gorm"
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
}

// textMatch is a full-text match of quotes, aliased q, as SQL fragments
// with their arguments.
type textMatch struct {
	from        string // FROM clause; the quotes table is q
	cond        string // WHERE condition
	condArgs    []any
	snippet     string // the quote text with matches in <mark>…</mark>
	snippetArgs []any
	rank        string // relevance: lower is better
	rankArgs    []any
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
