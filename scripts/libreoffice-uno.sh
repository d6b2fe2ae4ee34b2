# Sourced by the scripts that drive a headless LibreOffice through UNO
# (libreoffice-aller-retour.sh, avis-libreoffice.sh): a scratch folder
# removed on exit, a LibreOffice listening on a pipe, waiting for it to
# quit, and stopping only that one.
#
# Needs: soffice (SOFFICE, default soffice).

soffice="${SOFFICE:-soffice}"
lo_pid=""

# LibreOffice's notice about Java (not installed, not needed) is dropped.
quiet_lo() { grep -v "javaldx" >&2 || true; }

# start_libreoffice PROFILE_DIR PIPE: a LibreOffice in its own process
# group and profile, listening on PIPE.
start_libreoffice() {
    setsid "$soffice" --headless --invisible --norestore --nologo \
        "-env:UserInstallation=file://$1" \
        "--accept=pipe,name=$2;urp;" 2> >(quiet_lo) &
    lo_pid=$!
}

# wait_libreoffice: LibreOffice quits when a script asks it; a few seconds.
wait_libreoffice() {
    for _ in $(seq 1 20); do
        kill -0 "$lo_pid" 2>/dev/null || break
        sleep 0.5
    done
}

# stop_libreoffice: the LibreOffice started above, by its process group,
# if it still runs.
stop_libreoffice() {
    if [ -n "$lo_pid" ] && kill -0 "$lo_pid" 2>/dev/null; then
        kill -- "-$lo_pid" 2>/dev/null || true
    fi
}

# scratch_dir: sets `work` to a new temporary folder; on exit, it is removed
# and the LibreOffice started here stopped.
scratch_dir() {
    work="$(mktemp -d)"
    trap 'stop_libreoffice; rm -rf "$work"' EXIT
}
