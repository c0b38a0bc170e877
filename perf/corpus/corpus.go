// Package corpus generates a synthetic, reproducible corpus of news
// documents for benchmarks: sources with quotes at known offsets, speakers
// with aliases, words drawn from a Zipf-like distribution (a few words are
// in almost every quote, most are rare). The same Config always generates
// the same documents, in the same order, so runs are comparable and a load
// generator can regenerate any document to know what it contains.
package corpus

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// Config sizes a corpus. Sources and Speakers default to Quotes/5 and
// Quotes/20 (200,000 and 50,000 at a million quotes).
type Config struct {
	Quotes   int
	Sources  int
	Speakers int
	Seed     uint64
	// ArticleBytes, when set, pads each document with more of the
	// writer's words, spread after its quotes, until its text is about
	// that long; 0 leaves a short paragraph before each quote (about 1 KB
	// a document). The quotes, their speakers and every other word are the
	// same either way.
	ArticleBytes int
}

// Corpus is a configured generator. It is safe for concurrent use: every
// document is generated from its own seeded random source.
type Corpus struct {
	cfg      Config
	vocab    []string
	cum      []float64 // cumulative word probabilities (Zipf)
	speakers []Speaker
	spkCum   []float64 // cumulative speaker popularity (Zipf)
	outlets  []string
}

// Speaker is a generated speaker: its canonical name and the other names
// documents call it by.
type Speaker struct {
	Name    string
	Aliases []string
}

const (
	vocabSize = 60000
	zipfS     = 1.07
)

// New returns the generator for cfg.
func New(cfg Config) *Corpus {
	if cfg.Quotes <= 0 {
		cfg.Quotes = 10000
	}
	if cfg.Sources <= 0 {
		cfg.Sources = max(1, cfg.Quotes/5)
	}
	if cfg.Speakers <= 0 {
		cfg.Speakers = max(1, cfg.Quotes/20)
	}
	if cfg.Seed == 0 {
		cfg.Seed = 20251016
	}
	c := &Corpus{cfg: cfg}
	c.vocab = make([]string, vocabSize)
	copy(c.vocab, commonWords)
	seen := map[string]bool{}
	for _, w := range commonWords {
		seen[w] = true
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 1))
	for i := len(commonWords); i < vocabSize; i++ {
		for {
			w := syllables(rng, 2+rng.IntN(3))
			if !seen[w] {
				seen[w] = true
				c.vocab[i] = w
				break
			}
		}
	}
	c.cum = zipfCum(vocabSize, zipfS)
	c.speakers = make([]Speaker, cfg.Speakers)
	taken := map[string]bool{}
	for i := range c.speakers {
		var first, last string
		for {
			first = firstNames[rng.IntN(len(firstNames))]
			if rng.IntN(3) == 0 {
				last = surnames[rng.IntN(len(surnames))]
			} else {
				last = capitalize(syllables(rng, 2+rng.IntN(2)))
			}
			if !taken[first+" "+last] {
				taken[first+" "+last] = true
				break
			}
		}
		sp := Speaker{Name: first + " " + last, Aliases: []string{last}}
		switch rng.IntN(5) {
		case 0:
			sp.Aliases = append(sp.Aliases, honorifics[rng.IntN(len(honorifics))]+" "+first+" "+last)
		case 1:
			sp.Aliases = append(sp.Aliases, "the "+roles[rng.IntN(len(roles))]+" of "+orgs[rng.IntN(len(orgs))])
		}
		c.speakers[i] = sp
	}
	c.spkCum = zipfCum(cfg.Speakers, 1.01)
	c.outlets = make([]string, 300)
	for i := range c.outlets {
		c.outlets[i] = "The " + capitalize(syllables(rng, 2)) + " " + outletKinds[i%len(outletKinds)]
	}
	return c
}

// Config returns the generator's configuration, defaults filled in.
func (c *Corpus) Config() Config { return c.cfg }

// Speakers returns every speaker, in the order they are numbered.
func (c *Corpus) Speakers() []Speaker { return c.speakers }

// Word returns the word of the given frequency rank (0 is the commonest).
func (c *Corpus) Word(rank int) string { return c.vocab[rank] }

// WordShare is the expected share of words that are the word of rank.
func (c *Corpus) WordShare(rank int) float64 {
	if rank == 0 {
		return c.cum[0]
	}
	return c.cum[rank] - c.cum[rank-1]
}

