# SPDX-License-Identifier: MIT
# The package set of nixvet's demo and tests (see lib.nix). Versions are real ones with known
# CVEs, so that a scan of this closure has something to find.
{ system ? builtins.currentSystem }:
let
  lib = import ./lib.nix { inherit system; };
  inherit (lib) fetchurl fetchpatch fetchgit mkPackage;
in
rec {
  zlib = mkPackage {
    pname = "zlib";
    version = "1.2.13";
    src = fetchurl { url = "https://zlib.net/fossils/zlib-1.2.13.tar.gz"; };
    outputs = [ "out" "dev" ];
  };

  openssl = mkPackage {
    pname = "openssl";
    version = "3.0.12";
    src = fetchurl { url = "https://www.openssl.org/source/openssl-3.0.12.tar.gz"; };
    patches = [
      (fetchpatch { url = "https://github.com/openssl/openssl/commit/0d4d6b6c.patch"; name = "CVE-2023-5678.patch"; })
      ./patches/fix-build.patch
      ./patches/pkcs12-null-deref.patch
    ];
    outputs = [ "bin" "dev" "out" ];
    runtimeDeps = [ zlib ];
    buildDeps = [ perl ];
  };

  # Build-time only: an input of openssl, never referenced by its outputs.
  perl = mkPackage {
    pname = "perl";
    version = "5.38.2";
    src = fetchurl { url = "mirror://cpan/src/5.0/perl-5.38.2.tar.gz"; };
  };

  curl = mkPackage {
    pname = "curl";
    version = "8.4.0";
    src = fetchurl { url = "https://curl.se/download/curl-8.4.0.tar.xz"; };
    outputs = [ "bin" "dev" "out" "man" ];
    runtimeDeps = [ openssl.out zlib ];
  };

  libxml2 = mkPackage {
    pname = "libxml2";
    version = "2.9.14";
    src = fetchurl { url = "mirror://gnome/sources/libxml2/2.9/libxml2-2.9.14.tar.xz"; };
    outputs = [ "bin" "dev" "out" ];
    runtimeDeps = [ zlib ];
    meta.knownVulnerabilities = [
      "CVE-2022-40303: integer overflows with XML_PARSE_HUGE"
      "libxml2 2.9 is no longer maintained upstream"
    ];
  };

  # No pname/version attributes: the name is split as builtins.parseDrvName does.
  bzip2 = mkPackage {
    name = "bzip2-1.0.8";
    src = fetchurl { url = "https://sourceware.org/pub/bzip2/bzip2-1.0.8.tar.gz"; };
  };

  # A Python package named as nixpkgs names them.
  requests = mkPackage {
    pname = "requests";
    version = "2.31.0";
    name = "python3.11-requests-2.31.0";
    src = fetchurl { url = "https://files.pythonhosted.org/packages/source/r/requests/requests-2.31.0.tar.gz"; };
  };

  # A date version and a git source.
  tzcode = mkPackage {
    pname = "tzcode";
    version = "unstable-2023-01-01";
    src = fetchgit { url = "https://github.com/eggert/tz"; rev = "3c8f9e7b0a1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"; };
  };

  # __structuredAttrs: the environment is one JSON document.
  sqlite = derivation {
    name = "sqlite-3.43.1";
    pname = "sqlite";
    version = "3.43.1";
    inherit system; PATH = "/usr/bin:/bin";
    __structuredAttrs = true;
    builder = "/bin/bash";
    src = fetchurl { url = "https://sqlite.org/2023/sqlite-autoconf-3430100.tar.gz"; };
    patches = [ (fetchpatch { url = "https://sqlite.org/src/vpatch?CVE-2023-7104"; name = "CVE-2023-7104.patch"; }) ];
    args = [ "-c" "source .attrs.sh; mkdir -p \${outputs[out]}/lib; echo sqlite > \${outputs[out]}/lib/README" ];
  };

  openssh = mkPackage {
    pname = "openssh";
    version = "9.5p1";
    src = fetchurl { url = "mirror://openbsd/OpenSSH/portable/openssh-9.5p1.tar.gz"; };
    runtimeDeps = [ openssl.out zlib ];
    meta.identifiers.cpeParts = { vendor = "openbsd"; product = "openssh"; version = "9.5"; update = "p1"; };
    meta.sourceProvenance = [ { shortName = "fromSource"; isSource = true; } ];
  };

  # Prebuilt code, packaged the ways nixpkgs packages it (for `nixvet provenance`).
  # A stand-in for nixpkgs' autoPatchelfHook: the store path name is what the derivation shows.
  auto-patchelf-hook = mkPackage { name = "auto-patchelf-hook"; };
  dpkg = mkPackage {
    pname = "dpkg";
    version = "1.21.22";
    src = fetchurl { url = "mirror://debian/pool/main/d/dpkg/dpkg_1.21.22.tar.xz"; };
  };

  # A vendor's release binary, without meta.sourceProvenance: nixvet infers it.
  vault-bin = mkPackage {
    pname = "vault-bin";
    version = "1.15.2";
    src = fetchurl { url = "https://releases.hashicorp.com/vault/1.15.2/vault_1.15.2_linux_amd64.zip"; };
    extraAttrs.nativeBuildInputs = [ auto-patchelf-hook ];
  };

  # A vendor's .deb, declared binary in meta as nixpkgs declares it.
  slack = mkPackage {
    pname = "slack";
    version = "4.35.131";
    src = fetchurl {
      url = "https://downloads.slack-edge.com/desktop-releases/linux/x64/4.35.131/slack-desktop-4.35.131-amd64.deb";
    };
    extraAttrs.nativeBuildInputs = [ dpkg ];
    meta.sourceProvenance = [ { shortName = "binaryNativeCode"; isSource = false; } ];
  };

  hello = mkPackage {
    pname = "hello";
    version = "2.12.1";
    src = fetchurl { url = "mirror://gnu/hello/hello-2.12.1.tar.gz"; };
    runtimeDeps = [ curl.out libxml2.out bzip2 sqlite requests tzcode ];
  };

  # A NixOS-like system: etc/systemd/system units (symlinks into unit store paths), kernel-params,
  # sw, init, nixos-version.
  unit-sshd = derivation {
    name = "unit-sshd.service";
    inherit system; PATH = "/usr/bin:/bin";
    builder = lib.sh;
    args = [ "-c" ''
      mkdir -p $out
      printf '[Unit]\nDescription=SSH Daemon\n\n[Service]\nExecStart=${openssh}/bin/openssh -D\nRestart=always\n' > $out/sshd.service
    '' ];
  };

  etc = derivation {
    name = "etc";
    inherit system; PATH = "/usr/bin:/bin";
    builder = lib.sh;
    args = [ "-c" ''
      mkdir -p $out/etc/systemd/system
      ln -s ${unit-sshd}/sshd.service $out/etc/systemd/system/sshd.service
      echo 'PermitRootLogin no' > $out/etc/sshd_config
    '' ];
  };

  # A NixOS-like system-path: symlinks in bin/ to the packages' programs, [ target link-name ].
  mkSystemPath = links: derivation {
    name = "system-path";
    inherit system; PATH = "/usr/bin:/bin";
    builder = lib.sh;
    args = [ "-c" ("mkdir -p $out/bin\n"
      + builtins.concatStringsSep "" (map (l: "ln -s ${builtins.elemAt l 0} $out/bin/${builtins.elemAt l 1}\n") links)) ];
  };

  # A NixOS-like toplevel of version `version` around `systemPath`; `init` runs its hello.
  mkToplevel = { version, systemPath, init ? false }: derivation {
    name = "nixos-system-testhost-${version}";
    inherit system; PATH = "/usr/bin:/bin";
    builder = lib.sh;
    args = [ "-c" ("mkdir -p $out\n"
      + "ln -s ${etc}/etc $out/etc\n"
      + "ln -s ${systemPath} $out/sw\n"
      + "echo 'init=/nix/var/nix/profiles/system/init loglevel=4' > $out/kernel-params\n"
      + "echo '${version}' > $out/nixos-version\n"
      + (if init then "printf '#!/bin/sh\\nexec ${systemPath}/bin/hello\\n' > $out/init\n" else "")) ];
  };

  system-path = mkSystemPath [
    [ "${hello}/bin/hello" "hello" ]
    [ "${curl.bin}/bin/curl" "curl" ]
    [ "${openssh}/bin/openssh" "ssh" ]
    [ "${vault-bin}/bin/vault-bin" "vault" ]
    [ "${slack}/bin/slack" "slack" ]
  ];

  toplevel = mkToplevel { version = "23.11.20231119.e4ad989"; systemPath = system-path; init = true; };

  # The same host after an upgrade (for `nixvet diff`): curl 8.9.1, hello and vault-bin gone.
  curl_8_9 = mkPackage {
    pname = "curl";
    version = "8.9.1";
    src = fetchurl { url = "https://curl.se/download/curl-8.9.1.tar.xz"; };
    outputs = [ "bin" "dev" "out" "man" ];
    runtimeDeps = [ openssl.out zlib ];
  };

  system-path-next = mkSystemPath [
    [ "${curl_8_9.bin}/bin/curl" "curl" ]
    [ "${openssh}/bin/openssh" "ssh" ]
    [ "${slack}/bin/slack" "slack" ]
  ];

  toplevel-next = mkToplevel { version = "24.05.20240601.abcdef0"; systemPath = system-path-next; };

  # A user environment, as in ~/.nix-profile.
  user-environment = derivation {
    name = "user-environment";
    inherit system; PATH = "/usr/bin:/bin";
    builder = lib.sh;
    args = [ "-c" "mkdir -p $out/bin; ln -s ${hello}/bin/hello $out/bin/hello; ln -s ${zlib}/lib $out/lib" ];
  };
}
