package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/names"
)

// ListSpeakers returns one page of speakers ordered by name, each with its
// aliases and quote count. Q matches the start of any name or alias,
// ignoring case, accents and honorifics.
func (s *Store) ListSpeakers(ctx context.Context, f SpeakerFilter) (SpeakerPage, error) {
	var bad errs.Fields
	limit, err := clampLimit(f.Limit)
	if err != nil {
		bad = append(bad, err.(*errs.Error).Fields...)
	}
	if f.Kind != "" {
		models.CheckSpeakerKind(&bad, "kind", f.Kind)
	}
	key := ""
	if f.Q != "" {
		if key = names.Normalize(f.Q); key == "" {
			bad.Add("q", "has no letters or digits to search for")
		}
	}
	if err := bad.Err(); err != nil {
		return SpeakerPage{}, err
	}
	cur, err := decodeCursor(f.Cursor, "name")
	if err != nil {
		return SpeakerPage{}, err
	}
	var w sqlWhere
	if key != "" {
		w.add("id IN (SELECT speaker_id FROM speaker_aliases WHERE key >= ? AND key < ?)", key, key+"\U0010FFFF")
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	// Every alias has its speaker (a foreign key, deleted with it), so the
	// aliases' index alone counts a name's speakers: a common surname's
	// ~100 speakers' rows are not read for the count.
	countSQL, countArgs := "SELECT 1 FROM speakers"+w.sql(), w.args
	if key != "" && f.Kind == "" {
		countSQL = "SELECT DISTINCT speaker_id FROM speaker_aliases WHERE key >= ? AND key < ?"
	}
	countArgs = append([]any{}, countArgs...)
	if cur != nil {
		w.add("(lower(name) > ? OR (lower(name) = ? AND id > ?))", cur.Key, cur.Key, cur.ID)
	}
	args := append(w.args, limit+1)
	var list []models.Speaker
	counted := false
	var n int64
	if s.rs.pg {
		list, err = s.speakersRead(ctx, w.sql()+" ORDER BY lower(name), id LIMIT ?", args...)
	} else {
		// One query: the count (computed once, as its subquery does not
		// depend on the row), then the page chosen on id and name alone
		// (every match's row is read to sort on its name), and only the
		// page's speakers read in full, with their aliases.
		lead := "(SELECT count(*) FROM (" + countSQL + " LIMIT ?) c)"
		args = append(append(countArgs, maxCounted+1), args...)
		list, n, err = s.speakersReadSQLite(ctx, lead, true, " WHERE id IN (SELECT id FROM speakers"+w.sql()+
			" ORDER BY lower(name), id LIMIT ?) ORDER BY lower(name), id", args...)
		// A page with no row carries no count; without a cursor there
		// is then nothing to count.
		counted = len(list) > 0 || cur == nil
	}
	if err != nil {
		return SpeakerPage{}, dbErr(err, "speakers")
	}
	total, estimate := n, false
	if total > maxCounted {
		total, estimate = maxCounted, true
	}
	if !counted {
		if total, estimate, err = s.cappedCount(ctx, countSQL, countArgs); err != nil {
			return SpeakerPage{}, err
		}
	}
	page := SpeakerPage{Total: total, TotalIsEstimate: estimate}
	if len(list) > limit {
		last := list[limit-1]
		page.NextCursor = cursor{Sort: "name", Key: strings.ToLower(last.Name), ID: last.ID}.encode()
		list = list[:limit]
	}
	if s.rs.pg {
		if err := s.loadAliasesRead(ctx, list); err != nil {
			return SpeakerPage{}, err
		}
	}
	page.Speakers = list
	return page, nil
}

// loadAliasesRead sets the aliases of each speaker of list, in id order,
// in one query.
func (s *Store) loadAliasesRead(ctx context.Context, list []models.Speaker) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	at := make(map[int64]int, len(list))
	for i, sp := range list {
		ids[i] = sp.ID
		at[sp.ID] = i
		list[i].Aliases = []models.Alias{}
	}
	rows, err := s.rs.queryIn(ctx, aliasesQuery("speaker_id IN ?", s.rs.pg), ids)
	if err != nil {
		return dbErr(err, "aliases")
	}
	return dbErr(scanAliases(rows, func(a models.Alias) {
		i := at[a.SpeakerID]
		list[i].Aliases = append(list[i].Aliases, a)
	}), "aliases")
}

// speakersRead returns the speakers that rest (a WHERE, ORDER and LIMIT
// with ? placeholders, slices written out as gorm does) selects, scanned
// by hand, aliases not loaded.
func (s *Store) speakersRead(ctx context.Context, rest string, args ...any) ([]models.Speaker, error) {
	return s.speakersReadWith(ctx, false, rest, args...)
}

