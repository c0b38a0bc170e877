package extract

import "strings"

// Cue classes.
const (
	cueVerb       uint8 = 1 << iota // a reporting verb: said, told, warned
	cuePart                         // a participle that borrows the clause's subject: saying, adding
	cueWeak                         // characterises rather than reports: described, called
	cueAccording                    // "according to X": the speaker follows
	cueInvertible                   // can take its subject after it: said Mr Smith
	cueMessage                      // a written text speaks: a message which read
	cueObject                       // takes an addressee: told reporters
)

func words(s string) []string { return strings.Fields(s) }

var cueWords = func() *wtab {
	m := &wtab{}
	add := func(fl uint8, ws string) {
		for _, w := range words(ws) {
			m.add(w, uint32(fl))
		}
	}
	add(cueVerb|cueInvertible, "said says added adds asked asks wrote writes continued explained explains warned warns insisted insists recalled recalls replied replies noted notes argued argues observed remarked stressed stresses told")
	add(cueVerb, `say tells admitted admits revealed reveals vowed vows claimed claims stated states declared declares
		announced announces responded responds conceded concedes acknowledged acknowledges confirmed confirms suggested suggests
		urged urges agreed agrees commented comments predicted predicts promised promises pledged pledges boasted boasts complained
		complains joked jokes quipped quips cautioned cautions alleged alleges testified testifies posted posts tweeted tweets
		emphasised emphasises emphasized emphasizes maintained maintains countered counters shouted screamed whispered reiterated
		reiterates asserted asserts contended contends hailed hails criticised criticized criticises criticizes denied denies
		disclosed discloses concluded concludes insisted demanded demands told highlighted highlights lamented laments
		acknowledged insist mused muses blasted slammed warned declared informed informs assured assures signalled signaled
		affirmed affirms advised advises answered answers pointed`)
	add(cuePart, "saying adding telling warning writing insisting stressing explaining arguing noting claiming declaring urging describing calling branding vowing admitting revealing asking replying responding announcing confirming acknowledging conceding emphasising emphasizing suggesting promising pledging complaining highlighting")
	add(cueWeak, "found finds described describes called calls branded brands dubbed dubs labelled labeled labels accused accuses highlighted highlights describing calling branding")
	add(cueMessage, "read reads reading")
	add(cueObject, "told tells telling informed informs assured assures advised advises warned warns asked asks urged urges")
	return m
}()

var pronouns = func() *wtab {
	t := &wtab{}
	for w, p := range map[string]byte{
		"he": 'm', "He": 'm', "she": 'f', "She": 'f', "they": 't', "They": 't', "it": 'i', "It": 'i',
		"we": 'w', "We": 'w', "I": 'w', "him": 'm', "her": 'f', "them": 't',
	} {
		t.add(w, uint32(p))
	}
	return t
}()

// pronoun returns the pronoun class of w ('m', 'f', 't', 'i', 'w'), or 0.
func pronoun(w string) byte { return byte(pronouns.get(w)) }

// Words skipped between a subject and its verb: "he also said", "Mr Smith
// has since said", "the minister repeatedly warned".
var adverbs = set("also", "has", "had", "have", "was", "is", "were", "are", "then", "later", "previously", "repeatedly",
	"further", "again", "once", "today", "yesterday", "tonight", "recently", "earlier", "since", "subsequently", "first",
	"initially", "reportedly", "allegedly", "publicly", "privately", "separately", "simply", "just", "now", "already",
	"would", "will", "could", "had", "even", "famously", "bluntly", "candidly", "flatly", "openly", "angrily", "quietly",
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "has", "both", "himself", "herself",
	"themselves", "meanwhile", "however", "too", "last", "week", "night", "morning", "afternoon", "evening", "ultimately",
	"finally", "still", "never", "always", "often", "sometimes", "frequently", "twice", "herself", "itself", "directly",
	"personally", "explicitly", "specifically", "clearly", "strongly", "firmly", "emphatically", "categorically")

// Words that end a noun phrase scanned leftwards or rightwards.
var npStop = set("that", "which", "who", "whom", "whose", "and", "but", "or", "nor", "as", "when", "while", "if",
	"because", "after", "before", "since", "though", "although", "where", "whether", "in", "on", "at", "to", "from",
	"with", "by", "about", "over", "into", "than", "during", "under", "against", "through", "without", "within",
	"is", "was", "were", "are", "be", "been", "being", "has", "have", "had", "will", "would", "can", "could", "may",
	"might", "should", "must", "do", "does", "did", "not", "so", "yet", "then", "also", "there", "here", "this",
	"these", "those", "it", "its", "what", "how", "why", "all", "some", "any", "each", "every", "such", "very",
	"And", "But", "Or", "So", "As", "When", "While", "If", "After", "Before", "In", "On", "At", "To", "From", "With",
	"By", "About", "Over", "During", "Asked", "Speaking", "Writing", "Meanwhile", "However", "Yet", "Then", "There",
	"This", "These", "That", "It", "What", "Despite", "Although", "Though", "Since", "Because", "For", "Following",
	"Earlier", "Later", "Last", "Now", "Today", "Yesterday", "Also", "Instead", "Separately", "Elsewhere")

