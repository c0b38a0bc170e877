// Package cli is whosaid's command line: every subcommand, its flags,
// environment variables and usage text, behind one entry point, Run.
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
//	whosaid healthcheck      ask a running service's /healthz
//
// Each subcommand is a small function that reads its arguments and the
// environment through what Run is given, never from os directly, so tests
// run them in-process. Only the binary (package main at the repository
// root) imports cli.
package cli

import (
	"context"
	"fmt"
	"io"
)

// Run dispatches args (without the program name) to a subcommand; with
// none, or with only flags, it serves. version is what the service reports
// as its build. getenv reads the environment. The error is what the binary
// prints after "whosaid: " before exiting 1; flag.ErrHelp means the usage
// has been printed already.
func Run(ctx context.Context, version string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, version, args, getenv, stderr)
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