// speakersReadWith is speakersRead; withAliases (SQLite only) loads each
// speaker's aliases in the same query.
func (s *Store) speakersReadWith(ctx context.Context, withAliases bool, rest string, args ...any) ([]models.Speaker, error) {
	if !s.rs.pg {
		list, _, err := s.speakersReadSQLite(ctx, "", withAliases, rest, args...)
		return list, err
	}
	cols := `SELECT id, name, slug, kind, description, role, wikidata_qid, quote_count, created_at, updated_at`
	rows, err := s.rs.queryIn(ctx, cols+` FROM speakers`+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []models.Speaker
	for rows.Next() {
		var sp models.Speaker
		var qid sql.NullString
		var created, updated dbTime
		if err := rows.Scan(&sp.ID, &sp.Name, &sp.Slug, &sp.Kind, &sp.Description, &sp.Role, &qid, &sp.QuoteCount, &created, &updated); err != nil {
			return nil, err
		}
		if qid.Valid {
			sp.WikidataQID = &qid.String
		}
		sp.CreatedAt, sp.UpdatedAt = created.T, updated.T
		out = append(out, sp)
	}
	return out, rows.Err()
}

// packedSpeakerCols are a speaker's columns packed into one json_array,
// in the order speakersReadSQLite reads them: each column costs the
// SQLite driver a fixed toll (see rowJSON).
const packedSpeakerCols = `json_array(id, name, slug, kind, description, role, wikidata_qid, quote_count, created_at, updated_at)`

// speakersReadSQLite is speakersReadWith on SQLite, each speaker packed
// (packedSpeakerCols). A lead, when given, is an integer expression
// selected before the speakers' columns; its value (on the first row) is
// returned with them.
func (s *Store) speakersReadSQLite(ctx context.Context, lead string, withAliases bool, rest string, args ...any) ([]models.Speaker, int64, error) {
	cols := `SELECT ` + packedSpeakerCols
	if lead != "" {
		cols = `SELECT ` + lead + `, ` + packedSpeakerCols
	}
	if withAliases {
		cols += `, ` + aliasesJSONSQLite("speakers")
	}
	rows, err := s.rs.queryIn(ctx, cols+` FROM speakers`+rest, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []models.Speaker
	var leadVal int64
	var packed, aliases string
	var dest []any
	if lead != "" {
		dest = append(dest, &leadVal)
	}
	dest = append(dest, &packed)
	if withAliases {
		dest = append(dest, &aliases)
	}
	var r rowJSON
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, 0, err
		}
		r.reset(packed)
		sp := models.Speaker{ID: r.int(), Name: r.str(), Slug: r.str(), Kind: r.str(), Description: r.str(), Role: r.str()}
		sp.WikidataQID = r.strPtr()
		sp.QuoteCount = r.int()
		sp.CreatedAt, sp.UpdatedAt = r.time().T, r.time().T
		if err := r.done(); err != nil {
			return nil, 0, fmt.Errorf("packed speaker row: %w", err)
		}
		if withAliases {
			if sp.Aliases, err = decodeAliases(sp.ID, aliases); err != nil {
				return nil, 0, err
			}
		}
		out = append(out, sp)
	}
	return out, leadVal, rows.Err()
}

// GetSpeaker returns a speaker by numeric id or slug, with its aliases.
// Unknown: errs.NotFound.
func (s *Store) GetSpeaker(ctx context.Context, ref string) (models.Speaker, error) {
	var list []models.Speaker
	var err error
	withAliases := !s.rs.pg // one query on SQLite, where each also locks the WAL index
	if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		list, err = s.speakersReadWith(ctx, withAliases, " WHERE id = ?", id)
	} else {
		list, err = s.speakersReadWith(ctx, withAliases, " WHERE slug = ? ORDER BY id LIMIT 1", strings.ToLower(ref))
	}
	if err == nil && len(list) == 0 {
		err = gorm.ErrRecordNotFound
	}
	if err != nil {
		return models.Speaker{}, dbErr(err, "speaker "+strconv.Quote(ref))
	}
	if !withAliases {
		if err := s.loadAliasesRead(ctx, list); err != nil {
			return models.Speaker{}, err
		}
	}
	return list[0], nil
}