var determiners = set("the", "The", "a", "A", "an", "An", "his", "His", "her", "Her", "their", "Their", "its", "Its",
	"our", "Our", "my", "My", "one", "One", "another", "Another", "this", "This", "that", "That")

// Honorifics that stand before a name. The value says the gender they imply
// and whether the short form names the first name ("Sir Ken") or the
// surname ("Mr Collins").
type honor struct {
	gender    byte
	firstName bool
}

var honorMap = map[string]honor{
	"Mr": {'m', false}, "Mr.": {'m', false}, "Mrs": {'f', false}, "Mrs.": {'f', false}, "Ms": {'f', false},
	"Ms.": {'f', false}, "Miss": {'f', false}, "Mx": {0, false}, "Mx.": {0, false}, "Dr": {0, false}, "Dr.": {0, false},
	"Sir": {'m', true}, "Dame": {'f', true}, "Lord": {'m', false}, "Lady": {'f', false}, "Baroness": {'f', false},
	"Baron": {'m', false}, "Prof": {0, false}, "Prof.": {0, false}, "Professor": {0, false}, "Rev": {0, false},
	"Rev.": {0, false}, "Reverend": {0, false}, "Sen.": {0, false}, "Senator": {0, false}, "Rep.": {0, false},
	"Gov.": {0, false}, "Governor": {0, false}, "President": {0, false}, "Judge": {0, false}, "Justice": {0, false},
	"Gen.": {0, false}, "General": {0, false}, "Col.": {0, false}, "Colonel": {0, false}, "Capt.": {0, false},
	"Captain": {0, false}, "Det": {0, false}, "Det.": {0, false}, "Detective": {0, false}, "Inspector": {0, false},
	"Sgt": {0, false}, "Sgt.": {0, false}, "Sergeant": {0, false}, "Chancellor": {0, false}, "Pope": {'m', true},
	"King": {'m', true}, "Queen": {'f', true}, "Prince": {'m', true}, "Princess": {'f', true}, "Archbishop": {'m', false},
	"Bishop": {0, false}, "Cardinal": {'m', false}, "Rabbi": {0, false}, "Imam": {'m', false}, "Father": {'m', false},
	"Mayor": {0, false}, "Commissioner": {0, false}, "Ambassador": {0, false}, "Minister": {0, false},
	"Secretary": {0, false}, "Chief": {0, false}, "Superintendent": {0, false}, "Supt": {0, false}, "Lt": {0, false},
	"Lt.": {0, false}, "Admiral": {0, false}, "Adm.": {0, false}, "Premier": {0, false},
}

// honorifics holds honorMap as a word table: bit 0 present, bit 1 first
// name, gender in bits 8-15.
var honorifics = func() *wtab {
	t := &wtab{}
	for w, h := range honorMap {
		v := uint32(1) | uint32(h.gender)<<8
		if h.firstName {
			v |= 2
		}
		t.add(w, v)
	}
	return t
}()

// honorOf returns the honorific w and whether it is one.
func honorOf(w string) (honor, bool) {
	v := honorifics.get(w)
	if v == 0 {
		return honor{}, false
	}
	return honor{gender: byte(v >> 8), firstName: v&2 != 0}, true
}

