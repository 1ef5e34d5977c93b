package corpus

// Stream lengths, checked before pdfcpu reads a file. pdfcpu allocates the
// length a stream's dictionary declares before it finds the stream shorter,
// and keeps the allocation: a small file of streams that each claim the
// file's length costs the file's length squared. So every stream is found by
// its keywords ("stream" after a dictionary, the next "endstream"), and a
// length that does not end where the stream does is repaired, in a copy, to
// the length it has, padded with spaces so that no offset moves: what pdfcpu
// would find itself, looking for endstream, without the allocation. A length
// that cannot be read here (one kept in a compressed object stream) has its
// key renamed, which makes pdfcpu look for endstream too. A stream whose
// dictionary is not found may cost at most what the largest stream of the
// file holds, pdfcpu's per-stream limit being set to that; what they may
// cost in all is capped by maxPDFUnchecked.

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// maxPDFUnchecked caps what the stream lengths that cannot be checked may
// cost beyond their streams' data, in all.
const maxPDFUnchecked = 128 << 20

// maxStreamDict caps how far before its data a stream's dictionary is
// looked for; stream dictionaries take a few hundred bytes.
const maxStreamDict = 4096

// streamScan is what checking a file's streams found.
type streamScan struct {
	b       []byte // the file, with lengths repaired (a copy when any were)
	largest int    // the most bytes one stream holds
}

// checkStreamLengths finds the streams of b and repairs their lengths.
func checkStreamLengths(b []byte) (streamScan, error) {
	scan := streamScan{b: b}
	copied := false
	edit := func(at int, s string) {
		if !copied {
			scan.b, copied = bytes.Clone(scan.b), true
		}
		copy(scan.b[at:], s)
	}
	patch := func(at, width, v int) {
		s := strconv.Itoa(v)
		edit(at, s+strings.Repeat(" ", width-len(s)))
	}
	var unchecked []int // the data lengths of streams whose length was not checked
	var ints map[[2]int]int
	intsOnce := func() map[[2]int]int {
		if ints == nil {
			ints = intObjects(b)
		}
		return ints
	}
	// Each search starts where the last ended, so that the scan takes time
	// in proportion to the file whatever it holds: end is the next
	// "endstream" (len(b) if none), prev where the last keyword was.
	end, prev := -1, 0
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte("stream"))
		if k < 0 {
			break
		}
		kw := i + k
		i = kw + len("stream")
		start, ok := streamData(b, kw)
		from := prev
		prev = kw
		if !ok {
			continue
		}
		if end < start {
			end = len(b)
			if e := bytes.Index(b[start:], []byte("endstream")); e >= 0 {
				end = start + e
			}
		}
		n := end - start
		key, at, width, declared, found, xref := streamLength(b, max(from, kw-maxStreamDict), kw, intsOnce)
		switch {
		case !found && key >= 0 && !xref:
			// A length not to be read here: unnamed, so that pdfcpu reads
			// up to endstream instead of trusting it.
			edit(key+1, "X")
		case !found:
			unchecked = append(unchecked, n)
		case endsAt(b, start+declared):
			n = declared // trusted: "endstream" may be in the data
		case declared > n:
			patch(at, width, n)
		}
		scan.largest = max(scan.largest, n)
	}
	var cost int
	for _, n := range unchecked {
		cost += scan.largest - n
	}
	if cost > maxPDFUnchecked {
		return streamScan{}, fmt.Errorf("%w: %d stream lengths cannot be checked", ErrDamagedPDF, len(unchecked))
	}
	return scan, nil
}

// streamData returns where the data of the stream whose keyword is at kw
// starts; ok is false when the keyword does not follow a dictionary and
// precede an end of line, as in "endstream" or text.
func streamData(b []byte, kw int) (start int, ok bool) {
	j := kw
	for j > 0 && isPDFSpace(b[j-1]) {
		j--
	}
	if j < 2 || b[j-1] != '>' || b[j-2] != '>' {
		return 0, false
	}
	start = kw + len("stream")
	for start < len(b) && b[start] == ' ' { // "stream \n", out of spec but written
		start++
	}
	switch {
	case start+1 < len(b) && b[start] == '\r' && b[start+1] == '\n':
		return start + 2, true
	case start < len(b) && (b[start] == '\n' || b[start] == '\r'):
		return start + 1, true
	}
	return 0, false
}