// validateSpeaker checks, by the models' rules, the name, kind and
// Wikidata id of a speaker that are given (not nil).
func validateSpeaker(bad *errs.Fields, name, kind *string, qid *string) {
	if name != nil {
		models.CheckSpeakerName(bad, "name", *name)
	}
	if kind != nil {
		models.CheckSpeakerKind(bad, "kind", *kind)
	}
	if qid != nil {
		models.CheckWikidataQID(bad, "wikidata_qid", *qid)
	}
}

// CreateSpeaker stores a new speaker with its aliases. A Wikidata QID
// already used by another speaker is errs.Conflict.
func (s *Store) CreateSpeaker(ctx context.Context, in SpeakerInput) (models.Speaker, error) {
	if in.Kind == "" {
		in.Kind = models.SpeakerPerson
	}
	labels := []models.Label{{Field: "name", Value: in.Name}}
	for i, a := range in.Aliases {
		labels = append(labels, models.Label{Field: "aliases[" + strconv.Itoa(i) + "]", Value: a})
	}
	if err := models.CheckLabels(labels...); err != nil {
		return models.Speaker{}, err
	}
	var bad errs.Fields
	validateSpeaker(&bad, &in.Name, &in.Kind, in.WikidataQID)
	for i, a := range in.Aliases {
		models.CheckAlias(&bad, "aliases["+strconv.Itoa(i)+"]", a)
	}
	if err := bad.Err(); err != nil {
		return models.Speaker{}, err
	}
	if in.WikidataQID != nil && *in.WikidataQID == "" {
		in.WikidataQID = nil
	}
	var id int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := lockAttribution(tx); err != nil {
			return err
		}
		sp, err := s.insertSpeaker(tx, strings.TrimSpace(in.Name), in.Kind, in.Description, in.WikidataQID)
		if err != nil {
			return err
		}
		id = sp
		if in.Role != "" {
			if err := tx.Exec("UPDATE speakers SET role = ? WHERE id = ?", strings.TrimSpace(in.Role), id).Error; err != nil {
				return dbErr(err, "speaker")
			}
		}
		if err := s.addAliases(tx, id, in.Aliases); err != nil {
			return err
		}
		after, err := snapSpeaker(tx, id)
		if err != nil {
			return err
		}
		return s.recordHistory(ctx, tx, EntitySpeaker, id, "create", "", nil, after)
	})
	if err != nil {
		return models.Speaker{}, err
	}
	return s.GetSpeaker(ctx, strconv.FormatInt(id, 10))
}

// insertSpeaker creates a speaker with a unique slug and its name as its
// first alias. Its transaction holds lockAttribution, so that on
// PostgreSQL two namesakes created at once do not both find a slug free.
func (s *Store) insertSpeaker(tx *gorm.DB, name, kind, description string, qid *string) (int64, error) {
	base := names.Slug(name)
	slug := base
	for n := 2; ; n++ {
		var taken int64
		if err := tx.Model(&models.Speaker{}).Where("slug = ?", slug).Count(&taken).Error; err != nil {
			return 0, dbErr(err, "speaker")
		}
		if taken == 0 {
			break
		}
		slug = base + "-" + strconv.Itoa(n)
	}
	now := s.now()
	sp := models.Speaker{Name: name, Slug: slug, Kind: kind, Description: description, WikidataQID: qid, CreatedAt: now, UpdatedAt: now}
	if err := tx.Omit("quote_count", "Aliases").Create(&sp).Error; err != nil {
		return 0, dbErr(err, "a speaker with this Wikidata QID")
	}
	return sp.ID, s.addAliases(tx, sp.ID, []string{name})
}

// addAliases records names for a speaker, skipping any it already has
// under the same key.
func (s *Store) addAliases(tx *gorm.DB, speakerID int64, list []string) error {
	now := s.now()
	for _, a := range list {
		a = strings.TrimSpace(a)
		key := names.Normalize(a)
		if key == "" {
			continue
		}
		al := models.Alias{SpeakerID: speakerID, Name: a, Key: key, CreatedAt: now}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&al).Error; err != nil {
			return dbErr(err, "alias")
		}
	}
	return nil
}

