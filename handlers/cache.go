package handlers

import (
	"bytes"
	"container/list"
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
)

// Generationer is a store whose read generation (store.Store.Generation)
// changes on every write, in this process or another; false: do not cache.
type Generationer interface {
	Generation(ctx context.Context) (uint64, bool)
}

// Cache keeps the encoded JSON answers of the hottest reads (a quote, a
// quote list page, a speaker list page), each under the store's read
// generation taken before it was read: an answer is served only while the
// generation is unchanged, so a write is seen by the very next read. It is
// bounded by the bytes it holds, least recently used out first. A nil
// *Cache caches nothing.
type Cache struct {
	gen Generationer
	max int

	mu    sync.Mutex
	size  int
	lru   *list.List // of *cacheEntry, most recent first
	items map[string]*list.Element
	at    uint64 // the generation every entry belongs to
}

type cacheEntry struct {
	key  string
	body []byte
}

// cacheEntryOverhead is counted for each entry besides its key and body.
const cacheEntryOverhead = 128

// NewCache returns a cache of at most maxBytes over gen; nil when maxBytes
// is not positive or gen is nil.
func NewCache(gen Generationer, maxBytes int) *Cache {
	if gen == nil || maxBytes <= 0 {
		return nil
	}
	return &Cache{gen: gen, max: maxBytes, lru: list.New(), items: map[string]*list.Element{}}
}

// errAnswered is what a fill returns when it has answered the request
// itself (a redirect): nothing is cached or written.
var errAnswered = errors.New("answered")

// JSON answers c with 200 and fill's value as JSON (as writeJSON does),
// from the cache when key was answered at the current generation.
func (k *Cache) JSON(c *gin.Context, key string, fill func() (any, error)) error {
	return k.answer(c, key, false, fill)
}

// List is JSON for a list that also has other formats (Vary: Accept, as
// writeFormatted says).
func (k *Cache) List(c *gin.Context, key string, fill func() (any, error)) error {
	return k.answer(c, key, true, fill)
}

func (k *Cache) answer(c *gin.Context, key string, vary bool, fill func() (any, error)) error {
	if k == nil {
		v, err := fill()
		if err != nil {
			return answeredOr(err)
		}
		if vary {
			c.Header("Vary", "Accept")
		}
		writeJSON(c, http.StatusOK, v)
		return nil
	}
	gen, ok := k.gen.Generation(c.Request.Context())
	if ok {
		if body := k.get(gen, key); body != nil {
			if vary {
				c.Header("Vary", "Accept")
			}
			c.Data(http.StatusOK, jsonContentType, body)
			return nil
		}
	}
	v, err := fill()
	if err != nil {
		return answeredOr(err)
	}
	body, err := encodeJSON(nil, v)
	if err != nil {
		return err
	}
	if ok {
		body = bytes.Clone(body) // kept: no spare capacity beyond what is counted
		k.put(gen, key, body)
	}
	if vary {
		c.Header("Vary", "Accept")
	}
	c.Data(http.StatusOK, jsonContentType, body)
	return nil
}

func answeredOr(err error) error {
	if err == errAnswered {
		return nil
	}
	return err
}

// listKey is the cache key of a list answered in format: the request's
// absolute URL (its links name it), or "" when the format is not cached.
func listKey(c *gin.Context, format string) string {
	if format != FormatJSON {
		return ""
	}
	u := requestURL(c)
	return u.String()
}

func (k *Cache) get(gen uint64, key string) []byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	if gen != k.at {
		k.reset(gen)
		return nil
	}
	e, ok := k.items[key]
	if !ok {
		return nil
	}
	k.lru.MoveToFront(e)
	return e.Value.(*cacheEntry).body
}

func (k *Cache) put(gen uint64, key string, body []byte) {
	n := len(key) + len(body) + cacheEntryOverhead
	if n > k.max/8 {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	switch {
	case gen < k.at:
		return // read before a write this cache has already seen
	case gen > k.at:
		k.reset(gen)
	}
	if e, ok := k.items[key]; ok {
		old := e.Value.(*cacheEntry)
		k.size += len(body) - len(old.body)
		old.body = body
		k.lru.MoveToFront(e)
	} else {
		k.items[key] = k.lru.PushFront(&cacheEntry{key: key, body: body})
		k.size += n
	}
	for k.size > k.max {
		e := k.lru.Back()
		ce := e.Value.(*cacheEntry)
		k.lru.Remove(e)
		delete(k.items, ce.key)
		k.size -= len(ce.key) + len(ce.body) + cacheEntryOverhead
	}
}

// reset drops every entry: the generation moved to gen (or back, which
// only a new store would do).
func (k *Cache) reset(gen uint64) {
	if gen < k.at {
		// An older generation than the entries': a caller that read
		// before a write; keep the newer entries.
		return
	}
	k.at = gen
	if len(k.items) > 0 {
		k.lru.Init()
		k.items = map[string]*list.Element{}
		k.size = 0
	}
}
