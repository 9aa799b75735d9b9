// Facts about the self-managed TimescaleDB that config validation and the component share.

/** self-managed: TimescaleDB on an EC2 instance of ours; external: a managed service by endpoint. */
export const TIMESCALE_MODES = ["self-managed", "external"] as const;
export type TimescaleMode = (typeof TIMESCALE_MODES)[number];

/**
 * PostgreSQL 17 from the PostgreSQL project's apt repository (arm64 builds exist), and
 * Timescale's Community (TSL) build 2.27.1, published for Ubuntu 24.04 arm64 on Timescale's
 * packagecloud repository (packagecloud.io/timescale/timescaledb, noble). Timescale publishes no
 * aarch64 RPMs, hence Ubuntu rather than Amazon Linux.
 */
export const TIMESCALE_DEFAULTS = { postgresMajor: 17, timescaledbVersion: "2.27.1" } as const;

/** Canonical's public SSM parameter for the current Ubuntu 24.04 LTS arm64 AMI (gp3 root). */
export const UBUNTU_ARM64_AMI_PARAMETER = "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id";

/**
 * Graviton instance families (the "g" after the generation: t4g, m7g, r6g, r8g, c7gn ...). The
 * packages above are arm64 builds, so the instance must be Graviton.
 */
export const GRAVITON_INSTANCE_TYPE = /^[a-z]+[0-9]+g[a-z]*\.(nano|micro|small|medium|large|[0-9]*xlarge|metal)$/;

/**
 * gp3 volumes (EBS user guide, "General Purpose SSD volumes"): 1-16384 GiB, 3000-16000 IOPS,
 * 125-1000 MiBps, at most 500 IOPS per GiB and 0.25 MiBps per IOPS.
 */
export const EBS_GP3 = { minSizeGb: 1, maxSizeGb: 16384, minIops: 3000, maxIops: 16000, minThroughput: 125, maxThroughput: 1000, maxIopsPerGb: 500, maxMibpsPerIops: 0.25 } as const;

/** Data Lifecycle Manager keeps 1-1000 snapshots per schedule (DLM API, RetainRule.Count). */
export const SNAPSHOT_RETENTION = { min: 1, max: 1000 } as const;
