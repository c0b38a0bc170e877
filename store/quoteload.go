package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/models"
)

// joinedQuoteCols are the columns of a quote with its speaker and its
// source (without its text), in the order scanJoined reads them, and
// joinedQuoteFrom the tables they come from. Each {time} column is
// selected through timeCol.
const joinedQuoteCols = `q.id, q.text, q.speaker_id, q.source_id, q.start_offset, q.end_offset, q.context, q.kind,
	q.placement, q.cue, q.said_when, q.said_on, q.setting, q.status, q.confidence, q.continues_id, {q.reported_at},
	{q.created_at}, {q.updated_at}, q.utterance_id,
	sp.id, sp.name, sp.slug, sp.kind, sp.description, sp.role, sp.wikidata_qid, sp.quote_count, {sp.created_at}, {sp.updated_at},
	src.id, src.title, src.outlet, src.url, src.author, {src.published_at}, src.content_hash, src.quote_count, {src.created_at}, {src.updated_at}`

const joinedQuoteFrom = ` FROM quotes q` + joinedQuoteJoins

// joinedQuoteJoins joins a quote q to its speaker sp and its source src.
const joinedQuoteJoins = ` LEFT JOIN speakers sp ON sp.id = q.speaker_id JOIN sources src ON src.id = q.source_id`

// timeCols replaces each {column} of cols with timeCol of it.
func timeCols(cols string, pg bool) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(cols, '{')
		if i < 0 {
			b.WriteString(cols)
			return b.String()
		}
		j := strings.IndexByte(cols[i:], '}') + i
		b.WriteString(cols[:i])
		b.WriteString(timeCol(cols[i+1:j], pg))
		cols = cols[j+1:]
	}
}

// timeCol selects a time column: as it is on PostgreSQL; on SQLite as text
// (an expression has no declared type, so the driver does not parse it),
// for dbTime to parse.
func timeCol(col string, pg bool) string {
	if pg {
		return col
	}
	return col + " || ''"
}

// joinedQuoteSQL selects quotes with their speaker and their source
// (without its text) in one query, in the column order scanJoined reads,
// for SQLite and for PostgreSQL. Fetching a single quote is the API's
// commonest request, and one query scanned by hand costs a fraction of
// three through gorm's reflection.
var joinedQuoteSQL = [2]string{
	`SELECT ` + joinedQuoteColsOf[0] + joinedQuoteFrom,
	`SELECT ` + joinedQuoteColsOf[1] + joinedQuoteFrom,
}

// joinedQuoteColsOf is joinedQuoteCols with its time columns selected for
// SQLite and for PostgreSQL (dialectIndex).
var joinedQuoteColsOf = [2]string{timeCols(joinedQuoteCols, false), timeCols(joinedQuoteCols, true)}

// aliasesQuery selects the aliases that cond picks, in id order, in the
// columns scanAliases reads.
func aliasesQuery(cond string, pg bool) string {
	return `SELECT id, speaker_id, name, key, ` + timeCol("created_at", pg) + ` FROM speaker_aliases WHERE ` + cond + ` ORDER BY id`
}

// aliasesSQL lists one speaker's aliases (aliasesQuery), for SQLite and
// for PostgreSQL.
var aliasesSQL = [2]string{aliasesQuery("speaker_id = ?", false), aliasesQuery("speaker_id = ?", true)}

// scanAliases reads the rows of an aliasesQuery, passing each alias to add.
func scanAliases(rows *sql.Rows, add func(models.Alias)) error {
	defer rows.Close()
	for rows.Next() {
		var a models.Alias
		var created dbTime
		if err := rows.Scan(&a.ID, &a.SpeakerID, &a.Name, &a.Key, &created); err != nil {
			return err
		}
		a.CreatedAt = created.T
		add(a)
	}
	return rows.Err()
}

func dialectIndex(pg bool) int {
	if pg {
		return 1
	}
	return 0
}

// loadJoined runs joinedQuoteSQL with the given condition and order and
// returns the quotes (Speaker and Source set) with their utterance ids.
func loadJoined(db *gorm.DB, rest string, args ...any) ([]candidateRow, error) {
	rows, err := db.Raw(joinedQuoteSQL[dialectIndex(db.Dialector.Name() == "postgres")]+" "+rest, args...).Rows()
	if err != nil {
		return nil, err
	}
	return scanJoinedRows(rows)
}

