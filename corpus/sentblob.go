package corpus

// A document's sentences are stored as one compact blob on its row (see
// schemaV1 in migrate.go for why); this file reads and writes that blob.

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// encodeSentences returns the stored form of a body's sentences: the
// count, then for each sentence three varints: its start minus the end of
// the one before (signed), its length, and its paragraph minus the one
// before (signed). A typical sentence takes four bytes. It fails when a
// sentence does not lie within the body.
func encodeSentences(ss []Sentence, bodyLen int) ([]byte, error) {
	buf := make([]byte, 0, 1+4*len(ss))
	buf = binary.AppendUvarint(buf, uint64(len(ss)))
	end, para := 0, 0
	for i, s := range ss {
		if s.Start < 0 || s.Start > s.End || s.End > bodyLen || s.Para < 0 {
			return nil, fmt.Errorf("sentence %d: offsets [%d:%d] paragraph %d outside the body of %d bytes",
				i, s.Start, s.End, s.Para, bodyLen)
		}
		buf = binary.AppendVarint(buf, int64(s.Start-end))
		buf = binary.AppendUvarint(buf, uint64(s.End-s.Start))
		buf = binary.AppendVarint(buf, int64(s.Para-para))
		end, para = s.End, s.Para
	}
	return buf, nil
}

// errSentenceBlob reports a stored sentence list that does not decode.
var errSentenceBlob = errors.New("malformed sentence list")

// decodeSentences reverses encodeSentences, checking every sentence lies
// within a body of bodyLen bytes.
func decodeSentences(b []byte, bodyLen int) ([]Sentence, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, errSentenceBlob
	}
	b = b[k:]
	ss := make([]Sentence, n)
	end, para := 0, 0
	for i := range ss {
		start, k1 := binary.Varint(b)
		if k1 <= 0 {
			return nil, errSentenceBlob
		}
		length, k2 := binary.Uvarint(b[k1:])
		if k2 <= 0 {
			return nil, errSentenceBlob
		}
		dpara, k3 := binary.Varint(b[k1+k2:])
		if k3 <= 0 {
			return nil, errSentenceBlob
		}
		b = b[k1+k2+k3:]
		if max(start, -start) > int64(bodyLen) || length > uint64(bodyLen) || max(dpara, -dpara) > int64(bodyLen) {
			return nil, fmt.Errorf("%w: sentence %d out of range", errSentenceBlob, i)
		}
		s := Sentence{Start: end + int(start), Para: para + int(dpara)}
		s.End = s.Start + int(length)
		if s.Start < 0 || s.End < s.Start || s.End > bodyLen || s.Para < 0 {
			return nil, fmt.Errorf("%w: sentence %d at [%d:%d] outside the body of %d bytes",
				errSentenceBlob, i, s.Start, s.End, bodyLen)
		}
		ss[i] = s
		end, para = s.End, s.Para
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last sentence", errSentenceBlob, len(b))
	}
	return ss, nil
}
