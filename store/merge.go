package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/names"
)

// Redirect says that a speaker reference (an old id or slug) names a
// speaker that was merged into another.
type Redirect struct {
	OldID     int64
	OldSlug   string
	SpeakerID int64  // the speaker it is now
	Slug      string // that speaker's slug
}

// SpeakerRedirect looks up ref (a numeric id or a slug) among merged
// speakers. It returns errs.NotFound when ref was never merged.
func (s *Store) SpeakerRedirect(ctx context.Context, ref string) (Redirect, error) {
	db := s.read(ctx)
	var r Redirect
	q := "SELECT r.old_id, r.old_slug, r.speaker_id, s.slug FROM speaker_redirects r JOIN speakers s ON s.id = r.speaker_id WHERE "
	var err error
	if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		err = db.Raw(q+"r.old_id = ?", id).Scan(&r).Error
	} else {
		err = db.Raw(q+"r.old_slug = ?", strings.ToLower(ref)).Scan(&r).Error
	}
	if err != nil {
		return r, dbErr(err, "speaker")
	}
	if r.SpeakerID == 0 {
		return r, errs.NotFoundf("speaker %q not found", ref)
	}
	return r, nil
}

// redirectOf returns the speaker a merged speaker's old id or slug now
// names.
func (s *Store) redirectOf(db *gorm.DB, ref string) (int64, bool, error) {
	var ids []int64
	var err error
	if id, perr := strconv.ParseInt(strings.TrimSpace(ref), 10, 64); perr == nil {
		err = db.Raw("SELECT speaker_id FROM speaker_redirects WHERE old_id = ?", id).Scan(&ids).Error
	} else {
		err = db.Raw("SELECT speaker_id FROM speaker_redirects WHERE old_slug = ?", strings.ToLower(strings.TrimSpace(ref))).Scan(&ids).Error
	}
	if err != nil || len(ids) == 0 {
		return 0, false, dbErr(err, "speaker")
	}
	return ids[0], true, nil
}

// MergeSpeakers makes two speaker records that turn out to be one person
// into one: every quote and alias of from moves to into, into takes
// from's description, role and Wikidata QID where it has none, and from
// is deleted, leaving a redirect so that its old id and slug keep naming
// into (see SpeakerRedirect). Both changes are kept in the history.
// Unknown ids are errs.NotFound; merging a speaker into itself, or two
// speakers with different Wikidata QIDs, is errs.Conflict.
func (s *Store) MergeSpeakers(ctx context.Context, from, into int64) (models.Speaker, error) {
	if from == into {
		return models.Speaker{}, errs.Conflictf("cannot merge speaker %d into itself", from)
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		var src, dst models.Speaker
		if err := tx.Raw("SELECT * FROM speakers WHERE id = ?", from).Scan(&src).Error; err != nil || src.ID == 0 {
			return notFoundOr(err, "speaker "+strconv.FormatInt(from, 10))
		}
		if err := tx.Raw("SELECT * FROM speakers WHERE id = ?", into).Scan(&dst).Error; err != nil || dst.ID == 0 {
			return notFoundOr(err, "speaker "+strconv.FormatInt(into, 10))
		}
		if src.WikidataQID != nil && dst.WikidataQID != nil && *src.WikidataQID != *dst.WikidataQID {
			return errs.Conflictf("speakers %d and %d have different Wikidata ids (%s, %s): they are different people", from, into, *src.WikidataQID, *dst.WikidataQID)
		}
		before, err := snapSpeaker(tx, from)
		if err != nil {
			return err
		}
		note := fmt.Sprintf("merged %s (%d) into %s (%d)", src.Name, src.ID, dst.Name, dst.ID)
		// Each moved quote's history says where it went.
		if err := tx.Exec(`INSERT INTO history (entity, entity_id, action, actor, note, before, after, at)
			SELECT 'quote', id, 'merge_speaker', ?, ?, ?, ?, ? FROM quotes WHERE speaker_id = ?`,
			clip(actorOf(ctx), models.MaxNameChars), note, fmt.Sprintf(`{"speaker_id":%d}`, from), fmt.Sprintf(`{"speaker_id":%d}`, into), s.now(), from).Error; err != nil {
			return dbErr(err, "history")
		}
		return s.recordChange(ctx, tx, EntitySpeaker, into, "merge", note, func() error {
			now := s.now()
			if err := tx.Exec("UPDATE quotes SET speaker_id = ?, updated_at = ? WHERE speaker_id = ?", into, now, from).Error; err != nil {
				return dbErr(err, "quotes")
			}
			if err := tx.Exec(`INSERT INTO speaker_aliases (speaker_id, name, key, created_at)
				SELECT ?, name, key, created_at FROM speaker_aliases WHERE speaker_id = ? ORDER BY id
				ON CONFLICT DO NOTHING`, into, from).Error; err != nil {
				return dbErr(err, "aliases")
			}
			changes := map[string]any{"updated_at": now}
			if dst.Description == "" && src.Description != "" {
				changes["description"] = src.Description
			}
			if dst.Role == "" && src.Role != "" {
				changes["role"] = src.Role
			}
			if dst.WikidataQID == nil && src.WikidataQID != nil {
				// The QID is unique: take it off the old record first.
				if err := tx.Exec("UPDATE speakers SET wikidata_qid = NULL WHERE id = ?", from).Error; err != nil {
					return dbErr(err, "speaker")
				}
				changes["wikidata_qid"] = *src.WikidataQID
			}
			if err := tx.Model(&models.Speaker{}).Where("id = ?", into).Updates(changes).Error; err != nil {
				return dbErr(err, "speaker")
			}
			if err := tx.Exec("UPDATE speaker_redirects SET speaker_id = ? WHERE speaker_id = ?", into, from).Error; err != nil {
				return dbErr(err, "redirects")
			}
			if err := tx.Exec("INSERT INTO speaker_redirects (old_id, old_slug, speaker_id, merged_at) VALUES (?, ?, ?, ?)",
				from, src.Slug, into, now).Error; err != nil {
				return dbErr(err, "redirect")
			}
			if err := tx.Exec("DELETE FROM speakers WHERE id = ?", from).Error; err != nil {
				return dbErr(err, "speaker")
			}
			return s.recordHistory(ctx, tx, EntitySpeaker, from, "merged_into", note, before, nil)
		})
	})
	if err != nil {
		return models.Speaker{}, err
	}
	return s.GetSpeaker(ctx, strconv.FormatInt(into, 10))
}

