package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
)

// rawQuery runs q with args on c's driver connection and calls fn with
// each row. The row's Scan converts the driver's values with a type
// switch, for the few kinds of destination the store reads, instead of
// database/sql's conversion by reflection: reading the 70,000 card states
// of `stats` on the collection of cmd/ontap-gen, that conversion was a
// quarter of the command's CPU time.
func rawQuery(ctx context.Context, c *sql.Conn, q string, args []any, fn func(scanner) error) error {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return c.Raw(func(dc any) error {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return errors.New("store: the SQLite driver cannot query")
		}
		rows, err := qc.QueryContext(ctx, q, named)
		if err != nil {
			return err
		}
		defer rows.Close()
		r := &rawRow{vals: make([]driver.Value, len(rows.Columns()))}
		for {
			if err := rows.Next(r.vals); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
		}
	})
}

// rawRow is a row of rawQuery.
type rawRow struct{ vals []driver.Value }

// Scan stores the row's values in dest: *string, *int, *int64, *float64,
// *bool or *sql.NullInt64.
func (r *rawRow) Scan(dest ...any) error {
	if len(dest) != len(r.vals) {
		return fmt.Errorf("store: %d destinations for %d columns", len(dest), len(r.vals))
	}
	for i, d := range dest {
		v := r.vals[i]
		var err error
		switch d := d.(type) {
		case *string:
			switch v := v.(type) {
			case string:
				*d = v
			case []byte:
				*d = string(v)
			default:
				err = errType
			}
		case *int:
			var n int64
			n, err = rawInt(v)
			*d = int(n)
		case *int64:
			*d, err = rawInt(v)
		case *bool:
			var n int64
			n, err = rawInt(v)
			*d = n != 0
		case *float64:
			switch v := v.(type) {
			case float64:
				*d = v
			case int64:
				*d = float64(v)
			default:
				err = errType
			}
		case *sql.NullInt64:
			if d.Valid = v != nil; d.Valid {
				d.Int64, err = rawInt(v)
			}
		default:
			return fmt.Errorf("store: column %d: cannot scan into %T", i, d)
		}
		if err != nil {
			return fmt.Errorf("store: column %d: %T %v: %w", i, v, v, err)
		}
	}
	return nil
}

var errType = errors.New("not of the expected type")

func rawInt(v driver.Value) (int64, error) {
	if n, ok := v.(int64); ok {
		return n, nil
	}
	return 0, errType
}
