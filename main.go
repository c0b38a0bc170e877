// Command whosaid is the quote-attribution service and its tools:
//
//	whosaid [serve]          run the HTTP service (the default)
//	whosaid extract FILE…    print the quotes found in articles as JSON
//	whosaid eval GOLD…       score the extractor against gold annotations
//	whosaid train            learn the speaker ranker's weights from a corpus
//	whosaid import PATH…     store a folder of articles with their quotes
//	whosaid backup FILE      copy the database while the service runs
//	whosaid restore FILE     replace the database with a backup
//	whosaid migrate-data     copy a whole database between SQLite and PostgreSQL
//	whosaid keys …           create, list and revoke API keys
//
// main only wires: each subcommand is a small function.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "whosaid:", err)
		}
		os.Exit(1)
	}
}

// run dispatches to a subcommand; with none, it serves.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, args, getenv, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, args, getenv, stdout, stderr)
	case "extract":
		return runExtract(args, stdin, stdout, stderr)
	case "eval":
		return runEval(args, stdout, stderr)
	case "train":
		return runTrain(args, stdout, stderr)
	case "import":
		return runImport(ctx, args, getenv, stdout, stderr)
	case "migrate-data":
		return runMigrateData(ctx, args, stdout, stderr)
	case "backup":
		return runBackup(ctx, args, getenv, stdout, stderr)
	case "restore":
		return runRestore(ctx, args, getenv, stdout, stderr)
	case "keys":
		return runKeys(ctx, args, getenv, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

const usage = `usage:
  whosaid [serve] [--addr :8080] [--db whosaid.db] [--log-level info]
  whosaid extract [--offsets chars|bytes] FILE…   (- for standard input)
  whosaid eval GOLD…
  whosaid train [--corpora ../shared/corpora] [--out extract/weights.json]
  whosaid import [--db whosaid.db] PATH…
  whosaid backup [--db whosaid.db] FILE
  whosaid restore [--db whosaid.db] FILE   (stop the service first)
  whosaid keys create --role editor|admin --name NAME [--db whosaid.db]
  whosaid keys list [--db whosaid.db]
  whosaid keys revoke [--db whosaid.db] ID
  whosaid healthcheck [--addr :8080]
  whosaid migrate-data --from sqlite:PATH|postgres://… --to sqlite:PATH|postgres://…
`
