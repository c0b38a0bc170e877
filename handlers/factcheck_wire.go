package handlers

import (
	"encoding/json"
	"time"

	"github.com/whosaid/whosaid/factcheck"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// Wire types of the fact-checking endpoints (verify, reports of an
// utterance, review, history, merge, split, timeline) and their
// converters from the store's results.

// DiffOp is one step of a word-level diff from what was said to what is
// claimed: equal words, words inserted in the claim, words said but
// deleted from it, or said words replaced by others. Concatenating said
// over all ops gives the quote's words, claimed the claim's.
type DiffOp struct {
	Op      string   `json:"op" example:"replace" enums:"equal,insert,delete,replace"`
	Said    []string `json:"said" example:"opportunities"`
	Claimed []string `json:"claimed" example:"chances"`
} //@name DiffOp

// SpeakerMatch is a stored speaker the claimed speaker may be: 1 for a
// name or alias, less when only distinctive words of a name or role match
// ("MI5 boss" for "MI5 chief"). matched_name is the name that matched.
type SpeakerMatch struct {
	Speaker     QuoteSpeaker `json:"speaker"`
	Confidence  float64      `json:"confidence" example:"0.8"`
	MatchedName string       `json:"matched_name" example:"MI5 chief"`
} //@name SpeakerMatch

// Report is one stored report of an utterance: which quote (id), in which
// source, reported when.
type Report struct {
	QuoteID    int64        `json:"id" example:"42"`
	Text       string       `json:"text" example:"Of course I am frustrated when opportunities to prosecute national security threatening activity are not followed through."`
	Source     *QuoteSource `json:"source"`
	ReportedAt time.Time    `json:"reported_at" example:"2025-10-16T13:00:00Z"`
} //@name Report

// Evidence is a stored quote compared with a claim: how similar it is
// (score: 1 for an exact match after normalising), how surely its speaker is the
// claimed one, the word-level diff from the quote to the claim, and every
// stored report of the same utterance with the earliest one.
type Evidence struct {
	Quote          Quote    `json:"quote"`
	Similarity     float64  `json:"score" example:"0.83"`
	Exact          bool     `json:"exact" example:"false"`
	Fragment       bool     `json:"fragment" example:"false"`
	Stitched       bool     `json:"stitched" example:"false"`
	SpeakerMatch   float64  `json:"speaker_match" example:"1"`
	Diff           []DiffOp `json:"diff"`
	Reports        []Report `json:"reports"`
	EarliestReport Report   `json:"earliest_report"`
} //@name Evidence

// VerifyRequest is a quote as someone claims it was said. speaker is
// optional: without it, a leading "X said (that) …" or trailing "…, X
// said" in the claim names the speaker.
type VerifyRequest struct {
	Claim   string `json:"claim" example:"MI5 boss said Chinese spies are a threat every single day" maxLength:"2000" binding:"required"`
	Speaker string `json:"speaker" example:"Ken McCallum" maxLength:"200"`
	Limit   int    `json:"limit" example:"5" minimum:"1" maximum:"20"`
} //@name VerifyRequest

// VerifyResult is the verdict on a claimed quote, with the evidence.
//
//   - verified: the speaker said it (exactly, or equal after normalising
//     case, punctuation, quote marks and white space; an ellipsis stands
//     for words left out);
//   - altered: the speaker said something close; see evidence[0].diff;
//   - misattributed: the words were said, by said_by, not the claimed
//     speaker;
//   - partial: the claim stitches a real quote to words never said, or is
//     only a fragment of what was said;
//   - not_found: nothing in the record comes close, which is not proof it
//     was never said.
//
// evidence[0] is the quote the verdict rests on (none for not_found).
type VerifyResult struct {
	Claim          string         `json:"claim" example:"Chinese spies are a threat every single day"`
	ClaimedSpeaker *string        `json:"claimed_speaker" example:"MI5 boss"`
	Verdict        string         `json:"verdict" example:"altered" enums:"verified,altered,misattributed,partial,not_found"`
	Confidence     float64        `json:"confidence" example:"0.42"`
	Explanation    string         `json:"reason" example:"the speaker said something close to this, in other words"`
	SaidBy         *QuoteSpeaker  `json:"said_by"`
	SpeakerMatches []SpeakerMatch `json:"speaker_matches"`
	Evidence       []Evidence     `json:"evidence"`
	Compared       int            `json:"compared" example:"37"`
} //@name VerifyResult

// Variant is one wording of an utterance and the quotes and outlets that
// report it so.
type Variant struct {
	Text     string   `json:"text" example:"Of course I am frustrated when opportunities to prosecute national security-threatening activity are not followed through, for whatever reason."`
	QuoteIDs []int64  `json:"quote_ids" example:"42"`
	Outlets  []string `json:"outlets" example:"The Independent"`
} //@name Variant

// UtteranceReport is one report of an utterance: the quote (with its
// speaker and source), whether it is the first report, and the word-level
// diff from the first report's wording to its own.
type UtteranceReport struct {
	Quote Quote    `json:"quote"`
	First bool     `json:"first" example:"true"`
	Diff  []DiffOp `json:"diff"`
} //@name UtteranceReport

// Corroboration is every stored source that reports the words a quote
// reports, earliest first, and their wordings side by side.
type Corroboration struct {
	QuoteID     int64             `json:"quote_id" example:"42"`
	UtteranceID *int64            `json:"utterance_id" example:"17"`
	FirstReport Report            `json:"first_report"`
	Reports     []UtteranceReport `json:"reports"`
	Variants    []Variant         `json:"variants"`
} //@name Corroboration

// ReviewRequest is a fact-checker's review of a quote. reviewer is who
// reviewed it; the X-Reviewer header, when given, takes precedence, and
// without either the change is recorded as anonymous.
type ReviewRequest struct {
	Status   string `json:"status" example:"verified" enums:"verified,disputed,retracted,extracted" binding:"required"`
	Note     string `json:"note" example:"Checked against the committee's video recording." maxLength:"2000"`
	Reviewer string `json:"reviewer" example:"ana@factcheck.example" maxLength:"200"`
} //@name ReviewRequest

// HistoryEntry is one recorded change to a quote or speaker: who made it,
// when, with what note, and JSON snapshots before and after (null before
// a creation, after a deletion).
type HistoryEntry struct {
	ID     int64           `json:"id" example:"3"`
	Action string          `json:"action" example:"review" enums:"update,review,delete,add_alias,remove_alias,merge,merged_into,merge_speaker,split,split_speaker,create"`
	Actor  string          `json:"actor" example:"ana@factcheck.example"`
	Note   string          `json:"note" example:"Checked against the committee's video recording."`
	Before json.RawMessage `json:"before" swaggertype:"object"`
	After  json.RawMessage `json:"after" swaggertype:"object"`
	At     time.Time       `json:"at" example:"2025-10-17T09:30:00Z"`
} //@name HistoryEntry

// HistoryList is one page of a history, oldest change first.
type HistoryList struct {
	Data       []HistoryEntry `json:"data"`
	NextCursor *string        `json:"next_cursor" example:"eyJpZCI6M30"`
	Links      Links          `json:"links"`
} //@name HistoryList

// MergeRequest names the speaker another one turns out to be.
type MergeRequest struct {
	Into int64 `json:"into" example:"7" minimum:"1" binding:"required"`
} //@name MergeRequest

// SplitRequest takes one alias of a speaker off into a new speaker,
// optionally with some of its quotes. name defaults to the alias, kind to
// the old speaker's.
type SplitRequest struct {
	AliasID     int64   `json:"alias_id" example:"12" minimum:"1" binding:"required"`
	Name        string  `json:"name" example:"Matt Collins" maxLength:"200"`
	Kind        string  `json:"kind" example:"person" enums:"person,organization"`
	Description string  `json:"description" example:"Deputy national security adviser" maxLength:"2000"`
	Role        string  `json:"role" example:"Deputy National Security Adviser" maxLength:"200"`
	WikidataQID *string `json:"wikidata_qid" example:"Q42"`
	QuoteIDs    []int64 `json:"quote_ids" example:"42"`
} //@name SplitRequest

// TimelineEntry is one utterance in a speaker's timeline: the day it was
// said (said_on, else the day it was first reported), its earliest
// stored report, and every outlet that reports it.
type TimelineEntry struct {
	SaidAt  string   `json:"said_at" example:"2025-10-16" format:"date"`
	Quote   Quote    `json:"quote"`
	Reports int      `json:"reports" example:"2"`
	Outlets []string `json:"outlets" example:"The Independent,The Telegraph"`
} //@name TimelineEntry

// Timeline is one page of what a speaker said, in the order it was said.
type Timeline struct {
	Speaker    QuoteSpeaker    `json:"speaker"`
	Data       []TimelineEntry `json:"data"`
	NextCursor *string         `json:"next_cursor" example:"eyJpZCI6NDJ9"`
	Links      Links           `json:"links"`
} //@name Timeline

func toDiff(ops []factcheck.Op) []DiffOp {
	out := make([]DiffOp, len(ops))
	for i, op := range ops {
		out[i] = DiffOp{Op: op.Op, Said: op.Said, Claimed: op.Claimed}
	}
	return out
}

func toQuoteSpeaker(s *models.Speaker) *QuoteSpeaker {
	if s == nil {
		return nil
	}
	return &QuoteSpeaker{ID: s.ID, Name: s.Name, Slug: s.Slug, Kind: s.Kind}
}

func toReport(q models.Quote) Report {
	r := Report{QuoteID: q.ID, Text: q.Text, ReportedAt: q.ReportedAt}
	if q.Source != nil {
		r.Source = toQuoteSource(*q.Source)
	}
	return r
}

func toVerifyResult(res store.VerifyResult) VerifyResult {
	out := VerifyResult{
		Claim:          joinPieces(res.Claim.Pieces),
		Verdict:        string(res.Verdict),
		Confidence:     round2(res.Confidence),
		Explanation:    res.Reason,
		SpeakerMatches: make([]SpeakerMatch, len(res.Speakers)),
		Evidence:       make([]Evidence, len(res.Evidence)),
		Compared:       res.Compared,
	}
	if res.Claim.Speaker != "" {
		sp := res.Claim.Speaker
		out.ClaimedSpeaker = &sp
	}
	for i, g := range res.Speakers {
		out.SpeakerMatches[i] = SpeakerMatch{Speaker: *toQuoteSpeaker(&g.Speaker), Confidence: round2(g.Confidence), MatchedName: g.Via}
	}
	for i, e := range res.Evidence {
		ev := Evidence{
			Quote: toQuote(e.Quote, false), Similarity: round2(e.Match.Score), Exact: e.Match.Exact,
			Fragment: e.Match.Fragment, Stitched: e.Match.Stitched, SpeakerMatch: round2(e.BySpeaker),
			Diff: toDiff(e.Match.Diff), Reports: make([]Report, len(e.Reports)),
		}
		for k, r := range e.Reports {
			ev.Reports[k] = toReport(r)
		}
		if len(ev.Reports) > 0 {
			ev.EarliestReport = ev.Reports[0]
		}
		out.Evidence[i] = ev
	}
	if res.Verdict != factcheck.NotFound && len(res.Evidence) > 0 {
		out.SaidBy = toQuoteSpeaker(res.Evidence[0].Quote.Speaker)
	}
	return out
}

func joinPieces(pieces []string) string {
	out := ""
	for i, p := range pieces {
		if i > 0 {
			out += " … "
		}
		out += p
	}
	return out
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

func toCorroboration(id int64, c store.Corroboration) Corroboration {
	out := Corroboration{QuoteID: id, UtteranceID: c.UtteranceID, Reports: make([]UtteranceReport, len(c.Reports)), Variants: make([]Variant, len(c.Variants))}
	for i, r := range c.Reports {
		out.Reports[i] = UtteranceReport{Quote: toQuote(r.Quote, false), First: i == 0, Diff: toDiff(r.Diff)}
	}
	if len(c.Reports) > 0 {
		out.FirstReport = toReport(c.Reports[0].Quote)
	}
	for i, v := range c.Variants {
		out.Variants[i] = Variant{Text: v.Text, QuoteIDs: v.QuoteIDs, Outlets: v.Outlets}
		if out.Variants[i].Outlets == nil {
			out.Variants[i].Outlets = []string{}
		}
	}
	return out
}

func toHistory(entries []store.HistoryEntry) []HistoryEntry {
	out := make([]HistoryEntry, len(entries))
	for i, e := range entries {
		out[i] = HistoryEntry{ID: e.ID, Action: e.Action, Actor: e.Actor, Note: e.Note, Before: e.Before, After: e.After, At: e.At}
	}
	return out
}
