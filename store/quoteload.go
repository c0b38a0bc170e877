package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/models"
)

// joinedQuoteCols are the columns of a quote with its speaker and its
// source, in the order scanJoined reads them, and joinedQuoteFrom the
// tables they come from. Each {time} column is selected through timeCol.
// Of the source only what a quote shows of it is read (id, title, outlet,
// url, author, publication): the columns stored after its text (hash,
// count, times) would make SQLite walk the text's overflow pages for every
// quote of a real article, which is longer than a page.
const joinedQuoteCols = `q.id, q.text, q.speaker_id, q.source_id, q.start_offset, q.end_offset, q.context, q.kind,
	q.placement, q.cue, q.said_when, q.said_on, q.setting, q.status, q.confidence, q.continues_id, {q.reported_at},
	{q.created_at}, {q.updated_at}, q.utterance_id,
	sp.id, sp.name, sp.slug, sp.kind, sp.description, sp.role, sp.wikidata_qid, sp.quote_count, {sp.created_at}, {sp.updated_at},
	src.id, src.title, src.outlet, src.url, src.author, {src.published_at}`

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
// arguments written out as gorm does); on SQLite each row comes packed
// (packedQuoteSQLite).
func (s *Store) loadJoinedRead(ctx context.Context, rest string, args ...any) ([]candidateRow, error) {
	if !s.rs.pg {
		rows, err := s.rs.queryIn(ctx, packedQuoteSQLite+" "+rest, args...)
		if err != nil {
			return nil, err
		}
		return scanPackedRows(rows)
	}
	rows, err := s.rs.queryIn(ctx, joinedQuoteSQL[dialectIndex(s.rs.pg)]+" "+rest, args...)
	if err != nil {
		return nil, err
	}
	return scanJoinedRows(rows)
}

// packedQuoteCols are joinedQuoteCols for SQLite in four columns: the
// quote's text and context and its confidence as they are, everything else
// packed into one json_array in the order packedScan reads it. The driver
// charges a fixed toll per column (see rowJSON): a speaker page of 20 rows
// read 800 columns. Confidence stays a column because json_array writes a
// REAL with 15 significant digits, which need not give back the same
// float64; the two long texts stay columns so that they are not escaped
// into JSON and out again.
const packedQuoteCols = `q.text, q.context, q.confidence, json_array(q.id, q.speaker_id, q.source_id, q.start_offset, q.end_offset,
	q.kind, q.placement, q.cue, q.said_when, q.said_on, q.setting, q.status, q.continues_id, q.reported_at, q.created_at,
	q.updated_at, q.utterance_id,
	sp.id, sp.name, sp.slug, sp.kind, sp.description, sp.role, sp.wikidata_qid, sp.quote_count, sp.created_at, sp.updated_at,
	src.id, src.title, src.outlet, src.url, src.author, src.published_at)`

// packedQuoteSQLite selects quotes with their speaker and source as
// joinedQuoteSQL does, packed (packedQuoteCols).
const packedQuoteSQLite = `SELECT ` + packedQuoteCols + joinedQuoteFrom

// packedScan is where a row of packedQuoteCols is scanned to, reusable
// from row to row.
type packedScan struct {
	text, context, packed string
	confidence            float64
	r                     rowJSON
	dest                  []any
}

func newPackedScan(extra ...any) *packedScan {
	p := &packedScan{}
	p.dest = append([]any{&p.text, &p.context, &p.confidence, &p.packed}, extra...)
	return p
}

// scan reads the current row into a new candidateRow, as joinedScan does.
func (p *packedScan) scan(rows *sql.Rows) (candidateRow, error) {
	if err := rows.Scan(p.dest...); err != nil {
		return candidateRow{}, err
	}
	r := &p.r
	r.reset(p.packed)
	var c candidateRow
	q := &c.Quote
	q.Text, q.Context, q.Confidence = p.text, p.context, p.confidence
	q.ID = r.int()
	q.SpeakerID = r.intPtr()
	q.SourceID = r.int()
	q.Start, q.End = int(r.int()), int(r.int())
	q.Kind, q.Placement, q.Cue, q.SaidWhen = r.str(), r.str(), r.str(), r.str()
	q.SaidOn = r.strPtr()
	q.Setting, q.Status = r.str(), r.str()
	q.ContinuesID = r.intPtr()
	q.ReportedAt, q.CreatedAt, q.UpdatedAt = r.time().T, r.time().T, r.time().T
	c.UtteranceID = r.intPtr()
	if spID, ok := r.nullInt(); ok {
		sp := &models.Speaker{ID: spID}
		sp.Name, _ = r.nullStr()
		sp.Slug, _ = r.nullStr()
		sp.Kind, _ = r.nullStr()
		sp.Description, _ = r.nullStr()
		sp.Role, _ = r.nullStr()
		sp.WikidataQID = r.strPtr()
		sp.QuoteCount, _ = r.nullInt()
		sp.CreatedAt, sp.UpdatedAt = r.time().T, r.time().T
		q.Speaker = sp
	} else {
		for range 9 { // the missing speaker's other columns, all null
			r.token()
		}
	}
	src := &models.Source{ID: r.int()}
	src.Title, src.Outlet = r.str(), r.str()
	src.URL = r.strPtr()
	src.Author = r.str()
	src.PublishedAt = r.time().ptr()
	q.Source = src
	if err := r.done(); err != nil {
		return candidateRow{}, fmt.Errorf("packed quote row: %w", err)
	}
	return c, nil
}

