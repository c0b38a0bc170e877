package factcheck

import (
	"reflect"
	"strings"
	"testing"
)

// Quotes from the seed corpus, as stored.
const (
	mcCallumThreat     = "Do Chinese state actors present a UK national security threat? The answer is, of course, they do, every day."
	mcCallumBorn       = "I am MI5 born and bred. I will never back off from confronting threats to the UK, wherever they are from."
	mcCallumFrustrated = "Of course I am frustrated when opportunities to prosecute national security threatening activity are not followed through."
	mcCallumChina      = "When it comes to China, the UK needs to defend itself resolutely against security threats and seize the opportunities that demonstrably serve our national interest."
	collinsEspionage   = "Chinese espionage operations threaten the UK's economic prosperity and resilience and the integrity of our democratic institutions."
)

func TestTokens(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"“We’ve  said it,” he said…", "weve said it he said"},
		{`"We've said it," HE said...`, "weve said it he said"},
		{"U.K. and the UK", "uk and the uk"},
		{"national security-threatening activity", "national security threatening activity"},
		{"large-scale — espionage", "large scale espionage"},
		{"Crème brûlée", "creme brulee"},
		{"MI5’s job", "mi5s job"},
		{"", ""},
		{"… — !!", ""},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSentenceStarts(t *testing.T) {
	var got []string
	for _, tk := range Tokens("Do they? Yes. The U.K. said “no.” Then… it went on!") {
		if tk.Start {
			got = append(got, tk.Word)
		}
	}
	if strings.Join(got, ",") != "Do,Yes,The,Then" {
		t.Errorf("sentence starts = %v", got)
	}
}

func TestParseClaim(t *testing.T) {
	for _, tc := range []struct {
		in, speaker, text string
		pieces            int
	}{
		{"MI5 boss said Chinese spies are a threat every single day", "MI5 boss", "Chinese spies are a threat every single day", 1},
		{"Ken McCallum said that “I will never back off”", "Ken McCallum", "I will never back off", 1},
		{"Sir Keir Starmer told MPs: \"I will not stand for anyone being unfairly blamed\"", "Sir Keir Starmer", "I will not stand for anyone being unfairly blamed", 1},
		{"“We will cooperate where we can”, Baroness Chapman said.", "Baroness Chapman", "We will cooperate where we can", 1},
		{"\"We will cooperate where we can,\" said Baroness Chapman", "Baroness Chapman", "We will cooperate where we can", 1},
		{"According to the head of MI5, the threat is daily", "the head of MI5", "the threat is daily", 1},
		{"I said that last year, I said it the year before", "", "I said that last year, I said it the year before", 1},
		{"As I said in my first statement, the services are capable", "", "As I said in my first statement, the services are capable", 1},
		{"I am MI5 born and bred … wherever they are from", "", "I am MI5 born and bred … wherever they are from", 2},
		{"I am MI5 born and bred [...] wherever they are from", "", "I am MI5 born and bred [...] wherever they are from", 2},
		{"“just words”", "", "just words", 1},
		{"", "", "", 0},
	} {
		c := ParseClaim(tc.in)
		if c.Speaker != tc.speaker || c.Text != tc.text || len(c.Pieces) != tc.pieces {
			t.Errorf("ParseClaim(%q) = speaker %q text %q pieces %q; want %q, %q, %d pieces", tc.in, c.Speaker, c.Text, c.Pieces, tc.speaker, tc.text, tc.pieces)
		}
	}
}

func TestDiff(t *testing.T) {
	said, claimed := Tokens("Of course I am frustrated when opportunities to prosecute are not followed through."),
		Tokens("of course I'm frustrated when chances to prosecute are not followed through")
	got := Diff(said, claimed)
	want := []Op{
		{OpEqual, []string{"Of", "course"}, []string{"of", "course"}},
		{OpReplace, []string{"I", "am"}, []string{"I'm"}},
		{OpEqual, []string{"frustrated", "when"}, []string{"frustrated", "when"}},
		{OpReplace, []string{"opportunities"}, []string{"chances"}},
		{OpEqual, []string{"to", "prosecute", "are", "not", "followed", "through"}, []string{"to", "prosecute", "are", "not", "followed", "through"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Diff = %+v\nwant %+v", got, want)
	}
	checkReconstructs(t, said, claimed, got)
}

func checkReconstructs(t *testing.T, said, claimed []Token, ops []Op) {
	t.Helper()
	var s, c []string
	for _, op := range ops {
		s = append(s, op.Said...)
		c = append(c, op.Claimed...)
		switch op.Op {
		case OpEqual:
			if len(op.Said) != len(op.Claimed) || len(op.Said) == 0 {
				t.Errorf("equal op %+v has unequal or no words", op)
			}
		case OpInsert:
			if len(op.Said) != 0 || len(op.Claimed) == 0 {
				t.Errorf("insert op %+v", op)
			}
		case OpDelete:
			if len(op.Said) == 0 || len(op.Claimed) != 0 {
				t.Errorf("delete op %+v", op)
			}
		case OpReplace:
			if len(op.Said) == 0 || len(op.Claimed) == 0 {
				t.Errorf("replace op %+v", op)
			}
		default:
			t.Errorf("unknown op %q", op.Op)
		}
	}
	if strings.Join(s, " ") != strings.Join(words(said), " ") {
		t.Errorf("said words %q do not rebuild %q", s, words(said))
	}
	if strings.Join(c, " ") != strings.Join(words(claimed), " ") {
		t.Errorf("claimed words %q do not rebuild %q", c, words(claimed))
	}
}

func words(ts []Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Word
	}
	return out
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name, claim, quote string
		want               level
	}{
		{"identical", mcCallumBorn, mcCallumBorn, levelExact},
		{"lost punctuation and straight quotes", "i am mi5 born and bred i will never back off from confronting threats to the uk wherever they are from", mcCallumBorn, levelExact},
		{"ellipsis", "I am MI5 born and bred ... wherever they are from", mcCallumBorn, levelExact},
		{"ellipsis out of order", "wherever they are from … I am MI5 born and bred", mcCallumBorn, levelClose},
		{"most of the quote", "I will never back off from confronting threats to the UK", mcCallumBorn, levelExact},
		{"fragment", "the UK needs to defend itself resolutely", mcCallumChina, levelFragment},
		{"a whole sentence of a longer quote", "Our track record is strong", "Our track record is strong. We’ve intervened operationally again just in the last week.", levelExact},
		{"a question and its answer's start", "The answer is, of course, they do", mcCallumThreat, levelFragment},
		{"one word changed", "Of course I am frustrated when chances to prosecute national security threatening activity are not followed through", mcCallumFrustrated, levelClose},
		{"paraphrase", "Chinese spies are a threat every single day", mcCallumThreat, levelClose},
		{"stitched", "When it comes to China, the UK needs to defend itself resolutely against security threats and we will cut all ties with Beijing", mcCallumChina, levelStitched},
		{"unrelated", "the weather in Cornwall is lovely this time of year", collinsEspionage, levelNone},
		{"shares a word", "Chinese food is delicious", collinsEspionage, levelNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Prepare(ParseClaim(tc.claim))
			m := p.Compare(tc.quote)
			if got := levelOf(m); got != tc.want {
				t.Errorf("level = %d, want %d; match %+v", got, tc.want, m)
			}
			checkReconstructs(t, Tokens(tc.quote), p.Tokens, m.Diff)
		})
	}
}