// UpdateSpeaker changes a speaker's fields. A new name is added to its
// aliases; the slug stays, so links keep working.
func (s *Store) UpdateSpeaker(ctx context.Context, id int64, p SpeakerPatch) (models.Speaker, error) {
	if p.Name != nil {
		if err := models.CheckLabels(models.Label{Field: "name", Value: *p.Name}); err != nil {
			return models.Speaker{}, err
		}
	}
	var bad errs.Fields
	validateSpeaker(&bad, p.Name, p.Kind, p.WikidataQID)
	if err := bad.Err(); err != nil {
		return models.Speaker{}, err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		var sp models.Speaker
		if err := tx.First(&sp, id).Error; err != nil {
			return dbErr(err, "speaker "+strconv.FormatInt(id, 10))
		}
		changes := map[string]any{}
		if p.Role != nil {
			changes["role"] = strings.TrimSpace(*p.Role)
		}
		if p.Name != nil {
			changes["name"] = strings.TrimSpace(*p.Name)
		}
		if p.Kind != nil {
			changes["kind"] = *p.Kind
		}
		if p.Description != nil {
			changes["description"] = *p.Description
		}
		if p.WikidataQID != nil {
			if *p.WikidataQID == "" {
				changes["wikidata_qid"] = nil
			} else {
				changes["wikidata_qid"] = *p.WikidataQID
			}
		}
		if len(changes) == 0 {
			return nil
		}
		changes["updated_at"] = s.now()
		return s.recordChange(ctx, tx, EntitySpeaker, id, "update", "", func() error {
			if p.Name != nil {
				if err := s.addAliases(tx, id, []string{*p.Name}); err != nil {
					return err
				}
			}
			return dbErr(tx.Model(&models.Speaker{}).Where("id = ?", id).Updates(changes).Error, "a speaker with this Wikidata QID")
		})
	})
	if err != nil {
		return models.Speaker{}, err
	}
	return s.GetSpeaker(ctx, strconv.FormatInt(id, 10))
}

// DeleteSpeaker removes a speaker and its aliases. A speaker who still has
// quotes is errs.Conflict: reassign or delete the quotes first.
func (s *Store) DeleteSpeaker(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		var sp models.Speaker
		if err := tx.First(&sp, id).Error; err != nil {
			return dbErr(err, "speaker "+strconv.FormatInt(id, 10))
		}
		if sp.QuoteCount > 0 {
			return errs.Conflictf("speaker %d still has %d quotes: reassign or delete them first", id, sp.QuoteCount)
		}
		before, err := snapSpeaker(tx, id)
		if err != nil {
			return err
		}
		if err := tx.Delete(&models.Speaker{}, id).Error; err != nil {
			return dbErr(err, "speaker")
		}
		return s.recordHistory(ctx, tx, EntitySpeaker, id, "delete", "", before, nil)
	})
}

// AddAlias records one more name for a speaker. A name the speaker already
// has (by key) is errs.Conflict.
func (s *Store) AddAlias(ctx context.Context, speakerID int64, name string) (models.Alias, error) {
	if err := models.CheckLabels(models.Label{Field: "name", Value: name}); err != nil {
		return models.Alias{}, err
	}
	name = strings.TrimSpace(name)
	var bad errs.Fields
	validateSpeaker(&bad, &name, nil, nil)
	if len(bad) == 0 {
		models.CheckNotGeneric(&bad, "name", name)
	}
	if err := bad.Err(); err != nil {
		return models.Alias{}, err
	}
	var out models.Alias
	err := s.write(ctx, func(tx *gorm.DB) error {
		var sp models.Speaker
		if err := tx.Select("id").First(&sp, speakerID).Error; err != nil {
			return dbErr(err, "speaker "+strconv.FormatInt(speakerID, 10))
		}
		out = models.Alias{SpeakerID: speakerID, Name: name, Key: names.Normalize(name), CreatedAt: s.now()}
		return s.recordChange(ctx, tx, EntitySpeaker, speakerID, "add_alias", "", func() error {
			return dbErr(tx.Create(&out).Error, "an alias with the same normalised form for this speaker")
		})
	})
	return out, err
}

// RemoveAlias deletes one of a speaker's aliases. The alias that is the
// speaker's own name cannot go: errs.Conflict.
func (s *Store) RemoveAlias(ctx context.Context, speakerID, aliasID int64) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		var a models.Alias
		if err := tx.Where("id = ? AND speaker_id = ?", aliasID, speakerID).First(&a).Error; err != nil {
			return dbErr(err, "alias "+strconv.FormatInt(aliasID, 10)+" of speaker "+strconv.FormatInt(speakerID, 10))
		}
		var sp models.Speaker
		if err := tx.Select("id", "name").First(&sp, speakerID).Error; err != nil {
			return dbErr(err, "speaker")
		}
		if names.Normalize(sp.Name) == a.Key {
			return errs.Conflictf("alias %q is the speaker's name; rename the speaker before removing it", a.Name)
		}
		return s.recordChange(ctx, tx, EntitySpeaker, speakerID, "remove_alias", "", func() error {
			return dbErr(tx.Delete(&a).Error, "alias")
		})
	})
}

