// The parameter group's settings, from the seed (§10.2.2: max_connections 200, work_mem 16 MB)
// plus TLS and logging. Pure: the component declares what this returns.
import { PostgresEngineVersion, POSTGRES_ENGINE_VERSIONS } from "./postgres-engine";

export interface PostgresTuning {
    readonly maxConnections: number;
    readonly workMemMb: number;
    /** Statements slower than this are logged, in milliseconds. */
    readonly slowStatementMs: number;
    readonly sharedPreloadLibraries: readonly string[];
}

export interface DbParameter {
    readonly name: string;
    readonly value: string;
    /** `immediate` only for dynamic parameters; `pending-reboot` is valid for any (ModifyDBParameterGroup). */
    readonly applyMethod: "immediate" | "pending-reboot";
}

export function postgresParameters(version: PostgresEngineVersion, tuning: PostgresTuning): DbParameter[] {
    const { major } = POSTGRES_ENGINE_VERSIONS[version];
    return [
        // Static in PostgreSQL: RDS refuses `immediate` for it.
        { name: "max_connections", value: String(tuning.maxConnections), applyMethod: "pending-reboot" },
        // work_mem is in kB.
        { name: "work_mem", value: String(tuning.workMemMb * 1024), applyMethod: "immediate" },
        // On by default from PostgreSQL 15; set anyway so it is visible and enforced.
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        { name: "log_min_duration_statement", value: String(tuning.slowStatementMs), applyMethod: "immediate" },
        // PostgreSQL 18 made log_connections a list; RDS's postgres18 family accepts "all".
        { name: "log_connections", value: major >= 18 ? "all" : "1", applyMethod: "pending-reboot" },
        { name: "log_disconnections", value: "1", applyMethod: "pending-reboot" },
        ...(tuning.sharedPreloadLibraries.length > 0
            ? [{ name: "shared_preload_libraries", value: tuning.sharedPreloadLibraries.join(","), applyMethod: "pending-reboot" as const }]
            : []),
    ];
}
