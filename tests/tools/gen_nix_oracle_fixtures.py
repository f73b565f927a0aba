#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes tests/fixtures/oracle/{compare_versions,parse_drv_name}.tsv from the real Nix.

Every expected value comes from `nix-instantiate --eval` (builtins.compareVersions and
builtins.parseDrvName); this script only chooses the inputs. Run it again to refresh the
fixtures with another Nix: `tests/tools/gen_nix_oracle_fixtures.py tests/fixtures/oracle`.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

rng = random.Random(20261128)

NUMBERS = ["0", "00", "1", "01", "001", "2", "9", "10", "11", "99", "100", "007", "2023", "20230101",
           "2147483646", "2147483647", "2147483648", "4294967295", "4294967296", "9223372036854775807",
           "9223372036854775808", "99999999999999999999", "123456789012345678901234567890"]
WORDS = ["pre", "pre1", "rc", "rc1", "alpha", "beta", "a", "b", "z", "p", "git", "unstable", "dev", "post",
         "final", "r", "A", "B", "PRE", "Pre", "svn", "hg", "x", "patch", "p1", "unknown", "gb", "b1"]
SEPARATORS = [".", "-", ".", "-", "", "_", "+", "~", ".."]

EDGE_PAIRS = [
    ("1.0", "1.0.0"), ("1.0", "1.0"), ("1.0pre", "1.0"), ("1.0pre1", "1.0"), ("1.0", "1.0a"),
    ("2.3a", "2.3.1"), ("2.3", "2.3a"), ("1.0-rc1", "1.0"), ("1.0", ""), ("", ""), ("pre", ""),
    ("0", ""), ("a", ""), ("1", "01"), ("1.01", "1.1"), ("1.10", "1.9"), ("1.0.0", "1.0.0.0"),
    ("2147483647", "2147483648"), ("2147483648", "5"), ("99999999999999999999", "1"),
    ("unstable-2023-01-01", "unstable-2022-12-31"), ("2023-01-01", "2022-12-31"),
    ("0-unstable-2024-01-01", "0.1"), ("1.2.3", "1.2.3-pre"), ("1.2.3pre", "1.2.3.pre"),
    ("...", ""), ("1..2", "1.2"), ("-1", "1"), ("1-", "1"), ("1.0_1", "1.0.1"), ("1+2", "1.2"),
    ("6.1.55", "6.1.6"), ("9.5p1", "9.5"), ("9.5p1", "9.5p2"), ("1.9.15p2", "1.9.15"), ("3.0.12", "3.0.2"),
    ("2.38-27", "2.38"), ("1.1.1w", "1.1.1t"), ("1.1.1", "1.1.1a"), ("5.4.4", "5.4.10"), ("7.88.1", "8.4.0"),
]


def random_version():
    parts = []
    for _ in range(rng.randint(0, 6)):
        kind = rng.random()
        if kind < 0.6:
            parts.append(rng.choice(NUMBERS[:14]) if rng.random() < 0.85 else rng.choice(NUMBERS))
        elif kind < 0.9:
            parts.append(rng.choice(WORDS))
        else:
            parts.append(rng.choice(["2023-01-01", "unstable-2024-05-06", "0-unstable-2023-11-02"]))
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts[:-1]) if parts and rng.random() < 0.8 else "".join(parts)


def mutate(v):
    choice = rng.randint(0, 5)
    if choice == 0:
        return v + rng.choice([".0", "pre", "-1", "a", ".1", "rc1"])
    if choice == 1 and v:
        i = rng.randrange(len(v))
        return v[:i] + rng.choice("0123456789.-ab") + v[i + 1:]
    if choice == 2 and v:
        return v[: rng.randrange(len(v))]
    if choice == 3:
        return v.replace(".", "-")
    if choice == 4:
        return "0" + v
    return random_version()


def version_pairs(count):
    pairs = list(EDGE_PAIRS)
    pairs += [(b, a) for a, b in EDGE_PAIRS]
    while len(pairs) < count:
        a = random_version()
        b = mutate(a) if rng.random() < 0.6 else random_version()
        pairs.append((a, b))
    return pairs


