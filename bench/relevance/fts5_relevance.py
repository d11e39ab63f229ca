#!/usr/bin/env python3
"""SQLite FTS5 as a peer of bench/relevance/run: prints its TREC run on the judged queries.

Usage: fts5_relevance.py NOTES_TSV QUERIES_TSV DB_FILE > fts5.run
  NOTES_TSV    id, title, body per line (kb-relevance export)
  QUERIES_TSV  id, lang, kind, query per line (kb-relevance export)

Configured as the FTS5 documentation suggests for a small site search: one table
(id UNINDEXED, title, body) with tokenize='porter unicode61'; each query's words,
lowercased, punctuation stripped and each quoted, joined by OR; ranked by
bm25(notes, 0, 5.0, 1.0) (the title weighs 5 times the body); top 10.
"""
import os
import re
import sqlite3
import sys

DEPTH = 10


def load(db, notes_tsv):
    db.execute("CREATE VIRTUAL TABLE notes USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61')")
    with open(notes_tsv, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    db.executemany("INSERT INTO notes (id, title, body) VALUES (?, ?, ?)", rows)
    db.commit()


def match_expression(query):
    words = re.findall(r"\w+", query.lower())
    return " OR ".join('"' + w + '"' for w in words)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    notes_tsv, queries_tsv, db_file = sys.argv[1:]
    if os.path.exists(db_file):
        os.remove(db_file)
    db = sqlite3.connect(db_file)
    load(db, notes_tsv)
    with open(queries_tsv, encoding="utf-8") as f:
        for line in f:
            qid, _lang, _kind, query = line.rstrip("\n").split("\t", 3)
            expr = match_expression(query)
            if not expr:
                continue
            rows = db.execute(
                "SELECT id, bm25(notes, 0, 5.0, 1.0) AS score FROM notes WHERE notes MATCH ? "
                "ORDER BY score LIMIT ?", (expr, DEPTH)).fetchall()
            for rank, (note, score) in enumerate(rows, 1):
                # bm25() is lower for better matches; TREC scores are higher.
                print(f"{qid} Q0 {note} {rank} {-score:.4f} fts5")


if __name__ == "__main__":
    main()
