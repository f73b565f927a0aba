#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Lays out a feed mirror (docs/vulndb.md) from the test fixtures, for `nixvet db update --mirror`.

  make_mirror.py FIXTURES_VULNDB OUT_DIR [--last-year Y] [--bad-sha256 YEAR] [--truncate YEAR]
                 [--modified-date DATE]

NVD records are split into year feeds by CVE id (ids before 2002 go to 2002, as NVD does), each
with an NVD-style .meta; the modified feed holds 10 of them with lastModified set to
--modified-date. --bad-sha256 writes a wrong sha256 into one year's .meta; --truncate cuts
one year's .json.gz in half (its .meta stays right).
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import shutil
import zipfile


def write_feed(directory, name, vulns, bad_sha=False, truncate=False):
    doc = {"resultsPerPage": len(vulns), "startIndex": 0, "totalResults": len(vulns), "format": "NVD_CVE",
           "version": "2.0", "timestamp": "2026-11-01T00:00:00.000", "vulnerabilities": vulns}
    raw = json.dumps(doc, indent=2).encode()
    gz = gzip.compress(raw, mtime=0)
    if truncate:
        gz = gz[: len(gz) // 2]
    sha = hashlib.sha256(raw).hexdigest().upper()
    if bad_sha:
        sha = "0" * 64
    with open(os.path.join(directory, f"nvdcve-2.0-{name}.json.gz"), "wb") as f:
        f.write(gz)
    with open(os.path.join(directory, f"nvdcve-2.0-{name}.meta"), "w") as f:
        f.write(f"lastModifiedDate:2026-11-01T00:00:00-05:00\r\nsize:{len(raw)}\r\nzipSize:{len(gz)}\r\n"
                f"gzSize:{len(gz)}\r\nsha256:{sha}\r\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fixtures")
    ap.add_argument("out")
    ap.add_argument("--last-year", type=int, default=2026)
    ap.add_argument("--bad-sha256", type=int)
    ap.add_argument("--truncate", type=int)
    ap.add_argument("--modified-date", default="2099-01-01T00:00:00.000")
    a = ap.parse_args()
    shutil.rmtree(a.out, ignore_errors=True)
    nvd = os.path.join(a.out, "nvd")
    os.makedirs(nvd)
    vulns = json.load(gzip.open(os.path.join(a.fixtures, "nvd", "nvdcve-2.0-all.json.gz")))["vulnerabilities"]
    years = {}
    for v in vulns:
        year = max(2002, int(v["cve"]["id"].split("-")[1]))
        years.setdefault(min(year, a.last_year), []).append(v)
    for year in range(2002, a.last_year + 1):
        write_feed(nvd, str(year), years.get(year, []), bad_sha=a.bad_sha256 == year, truncate=a.truncate == year)
    modified = json.loads(json.dumps(vulns[:10]))
    for v in modified:
        v["cve"]["lastModified"] = a.modified_date
    write_feed(nvd, "modified", modified)

    os.makedirs(os.path.join(a.out, "kev"))
    shutil.copy(os.path.join(a.fixtures, "kev", "known_exploited_vulnerabilities.json"), os.path.join(a.out, "kev"))
    os.makedirs(os.path.join(a.out, "epss"))
    with open(os.path.join(a.fixtures, "kev", "vulnerablecode-epss_scores-2025-x-x.csv"), "rb") as f:
        data = f.read()
    with open(os.path.join(a.out, "epss", "epss_scores-current.csv.gz"), "wb") as f:
        f.write(gzip.compress(data, mtime=0))
    for eco in ["PyPI", "crates.io", "Go", "npm", "RubyGems", "Hackage", "OSS-Fuzz"]:
        os.makedirs(os.path.join(a.out, "osv", eco))
        src = os.path.join(a.fixtures, "osv", eco)
        with zipfile.ZipFile(os.path.join(a.out, "osv", eco, "all.zip"), "w") as z:
            if os.path.isdir(src):
                for name in sorted(os.listdir(src)):
                    z.write(os.path.join(src, name), name)
    os.makedirs(os.path.join(a.out, "cve5"))
    with zipfile.ZipFile(os.path.join(a.out, "cve5", "cvelistV5.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("cvelistV5-main/README.md", "CVE List V5\n")
        for name in sorted(os.listdir(os.path.join(a.fixtures, "cve5"))):
            year = name.split("-")[1]
            z.write(os.path.join(a.fixtures, "cve5", name), f"cvelistV5-main/cves/{year}/{name}")


if __name__ == "__main__":
    main()
