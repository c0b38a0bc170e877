package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/names"
)

// sqlWhere collects AND-ed conditions and their arguments.
type sqlWhere struct {
	conds []string
	args  []any
}

func (w *sqlWhere) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *sqlWhere) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// ListQuotes returns one page of the quotes that match f, newest first by
// default, or by bm25 relevance when f.Q is given. It returns errs.Invalid
// naming the parameter for a bad limit, sort, kind, status or cursor.
func (s *Store) ListQuotes(ctx context.Context, f QuoteFilter) (QuotePage, error) {
	var bad errs.Fields
	limit, terms := listFilter(&bad, f.Limit, f.Q, f.From, f.To)
	sortBy := f.Sort
	if sortBy == "" {
		sortBy = SortNewest
		if f.Q != "" {
			sortBy = SortRelevance
		}
	}
	switch sortBy {
	case SortNewest, SortOldest:
	case SortRelevance:
		if f.Q == "" {
			bad.Add("sort", "relevance needs a search query in q")
		}
	default:
		bad.Add("sort", "must be one of newest, oldest, relevance")
	}
	if f.Kind != "" && !oneOf(f.Kind, models.QuoteKinds()) {
		bad.Add("kind", "must be one of %s", strings.Join(models.QuoteKinds(), ", "))
	}
	if f.Status != "" && !oneOf(f.Status, models.QuoteStatuses()) {
		bad.Add("status", "must be one of %s", strings.Join(models.QuoteStatuses(), ", "))
	}
	if err := bad.Err(); err != nil {
		return QuotePage{}, err
	}
	cur, err := decodeCursor(f.Cursor, sortBy)
	if err != nil {
		return QuotePage{}, err
	}

	db := s.read(ctx)
	var w sqlWhere
	from := "quotes q"
	var tm textMatch
	if len(terms) > 0 {
		tm = dialectOf(db).quoteMatch(terms)
		from = tm.from
		w.add(tm.cond, tm.condArgs...)
	}
	oneSpeaker := false
	if f.Speaker != "" {
		ids, err := s.resolveSpeaker(ctx, db, f.Speaker)
		if err != nil {
			return QuotePage{}, err
		}
		if len(ids) == 0 {
			return QuotePage{Quotes: []QuoteHit{}}, nil
		}
		w.add("q.speaker_id IN ?", ids)
		oneSpeaker = len(ids) == 1
	}
	if f.SourceID != 0 {
		w.add("q.source_id = ?", f.SourceID)
	}
	if f.Outlet != "" {
		w.add("q.source_id IN (SELECT id FROM sources WHERE lower(outlet) = lower(?))", f.Outlet)
	}
	if f.From != nil {
		w.add("q.reported_at >= ?", f.From.UTC())
	}
	if f.To != nil {
		w.add("q.reported_at <= ?", f.To.UTC())
	}
	if f.Kind != "" {
		w.add("q.kind = ?", f.Kind)
	}
	if f.Status != "" {
		w.add("q.status = ?", f.Status)
	}

	countFrom := from
	if len(terms) > 0 && len(w.conds) == 1 && tm.rankFrom != "" {
		countFrom = tm.rankFrom // the words alone: count in the index
	}
	// (Counting a search's matches in its ranking query, count(*) OVER
	// the ranked, saved a query for a rare word but cost a common word
	// more than the count: it materialises the 2,000 ranked rows.)
	total, estimate, err := s.quoteTotal(ctx, f, countFrom, w)
	if err != nil {
		return QuotePage{}, err
	}
	if sortBy == SortRelevance && !estimate && total <= maxRankedInGo {
		// Few matches: rank them and make their snippets in Go from
		// their texts (rank.go), as bm25() and snippet() would. The
		// count of the word's quotes bm25 needs is the total when
		// nothing else filters; else rankedInGo counts them.
		hits := int64(-1)
		if len(w.conds) == 1 {
			hits = total
		}
		page, ok, err := s.rankedInGo(ctx, tm, terms, w, hits, limit, cur)
		if err != nil || ok {
			return page, err
		}
	}

	// A search's page query reads ids (with rank or snippet) only; the
	// page's quotes, speakers and sources then come in one hand-scanned
	// query (with the snippets, for relevance). A list that an index
	// yields in order joins them as it reads (one query).
	var rows []pageRow
	var loaded []candidateRow // the page's quotes, when its query joined them
	var err2 error
	if sortBy == SortRelevance {
		// The rank is computed, so the page is cut after it in an outer
		// query, where the cursor can compare it.
		// Only the most recently stored maxRanked matches are ranked
		// (the index yields them newest first, without a sort), so a
		// common word costs a bounded ranking, not a sort of every quote
		// that has it; snippets are made for the page's rows only. With
		// no filter but the words, the index alone is read: no quote
		// row is visited to rank.
		rankFrom, rankID := from, "q.id"
		if len(w.conds) == 1 && tm.rankFrom != "" {
			rankFrom, rankID = tm.rankFrom, tm.snippetID
		}
		args := append(append(append([]any{}, tm.rankArgs...), w.args...), maxRanked)
		outer := ""
		if cur != nil {
			outer = " WHERE (r.rank > ? OR (r.rank = ? AND r.id > ?))"
			args = append(args, cur.Rank, cur.Rank, cur.ID)
		}
		args = append(args, limit+1)
		inner := "(SELECT " + rankID + " AS id, " + tm.rank + " AS rank FROM " + rankFrom + w.sql() + " ORDER BY " + tm.recent + " DESC LIMIT ?) r"
		rows, err2 = s.scanPage(ctx, "SELECT r.id, '', r.rank FROM "+inner+outer+" ORDER BY r.rank ASC, r.id ASC LIMIT ?", args...)
		if err2 == nil && len(rows) > 0 {
			// The page's quotes with their snippets in one query, so
			// that making a snippet reads the quote text on the
			// connection that has just read the row.
			loaded, err2 = s.loadJoinedSnippets(ctx, tm, rows)
		}
	} else {
		sel := "SELECT q.id, '', 0"
		if len(terms) > 0 {
			sel = "SELECT q.id, " + tm.snippet + ", 0"
		}
		order := " ORDER BY q.reported_at DESC, q.id DESC"
		if sortBy == SortOldest {
			order = " ORDER BY q.reported_at ASC, q.id ASC"
		}
		if cur != nil {
			if sortBy == SortOldest {
				w.add("(q.reported_at > ? OR (q.reported_at = ? AND q.id > ?))", cur.At, cur.At, cur.ID)
			} else {
				w.add("(q.reported_at < ? OR (q.reported_at = ? AND q.id < ?))", cur.At, cur.At, cur.ID)
			}
		}
		args := append(append(append([]any{}, tm.snippetArgs...), w.args...), limit+1)
		if len(terms) == 0 && f.Outlet == "" && (f.Speaker == "" || oneSpeaker) {
			// An index yields these in order (by time, or a speaker's,
			// status's or kind's quotes by time; a source has a handful),
			// so the page's rows are joined as they are read: one query.
			loaded, err2 = s.loadJoinedRead(ctx, w.sql()+order+" LIMIT ?", args...)
			rows = make([]pageRow, len(loaded))
			for i := range loaded {
				rows[i].id = loaded[i].ID
			}
		} else {
			rows, err2 = s.scanPage(ctx, sel+" FROM "+from+w.sql()+order+" LIMIT ?", args...)
		}
	}
	if err2 != nil {
		return QuotePage{}, dbErr(err2, "quotes")
	}
	if loaded == nil {
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.id
		}
		if loaded, err = s.loadJoinedIDs(ctx, ids); err != nil {
			return QuotePage{}, dbErr(err, "quotes")
		}
	}
	byID := make(map[int64]*models.Quote, len(loaded))
	for i := range loaded {
		byID[loaded[i].ID] = &loaded[i].Quote
	}
	// A row deleted between the two queries drops out of the page.
	kept := rows[:0]
	for _, r := range rows {
		if byID[r.id] != nil {
			kept = append(kept, r)
		}
	}
	rows = kept
	page := QuotePage{Total: total, TotalIsEstimate: estimate, Quotes: make([]QuoteHit, 0, len(rows))}
	if len(rows) > limit {
		last := rows[limit-1]
		page.NextCursor = cursor{Sort: sortBy, At: byID[last.id].ReportedAt, Rank: last.rank, ID: last.id}.encode()
		rows = rows[:limit]
	}
	for _, r := range rows {
		page.Quotes = append(page.Quotes, QuoteHit{Quote: *byID[r.id], Snippet: snippetHTML(r.snippet, byID[r.id].Text)})
	}
	return page, nil
}

