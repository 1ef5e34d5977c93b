package qa

import (
	"regexp"
	"strings"
	"sync"
)

// Journalists ask in their own words, and sources write in theirs: "which
// sites went down" is answered by "disruptions to websites", "what did
// Moscow say" by "Russia has not commented". related lists, for words of
// news questions, the words sources use for the same thing: a metonym for
// a government, a compound for its head word, the nouns of an outage. A
// sentence holding a related word instead of the question's own covers it
// at relatedWeight of its weight. The table is English; words are matched
// by stem, so "site" covers "sites".
var related = map[string][]string{
	"site":        {"website", "portal"},
	"website":     {"site", "portal"},
	"down":        {"disruption", "disrupted", "offline", "outage", "inaccessible", "unavailable", "hit"},
	"attack":      {"cyberattack", "hack", "breach"},
	"cyberattack": {"attack", "hack", "breach"},
	"hacker":      {"hackers", "group"},
	"moscow":      {"russia", "kremlin"},
	"kremlin":     {"russia", "moscow"},
	"russia":      {"moscow", "kremlin"},
	"washington":  {"white house"},
	"beijing":     {"china"},
	"china":       {"beijing"},
	"blame":       {"accuse", "attribute", "link", "behind"},
	"kill":        {"dead", "die"},
	"injure":      {"wound", "hurt"},
	"arrest":      {"detain", "custody"},
}

// relatedWeight is the share of a question word's weight that a related
// word covers.
const relatedWeight = 0.7

// relatedTerms returns the stemmed related terms of a stemmed English term.
func relatedTerms(term string) []string {
	return relatedStems()[term]
}

// relatedStems is related with both sides stemmed, built once.
var relatedStems = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for w, alts := range related {
		key := stemOf(w)
		for _, a := range alts {
			if t := stemOf(a); t != "" && t != key {
				m[key] = append(m[key], t)
			}
		}
	}
	return m
})

func stemOf(w string) string {
	toks := Analyze(w, "en")
	if len(toks) != 1 {
		return ""
	}
	return toks[0].Term
}

// A question about what someone said ("What did Moscow say?", "How did
// the ministry respond?") is answered by sentences that report speech,
// best with the one asked about as the speaker. The verb of saying in the
// question is not a word to match: sources write "denied" or "declined to
// comment", not "say".
var (
	askSpeechRE = regexp.MustCompile(`(?i)\b(?:say|said|says|respond(?:ed)?|react(?:ed)?|comment(?:ed)?|claim(?:ed)?|den(?:y|ied)|repl(?:y|ied))\b`)
	speechRE    = regexp.MustCompile(`(?i)\b(?:said|says|say|stated|told|den(?:y|ied|ies)|comment(?:ed|s)?|claim(?:ed|s)?|respond(?:ed|s)?|react(?:ed|s)?|declined|ignor(?:es|ed)|accus(?:ed|es)|quoted|according to|statement)\b`)
)

// speechWords returns the stemmed terms of the question's verbs of
// saying, which are not matched as content.
func speechWords(question string) map[string]bool {
	out := map[string]bool{}
	for _, w := range askSpeechRE.FindAllString(question, -1) {
		if t := stemOf(strings.ToLower(w)); t != "" {
			out[t] = true
		}
	}
	return out
}

// speechBonus scores, from 0 to 1, how well sentence s reports what the
// subject said: 1 when a verb of saying follows one of the subject's
// words closely ("Moscow usually ignores or denies"), 0.5 for reported
// speech by anyone, 0 for none. subject holds the lower-case word stems
// (and related ones) of the question.
func speechBonus(s string, subject []string) float64 {
	locs := speechRE.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return 0
	}
	lower := strings.ToLower(s)
	for _, l := range locs {
		before := lower[max(0, l[0]-speakerWindow):l[0]]
		for _, w := range subject {
			if w != "" && strings.Contains(before, w) {
				return 1
			}
		}
	}
	return 0.5
}

// speakerWindow is how many bytes before a verb of saying the speaker is
// looked for.
const speakerWindow = 40