func zipfCum(n int, s float64) []float64 {
	cum := make([]float64, n)
	total := 0.0
	for k := range n {
		total += 1 / math.Pow(float64(k+1), s)
		cum[k] = total
	}
	for k := range cum {
		cum[k] /= total
	}
	return cum
}

func pick(cum []float64, rng *rand.Rand) int {
	u := rng.Float64()
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] < u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// QuoteRange returns the global quote numbers [from, to) of document i.
func (c *Corpus) QuoteRange(i int) (int, int) {
	q, s := c.cfg.Quotes, c.cfg.Sources
	return int(int64(i) * int64(q) / int64(s)), int(int64(i+1) * int64(q) / int64(s))
}

// DocOfQuote returns the document that holds global quote number j.
func (c *Corpus) DocOfQuote(j int) int {
	q, s := c.cfg.Quotes, c.cfg.Sources
	i := int(int64(j) * int64(s) / int64(q))
	for {
		from, to := c.QuoteRange(i)
		switch {
		case j < from:
			i--
		case j >= to:
			i++
		default:
			return i
		}
	}
}

func (c *Corpus) rngFor(kind, i int) *rand.Rand {
	return rand.New(rand.NewPCG(c.cfg.Seed^uint64(kind)<<56, uint64(i)))
}

// quote returns the words and speaker index of global quote j. About one
// quote in ten reprints an earlier quote (the same speaker's same words,
// sometimes with a word changed), as outlets do.
func (c *Corpus) quote(j int) (string, int) {
	rng := c.rngFor(1, j)
	if j > 100 && rng.IntN(10) == 0 {
		k := j - 1 - rng.IntN(min(j-1, 5000))
		text, spk := c.quote(k)
		if rng.IntN(3) == 0 {
			ws := strings.Fields(text)
			at := rng.IntN(len(ws))
			ws[at] = c.vocab[pick(c.cum, rng)]
			if at == 0 {
				ws[0] = capitalize(ws[0])
			}
			if at == len(ws)-1 {
				ws[at] += "."
			}
			text = strings.Join(ws, " ")
		}
		return text, spk
	}
	spk := pick(c.spkCum, rng)
	// Lengths are log-normal: most quotes a sentence of 10–25 words, a few
	// very short, a few long.
	n := int(math.Exp(2.8 + 0.5*rng.NormFloat64()))
	n = max(3, min(n, 80))
	var b strings.Builder
	for k := range n {
		w := c.vocab[pick(c.cum, rng)]
		if k == 0 {
			w = capitalize(w)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if k < n-1 && rng.IntN(12) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
	return b.String(), spk
}

// Quote returns the text and speaker name of global quote number j (the
// quote with id j+1 when the corpus is loaded into an empty database).
func (c *Corpus) Quote(j int) (text, speaker string) {
	t, s := c.quote(j)
	return t, c.speakers[s].Name
}

// Doc returns document i as an ingest input: a headline, a paragraph of
// the writer's words around each quote, the quote in curly quotes with
// its speaker named by one of their names.
func (c *Corpus) Doc(i int) store.IngestInput {
	rng := c.rngFor(2, i)
	var pad *rand.Rand // padding's own random source (ArticleBytes)
	if c.cfg.ArticleBytes > 0 {
		pad = c.rngFor(4, i)
	}
	from, to := c.QuoteRange(i)
	var b strings.Builder
	runes := 0
	write := func(s string) {
		b.WriteString(s)
		runes += utf8.RuneCountInString(s)
	}
	title := capitalize(c.words(rng, 6+rng.IntN(6)))
	write(title + "\n\n")
	in := store.IngestInput{}
	spIdx := map[int]bool{}
	for j := from; j < to; j++ {
		text, spk := c.quote(j)
		sp := c.speakers[spk]
		name := sp.Name
		if rng.IntN(4) == 0 {
			name = sp.Aliases[rng.IntN(len(sp.Aliases))]
		}
		write(capitalize(c.words(rng, 8+rng.IntN(12))) + ". " + "“")
		start := runes
		write(text)
		end := runes
		write("” " + name + " said.\n\n")
		if pad != nil {
			// Padding comes from its own random source, so that it
			// changes nothing else in the document.
			for k := j - from + 1; b.Len() < c.cfg.ArticleBytes*k/(to-from); {
				write(capitalize(c.words(pad, 20+pad.IntN(30))) + ".\n\n")
			}
		}
		if !spIdx[spk] {
			spIdx[spk] = true
			in.Speakers = append(in.Speakers, store.IngestSpeaker{Name: sp.Name, Kind: models.SpeakerPerson, Aliases: sp.Aliases})
		}
		in.Quotes = append(in.Quotes, store.IngestQuote{
			Text: text, Start: start, End: end, Speaker: sp.Name, Kind: models.KindDirect,
			Placement: models.PlacementBody, Cue: "said", Confidence: 0.9,
		})
	}
	outlet := c.outlets[pick(zipfCumOutlets, rng)%len(c.outlets)]
	// Publication times run forward over ten years, a little out of order.
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	span := 10 * 365 * 24 * time.Hour
	at := base.Add(time.Duration(float64(span) * (float64(i) + rng.Float64()*50) / float64(c.cfg.Sources+50))).Truncate(time.Second)
	u := "https://news.example/" + strconv.Itoa(i)
	in.Source = store.SourceInput{
		Title: title, Outlet: outlet, URL: &u, Author: firstNames[rng.IntN(len(firstNames))] + " " + surnames[rng.IntN(len(surnames))],
		PublishedAt: &at, Text: b.String(),
	}
	return in
}

var zipfCumOutlets = zipfCum(300, 1.1)

func (c *Corpus) words(rng *rand.Rand, n int) string {
	ws := make([]string, n)
	for k := range ws {
		ws[k] = c.vocab[pick(c.cum, rng)]
	}
	return strings.Join(ws, " ")
}

// Digest is a short fingerprint of the configuration, to name files.
func (c *Corpus) Digest() string {
	var b [32]byte
	binary.LittleEndian.PutUint64(b[0:], uint64(c.cfg.Quotes))
	binary.LittleEndian.PutUint64(b[8:], uint64(c.cfg.Sources))
	binary.LittleEndian.PutUint64(b[16:], uint64(c.cfg.Speakers))
	binary.LittleEndian.PutUint64(b[24:], c.cfg.Seed)
	in := b[:]
	if c.cfg.ArticleBytes > 0 { // an unpadded corpus keeps its old name
		in = binary.LittleEndian.AppendUint64(in, uint64(c.cfg.ArticleBytes))
	}
	sum := sha256.Sum256(in)
	return strconv.FormatUint(binary.LittleEndian.Uint64(sum[:]), 36)
}

var sylls = strings.Fields("ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za zo ar er or an en in on ul el ast ond rix")

func syllables(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(sylls[rng.IntN(len(sylls))])
	}
	return b.String()
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

var commonWords = strings.Fields(`the of and to a in that is it we was for on are as with they be at this have from or
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
near sentence better best across during today however sure knew try told young sun thing whole hear example
heard several change answer room sea against top turned learn point city play toward five himself usually money
seen car morning body upon family later turn move face door cut done group true leave security threat
government national china minister public policy economic police court report`)

var firstNames = strings.Fields(`James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph Jessica
Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly
Paul Emily Andrew Donna Joshua Michelle Kenneth Dorothy Kevin Carol Brian Amanda George Melissa Edward Deborah Ronald Stephanie
Timothy Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Shirley Eric Angela Jonathan Helen
Stephen Anna Larry Brenda Justin Pamela Scott Nicole Brandon Emma Benjamin Samantha Samuel Katherine Gregory Christine Frank
Debra Alexander Rachel Raymond Catherine Patrick Carolyn Jack Janet Dennis Ruth Jerry Maria Tyler Heather Aaron Diane Jose
Virginia Adam Julie Henry Joyce Nathan Victoria Douglas Olivia Zachary Kelly Peter Christina Kyle Lauren Walter Joan Ethan
Evelyn Jeremy Judith Harold Megan Keir Rishi Yvette Priti Ken Suella Angela Rachel Wes Lisa Ed Bridget Shabana Kemi`)

var surnames = strings.Fields(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson
Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen
King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez
Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz
Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray
Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez McCallum Starmer Sunak Cooper Reeves`)

var honorifics = []string{"Sir", "Dame", "Dr", "Professor", "Lord", "Baroness"}
var roles = []string{"head", "chief", "director", "chair", "leader", "secretary"}
var orgs = []string{"MI5", "the Bank", "the Treasury", "the Home Office", "the Met", "the NHS", "the BBC", "the FA", "the TUC", "the CBI"}
var outletKinds = []string{"Times", "Herald", "Post", "Gazette", "Chronicle", "Observer", "Courier", "Tribune"}
