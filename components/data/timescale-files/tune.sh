#!/usr/bin/env bash
# Before every start of TimescaleDB (the server unit's ExecStartPre, so at every boot, not only
# the first): the data file system grown to the size of its volume (a bigger volume is an
# in-place EBS change), and PostgreSQL's memory settings computed from the instance's memory (a
# bigger instance type is an in-place stop, change and start). Functions take their paths as
# arguments, so a test can run them on files.
set -euo pipefail

log() { echo "hse-timescale-tune: $*" >&2; }

# memory_settings <meminfo>: the settings for the memory meminfo reports. A quarter of it for
# shared buffers, three quarters as the planner's cache estimate, a sixteenth (at most 2 GiB)
# for maintenance.
memory_settings() {
    local kb
    kb=$(awk '/^MemTotal:/ {print $2}' "$1")
    if [[ ! "$kb" =~ ^[0-9]+$ ]] || ((kb < 65536)); then
        log "no usable MemTotal in $1 ('$kb')"
        return 1
    fi
    local maintenance=$((kb / 16))
    if ((maintenance > 2097152)); then maintenance=2097152; fi
    echo "# Written before every start by hse-timescale-tune, from MemTotal: $kb kB."
    echo "shared_buffers = '$((kb / 4))kB'"
    echo "effective_cache_size = '$((kb * 3 / 4))kB'"
    echo "maintenance_work_mem = '${maintenance}kB'"
}

# write_memory_settings <meminfo> <file>: replaces the file whole, readable by the server only.
write_memory_settings() {
    local settings
    settings=$(memory_settings "$1")
    printf '%s\n' "$settings" >"$2.new"
    chmod 0640 "$2.new"
    if getent group postgres >/dev/null; then chgrp postgres "$2.new"; fi
    mv "$2.new" "$2"
    log "$(grep '^shared_buffers' "$2")"
}

# grow_filesystem <device>: ext4 grown to the whole device. Online when it is mounted (as at
# every start: the unit requires the mount); a file system that is not mounted is checked first,
# as resize2fs requires.
grow_filesystem() {
    local device=$1
    if ! findmnt -n --source "$device" >/dev/null 2>&1; then
        e2fsck -f -p "$device" >&2
    fi
    resize2fs "$device" >&2
}

main() {
    local mount_point=$1 settings_file=$2 device
    device=$(findmnt -n -o SOURCE --mountpoint "$mount_point") || {
        log "nothing is mounted at $mount_point"
        return 1
    }
    grow_filesystem "$device"
    write_memory_settings /proc/meminfo "$settings_file"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
