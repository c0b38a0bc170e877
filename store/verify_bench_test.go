package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// benchQuotes is how many synthetic quotes the verify benchmarks run on:
// WHOSAID_BENCH_QUOTES, default 200000. The database is built once per
// size under the system's temp directory and reused by later runs.
func benchQuotes() int {
	if n, err := strconv.Atoi(os.Getenv("WHOSAID_BENCH_QUOTES")); err == nil && n > 0 {
		return n
	}
	return 200000
}

// benchStore opens (building it the first time) a database of n quotes:
// synthetic sentences over a Zipf-distributed vocabulary of common English
// and 50,000 rarer made-up words, 100 quotes a source, 2,000 speakers,
// plus a few real quotes to look for.
func benchStore(b *testing.B, n int) *Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("whosaid-bench-%d.db", n))
	ctx := context.Background()
	s, err := Open(ctx, Config{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	var have int64
	if err := s.r.Raw("SELECT count(*) FROM quotes").Scan(&have).Error; err != nil {
		b.Fatal(err)
	}
	if have >= int64(n) {
		return s
	}
	start := time.Now()
	common := strings.Fields(`the of and to a in that is it we was for on are as with they be at this have from or
		by not but what all were when there can said which an do their if will each about how up out them then she
		many some so these would other into has more her two like him see time could no make than first been its who
		now people my made over did down only way find use may water long little very after words called just where most
		know get through back much before go good new write our used me man too any day same right look think also around
		another came come work three must because does part even place well such here take why help put different away again
		off went old number great tell men say small every found still between name should home big give air line set own
		under read last never us left end along while might next sound below saw something thought both few those always
		show large often together asked house world going want school important until form food keep children feet land
		side without boy once animal life enough took four head above kind began almost live page got earth need far hand
		high year mother light country father let night picture being study second soon story since white ever paper hard
		near sentence better best across during today however sure knew it's try told young sun thing whole hear example
		heard several change answer room sea against top turned learn point city play toward five himself usually money
		seen didn't car morning i'm body upon family later turn move face door cut done group true leave security threat
		government national china minister public policy economic police court report`)
	zipf := rand.NewZipf(rand.New(rand.NewPCG(1, 2)), 1.1, 8, 50000)
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		if rng.IntN(3) > 0 {
			return common[rng.IntN(len(common))]
		}
		return "w" + strconv.FormatUint(zipf.Uint64(), 36)
	}
	now := time.Now().UTC()
	err = s.write(ctx, func(tx *gorm.DB) error {
		for i := 1; i <= 2000; i++ {
			if err := tx.Exec("INSERT OR IGNORE INTO speakers (id, name, slug, kind, created_at, updated_at) VALUES (?, ?, ?, 'person', ?, ?)",
				i, fmt.Sprintf("Speaker %d", i), fmt.Sprintf("speaker-%d", i), now, now).Error; err != nil {
				return err
			}
			if err := tx.Exec("INSERT OR IGNORE INTO speaker_aliases (speaker_id, name, key, created_at) VALUES (?, ?, ?, ?)",
				i, fmt.Sprintf("Speaker %d", i), fmt.Sprintf("speaker %d", i), now).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	const batch = 20000
	for done := int(have); done < n; done += batch {
		err := s.write(ctx, func(tx *gorm.DB) error {
			for i := done; i < min(done+batch, n); i++ {
				if i%100 == 0 {
					if err := tx.Exec("INSERT INTO sources (id, title, outlet, text, content_hash, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, ?)",
						i/100+1, "Source "+strconv.Itoa(i/100), "Outlet "+strconv.Itoa(i%37), "h"+strconv.Itoa(i), now, now).Error; err != nil {
						return err
					}
				}
				words := make([]string, 8+rng.IntN(25))
				for k := range words {
					words[k] = word()
				}
				text := strings.Join(words, " ") + "."
				if i == n/2 {
					text = "Do Chinese state actors present a UK national security threat? The answer is, of course, they do, every day."
				}
				if err := tx.Exec(`INSERT INTO quotes (text, speaker_id, source_id, start_offset, end_offset, kind, reported_at, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, 'direct', ?, ?, ?)`, text, 1+rng.IntN(2000), i/100+1, i%100*1000, i%100*1000+len(text), now, now, now).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("built %d quotes in %s", n, time.Since(start).Round(time.Second))
	return s
}

// BenchmarkVerify measures whole verify requests on a large database:
// claims with rare words, with only common words, and the paraphrase of a
// planted real quote. Each compares at most 200 candidates.
func BenchmarkVerify(b *testing.B) {
	n := benchQuotes()
	s := benchStore(b, n)
	ctx := context.Background()
	for _, tc := range []struct{ name, claim, speaker string }{
		{"paraphrase", "Chinese spies are a threat every single day", "Speaker 7"},
		{"common words", "we will make sure that people can see what we have done for the country", ""},
		{"unknown words", "zyxxy quorble flimflam never said by anyone", ""},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var compared int
			for b.Loop() {
				res, err := s.Verify(ctx, VerifyInput{Claim: tc.claim, Speaker: tc.speaker})
				if err != nil {
					b.Fatal(err)
				}
				compared = res.Compared
			}
			if compared > maxCandidates {
				b.Fatalf("compared %d quotes", compared)
			}
			b.ReportMetric(float64(compared), "candidates")
		})
	}
}
