package extract

import (
	"strings"
	"testing"
)

// TestRankerPatterns runs the whole extraction (rules and ranker) on
// sentences written for the kinds of attribution the ranker was built for;
// none is taken from a corpus.
func TestRankerPatterns(t *testing.T) {
	for _, c := range []struct {
		name, in, quote, speaker string
	}{
		{"apposition between name and cue",
			"Airport expansion\n\nLuis Reyes has lived near the runway for thirty years.\n\n“The noise never stops, day or night,” Mr. Reyes, a retired pilot, said in an interview.\n",
			"The noise never stops, day or night,", "Luis Reyes"},
		{"descriptor first, name last",
			"Hotel chain cancels bookings\n\nThousands of guests were told to find other rooms.\n\n“We are reviewing every booking made this month,” said a spokeswoman for the hotel group, Dana Whitt.\n",
			"We are reviewing every booking made this month,", "Dana Whitt"},
		{"the outlet told is the audience",
			"Bridge closed\n\nMaria Lopez, the mayor, visited the site on Monday.\n\n“We will rebuild the bridge before the winter comes,” she told the Daily Courier.\n",
			"We will rebuild the bridge before the winter comes,", "Maria Lopez"},
		{"a signature after the quotation",
			"What voters told us\n\n“The debate changed my mind about the whole race.” ― Ana Ruiz\n\n“I still do not know who to vote for this year.” ― Peter Novak\n",
			"I still do not know who to vote for this year.", "Peter Novak"},
		{"transcript labels",
			"Interview\n\nPartial transcript as follows:\n\n\"HALE: We will not back down on the budget this year.\n\n\"WEBB: Then we will see you in court next month.\"\n",
			"WEBB: Then we will see you in court next month.", "Webb"},
		{"the person introduced just before is the pronoun's",
			"School prize\n\nTom Hale, the head teacher, opened the ceremony.\n\nThe press secretary Ann Lee praised the students.\n\n“They worked harder than any class before them,” she said.\n",
			"They worked harder than any class before them,", "Ann Lee"},
		{"according to",
			"Rail strike\n\nTrains will not run on Friday, according to Mick Barlow, the union's general secretary, who said “the members have spoken and we will not back down”.\n",
			"the members have spoken and we will not back down", "Mick Barlow"},
		{"an outlet that reports is a source",
			"Council secrecy\n\nThe Daily Courier reported on Monday that the council had met in private “to avoid the scrutiny of the residents who pay for all of it.”\n",
			"to avoid the scrutiny of the residents who pay for all of it.", "Daily Courier"},
		{"a common word opening a sentence is no one",
			"Dam plan\n\nOther officials disagreed with the plan.\n\n“This plan will not work for the people of the valley,” said Tom Hale, who chairs the board.\n",
			"This plan will not work for the people of the valley,", "Tom Hale"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Extract(c.in)
			i := findQuote(r, c.quote)
			if i < 0 {
				t.Fatalf("quote %q not found in %q", c.quote, texts(r))
			}
			if got := r.Quotes[i].Speaker; !strings.EqualFold(got, c.speaker) {
				t.Fatalf("speaker %q (mention %q, cue %q, confidence %v), want %q", got, r.Quotes[i].Mention, r.Quotes[i].Cue, r.Quotes[i].Confidence, c.speaker)
			}
		})
	}
}