// speakerForName links a speaker as one document names it to a stored
// speaker, or creates one, and records every name the document used.
//
// Linking needs strong evidence: the full name (or another multi-word name
// that is not a role such as "the head of MI5") must already be recorded
// for a speaker of the same kind. A bare surname never links across
// documents, so two people who share one stay apart. Its transaction holds
// lockAttribution, so that what the look-up missed is not created meanwhile.
func (s *Store) speakerForName(ctx context.Context, tx *gorm.DB, in IngestSpeaker) (SpeakerLink, error) {
	if in.Kind == "" {
		in.Kind = models.SpeakerPerson
	}
	// strong maps each key a link may be made on to how it was derived.
	strong := map[string]string{}
	nameKey := names.Normalize(in.Name)
	for _, n := range append([]string{in.Name}, in.Aliases...) {
		if k := linkKey(n, in.Kind, n == in.Name); k != "" {
			if k == nameKey {
				strong[k] = LinkName
			} else if strong[k] == "" {
				strong[k] = LinkAlias
			}
			// "Chris Cash" links to a stored "Christopher Cash": the
			// surname still has to match, so two Christophers stay apart.
			if in.Kind == models.SpeakerPerson {
				for _, v := range names.Keys(n)[1:] {
					if strong[v] == "" {
						strong[v] = LinkNickname
					}
				}
			}
		}
	}
	link := SpeakerLink{Name: in.Name, Match: LinkCreated, Confidence: 1}
	var id int64
	if len(strong) > 0 {
		type hit struct {
			SpeakerID int64
			Key       string
		}
		var hits []hit
		if err := tx.Raw(`SELECT a.speaker_id, a.key FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id
			WHERE a.key IN ? AND s.kind = ? ORDER BY a.speaker_id`, strongKeys(strong), in.Kind).Scan(&hits).Error; err != nil {
			return link, dbErr(err, "speaker")
		}
		// A speaker scores for each key it shares, most for the full name;
		// a nickname-only match counts least.
		weight := linkWeight
		score := map[int64]int{}
		how := map[int64]string{}
		for _, h := range hits {
			m := strong[h.Key]
			score[h.SpeakerID] += weight[m]
			if weight[m] > weight[how[h.SpeakerID]] {
				how[h.SpeakerID] = m
			}
		}
		best := 0
		for _, h := range hits {
			if score[h.SpeakerID] > best {
				best, id = score[h.SpeakerID], h.SpeakerID
			}
		}
		if id != 0 {
			link.Match = how[id]
			link.Confidence = map[string]float64{LinkName: 0.95, LinkAlias: 0.85, LinkNickname: 0.7}[link.Match]
		}
	}
	if s.afterSpeakerLookup != nil {
		s.afterSpeakerLookup()
	}
	if id == 0 {
		var err error
		if id, err = s.insertSpeaker(tx, strings.TrimSpace(in.Name), in.Kind, in.Description, nil); err != nil {
			return link, err
		}
	} else if in.Description != "" {
		if err := tx.Model(&models.Speaker{}).Where("id = ? AND description = ''", id).
			Updates(map[string]any{"description": in.Description, "updated_at": s.now()}).Error; err != nil {
			return link, dbErr(err, "speaker")
		}
	}
	link.SpeakerID = id
	return link, s.addAliases(tx, id, append([]string{in.Name}, namesOnly(in.Aliases)...))
}

// linkWeight is what a shared key scores a stored speaker, by how the
// key was derived from the new speaker's names (speakerForName and
// BulkIngest's speakerFor): most for the full name, least for a
// nickname-only match.
var linkWeight = map[string]int{LinkName: 3, LinkAlias: 2, LinkNickname: 1}

// namesOnly drops the descriptions ("the head of MI5", "he") from a
// document's names for a speaker: they tie a mention to a speaker inside
// that document only, and stored they would link other people to it.
func namesOnly(list []string) []string {
	out := list[:0:0]
	for _, a := range list {
		if !models.GenericAlias(a) {
			out = append(out, a)
		}
	}
	return out
}

// linkKey is the key under which a name may link a document's speaker to
// a stored one, or "" when the name is too weak to link on: role phrases
// and, for people, a single word other than the canonical name.
func linkKey(name, kind string, canonical bool) string {
	f := names.Fold(name)
	if strings.HasPrefix(f, "the ") || strings.HasPrefix(f, "a ") || strings.HasPrefix(f, "an ") {
		return ""
	}
	k := names.Normalize(name)
	if k == "" {
		return ""
	}
	if kind == models.SpeakerPerson && !strings.Contains(k, " ") && !canonical {
		return ""
	}
	return k
}

func strongKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