func notFoundOr(err error, what string) error {
	if err != nil {
		return dbErr(err, what)
	}
	return errs.NotFoundf("%s not found", what)
}

// SplitInput takes one of a speaker's aliases off into a speaker of its
// own. Name defaults to the alias's name; Kind to the old speaker's kind.
// QuoteIDs are quotes of the old speaker that move to the new one.
type SplitInput struct {
	AliasID     int64
	Name        string
	Kind        string
	Description string
	Role        string
	WikidataQID *string
	QuoteIDs    []int64
}

// SplitSpeaker creates a new speaker from one alias of an existing one
// (which loses that alias), optionally moving some of its quotes along.
// Both changes, and each moved quote's, are kept in the history. Unknown
// speaker: errs.NotFound; an alias or quote that is not the speaker's,
// errs.Invalid naming it; the alias that is the speaker's own name,
// errs.Conflict.
func (s *Store) SplitSpeaker(ctx context.Context, from int64, in SplitInput) (models.Speaker, error) {
	var bad errs.Fields
	if in.AliasID <= 0 {
		bad.Add("alias_id", "is required")
	}
	if in.Kind != "" {
		models.CheckSpeakerKind(&bad, "kind", in.Kind)
	}
	if in.WikidataQID != nil {
		models.CheckWikidataQID(&bad, "wikidata_qid", *in.WikidataQID)
	}
	if in.WikidataQID != nil && *in.WikidataQID == "" {
		in.WikidataQID = nil
	}
	if len([]rune(in.Role)) > models.MaxNameChars {
		bad.Add("role", "must be at most %d characters", models.MaxNameChars)
	}
	if err := bad.Err(); err != nil {
		return models.Speaker{}, err
	}
	var newID int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		var src models.Speaker
		if err := tx.First(&src, from).Error; err != nil {
			return dbErr(err, "speaker "+strconv.FormatInt(from, 10))
		}
		var a models.Alias
		if err := tx.Where("id = ? AND speaker_id = ?", in.AliasID, from).First(&a).Error; err != nil {
			if err == gorm.ErrRecordNotFound {
				return errs.Invalidf("alias_id", "speaker %d has no alias %d", from, in.AliasID)
			}
			return dbErr(err, "alias")
		}
		if names.Normalize(src.Name) == a.Key {
			return errs.Conflictf("alias %q is the speaker's own name; rename the speaker first", a.Name)
		}
		name := strings.TrimSpace(in.Name)
		if name == "" {
			name = a.Name
		}
		kind := in.Kind
		if kind == "" {
			kind = src.Kind
		}
		var fs errs.Fields
		validateSpeaker(&fs, &name, &kind, nil)
		if err := fs.Err(); err != nil {
			return err
		}
		note := fmt.Sprintf("split %q off %s (%d)", a.Name, src.Name, src.ID)
		return s.recordChange(ctx, tx, EntitySpeaker, from, "split", note, func() error {
			if err := tx.Delete(&a).Error; err != nil {
				return dbErr(err, "alias")
			}
			id, err := s.insertSpeaker(tx, name, kind, in.Description, in.WikidataQID)
			if err != nil {
				return err
			}
			newID = id
			if err := s.addAliases(tx, id, []string{a.Name}); err != nil {
				return err
			}
			if in.Role != "" {
				if err := tx.Exec("UPDATE speakers SET role = ? WHERE id = ?", strings.TrimSpace(in.Role), id).Error; err != nil {
					return dbErr(err, "speaker")
				}
			}
			for i, qid := range in.QuoteIDs {
				err := s.recordChange(ctx, tx, EntityQuote, qid, "split_speaker", note, func() error {
					res := tx.Exec("UPDATE quotes SET speaker_id = ?, updated_at = ? WHERE id = ? AND speaker_id = ?", id, s.now(), qid, from)
					if res.Error != nil {
						return dbErr(res.Error, "quote")
					}
					if res.RowsAffected == 0 {
						return errs.Invalidf("quote_ids["+strconv.Itoa(i)+"]", "quote %d is not a quote of speaker %d", qid, from)
					}
					return nil
				})
				if err != nil {
					return err
				}
			}
			after, err := snapSpeaker(tx, id)
			if err != nil {
				return err
			}
			return s.recordHistory(ctx, tx, EntitySpeaker, id, "create", note, nil, after)
		})
	})
	if err != nil {
		return models.Speaker{}, err
	}
	return s.GetSpeaker(ctx, strconv.FormatInt(newID, 10))
}
