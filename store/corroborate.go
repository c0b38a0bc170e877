package store

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/factcheck"
	"github.com/whosaid/whosaid/models"
)

// Linking reports of one utterance. Two quotes report the same words said
// once when they have the same speaker, come from different sources, and
// the shorter is, after normalising, a stretch of the longer or close to
// it. Short quotes ("every day") are too common to link on.
const (
	minLinkWords    = 4    // words the shorter quote needs
	minLinkScore    = 0.75 // similarity of a non-exact pair
	minLinkCoverage = 0.7  // share of the shorter quote's words matched
	linkCandidates  = 50   // candidates compared per new quote
)

// linkUtterances links each of the given new quotes of one source to the
// best earlier report of the same utterance, if there is one, by giving
// both the utterance id of that report's cluster. It runs inside the
// ingest's transaction, which holds lockAttribution, with candidates from
// the full-text index.
func (s *Store) linkUtterances(tx *gorm.DB, sourceID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var news []candidateRow
	if err := tx.Raw("SELECT * FROM quotes WHERE id IN ? ORDER BY id", ids).Scan(&news).Error; err != nil {
		return dbErr(err, "quotes")
	}
	for _, q := range news {
		if q.SpeakerID == nil || len(factcheck.Tokens(q.Text)) < minLinkWords {
			continue
		}
		cids, err := candidateIDs(tx, candidateQuery{text: q.Text, speakerIDs: []int64{*q.SpeakerID}, notSource: sourceID, limit: linkCandidates})
		if err != nil {
			return err
		}
		rows, err := loadCandidates(tx, cids)
		if err != nil {
			return err
		}
		best, bestScore := -1, 0.0
		for i, r := range rows {
			if score, ok := sameUtterance(q.Text, r.Text); ok && score > bestScore {
				best, bestScore = i, score
			}
		}
		if best < 0 {
			continue
		}
		other := rows[best]
		utterance := other.ID
		if other.UtteranceID != nil {
			utterance = *other.UtteranceID
		} else if err := tx.Exec("UPDATE quotes SET utterance_id = ? WHERE id = ?", utterance, other.ID).Error; err != nil {
			return dbErr(err, "quote")
		}
		if err := tx.Exec("UPDATE quotes SET utterance_id = ? WHERE id = ?", utterance, q.ID).Error; err != nil {
			return dbErr(err, "quote")
		}
	}
	return nil
}

// sameUtterance compares two quotes' texts and says whether they report
// the same words, with how similar they are.
func sameUtterance(a, b string) (float64, bool) {
	ta, tb := factcheck.Tokens(a), factcheck.Tokens(b)
	if len(ta) > len(tb) {
		a, b, ta, tb = b, a, tb, ta
	}
	if len(ta) < minLinkWords {
		return 0, false
	}
	m := factcheck.Prepare(factcheck.Claim{Text: a, Pieces: []string{a}}).CompareTokens(tb)
	if m.Exact {
		return 1, true
	}
	return m.Score, m.Score >= minLinkScore && m.ClaimCoverage >= minLinkCoverage && !m.Stitched
}

// Report is one stored report of an utterance: the quote (with speaker and
// source) and how its wording differs from the earliest report's.
type Report struct {
	Quote models.Quote
	Diff  []factcheck.Op // from the earliest report's words to this one's
}

// Variant is one wording of an utterance and the quotes that use it.
type Variant struct {
	Text     string
	QuoteIDs []int64
	Outlets  []string
}

// Corroboration is every stored report of the utterance a quote belongs
// to, earliest first (Reports[0] is the first report), and its distinct
// wordings, side by side. A quote no other source reports has one report.
type Corroboration struct {
	UtteranceID *int64
	Reports     []Report
	Variants    []Variant
}

// Corroborate returns the reports of the utterance quote id belongs to.
// Unknown id: errs.NotFound.
func (s *Store) Corroborate(ctx context.Context, id int64) (Corroboration, error) {
	db := s.read(ctx)
	rows, err := loadJoined(db, "WHERE q.id = ?", id)
	if err != nil || len(rows) == 0 {
		return Corroboration{}, notFoundOr(err, "quote "+strconv.FormatInt(id, 10))
	}
	r := rows[0]
	if r.UtteranceID != nil {
		if rows, err = loadJoined(db, "WHERE q.utterance_id = ? ORDER BY q.reported_at, q.id LIMIT ?", *r.UtteranceID, maxReports); err != nil {
			return Corroboration{}, dbErr(err, "reports")
		}
	}
	return corroboration(r.UtteranceID, rows), nil
}

// corroboration is the Corroboration of the reports rows of utterance,
// earliest first.
func corroboration(utterance *int64, rows []candidateRow) Corroboration {
	out := Corroboration{UtteranceID: utterance}
	if len(rows) == 0 {
		return out
	}
	first := factcheck.Tokens(rows[0].Text)
	byText := map[string]int{}
	for i := range rows {
		q := rows[i].Quote
		ts := first
		if i > 0 {
			ts = factcheck.Tokens(q.Text)
		}
		out.Reports = append(out.Reports, Report{Quote: q, Diff: factcheck.Diff(first, ts)})
		key := normalized(ts)
		i, ok := byText[key]
		if !ok {
			i = len(out.Variants)
			byText[key] = i
			out.Variants = append(out.Variants, Variant{Text: q.Text})
		}
		out.Variants[i].QuoteIDs = append(out.Variants[i].QuoteIDs, q.ID)
		if q.Source != nil && q.Source.Outlet != "" {
			out.Variants[i].Outlets = append(out.Variants[i].Outlets, q.Source.Outlet)
		}
	}
	return out
}

// normalized is factcheck.Normalize of the text ts are the tokens of.
func normalized(ts []factcheck.Token) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Norm)
	}
	return b.String()
}
