package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/factcheck"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/names"
)

// Limits of a verify request.
const (
	MaxClaimChars   = 2000 // characters of a claim
	DefaultEvidence = 5    // evidence entries by default
	MaxEvidence     = 20   // evidence entries at most
	maxReports      = 50   // reports of one utterance listed with evidence
	// minEvidenceScore is the least similarity of a quote listed as
	// evidence when it is not close enough to decide the verdict.
	minEvidenceScore = 0.3
	// fuzzySpeaker scales a name-word match ("MI5 boss" for "MI5 chief")
	// below an exact name or alias match (1).
	fuzzySpeaker = 0.8
	// minSpeakerGuess is the least confidence of a fuzzy speaker match.
	minSpeakerGuess = 0.35
	// firstCandidates is how many quotes with all of a claim's rarest
	// words are compared first; settledScore is the least score of a
	// close match among them by the claimed speaker that ends the search.
	firstCandidates = 50
	settledScore    = 0.75
	// wholeCandidates: this many candidates or fewer found together are
	// loaded whole (speaker and source too) rather than loaded again if
	// they are evidence.
	wholeCandidates = 8
)

// VerifyInput is a claimed quote to check. Speaker is optional; when it
// is empty, a leading "X said (that) …" or trailing "…, X said" in Claim
// names the speaker.
type VerifyInput struct {
	Claim   string
	Speaker string
	Limit   int // evidence entries; DefaultEvidence when 0
}

// SpeakerGuess is a stored speaker the claimed speaker may be, with how
// sure the match is (1 for a name or alias, less for shared name words)
// and the name that matched.
type SpeakerGuess struct {
	Speaker    models.Speaker
	Confidence float64
	Via        string
}

// Evidence is a stored quote compared with the claim: the quote (with its
// speaker and source), how it compares, how surely its speaker is the
// claimed one, and every stored report of the same utterance, earliest
// first (just the quote itself when no other source reports it).
type Evidence struct {
	Quote       models.Quote
	UtteranceID *int64
	Match       factcheck.Match
	BySpeaker   float64
	Reports     []models.Quote
}

// VerifyResult is the verdict on a claim with its evidence. Evidence[0]
// is the quote the verdict rests on, unless the verdict is not_found.
// Compared is how many stored quotes the claim was compared with.
type VerifyResult struct {
	Claim      factcheck.Claim
	Speakers   []SpeakerGuess
	Verdict    factcheck.Verdict
	Confidence float64
	Reason     string
	Evidence   []Evidence
	Compared   int
}

// candidateRow is a quote as candidate search loads it.
type candidateRow struct {
	models.Quote
	UtteranceID *int64 `gorm:"column:utterance_id"`
}

