// The platform's secrets a service may read, by the name config uses, with their JSON keys.
// Services name a secret key as "<secret>.<key>" (e.g. postgres.password); only these exist.
import { CACHE_SECRET_KEYS } from "../../components/data/cache";
import { DATABASE_SECRET_KEYS } from "../../components/data/postgres-app-user";
import { NEW_RELIC_SECRET_KEYS } from "../../components/secrets/new-relic-secret";
import { JWT_SECRET_KEYS } from "../../functions/rotation/jwt-value";

export const SECRET_CATALOG: Readonly<Record<string, readonly string[]>> = {
    postgres: DATABASE_SECRET_KEYS,
    // caCertificate: the CA of a self-managed TimescaleDB's server certificate (decision 0021).
    timescale: [...DATABASE_SECRET_KEYS, "caCertificate"],
    cache: CACHE_SECRET_KEYS,
    jwt: JWT_SECRET_KEYS,
    newrelic: NEW_RELIC_SECRET_KEYS,
};

/** "postgres.password" -> { secret: "postgres", key: "password" }, or undefined if no such key exists. */
export function parseSecretReference(reference: string): { secret: string; key: string } | undefined {
    const [secret, key, ...rest] = reference.split(".");
    if (rest.length > 0 || key === undefined) return undefined;
    return SECRET_CATALOG[secret]?.includes(key) ? { secret, key } : undefined;
}

export function describeCatalog(): string {
    return Object.entries(SECRET_CATALOG).map(([secret, keys]) => `${secret}.{${keys.join(",")}}`).join(", ");
}
