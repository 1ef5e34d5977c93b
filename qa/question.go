package qa

import (
	"regexp"
	"strings"
)

// Kind is what a question asks for.
type Kind string

// The kinds of question the answerer tells apart.
const (
	KindWho     Kind = "who"
	KindWhat    Kind = "what"
	KindWhen    Kind = "when"
	KindWhere   Kind = "where"
	KindWhy     Kind = "why"
	KindHow     Kind = "how"
	KindHowMany Kind = "how many"
	KindWhich   Kind = "which"
)

// Part is one thing a question asks: its kind and the words it is about.
type Part struct {
	Kind Kind
	Word string // the question word, lower case ("why", "каком"); "" when none
	Text string // the question text this part searches with
}

// wh maps question words, including common misspellings, to their kind.
var wh = map[string]Kind{
	"who": KindWho, "whom": KindWho, "whose": KindWho, "whos": KindWho, "who's": KindWho,
	"what": KindWhat, "wat": KindWhat, "whats": KindWhat, "what's": KindWhat,
	"when": KindWhen, "wen": KindWhen, "whn": KindWhen,
	"where": KindWhere, "wher": KindWhere,
	"why": KindWhy, "y": KindWhy,
	"how":   KindHow,
	"which": KindWhich, "wich": KindWhich,

	// Russian, the other language the corpus is expected to hold.
	"кто": KindWho, "кого": KindWho, "кому": KindWho, "кем": KindWho, "чей": KindWho, "чья": KindWho,
	"что": KindWhat, "чего": KindWhat, "чем": KindWhat,
	"когда": KindWhen,
	"где":   KindWhere, "куда": KindWhere, "откуда": KindWhere,
	"почему": KindWhy, "зачем": KindWhy, "отчего": KindWhy,
	"как":     KindHow,
	"сколько": KindHowMany,
	"какой":   KindWhich, "какая": KindWhich, "какое": KindWhich, "какие": KindWhich, "каких": KindWhich,
	"который": KindWhich, "которые": KindWhich,
}

// conjunctions join the parts of a compound question ("who … and why").
var conjunctions = map[string]bool{"and": true, "or": true, "и": true, "или": true, "а": true}

var wordRE = regexp.MustCompile(`[\p{L}\p{N}'’]+`)

// Parse splits a question into the parts it asks, in order. "Who was
// blamed for the attack and why?" asks two things about one subject: a who
// and a why, both searched with the subject's words. A question with no
// question word is one "what" part.
func Parse(question string) []Part {
	words := wordRE.FindAllString(strings.ToLower(question), -1)
	var kinds []Kind
	var said []string
	seen := map[Kind]bool{}
	for i, w := range words {
		k, ok := whWord(w)
		if !ok || (w == "y" && len(words) > 1) {
			continue
		}
		if k == KindHow && i+1 < len(words) && (words[i+1] == "many" || words[i+1] == "much") {
			k = KindHowMany
		}
		// A question word inside the sentence ("the group which ...")
		// asks something only at the start or after "and"/"or".
		if i > 0 && !conjunctions[words[i-1]] {
			continue
		}
		if !seen[k] {
			seen[k] = true
			kinds = append(kinds, k)
			said = append(said, w)
		}
	}
	if len(kinds) == 0 {
		kinds, said = []Kind{KindWhat}, []string{""}
	}
	parts := make([]Part, len(kinds))
	for i, k := range kinds {
		parts[i] = Part{Kind: k, Word: said[i], Text: question}
	}
	return parts
}

// Topic returns the words of question that say what it is about, in
// order: without question words and stop words ("Who was blamed for the
// cyberattack and why?" gives "blamed cyberattack"). A follow-up question
// that refers back with a pronoun ("When did it happen?") can be asked
// again with the previous question's topic.
func Topic(question string) string {
	var words []string
	for _, t := range Analyze(question, "en") {
		if t.Stop || t.Part {
			continue
		}
		if _, ok := whWord(strings.ToLower(t.Text)); ok {
			continue
		}
		words = append(words, t.Text)
	}
	return strings.Join(words, " ")
}
