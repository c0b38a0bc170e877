package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/whosaid/whosaid/store"
)

const keysUsage = `usage:
  whosaid keys create --role editor|admin --name NAME [--db whosaid.db]
  whosaid keys list [--db whosaid.db]
  whosaid keys revoke [--db whosaid.db] ID`

// runKeys manages API keys: create (the key is printed once and only its
// hash is kept), list and revoke.
func runKeys(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("keys: name an action\n%s", keysUsage)
	}
	action, args := args[0], args[1:]
	switch action {
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, keysUsage)
		return nil
	}
	fs := newFlagSet("keys "+action, stderr)
	cfg := bindConfig(fs, getenv)
	var name, role string
	switch action {
	case "create":
		fs.StringVar(&name, "name", "", "who holds the key; recorded as who made each change (required)")
		fs.StringVar(&role, "role", "", "editor (create, edit, review, ingest) or admin (also delete, merge) (required)")
	case "list", "revoke":
	default:
		return fmt.Errorf("keys: unknown action %q\n%s", action, keysUsage)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) { // the flag set printed the action's flags
			return nil
		}
		return err
	}
	var id int64
	switch action {
	case "revoke":
		if fs.NArg() != 1 {
			return fmt.Errorf("keys revoke: name one key id (see whosaid keys list)")
		}
		n, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil || n < 1 {
			return fmt.Errorf("keys revoke: %q is not a key id", fs.Arg(0))
		}
		id = n
	default:
		if err := checkNoArgs(fs); err != nil {
			return err
		}
	}
	st, err := store.Open(ctx, cfg.storeConfig())
	if err != nil {
		return err
	}
	defer st.Close()

	switch action {
	case "create":
		k, token, err := st.CreateKey(ctx, name, role)
		if err != nil {
			return fmt.Errorf("keys create: %w", err)
		}
		fmt.Fprintf(stderr, "created key %d (%s, %s); it is shown once, store it now:\n", k.ID, k.Name, k.Role)
		fmt.Fprintln(stdout, token)
	case "list":
		ks, err := st.Keys(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tPREFIX\tROLE\tNAME\tCREATED\tREVOKED")
		for _, k := range ks {
			revoked := "-"
			if k.RevokedAt != nil {
				revoked = k.RevokedAt.UTC().Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%d\t%s…\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Role, k.Name, k.CreatedAt.UTC().Format("2006-01-02 15:04"), revoked)
		}
		return tw.Flush()
	case "revoke":
		k, err := st.RevokeKey(ctx, id)
		if err != nil {
			return fmt.Errorf("keys revoke: %w", err)
		}
		fmt.Fprintf(stdout, "revoked key %d (%s…, %s)\n", k.ID, k.Prefix, k.Name)
	}
	return nil
}