// Capitalised words that are titles rather than names: "Foreign Secretary
// James Cleverly", "Deputy Prime Minister".
var titleWords = set("Sen.", "Rep.", "Gov.", "Lt.", "Gen.", "Foreign", "Home", "Prime", "Minister", "Secretary", "Deputy", "Chief", "Executive", "Director",
	"General", "Former", "British", "American", "Labour", "Tory", "Conservative", "Democratic", "Republican", "Democrat",
	"Leader", "Shadow", "Health", "Defence", "Defense", "Justice", "Culture", "Business", "Education", "Transport",
	"Treasury", "Attorney", "Solicitor", "Vice", "Chairman", "Chairwoman", "Chair", "Spokesman", "Spokeswoman",
	"Head", "Ex", "MP", "MPs", "MEP", "Senior", "Junior", "State", "Interior", "Environment", "Energy", "Security",
	"National", "Adviser", "Advisor", "Commissioner", "Officer", "Constable", "Commander", "Assistant", "Acting",
	"Interim", "Opposition", "Party", "Cabinet", "Office", "Finance", "Trade", "Economy", "Chancellor", "President",
	"Governor", "Mayor", "Senator", "Representative", "Ambassador", "Envoy", "Then", "Lib", "Dem", "SNP", "Green",
	"Reform", "Scottish", "Welsh", "Irish", "French", "German", "Chinese", "Russian", "Ukrainian", "Israeli",
	"Palestinian", "US", "UK", "EU", "Veteran", "Retired", "Outgoing", "Incoming", "Newly", "Elected", "Founder",
	"Professor", "Dr", "Dr.", "Mr", "Mr.", "Senate", "House", "Majority", "Minority", "Speaker", "Councilwoman",
	"Councilman", "Councillor", "Cllr", "Assemblyman", "Assemblywoman", "Congressman", "Congresswoman",
	"Prosecutor", "First", "Saudi", "Mayor", "Sheriff", "Superintendent", "Inspector", "Detective", "Chairperson",
	"Attorney-General", "Secretary-General", "Director-General", "Vice-President", "Lieutenant", "Sergeant",
	"Constable", "Admiral", "Commodore", "Brigadier", "Major", "Private", "Corporal", "Coach", "Manager",
	"Economy", "Digital", "Housing", "Communities", "Levelling", "Northern", "Local", "Regional", "Federal",
	"Provincial", "Municipal", "District", "Supreme", "High", "Crown", "Chief-Executive", "CEO", "Boss")

var roleHeads = set("head", "chief", "director", "minister", "secretary", "adviser", "advisor", "chairman",
	"chairwoman", "chair", "president", "leader", "researcher", "aide", "commissioner", "officer", "prosecutor",
	"lawyer", "attorney", "judge", "mayor", "governor", "executive", "founder", "professor", "analyst", "expert",
	"economist", "mp", "senator", "chancellor", "ambassador", "envoy", "premier", "boss", "manager", "coach",
	"captain", "inspector", "superintendent", "detective", "general", "admiral", "colonel", "peer", "deputy",
	"candidate", "campaigner", "activist", "author", "writer", "journalist", "editor", "doctor", "scientist",
	"teacher", "student", "witness", "victim", "man", "woman", "person", "resident", "source", "friend", "wife",
	"husband", "son", "daughter", "mother", "father", "brother", "sister", "partner", "owner", "worker",
	"employee", "member", "representative", "congressman", "congresswoman", "lawmaker", "legislator",
	"councillor", "councilor", "mep", "king", "queen", "prince", "princess", "pope", "bishop", "archbishop",
	"ceo", "principal", "headteacher", "solicitor", "barrister", "defendant", "suspect", "spy", "agent",
	"critic", "supporter", "sheriff", "constable", "sergeant", "lieutenant", "nurse", "surgeon", "physician",
	"pilot", "driver", "farmer", "voter", "player", "striker", "chairperson", "official", "diplomat",
	"negotiator", "regulator", "investigator", "judge", "coroner", "magistrate", "historian", "academic",
	"lecturer", "spokesman", "spokeswoman", "spokesperson", "mother-of-two", "father-of-two", "neighbour",
	"neighbor", "vicar", "priest", "rabbi", "imam", "chancellor", "counsel", "commander", "strategist",
	"consultant", "entrepreneur", "billionaire", "investor", "banker", "director-general", "secretary-general",
	"head teacher", "whip", "speaker", "veteran", "survivor", "relative", "colleague", "official", "minister")

// Role heads too generic to stand for one person without the article
// having said who: "a man said", "one source said".
var genericRoles = set("man", "woman", "person", "resident", "source", "friend", "witness", "victim", "official",
	"worker", "employee", "member", "voter", "player", "supporter", "critic", "neighbour", "neighbor", "relative",
	"colleague", "expert", "analyst", "student", "teacher", "doctor", "nurse", "officer", "agent", "spy",
	"activist", "campaigner", "investor", "banker", "diplomat", "veteran", "survivor", "mother", "father",
	"son", "daughter", "wife", "husband", "brother", "sister", "partner", "owner", "driver", "farmer", "pilot")

var spokesNouns = set("spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative", "source",
	"sources", "insider", "insiders", "official", "officials", "aide", "aides")