// Verify checks a claimed quote against the record: it finds candidate
// quotes through the full-text index (never a scan, and never more than a
// bounded part of any word's list of quotes), compares each with the
// claim word by word and gives the verdict with its evidence.
//
// It looks first at the few quotes that have the claim's two rarest words
// (then at those with any two of its three rarest). When they settle the
// verdict (an exact match, which has every word of the claim, or a close
// match by the claimed speaker scoring settledScore or more, which only
// an exact match could outdo) it stops there, and the evidence is drawn
// from those quotes alone: other quotes that share only some of the
// claim's words are not listed. Otherwise it also compares the quotes
// with the most of the claim's rarest words and the claimed speaker's
// quotes with some of them, maxCandidates in all.
//
// A claim with no words, or longer than MaxClaimChars, is errs.Invalid.
func (s *Store) Verify(ctx context.Context, in VerifyInput) (VerifyResult, error) {
	var bad errs.Fields
	switch n := utf8.RuneCountInString(in.Claim); {
	case strings.TrimSpace(in.Claim) == "":
		bad.Add("claim", "is required")
	case n > MaxClaimChars:
		bad.Add("claim", "must be at most %d characters", MaxClaimChars)
	}
	if utf8.RuneCountInString(in.Speaker) > models.MaxNameChars {
		bad.Add("speaker", "must be at most %d characters", models.MaxNameChars)
	}
	limit := in.Limit
	if limit == 0 {
		limit = DefaultEvidence
	} else if limit < 1 || limit > MaxEvidence {
		bad.Add("limit", "must be between 1 and %d", MaxEvidence)
	}
	if err := bad.Err(); err != nil {
		return VerifyResult{}, err
	}
	claim := factcheck.ParseClaim(in.Claim)
	if sp := strings.TrimSpace(in.Speaker); sp != "" {
		claim.Speaker = sp
	}
	prep := factcheck.Prepare(claim)
	if len(prep.Tokens) == 0 {
		return VerifyResult{}, errs.Invalidf("claim", "has no words to look for")
	}
	res := VerifyResult{Claim: claim}
	// Every statement below reads a bounded number of index entries and
	// rows, so they do not watch the request's context (see
	// readStmts.query: a watcher goroutine per statement, for each of
	// database/sql and the driver, cost more than the statements).
	if err := ctx.Err(); err != nil {
		return res, err
	}
	ctx = context.WithoutCancel(ctx)
	db := s.read(ctx)

	byID := map[int64]float64{}
	var speakerQuotes int64
	if claim.Speaker != "" {
		guesses, err := s.guessSpeakers(ctx, db, claim.Speaker)
		if err != nil {
			return res, err
		}
		res.Speakers = guesses
		for _, g := range guesses {
			byID[g.Speaker.ID] = g.Confidence
			speakerQuotes += max(1, g.Speaker.QuoteCount)
		}
	}

	// Candidates that share too few words with the claim to matter are
	// screened out uncompared (their Match stays zero: no verdict or
	// evidence can rest on them); the diff is made for the evidence only.
	var rows []candidateRow
	var cands []factcheck.Candidate
	var whole []bool // rows[i] was loaded with its speaker and source
	loaded := map[int64]bool{}
	addRows := func(more []candidateRow, isWhole bool) {
		for _, r := range more {
			if loaded[r.ID] {
				continue
			}
			loaded[r.ID] = true
			var c factcheck.Candidate
			c.Match, _ = prep.Screen(r.Text, minEvidenceScore)
			if r.SpeakerID != nil {
				c.BySpeaker = byID[*r.SpeakerID]
			}
			rows, cands, whole = append(rows, r), append(cands, c), append(whole, isWhole)
		}
	}
	add := func(ids []int64) error {
		fresh := ids[:0:0]
		for _, id := range ids {
			if !loaded[id] {
				fresh = append(fresh, id)
			}
		}
		// A few candidates, likely the evidence, are loaded whole at
		// once; many with only what comparing them needs.
		var more []candidateRow
		var err error
		if len(fresh) <= wholeCandidates {
			more, err = s.loadJoinedIDs(ctx, fresh)
			err = dbErr(err, "quotes")
		} else {
			more, err = s.loadCandidatesRead(ctx, fresh)
		}
		addRows(more, len(fresh) <= wholeCandidates)
		return err
	}

	// First the few quotes that have the claim's rarest words: every
	// quote the claim is an exact match of is among them.
	text := strings.Join(claim.Pieces, " ")
	var complete bool
	if fl, ok := dialectOf(db).(firstLooker); ok {
		more, _, err := fl.firstLook(ctx, s.rs, db, &s.counts, text, firstCandidates, false)
		if err != nil {
			return res, err
		}
		addRows(more, false)
		complete = len(more) < firstCandidates
		if complete && !settled(claim.Speaker != "", cands) {
			// One of the two rarest words may be one the claim got wrong.
			more, same, err := fl.firstLook(ctx, s.rs, db, &s.counts, text, firstCandidates, true)
			if err != nil {
				return res, err
			}
			if !same {
				addRows(more, false)
				complete = len(more) < firstCandidates
			}
		}
	} else {
		ids, err := candidateIDs(db, candidateQuery{counts: &s.counts, text: text, limit: firstCandidates, all: true})
		if err != nil {
			return res, err
		}
		if err := add(ids); err != nil {
			return res, err
		}
		complete = len(ids) < firstCandidates
		if complete && !settled(claim.Speaker != "", cands) {
			// One of the two rarest words may be one the claim got wrong.
			ids, err := candidateIDs(db, candidateQuery{counts: &s.counts, text: text, limit: firstCandidates, all: true, allBut: true})
			if err != nil {
				return res, err
			}
			if err := add(ids); err != nil {
				return res, err
			}
			complete = len(ids) < firstCandidates
		}
	}
	if !complete || !settled(claim.Speaker != "", cands) {
		// Then the quotes with the most of its rarest words.
		ids, err := candidateIDs(db, candidateQuery{counts: &s.counts, text: text, limit: max(1, maxCandidates-50-len(rows))})
		if err != nil {
			return res, err
		}
		if len(byID) > 0 {
			// The claimed speaker's own quotes get places of their own, so
			// that other people's common words cannot crowd them out.
			more, err := candidateIDs(db, candidateQuery{counts: &s.counts, text: text, speakerIDs: keysOf(byID), speakerQuotes: speakerQuotes, limit: 50})
			if err != nil {
				return res, err
			}
			ids = unionIDs(ids, more)
		}
		if err := add(ids); err != nil {
			return res, err
		}
	}
	res.Compared = len(rows)

	d := factcheck.Decide(claim.Speaker != "", cands)
	res.Verdict, res.Confidence, res.Reason = d.Verdict, d.Confidence, d.Reason

	// Evidence: the deciding quote first, then the closest others.
	order := make([]int, 0, len(rows))
	for i := range rows {
		if i == d.Best || cands[i].Match.Score >= minEvidenceScore {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		i, j := order[a], order[b]
		if (i == d.Best) != (j == d.Best) {
			return i == d.Best
		}
		if cands[i].Match.Score != cands[j].Match.Score {
			return cands[i].Match.Score > cands[j].Match.Score
		}
		return rows[i].ReportedAt.Before(rows[j].ReportedAt)
	})
	if len(order) > limit {
		order = order[:limit]
	}
	// Candidates compared by their text alone load whole, with speaker
	// and source, in one query with the reports of their utterances.
	var evIDs, utterances []int64
	byQuote := make(map[int64]models.Quote, len(order))
	for _, i := range order {
		if whole[i] {
			byQuote[rows[i].ID] = rows[i].Quote
		} else {
			evIDs = append(evIDs, rows[i].ID)
		}
		if u := rows[i].UtteranceID; u != nil && !slices.Contains(utterances, *u) {
			utterances = append(utterances, *u)
		}
	}
	reports, err := s.loadEvidence(ctx, evIDs, utterances, byQuote)
	if err != nil {
		return res, err
	}
	for _, i := range order {
		q, ok := byQuote[rows[i].ID]
		if !ok {
			continue // deleted since
		}
		m := cands[i].Match
		m.Diff = factcheck.Diff(factcheck.Tokens(rows[i].Text), prep.Tokens)
		ev := Evidence{Quote: q, UtteranceID: rows[i].UtteranceID, Match: m, BySpeaker: cands[i].BySpeaker}
		if u := rows[i].UtteranceID; u != nil && len(reports[*u]) > 0 {
			ev.Reports = reports[*u]
		} else {
			ev.Reports = []models.Quote{q}
		}
		res.Evidence = append(res.Evidence, ev)
	}
	if res.Evidence == nil {
		res.Evidence = []Evidence{}
	}
	return res, nil
}