// pageRow is one row of a list's page query: the quote's id, its search
// snippet (when the query makes one) and its rank.
type pageRow struct {
	id      int64
	snippet string
	rank    float64
}

// scanPage runs a page query whose columns are id, snippet, rank.
func (s *Store) scanPage(ctx context.Context, query string, args ...any) ([]pageRow, error) {
	rs, err := s.rs.queryIn(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []pageRow
	for rs.Next() {
		var r pageRow
		if err := rs.Scan(&r.id, &r.snippet, &r.rank); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// maxRanked is how many of the most recently stored matches of a search
// are ranked by relevance; maxCounted is how many rows a list counts for
// its total before it says the total is at least that (an estimate).
const (
	maxRanked  = 2000
	maxCounted = 1000
)

// quoteTotal is the number of quotes a list matches: exact from the
// counters the triggers keep when the filter is only a speaker or only a
// source, else counted up to maxCounted (estimate true when there are
// more).
func (s *Store) quoteTotal(ctx context.Context, f QuoteFilter, from string, w sqlWhere) (int64, bool, error) {
	onlySpeaker := f.Speaker != "" && len(w.conds) == 1
	onlySource := f.SourceID != 0 && len(w.conds) == 1
	switch {
	case onlySpeaker:
		total, err := s.readInt(ctx, "SELECT coalesce(sum(quote_count), 0) FROM speakers WHERE id IN ?", w.args[0])
		return total, false, dbErr(err, "quotes")
	case onlySource:
		total, err := s.readInt(ctx, "SELECT coalesce(sum(quote_count), 0) FROM sources WHERE id = ?", f.SourceID)
		return total, false, dbErr(err, "quotes")
	}
	return s.cappedCount(ctx, "SELECT 1 FROM "+from+w.sql(), w.args)
}

// cappedCount counts the rows query returns, up to maxCounted; more is
// reported as maxCounted with estimate true.
func (s *Store) cappedCount(ctx context.Context, query string, args []any) (int64, bool, error) {
	n, err := s.readInt(ctx, "SELECT count(*) FROM ("+query+" LIMIT ?) c", append(append([]any{}, args...), maxCounted+1)...)
	if err != nil {
		return 0, false, dbErr(err, "count")
	}
	if n > maxCounted {
		return maxCounted, true, nil
	}
	return n, false, nil
}

// readInt runs a query of one integer on the readers (0 for no row).
func (s *Store) readInt(ctx context.Context, query string, args ...any) (int64, error) {
	rows, err := s.rs.queryIn(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

// loadJoinedSnippets loads the quotes of rows as loadJoined does, each
// with the search snippet of tm, which it sets in rows, in one query.
func (s *Store) loadJoinedSnippets(ctx context.Context, tm textMatch, rows []pageRow) ([]candidateRow, error) {
	rowIDs := make([]int64, len(rows))
	for i, r := range rows {
		rowIDs[i] = r.id
	}
	ph, ids := inList(rowIDs)
	from := tm.snippetFrom
	if tm.snippetID != "q.id" {
		from += " JOIN quotes q ON q.id = " + tm.snippetID
	}
	query := "SELECT " + joinedQuoteColsOf[dialectIndex(s.rs.pg)] + ", " + tm.snippet + " FROM " + from +
		joinedQuoteJoins + " WHERE " +
		tm.cond + " AND " + tm.snippetID + " IN " + ph
	args := append(append(append([]any{}, tm.snippetArgs...), tm.condArgs...), ids...)
	rs, err := s.rs.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	snippets := make(map[int64]string, len(rows))
	out := make([]candidateRow, 0, len(rows))
	var snippet string
	j := newJoinedScan(&snippet)
	for rs.Next() {
		r, err := j.scan(rs)
		if err != nil {
			return nil, err
		}
		snippets[r.ID] = snippet
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].snippet = snippets[rows[i].id]
	}
	return out, nil
}

// attach loads the speaker and the source (without its text) of each quote
// with one query per table, however many quotes there are.
func (s *Store) attach(ctx context.Context, db *gorm.DB, qs []models.Quote) error {
	if len(qs) == 0 {
		return nil
	}
	speakerIDs := map[int64]bool{}
	sourceIDs := map[int64]bool{}
	for _, q := range qs {
		if q.SpeakerID != nil {
			speakerIDs[*q.SpeakerID] = true
		}
		sourceIDs[q.SourceID] = true
	}
	speakers := map[int64]*models.Speaker{}
	if len(speakerIDs) > 0 {
		var list []models.Speaker
		if err := db.Where("id IN ?", keys(speakerIDs)).Find(&list).Error; err != nil {
			return dbErr(err, "speakers")
		}
		for i := range list {
			speakers[list[i].ID] = &list[i]
		}
	}
	var srcs []models.Source
	if err := db.Omit("text").Where("id IN ?", keys(sourceIDs)).Find(&srcs).Error; err != nil {
		return dbErr(err, "sources")
	}
	sources := map[int64]*models.Source{}
	for i := range srcs {
		sources[srcs[i].ID] = &srcs[i]
	}
	for i := range qs {
		if qs[i].SpeakerID != nil {
			qs[i].Speaker = speakers[*qs[i].SpeakerID]
		}
		qs[i].Source = sources[qs[i].SourceID]
	}
	return nil
}

func keys(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// resolveSpeaker finds the speakers a reference names: a numeric id, a
// slug, or any name or alias compared case-, accent- and
// honorific-insensitively. An ambiguous alias names every speaker it is
// recorded for.
func (s *Store) resolveSpeaker(ctx context.Context, db *gorm.DB, ref string) ([]int64, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return []int64{id}, nil
	}
	var ids []int64
	if err := db.Raw("SELECT id FROM speakers WHERE slug = ?", strings.ToLower(ref)).Scan(&ids).Error; err != nil {
		return nil, dbErr(err, "speaker")
	}
	if len(ids) > 0 {
		return ids, nil
	}
	keys := names.Keys(ref)
	if len(keys) == 0 {
		return nil, errs.Invalidf("speaker", "has no letters or digits to look up")
	}
	// The exact key first: "Chris Cash" finds the speaker known by that
	// name; only when none is, the other forms of the first name
	// ("Christopher Cash").
	if err := db.Raw("SELECT DISTINCT speaker_id FROM speaker_aliases WHERE key = ?", keys[0]).Scan(&ids).Error; err != nil {
		return nil, dbErr(err, "speaker")
	}
	if len(ids) > 0 || len(keys) == 1 {
		return ids, nil
	}
	if err := db.Raw("SELECT DISTINCT speaker_id FROM speaker_aliases WHERE key IN ?", keys[1:]).Scan(&ids).Error; err != nil {
		return nil, dbErr(err, "speaker")
	}
	return ids, nil
}

// GetQuote returns one quote with its speaker (and the speaker's aliases)
// and its source (without the source text). Unknown id: errs.NotFound.
func (s *Store) GetQuote(ctx context.Context, id int64) (models.Quote, error) {
	r, found, err := s.loadQuoteRead(ctx, id)
	if err != nil {
		return models.Quote{}, dbErr(err, "quote")
	}
	if !found {
		return models.Quote{}, dbErr(gorm.ErrRecordNotFound, "quote "+strconv.FormatInt(id, 10))
	}
	return r.Quote, nil
}

// GetQuoteCorroborated is GetQuote and Corroborate of the same quote
// together: one query for the quote, its speaker's aliases and its source,
// and one more for the other reports only when another source reports it.
func (s *Store) GetQuoteCorroborated(ctx context.Context, id int64) (models.Quote, Corroboration, error) {
	r, found, err := s.loadQuoteRead(ctx, id)
	if err != nil {
		return models.Quote{}, Corroboration{}, dbErr(err, "quote")
	}
	if !found {
		return models.Quote{}, Corroboration{}, dbErr(gorm.ErrRecordNotFound, "quote "+strconv.FormatInt(id, 10))
	}
	rows := []candidateRow{r}
	if r.UtteranceID != nil {
		if rows, err = s.loadJoinedRead(ctx, "WHERE q.utterance_id = ? ORDER BY q.reported_at, q.id LIMIT ?", *r.UtteranceID, maxReports); err != nil {
			return models.Quote{}, Corroboration{}, dbErr(err, "reports")
		}
	}
	return r.Quote, corroboration(r.UtteranceID, rows), nil
}

// CreateQuote stores a quote found by a person in a stored source. The text
// must occur verbatim in the source; Start and End (characters) are
// required when it occurs more than once. The speaker is SpeakerID, or a
// name resolved through aliases (created as a new person when unknown).
func (s *Store) CreateQuote(ctx context.Context, in QuoteInput) (models.Quote, error) {
	if err := models.CheckLabels(models.Label{Field: "speaker", Value: in.Speaker}); err != nil {
		return models.Quote{}, err
	}
	var bad errs.Fields
	if in.SourceID <= 0 {
		bad.Add("source_id", "is required")
	}
	if in.Text == "" {
		bad.Add("text", "is required")
	}
	if in.Kind == "" {
		in.Kind = models.KindDirect
	} else if !oneOf(in.Kind, models.QuoteKinds()) {
		bad.Add("kind", "must be one of %s", strings.Join(models.QuoteKinds(), ", "))
	}
	if in.Placement == "" {
		in.Placement = models.PlacementBody
	} else if !oneOf(in.Placement, models.Placements()) {
		bad.Add("placement", "must be one of %s", strings.Join(models.Placements(), ", "))
	}
	if in.Status == "" {
		in.Status = models.StatusExtracted
	} else if !oneOf(in.Status, models.QuoteStatuses()) {
		bad.Add("status", "must be one of %s", strings.Join(models.QuoteStatuses(), ", "))
	}
	conf := 1.0
	if in.Confidence != nil {
		if *in.Confidence < 0 || *in.Confidence > 1 {
			bad.Add("confidence", "must be between 0 and 1")
		}
		conf = *in.Confidence
	}
	if in.SaidOn != nil {
		if _, err := time.Parse("2006-01-02", *in.SaidOn); err != nil {
			bad.Add("said_on", "must be a date as YYYY-MM-DD")
		}
	}
	if (in.Start == nil) != (in.End == nil) {
		bad.Add("start", "start and end go together")
	}
	if in.SpeakerID != nil && in.Speaker != "" {
		bad.Add("speaker", "give speaker_id or speaker, not both")
	}
	if err := bad.Err(); err != nil {
		return models.Quote{}, err
	}
	var out models.Quote
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := lockAttribution(tx); err != nil {
			return err
		}
		var src models.Source
		if err := tx.First(&src, in.SourceID).Error; err != nil {
			if err == gorm.ErrRecordNotFound {
				return errs.Invalidf("source_id", "no source has id %d", in.SourceID)
			}
			return dbErr(err, "source")
		}
		start, end, err := locate(src.Text, in.Text, in.Start, in.End)
		if err != nil {
			return err
		}
		speakerID := in.SpeakerID
		if speakerID != nil {
			var n int64
			if err := tx.Model(&models.Speaker{}).Where("id = ?", *speakerID).Count(&n).Error; err != nil {
				return dbErr(err, "speaker")
			}
			if n == 0 {
				return errs.Invalidf("speaker_id", "no speaker has id %d", *speakerID)
			}
		} else if in.Speaker != "" {
			link, err := s.speakerForName(ctx, tx, IngestSpeaker{Name: in.Speaker, Kind: models.SpeakerPerson})
			if err != nil {
				return err
			}
			speakerID = &link.SpeakerID
		}
		q := models.Quote{
			Text: in.Text, SpeakerID: speakerID, SourceID: src.ID, Start: start, End: end,
			Context: in.Context, Kind: in.Kind, Placement: in.Placement, Cue: in.Cue,
			SaidWhen: in.SaidWhen, SaidOn: in.SaidOn, Setting: in.Setting, Status: in.Status,
			Confidence: conf, ReportedAt: reportedAt(src),
		}
		if q.Context == "" {
			q.Context = sentenceAround(src.Text, start, end)
		}
		if err := tx.Create(&q).Error; err != nil {
			return dbErr(err, "a quote at these offsets of this source")
		}
		out = q
		if err := s.linkUtterances(tx, src.ID, []int64{q.ID}); err != nil {
			return err
		}
		after, err := snapQuote(tx, q.ID)
		if err != nil {
			return err
		}
		return s.recordHistory(ctx, tx, EntityQuote, q.ID, "create", "", nil, after)
	})
	if err != nil {
		return models.Quote{}, err
	}
	return s.GetQuote(ctx, out.ID)
}

// UpdateQuote changes the given fields of a quote. Unknown id: errs.NotFound.
func (s *Store) UpdateQuote(ctx context.Context, id int64, p QuotePatch) (models.Quote, error) {
	var bad errs.Fields
	changes := map[string]any{}
	if p.Kind != nil {
		if !oneOf(*p.Kind, models.QuoteKinds()) {
			bad.Add("kind", "must be one of %s", strings.Join(models.QuoteKinds(), ", "))
		}
		changes["kind"] = *p.Kind
	}
	if p.Status != nil {
		if !oneOf(*p.Status, models.QuoteStatuses()) {
			bad.Add("status", "must be one of %s", strings.Join(models.QuoteStatuses(), ", "))
		}
		changes["status"] = *p.Status
	}
	if p.SaidOn != nil {
		if *p.SaidOn == "" {
			changes["said_on"] = nil
		} else if _, err := time.Parse("2006-01-02", *p.SaidOn); err != nil {
			bad.Add("said_on", "must be a date as YYYY-MM-DD, or empty to clear it")
		} else {
			changes["said_on"] = *p.SaidOn
		}
	}
	for col, v := range map[string]*string{"cue": p.Cue, "said_when": p.SaidWhen, "setting": p.Setting, "context": p.Context} {
		if v != nil {
			changes[col] = *v
		}
	}
	if p.ClearSpeaker && p.SpeakerID != nil {
		bad.Add("speaker_id", "cannot both set and clear the speaker")
	}
	if err := bad.Err(); err != nil {
		return models.Quote{}, err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		var q models.Quote
		if err := tx.Select("id").First(&q, id).Error; err != nil {
			return dbErr(err, "quote "+strconv.FormatInt(id, 10))
		}
		if p.SpeakerID != nil {
			var n int64
			if err := tx.Model(&models.Speaker{}).Where("id = ?", *p.SpeakerID).Count(&n).Error; err != nil {
				return dbErr(err, "speaker")
			}
			if n == 0 {
				return errs.Invalidf("speaker_id", "no speaker has id %d", *p.SpeakerID)
			}
			changes["speaker_id"] = *p.SpeakerID
		}
		if p.ClearSpeaker {
			changes["speaker_id"] = nil
		}
		if len(changes) == 0 {
			return nil
		}
		changes["updated_at"] = s.now()
		return s.recordChange(ctx, tx, EntityQuote, id, "update", "", func() error {
			return dbErr(tx.Model(&models.Quote{}).Where("id = ?", id).Updates(changes).Error, "quote")
		})
	})
	if err != nil {
		return models.Quote{}, err
	}
	return s.GetQuote(ctx, id)
}

// DeleteQuote removes a quote. Unknown id: errs.NotFound.
func (s *Store) DeleteQuote(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		before, err := snapQuote(tx, id)
		if err != nil {
			return err
		}
		res := tx.Delete(&models.Quote{}, id)
		if res.Error != nil {
			return dbErr(res.Error, "quote")
		}
		if res.RowsAffected == 0 {
			return errs.NotFoundf("quote %d not found", id)
		}
		return s.recordHistory(ctx, tx, EntityQuote, id, "delete", "", before, nil)
	})
}

// reportedAt is when a quote from src was first reported: the publication
// time, or when the source was stored if the document gives none.
func reportedAt(src models.Source) time.Time {
	if src.PublishedAt != nil {
		return src.PublishedAt.UTC()
	}
	return src.CreatedAt.UTC().Truncate(time.Second)
}
