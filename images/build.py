#!/usr/bin/env python3
"""Builds the container images of images/<component>/image.json without a Docker engine or registry.

usage: images/build.sh --out DIR [--force] [COMPONENT...]

Every image but pause starts from one Debian 12 root file system (images/base/base.json, made once
with mmdebstrap); each adds small layers of its own: files of its folder, Python packages from PyPI,
the Ergo binary or Converse.js' files that e2e-tests/testenv/install.sh installed, the packaged operator. The images are
written as docker-archives that `ctr -n k8s.io images import` accepts:

  DIR/images.tar    every image but operator: the named ones (default: all) and those built before
  DIR/operator.tar  when operator is named (it needs operator/target/quarkus-app from Maven)

Layers and images are cached under DIR with stamps; an image whose inputs did not change is
"already present". The build refuses an image whose installed program is not the version
images/versions.properties names, with a message naming that image. See images/README.md.
"""
import argparse
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TESTENV = os.path.join(REPO, "e2e-tests", "testenv")
# Bump when the way a layer or an archive is made changes: every stamp goes stale.
BUILD_REV = "1"
# Files this script writes into layers get this time, so the same inputs give the same layer digest.
FIXED_MTIME = 1700000000
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# The images of DIR/images.tar, in this order; operator goes to its own archive.
ORDER = ["pause", "postgres", "synapse", "heisenbridge", "prosody", "biboumi", "ergo", "frontdoor", "operator"]


class Failure(Exception):
    """A build step that failed: the message names what and why."""


def say(text):
    print("images: " + text, flush=True)


def sha_bytes(data):
    return hashlib.sha256(data).hexdigest()


def sha_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha_tree(path):
    """A digest of a folder: every path, mode, link target and file content below it."""
    h = hashlib.sha256()
    for top, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(dirs + files):
            full = os.path.join(top, name)
            st = os.lstat(full)
            h.update(("%s %o\n" % (os.path.relpath(full, path), st.st_mode)).encode())
            if os.path.islink(full):
                h.update(os.readlink(full).encode())
            elif os.path.isfile(full):
                h.update(sha_file(full).encode())
    return h.hexdigest()


def key_of(*parts):
    return sha_bytes(json.dumps([BUILD_REV] + list(parts), sort_keys=True).encode())[:32]


def read_properties(path):
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                values[k.strip()] = v.strip()
    return values


def upstream_version(debian_version):
    """15.20-0+deb12u1 -> 15.20; 1:2.3-1 -> 2.3 (no epoch, no Debian revision)."""
    v = debian_version.split(":", 1)[-1]
    return v.rsplit("-", 1)[0] if "-" in v else v


def version_specs(spec):
    """What an image.json says about its versions: "versions" (an image of two programs) or "version"."""
    return spec["versions"] if "versions" in spec else [spec.get("version", {})]


def expected_version(v, versions):
    """The version one entry of version_specs must be: a property of versions.properties, the chart's appVersion, or fixed."""
    if "property" in v:
        if v["property"] not in versions:
            raise Failure("images/versions.properties has no %s" % v["property"])
        return versions[v["property"]]
    if "chart" in v:
        chart = open(os.path.join(REPO, v["chart"])).read()
        m = re.search(r'^appVersion:\s*"?([^"\s]+)"?', chart, re.M)
        if not m:
            raise Failure("no appVersion in %s" % v["chart"])
        return m.group(1)
    return v["fixed"]


def reference_of(spec, versions):
    """The image's reference: {version} is its (first) version, {<property>} the version of that property."""
    expected = [expected_version(v, versions) for v in version_specs(spec)]
    named = {v["property"]: e for v, e in zip(version_specs(spec), expected) if "property" in v}
    return spec["reference"].format(version=expected[0], **named)


