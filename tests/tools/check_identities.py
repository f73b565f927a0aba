#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reports the curated vendor:product pairs of data/identities.toml that a vulnerability database
never names, for reviewing the mappings against real feeds (a pair NVD does not use finds nothing).

  tests/tools/check_identities.py DB.sqlite [data/identities.toml]
"""
import sqlite3
import sys
import tomllib


def main():
    db = sys.argv[1]
    path = sys.argv[2] if len(sys.argv) > 2 else "data/identities.toml"
    catalog = tomllib.load(open(path, "rb"))["packages"]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    known = {(v, p) for v, p in con.execute("SELECT DISTINCT vendor, product FROM product_index")}
    missing = []
    pairs = 0
    for pname, products in sorted(catalog.items()):
        for vp in products:
            pairs += 1
            vendor, product = vp.split(":", 1)
            if (vendor, product) not in known:
                missing.append(f"{pname} = {vp}")
    print(f"{pairs - len(missing)} of {pairs} curated pairs are named by {db}")
    for m in missing:
        print("  not in this database:", m)


if __name__ == "__main__":
    sys.exit(main())
