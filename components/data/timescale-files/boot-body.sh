# shellcheck shell=bash
# The logic of the TimescaleDB instance's first boot; timescale-boot.ts prepends the settings
# (REGION, DATA_VOLUME_ID, PG_MAJOR, ...). Functions, so a test can source the script and run one.
log() { echo "hse-timescale: $*"; }

data_device() {
    echo "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${DATA_VOLUME_ID//-/}"
}

wait_for_device() {
    local device=$1 tries=0
    until [[ -b "$device" ]]; do
        tries=$((tries + 1))
        if ((tries > 120)); then
            log "the data volume never appeared at $device"
            return 1
        fi
        sleep 5
    done
}

# Formats the device only when blkid finds no signature on it (exit status 2). A replacement
# instance finds the data of the one before and must never format it; any other blkid failure
# stops the boot rather than risk the data.
ensure_filesystem() {
    local device=$1 status=0
    if [[ ! -e "$device" ]]; then
        log "$device does not exist; not formatting anything"
        return 1
    fi
    blkid -p "$device" >/dev/null 2>&1 || status=$?
    case "$status" in
        0) log "a file system is on $device; keeping it" ;;
        2)
            log "$device is blank; creating a file system"
            mkfs.ext4 -q -L pgdata "$device"
            ;;
        *)
            log "blkid failed on $device (status $status); not touching it"
            return 1
            ;;
    esac
}

mount_data() {
    local device=$1 uuid
    uuid=$(blkid -s UUID -o value "$device")
    mkdir -p "$MOUNT_POINT"
    if ! grep -q "^UUID=$uuid " /etc/fstab; then
        echo "UUID=$uuid $MOUNT_POINT ext4 defaults,nofail,noatime 0 2" >>/etc/fstab
    fi
    mountpoint -q "$MOUNT_POINT" || mount "$MOUNT_POINT"
}

