#!/bin/sh
# Entrypoint of the project's Prosody test image (images/prosody/README.md).
#   prosody ...   runs Prosody (started as root, Prosody itself changes to its "prosody" user)
#   anything else is handed to prosodyctl, e.g. `adduser alice@example.org`
# With LOCAL, DOMAIN and PASSWORD set, the account LOCAL@DOMAIN is registered before Prosody starts.
set -e
if [ "$1" != prosody ]; then
    exec prosodyctl "$@"
fi
if [ -n "${LOCAL:-}" ] && [ -n "${DOMAIN:-}" ] && [ -n "${PASSWORD:-}" ]; then
    prosodyctl register "$LOCAL" "$DOMAIN" "$PASSWORD"
fi
exec "$@"
