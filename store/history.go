package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
)

// History entities.
const (
	EntityQuote   = "quote"
	EntitySpeaker = "speaker"
)

// Anonymous is the actor recorded when a change names nobody.
const Anonymous = "anonymous"

type actorKey struct{}

// WithActor returns a context that says who is making the changes made
// with it; the store records that name in the history. Until there is
// authentication, the HTTP layer takes it from the request.
func WithActor(ctx context.Context, who string) context.Context {
	who = strings.TrimSpace(who)
	if who == "" {
		return ctx
	}
	return context.WithValue(ctx, actorKey{}, who)
}

// actorOf is who the context says is making changes: the authenticated
// key's name (WithKeyActor), else WithActor's, else Anonymous.
func actorOf(ctx context.Context) string {
	if who, ok := keyActorOf(ctx); ok {
		return who
	}
	if who, ok := ctx.Value(actorKey{}).(string); ok && who != "" {
		return who
	}
	return Anonymous
}

// HistoryEntry is one recorded change: who made it, when, with what note,
// and JSON snapshots of the thing before and after (null before a
// creation, after a deletion).
type HistoryEntry struct {
	ID       int64           `gorm:"column:id"`
	Entity   string          `gorm:"column:entity"`
	EntityID int64           `gorm:"column:entity_id"`
	Action   string          `gorm:"column:action"`
	Actor    string          `gorm:"column:actor"`
	Note     string          `gorm:"column:note"`
	Before   json.RawMessage `gorm:"column:before"`
	After    json.RawMessage `gorm:"column:after"`
	At       time.Time       `gorm:"column:at"`
}

// HistoryPage is one page of history, oldest change first.
type HistoryPage struct {
	Entries    []HistoryEntry
	NextCursor string
}

// quoteSnapshot is what history keeps of a quote: every field a change
// can touch, under stable JSON names.
type quoteSnapshot struct {
	ID          int64   `json:"id"`
	Text        string  `json:"text"`
	SpeakerID   *int64  `json:"speaker_id"`
	SourceID    int64   `json:"source_id"`
	Kind        string  `json:"kind"`
	Cue         string  `json:"cue"`
	Context     string  `json:"context"`
	SaidWhen    string  `json:"said_when"`
	SaidOn      *string `json:"said_on"`
	Setting     string  `json:"setting"`
	Status      string  `json:"status"`
	Confidence  float64 `json:"confidence"`
	UtteranceID *int64  `json:"utterance_id"`
}

// speakerSnapshot is what history keeps of a speaker.
type speakerSnapshot struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Slug        string   `json:"slug"`
	Kind        string   `json:"kind"`
	Description string   `json:"description"`
	Role        string   `json:"role"`
	WikidataQID *string  `json:"wikidata_qid"`
	Aliases     []string `json:"aliases"`
}

// snapQuote reads a quote's snapshot inside tx; nil when it is gone.
func snapQuote(tx *gorm.DB, id int64) (*quoteSnapshot, error) {
	var r candidateRow
	if err := tx.Raw("SELECT * FROM quotes WHERE id = ?", id).Scan(&r).Error; err != nil {
		return nil, dbErr(err, "quote")
	}
	if r.ID == 0 {
		return nil, nil
	}
	return &quoteSnapshot{ID: r.ID, Text: r.Text, SpeakerID: r.SpeakerID, SourceID: r.SourceID, Kind: r.Kind, Cue: r.Cue,
		Context: r.Context, SaidWhen: r.SaidWhen, SaidOn: r.SaidOn, Setting: r.Setting, Status: r.Status,
		Confidence: r.Confidence, UtteranceID: r.UtteranceID}, nil
}

// snapSpeaker reads a speaker's snapshot inside tx; nil when it is gone.
func snapSpeaker(tx *gorm.DB, id int64) (*speakerSnapshot, error) {
	var r models.Speaker
	if err := tx.Raw("SELECT * FROM speakers WHERE id = ?", id).Scan(&r).Error; err != nil {
		return nil, dbErr(err, "speaker")
	}
	if r.ID == 0 {
		return nil, nil
	}
	var aliases []string
	if err := tx.Raw("SELECT name FROM speaker_aliases WHERE speaker_id = ? ORDER BY id", id).Scan(&aliases).Error; err != nil {
		return nil, dbErr(err, "aliases")
	}
	if aliases == nil {
		aliases = []string{}
	}
	return &speakerSnapshot{ID: r.ID, Name: r.Name, Slug: r.Slug, Kind: r.Kind, Description: r.Description,
		Role: r.Role, WikidataQID: r.WikidataQID, Aliases: aliases}, nil
}

// snapshot reads the current snapshot of an entity inside tx.
func snapshot(tx *gorm.DB, entity string, id int64) (any, error) {
	if entity == EntityQuote {
		q, err := snapQuote(tx, id)
		if q == nil {
			return nil, err
		}
		return q, err
	}
	sp, err := snapSpeaker(tx, id)
	if sp == nil {
		return nil, err
	}
	return sp, err
}

