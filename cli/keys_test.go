package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/store"
)

func TestKeysCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "keys.db")
	env := func(string) string { return "" }
	keys := func(args ...string) (string, string, error) {
		var stdout, stderr bytes.Buffer
		err := run(ctx, append([]string{"keys"}, args...), env, nil, &stdout, &stderr)
		return stdout.String(), stderr.String(), err
	}
	out, msg, err := keys("create", "--db", db, "--role", "admin", "--name", "me")
	if err != nil {
		t.Fatalf("create: %v %s", err, msg)
	}
	token := strings.TrimSpace(out)
	if !strings.HasPrefix(token, store.KeyPrefix) || strings.Count(out, "\n") != 1 || !strings.Contains(msg, "shown once") {
		t.Fatalf("create printed %q and said %q", out, msg)
	}
	list, _, err := keys("list", "--db", db)
	if err != nil || !strings.Contains(list, token[:12]) || strings.Contains(list, token) || !strings.Contains(list, "admin") || !strings.Contains(list, "me") {
		t.Fatalf("list: %v\n%s", err, list)
	}
	st, err := store.Open(ctx, store.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	k, err := st.Authenticate(ctx, token)
	st.Close()
	if err != nil || k.Role != store.RoleAdmin || k.Name != "me" {
		t.Fatalf("the printed key does not work: %+v %v", k, err)
	}
	if out, _, err := keys("revoke", "--db", db, "1"); err != nil || !strings.Contains(out, "revoked key 1") {
		t.Fatalf("revoke: %v %s", err, out)
	}
	st, err = store.Open(ctx, store.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Authenticate(ctx, token)
	st.Close()
	if errs.KindOf(err) != errs.Unauthorized {
		t.Fatalf("a revoked key still works: %v", err)
	}
	for _, bad := range [][]string{
		{}, {"rotate"}, {"create", "--db", db, "--role", "owner", "--name", "x"}, {"create", "--db", db, "--role", "editor"},
		{"revoke", "--db", db}, {"revoke", "--db", db, "abc"}, {"revoke", "--db", db, "99"}, {"list", "--db", db, "extra"},
	} {
		if _, _, err := keys(bad...); err == nil {
			t.Errorf("keys %v succeeded", bad)
		}
	}
}

// TestKeysHelp checks that asking keys for help prints its usage and
// succeeds (it used to say "unknown action" and fail).
func TestKeysHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"help"}, {"create", "--help"}, {"list", "-h"}} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append([]string{"keys"}, args...), func(string) string { return "" }, nil, &stdout, &stderr)
		out := stdout.String() + stderr.String()
		if err != nil || strings.Contains(out, "unknown action") || !strings.Contains(out, "-") {
			t.Errorf("keys %v: err %v, printed %q", args, err, out)
		}
	}
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"keys", "--help"}, func(string) string { return "" }, nil, &stdout, &bytes.Buffer{}); err != nil || !strings.Contains(stdout.String(), "whosaid keys create") {
		t.Errorf("keys --help printed %q to standard output (err %v), want the usage", stdout.String(), err)
	}
}
