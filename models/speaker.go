package models

import (
	"regexp"
	"slices"
	"strings"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/names"
)

// qidPattern is a Wikidata item id: Q and a number without leading zeros.
var qidPattern = regexp.MustCompile(`^Q[1-9][0-9]{0,11}$`)

// CheckSpeakerName adds to bad, under field, what makes name (white space
// trimmed) no speaker's name: it is empty, longer than MaxNameChars
// characters, or has no letter or digit to match on.
func CheckSpeakerName(bad *errs.Fields, field, name string) {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		bad.Add(field, "is required")
	case len([]rune(n)) > MaxNameChars:
		bad.Add(field, "must be at most %d characters", MaxNameChars)
	case names.Normalize(n) == "":
		bad.Add(field, "needs at least one letter or digit")
	}
}

// CheckSpeakerKind adds to bad, under field, a kind that is not one of
// SpeakerKinds (the empty kind included).
func CheckSpeakerKind(bad *errs.Fields, field, kind string) {
	if !slices.Contains(SpeakerKinds(), kind) {
		bad.Add(field, "must be one of %s", strings.Join(SpeakerKinds(), ", "))
	}
}

// CheckWikidataQID adds to bad, under field, a Wikidata id that is
// neither empty nor shaped like Q42.
func CheckWikidataQID(bad *errs.Fields, field, qid string) {
	if qid != "" && !qidPattern.MatchString(qid) {
		bad.Add(field, "must look like Q42")
	}
}

// CheckAlias adds to bad, under field, what makes alias no name of a
// speaker: no letter or digit, more than MaxNameChars characters, or a
// description many people carry (GenericAlias).
func CheckAlias(bad *errs.Fields, field, alias string) {
	if strings.TrimSpace(alias) == "" || names.Normalize(alias) == "" || len([]rune(alias)) > MaxNameChars {
		bad.Add(field, "must have a letter or digit and at most %d characters", MaxNameChars)
	} else {
		CheckNotGeneric(bad, field, alias)
	}
}

// CheckNotGeneric adds to bad, under field, an alias that GenericAlias
// finds a title, role or pronoun rather than a name, and says why.
func CheckNotGeneric(bad *errs.Fields, field, alias string) {
	if GenericAlias(alias) {
		bad.Add(field, "%q is a title, role or pronoun that many people carry, not a name of this speaker; give a name such as \"Ken McCallum\" or \"Sir Ken\"", alias)
	}
}
