# SPDX-License-Identifier: MIT
# A tiny nixpkgs look-alike for nixvet's demo and tests: real derivations built by the real
# nix-build with /bin/sh (no sandbox, no network). Fetchers are fixed-output derivations whose
# content is written by the builder, so their hashes are known without downloading anything.
{ system ? builtins.currentSystem }:
rec {
  sh = "/bin/sh";

  # Like nixpkgs' fetchurl: a fixed-output derivation with `urls`.
  fetchurl = { url, name ? baseNameOf url, content ? "pretend tarball of ${url}\n" }:
    derivation {
      inherit name system content; PATH = "/usr/bin:/bin";
      builder = sh;
      args = [ "-c" "printf '%s' \"$content\" > $out" ];
      urls = [ url ];
      outputHashMode = "flat";
      outputHashAlgo = "sha256";
      outputHash = builtins.hashString "sha256" content;
    };

  # Like nixpkgs' fetchpatch: a fixed-output patch named after the file.
  fetchpatch = { url, name ? baseNameOf url }:
    fetchurl { inherit url name; content = "--- a/x\n+++ b/x\n@@ patch from ${url}\n"; };

  # Like builtins:fetchurl/fetchgit: a single `url` and a `rev`.
  fetchgit = { url, rev }:
    derivation {
      name = "source";
      inherit system url rev; PATH = "/usr/bin:/bin";
      builder = sh;
      content = "checkout of ${url} at ${rev}\n";
      args = [ "-c" "printf '%s' \"$content\" > $out" ];
      outputHashMode = "flat";
      outputHashAlgo = "sha256";
      outputHash = builtins.hashString "sha256" "checkout of ${url} at ${rev}\n";
    };

  # A package: every output is a directory; `out` refers to runtimeDeps (so they are runtime
  # references), other outputs refer to `out`; buildDeps are only inputs (build closure).
  mkPackage =
    { pname ? null, version ? null, name ? "${pname}-${version}", src ? null, srcs ? null, patches ? [ ]
    , outputs ? [ "out" ], runtimeDeps ? [ ], buildDeps ? [ ], extraAttrs ? { }, meta ? null }:
    # meta is not part of the derivation (as in nixpkgs): `nix-env -qa --json --meta` shows it.
    (derivation ({
      inherit name system outputs patches runtimeDeps; PATH = "/usr/bin:/bin";
      builder = sh;
      buildInputs = buildDeps;
      args = [ "-c" ''
        for o in $outputs; do
          eval "dir=\$$o"
          mkdir -p "$dir/bin" "$dir/lib"
          echo "$name ($o)" > "$dir/lib/README"
        done
        printf '%s\n' $runtimeDeps > "$out/lib/runtime-deps"
        for o in $outputs; do
          eval "dir=\$$o"
          [ "$o" = out ] || echo "$out" > "$dir/lib/out-path"
        done
        printf '#!/bin/sh\necho %s\n' "$name" > "$out/bin/${if pname == null then "run" else pname}"
      '' ];
    } // (if pname != null then { inherit pname; } else { })
      // (if version != null then { inherit version; } else { })
      // (if src != null then { inherit src; } else { })
      // (if srcs != null then { inherit srcs; } else { })
      // extraAttrs)) // (if meta != null then { inherit meta; } else { });
}