// firstLooker is a dialect that answers the first look of Verify (a
// candidateQuery with all set, and allBut if asked) itself, with the
// quotes loaded as loadCandidates loads them, in one query. same is true,
// and nothing is read, when allBut would find what all did (a claim with
// fewer than three words to look up).
type firstLooker interface {
	firstLook(ctx context.Context, rs *readStmts, db *gorm.DB, kept *termCounts, text string, limit int, allBut bool) (rows []candidateRow, same bool, err error)
}

// settled reports whether the candidates found so far (every quote with
// all of the claim's rarest words) decide the verdict so that no other
// quote could change it: an exact match (by the claimed speaker, or by
// someone else when the claimed speaker has none) has all of the claim's
// words, so it is among them; and a close match by the claimed speaker
// scoring settledScore or more could only be outdone by an exact one.
func settled(speakerClaimed bool, cs []factcheck.Candidate) bool {
	d := factcheck.Decide(speakerClaimed, cs)
	if d.Best < 0 {
		return false
	}
	m := cs[d.Best].Match
	switch d.Verdict {
	case factcheck.Verified:
		return true
	case factcheck.Misattributed:
		return m.Exact && !m.Fragment
	case factcheck.Altered, factcheck.Partial:
		return m.Score >= settledScore
	}
	return false
}

// candidateCols are the columns of a quote that comparing it with a
// claim needs (id, text, speaker, when reported, utterance), in the order
// scanCandidates reads them, for SQLite and PostgreSQL (dialectIndex),
// the time as text on SQLite (timeCol).
var candidateCols = [2]string{
	"q.id, q.text, q.speaker_id, " + timeCol("q.reported_at", false) + ", q.utterance_id",
	"q.id, q.text, q.speaker_id, " + timeCol("q.reported_at", true) + ", q.utterance_id",
}