def run(cmd, log, **kw):
    """Runs cmd with its output appended to log; raises Failure with the log's tail."""
    with open(log, "a") as out:
        out.write("# %s\n" % " ".join(cmd))
        out.flush()
        rc = subprocess.call(cmd, stdout=out, stderr=subprocess.STDOUT, **kw)
    if rc != 0:
        with open(log, errors="replace") as f:
            tail = "".join(f.readlines()[-25:])
        raise Failure("%s exited with %d; last lines of %s:\n%s" % (cmd[0], rc, log, tail))


# ----------------------------------------------------------------------------------- tar layers --

class LayerWriter:
    """A layer tar written by this script: root-owned entries with a fixed time unless told."""

    def __init__(self, path):
        self.tar = tarfile.open(path, "w", format=tarfile.GNU_FORMAT)
        self.seen = set()

    def _info(self, path, kind, mode, owner):
        name = path.strip("/")
        info = tarfile.TarInfo(name)
        info.type = kind
        info.mode = mode
        info.uid, info.gid = owner
        info.uname = info.gname = ""
        info.mtime = FIXED_MTIME
        return info

    def parents(self, path):
        parts = path.strip("/").split("/")[:-1]
        for i in range(1, len(parts) + 1):
            parent = "/".join(parts[:i])
            if parent not in self.seen:
                self.seen.add(parent)
                self.tar.addfile(self._info(parent, tarfile.DIRTYPE, 0o755, (0, 0)))

    def dir(self, path, mode=0o755, owner=(0, 0)):
        self.parents(path)
        self.seen.add(path.strip("/"))
        self.tar.addfile(self._info(path, tarfile.DIRTYPE, mode, owner))

    def symlink(self, path, target):
        self.parents(path)
        info = self._info(path, tarfile.SYMTYPE, 0o777, (0, 0))
        info.linkname = target
        self.tar.addfile(info)

    def file(self, path, data, mode=0o644, owner=(0, 0)):
        self.parents(path)
        info = self._info(path, tarfile.REGTYPE, mode, owner)
        info.size = len(data)
        self.tar.addfile(info, io.BytesIO(data))

    def host_file(self, path, source, mode=None, keep_mtime=False):
        self.parents(path)
        st = os.stat(source)
        info = self._info(path, tarfile.REGTYPE, mode if mode is not None else (st.st_mode & 0o7777), (0, 0))
        info.size = st.st_size
        if keep_mtime:
            info.mtime = int(st.st_mtime)
        with open(source, "rb") as f:
            self.tar.addfile(info, f)

    def host_tree(self, path, source, keep_mtime=False):
        """The folder source at path, sorted, root-owned; modes kept (group and others may read)."""
        self.dir(path)
        for top, dirs, files in os.walk(source):
            dirs.sort()
            rel = os.path.relpath(top, source)
            for name in sorted(dirs):
                full = os.path.join(top, name)
                dest = os.path.normpath(os.path.join(path, rel, name))
                if os.path.islink(full):
                    self.symlink(dest, os.readlink(full))
                else:
                    self.dir(dest, 0o755)
            for name in sorted(files):
                full = os.path.join(top, name)
                dest = os.path.normpath(os.path.join(path, rel, name))
                if os.path.islink(full):
                    self.symlink(dest, os.readlink(full))
                else:
                    mode = os.stat(full).st_mode & 0o777
                    self.host_file(dest, full, mode | 0o444, keep_mtime)

    def close(self):
        self.tar.close()


# --------------------------------------------------------------------------------------- builder --

