package names

import "strings"

// nicknameGroups lists English given names with the short and familiar
// forms that news copy uses for the same person ("Chris Cash" in one paragraph,
// "Christopher Cash" in the next). The first entry of each group is the
// canonical form. A short form may belong to several groups ("Chris" is also
// Christine and Christina, "Alex" is Alexander and Alexandra); SameFirstName
// accepts any group that holds both names.
var nicknameGroups = [][]string{
	{"christopher", "chris", "kit", "topher"},
	{"christine", "chris", "chrissie", "christina", "tina", "kristine"},
	{"robert", "rob", "bob", "bobby", "robbie", "bert", "robin"},
	{"william", "will", "bill", "billy", "willie", "willy", "liam", "wills"},
	{"james", "jim", "jimmy", "jamie", "jimbo"},
	{"kenneth", "ken", "kenny"},
	{"matthew", "matt", "matty"},
	{"elizabeth", "liz", "lizzie", "lizzy", "beth", "betty", "bess", "eliza", "libby", "elisabeth", "betsy"},
	{"thomas", "tom", "tommy"},
	{"richard", "rick", "ricky", "rich", "dick", "richie"},
	{"michael", "mike", "mick", "mickey", "mikey"},
	{"anthony", "tony", "ant"},
	{"andrew", "andy", "drew"},
	{"edward", "ed", "eddie", "ted", "teddy", "ned"},
	{"edmund", "ed", "eddie", "ted", "ned"},
	{"jonathan", "jon", "jonny", "johnny"},
	{"john", "jack", "johnny", "jon"},
	{"joseph", "joe", "joey", "jo"},
	{"josephine", "jo", "josie", "jose"},
	{"daniel", "dan", "danny"},
	{"david", "dave", "davy", "davey"},
	{"stephen", "steve", "stevie", "steven"},
	{"steven", "steve", "stevie", "stephen"},
	{"nicholas", "nick", "nicky", "nico"},
	{"nicola", "nicky", "nikki"},
	{"benjamin", "ben", "benny", "benji"},
	{"samuel", "sam", "sammy"},
	{"samantha", "sam", "sammy"},
	{"alexander", "alex", "alec", "sandy", "xander", "al"},
	{"alexandra", "alex", "lexi", "sandra", "sandy"},
	{"patrick", "pat", "paddy"},
	{"patricia", "pat", "patty", "trish", "tricia"},
	{"timothy", "tim", "timmy"},
	{"peter", "pete"},
	{"philip", "phil", "pip"},
	{"phillip", "phil"},
	{"gregory", "greg"},
	{"jeffrey", "jeff"},
	{"geoffrey", "geoff", "jeff"},
	{"charles", "charlie", "chuck", "chas"},
	{"charlotte", "charlie", "lottie", "lotte"},
	{"frederick", "fred", "freddie", "freddy"},
	{"henry", "harry", "hal", "hank"},
	{"harold", "harry", "hal"},
	{"lawrence", "larry", "laurie"},
	{"laurence", "larry", "laurie"},
	{"leonard", "len", "lenny", "leo"},
	{"ronald", "ron", "ronnie"},
	{"donald", "don", "donnie"},
	{"douglas", "doug", "dougie"},
	{"gerald", "gerry", "jerry"},
	{"raymond", "ray"},
	{"kathleen", "kath", "kathy", "kate"},
	{"katherine", "kate", "katie", "kathy", "kat", "kit", "kitty", "cathy"},
	{"catherine", "kate", "katie", "cathy", "cat", "kitty"},
	{"margaret", "maggie", "meg", "peggy", "marge", "madge", "greta", "rita"},
	{"rebecca", "becky", "becca", "bex"},
	{"susan", "sue", "susie", "suzy"},
	{"deborah", "debbie", "deb", "debra"},
	{"jennifer", "jen", "jenny", "jenn"},
	{"victoria", "vicky", "vicki", "tori"},
	{"jacqueline", "jackie", "jacqui"},
	{"caroline", "carrie", "carol"},
	{"barbara", "barb", "babs"},
	{"penelope", "penny"},
	{"theresa", "terri", "tess", "tessa"},
	{"teresa", "terri", "tess", "tessa"},
	{"dorothy", "dot", "dotty", "dolly"},
	{"abigail", "abby", "abi", "gail"},
	{"emily", "em", "emmy", "millie"},
	{"amelia", "millie", "mia"},
	{"isabel", "izzy", "bella", "belle"},
	{"isabella", "izzy", "bella"},
	{"gabriel", "gabe"},
	{"zachary", "zach", "zack"},
	{"nathaniel", "nate", "nat"},
	{"nathan", "nate", "nat"},
	{"joshua", "josh"},
	{"jacob", "jake"},
	{"kimberly", "kim"},
	{"oliver", "ollie", "olly"},
	{"olivia", "liv", "livvy"},
	{"vincent", "vince", "vinny"},
	{"francis", "frank", "fran"},
	{"frances", "fran", "frankie"},
	{"albert", "al", "bert", "bertie"},
	{"alfred", "alf", "alfie", "fred"},
	{"arthur", "art", "artie"},
	{"gordon", "gordy"},
	{"walter", "walt", "wally"},
	{"eugene", "gene"},
	{"terence", "terry"},
	{"terrence", "terry"},
	{"dominic", "dom"},
	{"jeremy", "jez"},
	{"rachel", "rach"},
	{"suzanne", "suzy", "sue"},
	{"angela", "angie"},
	{"pamela", "pam"},
	{"sebastian", "seb"},
	{"maximilian", "max"},
	{"maxwell", "max"},
	{"mohammed", "mohammad", "muhammad", "mohamed", "mo"},
	{"ian", "iain"},
	{"stuart", "stewart", "stu"},
	{"alan", "allan", "allen", "al"},
	{"bernard", "bernie"},
	{"christian", "chris"},
	{"kristopher", "kris", "chris"},
	{"jessica", "jess", "jessie"},
	{"natalie", "nat"},
	{"natasha", "tash", "tasha"},
	{"veronica", "ronnie"},
	{"hannah", "hanna"},
	{"sarah", "sara", "sally"},
	{"ann", "anne", "anna", "annie", "nancy"},
	{"mary", "molly", "polly", "mae"},
	{"helen", "nell", "nellie"},
	{"eleanor", "ellie", "nell", "nora"},
	{"louise", "lou", "lulu"},
	{"louis", "lou"},
	{"lewis", "lou"},
}

