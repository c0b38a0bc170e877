package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
)

// ContentHash is the hash that identifies a document's text: SHA-256 of the
// text with line endings made uniform, so the same article saved on another
// system is still the same document.
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(strings.ReplaceAll(text, "\r\n", "\n")))
	return hex.EncodeToString(sum[:])
}

// ListSources returns one page of sources, newest first, without their
// text. Q matches words in the title or text.
func (s *Store) ListSources(ctx context.Context, f SourceFilter) (SourcePage, error) {
	var bad errs.Fields
	limit, terms := listFilter(&bad, f.Limit, f.Q, f.From, f.To)
	if err := bad.Err(); err != nil {
		return SourcePage{}, err
	}
	cur, err := decodeCursor(f.Cursor, SortNewest)
	if err != nil {
		return SourcePage{}, err
	}
	db := s.read(ctx)
	var w sqlWhere
	// A source without a publication date sorts by when it was stored.
	const at = "coalesce(s.published_at, s.created_at)"
	if len(terms) > 0 {
		cond, args := dialectOf(db).sourceIDsMatching(terms)
		w.add(cond, args...)
	}
	if f.Outlet != "" {
		w.add("lower(s.outlet) = lower(?)", f.Outlet)
	}
	if f.From != nil {
		w.add(at+" >= ?", f.From.UTC())
	}
	if f.To != nil {
		w.add(at+" <= ?", f.To.UTC())
	}
	total, estimate, err := s.cappedCount(ctx, "SELECT 1 FROM sources s"+w.sql(), w.args)
	if err != nil {
		return SourcePage{}, err
	}
	if cur != nil {
		w.add("("+at+" < ? OR ("+at+" = ? AND s.id < ?))", cur.At, cur.At, cur.ID)
	}
	var list []models.Source
	args := append(w.args, limit+1)
	cols := "s.id, s.title, s.outlet, s.url, s.author, s.published_at, s.content_hash, s.quote_count, s.created_at, s.updated_at"
	if err := db.Raw("SELECT "+cols+" FROM sources s"+w.sql()+" ORDER BY "+at+" DESC, s.id DESC LIMIT ?", args...).Scan(&list).Error; err != nil {
		return SourcePage{}, dbErr(err, "sources")
	}
	page := SourcePage{Total: total, TotalIsEstimate: estimate}
	if len(list) > limit {
		last := list[limit-1]
		page.NextCursor = cursor{Sort: SortNewest, At: sourceTime(last), ID: last.ID}.encode()
		list = list[:limit]
	}
	if list == nil {
		list = []models.Source{}
	}
	page.Sources = list
	return page, nil
}

func sourceTime(s models.Source) time.Time {
	if s.PublishedAt != nil {
		return *s.PublishedAt
	}
	return s.CreatedAt
}

// GetSource returns a source with its text and its quotes in text order,
// each quote with its speaker. Unknown id: errs.NotFound.
func (s *Store) GetSource(ctx context.Context, id int64) (models.Source, []models.Quote, error) {
	db := s.read(ctx)
	var src models.Source
	if err := db.First(&src, id).Error; err != nil {
		return src, nil, dbErr(err, "source "+strconv.FormatInt(id, 10))
	}
	var qs []models.Quote
	if err := db.Where("source_id = ?", id).Order("start_offset, end_offset").Find(&qs).Error; err != nil {
		return src, nil, dbErr(err, "quotes")
	}
	if err := s.attach(ctx, db, qs); err != nil {
		return src, nil, err
	}
	if qs == nil {
		qs = []models.Quote{}
	}
	return src, qs, nil
}

// sourceLabels are a source's title, outlet and author as models.Labels,
// named as the API names them.
func sourceLabels(title, outlet, author string) []models.Label {
	return []models.Label{{Field: "title", Value: title}, {Field: "outlet", Value: outlet}, {Field: "author", Value: author}}
}

