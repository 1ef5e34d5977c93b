package qa

import "github.com/newsdesk/newsdesk/qa/lexicon"

// The vocabulary gap. Journalists ask in their words and sources write in
// theirs: "Iranian" against "Iran", "fired" against "dismissed". A
// question word the sentence lacks may be covered by a word WordNet
// relates to it (qa/lexicon: synonyms, derived forms, pertainyms, of its
// two commonest senses); the ranking weighs such a match by its own
// fitted weight (the lexicon feature), so WordNet's noise costs what the
// data says it costs. WordNet is English; Russian questions go without.

// isSpeechWord reports whether w, a lower-case word of a question, is a
// verb of saying: the question asks what someone said.
func isSpeechWord(w, lang string) bool {
	return lang == "en" && lexicon.SpeechVerb(w)
}

// relatedKnown returns the terms, other than term, of the words related
// to w that the corpus holds.
func (a *Answerer) relatedKnown(w, term, lang string) []string {
	if lang != "en" {
		return nil
	}
	var out []string
	for _, r := range lexicon.Related(w) {
		toks := Analyze(r, lang)
		if len(toks) != 1 || toks[0].Stop || toks[0].Term == term || a.ix.DocFreq(toks[0].Term) == 0 {
			continue
		}
		out = append(out, toks[0].Term)
	}
	return out
}
