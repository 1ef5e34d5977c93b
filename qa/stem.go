package qa

import (
	"strings"
	"sync"
	"unicode"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"

	"github.com/newsdesk/newsdesk/corpus"
)

// Stemming is the hot path of indexing: every word of every article goes
// through a Snowball stemmer, which works on runes and allocates. News
// text repeats its words (a Zipf law: the few thousand commonest words
// make most of the text), so each language keeps a cache from the folded
// word to its stem and stop-word flag. The cache is sharded by a hash of
// the word, each shard behind its own RWMutex, so parallel indexing and
// searching rarely contend; a lookup with a hit allocates nothing. A shard
// that grows past maxShardWords is emptied and refills with the words in
// use, which bounds the memory of a long-running process at a few tens of
// megabytes however many names and numbers pass through it.

const (
	cacheShards   = 64
	maxShardWords = 1 << 13 // words per shard before it is emptied
)

// wordInfo is what the analyser needs to know about one folded word.
type wordInfo struct {
	term string // the stem (the folded word itself when not stemmed)
	stop bool   // a stop word of the language
}

// langAnalyzer stems and classifies the words of one language.
type langAnalyzer struct {
	lang   string
	stem   func(word string, stemStopWords bool) string // nil: no stemmer for lang
	shards [cacheShards]wordShard
}

type wordShard struct {
	mu    sync.RWMutex
	words map[string]wordInfo
}

// analyzers caches one langAnalyzer per language code. It only grows by
// the few language codes documents carry.
var analyzers sync.Map // string → *langAnalyzer

// analyzerFor returns the analyser of a language code such as "en" or
// "ru"; languages without a Snowball stemmer get one that only folds case.
// A region suffix is dropped ("en-GB" is "en"), and anything but two or
// three letters counts as "" (unknown, analysed as English), so that stray
// codes cannot grow the cache without bound.
func analyzerFor(lang string) *langAnalyzer {
	lang = langCode(lang)
	if a, ok := analyzers.Load(lang); ok {
		return a.(*langAnalyzer)
	}
	a := &langAnalyzer{lang: lang}
	if name, ok := corpus.SnowballLanguage(lang); ok {
		a.stem = snowballStemmer(name)
	}
	actual, _ := analyzers.LoadOrStore(lang, a)
	return actual.(*langAnalyzer)
}

// snowballStemmer returns the stemmer for a Snowball language name, or
// nil for a language github.com/kljensen/snowball does not stem.
func snowballStemmer(name string) func(string, bool) string {
	switch name {
	case "english":
		return english.Stem
	case "french":
		return french.Stem
	case "hungarian":
		return hungarian.Stem
	case "norwegian":
		return norwegian.Stem
	case "russian":
		return russian.Stem
	case "spanish":
		return spanish.Stem
	case "swedish":
		return swedish.Stem
	}
	return nil
}

// lookup returns the stem and stop-word flag of a folded word, from the
// cache when it can. word is only read; a hit allocates nothing.
func (a *langAnalyzer) lookup(word []byte) wordInfo {
	sh := &a.shards[fnv32(word)%cacheShards]
	sh.mu.RLock()
	info, ok := sh.words[string(word)]
	sh.mu.RUnlock()
	if ok {
		return info
	}
	w := string(word)
	info = a.compute(w)
	sh.mu.Lock()
	if sh.words == nil || len(sh.words) >= maxShardWords {
		sh.words = make(map[string]wordInfo)
	}
	sh.words[w] = info
	sh.mu.Unlock()
	return info
}

// compute stems and classifies a folded word without the cache. Words
// with digits ("apt29", "2025"), names with a dot ("report.az") and words
// of one or two letters are kept as they are: stemmers are made for words,
// and "apt29" must match itself.
func (a *langAnalyzer) compute(w string) wordInfo {
	info := wordInfo{term: w, stop: corpus.IsStopWord(a.lang, w)}
	if a.stem == nil || info.stop || len(w) < 3 || hasDigit(w) || strings.IndexByte(w, '.') >= 0 {
		return info
	}
	if s := a.stem(w, true); s != "" {
		info.term = s
	}
	return info
}

// langCode returns the lower-case base of a language code ("en" for
// "en-GB"), or "" when it is not two or three ASCII letters.
func langCode(s string) string {
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return ""
		}
	}
	return strings.ToLower(s)
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// fnv32 is the 32-bit FNV-1a hash of b.
func fnv32(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}