class Builder:

    def __init__(self, out, force):
        self.out = out
        self.force = force
        self.cache = os.path.join(out, "cache")
        self.stamps = os.path.join(out, "stamps")
        self.logs = os.path.join(out, "logs")
        for d in (self.cache, self.stamps, self.logs):
            os.makedirs(d, exist_ok=True)
        self.versions = read_properties(os.path.join(HERE, "versions.properties"))
        self.testenv_dir = os.environ.get("WESTCHAT_TESTENV_DIR") or os.path.expanduser("~/.cache/westchat-testenv")
        self.python = os.environ.get("WESTCHAT_PYTHON", "python3")
        self.base_spec = json.load(open(os.path.join(HERE, "base", "base.json")))
        self.specs = {}
        for name in ORDER:
            with open(os.path.join(HERE, name, "image.json")) as f:
                self.specs[name] = json.load(f)
        self.done = {}  # layer key -> (tar path, diff id)

    # ---- stamps

    def stamp(self, name):
        try:
            with open(os.path.join(self.stamps, name)) as f:
                return f.read().strip()
        except FileNotFoundError:
            return None

    def set_stamp(self, name, key):
        with open(os.path.join(self.stamps, name), "w") as f:
            f.write(key + "\n")

    def clear_stamp(self, name):
        try:
            os.remove(os.path.join(self.stamps, name))
        except FileNotFoundError:
            pass

    # ---- the shared Debian root file system

    def debian_sources(self):
        """The host's Debian bookworm sources (one-line form), so mmdebstrap uses the same mirror as apt here."""
        suite = self.base_spec["suite"]
        wanted = {suite, suite + "-updates", suite + "-security"}
        lines = []
        entries = []
        d = "/etc/apt/sources.list.d"
        files = ["/etc/apt/sources.list"] + sorted(os.path.join(d, f) for f in (os.listdir(d) if os.path.isdir(d) else []))
        for path in files:
            if not os.path.isfile(path):
                continue
            text = open(path).read()
            if path.endswith(".sources"):
                for stanza in re.split(r"\n\s*\n", text):
                    fields = {}
                    for line in stanza.splitlines():
                        if line.startswith("#") or ":" not in line:
                            continue
                        k, v = line.split(":", 1)
                        fields[k.strip().lower()] = v.split()
                    if fields.get("enabled", ["yes"])[0] == "no" or "deb" not in fields.get("types", []):
                        continue
                    for uri in fields.get("uris", []):
                        for s in fields.get("suites", []):
                            entries.append((uri, s, fields.get("components", [])))
            elif path.endswith(".list"):
                for line in text.splitlines():
                    words = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()
                    if len(words) >= 3 and words[0] == "deb":
                        entries.append((words[1], words[2], words[3:]))
        for uri, s, components in entries:
            if s in wanted and "main" in components:
                line = "deb %s %s main" % (uri, s)
                if line not in lines:
                    lines.append(line)
        if not any(l.split()[2] == suite for l in lines):
            raise Failure("no Debian %s source with main in /etc/apt/sources.list(.d); the base needs the machine's Debian mirror" % suite)
        return lines

    def base_key(self, sources):
        hook = sha_file(os.path.join(HERE, "base", "essential-hook.sh"))
        # The versions the images must have: a new version in versions.properties rebuilds the base.
        wanted = sorted({(v["debian"], self.versions.get(v.get("property", ""), ""))
                         for s in self.specs.values() for v in version_specs(s) if "debian" in v})
        return key_of("base", self.base_spec, hook, sources, wanted)

    def base_layer(self):
        """(tar, diff id) of the shared root file system; made with mmdebstrap when its stamp is stale."""
        sources = self.debian_sources()
        key = self.base_key(sources)
        if key in self.done:
            return self.done[key]
        tar = os.path.join(self.cache, "base.tar")
        meta = os.path.join(self.cache, "base.json")
        if not self.force and self.stamp("base") == key and os.path.isfile(tar) and os.path.isfile(meta):
            info = json.load(open(meta))
            self.done[key] = (tar, info["diff_id"])
            return self.done[key]
        if shutil.which("mmdebstrap") is None:
            raise Failure("mmdebstrap is not installed (apt-get install mmdebstrap)")
        if os.geteuid() != 0:
            raise Failure("mmdebstrap needs root here (its root mode runs the packages' scripts in a chroot)")
        self.clear_stamp("base")
        start = time.time()
        log = os.path.join(self.logs, "base.log")
        open(log, "w").close()
        rootfs = os.path.join(self.cache, "base.rootfs")
        debs = os.path.join(self.cache, "debs")
        os.makedirs(debs, exist_ok=True)
        shutil.rmtree(rootfs, ignore_errors=True)
        spec = self.base_spec
        cmd = ["mmdebstrap", "--mode=root", "--format=directory", "--variant=" + spec["variant"],
               "--include=" + ",".join(spec["packages"]),
               "--aptopt=APT::Install-Recommends \"false\"",
               "--essential-hook=" + os.path.join(HERE, "base", "essential-hook.sh"),
               # downloaded packages are kept in DIR/cache/debs for the next build
               "--setup-hook=mkdir -p \"$1\"/var/cache/apt/archives",
               "--setup-hook=sync-in " + debs + " /var/cache/apt/archives",
               "--customize-hook=sync-out /var/cache/apt/archives " + debs]
        for pattern in spec.get("dpkg_excludes", []):
            cmd.append("--dpkgopt=path-exclude=" + pattern)
        for pattern in spec.get("dpkg_includes", []):
            cmd.append("--dpkgopt=path-include=" + pattern)
        cmd += ["-v", spec["suite"], rootfs] + sources
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(FIXED_MTIME))
        run(cmd, log, env=env)
        packages = self.dpkg_status(rootfs)
        # drop downloaded packages that are no longer part of the root file system
        keep = {"%s_%s_%s.deb" % (p, v["version"].replace(":", "%3a"), v["arch"]) for p, v in packages.items()}
        for f in os.listdir(debs):
            if f.endswith(".deb") and f not in keep:
                os.remove(os.path.join(debs, f))
        # The layer: the whole tree but device nodes, in name order, owners as numbers.
        run(["tar", "--create", "--file", tar + ".tmp", "--format=gnu", "--numeric-owner", "--sort=name",
             "--exclude=./dev/*", "--exclude=./proc/*", "--exclude=./sys/*", "-C", rootfs, "."], log)
        os.replace(tar + ".tmp", tar)
        shutil.rmtree(rootfs)
        diff_id = "sha256:" + sha_file(tar)
        with open(meta, "w") as f:
            json.dump({"diff_id": diff_id, "packages": packages}, f, indent=1, sort_keys=True)
        self.set_stamp("base", key)
        say("debian %s base (%d packages, %d MB): built (%ds)" % (
            spec["suite"], len(packages), os.path.getsize(tar) >> 20, time.time() - start))
        self.done[key] = (tar, diff_id)
        return self.done[key]

    @staticmethod
    def dpkg_status(rootfs):
        packages = {}
        with open(os.path.join(rootfs, "var/lib/dpkg/status")) as f:
            for stanza in f.read().split("\n\n"):
                fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", stanza, re.M))
                if "Package" in fields and fields.get("Status", "").endswith(" installed"):
                    packages[fields["Package"]] = {"version": fields["Version"], "arch": fields.get("Architecture", "")}
        return packages

    def base_packages(self):
        return json.load(open(os.path.join(self.cache, "base.json")))["packages"]

    # ---- the layers of one image

    def layer(self, name, spec, index):
        kind = spec["type"]
        if kind == "base":
            return self.base_layer()
        label = "%s-%d-%s" % (name, index, kind)
        folder = os.path.join(HERE, name)
        if kind == "files":
            src = os.path.join(folder, spec["from"]) if "from" in spec else None
            key = key_of(label, spec, sha_tree(src) if src else "")
            make = lambda tar: self.files_layer(tar, spec, src)
        elif kind == "pip":
            req = [os.path.join(TESTENV, "requirements.txt"), os.path.join(TESTENV, "constraints.txt")]
            key = key_of(label, spec, [sha_file(r) for r in req])
            make = lambda tar: self.pip_layer(tar, spec, name)
        elif kind == "testenv-binary":
            binary = os.path.join(self.testenv_dir, "bin", spec["binary"])
            if not os.access(binary, os.X_OK):
                raise Failure("%s is missing; run e2e-tests/testenv/install.sh %s first" % (binary, spec["binary"]))
            key = key_of(label, spec, sha_file(binary))
            make = lambda tar: self.binary_layer(tar, spec, binary)
        elif kind == "testenv-folder":
            src = os.path.join(self.testenv_dir, spec["folder"])
            package = os.path.join(self.testenv_dir, spec["package_json"]) if "package_json" in spec else None
            if not os.path.isdir(src) or (package and not os.path.isfile(package)):
                raise Failure("%s is missing; run e2e-tests/testenv/install.sh %s first" % (
                    src if not os.path.isdir(src) else package, spec["part"]))
            extra = [os.path.join(self.testenv_dir, f["from"]) for f in spec.get("files", [])]
            key = key_of(label, spec, sha_tree(src), [sha_file(f) for f in extra + ([package] if package else [])])
            make = lambda tar: self.folder_layer(tar, spec, src, package)
        elif kind == "tree":
            src = os.path.join(REPO, spec["from"])
            if not os.path.isdir(src):
                raise Failure("%s is missing; %s" % (spec["from"], spec.get("missing", "build it first")))
            key = key_of(label, spec, sha_tree(src))
            make = lambda tar: self.tree_layer(tar, spec, src)
        elif kind == "static-c":
            src = os.path.join(folder, spec["source"])
            gcc = subprocess.run(["gcc", "--version"], capture_output=True, text=True).stdout.splitlines()[:1]
            key = key_of(label, spec, sha_file(src), gcc)
            make = lambda tar: self.static_c_layer(tar, spec, src, name)
        else:
            raise Failure("unknown layer type %r in images/%s/image.json" % (kind, name))
        if key in self.done:
            return self.done[key]
        tar = os.path.join(self.cache, label + ".tar")
        meta = tar[:-4] + ".json"
        if not self.force and self.stamp(label) == key and os.path.isfile(tar) and os.path.isfile(meta):
            self.done[key] = (tar, json.load(open(meta))["diff_id"])
            return self.done[key]
        self.clear_stamp(label)
        extra = make(tar + ".tmp") or {}
        os.replace(tar + ".tmp", tar)
        diff_id = "sha256:" + sha_file(tar)
        with open(meta, "w") as f:
            json.dump(dict(extra, diff_id=diff_id), f, indent=1, sort_keys=True)
        self.set_stamp(label, key)
        self.done[key] = (tar, diff_id)
        return self.done[key]

    def layer_meta(self, tar):
        return json.load(open(tar[:-4] + ".json"))

    @staticmethod
    def owner(text):
        uid, gid = (text or "0:0").split(":")
        return int(uid), int(gid)

    def files_layer(self, tar, spec, src):
        w = LayerWriter(tar)
        for d in spec.get("dirs", []):
            w.dir(d["path"], int(d.get("mode", "755"), 8), self.owner(d.get("owner")))
        for s in spec.get("symlinks", []):
            w.symlink(s["path"], s["target"])
        if src:
            for top, dirs, files in os.walk(src):
                dirs.sort()
                for f in sorted(files):
                    full = os.path.join(top, f)
                    mode = 0o755 if os.access(full, os.X_OK) else 0o644
                    w.host_file("/" + os.path.relpath(full, src), full, mode)
        w.close()

    def binary_layer(self, tar, spec, binary):
        w = LayerWriter(tar)
        for d in spec.get("dirs", []):
            w.dir(d["path"], int(d.get("mode", "755"), 8), self.owner(d.get("owner")))
        w.host_file(spec["path"], binary, 0o755)
        w.close()
        out = subprocess.run([binary] + spec["version_args"], capture_output=True, text=True)
        return {"version_output": (out.stdout + out.stderr).strip()}

    def folder_layer(self, tar, spec, src, package):
        """A folder of the install folder (Converse.js' dist/), root-owned, readable by all, with fixed times."""
        w = LayerWriter(tar)
        w.host_tree(spec["path"], src)
        for f in spec.get("files", []):
            w.host_file(f["path"], os.path.join(self.testenv_dir, f["from"]), 0o644)
        w.close()
        if package:
            with open(package) as f:
                meta = json.load(f)
            return {"npm_package": {"name": meta.get("name"), "version": meta.get("version")}}
        return {}

    def tree_layer(self, tar, spec, src):
        w = LayerWriter(tar)
        w.host_tree(spec["path"], src, keep_mtime=True)
        w.close()

    def static_c_layer(self, tar, spec, src, name):
        log = os.path.join(self.logs, name + ".log")
        open(log, "w").close()
        with tempfile.TemporaryDirectory() as tmp:
            binary = os.path.join(tmp, "out")
            run(["gcc", "-static", "-Os", "-Wall", "-o", binary, src], log)
            run(["strip", binary], log)
            w = LayerWriter(tar)
            w.host_file(spec["path"], binary, 0o755)
            w.close()

    def pip_layer(self, tar, spec, name):
        """The named requirements (with their dependencies, as constraints.txt pins them) for the base's Python."""
        log = os.path.join(self.logs, name + ".log")
        open(log, "w").close()
        py = spec["python"]  # the base's python3, major.minor
        site = "/usr/local/lib/python%s/dist-packages" % py
        wanted = []
        with open(os.path.join(TESTENV, "requirements.txt")) as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line and re.split(r"[=<>!~\[ ]", line, 1)[0].lower() in spec["requirements"]:
                    wanted.append(line)
        if len(wanted) != len(spec["requirements"]):
            raise Failure("e2e-tests/testenv/requirements.txt does not pin all of %s" % ", ".join(spec["requirements"]))
        platforms = []
        for minor in range(int(spec.get("glibc_minor", 36)), 16, -1):
            platforms += ["--platform", "manylinux_2_%d_x86_64" % minor]
        platforms += ["--platform", "manylinux2014_x86_64", "--platform", "linux_x86_64"]
        with tempfile.TemporaryDirectory() as tmp:
            target = os.path.join(tmp, "site")
            run([self.python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--no-compile",
                 "--target", target, "--only-binary=:all:", "--implementation", "cp", "--python-version", py,
                 "--abi", "cp" + py.replace(".", "")] + platforms + ["-c", os.path.join(TESTENV, "constraints.txt")] + wanted, log)
            installed = {}
            for entry in os.listdir(target):
                m = re.match(r"(.+)-([^-]+)\.dist-info$", entry)
                if m:
                    installed[m.group(1).lower().replace("_", "-")] = m.group(2)
            # Byte-compile with an interpreter of the same minor version, so a read-only root file system
            # still starts fast; the cached .pyc files hold the source times the layer keeps.
            host_py = subprocess.run([self.python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                     capture_output=True, text=True).stdout.strip()
            if host_py == py:
                run([self.python, "-m", "compileall", "-q", "-j", "0", target], log)
            w = LayerWriter(tar)
            scripts = os.path.join(target, "bin")
            if os.path.isdir(scripts):
                for f in sorted(os.listdir(scripts)):
                    data = open(os.path.join(scripts, f), "rb").read()
                    if data.startswith(b"#!") and b"python" in data.split(b"\n", 1)[0]:
                        data = b"#!/usr/bin/python3\n" + data.split(b"\n", 1)[1]
                    w.file("/usr/local/bin/" + f, data, 0o755)
                shutil.rmtree(scripts)
            w.host_tree(site, target, keep_mtime=True)
            w.close()
        return {"python_packages": installed}

    # ---- versions

    def check_versions(self, name, spec, layers):
        """Refuses the image when what it holds is not the version versions.properties names (each, for two)."""
        for v in version_specs(spec):
            self.check_version(name, spec, v, expected_version(v, self.versions), layers)

    def check_version(self, name, spec, v, expected, layers):
        """Refuses the image when the program v names is not the expected version."""
        if "debian" in v:
            pkg = v["debian"]
            got = self.base_packages().get(pkg)
            if got is None:
                raise Failure("the Debian package %s is not in the base" % pkg)
            if upstream_version(got["version"]) != expected:
                raise Failure("Debian's %s is %s, but images/versions.properties says %s=%s" % (
                    pkg, got["version"], v["property"], expected))
        elif "pip" in v:
            for layer in spec["layers"]:
                py = layer.get("python")
                if py and "python" + py not in self.base_packages():
                    raise Failure("the Python layer is made for python%s, which the Debian base does not have" % py)
            got = None
            for tar, _ in layers:
                got = self.layer_meta(tar).get("python_packages", {}).get(v["pip"]) or got
            if got != expected:
                raise Failure("PyPI's %s installed is %s, but images/versions.properties says %s=%s" % (
                    v["pip"], got, v["property"], expected))
        elif "npm" in v:
            got = None
            for tar, _ in layers:
                package = self.layer_meta(tar).get("npm_package") or {}
                got = package.get("version") if package.get("name") == v["npm"] else got
            if got != expected:
                raise Failure("the npm package %s in the image is %s, but images/versions.properties says %s=%s" % (
                    v["npm"], got, v["property"], expected))
        elif "command_output" in v:
            out = ""
            for tar, _ in layers:
                out = self.layer_meta(tar).get("version_output", out) if tar.endswith("-testenv-binary.tar") else out
            m = re.search(v["command_output"], out)
            if not m or m.group(1) != expected:
                raise Failure("%s --version says %r, but images/versions.properties says %s=%s" % (
                    spec["layers"][-1].get("path", name), out, v["property"], expected))

    # ---- images

    def image_config(self, spec, diff_ids):
        c = spec["config"]
        env = list(c.get("Env", []))
        if not any(e.startswith("PATH=") for e in env):
            env.insert(0, "PATH=" + DEFAULT_PATH)
        config = {"Env": env, "User": c.get("User", ""), "WorkingDir": c.get("WorkingDir", "/"),
                  "Entrypoint": c.get("Entrypoint"), "Cmd": c.get("Cmd")}
        if c.get("ExposedPorts"):
            config["ExposedPorts"] = {p: {} for p in c["ExposedPorts"]}
        if c.get("StopSignal"):
            config["StopSignal"] = c["StopSignal"]
        config["Labels"] = {"org.opencontainers.image.source": "westchat-operator images/%s" % spec["_name"]}
        return {"architecture": "amd64", "os": "linux", "created": "2023-11-14T22:13:20Z",
                "config": config, "rootfs": {"type": "layers", "diff_ids": diff_ids},
                "history": [{"created": "2023-11-14T22:13:20Z", "created_by": "images/build.py: " + l["type"]}
                            for l in spec["layers"]]}

    def build_image(self, name):
        spec = dict(self.specs[name], _name=name)
        start = time.time()
        reference = spec["reference"]
        try:
            reference = reference_of(spec, self.versions)
            layers = [self.layer(name, l, i) for i, l in enumerate(spec["layers"])]
            self.check_versions(name, spec, layers)
        except Failure as e:
            raise Failure("%s (images/%s): %s" % (reference, name, e))
        config = json.dumps(self.image_config(spec, [d for _, d in layers]), sort_keys=True).encode()
        key = key_of("image", reference, sha_bytes(config))
        if self.stamp("image-" + name) == key and not self.force:
            say("%s: already present" % reference)
        else:
            self.set_stamp("image-" + name, key)
            say("%s: built (%ds)" % (reference, time.time() - start))
        image = {"name": name, "reference": reference, "config": config, "layers": layers, "key": key}
        with open(os.path.join(self.cache, "image-%s.json" % name), "w") as f:
            json.dump(dict(image, config=config.decode()), f, indent=1)
        return image

    def last_built(self, name):
        """The image as this folder last built it, when all its layers are still there; else None."""
        try:
            with open(os.path.join(self.cache, "image-%s.json" % name)) as f:
                image = json.load(f)
        except FileNotFoundError:
            return None
        if self.stamp("image-" + name) != image["key"] or not all(os.path.isfile(t) for t, _ in image["layers"]):
            return None
        return dict(image, config=image["config"].encode())

    def write_archive(self, path, images):
        """One docker-archive: each layer file once, a config per image, manifest.json naming the references."""
        key = key_of("archive", [(i["reference"], i["key"]) for i in images])
        stamp = "archive-" + os.path.basename(path)
        if not self.force and self.stamp(stamp) == key and os.path.isfile(path):
            return False
        self.clear_stamp(stamp)
        manifest = []
        written = set()
        with tarfile.open(path + ".tmp", "w", format=tarfile.GNU_FORMAT) as t:
            def add_bytes(arcname, data):
                info = tarfile.TarInfo(arcname)
                info.size = len(data)
                info.mtime = FIXED_MTIME
                t.addfile(info, io.BytesIO(data))
            for image in images:
                names = []
                for tar, diff_id in image["layers"]:
                    hexid = diff_id.split(":", 1)[1]
                    arc = hexid + "/layer.tar"
                    if hexid not in written:
                        written.add(hexid)
                        info = t.gettarinfo(tar, arc)
                        info.uid = info.gid = 0
                        info.uname = info.gname = ""
                        info.mtime = FIXED_MTIME
                        with open(tar, "rb") as f:
                            t.addfile(info, f)
                    names.append(arc)
                config_name = sha_bytes(image["config"]) + ".json"
                add_bytes(config_name, image["config"])
                manifest.append({"Config": config_name, "RepoTags": [image["reference"]], "Layers": names})
            add_bytes("manifest.json", json.dumps(manifest, indent=1).encode())
        os.replace(path + ".tmp", path)
        self.set_stamp(stamp, key)
        return True


def main():
    parser = argparse.ArgumentParser(prog="images/build.sh", description="Builds the project's test images as docker-archives.")
    parser.add_argument("--out", help="output and cache folder (default: $WESTCHAT_TESTENV_DIR/images)")
    parser.add_argument("--force", action="store_true", help="rebuild the named images and their layers")
    parser.add_argument("components", nargs="*", metavar="COMPONENT",
                        help="%s (default: all but operator)" % " ".join(ORDER))
    args = parser.parse_args()
    names = args.components or [n for n in ORDER if n != "operator"]
    for n in names:
        if n not in ORDER:
            parser.error("unknown component %s (one of: %s)" % (n, " ".join(ORDER)))
    out = args.out or os.path.join(os.environ.get("WESTCHAT_TESTENV_DIR") or os.path.expanduser("~/.cache/westchat-testenv"), "images")
    out = os.path.abspath(out)
    os.makedirs(out, exist_ok=True)
    lock = open(os.path.join(out, ".lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        say("waiting for another build into %s" % out)
        fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        builder = Builder(out, args.force)
        images = {}
        for n in [n for n in ORDER if n in names]:
            images[n] = builder.build_image(n)
        # images.tar: the named images, and every other one this folder built before (as it was built)
        plain = []
        if any(n != "operator" for n in images):
            for n in ORDER:
                if n != "operator":
                    image = images.get(n) or builder.last_built(n)
                    if image:
                        plain.append(image)
        for path, group in ((os.path.join(out, "images.tar"), plain),
                            (os.path.join(out, "operator.tar"), [images[n] for n in ("operator",) if n in images])):
            if group and builder.write_archive(path, group):
                say("wrote %s (%d image%s, %d MB)" % (path, len(group), "" if len(group) == 1 else "s",
                                                      os.path.getsize(path) >> 20))
    except Failure as e:
        print("images: FAILED: %s" % e, file=sys.stderr)
        print("images: logs in %s" % os.path.join(out, "logs"), file=sys.stderr)
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
