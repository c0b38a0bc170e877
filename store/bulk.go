package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"iter"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/factcheck"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/names"
)

// Bulk loading: the documented fast path for loading a large corpus
// (benchmarks, a first import of an archive). It stores exactly what
// Ingest stores for each document, with the same validation and the same
// rule for linking a document's speakers to stored ones, but:
//
//   - many documents share one transaction (BulkOptions.DocsPerTx); their
//     rows are inserted when it commits, 100 to a statement, parents
//     first, with database/sql on the writer connection (no gorm). Ids
//     are given out by the load (the next after the highest stored, read
//     in each transaction, as SQLite would give them), so that quotes can
//     name their source, speaker and the quote they continue before
//     anything is written; alias ids are left to SQLite;
//   - validation, content hashes, contexts and normalised words are
//     worked out on another goroutine (another core), in order, while the
//     loader stores the documents before them;
//   - speakers are resolved through an in-memory map of every alias key,
//     read once at the start, instead of a query per name; name keys are
//     worked out once per load; a description is only written to a
//     speaker without one (what Ingest's UPDATE ... AND description = ''
//     does);
//   - the writer connection gets a 1 GB page cache and helper threads for
//     sorting while it loads (set back after); into an empty database it
//     also runs with synchronous = OFF: a crash of the process loses
//     nothing committed, a crash of the machine may leave a database to
//     discard (it held nothing before the load);
//   - reports of the same words by other sources are not linked while
//     loading (Ingest compares each new quote with up to 50 candidates
//     from the full-text index, which would dominate the load). With
//     BulkOptions.LinkExact they are linked once the rows are in, exact
//     wording only (same speaker, same normalised words); reworded
//     reports stay unlinked until a later Ingest of either. Into an empty
//     database the links are found as the quotes are stored (keyed by a
//     128-bit hash of the words) and written in their rows (a first
//     report stored by an earlier transaction is updated in the one that
//     links it), otherwise by a pass over every quote;
//   - with BulkOptions.RebuildFTS the full-text triggers are dropped for
//     the load. Into an empty database the indexes are built beside the
//     load, in a side database file (path + "-bulkfts") on another
//     connection and goroutine, and their tables copied in at the end;
//     otherwise each index is rebuilt once at the end (FTS5's 'rebuild'),
//     which is slower than the triggers when the tables already hold much
//     more than is being added;
//   - with BulkOptions.DeferIndexes the quotes' and sources' secondary
//     indexes (but quotes_continues, partial and filled in id order) and
//     the quote counter trigger are dropped for the load; the indexes are
//     then built from the loaded tables (a sort, much faster than
//     row-by-row B-tree inserts) and the speakers' counters recounted;
//     the load stores each source with its quote_count, as it adds no
//     quotes to other sources. With the side build of the full-text
//     indexes, the indexes are built while it finishes on the other core.
//
// What RebuildFTS and DeferIndexes drop is recorded, in the transaction
// that drops it, in a table bulk_deferred, which the end of the load
// drops again. A load interrupted in these modes leaves them missing (a
// database that answers, slowly and without full-text search of the new
// rows); the next BulkIngest, or RepairFTS, puts everything back,
// recounts and rebuilds.
//
// BulkIngest is SQLite's; on PostgreSQL it stores each document through
// Ingest.

// BulkOptions tune BulkIngest.
type BulkOptions struct {
	// DocsPerTx is how many documents one transaction stores (default 2000).
	DocsPerTx int
	// RebuildFTS drops the full-text triggers during the load and rebuilds
	// the indexes once at the end.
	RebuildFTS bool
	// DeferIndexes drops the quotes' and sources' secondary indexes and
	// the quote counter trigger during the load, then builds the indexes
	// from the loaded tables and recounts, once at the end.
	DeferIndexes bool
	// LinkExact links reports of exactly the same words by the same
	// speaker in one pass after the load.
	LinkExact bool
	// Progress, when set, is called after each transaction with the
	// documents read so far.
	Progress func(docs int)
}

// BulkStats says what BulkIngest did and how long each phase took.
type BulkStats struct {
	Docs, Skipped, Quotes, Speakers int
	Linked                          int
	// Load: storing the rows; Link: exact-wording links (a pass after
	// the load; into an empty database they are made while storing, in
	// Load); FTS: finishing the full-text indexes built beside the load
	// (waiting for them, after the deferred indexes are built, and
	// copying them in); Index: the deferred indexes, counters, triggers
	// and any full-text rebuild.
	Load, Index, Link, FTS time.Duration
}

// ftsTriggers are the insert triggers RebuildFTS drops, as the migrations
// create them.
var ftsTriggers = map[string]string{
	"quotes_fts_ins": `CREATE TRIGGER quotes_fts_ins AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
END`,
	"sources_fts_ins": `CREATE TRIGGER sources_fts_ins AFTER INSERT ON sources BEGIN
    INSERT INTO sources_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END`,
}

