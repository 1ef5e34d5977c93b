package qa

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/qa/lexicon"
)

// Who someone is, according to the sources: the answer's path up to the
// documents read, then, in every sentence that names the person,
//
//   - descriptions: the phrase a sentence sets beside the name with commas
//     ("Ramid Namazov, head of the … commission on countering hybrid
//     threats, said"; "Azerbaijan's parliament chairman, Ramid Namazov,")
//     or runs into it ("chairman of the … commission Ramid Namazov said"),
//     each exactly as printed and credited to every source that prints it;
//     sources that describe the person otherwise are all shown, never
//     blended;
//   - what they are quoted as saying: quote units that name them with a
//     verb of saying, or "according to" them;
//   - spellings: the full names in the documents read whose surname is the
//     asked one or one letter from it, with another given name or spelling
//     ("Ramid"/"Azer" Namazov, "Niek Stam"/"Nick Stamm"), flagged as names
//     that may be the same person's.

// maxDescriptionWords bounds a description: a longer run beside a name is
// a clause, not an apposition.
const maxDescriptionWords = 18

// maxSayings is how many quotes of a person's words a profile shows.
const maxSayings = 5

// Profile is who a person or organisation is according to the sources.
type Profile struct {
	Name         string        `json:"name"`
	Descriptions []Description `json:"descriptions"`
	Sayings      []Quote       `json:"sayings"`
	Spellings    []Spelling    `json:"spellings"`
	Sources      []Source      `json:"sources"`
}

// Description is one way the sources describe the person, verbatim.
type Description struct {
	Text    string `json:"text"`
	Sources []int  `json:"sources"`
}

// Spelling is one full name the sources print for the person.
type Spelling struct {
	Name    string `json:"name"`
	Sources []int  `json:"sources"`
}

// Who returns what the sources say of name: how they describe it, what
// they quote it as saying, and how they spell it. A name no source prints
// gets an empty profile.
func (a *Answerer) Who(ctx context.Context, name string) (Profile, error) {
	name = strings.TrimSpace(name)
	p := Profile{Name: name, Descriptions: []Description{}, Sayings: []Quote{}, Spellings: []Spelling{}, Sources: []Source{}}
	fields := strings.Fields(name)
	if len(fields) == 0 {
		return p, nil
	}
	surname := strings.Trim(fields[len(fields)-1], ".,;:!?\"'")
	r, err := a.wide().ranked(ctx, name)
	if err != nil || r == nil {
		return p, err
	}
	ans := &Answer{Sources: []Source{}}
	cite := &citations{print: printed{}}
	var docs []*corpus.Document
	for _, rd := range r.docs {
		if containsWord(rd.doc.Body, surname) {
			docs = append(docs, rd.doc)
		}
	}
	slices.SortStableFunc(docs, func(x, y *corpus.Document) int { return boolOrder(x.DuplicateOf == 0, y.DuplicateOf == 0) })

	described := map[string]int{} // lower-cased description → index in p.Descriptions
	for _, d := range docs {
		for _, s := range d.Sentences {
			text := d.Text(s)
			for _, desc := range descriptions(text, surname) {
				key := strings.ToLower(desc)
				if i, ok := described[key]; ok {
					p.Descriptions[i].Sources = addSource(p.Descriptions[i].Sources, cite.number(ans, d))
					continue
				}
				described[key] = len(p.Descriptions)
				// Credited to the documents that print it beside the name,
				// not to any that prints the words ("union leader").
				p.Descriptions = append(p.Descriptions, Description{Text: desc, Sources: []int{cite.number(ans, d)}})
			}
		}
	}

	quoted := map[string]bool{}
	for _, c := range originalsFirst(r.cands) {
		if len(p.Sayings) == maxSayings {
			break
		}
		if !speaks(c.text, surname) || quoted[squashSpace(c.text)] {
			continue
		}
		quoted[squashSpace(c.text)] = true
		srcs := cite.printers(ans, c, r.docs)
		s := c.doc.Sentences
		p.Sayings = append(p.Sayings, Quote{Text: c.text, Source: srcs[0], Sources: srcs, Aspect: "said", DocID: c.doc.ID,
			Start: s[c.u.first].Start, End: s[c.u.last].End, Page: c.doc.Page(s[c.u.first].Para)})
	}

	byName := map[string]int{}
	for _, d := range a.retellings(docs, surname) {
		for _, full := range fullNameRE.FindAllString(d.Body, -1) {
			f := strings.Fields(full)
			// A given name the text also writes as a common word ("In
			// Houston", "Earlier Namazov") is no given name (names.go).
			if !sameSurname(f[1], surname) || !personal(f[1]) || corpus.IsTitle(f[0]) || isFunctionWord(f[0]) ||
				containsWord(d.Body, strings.ToLower(f[0])) {
				continue
			}
			if i, ok := byName[full]; ok {
				p.Spellings[i].Sources = addSource(p.Spellings[i].Sources, cite.number(ans, d))
				continue
			}
			byName[full] = len(p.Spellings)
			p.Spellings = append(p.Spellings, Spelling{Name: full, Sources: []int{cite.number(ans, d)}})
		}
	}
	if len(p.Spellings) < 2 {
		p.Spellings = []Spelling{} // one spelling is no variant
	}
	p.Sources = ans.Sources
	return p, nil
}

