#!/bin/sh
# Creates the accounts the operator manages on Prosody (each admin's and the operator's own) before
# Prosody starts, in the init container of the Prosody pod and in the interop tests alike.
#
#   create-accounts.sh CONFIG_FILE ACCOUNTS_DIR DOMAIN
#
# Every file in ACCOUNTS_DIR is named after an account and holds its first password, from the
# account's Secret. An account that exists already is left as it is, so a password its owner
# changed on the server stays changed. Passwords reach prosodyctl on its standard input only,
# never on a command line.
set -eu
config=$1
accounts=$2
domain=$3

for file in "$accounts"/*; do
  [ -f "$file" ] || continue
  user=${file##*/}
  password=$(cat "$file")
  if output=$(printf '%s\n%s\n' "$password" "$password" | prosodyctl --config "$config" adduser "$user@$domain" 2>&1); then
    echo "created $user@$domain"
  else
    case $output in
      *"already exists"*) echo "kept $user@$domain: it exists" ;;
      *) printf 'could not create %s@%s:\n%s\n' "$user" "$domain" "$output" >&2; exit 1 ;;
    esac
  fi
done