// recordChange runs change inside tx between two snapshots of the entity
// and records the change in the history, unless nothing changed.
func (s *Store) recordChange(ctx context.Context, tx *gorm.DB, entity string, id int64, action, note string, change func() error) error {
	before, err := snapshot(tx, entity, id)
	if err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	after, err := snapshot(tx, entity, id)
	if err != nil {
		return err
	}
	return s.recordHistory(ctx, tx, entity, id, action, note, before, after)
}

// recordHistory stores one history entry. A change that leaves the
// snapshot as it was, and has no note, is not recorded.
func (s *Store) recordHistory(ctx context.Context, tx *gorm.DB, entity string, id int64, action, note string, before, after any) error {
	b, err := marshalSnapshot(before)
	if err != nil {
		return err
	}
	a, err := marshalSnapshot(after)
	if err != nil {
		return err
	}
	if note == "" && b != nil && a != nil && *b == *a {
		return nil
	}
	return dbErr(tx.Exec("INSERT INTO history (entity, entity_id, action, actor, note, before, after, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		entity, id, action, clip(actorOf(ctx), models.MaxNameChars), note, b, a, s.now()).Error, "history")
}

func marshalSnapshot(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	str := string(b)
	return &str, nil
}

// History returns one page of the recorded changes to a quote or speaker,
// oldest first. The entity need not exist any more (its history outlives
// it); an unknown entity kind is errs.Invalid.
func (s *Store) History(ctx context.Context, entity string, id int64, p Page) (HistoryPage, error) {
	if entity != EntityQuote && entity != EntitySpeaker {
		return HistoryPage{}, errs.Invalidf("entity", "must be quote or speaker")
	}
	limit, err := clampLimit(p.Limit)
	if err != nil {
		return HistoryPage{}, err
	}
	cur, err := decodeCursor(p.Cursor, "history")
	if err != nil {
		return HistoryPage{}, err
	}
	db := s.read(ctx)
	var w sqlWhere
	w.add("entity = ? AND entity_id = ?", entity, id)
	if cur != nil {
		w.add("id > ?", cur.ID)
	}
	type row struct {
		HistoryEntry
		BeforeText *string `gorm:"column:before_text"`
		AfterText  *string `gorm:"column:after_text"`
	}
	var rows []row
	args := append(w.args, limit+1)
	if err := db.Raw("SELECT id, entity, entity_id, action, actor, note, before AS before_text, after AS after_text, at FROM history"+
		w.sql()+" ORDER BY id LIMIT ?", args...).Scan(&rows).Error; err != nil {
		return HistoryPage{}, dbErr(err, "history")
	}
	var page HistoryPage
	if len(rows) > limit {
		page.NextCursor = cursor{Sort: "history", ID: rows[limit-1].ID}.encode()
		rows = rows[:limit]
	}
	page.Entries = make([]HistoryEntry, len(rows))
	for i, r := range rows {
		e := r.HistoryEntry
		e.Before, e.After = rawJSON(r.BeforeText), rawJSON(r.AfterText)
		page.Entries[i] = e
	}
	return page, nil
}

func rawJSON(s *string) json.RawMessage {
	if s == nil {
		return json.RawMessage("null")
	}
	return json.RawMessage(*s)
}

// ReviewInput is a fact-checker's judgement of a quote: a status
// (verified, disputed or retracted; extracted undoes a review), a note
// saying why, and who reviewed it ("" falls back to the context's actor).
type ReviewInput struct {
	Status   string
	Note     string
	Reviewer string
}

// ReviewQuote records a fact-checker's review of a quote: its status
// changes and the history keeps who, when, the note and the quote before
// and after. Unknown id: errs.NotFound; bad status: errs.Invalid.
func (s *Store) ReviewQuote(ctx context.Context, id int64, in ReviewInput) (models.Quote, error) {
	var bad errs.Fields
	if !oneOf(in.Status, models.QuoteStatuses()) {
		bad.Add("status", "must be one of %s", strings.Join(models.QuoteStatuses(), ", "))
	}
	if len([]rune(in.Note)) > models.MaxDescriptionChars {
		bad.Add("note", "must be at most %d characters", models.MaxDescriptionChars)
	}
	if len([]rune(in.Reviewer)) > models.MaxNameChars {
		bad.Add("reviewer", "must be at most %d characters", models.MaxNameChars)
	}
	if err := bad.Err(); err != nil {
		return models.Quote{}, err
	}
	ctx = WithActor(ctx, in.Reviewer)
	err := s.write(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&models.Quote{}).Where("id = ?", id).Count(&n).Error; err != nil {
			return dbErr(err, "quote")
		}
		if n == 0 {
			return errs.NotFoundf("quote %s not found", strconv.FormatInt(id, 10))
		}
		return s.recordChange(ctx, tx, EntityQuote, id, "review", strings.TrimSpace(in.Note), func() error {
			return dbErr(tx.Model(&models.Quote{}).Where("id = ?", id).
				Updates(map[string]any{"status": in.Status, "updated_at": s.now()}).Error, "quote")
		})
	})
	if err != nil {
		return models.Quote{}, err
	}
	return s.GetQuote(ctx, id)
}
