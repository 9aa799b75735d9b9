// The first-boot document of the self-managed TimescaleDB instance, as a pure function of its
// settings, so it is tested: the bash script passes shellcheck, the cloud-config passes
// `cloud-init schema`, nothing secret is in it (only secret ARNs: passwords and the server's
// TLS key are read from Secrets Manager at boot), and the data volume is formatted only when it holds no file system.
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { gzipSync } from "zlib";

export interface TimescaleBootSettings {
    readonly region: string;
    /** EBS volume id of the data volume (vol-...), found on Nitro as /dev/disk/by-id/nvme-...<id>. */
    readonly dataVolumeId: string;
    readonly postgresMajor: number;
    /** Timescale's package version (the Community/TSL build), e.g. "2.27.1". */
    readonly timescaledbVersion: string;
    readonly port: number;
    readonly database: string;
    readonly adminSecretArn: string;
    readonly appSecretArn: string;
    /** The secret with the server's certificate and private key, signed by the stack's CA (timescale-certificates.ts). */
    readonly tlsSecretArn: string;
    /** Networks allowed to connect (the private subnets, where the services and functions run). */
    readonly allowedCidrs: readonly string[];
    readonly backupBucket: string;
    /** Full backups kept by pgBackRest (weekly fulls, daily differentials). */
    readonly fullBackupsKept: number;
}

export const MOUNT_POINT = "/data";
export const STANZA = "hse";
/** Where the boot document writes the server's settings and pg_hba.conf. */
export const CONFIG_DIR = "/etc/hse-timescale";
/** Where the server's certificate and key live: the root volume, so no backup or snapshot of the data carries the key. */
export const TLS_DIR = "/etc/hse-timescale-tls";
/** EC2 user data is limited to 16 KB (EC2 user guide, "Run commands at launch"). */
export const USER_DATA_MAX_BYTES = 16384;

/**
 * Primary-key fingerprints of the package signing keys the boot document trusts: a key served by
 * a repository's host is trusted only if it is one of these.
 * - PostgreSQL project (PGDG), https://www.postgresql.org/media/keys/ACCC4CF8.asc, "PostgreSQL
 *   Debian Repository": docker-library/postgres, Dockerfile-debian.template pins the same key.
 * - Timescale, https://packagecloud.io/timescale/timescaledb/gpgkey: the first is packagecloud's
 *   key of the timescale/timescaledb repository (timescale/timescaledb issue #7582, where apt names
 *   it as the repository's signing key); the second is served with it at the same address (found
 *   pinned with it for this URL in a public installer).
 */
export const PGDG_KEY_FINGERPRINTS = ["B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8"] as const;
export const TIMESCALE_KEY_FINGERPRINTS = ["1005FB68604CE9B8F6879CF759F18EDF47F24417", "0641009A8366FDE4444A7B62E7391C94080429FF"] as const;

