#!/usr/bin/env python3
"""Checks built images without a container runtime: unpacks each image's layers from DIR/images.tar
(or DIR/operator.tar) into a temporary folder, makes sure its entrypoint and command exist on the
image's PATH, and runs the "checks" of images/<component>/image.json in a chroot, as the uid the
operator runs that container with, with the image's environment and working folder.

usage: images/check.sh --out DIR [COMPONENT...]     (root: chroot and mounts)

The chroot shares the machine's network: a check that starts a server binds it to loopback.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build  # noqa: E402  (the same spec files, references and order)


def images_in(archive):
    with tarfile.open(archive) as t:
        manifest = json.load(t.extractfile("manifest.json"))
        return {m["RepoTags"][0]: (m, json.load(t.extractfile(m["Config"]))) for m in manifest}


def unpack(archive, manifest, root):
    with tarfile.open(archive) as t:
        for layer in manifest["Layers"]:
            member = t.getmember(layer)
            src = t.extractfile(member)
            # GNU tar as root keeps owners, modes, links and special files as a runtime would
            proc = subprocess.Popen(["tar", "-x", "-p", "--numeric-owner", "-C", root, "-f", "-"], stdin=subprocess.PIPE)
            shutil.copyfileobj(src, proc.stdin, 1 << 20)
            proc.stdin.close()
            if proc.wait() != 0:
                raise RuntimeError("could not unpack %s" % layer)


def resolve(root, path_dirs, program):
    """The file program names inside root (symlinks followed inside root), or None."""
    candidates = [program] if "/" in program else [os.path.join(d, program) for d in path_dirs]
    for c in candidates:
        p = c
        for _ in range(40):
            full = os.path.join(root, p.lstrip("/"))
            if os.path.islink(full):
                target = os.readlink(full)
                p = target if target.startswith("/") else os.path.join(os.path.dirname(p), target)
                continue
            break
        full = os.path.join(root, os.path.normpath(p).lstrip("/"))
        if os.path.isfile(full) and os.access(full, os.X_OK):
            return c
    return None


def run_check(root, config, check):
    env = dict(e.split("=", 1) for e in config.get("Env") or [])
    env.update(dict(e.split("=", 1) for e in check.get("env", [])))
    user = check.get("user") or config.get("User") or "0:0"
    if ":" not in user:
        user += ":" + user
    workdir = config.get("WorkingDir") or "/"
    script = ('mount --rbind /dev "$1/dev" && mount -t proc proc "$1/proc" && '
              'cd "$1" && exec chroot --userspec="$2" --groups="${2#*:}" "$1" /usr/bin/env -C "$3" "${@:4}"')
    if not os.path.exists(os.path.join(root, "usr/bin/env")):
        # no shell tools in the image (pause): run the program directly
        script = ('mount --rbind /dev "$1/dev" && mount -t proc proc "$1/proc" && '
                  'exec chroot --userspec="$2" --groups="${2#*:}" "$1" "${@:5}"')
    cmd = ["unshare", "--mount", "--propagation", "private", "bash", "-c", script, "check", root, user, workdir]
    if os.path.exists(os.path.join(root, "usr/bin/env")):
        cmd += ["-i"] + ["%s=%s" % kv for kv in sorted(env.items())]
    else:
        cmd += ["-"]
    cmd += check["command"]
    # The output goes to a file the user owns, as a runtime hands a container its own stdio: a program
    # that reopens /dev/stdout or /dev/stderr (nginx's log links) may.
    with tempfile.TemporaryFile(mode="w+") as log:
        uid, gid = (int(x) for x in user.split(":"))
        os.fchown(log.fileno(), uid, gid)
        rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env={"PATH": env.get("PATH", build.DEFAULT_PATH)},
                            timeout=check.get("timeout", 120)).returncode
        log.seek(0)
        output = log.read()
    ok = rc == 0 and re.search(check.get("expect", ""), output, re.M) is not None
    return ok, output.strip()


def main():
    parser = argparse.ArgumentParser(prog="images/check.sh")
    parser.add_argument("--out", required=True)
    parser.add_argument("components", nargs="*")
    args = parser.parse_args()
    names = args.components or [n for n in build.ORDER if n != "operator"]
    versions = build.read_properties(os.path.join(HERE, "versions.properties"))
    failed = 0
    for name in names:
        spec = json.load(open(os.path.join(HERE, name, "image.json")))
        archive = os.path.join(args.out, "operator.tar" if name == "operator" else "images.tar")
        ref = build.reference_of(spec, versions)
        found = images_in(archive).get(ref)
        if not found:
            print("check: %s: not in %s" % (ref, archive))
            failed += 1
            continue
        manifest, image = found
        config = image["config"]
        with tempfile.TemporaryDirectory(prefix="westchat-image-") as root:
            os.chmod(root, 0o755)
            unpack(archive, manifest, root)
            os.makedirs(os.path.join(root, "dev"), exist_ok=True)
            os.makedirs(os.path.join(root, "proc"), exist_ok=True)
            size = int(subprocess.run(["du", "-sm", root], capture_output=True, text=True).stdout.split()[0])
            path = next((e[5:] for e in config.get("Env") or [] if e.startswith("PATH=")), build.DEFAULT_PATH).split(":")
            argv = (config.get("Entrypoint") or []) + (config.get("Cmd") or [])
            program = argv[0]
            if resolve(root, path, program) is None:
                print("check: %s: FAILED: its command %s is not in the image" % (ref, program))
                failed += 1
                continue
            print("check: %s: %d MB unpacked, runs %s" % (ref, size, " ".join(argv)))
            for check in spec.get("checks", []):
                ok, output = run_check(root, config, check)
                shown = output if len(output) < 400 or os.environ.get("CHECK_VERBOSE") else output[:200] + " ... " + output[-200:]
                print("  %s %s: %s" % ("ok    " if ok else "FAILED", " ".join(check["command"])[:100],
                                       shown.replace("\n", "\n" + " " * 10)))
                failed += 0 if ok else 1
    print("check: %d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