// loadJoinedRead is loadJoined on the readers with a kept statement (slice
// arguments written out as gorm does).
func (s *Store) loadJoinedRead(ctx context.Context, rest string, args ...any) ([]candidateRow, error) {
	rows, err := s.rs.queryIn(ctx, joinedQuoteSQL[dialectIndex(s.rs.pg)]+" "+rest, args...)
	if err != nil {
		return nil, err
	}
	return scanJoinedRows(rows)
}

// loadJoinedIDs loads the quotes with the given ids as loadJoined does, in
// no particular order.
func (s *Store) loadJoinedIDs(ctx context.Context, ids []int64) ([]candidateRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.loadJoinedRead(ctx, "WHERE q.id IN ?", ids)
}

func scanJoinedRows(rows *sql.Rows) ([]candidateRow, error) {
	defer rows.Close()
	var out []candidateRow
	j := newJoinedScan()
	for rows.Next() {
		r, err := j.scan(rows)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = make([]candidateRow, 0, 8)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// quoteWithAliasesSQLite is joinedQuoteSQL of one quote with one more
// column, its speaker's aliases in id order as a JSON array of
// {"i": id, "n": name, "k": key, "c": created_at}: on SQLite each query
// costs a round of locking the WAL index besides its work, so a quote
// shown with its aliases is read in one.
var quoteWithAliasesSQLite = `SELECT ` + joinedQuoteColsOf[0] + `, ` + aliasesJSONSQLite("sp") +
	joinedQuoteFrom + ` WHERE q.id = ?`

// jsonAlias is an alias as quoteWithAliasesSQLite writes it.
type jsonAlias struct {
	ID        int64  `json:"i"`
	Name      string `json:"n"`
	Key       string `json:"k"`
	CreatedAt string `json:"c"`
}

// loadQuoteRead loads one quote as loadJoined does, its speaker's aliases
// included; found is false for an unknown id.
func (s *Store) loadQuoteRead(ctx context.Context, id int64) (r candidateRow, found bool, err error) {
	if !s.rs.pg {
		return s.loadQuoteReadSQLite(ctx, id)
	}
	rows, err := s.loadJoinedRead(ctx, "WHERE q.id = ?", id)
	if err != nil || len(rows) == 0 {
		return r, false, err
	}
	r = rows[0]
	if r.Speaker != nil {
		if r.Speaker.Aliases, err = s.aliasesRead(ctx, r.Speaker.ID); err != nil {
			return r, false, err
		}
	}
	return r, true, nil
}

func (s *Store) loadQuoteReadSQLite(ctx context.Context, id int64) (r candidateRow, found bool, err error) {
	rows, err := s.rs.query(ctx, quoteWithAliasesSQLite, id)
	if err != nil {
		return r, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return r, false, rows.Err()
	}
	var aliases sql.RawBytes
	if r, err = scanJoined(rows, &aliases); err != nil {
		return r, false, err
	}
	if r.Speaker != nil {
		if r.Speaker.Aliases, err = decodeAliases(r.Speaker.ID, aliases); err != nil {
			return r, false, err
		}
	}
	return r, true, rows.Err()
}

// aliasesJSONSQLite is a column of a query over speakers (the speakers
// table as spTable): the speaker's aliases as quoteWithAliasesSQLite
// writes them.
func aliasesJSONSQLite(spTable string) string {
	return `(SELECT json_group_array(json_object('i', a.id, 'n', a.name, 'k', a.key, 'c', a.created_at))
	FROM (SELECT id, name, key, created_at FROM speaker_aliases WHERE speaker_id = ` + spTable + `.id ORDER BY id) a)`
}

// decodeAliases reads the aliases of a speaker from a JSON array of
// jsonAlias, in id order, never nil.
func decodeAliases(speakerID int64, raw []byte) ([]models.Alias, error) {
	var list []jsonAlias
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("aliases of speaker %d: %w", speakerID, err)
	}
	out := make([]models.Alias, len(list))
	for i, a := range list {
		created, err := parseDBTime(a.CreatedAt)
		if err != nil {
			return nil, err
		}
		out[i] = models.Alias{ID: a.ID, SpeakerID: speakerID, Name: a.Name, Key: a.Key, CreatedAt: created}
	}
	slices.SortFunc(out, func(a, b models.Alias) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// aliasesRead returns a speaker's aliases in id order, never nil.
func (s *Store) aliasesRead(ctx context.Context, speakerID int64) ([]models.Alias, error) {
	rows, err := s.rs.query(ctx, aliasesSQL[dialectIndex(s.rs.pg)], speakerID)
	if err != nil {
		return nil, err
	}
	out := []models.Alias{}
	err = scanAliases(rows, func(a models.Alias) { out = append(out, a) })
	return out, err
}

// joinedScan is where a row of joinedQuoteCols is scanned to: one
// allocation for all of its columns (each local scanned into escapes to
// the heap on its own), reusable from row to row.
type joinedScan struct {
	q                                                     models.Quote
	src                                                   models.Source
	spID, utt, cont, spCount                              sql.NullInt64
	saidOn, spName, spSlug, spKind, spDesc, spRole, spQID sql.NullString
	url                                                   sql.NullString
	reported, created, updated, spCreated, spUpdated, pub dbTime
	srcCreated, srcUpdated                                dbTime
	dest                                                  []any
}

func newJoinedScan(extra ...any) *joinedScan {
	j := &joinedScan{}
	q, src := &j.q, &j.src
	j.dest = append([]any{&q.ID, &q.Text, &q.SpeakerID, &q.SourceID, &q.Start, &q.End, &q.Context, &q.Kind,
		&q.Placement, &q.Cue, &q.SaidWhen, &j.saidOn, &q.Setting, &q.Status, &q.Confidence, &j.cont, &j.reported,
		&j.created, &j.updated, &j.utt,
		&j.spID, &j.spName, &j.spSlug, &j.spKind, &j.spDesc, &j.spRole, &j.spQID, &j.spCount, &j.spCreated, &j.spUpdated,
		&src.ID, &src.Title, &src.Outlet, &j.url, &src.Author, &j.pub, &src.ContentHash, &src.QuoteCount, &j.srcCreated, &j.srcUpdated},
		extra...)
	return j
}

// scan reads the current row into a new candidateRow.
func (j *joinedScan) scan(rows *sql.Rows) (candidateRow, error) {
	j.q = models.Quote{}
	j.src = models.Source{}
	if err := rows.Scan(j.dest...); err != nil {
		return candidateRow{}, err
	}
	r := candidateRow{Quote: j.q}
	q := &r.Quote
	q.ReportedAt, q.CreatedAt, q.UpdatedAt = j.reported.T, j.created.T, j.updated.T
	if q.SpeakerID != nil {
		id := *q.SpeakerID
		q.SpeakerID = &id
	}
	if j.saidOn.Valid {
		v := j.saidOn.String
		q.SaidOn = &v
	}
	if j.cont.Valid {
		v := j.cont.Int64
		q.ContinuesID = &v
	}
	if j.utt.Valid {
		v := j.utt.Int64
		r.UtteranceID = &v
	}
	if j.spID.Valid {
		sp := &models.Speaker{ID: j.spID.Int64, Name: j.spName.String, Slug: j.spSlug.String, Kind: j.spKind.String,
			Description: j.spDesc.String, Role: j.spRole.String, QuoteCount: j.spCount.Int64,
			CreatedAt: j.spCreated.T, UpdatedAt: j.spUpdated.T}
		if j.spQID.Valid {
			v := j.spQID.String
			sp.WikidataQID = &v
		}
		q.Speaker = sp
	}
	src := new(models.Source)
	*src = j.src
	src.CreatedAt, src.UpdatedAt = j.srcCreated.T, j.srcUpdated.T
	if j.url.Valid {
		v := j.url.String
		src.URL = &v
	}
	src.PublishedAt = j.pub.ptr()
	q.Source = src
	return r, nil
}

// scanJoined scans one row of joinedQuoteCols, then extra.
func scanJoined(rows *sql.Rows, extra ...any) (candidateRow, error) {
	return newJoinedScan(extra...).scan(rows)
}

// scanIDs runs a query of one integer column and returns its values.
func scanIDs(db *gorm.DB, query string, args ...any) ([]int64, error) {
	rs, err := db.Raw(query, args...).Rows()
	if err != nil {
		return nil, dbErr(err, "quote index")
	}
	defer rs.Close()
	var ids []int64
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return nil, dbErr(err, "quote index")
		}
		ids = append(ids, id)
	}
	return ids, dbErr(rs.Err(), "quote index")
}