func TestNameSimilarity(t *testing.T) {
	for _, tc := range []struct {
		claimed, alias string
		min, max       float64
	}{
		{"MI5 boss", "MI5 chief", 1, 1},
		{"MI5 boss", "the head of MI5", 1, 1},
		{"MI5 boss", "MI5", 0.5, 0.9},
		{"McCallum", "Ken McCallum", 0.5, 0.9},
		{"the boss", "the chief", 0, 0},
		{"MI5 boss", "Matt Collins", 0, 0},
	} {
		got := NameSimilarity(tc.claimed, tc.alias)
		if got < tc.min || got > tc.max {
			t.Errorf("NameSimilarity(%q, %q) = %.2f, want %.2f..%.2f", tc.claimed, tc.alias, got, tc.min, tc.max)
		}
	}
}

func TestDecide(t *testing.T) {
	prep := func(s string) Prepared { return Prepare(ParseClaim(s)) }
	for _, tc := range []struct {
		name    string
		claim   string
		claimed bool
		quotes  []string
		by      []float64
		want    Verdict
		best    int
	}{
		{"verified", "I will never back off from confronting threats to the UK", true, []string{mcCallumBorn, collinsEspionage}, []float64{1, 0}, Verified, 0},
		{"misattributed exact", collinsEspionage, true, []string{mcCallumThreat, collinsEspionage}, []float64{1, 0}, Misattributed, 1},
		{"altered", "Of course I am frustrated when chances to prosecute national security threatening activity are not followed through", true, []string{mcCallumFrustrated}, []float64{1}, Altered, 0},
		{"partial stitched", "When it comes to China, the UK needs to defend itself resolutely against security threats and we will cut all ties with Beijing", true, []string{mcCallumChina}, []float64{1}, Partial, 0},
		{"partial fragment", "the UK needs to defend itself resolutely", true, []string{mcCallumChina}, []float64{1}, Partial, 0},
		{"not found", "the weather in Cornwall is lovely", true, []string{mcCallumChina}, []float64{1}, NotFound, -1},
		{"no candidates", "anything at all", false, nil, nil, NotFound, -1},
		{"no speaker claimed", collinsEspionage, false, []string{collinsEspionage}, []float64{0}, Verified, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := prep(tc.claim)
			var cs []Candidate
			for i, q := range tc.quotes {
				cs = append(cs, Candidate{Match: p.Compare(q), BySpeaker: tc.by[i]})
			}
			d := Decide(tc.claimed, cs)
			if d.Verdict != tc.want || d.Best != tc.best || d.Reason == "" {
				t.Errorf("Decide = %+v, want %s on candidate %d", d, tc.want, tc.best)
			}
		})
	}
}

// TestMayAttributeKnowsEveryVerb checks that the quick test before the
// attribution patterns passes every verb they know, in any case.
func TestMayAttributeKnowsEveryVerb(t *testing.T) {
	alts := strings.TrimPrefix(verbs, "(?:")
	alts = alts[:strings.Index(alts, `\s`)] // told's object is a pattern
	for _, v := range append(strings.Split(alts, "|"), "according") {
		for _, s := range []string{"Ken " + v + " we will", "WE WILL, " + strings.ToUpper(v) + " KEN"} {
			if !mayAttribute(s) {
				t.Errorf("mayAttribute(%q) = false", s)
			}
		}
	}
	if mayAttribute("we will never back off") {
		t.Error("mayAttribute of a quote without an attribution verb")
	}
}