// maxRetold is how many sentences naming the person are searched for
// retellings (retellings).
const maxRetold = 8

// retellings returns docs and the documents that print nearly the same
// sentences about the person as they do: a copy that spells the name
// otherwise ("Nick Stamm" for "Niek Stam") is not found by the name, but
// by the sentence around it.
func (a *Answerer) retellings(docs []*corpus.Document, surname string) []*corpus.Document {
	out := slices.Clone(docs)
	seen := map[*corpus.Document]bool{}
	for _, d := range docs {
		seen[d] = true
	}
	n := 0
	for _, d := range docs {
		for _, s := range d.Sentences {
			if n == maxRetold {
				return out
			}
			text := d.Text(s)
			if !containsWord(text, surname) {
				continue
			}
			n++
			for _, h := range a.ix.SearchWith(text, SearchOptions{K: 5, PerDoc: 1, Lang: d.Lang}) {
				if !seen[h.Doc] && sameEventText(text, h.Doc.Text(h.Doc.Sentences[h.Sentence]), d.Lang) {
					seen[h.Doc] = true
					out = append(out, h.Doc)
				}
			}
		}
	}
	return out
}

// sameEventText reports whether two sentences are one retold: they share
// at least redundantSame of their terms.
func sameEventText(a, b, lang string) bool {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, t := range Analyze(s, lang) {
			if !t.Stop {
				m[t.Term] = true
			}
		}
		return m
	}
	return jaccard(set(a), set(b)) >= redundantSame
}

// boolOrder orders true before false.
func boolOrder(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return -1
	}
	return 1
}

// addSource adds n to a sorted list of source numbers.
func addSource(ns []int, n int) []int {
	if i, found := slices.BinarySearch(ns, n); !found {
		ns = slices.Insert(ns, i, n)
	}
	return ns
}

// speaks reports whether text reports the person named by surname as
// speaking: a verb of saying within a few words after the name ("Volcker
// told", "Namazov, head of the commission, said" — an apposition between
// commas skipped) or right before it after a quotation ("…," said
// Volcker), or "according to" the
// name. A sentence that only mentions the person while someone else speaks
// ("Anyone nominated to replace Volcker would have paled, Hormats said")
// is not theirs.
func speaks(text, surname string) bool {
	words := strings.Fields(text)
	for i, w := range words {
		if !strings.HasPrefix(strings.Trim(w, "\"'“”«»("), surname) {
			continue
		}
		after := func(j int) bool {
			for k := j; k < len(words) && k < j+3; k++ {
				if speech(words[k]) {
					return true
				}
			}
			return false
		}
		if after(i + 1) {
			return true
		}
		if strings.HasSuffix(w, ",") { // skip an apposition: "Namazov, head of …, said"
			for k := i + 1; k < len(words) && k < i+1+maxDescriptionWords; k++ {
				if strings.HasSuffix(words[k], ",") {
					if after(k + 1) {
						return true
					}
					break
				}
			}
		}
		// "…," said Volcker: the verb right before the name, after the
		// quotation's comma ("officials said Volcker arrived" is theirs).
		if i >= 2 && speech(words[i-1]) && strings.ContainsAny(words[i-2][len(words[i-2])-1:], ",\"”»") {
			return true
		}
		if i >= 2 && strings.EqualFold(words[i-2]+" "+words[i-1], "according to") {
			return true
		}
		if i >= 2 && strings.EqualFold(words[i-2]+" "+words[i-1], "по словам") {
			return true
		}
	}
	return false
}

