# SPDX-License-Identifier: MIT
# A package whose .drv the test setup deletes after building it: what a deployed host (a
# `nix copy` target) looks like, where outputs exist but derivations do not.
let pkgs = import ../../nix/testpkgs { };
in (import ../../nix/testpkgs/lib.nix { }).mkPackage {
  pname = "libarchive";
  version = "3.6.2";
  outputs = [ "lib" "out" ];
  runtimeDeps = [ pkgs.zlib ];
}