// loadCandidates loads the quotes with these ids, in the same order, with
// only what comparing them needs: id, text, speaker, when reported and
// utterance (scanned by hand: two hundred rows through gorm's reflection
// cost more than comparing them). Linking runs it in a write transaction.
func loadCandidates(db *gorm.DB, ids []int64) ([]candidateRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rs, err := db.Raw("SELECT id, text, speaker_id, reported_at, utterance_id FROM quotes WHERE id IN ?", ids).Rows()
	return candidatesInOrder(rs, err, ids)
}

// candidatesInOrder scans the candidate rows a query for ids returned (or
// its error) into the order of ids.
func candidatesInOrder(rs *sql.Rows, err error, ids []int64) ([]candidateRow, error) {
	if err != nil {
		return nil, dbErr(err, "quotes")
	}
	rows, err := scanCandidates(rs, len(ids))
	if err != nil {
		return nil, dbErr(err, "quotes")
	}
	return inOrder(rows, ids), nil
}

// loadCandidatesRead is loadCandidates on the readers with a kept
// statement, each time parsed by hand (candidateCols): the driver's
// parsing tries other layouts first.
func (s *Store) loadCandidatesRead(ctx context.Context, ids []int64) ([]candidateRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rs, err := s.rs.queryIn(ctx, "SELECT "+candidateCols[dialectIndex(s.rs.pg)]+" FROM quotes q WHERE q.id IN ?", ids)
	return candidatesInOrder(rs, err, ids)
}

// inOrder sorts rows into the order of ids.
func inOrder(rows []candidateRow, ids []int64) []candidateRow {
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	sort.Slice(rows, func(i, j int) bool { return at[rows[i].ID] < at[rows[j].ID] })
	return rows
}

// scanCandidates reads rows of candidateCols and closes them.
func scanCandidates(rs *sql.Rows, size int) ([]candidateRow, error) {
	defer rs.Close()
	rows := make([]candidateRow, 0, size)
	for rs.Next() {
		var r candidateRow
		var sp, utt sql.NullInt64
		var at dbTime
		if err := rs.Scan(&r.ID, &r.Text, &sp, &at, &utt); err != nil {
			return nil, err
		}
		r.ReportedAt = at.T
		if sp.Valid {
			r.SpeakerID = &sp.Int64
		}
		if utt.Valid {
			r.UtteranceID = &utt.Int64
		}
		rows = append(rows, r)
	}
	return rows, rs.Err()
}

