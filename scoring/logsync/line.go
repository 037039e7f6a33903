package logsync

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/ontap/ontap/scoring/store"
)

// A line of a log file is the JSON object of one entry whose last member
// is "crc": the CRC-32C (Castagnoli), in 8 lowercase hex digits, of the
// bytes of the line before `,"crc":"`; then a newline. For example:
//
//	{"v":1,"dev":"3f9c0a7e5b2d4c11","seq":7,"setting":{...},"crc":"1a2b3c4d"}

// crcTable is the CRC-32C table.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// crcMark begins the checksum member; a line ends with crcMark, 8 hex
// digits and `"}`.
const crcMark = `,"crc":"`

// crcTail is the length of the checksum member and the closing brace.
const crcTail = len(crcMark) + 8 + 2

// MaxLine is the longest line read (without its newline): 1 MiB. A longer
// line is reported as corrupt and skipped.
const MaxLine = 1 << 20

// EncodeLine returns the line of an entry, newline included.
func EncodeLine(e *store.SyncEntry) ([]byte, error) {
	obj, err := store.EncodeEntry(e)
	if err != nil {
		return nil, err
	}
	if len(obj) < 2 || obj[len(obj)-1] != '}' {
		return nil, fmt.Errorf("logsync: entry %s:%d did not encode as an object", e.Device, e.Seq)
	}
	body := obj[:len(obj)-1]
	line := make([]byte, 0, len(body)+crcTail+1)
	line = append(line, body...)
	line = append(line, crcMark...)
	line = append(line, crcHex(body)...)
	line = append(line, "\"}\n"...)
	if len(line)-1 > MaxLine {
		return nil, fmt.Errorf("logsync: entry %s:%d is longer than %d bytes", e.Device, e.Seq, MaxLine)
	}
	return line, nil
}

// crcHex is the checksum of body in 8 lowercase hex digits.
func crcHex(body []byte) string { return fmt.Sprintf("%08x", crc32.Checksum(body, crcTable)) }

// errChecksum is the error of a line whose checksum does not match.
var errChecksum = errors.New("checksum mismatch: the line was changed or damaged")

// ParseLine reads one line (without its newline) of a log file: it checks
// the checksum, then the entry. An entry of a newer format is
// store.ErrNewerEntry.
func ParseLine(line []byte) (*store.SyncEntry, error) {
	if len(line) > MaxLine {
		return nil, fmt.Errorf("line longer than %d bytes", MaxLine)
	}
	n := len(line)
	if n < crcTail+2 || line[0] != '{' || !bytes.Equal(line[n-crcTail:n-crcTail+len(crcMark)], []byte(crcMark)) ||
		!bytes.Equal(line[n-2:], []byte(`"}`)) {
		return nil, errors.New(`not an entry: want a JSON object ending with "crc":"xxxxxxxx"`)
	}
	body := line[:n-crcTail]
	var sum uint32
	for _, c := range line[n-crcTail+len(crcMark) : n-2] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		default:
			return nil, errors.New("crc: want 8 lowercase hex digits")
		}
		sum = sum<<4 | uint32(d)
	}
	if crc32.Checksum(body, crcTable) != sum {
		return nil, errChecksum
	}
	obj := make([]byte, 0, len(body)+1)
	obj = append(append(obj, body...), '}')
	return store.DecodeEntry(obj)
}
