package factcheck

// roles maps words for the same kind of role to one word, so that "MI5
// boss", "MI5 chief" and "the head of MI5" share their tokens.
var roles = map[string]string{
	"boss": "chief", "head": "chief", "chief": "chief", "director": "chief", "leader": "chief",
	"chair": "chair", "chairman": "chair", "chairwoman": "chair", "chairperson": "chair",
	"spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
	"minister": "minister", "secretary": "secretary", "pm": "premier", "premier": "premier",
}

// nameFiller are words that carry nothing in a name or role.
var nameFiller = map[string]bool{
	"the": true, "of": true, "a": true, "an": true, "s": true, "general": true, "sir": true, "dame": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "lord": true, "lady": true, "baroness": true,
	"former": true, "ex": true, "and": true, "for": true, "at": true, "in": true,
}

// NameTokens returns the words of a name or role that can tell speakers
// apart, with role words made canonical ("boss" → "chief"), each once.
func NameTokens(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range Tokens(s) {
		w := t.Norm
		if nameFiller[w] {
			continue
		}
		if r, ok := roles[w]; ok {
			w = r
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// IsRoleWord reports whether a NameTokens word is a role ("chief") rather
// than a distinctive name part ("mi5", "mccallum").
func IsRoleWord(w string) bool {
	for _, r := range roles {
		if r == w {
			return true
		}
	}
	return false
}

// NameSimilarity says, from 0 to 1, how well a claimed speaker ("MI5
// boss") fits one of a speaker's names ("MI5 chief", "the head of MI5"):
// the mean of the shares of each side's tokens that the other has. Names
// that share only role words ("the boss" and "the chief") score 0.
func NameSimilarity(claimed, alias string) float64 {
	a, b := NameTokens(claimed), NameTokens(alias)
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inB := map[string]bool{}
	for _, w := range b {
		inB[w] = true
	}
	shared, distinctive := 0, false
	for _, w := range a {
		if inB[w] {
			shared++
			if !IsRoleWord(w) {
				distinctive = true
			}
		}
	}
	if !distinctive {
		return 0
	}
	return (float64(shared)/float64(len(a)) + float64(shared)/float64(len(b))) / 2
}

// DistinctiveNameTokens are the NameTokens that are not role words: the
// ones worth looking up in an index of names.
func DistinctiveNameTokens(s string) []string {
	var out []string
	for _, w := range NameTokens(s) {
		if !IsRoleWord(w) {
			out = append(out, w)
		}
	}
	return out
}