function shellQuote(value: string): string {
    return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** The settings block at the top of the script: every value quoted for the shell. */
function settingsBlock(s: TimescaleBootSettings): string {
    return [
        `readonly REGION=${shellQuote(s.region)}`,
        `readonly DATA_VOLUME_ID=${shellQuote(s.dataVolumeId)}`,
        `readonly PG_MAJOR=${shellQuote(String(s.postgresMajor))}`,
        `readonly TIMESCALEDB_VERSION=${shellQuote(s.timescaledbVersion)}`,
        `readonly PG_PORT=${shellQuote(String(s.port))}`,
        `readonly DATABASE=${shellQuote(s.database)}`,
        `readonly ADMIN_SECRET_ARN=${shellQuote(s.adminSecretArn)}`,
        `readonly APP_SECRET_ARN=${shellQuote(s.appSecretArn)}`,
        `readonly TLS_SECRET_ARN=${shellQuote(s.tlsSecretArn)}`,
        `readonly TLS_DIR=${shellQuote(TLS_DIR)}`,
        `readonly MOUNT_POINT=${shellQuote(MOUNT_POINT)}`,
        `readonly PGDATA=${shellQuote(`${MOUNT_POINT}/postgresql/${s.postgresMajor}`)}`,
        `readonly STANZA=${shellQuote(STANZA)}`,
        `readonly PGDG_KEYS=(${PGDG_KEY_FINGERPRINTS.map(shellQuote).join(" ")})`,
        `readonly TIMESCALE_KEYS=(${TIMESCALE_KEY_FINGERPRINTS.map(shellQuote).join(" ")})`,
    ].join("\n");
}

// The logic and the roles script are files of their own (timescale-files/), identical for every
// environment: linted by shellcheck as they are, read here and completed with the settings.
const FILES = path.join(__dirname, "timescale-files");
const SCRIPT_BODY = fs.readFileSync(path.join(FILES, "boot-body.sh"), "utf8");
const ROLES_SCRIPT = fs.readFileSync(path.join(FILES, "roles.py"), "utf8");
/** Run before every start of the server: grows the file system, sets memory from the instance's. */
export const TUNE_SCRIPT = fs.readFileSync(path.join(FILES, "tune.sh"), "utf8");
export const TUNE_PATH = "/usr/local/sbin/hse-timescale-tune";
export const MEMORY_SETTINGS_FILE = "/etc/hse-timescale/memory.conf";

/**
 * A shell script as shipped in the user data, which EC2 limits to 16 KB: without its comment
 * lines (shellcheck directives kept), blank lines and indentation. The files in timescale-files/
 * keep them; the scripts have no here-documents or multi-line strings a line could belong to (a
 * test compares the functions bash reads from both).
 */
export function shippedShell(script: string): string {
    const [shebang, ...rest] = script.split("\n");
    const lines: string[] = [];
    let hereDocEnd: string | undefined;
    for (const line of rest) {
        // A here-document's body (Python, say) is shipped as written: its indentation is syntax.
        if (hereDocEnd !== undefined) {
            lines.push(line);
            if (line === hereDocEnd) hereDocEnd = undefined;
            continue;
        }
        const text = line.trim();
        if (text === "" || (text.startsWith("#") && !text.startsWith("# shellcheck "))) continue;
        lines.push(text);
        hereDocEnd = /<<-?\s*'?"?([A-Za-z_][A-Za-z0-9_]*)'?"?\s*$/.exec(text)?.[1];
    }
    return [shebang, ...lines].join("\n") + "\n";
}

/**
 * The user data as EC2 receives it: the cloud-config gzip-compressed, which cloud-init
 * uncompresses before reading it ("User data formats": gzip compressed content; EC2's 16 KB
 * limit applies to these bytes), then base64 for the provider's userDataBase64 (its userData
 * must not carry gzip). gzip's header holds no time here, so the same document gives the same bytes.
 */
export function userDataBase64(document: string): string {
    return gzipSync(Buffer.from(document, "utf8"), { level: 9 }).toString("base64");
}

/** The boot script: settings, then the shared logic. */
export function bootScript(s: TimescaleBootSettings): string {
    return `#!/usr/bin/env bash
# First boot of the TimescaleDB instance. Generated by components/data/timescale-boot.ts.
set -euo pipefail

${settingsBlock(s)}
${SCRIPT_BODY}`;
}

function postgresqlConf(s: TimescaleBootSettings): string {
    return [
        "# Written at boot from the stack (components/data/timescale-boot.ts).",
        "listen_addresses = '*'",
        `port = ${s.port}`,
        "ssl = on",
        "ssl_min_protocol_version = 'TLSv1.2'",
        `ssl_cert_file = '${TLS_DIR}/server.crt'`,
        `ssl_key_file = '${TLS_DIR}/server.key'`,
        "password_encryption = 'scram-sha-256'",
        "hba_file = '/etc/hse-timescale/pg_hba.conf'",
        "shared_preload_libraries = 'timescaledb'",
        "wal_level = replica",
        "archive_mode = on",
        `archive_command = 'pgbackrest --stanza=${STANZA} archive-push %p'`,
        "log_connections = on",
        "log_disconnections = on",
        "log_min_duration_statement = 500",
        "timescaledb.telemetry_level = off",
        "",
    ].join("\n");
}

/** Only TLS, only SCRAM, only from the allowed networks; the local superuser by peer. */
export function pgHba(allowedCidrs: readonly string[]): string {
    return ["local all postgres peer", ...allowedCidrs.map((cidr) => `hostssl all all ${cidr} scram-sha-256`), ""].join("\n");
}

function pgbackrestConf(s: TimescaleBootSettings): string {
    return [
        "[global]",
        "repo1-type=s3",
        `repo1-path=/${STANZA}`,
        `repo1-s3-bucket=${s.backupBucket}`,
        `repo1-s3-region=${s.region}`,
        `repo1-s3-endpoint=s3.${s.region}.amazonaws.com`,
        // Credentials of the instance role, refreshed before they expire.
        "repo1-s3-key-type=auto",
        `repo1-retention-full=${s.fullBackupsKept}`,
        "start-fast=y",
        "compress-type=zst",
        "archive-async=y",
        "spool-path=/var/spool/pgbackrest",
        "",
        `[${STANZA}]`,
        `pg1-path=${MOUNT_POINT}/postgresql/${s.postgresMajor}`,
        `pg1-port=${s.port}`,
        "",
    ].join("\n");
}

function serverUnit(s: TimescaleBootSettings): string {
    return [
        "[Unit]",
        `Description=TimescaleDB on PostgreSQL ${s.postgresMajor}, data on ${MOUNT_POINT}`,
        "After=network-online.target",
        `RequiresMountsFor=${MOUNT_POINT}`,
        "",
        "[Service]",
        "Type=notify",
        "User=postgres",
        // Before every start, so at every boot: as root ("+"), file system and memory settings
        // follow the volume and the instance type, which change in place.
        `ExecStartPre=+${TUNE_PATH} ${MOUNT_POINT} ${MEMORY_SETTINGS_FILE}`,
        `ExecStart=/usr/lib/postgresql/${s.postgresMajor}/bin/postgres -D ${MOUNT_POINT}/postgresql/${s.postgresMajor}`,
        "ExecReload=/bin/kill -HUP $MAINPID",
        "KillMode=mixed",
        "KillSignal=SIGINT",
        "TimeoutSec=infinity",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "",
    ].join("\n");
}

function backupUnits(kind: "full" | "diff", onCalendar: string): { service: string; timer: string } {
    return {
        service: ["[Unit]", `Description=pgBackRest ${kind} backup`, "", "[Service]", "Type=oneshot", "User=postgres", `ExecStart=/usr/bin/pgbackrest --stanza=${STANZA} --type=${kind} backup`, ""].join("\n"),
        timer: ["[Unit]", `Description=pgBackRest ${kind} backup schedule`, "", "[Timer]", `OnCalendar=${onCalendar}`, "Persistent=true", "", "[Install]", "WantedBy=timers.target", ""].join("\n"),
    };
}

/** The whole user data: a #cloud-config that writes the files and runs the script once. */
export function cloudConfig(s: TimescaleBootSettings): string {
    const full = backupUnits("full", "Sun *-*-* 02:00:00");
    const diff = backupUnits("diff", "Mon..Sat *-*-* 02:00:00");
    const file = (path: string, content: string, permissions: string) => ({ path, content, permissions, owner: "root:root" });
    const document = {
        write_files: [
            file("/usr/local/sbin/hse-timescale-boot", shippedShell(bootScript(s)), "0750"),
            file("/usr/local/sbin/hse-timescale-roles", ROLES_SCRIPT, "0750"),
            file(TUNE_PATH, shippedShell(TUNE_SCRIPT), "0750"),
            file("/etc/hse-timescale/hse.conf", postgresqlConf(s), "0640"),
            file("/etc/hse-timescale/pg_hba.conf", pgHba(s.allowedCidrs), "0640"),
            file("/etc/pgbackrest/pgbackrest.conf", pgbackrestConf(s), "0644"),
            file("/etc/systemd/system/hse-timescaledb.service", serverUnit(s), "0644"),
            file("/etc/systemd/system/hse-backup-full.service", full.service, "0644"),
            file("/etc/systemd/system/hse-backup-full.timer", full.timer, "0644"),
            file("/etc/systemd/system/hse-backup-diff.service", diff.service, "0644"),
            file("/etc/systemd/system/hse-backup-diff.timer", diff.timer, "0644"),
        ],
        runcmd: [["/usr/local/sbin/hse-timescale-boot"]],
    };
    // Lists not indented: two bytes less on every line of the 16 KB EC2 allows.
    return `#cloud-config\n${stringify(document, { lineWidth: 0, indentSeq: false })}`;
}
