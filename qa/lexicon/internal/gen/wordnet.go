package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// poses are WordNet's parts of speech in output order: noun, verb,
// adjective (satellites included), adverb.
const poses = "nvar"

// posNames are the file name stems of the parts of speech in poses.
var posNames = [...]string{"noun", "verb", "adj", "adv"}

// synsetID names a synset: its part of speech and its offset in that
// part of speech's data file.
type synsetID struct {
	pos byte
	off uint32
}

// wordRef names one word of a synset by its number, from 1; number 0
// stands for every word of the synset.
type wordRef struct {
	synset synsetID
	word   int
}

// pointer is one relation of a synset or of one of its words.
type pointer struct {
	sym      string
	src, dst wordRef // word 0 on both sides: a semantic pointer
}

// synset is one line of a data file.
type synset struct {
	words []string // lowercase, adjective markers such as "(p)" removed
	ptrs  []pointer
}

// db is the part of WordNet the generator reads.
type db struct {
	synsets map[synsetID]*synset
	index   map[byte]map[string][]synsetID // pos, lemma: senses in index order
	exc     map[byte]map[string][]string   // pos, inflected form: base forms
}

// readDB reads data.*, index.* and *.exc of the four parts of speech.
func readDB(dir string) (*db, error) {
	d := &db{
		synsets: map[synsetID]*synset{},
		index:   map[byte]map[string][]synsetID{},
		exc:     map[byte]map[string][]string{},
	}
	for i, name := range posNames {
		pos := poses[i]
		d.index[pos] = map[string][]synsetID{}
		d.exc[pos] = map[string][]string{}
		if err := eachLine(filepath.Join(dir, "data."+name), d.dataLine(pos)); err != nil {
			return nil, err
		}
		if err := eachLine(filepath.Join(dir, "index."+name), d.indexLine(pos)); err != nil {
			return nil, err
		}
		if err := eachLine(filepath.Join(dir, name+".exc"), d.excLine(pos)); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// eachLine calls fn on each line of the file at path that is not part of
// the licence header (header lines start with a space), and prefixes an
// error with the file and line.
func eachLine(path string, fn func(line string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == ' ' {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// dataLine parses a data file line:
//
//	offset lex_filenum ss_type w_cnt (word lex_id)... p_cnt (ptr offset pos src/dst)... [frames] | gloss
//
// w_cnt is two hexadecimal digits, p_cnt three decimal ones, src/dst
// four hexadecimal digits (two for the source word, two for the target).
func (d *db) dataLine(pos byte) func(string) error {
	return func(line string) error {
		line, _, _ = strings.Cut(line, "|")
		f := strings.Fields(line)
		if len(f) < 4 {
			return fmt.Errorf("short synset line")
		}
		off, err := strconv.ParseUint(f[0], 10, 32)
		if err != nil {
			return fmt.Errorf("synset offset: %w", err)
		}
		wcnt, err := strconv.ParseUint(f[3], 16, 8)
		if err != nil {
			return fmt.Errorf("word count: %w", err)
		}
		rest := f[4:]
		if len(rest) < 2*int(wcnt)+1 {
			return fmt.Errorf("%d words announced, fewer given", wcnt)
		}
		id := synsetID{pos, uint32(off)}
		s := &synset{}
		for i := 0; i < int(wcnt); i++ {
			s.words = append(s.words, normWord(rest[2*i]))
		}
		rest = rest[2*wcnt:]
		pcnt, err := strconv.Atoi(rest[0])
		if err != nil {
			return fmt.Errorf("pointer count: %w", err)
		}
		rest = rest[1:]
		if len(rest) < 4*pcnt {
			return fmt.Errorf("%d pointers announced, fewer given", pcnt)
		}
		for i := 0; i < pcnt; i++ {
			p, err := parsePointer(id, rest[4*i:4*i+4])
			if err != nil {
				return fmt.Errorf("pointer %d: %w", i+1, err)
			}
			s.ptrs = append(s.ptrs, p)
		}
		if _, dup := d.synsets[id]; dup {
			return fmt.Errorf("synset %08d listed twice", off)
		}
		d.synsets[id] = s
		return nil
	}
}

// parsePointer parses "symbol offset pos src/dst" of synset from.
func parsePointer(from synsetID, f []string) (pointer, error) {
	off, err := strconv.ParseUint(f[1], 10, 32)
	if err != nil {
		return pointer{}, fmt.Errorf("target offset: %w", err)
	}
	pos, err := normPOS(f[2])
	if err != nil {
		return pointer{}, err
	}
	if len(f[3]) != 4 {
		return pointer{}, fmt.Errorf("source/target %q: want four hex digits", f[3])
	}
	src, err1 := strconv.ParseUint(f[3][:2], 16, 8)
	dst, err2 := strconv.ParseUint(f[3][2:], 16, 8)
	if err1 != nil || err2 != nil {
		return pointer{}, fmt.Errorf("source/target %q: want four hex digits", f[3])
	}
	return pointer{
		sym: f[0],
		src: wordRef{from, int(src)},
		dst: wordRef{synsetID{pos, uint32(off)}, int(dst)},
	}, nil
}

// indexLine parses an index file line:
//
//	lemma pos synset_cnt p_cnt ptr_symbol... sense_cnt tagsense_cnt synset_offset...
func (d *db) indexLine(pos byte) func(string) error {
	return func(line string) error {
		f := strings.Fields(line)
		if len(f) < 4 {
			return fmt.Errorf("short index line")
		}
		n, err1 := strconv.Atoi(f[2])
		p, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil || n < 0 || p < 0 {
			return fmt.Errorf("bad synset or pointer count")
		}
		offs := f[4+p:]
		if len(offs) != n+2 {
			return fmt.Errorf("%d synsets announced, %d fields follow the pointers", n, len(offs))
		}
		var senses []synsetID
		for _, o := range offs[2:] {
			off, err := strconv.ParseUint(o, 10, 32)
			if err != nil {
				return fmt.Errorf("synset offset: %w", err)
			}
			senses = append(senses, synsetID{pos, uint32(off)})
		}
		d.index[pos][strings.ToLower(f[0])] = senses
		return nil
	}
}

// excLine parses an exception list line: "inflected base...".
func (d *db) excLine(pos byte) func(string) error {
	return func(line string) error {
		f := strings.Fields(strings.ToLower(line))
		if len(f) < 2 {
			return fmt.Errorf("exception without a base form")
		}
		d.exc[pos][f[0]] = append(d.exc[pos][f[0]], f[1:]...)
		return nil
	}
}

// normWord lowercases a data file word and removes an adjective's
// syntactic marker ("(a)", "(p)", "(ip)").
func normWord(w string) string {
	if i := strings.IndexByte(w, '('); i > 0 && strings.HasSuffix(w, ")") {
		w = w[:i]
	}
	return strings.ToLower(w)
}

// normPOS maps a data file part of speech to one of poses; an adjective
// satellite ("s") is an adjective.
func normPOS(s string) (byte, error) {
	switch s {
	case "n", "v", "a", "r":
		return s[0], nil
	case "s":
		return 'a', nil
	}
	return 0, fmt.Errorf("part of speech %q", s)
}
