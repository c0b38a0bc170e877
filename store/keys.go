package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
)

// API key roles. An editor may create, edit, review and ingest; an admin
// may also delete, merge and manage keys.
const (
	RoleEditor = "editor"
	RoleAdmin  = "admin"
)

// KeyPrefix starts every API key, so that a leaked key is recognisable
// (secret scanners, logs) as a whosaid key.
const KeyPrefix = "wsk_"

// keyPrefixLen is how many characters of a key are kept in clear to tell
// keys apart: "wsk_" and 8 random characters (48 bits).
const keyPrefixLen = len(KeyPrefix) + 8

// keyLen is the length of a key: "wsk_" and 32 random bytes, base64url.
var keyLen = len(KeyPrefix) + base64.RawURLEncoding.EncodedLen(32)

// Key is an API key as stored: never the key itself, only its SHA-256
// hash and its first characters (Prefix) to identify it.
type Key struct {
	ID        int64      `gorm:"column:id"`
	Name      string     `gorm:"column:name"`
	Role      string     `gorm:"column:role"`
	Prefix    string     `gorm:"column:prefix"`
	Hash      []byte     `gorm:"column:hash"`
	CreatedAt time.Time  `gorm:"column:created_at"`
	RevokedAt *time.Time `gorm:"column:revoked_at"`
}

// TableName maps Key to its table.
func (Key) TableName() string { return "api_keys" }

// CanDo reports whether a key with this role may do what needs role need.
func (k Key) CanDo(need string) bool {
	switch need {
	case RoleEditor:
		return k.Role == RoleEditor || k.Role == RoleAdmin
	case RoleAdmin:
		return k.Role == RoleAdmin
	}
	return false
}

func hashKey(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// CreateKey makes a new API key with a name (who holds it; it is recorded
// in the history of every change made with it) and a role. It returns the
// stored key and the key itself, which is shown once and never kept.
// A bad name or role is errs.Invalid.
func (s *Store) CreateKey(ctx context.Context, name, role string) (Key, string, error) {
	name = strings.TrimSpace(name)
	var bad errs.Fields
	if name == "" || len([]rune(name)) > models.MaxNameChars || strings.ContainsAny(name, "\x00\r\n") {
		bad.Add("name", "must be 1 to %d characters on one line", models.MaxNameChars)
	}
	if role != RoleEditor && role != RoleAdmin {
		bad.Add("role", "must be %s or %s", RoleEditor, RoleAdmin)
	}
	if err := bad.Err(); err != nil {
		return Key{}, "", err
	}
	var secret [32]byte
	_, _ = rand.Read(secret[:]) // crypto/rand.Read never fails
	token := KeyPrefix + base64.RawURLEncoding.EncodeToString(secret[:])
	k := Key{Name: name, Role: role, Prefix: token[:keyPrefixLen], Hash: hashKey(token), CreatedAt: s.now()}
	if err := s.write(ctx, func(tx *gorm.DB) error {
		return dbErr(tx.Create(&k).Error, "key")
	}); err != nil {
		return Key{}, "", err
	}
	return k, token, nil
}

// Keys lists every API key, revoked ones too, oldest first.
func (s *Store) Keys(ctx context.Context) ([]Key, error) {
	var ks []Key
	if err := s.read(ctx).Order("id").Find(&ks).Error; err != nil {
		return nil, dbErr(err, "keys")
	}
	return ks, nil
}

// RevokeKey revokes a key: it stops working at once and stays listed.
// An unknown id is errs.NotFound; revoking twice is not an error.
func (s *Store) RevokeKey(ctx context.Context, id int64) (Key, error) {
	var k Key
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", id).Take(&k).Error; err != nil {
			return dbErr(err, "key "+strconv.FormatInt(id, 10))
		}
		if k.RevokedAt != nil {
			return nil
		}
		now := s.now()
		k.RevokedAt = &now
		return dbErr(tx.Model(&Key{}).Where("id = ?", id).Update("revoked_at", now).Error, "key")
	})
	return k, err
}

// Authenticate returns the live key token is. A token that is malformed,
// unknown or revoked is errs.Unauthorized, all with the same message. The
// row is found by the key's clear prefix, then its hash is compared in
// constant time.
func (s *Store) Authenticate(ctx context.Context, token string) (Key, error) {
	bad := errs.E(errs.Unauthorized, "the API key is not valid")
	if len(token) != keyLen || !strings.HasPrefix(token, KeyPrefix) {
		return Key{}, bad
	}
	var k Key
	err := s.read(ctx).Where("prefix = ? AND revoked_at IS NULL", token[:keyPrefixLen]).Take(&k).Error
	if err != nil {
		if err = dbErr(err, "key"); errs.KindOf(err) == errs.NotFound {
			return Key{}, bad
		}
		return Key{}, err
	}
	if subtle.ConstantTimeCompare(k.Hash, hashKey(token)) != 1 {
		return Key{}, bad
	}
	return k, nil
}

type keyActorKey struct{}

// WithKeyActor returns a context saying that an authenticated API key
// named name makes the changes: the history records name, whatever
// WithActor says (a key cannot be talked into naming someone else).
func WithKeyActor(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, keyActorKey{}, name)
}

// keyActorOf is the name of the key making changes, if any.
func keyActorOf(ctx context.Context) (string, bool) {
	who, ok := ctx.Value(keyActorKey{}).(string)
	return who, ok && who != ""
}
