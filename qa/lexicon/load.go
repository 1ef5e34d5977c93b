package lexicon

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// lexicon is the parsed data file. The lemma lines are kept as they are,
// sorted, and parsed on lookup: a map of 83,000 lemmas would take longer
// to build than the whole file takes to decompress.
type lexicon struct {
	lemmas      []string                  // lines of the lemmas section, sorted by lemma
	inflections [numPOS]map[string]string // inflected form: space-separated base forms
	speech      map[string]struct{}
}

// lemma is one line of the lemmas section.
type lemma struct {
	pos     uint8          // bit i set: a lemma of part of speech posLetters[i]
	related [numPOS]string // by part of speech: space-separated related lemmas
}

// magic is the first line of a data file this package reads.
const magic = "#wordnet-lexicon 1"

// parse decompresses and parses a data file written by internal/gen. Its
// strings share the memory of the decompressed text.
func parse(gz []byte) (*lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dataName, err)
	}
	var text strings.Builder
	if len(gz) >= 4 { // gzip's trailer ends with the text's size
		text.Grow(int(binary.LittleEndian.Uint32(gz[len(gz)-4:])))
	}
	if _, err := io.Copy(&text, zr); err != nil {
		return nil, fmt.Errorf("%s: %w", dataName, err)
	}
	return parseText(text.String())
}

// parseText parses the decompressed data file.
func parseText(text string) (*lexicon, error) {
	lx := &lexicon{speech: map[string]struct{}{}}
	for i := range lx.inflections {
		lx.inflections[i] = map[string]string{}
	}
	section := ""
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		var err error
		switch {
		case n == 1 && line != magic:
			err = fmt.Errorf("first line %q, want %q", line, magic)
		case strings.HasPrefix(line, "#section "):
			section, err = lx.startSection(line)
		case line == "" || line[0] == '#':
		case section == "lemmas":
			err = lx.lemmaLine(line)
		case section == "inflections":
			err = lx.inflectionLine(line)
		case section == "sets":
			err = lx.setLine(line)
		default:
			err = fmt.Errorf("line outside a known section")
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", dataName, n, err)
		}
	}
	if len(lx.lemmas) == 0 || len(lx.speech) == 0 {
		return nil, fmt.Errorf("%s: no lemmas or no speech verbs", dataName)
	}
	return lx, nil
}

// startSection reads "#section NAME COUNT" and returns NAME; COUNT sizes
// the list of lemma lines.
func (lx *lexicon) startSection(line string) (string, error) {
	f := strings.Fields(line)
	if len(f) != 3 {
		return "", fmt.Errorf("section line %q: want #section NAME COUNT", line)
	}
	count, err := strconv.Atoi(f[2])
	if err != nil {
		return "", fmt.Errorf("section count: %w", err)
	}
	if f[1] == "lemmas" {
		lx.lemmas = make([]string, 0, count)
	}
	return f[1], nil
}

// lemmaLine checks and keeps a line of the lemmas section.
func (lx *lexicon) lemmaLine(line string) error {
	word, _, err := parseLemma(line)
	if err != nil {
		return err
	}
	if n := len(lx.lemmas); n > 0 && lemmaOf(lx.lemmas[n-1]) >= word {
		return fmt.Errorf("lemma %q out of order", word)
	}
	lx.lemmas = append(lx.lemmas, line)
	return nil
}

// parseLemma parses "lemma TAB pos:related TAB pos:related ...".
func parseLemma(line string) (string, lemma, error) {
	word, rest, ok := strings.Cut(line, "\t")
	if !ok || word == "" {
		return "", lemma{}, fmt.Errorf("lemma line: want lemma and pos:related fields")
	}
	var l lemma
	for rest != "" {
		var field string
		field, rest, _ = strings.Cut(rest, "\t")
		i := -1
		if len(field) >= 2 && field[1] == ':' {
			i = strings.IndexByte(posLetters, field[0])
		}
		if i < 0 {
			return "", lemma{}, fmt.Errorf("lemma %q: field %q: want pos:related, pos one of %q", word, field, posLetters)
		}
		l.pos |= 1 << i
		l.related[i] = field[2:]
	}
	return word, l, nil
}

// lemmaOf returns the lemma of a lemma line.
func lemmaOf(line string) string {
	word, _, _ := strings.Cut(line, "\t")
	return word
}

// lookup returns the entry of lemma word, the zero lemma if there is none.
func (lx *lexicon) lookup(word string) lemma {
	i, found := slices.BinarySearchFunc(lx.lemmas, word, func(line, w string) int {
		return strings.Compare(lemmaOf(line), w)
	})
	if !found {
		return lemma{}
	}
	_, l, _ := parseLemma(lx.lemmas[i]) // checked on load
	return l
}

// inflectionLine reads "inflected TAB pos TAB bases".
func (lx *lexicon) inflectionLine(line string) error {
	form, rest, ok1 := strings.Cut(line, "\t")
	pos, bases, ok2 := strings.Cut(rest, "\t")
	if !ok1 || !ok2 || form == "" || bases == "" || len(pos) != 1 {
		return fmt.Errorf("inflection line: want form, pos and base forms")
	}
	i := strings.IndexByte(posLetters, pos[0])
	if i < 0 {
		return fmt.Errorf("inflection %q: part of speech %q", form, pos)
	}
	lx.inflections[i][form] = bases
	return nil
}

// setLine reads "@name TAB words"; the only set read is @speech.
func (lx *lexicon) setLine(line string) error {
	name, words, ok := strings.Cut(line, "\t")
	if !ok || !strings.HasPrefix(name, "@") {
		return fmt.Errorf("set line: want @name and words")
	}
	if name == "@speech" {
		for w := range strings.FieldsSeq(words) {
			lx.speech[w] = struct{}{}
		}
	}
	return nil
}