// loadEvidence loads, with their speaker and source, in one query, the
// quotes with these ids into byQuote, and the stored reports of each of
// the utterances, earliest first (maxReports at most each), which it
// returns by utterance. Each utterance's reports are read from its index
// entries in order, maxReports at most, so the query is bounded however
// often an utterance was reported.
func (s *Store) loadEvidence(ctx context.Context, ids, utterances []int64, byQuote map[int64]models.Quote) (map[int64][]models.Quote, error) {
	if len(ids) == 0 && len(utterances) == 0 {
		return nil, nil
	}
	var b strings.Builder
	var args []any
	b.WriteString("WHERE ")
	if len(ids) > 0 {
		ph, vals := inList(ids)
		b.WriteString("q.id IN ")
		b.WriteString(ph)
		args = append(args, vals...)
	}
	if len(utterances) > 0 {
		if len(ids) > 0 {
			b.WriteString(" OR ")
		}
		// As many subqueries as a power of two (the last utterance
		// repeated, the same set), so that a handful of statements are
		// kept for any number of utterances.
		_, us := inList(utterances)
		b.WriteString("q.id IN (")
		for k, u := range us {
			if k > 0 {
				b.WriteString(" UNION ALL ")
			}
			b.WriteString("SELECT id FROM (SELECT id FROM quotes WHERE utterance_id = ? ORDER BY reported_at, id LIMIT ")
			b.WriteString(strconv.Itoa(maxReports))
			b.WriteString(") AS u")
			b.WriteString(strconv.Itoa(k))
			args = append(args, u)
		}
		b.WriteString(")")
	}
	rows, err := s.loadJoinedRead(ctx, b.String(), args...)
	if err != nil {
		return nil, dbErr(err, "quotes")
	}
	var reports map[int64][]models.Quote
	if len(utterances) > 0 {
		reports = make(map[int64][]models.Quote, len(utterances))
	}
	for _, r := range rows {
		byQuote[r.ID] = r.Quote
		if r.UtteranceID != nil && slices.Contains(utterances, *r.UtteranceID) {
			reports[*r.UtteranceID] = append(reports[*r.UtteranceID], r.Quote)
		}
	}
	// A quote loaded as evidence that is not among the first maxReports
	// reports of its utterance comes after all of them: sorting and
	// cutting leaves the reports the utterance's subquery chose.
	for u, list := range reports {
		slices.SortFunc(list, func(a, b models.Quote) int {
			if c := a.ReportedAt.Compare(b.ReportedAt); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
		if len(list) > maxReports {
			reports[u] = list[:maxReports]
		}
	}
	return reports, nil
}

// guessSpeakers finds the stored speakers a claimed speaker may be: by id,
// slug (a merged speaker's old slug included), name or alias with full
// confidence; failing that, by the distinctive words of its name ("MI5
// boss" → "MI5 chief", "the head of MI5") with less. Best first.
func (s *Store) guessSpeakers(ctx context.Context, db *gorm.DB, claimed string) ([]SpeakerGuess, error) {
	// The commonest case, a slug or a name or alias as recorded, in one
	// query that loads the speakers too; it finds what resolveSpeaker
	// would find first (a slug, else the exact name key).
	ref := strings.TrimSpace(claimed)
	if _, err := strconv.ParseInt(ref, 10, 64); err != nil {
		if keys := names.Keys(ref); len(keys) > 0 {
			slug := strings.ToLower(ref)
			list, err := s.speakersRead(ctx, " WHERE slug = ? OR id IN (SELECT speaker_id FROM speaker_aliases WHERE key = ?) ORDER BY id", slug, keys[0])
			if err != nil {
				return nil, dbErr(err, "speakers")
			}
			bySlug := list[:0:0]
			for _, sp := range list {
				if sp.Slug == slug {
					bySlug = append(bySlug, sp)
				}
			}
			if len(bySlug) > 0 {
				list = bySlug
			}
			if len(list) > 10 {
				list = list[:10]
			}
			if len(list) > 0 {
				out := make([]SpeakerGuess, len(list))
				for i, sp := range list {
					out[i] = SpeakerGuess{Speaker: sp, Confidence: 1, Via: claimed}
				}
				return out, nil
			}
		}
	}
	conf := map[int64]float64{}
	via := map[int64]string{}
	if ids, err := s.resolveSpeaker(ctx, db, claimed); err == nil && len(ids) > 0 {
		for _, id := range ids {
			conf[id], via[id] = 1, claimed
		}
	} else if err != nil && errs.KindOf(err) != errs.Invalid {
		return nil, err
	}
	if len(conf) == 0 {
		if id, ok, err := s.redirectOf(db, claimed); err != nil {
			return nil, err
		} else if ok {
			conf[id], via[id] = 1, claimed
		}
	}
	if len(conf) == 0 {
		hits, err := aliasesWithWords(db, factcheck.DistinctiveNameTokens(claimed))
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			c := fuzzySpeaker * factcheck.NameSimilarity(claimed, h.Name)
			if c >= minSpeakerGuess && c > conf[h.SpeakerID] {
				conf[h.SpeakerID], via[h.SpeakerID] = c, h.Name
			}
		}
	}
	if len(conf) == 0 {
		return nil, nil
	}
	list, err := s.speakersRead(ctx, " WHERE id IN ?", keysOf(conf))
	if err != nil {
		return nil, dbErr(err, "speakers")
	}
	out := make([]SpeakerGuess, len(list))
	for i, sp := range list {
		out[i] = SpeakerGuess{Speaker: sp, Confidence: conf[sp.ID], Via: via[sp.ID]}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Confidence != out[j].Confidence {
			return out[i].Confidence > out[j].Confidence
		}
		return out[i].Speaker.ID < out[j].Speaker.ID
	})
	if len(out) > 10 {
		out = out[:10]
	}
	return out, nil
}

func keysOf(m map[int64]float64) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// unionIDs appends to a the ids of b it does not hold yet.
func unionIDs(a, b []int64) []int64 {
	seen := make(map[int64]bool, len(a))
	for _, id := range a {
		seen[id] = true
	}
	for _, id := range b {
		if !seen[id] {
			a = append(a, id)
		}
	}
	return a
}