// speech reports whether a word is a verb of saying.
func speech(w string) bool {
	w = strings.ToLower(strings.Trim(w, ".,;:!?\"'“”«»()"))
	return lexicon.SpeechVerb(w) || russianSpeech(w)
}

// russianSpeech reports whether w is a Russian verb of saying in the past
// tense, as news reports speech ("заявил", "сообщила", "сказали").
func russianSpeech(w string) bool {
	for _, stem := range []string{"заяви", "сказа", "сообщи", "отмети", "подчеркну", "добави", "призна"} {
		if strings.HasPrefix(w, stem) {
			return true
		}
	}
	return false
}

// descriptions returns the phrases sentence sets beside a name ending in
// surname, as written: after it between commas ("Namazov, head of …,"),
// before it after a comma or the sentence's start ("parliament chairman,
// Ramid Namazov"), or run into it ("chairman of … Ramid Namazov").
func descriptions(sentence, surname string) []string {
	var out []string
	for from := 0; ; {
		i := strings.Index(sentence[from:], surname)
		if i < 0 {
			return out
		}
		start, end := from+i, from+i+len(surname)
		from = end
		if before, _ := utf8.DecodeLastRuneInString(sentence[:start]); start > 0 && isWordRune(before) {
			continue
		}
		if after, _ := utf8.DecodeRuneInString(sentence[end:]); end < len(sentence) && isWordRune(after) {
			continue
		}
		nameStart := givenNameStart(sentence, start)
		if d, ok := appositionAfter(sentence[end:]); ok && !afterAccordingTo(sentence[:nameStart]) {
			out = append(out, d)
		}
		// Before the name: run into it ("chairman … Ramid Namazov said"), or
		// between commas around it ("parliament chairman, Ramid Namazov,
		// revealed"). A phrase closed by a comma the name does not close
		// in turn ends a clause ("… banks in Switzerland and Italy, Funaro
		// said").
		head := strings.TrimRightFunc(sentence[:nameStart], unicode.IsSpace)
		closed := strings.HasPrefix(sentence[end:], ",")
		if d, ok := appositionBefore(head); ok && (!strings.HasSuffix(head, ",") || closed) {
			out = append(out, d)
		}
	}
}

// givenNameStart returns where the capitalised words just before the
// surname at start begin: the person's given names.
func givenNameStart(s string, start int) int {
	for {
		prev := strings.TrimRightFunc(s[:start], unicode.IsSpace)
		if len(prev) == len(s[:start]) || prev == "" {
			return start
		}
		i := strings.LastIndexFunc(prev, func(r rune) bool { return !isWordRune(r) && r != '.' && r != '-' })
		word := prev[i+1:]
		r, _ := utf8.DecodeRuneInString(word)
		// Given names are often words too (Paul, Mark, Will): only a title
		// ("Mr", "Dr") or a function word ("But Volcker said") is not one.
		if word == "" || !unicode.IsUpper(r) || corpus.IsTitle(word) || isFunctionWord(word) {
			return start
		}
		start = i + 1
	}
}

// isFunctionWord reports whether w is a stop word of English or Russian.
func isFunctionWord(w string) bool {
	w = strings.ToLower(w)
	return corpus.IsStopWord("en", w) || corpus.IsStopWord("ru", w)
}

// appositionAfter reads ", description," or ", description." right after a
// name.
func appositionAfter(rest string) (string, bool) {
	body, ok := strings.CutPrefix(rest, ", ")
	if !ok {
		return "", false
	}
	end := strings.IndexAny(body, ",;.(")
	if end < 0 {
		return "", false
	}
	return description(body[:end])
}

