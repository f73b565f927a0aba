#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a container image of real store paths, laid out as `docker save` and dockerTools
write them (docker-archive, manifest.json last) or as an OCI image layout in a tar, for the CLI
tests of image targets. Store paths go into two layers (half each), as nix/store/<hash>-<name>.

  make_image.py docker|docker-gz|docker-multi|oci OUT STORE_PATH... [--fake HASH-NAME]... [--tamper]

--fake adds a store path that exists only in the image (one file under it). docker-multi writes
two images (tagged first:latest and second:latest), one layer each. --tamper stores another
layer than the one the digests describe: OCI under the original blob name, docker-archive with
the original rootfs.diff_ids (an image changed after it was built)."""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile


def layer_bytes(paths, fakes):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for p in paths:
            tar.add(p, arcname="nix/store/" + os.path.basename(p), recursive=True)
        for f in fakes:
            data = b"#!/bin/sh\n"
            info = tarfile.TarInfo("nix/store/" + f + "/bin/run")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def main():
    args = sys.argv[1:]
    fmt, out = args[0], args[1]
    paths, fakes = [], []
    tamper = False
    i = 2
    while i < len(args):
        if args[i] == "--tamper":
            tamper = True
            i += 1
        elif args[i] == "--fake":
            fakes.append(args[i + 1])
            i += 2
        else:
            paths.append(args[i])
            i += 1
    half = len(paths) // 2
    layers = [layer_bytes(paths[:half], []), layer_bytes(paths[half:], fakes)]
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [
        "sha256:" + hashlib.sha256(l).hexdigest() for l in layers]}}).encode()
    stored = layers
    if tamper:  # a file planted in the second layer after the digests were taken
        stored = [layers[0], layer_bytes(paths[half:], fakes + ["1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b-planted-1.0"])]
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        if fmt == "docker-multi":
            manifest = []
            for n, l in enumerate(stored):
                name = f"{hashlib.sha256(layers[n]).hexdigest()}/layer.tar"
                add(tar, name, l)
                cfg = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [
                    "sha256:" + hashlib.sha256(layers[n]).hexdigest()]}}).encode()
                cfg_name = hashlib.sha256(cfg).hexdigest() + ".json"
                add(tar, cfg_name, cfg)
                manifest.append({"Config": cfg_name, "RepoTags": [["first", "second"][n] + ":latest"],
                                 "Layers": [name]})
            add(tar, "manifest.json", json.dumps(manifest).encode())
        elif fmt in ("docker", "docker-gz"):
            names = []
            for n, l in enumerate(stored):
                name = f"{hashlib.sha256(layers[n]).hexdigest()}/layer.tar"
                add(tar, name, l)
                names.append(name)
            config_name = hashlib.sha256(config).hexdigest() + ".json"
            add(tar, config_name, config)
            manifest = [{"Config": config_name, "RepoTags": ["nixvet-test:latest"], "Layers": names}]
            add(tar, "manifest.json", json.dumps(manifest).encode())  # last, as docker save writes it
        elif fmt == "oci":
            add(tar, "oci-layout", json.dumps({"imageLayoutVersion": "1.0.0"}).encode())
            descriptors = []
            for n, l in enumerate(layers):
                blob = gzip.compress(l, mtime=0)
                digest = hashlib.sha256(blob).hexdigest()
                add(tar, "blobs/sha256/" + digest, gzip.compress(stored[n], mtime=0))
                descriptors.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                    "digest": "sha256:" + digest, "size": len(blob)})
            config_digest = hashlib.sha256(config).hexdigest()
            add(tar, "blobs/sha256/" + config_digest, config)
            manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                                   "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                              "digest": "sha256:" + config_digest, "size": len(config)},
                                   "layers": descriptors}).encode()
            manifest_digest = hashlib.sha256(manifest).hexdigest()
            add(tar, "blobs/sha256/" + manifest_digest, manifest)
            add(tar, "index.json", json.dumps({"schemaVersion": 2, "manifests": [
                {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + manifest_digest,
                 "size": len(manifest)}]}).encode())
        else:
            sys.exit(f"unknown format {fmt}")
    data = raw.getvalue()
    if fmt == "docker-gz":
        data = gzip.compress(data)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
