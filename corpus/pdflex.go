package corpus

// A reader of PDF content streams (ISO 32000-1, 7.8.2): operands in postfix
// before each operator. Arrays nest, so operands are built on an explicit
// stack and nesting deeper than maxContentDepth is refused rather than
// recursed into; inline images (BI … ID binary EI) are skipped whole.

import (
	"bytes"
	"cmp"
	"strconv"
)

const (
	// maxContentDepth caps arrays (and dictionaries) nested in a content
	// stream: TJ takes one flat array; marked content a shallow dictionary.
	maxContentDepth = 32
	// maxOperands caps the operands waiting for an operator; no operator
	// takes more than a few dozen, and a stream of operands alone must not
	// fill memory.
	maxOperands = 64
)

// operand is one operand of a content-stream operator.
type operand struct {
	kind byte    // 'n' number, 's' string, '/' name, '[' array, '?' anything else
	num  float64 // a number's value
	str  []byte  // a string's bytes or a name without its slash
	arr  []operand
}

// contentLexer reads a content stream's operators with their operands.
type contentLexer struct {
	b     []byte
	pos   int
	limit int // the most operands kept, the latest; 0 means maxOperands
}

// next returns the next operator and its operands, or ok false at the end or
// at an error that leaves the rest of the stream unreadable. The operands are
// valid until the following call.
func (l *contentLexer) next(ops []operand) (op string, operands []operand, ok bool) {
	ops = ops[:0]
	var open [][]operand // arrays being built, innermost last
	push := func(o operand) {
		if n := len(open); n > 0 {
			open[n-1] = append(open[n-1], o)
			return
		}
		if len(ops) == cmp.Or(l.limit, maxOperands) {
			ops = ops[:copy(ops, ops[1:])]
		}
		ops = append(ops, o)
	}
	for {
		l.skipSpace()
		if l.pos >= len(l.b) {
			return "", nil, false
		}
		c := l.b[l.pos]
		switch {
		case c == '(':
			push(operand{kind: 's', str: l.literal()})
		case c == '<' && l.peek(1) == '<', c == '[':
			if len(open) == maxContentDepth {
				return "", nil, false
			}
			if c == '<' {
				l.pos++
			}
			l.pos++
			open = append(open, nil)
		case c == '>' && l.peek(1) == '>', c == ']':
			if c == '>' {
				l.pos++
			}
			l.pos++
			if n := len(open); n > 0 {
				a := open[n-1]
				open = open[:n-1]
				kind := byte('[')
				if c == '>' {
					kind, a = '?', nil
				}
				push(operand{kind: kind, arr: a})
			}
		case c == '<':
			push(operand{kind: 's', str: l.hex()})
		case c == '/':
			push(operand{kind: '/', str: l.name()})
		case c == ')' || c == '>' || c == '{' || c == '}':
			l.pos++ // stray delimiter
		default:
			tok := l.regular()
			if isPDFNumber(tok) {
				n, err := strconv.ParseFloat(string(tok), 64)
				if err != nil {
					n = 0 // "4.", "-.5" parse; "1.2.3" and a lone sign do not
				}
				push(operand{kind: 'n', num: n})
				continue
			}
			switch string(tok) {
			case "true", "false", "null":
				push(operand{kind: '?'})
				continue
			}
			if len(open) > 0 {
				continue // an operator inside an array: malformed, dropped
			}
			if string(tok) == "BI" {
				l.skipInlineImage()
				ops = ops[:0]
				continue
			}
			return string(tok), ops, true
		}
	}
}

func (l *contentLexer) peek(i int) byte {
	if l.pos+i < len(l.b) {
		return l.b[l.pos+i]
	}
	return 0
}

// isPDFNumber reports whether tok is written like a PDF number: digits, at most
// a leading sign, points. Not strconv's syntax, which takes "Inf", "NaN",
// exponents and hexadecimal, none of them PDF.
func isPDFNumber(tok []byte) bool {
	if len(tok) == 0 {
		return false
	}
	for i, c := range tok {
		if !(c >= '0' && c <= '9' || c == '.' || (c == '-' || c == '+') && i == 0) {
			return false
		}
	}
	return true
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

// skipSpace skips white space and comments.
func (l *contentLexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		if !isPDFSpace(c) {
			return
		}
		l.pos++
	}
}

// regular reads a token of regular characters: a number or a keyword.
func (l *contentLexer) regular() []byte {
	start := l.pos
	for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
		l.pos++
	}
	if l.pos == start { // a delimiter not handled by the caller
		l.pos++
	}
	return l.b[start:l.pos]
}

// literal reads a (string) with its escapes and balanced parentheses.
func (l *contentLexer) literal() []byte {
	l.pos++ // (
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return out
			}
		case '\r': // an end of line in a string is a \n
			if l.peek(0) == '\n' {
				l.pos++
			}
			c = '\n'
		case '\\':
			if l.pos >= len(l.b) {
				return out
			}
			c = l.b[l.pos]
			l.pos++
			switch c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.peek(0) == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if c >= '0' && c <= '7' {
					v := int(c - '0')
					for i := 0; i < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; i++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// hex reads a <hex string>; an odd last digit is followed by 0.
func (l *contentLexer) hex() []byte {
	l.pos++ // <
	var out []byte
	var hi, n int
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if n%2 == 0 {
			hi = v
		} else {
			out = append(out, byte(hi<<4|v))
		}
		n++
	}
	if n%2 == 1 {
		out = append(out, byte(hi<<4))
	}
	return out
}

func unhex(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

// name reads a /Name, decoding #xx escapes.
func (l *contentLexer) name() []byte {
	l.pos++ // /
	var out []byte
	for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
		c := l.b[l.pos]
		l.pos++
		if c == '#' && l.pos+1 < len(l.b) {
			hi, ok1 := unhex(l.b[l.pos])
			lo, ok2 := unhex(l.b[l.pos+1])
			if ok1 && ok2 {
				c = byte(hi<<4 | lo)
				l.pos += 2
			}
		}
		out = append(out, c)
	}
	return out
}

// skipInlineImage skips an inline image's dictionary and data, up to and
// including the EI that ends it: the first EI between white space.
func (l *contentLexer) skipInlineImage() {
	i := bytes.Index(l.b[l.pos:], []byte("ID"))
	if i < 0 {
		l.pos = len(l.b)
		return
	}
	l.pos += i + 3 // ID and the single white space after it
	for l.pos < len(l.b) {
		j := bytes.Index(l.b[l.pos:], []byte("EI"))
		if j < 0 {
			l.pos = len(l.b)
			return
		}
		at := l.pos + j
		l.pos = at + 2
		if at > 0 && isPDFSpace(l.b[at-1]) && (l.pos >= len(l.b) || isPDFSpace(l.b[l.pos]) || isPDFDelim(l.b[l.pos])) {
			return
		}
	}
}
