package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/store"
)

func TestKeysCreateAuthenticateRevoke(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	k, token, err := st.CreateKey(ctx, "ana", store.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, store.KeyPrefix) || len(token) < 40 || !strings.HasPrefix(token, k.Prefix) || len(k.Prefix) >= len(token)/2 {
		t.Fatalf("token %q, prefix %q", token, k.Prefix)
	}
	if strings.Contains(string(k.Hash), token) || len(k.Hash) != 32 {
		t.Fatalf("hash %x", k.Hash)
	}
	got, err := st.Authenticate(ctx, token)
	if err != nil || got.ID != k.ID || got.Name != "ana" || got.Role != store.RoleEditor {
		t.Fatalf("authenticate = %+v, %v", got, err)
	}
	if !got.CanDo(store.RoleEditor) || got.CanDo(store.RoleAdmin) {
		t.Errorf("editor may edit but not administer")
	}
	// Same prefix, different secret: the hash decides.
	last := byte('A')
	if token[len(token)-1] == 'A' {
		last = 'B'
	}
	forged := token[:len(token)-1] + string(last)
	for _, bad := range []string{"", "wsk_", token + "x", forged, "Bearer " + token, strings.ToUpper(token)} {
		if _, err := st.Authenticate(ctx, bad); errs.KindOf(err) != errs.Unauthorized {
			t.Errorf("Authenticate(%q) = %v, want unauthorized", bad, err)
		}
	}
	// Nothing stored holds the key itself.
	ks, err := st.Keys(ctx)
	if err != nil || len(ks) != 1 {
		t.Fatalf("keys = %+v, %v", ks, err)
	}
	if _, err := st.RevokeKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Authenticate(ctx, token); errs.KindOf(err) != errs.Unauthorized {
		t.Errorf("revoked key still works: %v", err)
	}
	if _, err := st.RevokeKey(ctx, 999); errs.KindOf(err) != errs.NotFound {
		t.Errorf("revoke unknown = %v", err)
	}
	for _, c := range []struct{ name, role string }{{"", "editor"}, {"x", "owner"}, {strings.Repeat("x", 201), "admin"}, {"a\nb", "admin"}} {
		if _, _, err := st.CreateKey(ctx, c.name, c.role); errs.KindOf(err) != errs.Invalid {
			t.Errorf("CreateKey(%q, %q) = %v, want invalid", c.name, c.role, err)
		}
	}
}

func TestKeyNameIsTheActor(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	res := ingestArticle(t, st, article, 1)
	id := res.Quotes[0].ID
	ctx = store.WithKeyActor(store.WithActor(ctx, "header-name"), "desk-key")
	if _, err := st.ReviewQuote(ctx, id, store.ReviewInput{Status: "verified", Reviewer: "body-name"}); err != nil {
		t.Fatal(err)
	}
	h, err := st.History(ctx, store.EntityQuote, id, store.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Entries) != 1 || h.Entries[0].Actor != "desk-key" {
		t.Fatalf("history = %+v, want the key's name as actor", h.Entries)
	}
}