func validateSource(bad *errs.Fields, in SourceInput) {
	if strings.TrimSpace(in.Title) == "" {
		bad.Add("title", "is required")
	} else if utf8.RuneCountInString(in.Title) > models.MaxTitleChars {
		bad.Add("title", "must be at most %d characters", models.MaxTitleChars)
	}
	if strings.TrimSpace(in.Text) == "" {
		bad.Add("text", "is required")
	} else if len(in.Text) > models.MaxSourceBytes {
		bad.Add("text", "is larger than %d bytes", models.MaxSourceBytes)
	}
	if in.URL != nil {
		validateURL(bad, *in.URL)
	}
}

func validateURL(bad *errs.Fields, raw string) {
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad.Add("url", "must be an absolute http or https URL")
	}
}

// Ingest stores a source with its speakers and quotes in one transaction:
// all of it or none. The same document (same URL or same text) is stored
// once: ingesting it again returns what is stored, with Created false.
// Every quote must be the source's text at its offsets (errs.Invalid
// naming quotes[i]); speakers link to stored ones by their names.
func (s *Store) Ingest(ctx context.Context, in IngestInput) (IngestResult, error) {
	speakerIdx, err := checkIngest(in)
	if err != nil {
		return IngestResult{}, err
	}
	hash := ContentHash(in.Source.Text)
	if in.Source.URL != nil && *in.Source.URL == "" {
		in.Source.URL = nil
	}
	var res IngestResult
	// Unique constraints, not the look-up below, are what keep a document
	// from being stored twice: when another process stores the same one
	// between our look-up and our insert, the insert fails on the
	// constraint, and the next attempt finds that process's copy. A new
	// speaker's slug can collide the same way.
	err = retryOnConflict(func() error {
		res = IngestResult{}
		// The statements stop when ctx ends; the commit does not, so that
		// an ingest whose statements all ran is stored and says so. (A
		// commit cancelled in flight would leave it in doubt: PostgreSQL
		// may commit what the client was told had failed.)
		return s.write(context.WithoutCancel(ctx), func(tx *gorm.DB) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return s.ingestTx(ctx, tx.WithContext(ctx), in, hash, speakerIdx, &res)
		})
	})
	if err != nil {
		return IngestResult{}, err
	}
	// The source is committed (or was there): read it back even when ctx
	// has ended since, so that Ingest fails only when it stored nothing.
	src, qs, err := s.GetSource(context.WithoutCancel(ctx), res.Source.ID)
	if err != nil {
		return IngestResult{}, err
	}
	res.Source, res.Quotes = src, qs
	return res, nil
}

