"""The plain way to import arXiv's metadata snapshot, the baseline of bench/import.ts: stream the JSON lines
and insert each paper's id, title, abstract and authors into one SQLite FTS5 table, in one transaction.

Usage: /usr/bin/python3 bench/plain_import.py SNAPSHOT.jsonl DATABASE
"""

import json
import sqlite3
import sys


def main(snapshot_path, database_path):
    db = sqlite3.connect(database_path)
    db.execute("CREATE VIRTUAL TABLE papers USING fts5 (id UNINDEXED, title, abstract, authors)")
    count = 0
    with open(snapshot_path, "rb") as snapshot:
        db.execute("BEGIN")
        for line in snapshot:
            record = json.loads(line)
            db.execute(
                "INSERT INTO papers (id, title, abstract, authors) VALUES (?, ?, ?, ?)",
                (record["id"], record["title"], record["abstract"], record["authors"]),
            )
            count += 1
        db.commit()
    db.close()
    print(count)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
