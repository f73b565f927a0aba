#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the hostile inputs of nixvet's hostile-input tests (tests/cli/test_hostile_cli.cpp),
each small on disk and built here, never downloaded:

  make_hostile.py oci-many-blobs OUT N MIB      an OCI image (gzip) with N extra {-blobs of MIB each
  make_hostile.py bomb-image OUT MIB LAYERS DEPTH
                                                a docker-archive whose LAYERS layers are each a tar of
                                                MIB of zeros, gzip-compressed DEPTH times
  make_hostile.py big-manifest OUT              a docker-archive whose manifest.json is 17 MiB
  make_hostile.py bad-layer-digest OUT          an OCI image whose manifest names a layer 'nodigest'
  make_hostile.py nonstring-layers OUT          a docker-archive whose "Layers" holds a number
  make_hostile.py zip-big-record OUT MIB        a zip holding one OSV record of MIB
  make_hostile.py zip-empty-objects OUT N       a zip of N files holding '{}'
  make_hostile.py gz-bomb OUT MIB               a gzip NVD feed that expands to MIB of white space
  make_hostile.py nuls OUT N                    N NUL bytes
"""
import gzip
import hashlib
import io
import json
import sys
import tarfile
import zipfile

MIB = 1 << 20


class Repeated(io.RawIOBase):
    """A file of `size` bytes: `first` then `fill` repeated, read without holding it whole."""

    def __init__(self, size, fill=b"\0", first=b""):
        self.left = size
        self.first = first
        self.fill = fill * (65536 // len(fill))

    def readable(self):
        return True

    def readinto(self, b):
        if self.left == 0:
            return 0
        chunk = self.first or self.fill
        self.first = b""
        n = min(len(b), len(chunk), self.left)
        b[:n] = chunk[:n]
        self.left -= n
        return n


def add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def small_layer():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        add(tar, "nix/store/0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a-leftpad-1.3.0/bin/run", b"#!/bin/sh\n")
    return buf.getvalue()


def oci_parts(layer_digest=None):
    """The oci-layout, a layer blob, its manifest and index.json of a one-layer OCI image."""
    layer = gzip.compress(small_layer(), mtime=0)
    digest = layer_digest or "sha256:" + hashlib.sha256(layer).hexdigest()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                       "digest": digest, "size": len(layer)}]}).encode()
    mdigest = hashlib.sha256(manifest).hexdigest()
    index = json.dumps({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + mdigest,
         "size": len(manifest)}]}).encode()
    return [("oci-layout", b'{"imageLayoutVersion": "1.0.0"}'),
            ("blobs/sha256/" + hashlib.sha256(layer).hexdigest(), layer),
            ("blobs/sha256/" + mdigest, manifest), ("index.json", index)]


def oci_many_blobs(out, n, mib):
    with tarfile.open(out, mode="w:gz", compresslevel=1) as tar:
        parts = oci_parts()
        for name, data in parts[:3]:
            add(tar, name, data)
        for i in range(n):
            info = tarfile.TarInfo("blobs/sha256/%064x" % i)
            info.size = mib * MIB
            tar.addfile(info, io.BufferedReader(Repeated(info.size, b" ", b"{")))
        add(tar, *parts[3])


def bomb_image(out, mib, layers, depth):
    names = []
    with tarfile.open(out, mode="w") as tar:
        for n in range(layers):
            raw = io.BytesIO()
            with tarfile.open(fileobj=raw, mode="w") as layer:
                info = tarfile.TarInfo("nix/store/%032d-bomb-%d/zero" % (n, n))
                info.size = mib * MIB
                layer.addfile(info, io.BufferedReader(Repeated(info.size)))
            data = raw.getvalue()
            for _ in range(depth):
                data = gzip.compress(data, compresslevel=9, mtime=0)
            name = "%064x/layer.tar" % n
            add(tar, name, data)
            names.append(name)
        add(tar, "manifest.json", json.dumps([{"RepoTags": ["bomb:latest"], "Layers": names}]).encode())


def big_manifest(out):
    with tarfile.open(out, mode="w:gz") as tar:
        add(tar, "manifest.json", b"[" + b" " * (17 * MIB) + b"]")


def bad_layer_digest(out):
    with tarfile.open(out, mode="w") as tar:
        for name, data in oci_parts(layer_digest="nodigest"):
            add(tar, name, data)


def nonstring_layers(out):
    with tarfile.open(out, mode="w") as tar:
        add(tar, "a/layer.tar", small_layer())
        add(tar, "manifest.json", json.dumps([{"RepoTags": ["x:latest"], "Layers": [7, "a/layer.tar"]}]).encode())


def zip_big_record(out, mib):
    head = b'{"id": "PYSEC-0000-0000", "modified": "2024-01-01T00:00:00Z", "details": "'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("PYSEC-0000-0000.json", "w", force_zip64=True) as f:
            f.write(head)
            chunk = b"A" * MIB
            for _ in range(mib):
                f.write(chunk)
            f.write(b'"}')


def zip_empty_objects(out, n):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(n):
            z.writestr("GHSA-%06d.json" % i, "{}")


def gz_bomb(out, mib):
    with gzip.open(out, "wb", compresslevel=9) as f:
        f.write(b'{"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [')
        chunk = b" " * MIB
        for _ in range(mib):
            f.write(chunk)
        f.write(b"]}")


def main():
    kind, out, *rest = sys.argv[1:]
    ints = [int(x) for x in rest]
    {"oci-many-blobs": oci_many_blobs, "bomb-image": bomb_image, "big-manifest": big_manifest,
     "bad-layer-digest": bad_layer_digest, "nonstring-layers": nonstring_layers, "zip-big-record": zip_big_record,
     "zip-empty-objects": zip_empty_objects, "gz-bomb": gz_bomb,
     "nuls": lambda o, n: open(o, "wb").write(b"\0" * n)}[kind](out, *ints)


if __name__ == "__main__":
    main()
