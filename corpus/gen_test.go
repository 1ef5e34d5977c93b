package corpus

// A deterministic generator of English news articles for the ingestion
// tests and benchmarks: sentences from templates filled with words from
// small lists, so that any article can be rebuilt from its number.

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strings"
)

var (
	genPeople = strings.Fields(`Namazov Aliyev Hasanova Petrenko Kovalenko Smith Johnson Garcia Müller
		Novak Ivanova Rahimov Karimova Brown Wilson Taylor Anderson Thomas Moore Martin Jackson White Harris
		Clark Lewis Walker Hall Young King Wright Lopez Hill Scott Green Adams Baker Nelson Carter Mitchell`)
	genRoles = strings.Fields(`minister spokesperson director analyst lawmaker chairman researcher
		governor ambassador editor commander prosecutor economist adviser secretary mayor engineer`)
	genOrgs = []string{"the central bank", "the foreign ministry", "the state news agency", "parliament",
		"the energy regulator", "the port authority", "the election commission", "the national railway",
		"the health ministry", "the customs service", "the security council", "the audit chamber",
		"the telecom operator", "the supreme court", "the statistics office", "the army general staff"}
	genPlaces = strings.Fields(`Baku Kyiv Tbilisi Yerevan Ankara Warsaw Vilnius Riga Tallinn Berlin Paris
		Vienna Prague Budapest Bucharest Sofia Athens Rome Madrid Lisbon Dublin London Oslo Helsinki Minsk
		Astana Tashkent Bishkek Dushanbe Ashgabat Odesa Kharkiv Lviv Ganja Sumgait Batumi`)
	genNouns = strings.Fields(`budget pipeline election network agreement investigation report attack
		reform tariff corridor contract outage shipment harvest strike deficit merger sanction treaty loan
		bridge railway airport reservoir satellite server database campaign protest verdict summit forum
		inflation export import subsidy drought flood vaccine hospital school border checkpoint ferry`)
	genAdjs = strings.Fields(`new major serious unexpected regional national foreign local digital
		long-awaited controversial costly temporary permanent joint bilateral massive limited urgent
		quarterly annual preliminary final official unofficial secret public private strategic`)
	genVerbs = strings.Fields(`delay approve reject expand review suspend restore finance investigate
		block announce cancel extend replace audit criticise support postpone accelerate reduce raise`)
	genMonths = strings.Fields(`Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.`)

	// Each template's verbs fill {P} person, {R} role, {O} organisation,
	// {L} place, {N} noun, {A} adjective, {V} verb, {M} month, {D} day,
	// {K} a number.
	genTemplates = []string{
		"{P}, the {R} of {O}, said on {M} {D} that the {A} {N} would {V} the {N} in {L}.",
		"According to {O}, the {N} in {L} cost about {K} million dollars last year.",
		"\"We will not {V} the {N} until the {A} {N} is complete,\" {P} told reporters in {L}.",
		"The {A} {N} was first reported by {O} on {M} {D}, citing two officials in {L}.",
		"Critics in {L} argue that the {N} will {V} the {A} {N} for at least {K} months.",
		"{P} added that {O} had asked {L} to {V} the {N} before the {A} {N} begins.",
		"In {M}, {O} agreed to {V} a {A} {N} worth {K} million euros with partners in {L}.",
		"Residents of {L} said the {N} had left {K} households without a {A} {N}.",
		"The {R} did not say whether the {N} would {V} the {A} {N} planned for {M}.",
		"Officials from {O} are expected to meet their counterparts in {L} on {M} {D}.",
		"Since {M}, the {A} {N} has become a test for {O} and its {R}, {P}.",
		"{P} warned that a {A} {N} could {V} trade between {L} and {L} by {K} percent.",
	}
	genChrome = []string{
		"Subscribe to our newsletter", "Share on Facebook", "Share on X", "Read more:",
		"Advertisement", "Most read", "Sign up for breaking news alerts", "Follow us on Telegram",
	}
	genOutlets = strings.Fields(`Daily-Courier Caspian-Herald Report-Wire Baltic-Times Morning-Ledger`)
)

// articleGen builds articles from one random stream.
type articleGen struct{ rng *rand.Rand }

func newArticleGen(seed uint64) *articleGen {
	return &articleGen{rand.New(rand.NewPCG(seed, 0x61727469636c65))}
}