var orgHeads = set("government", "ministry", "department", "office", "service", "police", "party", "committee",
	"commission", "council", "agency", "court", "company", "firm", "bank", "union", "board", "university",
	"group", "authority", "embassy", "army", "military", "administration", "parliament", "regulator",
	"watchdog", "newspaper", "paper", "network", "channel", "broadcaster", "organisation", "organization",
	"foundation", "charity", "institute", "association", "federation", "league", "club", "team", "school",
	"hospital", "trust", "fund", "cabinet", "senate", "congress", "house", "kremlin", "pentagon", "whitehall",
	"campaign", "coalition", "alliance", "corporation", "inc", "ltd", "plc", "llc", "corp", "co", "force",
	"forces", "navy", "ministry's", "gov't", "govt", "executive", "secretariat", "tribunal", "inquiry",
	"prosecutors", "prosecution", "authorities", "officials", "spokesman", "spokeswoman", "spokesperson",
	"spokespeople", "statement", "times", "post", "telegraph", "guardian", "journal", "mail", "express",
	"herald", "tribune", "news", "press", "agency", "unit", "bureau", "division", "directorate", "centre",
	"center", "council", "assembly", "chamber", "legislature", "camp", "team", "club", "labour", "conservatives",
	"tories", "democrats", "republicans", "states", "nations", "consortium", "industry", "sector", "lobby",
	"nhs", "fbi", "cia", "bbc", "reuters", "afp", "cnn", "nato", "mi5", "mi6", "gchq", "cps", "met", "ofcom")

// Names that stand for an organisation when used as a speaker.
var orgNames = set("Reuters", "BBC", "AP", "AFP", "CNN", "Bloomberg", "Labour", "Conservatives", "Tories",
	"Beijing", "Moscow", "Washington", "Kremlin", "Pentagon", "Whitehall", "Downing", "Westminster", "Brussels",
	"Kyiv", "Tehran", "Pyongyang", "China", "Russia", "Iran", "Ukraine", "Israel", "Hamas", "Hezbollah", "Nato",
	"NATO", "Google", "Apple", "Microsoft", "Amazon", "Meta", "Facebook", "Twitter", "Tesla", "Ofcom", "Ofsted",
	"Unison", "Unite", "Greenpeace", "Oxfam", "Amnesty", "Interpol", "Europol", "Scotland", "Yard", "Parliament",
	"Congress", "Senate", "Government", "Treasury", "Number", "No", "Telegraph", "Guardian", "Times", "Independent")

// Nouns for written texts that can be said to speak: "the report said",
// "Mr Collins’s witness statement added".
var docNouns = set("report", "statement", "statements", "letter", "message", "note", "email", "e-mail", "text",
	"post", "tweet", "filing", "document", "documents", "memo", "release", "submission", "ruling", "judgment",
	"judgement", "assessment", "review", "study", "survey", "investigation", "analysis", "paper", "speech",
	"book", "article", "interview", "blog", "website", "account", "indictment", "complaint", "lawsuit",
	"affidavit", "testimony", "evidence", "transcript", "minutes", "notice", "order", "guidance", "manifesto",
	"briefing", "update", "warning", "alert", "sign", "banner", "placard", "caption", "headline", "verdict",
	"papers", "recording", "video", "broadcast", "podcast", "op-ed", "editorial", "column", "motion", "bill")

// Nouns after "in a/his/her" that tell the setting in which words were said.
var settingNouns = set("speech", "letter", "statement", "interview", "post", "tweet", "message", "email",
	"report", "conference", "briefing", "assessment", "podcast", "video", "op-ed", "article", "blog", "memo",
	"filing", "submission", "testimony", "hearing", "address", "lecture", "broadcast", "documentary",
	"note", "text", "sermon", "debate", "session", "rally", "appearance", "evidence", "book", "memoir",
	"column", "essay", "update", "thread", "meeting", "call", "event", "summit", "court")

var settingSkip = set("final", "first", "earlier", "later", "latest", "new", "annual", "recent", "second", "third",
	"written", "brief", "short", "long", "lengthy", "rare", "separate", "televised", "further", "previous",
	"original", "subsequent", "fresh", "public", "joint", "keynote", "major", "key", "landmark")

var months = set("January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
	"Nov", "Dec")

var weekdays = set("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

var timeNouns = set("week", "month", "year", "night", "morning", "afternoon", "evening", "weekend", "summer",
	"winter", "spring", "autumn", "fall")

// Qualifiers of a past role: "then-prime minister Rishi Sunak" must not
// make Rishi Sunak "the prime minister" of the article.
var pastRole = set("then", "then-", "former", "ex", "late", "previous", "erstwhile", "onetime", "one-time", "outgoing")

// cueFlag returns the cue classes of w, 0 if it is no cue word.
func cueFlag(w string) uint8 { return uint8(cueWords.get(w)) }

// cueFlagLower is cueFlag of w in lower case.
func cueFlagLower(w string) uint8 { return uint8(cueWords.getLower(w)) }
