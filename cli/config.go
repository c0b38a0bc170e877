package cli

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"

	"github.com/whosaid/whosaid/store"
)

// config is everything the service reads from flags and the environment.
// A flag wins over its environment variable, which wins over the default.
type config struct {
	Addr        string
	DBPath      string
	DatabaseURL string
	DBMaxConns  int
	LogLevel    slog.Level
}

// storeConfig is where the database is: PostgreSQL when a URL is given,
// else the SQLite file.
func (c *config) storeConfig() store.Config {
	if c.DatabaseURL != "" {
		return store.Config{URL: c.DatabaseURL, MaxReaders: c.DBMaxConns}
	}
	return store.Config{Path: c.DBPath, MaxReaders: c.DBMaxConns}
}

// describeDB names the database for logs without its password.
func (c *config) describeDB() string {
	if c.DatabaseURL == "" {
		return c.DBPath
	}
	if u, err := url.Parse(c.DatabaseURL); err == nil {
		return u.Redacted()
	}
	return "PostgreSQL"
}

// bindConfig registers the shared flags on fs with defaults from getenv.
func bindConfig(fs *flag.FlagSet, getenv func(string) string) *config {
	c := &config{}
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "WHOSAID_ADDR", ":8080"), "listen address (env WHOSAID_ADDR)")
	fs.StringVar(&c.DBPath, "db", envOr(getenv, "WHOSAID_DB", "whosaid.db"), "SQLite database file, created if missing (env WHOSAID_DB)")
	fs.StringVar(&c.DatabaseURL, "database-url", envOr(getenv, "DATABASE_URL", ""), "PostgreSQL URL (postgres://…); when set, used instead of --db (env DATABASE_URL)")
	fs.Func("db-max-conns", "most database connections: SQLite readers (default 8) or the PostgreSQL pool (default 16) (env WHOSAID_DB_MAX_CONNS)", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return fmt.Errorf("want a number from 1 to 1000")
		}
		c.DBMaxConns = n
		return nil
	})
	if v := getenv("WHOSAID_DB_MAX_CONNS"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 1000 {
			c.DBMaxConns = n
		}
	}
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
