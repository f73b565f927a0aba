# SPDX-License-Identifier: MIT
# Instantiated, never built: a .drv whose outputs are not valid store paths.
(import ../../nix/testpkgs/lib.nix { }).mkPackage {
  pname = "never-built";
  version = "0.1";
  extraAttrs.nixvetNonce = "unbuilt";
}
