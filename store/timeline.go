package store

import (
	"context"
	"strings"
	"time"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
)

// Timeline orders.
const (
	TimelineOldest = "oldest" // earliest said first (the default)
	TimelineNewest = "newest"
)

// TimelineFilter selects a speaker's quotes for a timeline: Q searches
// their text, From and To bound when they were said (inclusive, by day).
type TimelineFilter struct {
	Q        string
	From, To *time.Time
	Order    string
	Page
}

// TimelineEntry is one utterance in a speaker's timeline: the earliest
// stored report of it, the day it was said (said_on, else the day it was
// first reported), and every outlet that reports it.
type TimelineEntry struct {
	Quote   models.Quote
	SaidAt  string
	Reports int
	Outlets []string
}

// TimelinePage is one page of a speaker's timeline.
type TimelinePage struct {
	Speaker    models.Speaker
	Entries    []TimelineEntry
	NextCursor string
}

type timelineRow struct {
	models.Quote
	SaidAt      string `gorm:"column:said_at"`
	UtteranceID *int64 `gorm:"column:utterance_id"`
}

// SpeakerTimeline returns what a speaker said in the order it was said,
// one entry per utterance however many outlets reported it, each with
// those outlets. ref is an id or slug (a merged speaker's old one too).
// Unknown speaker: errs.NotFound; bad filter: errs.Invalid naming it.
func (s *Store) SpeakerTimeline(ctx context.Context, ref string, f TimelineFilter) (TimelinePage, error) {
	var bad errs.Fields
	limit, terms := listFilter(&bad, f.Limit, f.Q, f.From, f.To)
	if f.Order == "" {
		f.Order = TimelineOldest
	} else if f.Order != TimelineOldest && f.Order != TimelineNewest {
		bad.Add("order", "must be oldest or newest")
	}
	if err := bad.Err(); err != nil {
		return TimelinePage{}, err
	}
	cur, err := decodeCursor(f.Cursor, "timeline-"+f.Order)
	if err != nil {
		return TimelinePage{}, err
	}
	sp, err := s.GetSpeaker(ctx, ref)
	if errs.KindOf(err) == errs.NotFound {
		if r, rerr := s.SpeakerRedirect(ctx, ref); rerr == nil {
			sp, err = s.GetSpeaker(ctx, r.Slug)
		}
	}
	if err != nil {
		return TimelinePage{}, err
	}
	db := s.read(ctx)
	var w sqlWhere
	w.add("q.speaker_id = ?", sp.ID)
	// One entry per utterance: its earliest report stands for it.
	w.add(`(q.utterance_id IS NULL OR q.id = (SELECT q2.id FROM quotes q2 WHERE q2.utterance_id = q.utterance_id
		ORDER BY q2.reported_at, q2.id LIMIT 1))`)
	if len(terms) > 0 {
		cond, args := dialectOf(db).quoteIDsMatching(terms)
		w.add(cond, args...)
	}
	if f.From != nil {
		w.add("q.said_at >= ?", f.From.UTC().Format(time.DateOnly))
	}
	if f.To != nil {
		w.add("q.said_at <= ?", f.To.UTC().Format(time.DateOnly))
	}
	order := " ORDER BY q.said_at, q.id"
	if f.Order == TimelineNewest {
		order = " ORDER BY q.said_at DESC, q.id DESC"
	}
	if cur != nil {
		if f.Order == TimelineNewest {
			w.add("(q.said_at < ? OR (q.said_at = ? AND q.id < ?))", cur.Key, cur.Key, cur.ID)
		} else {
			w.add("(q.said_at > ? OR (q.said_at = ? AND q.id > ?))", cur.Key, cur.Key, cur.ID)
		}
	}
	var rows []timelineRow
	args := append(w.args, limit+1)
	if err := db.Raw("SELECT q.*, q.said_at AS said_at FROM quotes q"+w.sql()+order+" LIMIT ?", args...).Scan(&rows).Error; err != nil {
		return TimelinePage{}, dbErr(err, "quotes")
	}
	page := TimelinePage{Speaker: sp, Entries: []TimelineEntry{}}
	if len(rows) > limit {
		last := rows[limit-1]
		page.NextCursor = cursor{Sort: "timeline-" + f.Order, Key: last.SaidAt, ID: last.ID}.encode()
		rows = rows[:limit]
	}
	qs := make([]models.Quote, len(rows))
	var utterances []int64
	for i, r := range rows {
		qs[i] = r.Quote
		if r.UtteranceID != nil {
			utterances = append(utterances, *r.UtteranceID)
		}
	}
	if err := s.attach(ctx, db, qs); err != nil {
		return TimelinePage{}, err
	}
	type outletRow struct {
		UtteranceID int64
		Outlet      string
	}
	var outlets []outletRow
	if len(utterances) > 0 {
		if err := db.Raw(`SELECT q.utterance_id, s.outlet FROM quotes q JOIN sources s ON s.id = q.source_id
			WHERE q.utterance_id IN ? ORDER BY q.reported_at, q.id`, utterances).Scan(&outlets).Error; err != nil {
			return TimelinePage{}, dbErr(err, "outlets")
		}
	}
	for i, r := range rows {
		e := TimelineEntry{Quote: qs[i], SaidAt: r.SaidAt, Reports: 1, Outlets: []string{}}
		if r.UtteranceID != nil {
			e.Reports = 0
			for _, o := range outlets {
				if o.UtteranceID == *r.UtteranceID {
					e.Reports++
					e.Outlets = appendOutlet(e.Outlets, o.Outlet)
				}
			}
		} else if qs[i].Source != nil {
			e.Outlets = appendOutlet(e.Outlets, qs[i].Source.Outlet)
		}
		page.Entries = append(page.Entries, e)
	}
	return page, nil
}

func appendOutlet(list []string, o string) []string {
	o = strings.TrimSpace(o)
	if o == "" {
		return list
	}
	for _, have := range list {
		if strings.EqualFold(have, o) {
			return list
		}
	}
	return append(list, o)
}
