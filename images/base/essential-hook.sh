#!/bin/sh
# mmdebstrap essential hook: runs once the Essential packages are in the root file system at $1 and
# before the others install. It adds the users whose ids the images must keep, so that the packages'
# own scripts find them and do not pick an id of their own:
#   postgres 999:999  the PostgreSQL image's user (its entrypoint and initdb need the passwd entry)
#   nginx    101:101  the user of the unprivileged nginx image
# and tells postgresql-common not to create a "main" cluster: the postgres image makes its
# database at first start, in PGDATA.
set -eu
root=$1

add_group() { # name gid
    grep -q "^$1:" "$root/etc/group" || echo "$1:x:$2:" >>"$root/etc/group"
    if [ -f "$root/etc/gshadow" ] && ! grep -q "^$1:" "$root/etc/gshadow"; then echo "$1:!::" >>"$root/etc/gshadow"; fi
}
add_user() { # name uid gid comment home shell
    grep -q "^$1:" "$root/etc/passwd" || echo "$1:x:$2:$3:$4:$5:$6" >>"$root/etc/passwd"
    if [ -f "$root/etc/shadow" ] && ! grep -q "^$1:" "$root/etc/shadow"; then echo "$1:*:19000:0:99999:7:::" >>"$root/etc/shadow"; fi
}

add_group postgres 999
add_user postgres 999 999 "PostgreSQL administrator" /var/lib/postgresql /bin/bash
add_group nginx 101
add_user nginx 101 101 "nginx user" /nonexistent /usr/sbin/nologin

mkdir -p "$root/etc/postgresql-common/createcluster.d"
echo "create_main_cluster = false" >"$root/etc/postgresql-common/createcluster.d/westchat-images.conf"