// appositionBefore reads "description, " or "description " right before a
// name: back to the previous comma, colon or the sentence's start.
func appositionBefore(head string) (string, bool) {
	head = strings.TrimRightFunc(head, unicode.IsSpace)
	head = strings.TrimSuffix(head, ",")
	i := strings.LastIndexAny(head, ",;:—(\"“«")
	d := strings.TrimSpace(head[i+1:])
	return description(d)
}

// description checks a phrase found beside a name: a noun phrase, not a
// clause (no finite verb or relative pronoun of clauseWords, at most
// maxDescriptionWords words), holding a word in lower case (a role, not
// another name) and not starting with a conjunction or an adverb.
func description(d string) (string, bool) {
	d = strings.TrimSpace(d)
	words := strings.Fields(d)
	if len(words) == 0 || len(words) > maxDescriptionWords {
		return "", false
	}
	lower := false
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) {
			lower = true
		}
		if clauseWords[strings.ToLower(strings.Trim(w, ".,;:!?\"'“”«»()"))] {
			return "", false
		}
	}
	first, last := strings.ToLower(words[0]), strings.ToLower(words[len(words)-1])
	if !lower || isStopLead(first) || corpus.IsStopWord("en", last) || corpus.IsStopWord("ru", last) {
		return "", false // "According to", "The activities of": the phrase goes on past the name
	}
	if strings.Count(d, "(") != strings.Count(d, ")") || namesPerson(d) {
		return "", false // a fragment, or another person's name ("Minister Giovanni Goria")
	}
	if verbal(first) || verbal(last) || lexicon.SpeechVerb(last) {
		// "Testifying before the Senate committee, Volcker said";
		// "Reagan reappointed Volcker"; "U.S. officials say Volcker":
		// a clause around the name, not a description of it.
		return "", false
	}
	return d, true
}

// clauseWords make a phrase a clause rather than a description: the
// auxiliary and common finite verbs and the relative pronouns of English
// and Russian. Grammar, not a choice: "Russia was behind the attack" is
// not who Namazov is.
var clauseWords = map[string]bool{
	"is": true, "was": true, "were": true, "are": true, "be": true, "been": true, "has": true, "have": true,
	"had": true, "will": true, "would": true, "can": true, "could": true, "did": true, "does": true,
	"said": true, "says": true, "told": true, "found": true, "that": true, "which": true, "who": true, "whom": true,
	"был": true, "была": true, "были": true, "было": true, "будет": true, "есть": true, "что": true,
	"который": true, "которая": true, "которые": true, "сказал": true, "заявил": true,
}

// isStopLead reports whether a phrase starting with w is a clause's or an
// adverb's rather than a description's: a function word other than an
// article or a possessive ("and", "which", "earlier", "that").
func isStopLead(w string) bool {
	switch w {
	case "the", "a", "an", "its", "his", "her", "their":
		return false
	}
	return corpus.IsStopWord("en", w) || corpus.IsStopWord("ru", w) || strings.HasSuffix(w, "ly")
}

// afterAccordingTo reports whether head ends with "according to", whose
// comma after the name closes an introductory phrase, not an apposition.
func afterAccordingTo(head string) bool {
	h := strings.ToLower(strings.TrimRightFunc(head, unicode.IsSpace))
	return strings.HasSuffix(h, "according to") || strings.HasSuffix(h, "по словам")
}

// verbal reports whether an English word has a verb's ending (-ing, -ed),
// as the participles and past tenses that open or close a clause around a
// name do ("Testifying", "Asked", "reappointed"); descriptions end in a
// noun ("chairman", "head of the commission").
func verbal(w string) bool {
	w = strings.Trim(w, ".,;:!?\"'“”()")
	return len(w) > 4 && (strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed"))
}

// namesPerson reports whether phrase holds a person's given name and
// surname (names.go's rule: a surname no dictionary knows), as a list or a
// clause beside the name does and a description of the person does not.
func namesPerson(phrase string) bool {
	words := strings.Fields(phrase)
	for i := 1; i < len(words); i++ {
		given, surname := strings.Trim(words[i-1], ".,;:()\"'“”"), strings.Trim(words[i], ".,;:()\"'“”")
		if fullNameRE.MatchString(given+" "+surname) && personal(surname) && !corpus.IsTitle(given) && !lexicon.Known(given) {
			return true
		}
	}
	return false
}
