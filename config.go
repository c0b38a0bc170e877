package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// config is everything the service reads from flags and the environment.
// A flag wins over its environment variable, which wins over the default.
type config struct {
	Addr     string
	DBPath   string
	LogLevel slog.Level
}

// bindConfig registers the shared flags on fs with defaults from getenv.
func bindConfig(fs *flag.FlagSet, getenv func(string) string) *config {
	c := &config{}
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "WHOSAID_ADDR", ":8080"), "listen address (env WHOSAID_ADDR)")
	fs.StringVar(&c.DBPath, "db", envOr(getenv, "WHOSAID_DB", "whosaid.db"), "SQLite database file, created if missing (env WHOSAID_DB)")
	fs.Func("log-level", "debug, info, warn or error (env WHOSAID_LOG_LEVEL; default info)", func(s string) error {
		return c.LogLevel.UnmarshalText([]byte(s))
	})
	if lv := getenv("WHOSAID_LOG_LEVEL"); lv != "" {
		_ = c.LogLevel.UnmarshalText([]byte(lv))
	}
	return c
}

func envOr(getenv func(string) string, key, def string) string {
	if v := strings.TrimSpace(getenv(key)); v != "" {
		return v
	}
	return def
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func checkNoArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected arguments %q", fs.Name(), fs.Args())
	}
	return nil
}