func scanPackedRows(rows *sql.Rows) ([]candidateRow, error) {
	return scanRows(rows, newPackedScan().scan)
}

// scanRows reads every row with scan and closes rows.
func scanRows(rows *sql.Rows, scan func(*sql.Rows) (candidateRow, error)) ([]candidateRow, error) {
	defer rows.Close()
	var out []candidateRow
	for rows.Next() {
		r, err := scan(rows)
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

// loadJoinedIDs loads the quotes with the given ids as loadJoined does, in
// no particular order.
func (s *Store) loadJoinedIDs(ctx context.Context, ids []int64) ([]candidateRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.loadJoinedRead(ctx, "WHERE q.id IN ?", ids)
}

func scanJoinedRows(rows *sql.Rows) ([]candidateRow, error) {
	return scanRows(rows, newJoinedScan().scan)
}

// quoteWithAliasesSQLite is packedQuoteSQLite of one quote with one more
// column, its speaker's aliases (aliasesJSONSQLite): on SQLite each query
// costs a round of locking the WAL index besides its work, so a quote
// shown with its aliases is read in one.
var quoteWithAliasesSQLite = `SELECT ` + packedQuoteCols + `, ` + aliasesJSONSQLite("sp") +
	joinedQuoteFrom + ` WHERE q.id = ?`

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
	var aliases string
	if r, err = newPackedScan(&aliases).scan(rows); err != nil {
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
// table as spTable): the speaker's aliases in id order as a JSON array of
// arrays [id, name, key, created_at], for decodeAliases.
func aliasesJSONSQLite(spTable string) string {
	return `(SELECT json_group_array(json_array(a.id, a.name, a.key, a.created_at))
	FROM (SELECT id, name, key, created_at FROM speaker_aliases WHERE speaker_id = ` + spTable + `.id ORDER BY id) a)`
}

// decodeAliases reads the aliases of a speaker from an aliasesJSONSQLite
// column, in id order, never nil.
func decodeAliases(speakerID int64, raw string) ([]models.Alias, error) {
	var r rowJSON
	r.reset(raw)
	out := []models.Alias{}
	if raw != "[]" {
		for r.err == nil {
			if r.i >= len(r.s) || r.s[r.i] != '[' {
				r.fail(errRowJSON)
				break
			}
			r.i++
			a := models.Alias{ID: r.int(), SpeakerID: speakerID}
			a.Name, a.Key = r.str(), r.str()
			a.CreatedAt = r.time().T
			out = append(out, a)
			if r.err != nil || r.i >= len(r.s) {
				r.fail(errRowJSON)
				break
			}
			c := r.s[r.i]
			r.i++
			if c == ']' {
				break
			}
			if c != ',' {
				r.fail(errRowJSON)
			}
		}
	} else {
		r.i = len(raw)
	}
	if err := r.done(); err != nil {
		return nil, fmt.Errorf("aliases of speaker %d: %w", speakerID, err)
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
	dest                                                  []any
}

func newJoinedScan(extra ...any) *joinedScan {
	j := &joinedScan{}
	q, src := &j.q, &j.src
	j.dest = append([]any{&q.ID, &q.Text, &q.SpeakerID, &q.SourceID, &q.Start, &q.End, &q.Context, &q.Kind,
		&q.Placement, &q.Cue, &q.SaidWhen, &j.saidOn, &q.Setting, &q.Status, &q.Confidence, &j.cont, &j.reported,
		&j.created, &j.updated, &j.utt,
		&j.spID, &j.spName, &j.spSlug, &j.spKind, &j.spDesc, &j.spRole, &j.spQID, &j.spCount, &j.spCreated, &j.spUpdated,
		&src.ID, &src.Title, &src.Outlet, &j.url, &src.Author, &j.pub},
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
	if j.url.Valid {
		v := j.url.String
		src.URL = &v
	}
	src.PublishedAt = j.pub.ptr()
	q.Source = src
	return r, nil
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