// nicknameIndex maps each folded given name to the groups it belongs to.
var nicknameIndex = func() map[string][]int {
	m := make(map[string][]int)
	for gi, g := range nicknameGroups {
		for _, n := range g {
			if !containsInt(m[n], gi) {
				m[n] = append(m[n], gi)
			}
		}
	}
	return m
}()

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// foldWord is Fold with a fast path for words of ASCII letters and
// punctuation, which are most words of English news copy: lower case,
// apostrophes (' and ’) dropped, other punctuation a single space, none at
// either end. Anything else goes through Fold, so the result is always the
// same as Fold's.
func foldWord(w string) string {
	plain, lowerOnly := true, true
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			lowerOnly = false
		default:
			plain = false
		}
	}
	if w == "" {
		return Fold(w)
	}
	if plain {
		if lowerOnly {
			return w
		}
		return strings.ToLower(w)
	}
	if b, ok := appendFoldSimple(nil, w); ok {
		return string(b)
	}
	return Fold(w)
}

// appendFoldSimple folds w onto dst when w holds only ASCII and general
// punctuation (U+2000–U+203F: ’ ‘ – —), which fold without Unicode tables;
// it reports false for anything else.
func appendFoldSimple(dst []byte, w string) ([]byte, bool) {
	n0 := len(dst)
	space := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			dst = append(dst, c)
			space = false
		case c >= 'A' && c <= 'Z':
			dst = append(dst, c+'a'-'A')
			space = false
		case c == '\'':
		case c >= 0x80:
			if c != 0xE2 || i+2 >= len(w) || w[i+1] != 0x80 || w[i+2] < 0x80 || w[i+2] > 0xBF {
				return dst[:n0], false
			}
			if w[i+2] != 0x99 { // ’ is an apostrophe; the rest separate words
				if !space {
					dst = append(dst, ' ')
					space = true
				}
			}
			i += 2
		default:
			if !space {
				dst = append(dst, ' ')
				space = true
			}
		}
	}
	for len(dst) > n0 && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	return dst, true
}

// AppendFold appends Fold(w) to dst, without allocating for words of ASCII
// and general punctuation.
func AppendFold(dst []byte, w string) []byte {
	if b, ok := appendFoldSimple(dst, w); ok {
		return b
	}
	return append(dst, Fold(w)...)
}

// Canonical returns the canonical (usually the longest, formal) form of a
// given name, folded as by Fold: "Chris" → "christopher", "Bob" → "robert",
// "Ken" → "kenneth". A name that is itself a formal form stays as it is
// ("Christine" does not become "christopher"); a short form shared by several
// formal names takes the first, most common one listed ("Chris" →
// "christopher", "Alex" → "alexander"), so keys stay stable. A name not in
// the table is returned folded.
func Canonical(first string) string {
	f := foldWord(first)
	groups := nicknameIndex[f]
	for _, gi := range groups {
		if nicknameGroups[gi][0] == f {
			return f
		}
	}
	if len(groups) > 0 {
		return nicknameGroups[groups[0]][0]
	}
	return f
}

// SameFirstName reports whether two given names can denote the same person:
// equal after folding, or one a familiar form of the other ("Chris" and
// "Christopher", "Bill" and "William", "Liz" and "Elizabeth"). It says
// nothing about surnames: callers must still check those, so that
// Christopher Cash and Christopher Berry stay two people.
func SameFirstName(a, b string) bool {
	fa, fb := foldWord(a), foldWord(b)
	if fa == "" || fb == "" {
		return false
	}
	if fa == fb {
		return true
	}
	ga, gb := nicknameIndex[fa], nicknameIndex[fb]
	for _, x := range ga {
		for _, y := range gb {
			if x == y {
				return true
			}
		}
	}
	return false
}

// CanonicalFullName returns the comparison key of a person's name with its
// given name replaced by its canonical form: "Sir Chris Cash" and
// "Christopher Cash" both give "christopher cash". It is Normalize plus the
// nickname table, for matching the same person across articles that spell
// the first name differently.
func CanonicalFullName(s string) string {
	words := strings.Fields(Normalize(s))
	if len(words) < 2 {
		return strings.Join(words, " ")
	}
	words[0] = Canonical(words[0])
	return strings.Join(words, " ")
}

// FoldWord folds one word exactly as Fold does, but without Fold's cost for
// plain ASCII words; extractors call it for every capitalised token.
func FoldWord(w string) string { return foldWord(w) }
