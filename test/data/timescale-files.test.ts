// The files the TimescaleDB instance's first boot writes, read as their programs read them: the
// server settings by PostgreSQL itself (Debian's package, `postgres -C`), the others line by
// line, since each line is a decision (TLS floor, archiving, retention, schedules).
import { expect } from "chai";
import { parse } from "yaml";
import { cloudConfig, MOUNT_POINT, STANZA, TimescaleBootSettings } from "../../components/data/timescale-boot";
import { readSettings } from "../support/postgres-server";

const SETTINGS: TimescaleBootSettings = {
    region: "eu-west-1",
    dataVolumeId: "vol-0fedcba9876543210",
    postgresMajor: 17,
    timescaledbVersion: "2.27.1",
    port: 5433,
    database: "hse_devices",
    adminSecretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:hse/staging/timescale-admin-AbCdEf",
    appSecretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:hse/staging/timescale-GhIjKl",
    tlsSecretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:hse/staging/timescale-tls-MnOpQr",
    allowedCidrs: ["10.1.10.0/24"],
    backupBucket: "hse-staging-timescale-backups-xyz",
    fullBackupsKept: 3,
};

interface WrittenFile { path: string; content: string; permissions: string; owner: string }
const document = parse(cloudConfig(SETTINGS).replace(/^#cloud-config\n/, "")) as { write_files: WrittenFile[]; runcmd: string[][] };
const file = (path: string) => {
    const found = document.write_files.find((f) => f.path === path);
    if (!found) throw new Error(`no file ${path} in the cloud-config`);
    return found;
};
const lines = (path: string) => file(path).content.split("\n");

describe("TimescaleDB first-boot files", () => {
    it("writes the scripts executable by root alone, the configuration readable, and runs the boot script once", () => {
        expect(document.write_files.map((f) => [f.path, f.permissions, f.owner])).to.deep.equal([
            ["/usr/local/sbin/hse-timescale-boot", "0750", "root:root"],
            ["/usr/local/sbin/hse-timescale-roles", "0750", "root:root"],
            ["/usr/local/sbin/hse-timescale-tune", "0750", "root:root"],
            ["/etc/hse-timescale/hse.conf", "0640", "root:root"],
            ["/etc/hse-timescale/pg_hba.conf", "0640", "root:root"],
            ["/etc/pgbackrest/pgbackrest.conf", "0644", "root:root"],
            ["/etc/systemd/system/hse-timescaledb.service", "0644", "root:root"],
            ["/etc/systemd/system/hse-backup-full.service", "0644", "root:root"],
            ["/etc/systemd/system/hse-backup-full.timer", "0644", "root:root"],
            ["/etc/systemd/system/hse-backup-diff.service", "0644", "root:root"],
            ["/etc/systemd/system/hse-backup-diff.timer", "0644", "root:root"],
        ]);
        expect(document.runcmd).to.deep.equal([["/usr/local/sbin/hse-timescale-boot"]]);
    });

    it("gives PostgreSQL settings it accepts: TLS 1.2 or later only, SCRAM, our pg_hba, WAL archived by pgBackRest, connections and slow statements logged", function () {
        const conf = file("/etc/hse-timescale/hse.conf").content;
        expect(conf.startsWith("# Written at boot from the stack (components/data/timescale-boot.ts).\n")).to.equal(true);
        expect(conf.endsWith("\n")).to.equal(true);
        const wanted = {
            listen_addresses: "*",
            port: "5433",
            ssl: "on",
            ssl_min_protocol_version: "TLSv1.2",
            // The stack's certificate, kept off the data volume (no backup or snapshot carries the key).
            ssl_cert_file: "/etc/hse-timescale-tls/server.crt",
            ssl_key_file: "/etc/hse-timescale-tls/server.key",
            password_encryption: "scram-sha-256",
            hba_file: "/etc/hse-timescale/pg_hba.conf",
            shared_preload_libraries: "timescaledb",
            wal_level: "replica",
            archive_mode: "on",
            archive_command: `pgbackrest --stanza=${STANZA} archive-push %p`,
            log_connections: "on",
            log_disconnections: "on",
            log_min_duration_statement: "500",
            "timescaledb.telemetry_level": "off",
        };
        // Every line but the comment sets one of these, and nothing else.
        expect(conf.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(" = ")[0])).to.deep.equal(Object.keys(wanted));
        // log_min_duration_statement is in ms, as written (PostgreSQL shows `-C` values without units).
        expect(readSettings(conf, Object.keys(wanted))).to.deep.equal(wanted);
    });

    it("backs up to the bucket over S3 in the instance's region with the instance role, keeping the set number of fulls", () =>
        expect(lines("/etc/pgbackrest/pgbackrest.conf")).to.deep.equal([
            "[global]",
            "repo1-type=s3",
            `repo1-path=/${STANZA}`,
            "repo1-s3-bucket=hse-staging-timescale-backups-xyz",
            "repo1-s3-region=eu-west-1",
            "repo1-s3-endpoint=s3.eu-west-1.amazonaws.com",
            "repo1-s3-key-type=auto",
            "repo1-retention-full=3",
            "start-fast=y",
            "compress-type=zst",
            "archive-async=y",
            "spool-path=/var/spool/pgbackrest",
            "",
            `[${STANZA}]`,
            `pg1-path=${MOUNT_POINT}/postgresql/17`,
            "pg1-port=5433",
            "",
        ]));

    it("runs the server as postgres from the data volume, after the network and the mount, tuned before every start, stopping it cleanly", () =>
        expect(lines("/etc/systemd/system/hse-timescaledb.service")).to.deep.equal([
            "[Unit]",
            "Description=TimescaleDB on PostgreSQL 17, data on /data",
            "After=network-online.target",
            "RequiresMountsFor=/data",
            "",
            "[Service]",
            "Type=notify",
            "User=postgres",
            "ExecStartPre=+/usr/local/sbin/hse-timescale-tune /data /etc/hse-timescale/memory.conf",
            "ExecStart=/usr/lib/postgresql/17/bin/postgres -D /data/postgresql/17",
            "ExecReload=/bin/kill -HUP $MAINPID",
            "KillMode=mixed",
            "KillSignal=SIGINT",
            "TimeoutSec=infinity",
            "",
            "[Install]",
            "WantedBy=multi-user.target",
            "",
        ]));

    it("takes a full backup on Sundays and a differential the other days, at 02:00, catching up after downtime", () => {
        for (const [kind, calendar] of [["full", "Sun *-*-* 02:00:00"], ["diff", "Mon..Sat *-*-* 02:00:00"]]) {
            expect(lines(`/etc/systemd/system/hse-backup-${kind}.service`)).to.deep.equal([
                "[Unit]",
                `Description=pgBackRest ${kind} backup`,
                "",
                "[Service]",
                "Type=oneshot",
                "User=postgres",
                `ExecStart=/usr/bin/pgbackrest --stanza=${STANZA} --type=${kind} backup`,
                "",
            ]);
            expect(lines(`/etc/systemd/system/hse-backup-${kind}.timer`)).to.deep.equal([
                "[Unit]",
                `Description=pgBackRest ${kind} backup schedule`,
                "",
                "[Timer]",
                `OnCalendar=${calendar}`,
                "Persistent=true",
                "",
                "[Install]",
                "WantedBy=timers.target",
                "",
            ]);
        }
    });
});
