package anki

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"
)

// The few protocol-buffer messages of a package are read by hand: a field
// is a key (number << 3 | wire type) and a value.

var errTruncated = errors.New("truncated protocol buffer")

// protoField is one field of a message: its number, and its value as a
// varint (wire type 0) or bytes (wire type 2).
type protoField struct {
	num    int
	varint uint64
	bytes  []byte
	wire   int
}

// protoFields splits a message into its fields.
func protoFields(b []byte) ([]protoField, error) {
	var out []protoField
	for len(b) > 0 {
		key, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errTruncated
		}
		b = b[n:]
		f := protoField{num: int(key >> 3), wire: int(key & 7)}
		switch f.wire {
		case 0:
			v, n := binary.Uvarint(b)
			if n <= 0 {
				return nil, errTruncated
			}
			f.varint, b = v, b[n:]
		case 1:
			if len(b) < 8 {
				return nil, errTruncated
			}
			b = b[8:]
		case 2:
			l, n := binary.Uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return nil, errTruncated
			}
			f.bytes, b = b[n:n+int(l)], b[n+int(l):]
		case 5:
			if len(b) < 4 {
				return nil, errTruncated
			}
			b = b[4:]
		default:
			return nil, fmt.Errorf("protocol buffer wire type %d is not supported", f.wire)
		}
		out = append(out, f)
	}
	return out, nil
}

// protoString returns field num of message b as a string ("" when absent).
func protoString(b []byte, num int) (string, error) {
	fs, err := protoFields(b)
	if err != nil {
		return "", err
	}
	s := ""
	for _, f := range fs {
		if f.num == num && f.wire == 2 {
			s = string(f.bytes)
		}
	}
	if !utf8.ValidString(s) {
		return "", errors.New("a string that is not valid UTF-8")
	}
	return s, nil
}

// protoVarint returns field num of message b as a number (0 when absent).
func protoVarint(b []byte, num int) (uint64, error) {
	fs, err := protoFields(b)
	if err != nil {
		return 0, err
	}
	var v uint64
	for _, f := range fs {
		if f.num == num && f.wire == 0 {
			v = f.varint
		}
	}
	return v, nil
}

// metaVersion reads PackageMetadata { Version version = 1; }.
func metaVersion(b []byte) (int, error) {
	v, err := protoVarint(b, 1)
	if v > 1000 {
		return 0, fmt.Errorf("package version %d is not known", v)
	}
	return int(v), err
}

// mediaEntries reads MediaEntries { repeated MediaEntry entries = 1; }
// with MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3; }.
func mediaEntries(b []byte, max int) ([]string, error) {
	fs, err := protoFields(b)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range fs {
		if f.num != 1 || f.wire != 2 {
			continue
		}
		if len(names) >= max {
			return nil, fmt.Errorf("more than %d files; the limit is %d", max, max)
		}
		n, err := protoString(f.bytes, 1)
		if err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, nil
}

// appendProtoVarint and appendProtoBytes write fields, for tests and for
// packages ontap writes.
func appendProtoVarint(b []byte, num int, v uint64) []byte {
	b = binary.AppendUvarint(b, uint64(num)<<3)
	return binary.AppendUvarint(b, v)
}

func appendProtoBytes(b []byte, num int, v []byte) []byte {
	b = binary.AppendUvarint(b, uint64(num)<<3|2)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}