NAME_EDGES = [
    "hello-2.12", "python3.11-requests-2.31.0", "perl5.38.2-DBI-1.643", "linux-6.1.55", "unstable-2023-01-01",
    "foo-bar-1.0", "foo", "foo-", "-1", "-", "--", "---1", "foo-.1", "foo-_x", "foo--1", "a-b-c", "a-B-1",
    "openssl-3.0.12-bin", "jq-1.6-dev", "glibc-2.38-27", "gcc-wrapper-12.3.0", "xz-5.4.4", "bash-5.2-p15",
    "nixos-system-nixos-23.11.20231119.e4ad989", "source", "hello-2.12.tar.gz", "CVE-2023-1234.patch",
    "zlib-1.3", "e2fsprogs-1.47.0", "util-linux-2.39.2-lib", "systemd-254.3", "sudo-1.9.15p2",
    "firefox-unwrapped-120.0", "ghc-8.0.2-with-packages", "bash44-023", "x-1-2-3", "x-@1", "x- 1", "x-+1",
    "x-=1", "x-?1", "node-v18.0.0", "vim-9.0.2048", "font-misc-misc-1.1.3", "libX11-1.8.7", "Xorg-1.0",
    "foo-Zeta-1", "foo-zeta-1", "foo-1a", "a-", "ab-c", "",
]


def random_name():
    words = ["lib", "python3.11", "perl5.38.2", "gnome", "foo", "bar", "x", "node", "rust", "go", "qt",
             "kde", "py", "haskell", "ghc9.4.8", "xorg", "font", "unit", "nixos", "source", "hook", "ABC"]
    parts = [rng.choice(words) for _ in range(rng.randint(1, 3))]
    name = "-".join(parts)
    if rng.random() < 0.85:
        name += rng.choice(["-", "-", "-", "-v", "_", "--", "-.", "-+"]) + random_version()
    if rng.random() < 0.2:
        name += "-" + rng.choice(["bin", "dev", "lib", "man", "doc", "out", "static", "debug", "tar.gz"])
    return name


def nix_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("${", "\\${") + '"'


def evaluate(expr):
    with tempfile.NamedTemporaryFile("w", suffix=".nix", delete=False) as f:
        f.write(expr)
        path = f.name
    try:
        env = dict(os.environ, LC_ALL="C")
        out = subprocess.run(["nix-instantiate", "--eval", "--strict", "--json", path],
                             check=True, capture_output=True, text=True, env=env).stdout
    finally:
        os.unlink(path)
    return json.loads(out)


def tsv_field(s):
    assert "\t" not in s and "\n" not in s, s
    return s


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/oracle"
    os.makedirs(out_dir, exist_ok=True)
    pairs = version_pairs(12000)
    expr = "[\n" + "\n".join(f"(builtins.compareVersions {nix_string(a)} {nix_string(b)})" for a, b in pairs) + "\n]"
    results = evaluate(expr)
    version = subprocess.run(["nix-instantiate", "--version"], capture_output=True, text=True).stdout.strip()
    with open(os.path.join(out_dir, "compare_versions.tsv"), "w") as f:
        f.write(f"# builtins.compareVersions A B, from the real {version}; written by {sys.argv[0]}\n")
        for (a, b), r in zip(pairs, results):
            f.write(f"{tsv_field(a)}\t{tsv_field(b)}\t{r}\n")

    names = list(NAME_EDGES)
    while len(names) < 2500:
        names.append(random_name())
    expr = "[\n" + "\n".join(f"(builtins.parseDrvName {nix_string(n)})" for n in names) + "\n]"
    results = evaluate(expr)
    with open(os.path.join(out_dir, "parse_drv_name.tsv"), "w") as f:
        f.write(f"# builtins.parseDrvName FULL -> name, version, from the real {version}; written by {sys.argv[0]}\n")
        for n, r in zip(names, results):
            f.write(f"{tsv_field(n)}\t{tsv_field(r['name'])}\t{tsv_field(r['version'])}\n")


if __name__ == "__main__":
    main()
