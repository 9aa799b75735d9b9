// The TimescaleDB boot document's settings for tests, as components/data/timescale-instance.ts
// gives them for a stack: its secrets' ARNs, its backup bucket, one allowed network per zone.
import { TimescaleBootSettings } from "../../components/data/timescale-boot";

export function bootSettings(stack: string, region: string, overrides: Partial<TimescaleBootSettings> = {}): TimescaleBootSettings {
    const secret = (name: string, suffix: string) => `arn:aws:secretsmanager:${region}:111122223333:secret:hse/${stack}/${name}-${suffix}`;
    return {
        region,
        dataVolumeId: "vol-0123456789abcdef0",
        postgresMajor: 17,
        timescaledbVersion: "2.27.1",
        port: 5432,
        database: "hse_devices",
        adminSecretArn: secret("timescale-admin", "AbCdEf"),
        appSecretArn: secret("timescale", "GhIjKl"),
        tlsSecretArn: secret("timescale-tls", "MnOpQr"),
        allowedCidrs: ["10.0.10.0/24", "10.0.11.0/24"],
        backupBucket: `hse-${stack}-timescale-backups-abc`,
        fullBackupsKept: 2,
        ...overrides,
    };
}
