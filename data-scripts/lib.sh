#!/usr/bin/env bash
# Shared helpers for the data scripts (sourced, not run). Every failure names what failed,
# because these scripts mostly run unattended (make targets, CI) where a bare non-zero
# exit from curl or tar tells the user nothing.

die() { echo "error: $*" >&2; exit 1; }
note() { echo "$*" >&2; }

# Repository root, so default destinations do not depend on the caller's working folder.
repo_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd); }

# fetch_url URL OUT: download with curl (handles http://, https://, file://); atomic via OUT.part.
fetch_url() {
  local url="$1" out="$2"
  command -v curl >/dev/null 2>&1 || die "curl is not installed (needed to download $url)"
  note "downloading $url"
  if ! curl -fL --retry 2 --connect-timeout 20 -o "$out.part" "$url"; then
    rm -f "$out.part"
    die "download failed: $url (check the URL, your network, or download it by hand into $(dirname "$out"))"
  fi
  mv -f "$out.part" "$out"
}

sha256_of() { sha256sum "$1" | cut -c1-64; }
md5_of() { md5sum "$1" | cut -c1-32; }

# verify_digest FILE ALGO EXPECTED: ALGO md5 or sha256; EXPECTED empty or "skip" only reports.
# (The published archives come with MD5s only, so that is what the defaults check.)
verify_digest() {
  local file="$1" algo="$2" expected="$3" actual
  case "$algo" in
    md5) actual="$(md5_of "$file")" ;;
    sha256) actual="$(sha256_of "$file")" ;;
    *) die "unknown digest $algo" ;;
  esac
  if [ -z "$expected" ] || [ "$expected" = skip ]; then
    note "$algo $actual  $file (not checked: no expected checksum given)"
    return 0
  fi
  [ "$actual" = "$expected" ] || die "checksum mismatch for $file: expected $algo $expected, got $actual (corrupt, incomplete or different download; delete it and retry)"
  note "$algo ok  $file"
}

# verify_sha256 FILE EXPECTED: EXPECTED may be empty or "skip" to only report the digest.
verify_sha256() {
  local file="$1" expected="$2" actual
  actual="$(sha256_of "$file")"
  if [ -z "$expected" ] || [ "$expected" = skip ]; then
    note "sha256 $actual  $file (not checked: no expected checksum given)"
    return 0
  fi
  [ "$actual" = "$expected" ] || die "checksum mismatch for $file: expected sha256 $expected, got $actual (corrupt or different download; delete it and retry)"
}

# unpack ARCHIVE DIR: tar(.gz/.tgz/.bz2/.xz) or zip, with a clear message when it fails.
unpack() {
  local archive="$1" dir="$2"
  mkdir -p "$dir"
  case "$archive" in
    *.zip)
      command -v unzip >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1 \
        || die "need unzip or python3 to unpack $archive"
      if command -v unzip >/dev/null 2>&1; then
        unzip -q -o "$archive" -d "$dir" || die "could not unpack $archive (corrupt zip?)"
      else
        python3 -c 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$archive" "$dir" \
          || die "could not unpack $archive (corrupt zip?)"
      fi ;;
    *) tar -xf "$archive" -C "$dir" || die "could not unpack $archive (corrupt archive?)" ;;
  esac
}

# require_files DIR FILE...: the layout check every script ends with.
require_files() {
  local dir="$1"; shift
  local f
  for f in "$@"; do
    [ -e "$dir/$f" ] || die "after unpacking, $dir/$f is missing: the archive does not have the expected layout"
  done
}