// BulkIngest stores every document docs yields, as Ingest would, many to a
// transaction. A document already stored (same URL or text) is skipped;
// an invalid one stops the load with an error naming it (documents before
// its transaction stay stored).
func (s *Store) BulkIngest(ctx context.Context, docs iter.Seq[IngestInput], opt BulkOptions) (BulkStats, error) {
	var st BulkStats
	if s.w.Dialector.Name() == "postgres" {
		start := time.Now()
		for in := range docs {
			res, err := s.Ingest(ctx, in)
			if err != nil {
				return st, fmt.Errorf("document %d: %w", st.Docs, err)
			}
			st.Docs++
			if res.Created {
				st.Quotes += len(res.Quotes)
			} else {
				st.Skipped++
			}
			if opt.Progress != nil && st.Docs%1000 == 0 {
				opt.Progress(st.Docs)
			}
		}
		st.Load = time.Since(start)
		return st, nil
	}
	if opt.DocsPerTx <= 0 {
		opt.DocsPerTx = 2000
	}
	sqlDB, err := s.w.DB()
	if err != nil {
		return st, err
	}
	// The one writer connection, held for the whole load: other writes
	// wait for it, as they would for any write.
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return st, err
	}
	defer conn.Close()
	if err := repairBulk(ctx, conn, bulkRepair{}); err != nil {
		return st, err
	}
	// A page cache big enough for the indexes the load writes; table scans
	// (the deferred indexes, the counts) read the file mapped; helper
	// threads for the sorts that build the deferred indexes. On this
	// connection only and for the load only.
	for _, p := range [][2]string{{"cache_size", strconv.Itoa(bulkCacheKB)}, {"mmap_size", strconv.Itoa(bulkMmap)}, {"threads", "2"}} {
		restore, err := setPragma(ctx, conn, p[0], p[1])
		if err != nil {
			return st, err
		}
		defer restore()
	}
	b := &bulk{s: s, conn: conn, aliases: map[string][]aliasRef{}, slugs: map[string]bool{},
		described: map[int64]bool{}, hashes: map[string]bool{}, urls: map[string]bool{},
		names: map[string]*nameKeys{}}
	if err := b.loadSpeakers(ctx); err != nil {
		return st, err
	}
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM sources)").Scan(&b.checkStored); err != nil {
		return st, fmt.Errorf("bulk: %w", err)
	}
	if !b.checkStored {
		// Into an empty database only: no fsync while loading. A crash of
		// the process loses nothing committed; a crash of the machine may
		// leave a database to discard, which held nothing before.
		restore, err := setPragma(ctx, conn, "synchronous", "OFF")
		if err != nil {
			return st, err
		}
		defer restore()
		// Nor foreign key checks (a lookup of each quote's source and
		// speaker): every row names only ids this load gave out to rows
		// it inserted before it, in the same transaction, or speakers
		// read at the start (the writer is held throughout).
		restoreFK, err := setPragma(ctx, conn, "foreign_keys", "OFF")
		if err != nil {
			return st, err
		}
		defer restoreFK()
	}
	if opt.RebuildFTS || opt.DeferIndexes {
		// Without the counter trigger the load stores each source with
		// its number of quotes, so that only the speakers are recounted.
		if b.countSources, err = deferIndexing(ctx, conn, opt.RebuildFTS, opt.DeferIndexes); err != nil {
			return st, err
		}
	}
	if opt.RebuildFTS && !b.checkStored {
		if b.fts, err = startFTSSide(ctx, conn); err != nil {
			return st, err
		}
		if b.fts != nil {
			defer func() {
				b.fts.end()
				if !b.fts.waited {
					<-b.fts.done
				}
				b.fts.close()
			}()
		}
	}
	// In an empty database, exact-wording links are found as the quotes
	// are stored, from words normalised beside the load; otherwise by
	// linkExact's pass over every quote afterwards.
	if opt.LinkExact && !b.checkStored {
		b.firsts = map[firstKey]firstReport{}
	}
	start := time.Now()
	// Validation, content hashes, contexts and normalised words are worked
	// out on another goroutine (another core) while this one stores.
	pctx, cancel := context.WithCancel(ctx)
	batches := make(chan []prepared, 8)
	prepDone := make(chan struct{})
	defer func() {
		cancel()
		for range batches {
		}
		<-prepDone
	}()
	go func() {
		defer close(prepDone)
		defer close(batches)
		prepareDocs(pctx, docs, b.firsts != nil, batches)
	}()
	var pending []prepared
	next := func() (prepared, bool) {
		if len(pending) == 0 {
			var ok bool
			if pending, ok = <-batches; !ok {
				return prepared{}, false
			}
		}
		p := pending[0]
		pending = pending[1:]
		return p, true
	}
	for done := false; !done; {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		err := b.tx(ctx, func(tx *bulkTx) error {
			for range opt.DocsPerTx {
				p, ok := next()
				if !ok {
					done = true
					return nil
				}
				if p.err != nil {
					return fmt.Errorf("document %d: %w", st.Docs, p.err)
				}
				created, err := tx.ingest(p, &st)
				if err != nil {
					return fmt.Errorf("document %d: %w", st.Docs, err)
				}
				st.Docs++
				if !created {
					st.Skipped++
				}
			}
			return nil
		})
		if err != nil {
			return st, err
		}
		if opt.Progress != nil {
			opt.Progress(st.Docs)
		}
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	st.Load = time.Since(start)
	if b.fts != nil {
		// Every row is in: the side build finishes on the other core
		// while the links and the deferred indexes are made here.
		b.fts.end()
	}
	// Linking only updates utterance_id, so it runs before the indexes
	// (quotes_utterance among them) are built.
	if opt.LinkExact {
		start = time.Now()
		var n int
		var err error
		if b.firsts != nil {
			n = b.linked
		} else {
			n, err = linkExact(ctx, conn)
		}
		if err != nil {
			return st, err
		}
		st.Linked, st.Link = n, time.Since(start)
	}
	start = time.Now()
	repair := bulkRepair{sourcesCounted: b.countSources}
	if b.fts != nil {
		repair.indexesOnly = true
		if err := repairBulk(ctx, conn, repair); err != nil {
			return st, err
		}
		st.Index = time.Since(start)
		start = time.Now()
		if err := b.fts.finish(ctx); err != nil {
			return st, err
		}
		st.FTS = time.Since(start)
		start = time.Now()
		repair = bulkRepair{ftsBuilt: true}
	}
	if err := repairBulk(ctx, conn, repair); err != nil {
		return st, err
	}
	st.Index += time.Since(start)
	return st, nil
}

const (
	bulkCacheKB  = -1000000  // 1 GB (negative: KiB), the bulk connection's page cache while it loads
	bulkRows     = 100       // rows per multi-row INSERT
	bulkFTSHash  = 256 << 20 // FTS5 hashsize while rebuilding
	bulkFTSStage = 100000    // quotes staged in the side database between index statements
	bulkMmap     = 2 << 30   // bytes of the file the bulk connection maps
)

