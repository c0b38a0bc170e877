// Command whosaid is the quote-attribution service and its tools
// (`whosaid help` lists them). main only wires: it turns SIGINT and
// SIGTERM into a cancelled context, hands the arguments, environment and
// standard streams to cli.Run, and turns its error into exit status 1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/whosaid/whosaid/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cli.Run(ctx, version, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "whosaid:", err)
		}
		os.Exit(1)
	}
}
