# SPDX-License-Identifier: MIT
# A nixpkgs-shaped build closure of N packages (each with a fetchurl source; every 7th with a
# fetchpatch) for the benchmarks. Instantiate only: nothing needs building. With
# --argstr prefix product the names are those of gen-nvd-corpus.py's synthetic products, so a scan
# against that corpus has work to do.
{ n ? 5000, prefix ? "pkg" }:
let
  lib = import ../nix/testpkgs/lib.nix { };
  pkg = builtins.genList mk n;
  at = builtins.elemAt pkg;
  mk = i:
    let s = toString i;
    in lib.mkPackage {
      pname = "${prefix}${s}";
      version = "${toString (i / 100)}.${toString (i / 10 - (i / 100) * 10)}.${toString (i - (i / 10) * 10)}";
      src = lib.fetchurl { url = "https://example.org/src/pkg${s}.tar.gz"; };
      patches = if i - (i / 7) * 7 == 0 then [ (lib.fetchpatch { url = "https://example.org/p/CVE-2024-${s}.patch"; }) ] else [ ];
      outputs = if i - (i / 5) * 5 == 0 then [ "out" "dev" "lib" ] else [ "out" ];
      buildDeps = builtins.filter (x: x != null) [
        (if i >= 1 then at (i - 1) else null)
        (if i >= 2 then at (i / 2) else null)
        (if i >= 3 then at (i / 3) else null)
      ];
    };
in at (n - 1)