func (g *articleGen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *articleGen) sentence() string {
	t := g.pick(genTemplates)
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			break
		}
		b.WriteString(t[:i])
		switch t[i+1] {
		case 'P':
			b.WriteString(g.pick(genPeople))
		case 'R':
			b.WriteString(g.pick(genRoles))
		case 'O':
			b.WriteString(g.pick(genOrgs))
		case 'L':
			b.WriteString(g.pick(genPlaces))
		case 'N':
			b.WriteString(g.pick(genNouns))
		case 'A':
			b.WriteString(g.pick(genAdjs))
		case 'V':
			b.WriteString(g.pick(genVerbs))
		case 'M':
			b.WriteString(g.pick(genMonths))
		case 'D':
			fmt.Fprint(&b, g.rng.IntN(28)+1)
		case 'K':
			fmt.Fprint(&b, g.rng.IntN(900)+2)
		}
		t = t[i+3:]
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *articleGen) paragraph() string {
	n := g.rng.IntN(3) + 2
	s := make([]string, n)
	for i := range s {
		s[i] = g.sentence()
	}
	return strings.Join(s, " ")
}

// body returns paras paragraphs separated by blank lines.
func (g *articleGen) body(paras int) string {
	p := make([]string, paras)
	for i := range p {
		p[i] = g.paragraph()
	}
	return strings.Join(p, "\n\n")
}

// genArticle returns the text of article i of a stream: a headline, a
// byline, about 3 KB of paragraphs and some site chrome. Article i is
// rebuilt from i alone, and some articles copy earlier ones:
//   - every 10th (i%10 == 9) repeats the paragraphs of article i-7 under
//     other chrome, with one paragraph rewritten: a near-duplicate;
//   - every 25th (i%25 == 24) is article i-3 again, word for word.
func genArticle(seed uint64, i int) string {
	switch {
	case i%25 == 24:
		return genArticle(seed, i-3)
	case i%10 == 9:
		orig := genParts(seed, i-7)
		mine := genParts(seed, i)
		orig.paras[len(orig.paras)/2] = mine.paras[0]
		orig.chromeTop, orig.chromeEnd = mine.chromeTop, mine.chromeEnd
		return orig.String()
	}
	return genParts(seed, i).String()
}

type genArticleParts struct {
	title, byline        string
	chromeTop, chromeEnd []string
	paras                []string
}

func genParts(seed uint64, i int) genArticleParts {
	g := newArticleGen(seed<<32 ^ uint64(i))
	var a genArticleParts
	a.title = fmt.Sprintf("%s %s %s in %s", g.pick(genOrgs), g.pick(genVerbs), g.pick(genNouns), g.pick(genPlaces))
	a.title = strings.ToUpper(a.title[:1]) + a.title[1:]
	a.byline = fmt.Sprintf("By %s %s | %s | %s %d, 2025", g.pick(genPeople), g.pick(genPeople),
		g.pick(genOutlets), g.pick(genMonths), g.rng.IntN(28)+1)
	a.chromeTop = []string{g.pick(genChrome), g.pick(genChrome)}
	a.chromeEnd = []string{g.pick(genChrome), "Most read: " + g.sentence()}
	size := 0
	for size < 2800 {
		p := g.paragraph()
		a.paras = append(a.paras, p)
		size += len(p) + 2
	}
	return a
}

func (a genArticleParts) String() string {
	var b strings.Builder
	for _, c := range a.chromeTop {
		b.WriteString(c + "\n")
	}
	b.WriteString("\n" + a.title + "\n\n" + a.byline + "\n\n")
	b.WriteString(strings.Join(a.paras, "\n\n"))
	b.WriteString("\n\n")
	for _, c := range a.chromeEnd {
		b.WriteString(c + "\n")
	}
	return b.String()
}

// genSources streams n generated articles as text Sources, building each
// only when it is asked for, so memory does not depend on n.
func genSources(seed uint64, n int) iter.Seq2[Source, error] {
	return func(yield func(Source, error) bool) {
		for i := range n {
			src := Source{Origin: fmt.Sprintf("gen/%d/%05d.txt", seed, i), Format: Text, Content: genArticle(seed, i)}
			if !yield(src, nil) {
				return
			}
		}
	}
}
