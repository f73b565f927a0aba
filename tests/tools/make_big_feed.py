#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes an NVD 2.0 feed of N records made from the real fixture records under new ids
(CVE-2090-NNNNN), for tests that need an import to run long enough to be interrupted.

  make_big_feed.py FIXTURES_VULNDB OUT.json.gz N
"""
import gzip
import json
import os
import sys


def main():
    fixtures, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    vulns = json.load(gzip.open(os.path.join(fixtures, "nvd", "nvdcve-2.0-all.json.gz")))["vulnerabilities"]
    with gzip.open(out, "wt", compresslevel=1) as f:
        f.write('{"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [')
        for i in range(n):
            v = json.loads(json.dumps(vulns[i % len(vulns)]))
            v["cve"]["id"] = f"CVE-2090-{i:05d}"
            f.write(("," if i else "") + json.dumps(v))
        f.write("]}")


if __name__ == "__main__":
    main()