// setPragma sets a pragma on conn and returns what sets it back to the
// value it had.
func setPragma(ctx context.Context, conn *sql.Conn, name, value string) (func(), error) {
	var was string
	if err := conn.QueryRowContext(ctx, "PRAGMA "+name).Scan(&was); err != nil {
		return nil, fmt.Errorf("bulk: pragma %s: %w", name, err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA "+name+" = "+value); err != nil {
		return nil, fmt.Errorf("bulk: pragma %s: %w", name, err)
	}
	return func() { conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA "+name+" = "+was) }, nil
}

// RepairFTS puts back full-text triggers, indexes and counters that an
// interrupted bulk load left out, and rebuilds what they maintain. It
// does nothing when they are all there.
func (s *Store) RepairFTS(ctx context.Context) error {
	if s.w.Dialector.Name() == "postgres" {
		return nil
	}
	sqlDB, err := s.w.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return repairBulk(ctx, conn, bulkRepair{})
}

// deferIndexing drops, for the load, the full-text insert triggers (fts)
// and the quotes' and sources' secondary indexes and counter trigger
// (idx), recording their definitions in bulk_deferred in the same
// transaction, so that repairBulk can put them back even after a crash.
func deferIndexing(ctx context.Context, conn *sql.Conn, fts, idx bool) (counter bool, err error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS bulk_deferred (name TEXT PRIMARY KEY, type TEXT NOT NULL, sql TEXT NOT NULL)"); err != nil {
		return false, fmt.Errorf("bulk: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, type, sql FROM sqlite_master WHERE sql IS NOT NULL AND (
		(? AND type = 'trigger' AND name IN ('quotes_fts_ins', 'sources_fts_ins')) OR
		(? AND type = 'trigger' AND name = 'quotes_count_ins') OR
		(? AND type = 'index' AND tbl_name IN ('quotes', 'sources') AND name != 'quotes_continues'))`, fts, idx, idx)
	if err != nil {
		return false, fmt.Errorf("bulk: read schema: %w", err)
	}
	type obj struct{ name, typ, sql string }
	var objs []obj
	for rows.Next() {
		var o obj
		if err := rows.Scan(&o.name, &o.typ, &o.sql); err != nil {
			rows.Close()
			return false, err
		}
		objs = append(objs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, o := range objs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO bulk_deferred (name, type, sql) VALUES (?, ?, ?)", o.name, o.typ, o.sql); err != nil {
			return false, fmt.Errorf("bulk: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DROP "+strings.ToUpper(o.typ)+" "+o.name); err != nil {
			return false, fmt.Errorf("bulk: drop %s: %w", o.name, err)
		}
		counter = counter || o.name == "quotes_count_ins"
	}
	return counter, tx.Commit()
}

// repairBulk puts back, in one transaction, what deferIndexing dropped:
// indexes (built from the sorted table, much faster than row by row),
// the counters (recounted), the full-text indexes (rebuilt) and the
// triggers. A load from before bulk_deferred existed could leave the
// full-text triggers missing without a record: they are put back too.
func repairBulk(ctx context.Context, conn *sql.Conn, r bulkRepair) error {
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'bulk_deferred'").Scan(&n); err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	if n == 0 {
		if r.indexesOnly {
			return nil
		}
		return repairFTS(ctx, conn)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT name, type, sql FROM bulk_deferred ORDER BY type, name")
	if err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	var indexes, triggers, done []string
	recount, rebuild := false, false
	for rows.Next() {
		var name, typ, ddl string
		if err := rows.Scan(&name, &typ, &ddl); err != nil {
			rows.Close()
			return err
		}
		switch {
		case typ == "index":
			indexes = append(indexes, ddl)
		case name == "quotes_count_ins":
			triggers = append(triggers, ddl)
			recount = true
		case r.indexesOnly:
			continue // a full-text trigger, for the repair after the side build
		default:
			triggers = append(triggers, ddl)
			rebuild = true
		}
		done = append(done, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, ddl := range indexes {
		if _, err := tx.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("bulk: %s: %w", ddl, err)
		}
	}
	if recount {
		recounts := []string{"UPDATE speakers SET quote_count = (SELECT count(*) FROM quotes WHERE speaker_id = speakers.id)"}
		if !r.sourcesCounted {
			recounts = append(recounts, "UPDATE sources SET quote_count = (SELECT count(*) FROM quotes WHERE source_id = sources.id)")
		}
		for _, q := range recounts {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("bulk: recount: %w", err)
			}
		}
	}
	if rebuild && !r.ftsBuilt {
		if err := rebuildFTS(ctx, tx); err != nil {
			return err
		}
	}
	for _, ddl := range triggers {
		if _, err := tx.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("bulk: %s: %w", ddl, err)
		}
	}
	if r.indexesOnly {
		for _, name := range done {
			if _, err := tx.ExecContext(ctx, "DELETE FROM bulk_deferred WHERE name = ?", name); err != nil {
				return fmt.Errorf("bulk: %w", err)
			}
		}
		return tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, "DROP TABLE bulk_deferred"); err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return repairFTS(ctx, conn)
}

// bulkRepair says what repairBulk may take as done.
type bulkRepair struct {
	// ftsBuilt: the load has already filled the full-text indexes
	// (ftsSide).
	ftsBuilt bool
	// sourcesCounted: the load stored every source it added with its
	// quote_count and added no quotes to other sources, so only the
	// speakers are recounted.
	sourcesCounted bool
	// indexesOnly: put back the indexes and the counter trigger, and
	// leave the full-text triggers (and bulk_deferred) for a later
	// repairBulk, so that the indexes are built while the side build of
	// the full-text indexes finishes on the other core.
	indexesOnly bool
}

func repairFTS(ctx context.Context, conn *sql.Conn) error {
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('quotes_fts_ins', 'sources_fts_ins')").Scan(&n); err != nil {
		return fmt.Errorf("bulk: check triggers: %w", err)
	}
	if n == len(ftsTriggers) {
		return nil
	}
	return restoreFTS(ctx, conn)
}

// restoreFTS recreates the insert triggers and rebuilds both indexes from
// their tables, in one transaction.
func restoreFTS(ctx context.Context, conn *sql.Conn) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for name, ddl := range ftsTriggers {
		if _, err := tx.ExecContext(ctx, "DROP TRIGGER IF EXISTS "+name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("bulk: create %s: %w", name, err)
		}
	}
	if err := rebuildFTS(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// rebuildFTS rebuilds both full-text indexes from their tables. FTS5
// writes out its in-memory terms whenever they pass hashsize (1 MB by
// default) and merges the segments as it goes; with a bigger hash for the
// rebuild it writes fewer, bigger segments. hashsize is set back to
// FTS5's default afterwards (it stays in the _config table as an explicit
// 1048576).
func rebuildFTS(ctx context.Context, tx *sql.Tx) error {
	for _, t := range []string{"quotes_fts", "sources_fts"} {
		for _, q := range []string{
			"INSERT INTO " + t + " (" + t + ", rank) VALUES ('hashsize', " + strconv.Itoa(bulkFTSHash) + ")",
			"INSERT INTO " + t + " (" + t + ") VALUES ('rebuild')",
			"INSERT INTO " + t + " (" + t + ", rank) VALUES ('hashsize', 1048576)",
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("bulk: rebuild %s: %w", t, err)
			}
		}
	}
	return nil
}

// aliasRef is a stored alias key's speaker.
type aliasRef struct {
	speaker int64
	kind    string
}

// bulk is the state of one BulkIngest: the speakers' alias keys in memory,
// and the documents this load stored.
type bulk struct {
	s         *Store
	conn      *sql.Conn
	aliases   map[string][]aliasRef // alias key → speakers recorded with it
	slugs     map[string]bool
	described map[int64]bool // speakers with a description
	// checkStored: the database held sources before the load, so each
	// document is looked up there too; hashes and urls are this load's.
	checkStored  bool
	hashes, urls map[string]bool
	fts          *ftsSide // building the full-text indexes beside the load
	// countSources: the counter trigger is dropped for the load, which
	// stores each source with its quote_count instead.
	countSources bool
	// Names recur in nearly every document: their keys are worked out
	// once per load.
	firsts map[firstKey]firstReport // linking in the load: speaker + words → first report
	linked int                      // quotes linked in the load
	names  map[string]*nameKeys
	// speakerFor's scratch, reused for each name of each document (it
	// runs about a million times in a large load).
	all    []*nameKeys
	keys   []string
	scores []speakerScore
	strong map[string]string
}

// nameKeys is what speakerFor works out from a name, once per load.
type nameKeys struct {
	name, trimmed string
	key, trimKey  string    // names.Normalize of the name, of it trimmed
	link          [4]string // linkKey for a person, an organization; not canonical, canonical
	linkDone      [4]bool
	nicks         []string // names.Keys(name)[1:]: other forms of the first name
	nicksDone     bool
	generic       bool // a description, not a name (models.GenericAlias)
}

// nicknames is names.Keys(n.name)[1:], worked out once.
func (n *nameKeys) nicknames() []string {
	if !n.nicksDone {
		if ks := names.Keys(n.name); len(ks) > 1 {
			n.nicks = ks[1:]
		}
		n.nicksDone = true
	}
	return n.nicks
}

func (b *bulk) nameKeys(name string) *nameKeys {
	n := b.names[name]
	if n == nil {
		n = &nameKeys{name: name, trimmed: strings.TrimSpace(name), key: names.Normalize(name), generic: models.GenericAlias(name)}
		n.trimKey = n.key
		if n.trimmed != name {
			n.trimKey = names.Normalize(n.trimmed)
		}
		b.names[name] = n
	}
	return n
}

// linkKey is linkKey(n.name, kind, canonical).
func (n *nameKeys) linkKey(kind string, canonical bool) string {
	i := 0
	switch kind {
	case models.SpeakerPerson:
	case models.SpeakerOrganization:
		i = 2
	default:
		return linkKey(n.name, kind, canonical)
	}
	if canonical {
		i++
	}
	if !n.linkDone[i] {
		n.link[i], n.linkDone[i] = linkKey(n.name, kind, canonical), true
	}
	return n.link[i]
}

// speakerScore is a candidate speaker's score in speakerFor.
type speakerScore struct {
	speaker int64
	score   int
}

func (b *bulk) loadSpeakers(ctx context.Context) error {
	rows, err := b.conn.QueryContext(ctx, "SELECT a.speaker_id, a.key, s.kind FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id ORDER BY a.speaker_id")
	if err != nil {
		return fmt.Errorf("bulk: read aliases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key, kind string
		if err := rows.Scan(&id, &key, &kind); err != nil {
			return err
		}
		b.addAlias(id, key, kind)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	srows, err := b.conn.QueryContext(ctx, "SELECT id, slug, description != '' FROM speakers")
	if err != nil {
		return fmt.Errorf("bulk: read slugs: %w", err)
	}
	defer srows.Close()
	for srows.Next() {
		var id int64
		var slug string
		var described bool
		if err := srows.Scan(&id, &slug, &described); err != nil {
			return err
		}
		b.slugs[slug] = true
		if described {
			b.described[id] = true
		}
	}
	return srows.Err()
}

func (b *bulk) addAlias(id int64, key, kind string) {
	b.aliases[key] = append(b.aliases[key], aliasRef{speaker: id, kind: kind})
}

// bulkTx is one transaction of a load: the rows it will insert, many to
// a statement, when it commits. Sources, speakers and quotes get their
// ids here (the next after the highest stored, as SQLite would give
// them), so that quotes can name their source, speaker and the quote
// they continue before anything is written.
type bulkTx struct {
	*bulk
	ctx                                     context.Context
	tx                                      *sql.Tx
	findDoc                                 *sql.Stmt
	nextSource, nextSpeaker, nextQuote      int64
	firstQuote                              int64           // the highest quote id before this transaction's
	links                                   []utteranceLink // first reports of earlier transactions linked in this one
	sources, speakers, aliasRows, quoteRows []any
	descs                                   [][3]any // description, time, speaker id
}

// Multi-row INSERTs: columns and the one-row placeholder group.
var (
	insSources  = multiInsert{"INSERT INTO sources (id, title, outlet, url, author, published_at, text, content_hash, created_at, updated_at, quote_count) VALUES ", 11, ""}
	insSpeakers = multiInsert{"INSERT INTO speakers (id, name, slug, kind, description, created_at, updated_at) VALUES ", 7, ""}
	insAliases  = multiInsert{"INSERT INTO speaker_aliases (speaker_id, name, key, created_at) VALUES ", 4, " ON CONFLICT DO NOTHING"}
	insQuotes   = multiInsert{`INSERT INTO quotes (id, text, speaker_id, source_id, start_offset, end_offset, context, kind, placement, cue, said_when, setting, status, confidence, continues_id, reported_at, created_at, updated_at, utterance_id) VALUES `, 19, ""}
)

// quoteUtterance is utterance_id's place in insQuotes' rows.
const quoteUtterance = 18

type multiInsert struct {
	head string
	cols int
	tail string
}

func (m multiInsert) sql(rows int) string {
	one := "(" + strings.Repeat("?, ", m.cols-1) + "?)"
	return m.head + strings.Repeat(one+", ", rows-1) + one + m.tail
}

// insert inserts args (rows of m.cols values) bulkRows rows to a
// statement.
func (t *bulkTx) insert(m multiInsert, args []any, what string) error {
	var full *sql.Stmt
	for len(args) > 0 {
		n := min(len(args)/m.cols, bulkRows)
		var err error
		if n == bulkRows {
			if full == nil {
				if full, err = t.tx.PrepareContext(t.ctx, m.sql(bulkRows)); err != nil {
					return fmt.Errorf("bulk: prepare: %w", err)
				}
				defer full.Close()
			}
			_, err = full.ExecContext(t.ctx, args[:n*m.cols]...)
		} else {
			_, err = t.tx.ExecContext(t.ctx, m.sql(n), args[:n*m.cols]...)
		}
		if err != nil {
			return dbErr(err, what)
		}
		args = args[n*m.cols:]
	}
	return nil
}

func (b *bulk) tx(ctx context.Context, fn func(*bulkTx) error) error {
	tx, err := b.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := &bulkTx{bulk: b, ctx: ctx, tx: tx}
	if err := tx.QueryRowContext(ctx, "SELECT (SELECT coalesce(max(id), 0) FROM sources), (SELECT coalesce(max(id), 0) FROM speakers), (SELECT coalesce(max(id), 0) FROM quotes)").
		Scan(&t.nextSource, &t.nextSpeaker, &t.nextQuote); err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	t.firstQuote = t.nextQuote
	if b.checkStored {
		if t.findDoc, err = tx.PrepareContext(ctx, "SELECT id FROM sources WHERE content_hash = ? OR url = ? LIMIT 1"); err != nil {
			return fmt.Errorf("bulk: prepare: %w", err)
		}
		defer t.findDoc.Close()
	}
	if err := fn(t); err != nil {
		return err
	}
	// Parents before children, for the foreign keys.
	if err := t.insert(insSources, t.sources, "a source with this URL or text"); err != nil {
		return err
	}
	if err := t.insert(insSpeakers, t.speakers, "speaker"); err != nil {
		return err
	}
	for _, d := range t.descs {
		if _, err := tx.ExecContext(ctx, "UPDATE speakers SET description = ?, updated_at = ? WHERE id = ? AND description = ''", d[0], d[1], d[2]); err != nil {
			return dbErr(err, "speaker")
		}
	}
	if err := t.insert(insAliases, t.aliasRows, "alias"); err != nil {
		return err
	}
	if err := t.insert(insQuotes, t.quoteRows, "quotes"); err != nil {
		return err
	}
	// In the same transaction, so that no committed report of some words
	// names a first report that does not name itself.
	if _, err := updateLinks(ctx, tx, t.links); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if b.fts != nil {
		b.fts.add(t)
	}
	return nil
}

// ingest adds one document to the transaction, unless it is already
// stored.
func (t *bulkTx) ingest(p prepared, st *BulkStats) (bool, error) {
	in, hash := p.in, p.hash
	if t.hashes[hash] || (in.Source.URL != nil && t.urls[*in.Source.URL]) {
		return false, nil
	}
	if t.checkStored {
		var existing int64
		switch err := t.findDoc.QueryRow(hash, in.Source.URL).Scan(&existing); err {
		case nil:
			return false, nil
		case sql.ErrNoRows:
		default:
			return false, dbErr(err, "source")
		}
	}
	t.hashes[hash] = true
	if in.Source.URL != nil {
		t.urls[*in.Source.URL] = true
	}
	now := t.s.now()
	t.nextSource++
	srcID := t.nextSource
	nowArg := any(now)
	t.sources = append(t.sources, srcID, strings.TrimSpace(in.Source.Title), strings.TrimSpace(in.Source.Outlet), in.Source.URL,
		strings.TrimSpace(in.Source.Author), utcPtr(in.Source.PublishedAt), in.Source.Text, hash, nowArg, nowArg, 0)
	if t.countSources {
		t.sources[len(t.sources)-1] = int64(len(in.Quotes))
	}
	speakerIDs := make([]int64, len(in.Speakers))
	for i, sp := range in.Speakers {
		speakerIDs[i] = t.speakerFor(sp, now, st)
	}
	at := now.Truncate(time.Second)
	if in.Source.PublishedAt != nil {
		at = in.Source.PublishedAt.UTC()
	}
	// Values the document's quotes share are made interface values
	// once, not once a row (each conversion allocates).
	srcArg, atArg := any(srcID), any(at)
	speakerArgs := make([]any, len(speakerIDs))
	for i, id := range speakerIDs {
		speakerArgs[i] = id
	}
	ids := make([]int64, len(in.Quotes))
	for i, iq := range in.Quotes {
		var speaker, continues any
		if iq.Speaker != "" {
			speaker = speakerArgs[p.speakerIdx[iq.Speaker]]
		}
		if iq.Continues != nil {
			continues = ids[*iq.Continues]
		}
		t.nextQuote++
		ids[i] = t.nextQuote
		var utterance any
		if t.firsts != nil && iq.Speaker != "" {
			utterance = t.link(ids[i], speaker.(int64), srcID, p.norms[i])
		}
		t.quoteRows = append(t.quoteRows, ids[i], iq.Text, speaker, srcArg, iq.Start, iq.End, p.contexts[i],
			orDefault(iq.Kind, models.KindDirect), orDefault(iq.Placement, models.PlacementBody), iq.Cue, iq.SaidWhen, iq.Setting,
			models.StatusExtracted, iq.Confidence, continues, atArg, nowArg, nowArg, utterance)
	}
	st.Quotes += len(in.Quotes)
	return true, nil
}

// wordsKey stands for a quote's normalised words (the first 16 bytes of
// their SHA-256; zero: too few words to link on). Keys without pointers
// keep a million-entry map out of the garbage collector's way.
type wordsKey [16]byte

// firstKey is a speaker and the words they said.
type firstKey struct {
	speaker int64
	words   wordsKey
}

// firstReport is the earliest quote of some words by some speaker, in a
// load that links as it stores.
type firstReport struct {
	id, source int64
	linked     bool
}

// link is linkExact's step for one new quote of an empty database: the
// quotes all come in id order and none is linked yet. It returns the
// new quote's utterance id (nil: none yet), which goes into its row;
// the first report, when this makes it linked, gets its own id as its
// utterance id in its row if it is still waiting in this transaction,
// else by an UPDATE after the load.
func (t *bulkTx) link(id, speaker, source int64, words wordsKey) any {
	if words == (wordsKey{}) {
		return nil
	}
	key := firstKey{speaker, words}
	f, ok := t.firsts[key]
	if !ok {
		t.firsts[key] = firstReport{id: id, source: source}
		return nil
	}
	if f.source == source {
		return nil
	}
	if !f.linked {
		f.linked = true
		t.firsts[key] = f
		if f.id > t.firstQuote {
			t.quoteRows[int(f.id-t.firstQuote-1)*insQuotes.cols+quoteUtterance] = f.id
		} else {
			t.links = append(t.links, utteranceLink{f.id, f.id})
		}
		t.linked++
	}
	t.linked++
	return f.id
}

// prepared is a document with what can be worked out before it is
// stored, without the database.
type prepared struct {
	in         IngestInput
	speakerIdx map[string]int
	hash       string
	contexts   []string
	norms      []wordsKey // each quote's normalised words, when linking in the load
	err        error      // the document is invalid
}

// prepareDocs validates and prepares docs, in order, in batches, until
// they run out or ctx is done.
func prepareDocs(ctx context.Context, docs iter.Seq[IngestInput], norms bool, out chan<- []prepared) {
	const batch = 64
	ps := make([]prepared, 0, batch)
	send := func() bool {
		select {
		case out <- ps:
			ps = make([]prepared, 0, batch)
			return true
		case <-ctx.Done():
			return false
		}
	}
	for in := range docs {
		p := prepared{in: in}
		p.speakerIdx, p.err = checkIngest(in)
		if p.err == nil {
			if p.in.Source.URL != nil && *p.in.Source.URL == "" {
				p.in.Source.URL = nil
			}
			p.hash = ContentHash(in.Source.Text)
			var text []rune
			p.contexts = make([]string, len(in.Quotes))
			for i, q := range in.Quotes {
				p.contexts[i] = q.Context
				if q.Context == "" {
					if text == nil {
						text = []rune(in.Source.Text)
					}
					p.contexts[i] = sentenceAroundRunes(text, q.Start, q.End)
				}
			}
			if norms {
				p.norms = make([]wordsKey, len(in.Quotes))
				for i, q := range in.Quotes {
					if q.Speaker == "" {
						continue
					}
					if norm := factcheck.Normalize(q.Text); strings.Count(norm, " ")+1 >= minLinkWords {
						sum := sha256.Sum256([]byte(norm))
						copy(p.norms[i][:], sum[:])
					}
				}
			}
		}
		ps = append(ps, p)
		if p.err != nil || len(ps) == batch {
			if !send() || p.err != nil {
				return
			}
		}
	}
	if len(ps) > 0 {
		send()
	}
}

// speakerFor is speakerForName with the alias keys in memory: the same
// strong keys, the same scores, the same new speaker when nothing links.
func (t *bulkTx) speakerFor(in IngestSpeaker, now time.Time, st *BulkStats) int64 {
	if in.Kind == "" {
		in.Kind = models.SpeakerPerson
	}
	all := append(t.all[:0], t.nameKeys(in.Name))
	for _, a := range in.Aliases {
		all = append(all, t.nameKeys(a))
	}
	t.all = all
	nameKey := all[0].key
	// The keys a link may be made on, each with how it was derived, by
	// speakerForName's rules: the full name, other multi-word names, and
	// for a person other forms of the first name ("Chris Cash" finds a
	// stored "Christopher Cash").
	if t.strong == nil {
		t.strong = map[string]string{}
	}
	strong, keys := t.strong, t.keys[:0]
	clear(strong)
	set := func(k, how string) {
		if _, ok := strong[k]; !ok {
			keys = append(keys, k)
		}
		strong[k] = how
	}
	for _, n := range all {
		k := n.linkKey(in.Kind, n.name == in.Name)
		if k == "" {
			continue
		}
		if k == nameKey {
			set(k, LinkName)
		} else if strong[k] == "" {
			set(k, LinkAlias)
		}
		if in.Kind == models.SpeakerPerson {
			for _, v := range n.nicknames() {
				if strong[v] == "" {
					set(v, LinkNickname)
				}
			}
		}
	}
	// A speaker scores for each key it shares, weighted as
	// speakerForName weighs them.
	scores := t.scores[:0]
	for _, k := range keys {
		w := linkWeight[strong[k]]
		for _, r := range t.aliases[k] {
			if r.kind != in.Kind {
				continue
			}
			j := slices.IndexFunc(scores, func(c speakerScore) bool { return c.speaker == r.speaker })
			if j < 0 {
				j = len(scores)
				scores = append(scores, speakerScore{speaker: r.speaker})
			}
			scores[j].score += w
		}
	}
	t.scores, t.keys = scores, keys
	// Ties go to the lowest id, as speakerForName's ordered scan does.
	var id int64
	best := 0
	for _, c := range scores {
		if c.score > best || (c.score == best && c.speaker < id) {
			best, id = c.score, c.speaker
		}
	}
	if id == 0 {
		name := strings.TrimSpace(in.Name)
		base := names.Slug(name)
		slug := base
		for n := 2; t.slugs[slug]; n++ {
			slug = base + "-" + strconv.Itoa(n)
		}
		t.nextSpeaker++
		id = t.nextSpeaker
		t.speakers = append(t.speakers, id, name, slug, in.Kind, in.Description, now, now)
		t.slugs[slug] = true
		t.described[id] = in.Description != ""
		st.Speakers++
	} else if in.Description != "" && !t.described[id] {
		t.descs = append(t.descs, [3]any{in.Description, now, id})
		t.described[id] = true
	}
	for i, n := range all {
		// The name and the aliases that are names, as Ingest's
		// addAliases(name, namesOnly(aliases)): a description ("the
		// head of MI5") is not stored, where it would link others.
		if i > 0 && n.generic {
			continue
		}
		key := n.trimKey
		if key == "" || slices.ContainsFunc(t.aliases[key], func(r aliasRef) bool { return r.speaker == id }) {
			continue // recorded already
		}
		t.aliasRows = append(t.aliasRows, id, n.trimmed, key, now)
		t.addAlias(id, key, in.Kind)
	}
	return id
}

// linkExact links, in one pass over the quotes, every unlinked quote to
// the earliest quote by the same speaker, from another source, with the
// same normalised words (at least minLinkWords of them): the exact-wording
// part of what Ingest's linking does. It returns how many quotes it
// linked.
func linkExact(ctx context.Context, conn *sql.Conn) (int, error) {
	type first struct {
		id, source, utterance int64
		linked                bool
	}
	rows, err := conn.QueryContext(ctx, "SELECT id, speaker_id, source_id, text, utterance_id FROM quotes WHERE speaker_id IS NOT NULL ORDER BY id")
	if err != nil {
		return 0, fmt.Errorf("bulk: link: %w", err)
	}
	firsts := map[string]*first{}
	var links []utteranceLink
	for rows.Next() {
		var id, speaker, source int64
		var text string
		var utt sql.NullInt64
		if err := rows.Scan(&id, &speaker, &source, &text, &utt); err != nil {
			rows.Close()
			return 0, err
		}
		norm := factcheck.Normalize(text)
		if strings.Count(norm, " ")+1 < minLinkWords {
			continue
		}
		key := strconv.FormatInt(speaker, 36) + "\x00" + norm
		f, ok := firsts[key]
		if !ok {
			f = &first{id: id, source: source, utterance: id, linked: utt.Valid}
			if utt.Valid {
				f.utterance = utt.Int64
			}
			firsts[key] = f
			continue
		}
		if utt.Valid || f.source == source {
			continue
		}
		if !f.linked {
			f.linked = true
			links = append(links, utteranceLink{f.id, f.utterance})
		}
		links = append(links, utteranceLink{id, f.utterance})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return applyLinks(ctx, conn, links)
}

// utteranceLink gives quote id the utterance_id utterance.
type utteranceLink struct{ id, utterance int64 }

func applyLinks(ctx context.Context, conn *sql.Conn, links []utteranceLink) (int, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := updateLinks(ctx, tx, links); err != nil {
		return 0, err
	}
	return len(links), tx.Commit()
}

func updateLinks(ctx context.Context, tx *sql.Tx, links []utteranceLink) (int, error) {
	if len(links) == 0 {
		return 0, nil
	}
	upd, err := tx.PrepareContext(ctx, "UPDATE quotes SET utterance_id = ? WHERE id = ?")
	if err != nil {
		return 0, err
	}
	defer upd.Close()
	for _, l := range links {
		if _, err := upd.ExecContext(ctx, l.utterance, l.id); err != nil {
			return 0, fmt.Errorf("bulk: link: %w", err)
		}
	}
	return len(links), nil
}

// MaxIDs returns the highest quote and speaker ids, for load generators
// that pick ids at random.
func (s *Store) MaxIDs(ctx context.Context) (quote, speaker int64, err error) {
	db := s.read(ctx)
	if err := db.Raw("SELECT coalesce(max(id), 0) FROM quotes").Scan(&quote).Error; err != nil {
		return 0, 0, dbErr(err, "quotes")
	}
	if err := db.Raw("SELECT coalesce(max(id), 0) FROM speakers").Scan(&speaker).Error; err != nil {
		return 0, 0, dbErr(err, "speakers")
	}
	return quote, speaker, nil
}

// Optimize merges the full-text indexes' segments after a bulk load
// (PostgreSQL: ANALYZE). SQLite's ANALYZE is left out on purpose: this
// build of SQLite has STAT4, with which every statement whose plan could
// depend on a bound value is prepared again on each run, which cost more
// per request than any better plan saved.
func (s *Store) Optimize(ctx context.Context) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		if tx.Dialector.Name() == "postgres" {
			return dbErr(tx.Exec("ANALYZE").Error, "analyze")
		}
		for _, q := range []string{
			"INSERT INTO quotes_fts (quotes_fts) VALUES ('optimize')",
			"INSERT INTO sources_fts (sources_fts) VALUES ('optimize')",
		} {
			if err := tx.Exec(q).Error; err != nil {
				return dbErr(err, "optimize")
			}
		}
		return nil
	})
}

// ftsSide builds the full-text indexes of a load into an empty database
// in a side database file, on its own connection and goroutine (another
// core), while the rows load; the finished index tables are then copied
// into the database instead of a 'rebuild' after the load. The index is
// the same (same terms, rows and positions; its segments are laid out
// differently, as they would be after any other sequence of writes).
type ftsSide struct {
	path, mainPath string
	db             *sql.DB
	batches        chan ftsBatch
	done           chan error
	ended, waited  bool // batches closed; done received
}

// ftsBatch is one committed transaction's rows: quotes as id, text and
// sources as id, title, text.
type ftsBatch struct{ quotes, sources []any }

// ftsTables are the full-text tables and their columns, as the side
// database fills them.
var ftsTables = []struct{ name, cols string }{{"quotes_fts", "rowid, text"}, {"sources_fts", "rowid, title, text"}}

// startFTSSide starts the side build, or returns nil when the database is
// not a file.
func startFTSSide(ctx context.Context, conn *sql.Conn) (*ftsSide, error) {
	var mainPath string
	if err := conn.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&mainPath); err != nil || mainPath == "" {
		return nil, err
	}
	var ddl []string
	for _, t := range ftsTables {
		var s string
		if err := conn.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE name = ?", t.name).Scan(&s); err != nil {
			return nil, fmt.Errorf("bulk: %s: %w", t.name, err)
		}
		ddl = append(ddl, s)
	}
	f := &ftsSide{path: mainPath + "-bulkfts", mainPath: mainPath, batches: make(chan ftsBatch, 4), done: make(chan error, 1)}
	f.remove()
	q := url.Values{}
	for _, p := range []string{"busy_timeout(60000)", "journal_mode(OFF)", "synchronous(OFF)", "cache_size(-200000)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+f.path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	f.db = db
	// The external-content tables, empty: the index only names them.
	ddl = append(ddl, "CREATE TABLE quotes (id INTEGER PRIMARY KEY, text TEXT)", "CREATE TABLE sources (id INTEGER PRIMARY KEY, title TEXT, text TEXT)")
	for _, t := range ftsTables {
		ddl = append(ddl, "INSERT INTO "+t.name+" ("+t.name+", rank) VALUES ('hashsize', "+strconv.Itoa(bulkFTSHash)+")")
	}
	for _, s := range ddl {
		if _, err := db.ExecContext(ctx, s); err != nil {
			f.close()
			return nil, fmt.Errorf("bulk: side index: %w", err)
		}
	}
	go func() { f.done <- f.run(ctx) }()
	return f, nil
}

func (f *ftsSide) run(ctx context.Context) (err error) {
	defer func() {
		for range f.batches { // let the loader finish even when this failed
		}
	}()
	// FTS5 writes its in-memory terms out at the start of every statement
	// of a transaction that has written to it, so rows are staged in the
	// plain tables and indexed many thousands to a statement, one
	// transaction for each.
	tx, err := f.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { tx.Rollback() }()
	stmts := map[string]*sql.Stmt{}
	staged := 0
	index := func() error {
		for _, t := range ftsTables {
			table := strings.TrimSuffix(t.name, "_fts")
			cols := strings.Replace(t.cols, "rowid", "id", 1)
			if _, err := tx.ExecContext(ctx, "INSERT INTO "+t.name+" ("+t.cols+") SELECT "+cols+" FROM "+table); err != nil {
				return fmt.Errorf("bulk: side index: %w", err)
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+table); err != nil {
				return fmt.Errorf("bulk: side index: %w", err)
			}
		}
		for _, st := range stmts {
			st.Close()
		}
		clear(stmts)
		if err := tx.Commit(); err != nil {
			return err
		}
		staged = 0
		tx, err = f.db.BeginTx(ctx, nil)
		return err
	}
	for b := range f.batches {
		for i, rows := range [][]any{b.quotes, b.sources} {
			t := ftsTables[i]
			table := strings.TrimSuffix(t.name, "_fts")
			cols := strings.Count(t.cols, ",") + 1
			for len(rows) > 0 {
				n := min(len(rows)/cols, bulkRows)
				key := table + strconv.Itoa(n)
				st := stmts[key]
				if st == nil {
					m := multiInsert{"INSERT INTO " + table + " (" + strings.Replace(t.cols, "rowid", "id", 1) + ") VALUES ", cols, ""}
					if st, err = tx.PrepareContext(ctx, m.sql(n)); err != nil {
						return fmt.Errorf("bulk: side index: %w", err)
					}
					stmts[key] = st
				}
				if _, err := st.ExecContext(ctx, rows[:n*cols]...); err != nil {
					return fmt.Errorf("bulk: side index: %w", err)
				}
				rows = rows[n*cols:]
			}
		}
		if staged += len(b.quotes) / 2; staged >= bulkFTSStage {
			if err := index(); err != nil {
				return err
			}
		}
	}
	if err := index(); err != nil {
		return err
	}
	for _, t := range ftsTables {
		if _, err := tx.ExecContext(ctx, "INSERT INTO "+t.name+" ("+t.name+", rank) VALUES ('hashsize', 1048576)"); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// add hands a committed transaction's rows to the side build.
func (f *ftsSide) add(t *bulkTx) {
	var b ftsBatch
	for i := 0; i < len(t.quoteRows); i += insQuotes.cols {
		b.quotes = append(b.quotes, t.quoteRows[i], t.quoteRows[i+1])
	}
	for i := 0; i < len(t.sources); i += insSources.cols {
		b.sources = append(b.sources, t.sources[i], t.sources[i+1], t.sources[i+6])
	}
	f.batches <- b
}

// finish waits for the side build and copies its index tables into the
// database, from the side connection: a commit by another connection is
// what makes every connection's full-text tables drop what they had
// cached of the (empty) index they replace.
func (f *ftsSide) finish(ctx context.Context) error {
	f.end()
	err := <-f.done
	f.waited = true
	if err != nil {
		return err
	}
	conn, err := f.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS target", f.mainPath); err != nil {
		return fmt.Errorf("bulk: side index: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "DETACH DATABASE target")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range ftsTables {
		for _, shadow := range []string{"_data", "_idx", "_docsize", "_config"} {
			name := t.name + shadow
			if _, err := tx.ExecContext(ctx, "DELETE FROM target."+name); err != nil {
				return fmt.Errorf("bulk: side index: %w", err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO target."+name+" SELECT * FROM main."+name); err != nil {
				return fmt.Errorf("bulk: side index: %w", err)
			}
		}
	}
	return tx.Commit()
}

// end tells the side build that no more rows come.
func (f *ftsSide) end() {
	if !f.ended {
		close(f.batches)
		f.ended = true
	}
}

func (f *ftsSide) close() {
	if f.db != nil {
		f.db.Close()
	}
	f.remove()
}

func (f *ftsSide) remove() {
	for _, s := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(f.path + s)
	}
}