# Writes to <keyring> the keys served at <url> whose primary fingerprint is one of the pinned
# <fingerprint>s, and nothing else; fails, writing nothing, when the download holds none of them.
# A key is never trusted for being served by the repository's own host.
pinned_key() {
    local url=$1 keyring=$2 home fpr found=()
    shift 2
    home=$(mktemp -d)
    if curl -fsSL "$url" -o "$home/download" && gpg --homedir "$home" --batch --quiet --import "$home/download" 2>/dev/null; then
        for fpr in "$@"; do
            # The first fpr record after pub is the primary key's (a subkey's fingerprint does not count).
            if gpg --homedir "$home" --batch --with-colons --list-keys "$fpr" 2>/dev/null |
                awk -F: '$1 == "fpr" { print $10; exit }' | grep -qx "$fpr"; then
                found+=("$fpr")
            fi
        done
    fi
    if ((${#found[@]} > 0)); then
        gpg --homedir "$home" --batch --export "${found[@]}" >"$home/keyring"
        install -m 0644 "$home/keyring" "$keyring"
    fi
    gpgconf --homedir "$home" --kill all 2>/dev/null || true
    rm -rf "$home"
    if ((${#found[@]} == 0)); then
        log "no pinned key ($*) in $url; not trusting it"
        return 1
    fi
    log "trusting ${found[*]} from $url"
}

# PostgreSQL from the PostgreSQL project's repository, TimescaleDB from Timescale's own (the
# Community build, with compression and continuous aggregates), pgBackRest for backups.
install_packages() {
    local codename
    # shellcheck source=/dev/null
    codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
    export DEBIAN_FRONTEND=noninteractive
    install -d -m 0755 /etc/apt/keyrings /etc/postgresql-common
    # The packages must not create a cluster on the root volume.
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
    pinned_key https://www.postgresql.org/media/keys/ACCC4CF8.asc /etc/apt/keyrings/pgdg.gpg "${PGDG_KEYS[@]}"
    echo "deb [signed-by=/etc/apt/keyrings/pgdg.gpg] https://apt.postgresql.org/pub/repos/apt $codename-pgdg main" >/etc/apt/sources.list.d/pgdg.list
    pinned_key https://packagecloud.io/timescale/timescaledb/gpgkey /etc/apt/keyrings/timescaledb.gpg "${TIMESCALE_KEYS[@]}"
    echo "deb [signed-by=/etc/apt/keyrings/timescaledb.gpg] https://packagecloud.io/timescale/timescaledb/ubuntu/ $codename main" >/etc/apt/sources.list.d/timescaledb.list
    apt-get update -q
    apt-get install -y -q "postgresql-$PG_MAJOR" "timescaledb-2-$TIMESCALEDB_VERSION-postgresql-$PG_MAJOR" \
        "timescaledb-2-loader-postgresql-$PG_MAJOR" pgbackrest python3-boto3
    systemctl disable --now postgresql.service || true
}

init_cluster() {
    if [[ -f "$PGDATA/PG_VERSION" ]]; then
        log "a cluster is in $PGDATA; keeping it"
        return
    fi
    install -d -o postgres -g postgres -m 0700 "$PGDATA"
    runuser -u postgres -- "/usr/lib/postgresql/$PG_MAJOR/bin/initdb" -D "$PGDATA" \
        --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --data-checksums
}

# The settings files of a configuration directory, included by name: the directory also holds
# pg_hba.conf, which is no settings file (include_dir would parse it as one, and the server would
# not start).
settings_includes() {
    local dir=$1
    echo "include '$dir/hse.conf'"
    echo "include_if_exists '$dir/memory.conf'"
}

# Settings live in /etc/hse-timescale (written at boot from the stack); the cluster includes
# them. Memory settings follow the instance's memory: hse-timescale-tune writes them before
# every start of the server.
configure_server() {
    local conf="$PGDATA/postgresql.conf"
    # A cluster set up by an earlier boot document included the whole directory.
    sed -i "\\|^include_dir = '/etc/hse-timescale'|d" "$conf"
    if ! grep -qxF "include '/etc/hse-timescale/hse.conf'" "$conf"; then
        settings_includes /etc/hse-timescale >>"$conf"
    fi
    install_tls "$TLS_DIR"
    chown -R root:postgres /etc/hse-timescale
    chmod 0640 /etc/hse-timescale/*
}

# The server's certificate (signed by the stack's CA, for this address) and its private key, from
# their secret into `dir` (postgres alone may read it). The key goes from Secrets Manager to the
# file inside Python: never in an argument, the environment or a log. Run again by hand after the
# stack renews the certificate (README, TimescaleDB rotation), then reload the server.
install_tls() {
    local dir=$1
    install -d -o postgres -g postgres -m 0700 "$dir"
    python3 - "$REGION" "$TLS_SECRET_ARN" "$dir" <<'PYTHON'
import json, os, sys
import boto3
region, arn, directory = sys.argv[1:4]
value = json.loads(boto3.client("secretsmanager", region_name=region).get_secret_value(SecretId=arn)["SecretString"])
for name, field in (("server.crt", "certificate"), ("server.key", "privateKey")):
    target = os.path.join(directory, name)
    fd = os.open(target + ".new", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(value[field])
    os.replace(target + ".new", target)
PYTHON
    chown postgres:postgres "$dir/server.crt" "$dir/server.key"
    log "installed the server certificate and key in $dir"
}

start_server() {
    systemctl daemon-reload
    systemctl enable --now hse-timescaledb.service
    until runuser -u postgres -- pg_isready -q -p "$PG_PORT"; do sleep 2; done
}

configure_backups() {
    install -d -o postgres -g postgres -m 0750 /var/log/pgbackrest /var/spool/pgbackrest
    runuser -u postgres -- pgbackrest --stanza="$STANZA" stanza-create
    runuser -u postgres -- pgbackrest --stanza="$STANZA" check
    systemctl enable --now hse-backup-full.timer hse-backup-diff.timer
    if ! runuser -u postgres -- pgbackrest --stanza="$STANZA" info --output=json | grep -q '"backup":\[{'; then
        log "no backup yet; taking the first full backup"
        systemctl start --no-block hse-backup-full.service
    fi
}

main() {
    local device
    device=$(data_device)
    wait_for_device "$device"
    ensure_filesystem "$device"
    mount_data "$device"
    install_packages
    init_cluster
    configure_server
    start_server
    /usr/local/sbin/hse-timescale-roles "$REGION" "$PG_PORT" "$DATABASE" "$ADMIN_SECRET_ARN" "$APP_SECRET_ARN"
    configure_backups
    log "ready"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
