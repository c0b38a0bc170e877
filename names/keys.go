package names

import "strings"

// maxKeys bounds how many spellings Keys returns for one name.
const maxKeys = 24

// Keys returns the comparison keys under which a name can match a stored
// name: its Normalize key first, then, for a name of two or more words,
// the same name with each familiar or formal form of its first word
// ("Chris Cash" → "chris cash", "christopher cash", "kit cash", …,
// "christine cash", …). Only the first word varies, so "Christopher Cash"
// never matches "Christopher Berry". Looking a name up under all its keys
// finds a person whichever form an earlier article used.
func Keys(s string) []string {
	key := Normalize(s)
	if key == "" {
		return nil
	}
	keys := []string{key}
	first, rest, ok := strings.Cut(key, " ")
	if !ok {
		return keys
	}
	seen := map[string]bool{key: true}
	for _, gi := range nicknameIndex[first] {
		for _, variant := range nicknameGroups[gi] {
			k := variant + " " + rest
			if !seen[k] && len(keys) < maxKeys {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}
