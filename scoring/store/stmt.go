package store

import (
	"context"
	"database/sql"
)

// prepare returns the statement of q, prepared the first time only and
// kept until Close (database/sql prepares it again on each connection that
// runs it, and SQLite again after a schema change). Compiling SQL is most
// of what a small query costs: a study start over 100 decks runs a few
// queries a deck, and prepared at every call they were a third of its CPU
// time (a profile of `study --porcelain` on the 100-deck collection of
// cmd/ontap-gen).
func (db *DB) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if s, ok := db.stmts[q]; ok {
		return s, nil
	}
	s, err := db.sql.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if db.stmts == nil {
		db.stmts = map[string]*sql.Stmt{}
	}
	db.stmts[q] = s
	db.prepared.Add(1)
	return s, nil
}

// query runs q, prepared once, with args.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s, err := db.prepare(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// queryRow runs q, prepared once, for one row.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	s, err := db.prepare(ctx, q)
	if err != nil {
		// A Row of a statement that cannot be prepared carries its error.
		return db.sql.QueryRowContext(ctx, q, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// execIn runs q, prepared once, in tx.
func (db *DB) execIn(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	s, err := db.prepare(ctx, q)
	if err != nil {
		return nil, err
	}
	ts := tx.StmtContext(ctx, s)
	defer ts.Close() // the statement stays prepared on the connection
	return ts.ExecContext(ctx, args...)
}

// closeStatements closes the prepared statements.
func (db *DB) closeStatements() {
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	for _, s := range db.stmts {
		s.Close()
	}
	db.stmts = nil
}