// checkIngest validates an ingest input (Ingest's and BulkIngest's rules)
// and returns the index of each speaker name in in.Speakers.
func checkIngest(in IngestInput) (map[string]int, error) {
	labels := sourceLabels(in.Source.Title, in.Source.Outlet, in.Source.Author)
	for i, sp := range in.Speakers {
		field := "speakers[" + strconv.Itoa(i) + "]"
		labels = append(labels, models.Label{Field: field + ".name", Value: sp.Name})
		for j, a := range sp.Aliases {
			labels = append(labels, models.Label{Field: field + ".aliases[" + strconv.Itoa(j) + "]", Value: a})
		}
	}
	if err := models.CheckLabels(labels...); err != nil {
		return nil, err
	}
	var bad errs.Fields
	validateSource(&bad, in.Source)
	speakerIdx := map[string]int{} // name key → index in in.Speakers
	for i, sp := range in.Speakers {
		field := "speakers[" + strconv.Itoa(i) + "]"
		k := sp.Kind
		validateSpeaker(&bad, &sp.Name, &k, nil)
		if len(bad) > 0 && strings.HasPrefix(bad[len(bad)-1].Field, "name") {
			bad[len(bad)-1].Field = field + ".name"
		}
		for _, n := range append([]string{sp.Name}, sp.Aliases...) {
			if _, seen := speakerIdx[n]; !seen {
				speakerIdx[n] = i
			}
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	if len(in.Quotes) > models.MaxQuotesPerSource {
		return nil, models.TooManyQuotes()
	}
	// Every quote's offsets are converted in one pass over the text.
	offs := make([]int, 0, 2*len(in.Quotes))
	for _, q := range in.Quotes {
		offs = append(offs, q.Start, q.End)
	}
	byteOffs := runesToBytes(in.Source.Text, offs)
	for i, q := range in.Quotes {
		field := "quotes[" + strconv.Itoa(i) + "]"
		if bs, be := byteOffs[2*i], byteOffs[2*i+1]; bs < 0 || be < 0 || q.Start >= q.End || in.Source.Text[bs:be] != q.Text {
			bad.Add(field+".text", "is not the source's text at %d..%d: quotes are stored verbatim", q.Start, q.End)
		} else if q.End-q.Start > models.MaxQuoteChars {
			bad.Add(field+".text", "is longer than %d characters", models.MaxQuoteChars)
		}
		if q.Kind != "" && !oneOf(q.Kind, models.QuoteKinds()) {
			bad.Add(field+".kind", "must be one of %s", strings.Join(models.QuoteKinds(), ", "))
		}
		if q.Placement != "" && !oneOf(q.Placement, models.Placements()) {
			bad.Add(field+".placement", "must be one of %s", strings.Join(models.Placements(), ", "))
		}
		if q.Speaker != "" {
			if _, ok := speakerIdx[q.Speaker]; !ok {
				bad.Add(field+".speaker", "%q is not a name of any speaker in the input", q.Speaker)
			}
		}
		if q.Continues != nil && (*q.Continues < 0 || *q.Continues >= i) {
			bad.Add(field+".continues", "must be the index of an earlier quote")
		}
		if q.Confidence < 0 || q.Confidence > 1 {
			bad.Add(field+".confidence", "must be between 0 and 1")
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	return speakerIdx, nil
}

// retryOnConflict runs fn again, a few times, while it fails on a unique
// constraint that a concurrent transaction won.
func retryOnConflict(fn func() error) error {
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		if err = fn(); err == nil || !errors.Is(err, gorm.ErrDuplicatedKey) {
			return err
		}
	}
	return err
}

// ingestTx is one attempt at Ingest inside its transaction.
func (s *Store) ingestTx(ctx context.Context, tx *gorm.DB, in IngestInput, hash string, speakerIdx map[string]int, res *IngestResult) error {
	if err := lockAttribution(tx); err != nil {
		return err
	}
	existing, err := findDocument(tx, hash, in.Source.URL)
	if err != nil || existing != 0 {
		res.Source.ID = existing
		return err
	}
	now := s.now()
	src := models.Source{
		Title: strings.TrimSpace(in.Source.Title), Outlet: strings.TrimSpace(in.Source.Outlet), URL: in.Source.URL,
		Author: strings.TrimSpace(in.Source.Author), PublishedAt: utcPtr(in.Source.PublishedAt),
		Text: in.Source.Text, ContentHash: hash, CreatedAt: now, UpdatedAt: now,
	}
	if err := tx.Omit("quote_count").Create(&src).Error; err != nil {
		return dbErr(err, "a source with this URL or text")
	}
	res.Source.ID, res.Created = src.ID, true
	speakerIDs := make([]int64, len(in.Speakers))
	for i, sp := range in.Speakers {
		link, err := s.speakerForName(ctx, tx, sp)
		if err != nil {
			return err
		}
		speakerIDs[i] = link.SpeakerID
		res.Speakers = append(res.Speakers, link)
	}
	ids := make([]int64, len(in.Quotes))
	at := reportedAt(src)
	for i, iq := range in.Quotes {
		q := models.Quote{
			Text: iq.Text, SourceID: src.ID, Start: iq.Start, End: iq.End, Context: iq.Context,
			Kind: orDefault(iq.Kind, models.KindDirect), Placement: orDefault(iq.Placement, models.PlacementBody),
			Cue: iq.Cue, SaidWhen: iq.SaidWhen, Setting: iq.Setting, Status: models.StatusExtracted,
			Confidence: iq.Confidence, ReportedAt: at, CreatedAt: now, UpdatedAt: now,
		}
		if q.Context == "" {
			q.Context = sentenceAround(src.Text, iq.Start, iq.End)
		}
		if iq.Speaker != "" {
			id := speakerIDs[speakerIdx[iq.Speaker]]
			q.SpeakerID = &id
		}
		if iq.Continues != nil {
			q.ContinuesID = &ids[*iq.Continues]
		}
		if err := tx.Create(&q).Error; err != nil {
			return dbErr(err, "quotes["+strconv.Itoa(i)+"]")
		}
		ids[i] = q.ID
	}
	// Link each quote to earlier reports of the same words by other
	// sources, so corroboration is known before anyone asks.
	return s.linkUtterances(tx, src.ID, ids)
}

// findDocument returns the id of the stored source with the same text or
// URL, or 0.
func findDocument(tx *gorm.DB, hash string, u *string) (int64, error) {
	var ids []int64
	q := tx.Model(&models.Source{}).Where("content_hash = ?", hash)
	if u != nil {
		q = q.Or("url = ?", *u)
	}
	if err := q.Limit(1).Pluck("id", &ids).Error; err != nil {
		return 0, dbErr(err, "source")
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// UpdateSource changes a source's metadata. Changing the publication date
// moves its quotes in date order too.
func (s *Store) UpdateSource(ctx context.Context, id int64, p SourcePatch) (models.Source, error) {
	orEmpty := func(v *string) string {
		if v == nil {
			return ""
		}
		return *v
	}
	if err := models.CheckLabels(sourceLabels(orEmpty(p.Title), orEmpty(p.Outlet), orEmpty(p.Author))...); err != nil {
		return models.Source{}, err
	}
	var bad errs.Fields
	changes := map[string]any{}
	if p.Title != nil {
		if strings.TrimSpace(*p.Title) == "" {
			bad.Add("title", "cannot be empty")
		} else if utf8.RuneCountInString(*p.Title) > models.MaxTitleChars {
			bad.Add("title", "must be at most %d characters", models.MaxTitleChars)
		}
		changes["title"] = strings.TrimSpace(*p.Title)
	}
	if p.Outlet != nil {
		changes["outlet"] = strings.TrimSpace(*p.Outlet)
	}
	if p.Author != nil {
		changes["author"] = strings.TrimSpace(*p.Author)
	}
	if p.URL != nil {
		validateURL(&bad, *p.URL)
		if *p.URL == "" {
			changes["url"] = nil
		} else {
			changes["url"] = *p.URL
		}
	}
	if p.PublishedAt != nil && p.ClearPublishedAt {
		bad.Add("published_at", "cannot both set and clear it")
	}
	if err := bad.Err(); err != nil {
		return models.Source{}, err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		var src models.Source
		if err := tx.Omit("text").First(&src, id).Error; err != nil {
			return dbErr(err, "source "+strconv.FormatInt(id, 10))
		}
		if p.PublishedAt != nil {
			changes["published_at"] = p.PublishedAt.UTC()
			src.PublishedAt = utcPtr(p.PublishedAt)
		}
		if p.ClearPublishedAt {
			changes["published_at"] = nil
			src.PublishedAt = nil
		}
		if len(changes) == 0 {
			return nil
		}
		changes["updated_at"] = s.now()
		if err := tx.Model(&models.Source{}).Where("id = ?", id).Updates(changes).Error; err != nil {
			return dbErr(err, "a source with this URL")
		}
		if p.PublishedAt != nil || p.ClearPublishedAt {
			return dbErr(tx.Model(&models.Quote{}).Where("source_id = ?", id).
				Update("reported_at", reportedAt(src)).Error, "quotes")
		}
		return nil
	})
	if err != nil {
		return models.Source{}, err
	}
	src, _, err := s.GetSource(ctx, id)
	return src, err
}

// DeleteSource removes a source and every quote found in it.
func (s *Store) DeleteSource(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Delete(&models.Source{}, id)
		if res.Error != nil {
			return dbErr(res.Error, "source")
		}
		if res.RowsAffected == 0 {
			return errs.NotFoundf("source %d not found", id)
		}
		return nil
	})
}
