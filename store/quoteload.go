package store

import (
	"database/sql"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/models"
)

// joinedQuoteCols are the columns of a quote with its speaker and its
// source (without its text), in the order scanJoined reads them, and
// joinedQuoteFrom the tables they come from.
const joinedQuoteCols = `q.id, q.text, q.speaker_id, q.source_id, q.start_offset, q.end_offset, q.context, q.kind,
	q.placement, q.cue, q.said_when, q.said_on, q.setting, q.status, q.confidence, q.continues_id, q.reported_at,
	q.created_at, q.updated_at, q.utterance_id,
	sp.id, sp.name, sp.slug, sp.kind, sp.description, sp.role, sp.wikidata_qid, sp.quote_count, sp.created_at, sp.updated_at,
	src.id, src.title, src.outlet, src.url, src.author, src.published_at, src.content_hash, src.quote_count, src.created_at, src.updated_at`

const joinedQuoteFrom = ` FROM quotes q LEFT JOIN speakers sp ON sp.id = q.speaker_id JOIN sources src ON src.id = q.source_id`

// joinedQuoteSQL selects quotes with their speaker and their source
// (without its text) in one query, in the column order scanJoined reads.
// Fetching a single quote is the API's commonest request, and one query
// scanned by hand costs a fraction of three through gorm's reflection.
const joinedQuoteSQL = `SELECT ` + joinedQuoteCols + joinedQuoteFrom

// quoteWithAliasesSQL is one quote joined as joinedQuoteSQL joins it, once
// per alias of its speaker (once with NULL alias columns when it has none),
// aliases in id order.
const quoteWithAliasesSQL = `SELECT ` + joinedQuoteCols + `, a.id, a.name, a.key, a.created_at` + joinedQuoteFrom +
	` LEFT JOIN speaker_aliases a ON a.speaker_id = q.speaker_id WHERE q.id = ? ORDER BY a.id`

// loadJoined runs joinedQuoteSQL with the given condition and order and
// returns the quotes (Speaker and Source set) with their utterance ids.
func loadJoined(db *gorm.DB, rest string, args ...any) ([]candidateRow, error) {
	rows, err := db.Raw(joinedQuoteSQL+" "+rest, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []candidateRow
	for rows.Next() {
		r, err := scanJoined(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// loadQuoteWithAliases loads one quote as loadJoined does, its speaker's
// aliases included, in one query; found is false for an unknown id.
func loadQuoteWithAliases(db *gorm.DB, id int64) (r candidateRow, found bool, err error) {
	rows, err := db.Raw(quoteWithAliasesSQL, id).Rows()
	if err != nil {
		return r, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var aID sql.NullInt64
		var aName, aKey sql.NullString
		var aCreated sql.NullTime
		row, err := scanJoined(rows, &aID, &aName, &aKey, &aCreated)
		if err != nil {
			return r, false, err
		}
		if !found {
			r, found = row, true
		}
		if aID.Valid && r.Speaker != nil {
			r.Speaker.Aliases = append(r.Speaker.Aliases, models.Alias{ID: aID.Int64, SpeakerID: r.Speaker.ID,
				Name: aName.String, Key: aKey.String, CreatedAt: aCreated.Time})
		}
	}
	if err := rows.Err(); err != nil {
		return r, false, err
	}
	if found && r.Speaker != nil && r.Speaker.Aliases == nil {
		r.Speaker.Aliases = []models.Alias{}
	}
	return r, found, nil
}

// scanJoined scans one row of joinedQuoteCols, then extra.
func scanJoined(rows *sql.Rows, extra ...any) (candidateRow, error) {
	var r candidateRow
	q := &r.Quote
	var spID, utt, cont sql.NullInt64
	var saidOn, spName, spSlug, spKind, spDesc, spRole, spQID sql.NullString
	var spCount sql.NullInt64
	var spCreated, spUpdated, pub sql.NullTime
	var src models.Source
	var url sql.NullString
	dest := []any{&q.ID, &q.Text, &q.SpeakerID, &q.SourceID, &q.Start, &q.End, &q.Context, &q.Kind,
		&q.Placement, &q.Cue, &q.SaidWhen, &saidOn, &q.Setting, &q.Status, &q.Confidence, &cont, &q.ReportedAt,
		&q.CreatedAt, &q.UpdatedAt, &utt,
		&spID, &spName, &spSlug, &spKind, &spDesc, &spRole, &spQID, &spCount, &spCreated, &spUpdated,
		&src.ID, &src.Title, &src.Outlet, &url, &src.Author, &pub, &src.ContentHash, &src.QuoteCount, &src.CreatedAt, &src.UpdatedAt}
	if err := rows.Scan(append(dest, extra...)...); err != nil {
		return r, err
	}
	if saidOn.Valid {
		q.SaidOn = &saidOn.String
	}
	if cont.Valid {
		q.ContinuesID = &cont.Int64
	}
	if utt.Valid {
		r.UtteranceID = &utt.Int64
	}
	if spID.Valid {
		sp := &models.Speaker{ID: spID.Int64, Name: spName.String, Slug: spSlug.String, Kind: spKind.String,
			Description: spDesc.String, Role: spRole.String, QuoteCount: spCount.Int64,
			CreatedAt: spCreated.Time, UpdatedAt: spUpdated.Time}
		if spQID.Valid {
			sp.WikidataQID = &spQID.String
		}
		q.Speaker = sp
	}
	if url.Valid {
		src.URL = &url.String
	}
	if pub.Valid {
		t := pub.Time
		src.PublishedAt = &t
	}
	q.Source = &src
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
