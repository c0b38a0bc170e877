package models

import (
	"strings"

	"github.com/whosaid/whosaid/names"
)

// GenericAlias reports whether a name is a description that many people
// carry ("the prime minister", "a spokesman", "Government", "he") rather
// than a name of one speaker. Such descriptors tie a mention to a speaker
// inside one article only; stored as aliases they would link different
// people across articles, so a speaker's aliases never hold one.
func GenericAlias(name string) bool {
	words := strings.Fields(names.Fold(name))
	if len(words) == 0 {
		return true
	}
	if descriptorStarts[words[0]] || len(words) == 1 && pronouns[words[0]] {
		return true
	}
	for _, w := range words {
		if !roleWords[w] {
			return false
		}
	}
	return true // titles and roles only: "Prime Minister", "Head of"
}

// descriptorStarts open a description, not a name.
var descriptorStarts = wordSet("the a an his her its their our my your this that these those one another some")

var pronouns = wordSet("he she they it him her them we us i you")

// roleWords are the words of titles, roles and generic bodies.
var roleWords = wordSet(`prime minister ministers president vice secretary spokesman spokeswoman spokesperson
	spokespeople government head chief director deputy foreign home general chancellor leader chairman chairwoman
	chair mayor governor senator representative commissioner official officials police department ministry office
	of for and in at on to state national security adviser advisor ambassador envoy judge prosecutor sheriff
	officer officers spy agency agencies service services committee council party campaign company firm group
	union board authority administration white house court team staff aide aides source sources executive
	founder professor doctor dr mr mrs ms sir dame lord lady baroness king queen prince princess`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