// endsAt reports whether a stream's data ending at end is followed by its
// "endstream", after an end of line.
func endsAt(b []byte, end int) bool {
	if end < 0 || end > len(b) {
		return false
	}
	rest := b[end:]
	for len(rest) > 0 && isPDFSpace(rest[0]) && len(b)-len(rest)-end < 2 {
		rest = rest[1:]
	}
	return bytes.HasPrefix(rest, []byte("endstream"))
}

// streamLength finds the length declared by the dictionary of the stream
// whose keyword is at kw, looking no further back than from: where the key
// /Length is (-1 when not found), where the digits of its value are, how
// many, and their value, following a reference to an integer object of ints;
// ok is false when no value could be read. xref tells a cross-reference
// stream, whose length pdfcpu cannot do without.
func streamLength(b []byte, from, kw int, ints func() map[[2]int]int) (key, at, width, v int, ok, xref bool) {
	obj := bytes.LastIndex(b[from:kw], []byte("obj"))
	if obj < 0 {
		return -1, 0, 0, 0, false, false
	}
	dict := b[from+obj+len("obj") : kw]
	xref = bytes.Contains(dict, []byte("/XRef"))
	key = -1
	for end := len(dict); ; { // the last "/Length" that is not "/Length1"
		l := bytes.LastIndex(dict[:end], []byte("/Length"))
		if l < 0 {
			return -1, 0, 0, 0, false, xref
		}
		if n := l + len("/Length"); n == len(dict) || isPDFSpace(dict[n]) || isPDFDelim(dict[n]) {
			key = from + obj + len("obj") + l
			break
		}
		end = l
	}
	at, width, v, p, ok := pdfInt(b, key+len("/Length"), kw)
	if !ok {
		return key, 0, 0, 0, false, xref
	}
	_, _, gen, q, isRef := pdfInt(b, p, kw)
	for isRef && q < kw && isPDFSpace(b[q]) {
		q++
	}
	if !isRef || q >= kw || b[q] != 'R' {
		return key, at, width, v, true, xref
	}
	def, ok := ints()[[2]int{v, gen}]
	if !ok {
		return key, 0, 0, 0, false, xref
	}
	at, width, v, _, _ = pdfInt(b, def, len(b))
	return key, at, width, v, true, xref
}

// intObjects finds the objects "N G obj <integer> endobj" written in b,
// uncompressed, and where their integers are.
func intObjects(b []byte) map[[2]int]int {
	ints := map[[2]int]int{}
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte(" obj"))
		if k < 0 {
			return ints
		}
		kw := i + k + 1 // the "obj" keyword
		i = kw + len("obj")
		at, _, _, p, ok := pdfInt(b, i, min(len(b), i+64))
		for ok && p < len(b) && isPDFSpace(b[p]) {
			p++
		}
		if !ok || !bytes.HasPrefix(b[p:], []byte("endobj")) {
			continue
		}
		// "N G" before the keyword, read backwards.
		j := kw - 1
		num := func() (int, bool) {
			for j >= 0 && isPDFSpace(b[j]) {
				j--
			}
			end := j + 1
			for j >= 0 && b[j] >= '0' && b[j] <= '9' && end-j <= 12 {
				j--
			}
			if j+1 == end {
				return 0, false
			}
			n, err := strconv.Atoi(string(b[j+1 : end]))
			return n, err == nil
		}
		gen, ok1 := num()
		id, ok2 := num()
		if ok1 && ok2 {
			ints[[2]int{id, gen}] = at
		}
	}
}

// pdfInt reads an unsigned integer after white space, from p up to end:
// where its digits are, how many, its value and where it ends.
func pdfInt(b []byte, p, end int) (at, width, v, next int, ok bool) {
	for p < end && isPDFSpace(b[p]) {
		p++
	}
	at = p
	for p < end && b[p] >= '0' && b[p] <= '9' && p-at < 12 {
		v = v*10 + int(b[p]-'0')
		p++
	}
	if p == at || p < end && !isPDFSpace(b[p]) && !isPDFDelim(b[p]) {
		return 0, 0, 0, p, false
	}
	return at, p - at, v, p, true
}
