// The shape of the JWT secret (hse/<env>/jwt), shared by the program that creates it, the config
// that sets its lifetimes and the function that rotates it. No AWS SDK here: the program loads
// this module too.

/** The secret's JSON keys: the signing secret, the one before it, and the token lifetimes. */
export const JWT_SECRET_KEYS = ["secret", "previous", "expiresIn", "refreshExpiresIn"] as const;

/**
 * 64 random bytes as base64url: 86 characters, 512 bits, enough for HS512 (RFC 7518 §3.2: a key
 * at least as long as the hash). The first value, made by the program, has the same length in
 * letters and digits (~512 bits too).
 */
export const SIGNING_SECRET_BYTES = 64;
export const SIGNING_SECRET_LENGTH = 86;
const SIGNING_SECRET = new RegExp(`^[A-Za-z0-9_-]{${SIGNING_SECRET_LENGTH}}$`);

/** A lifetime as the seed writes it and the jsonwebtoken library reads it: "15m", "7d". */
export const LIFETIME_PATTERN = /^[1-9]\d*[smhd]$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** "15m" -> 900; undefined unless the text matches LIFETIME_PATTERN. */
export function lifetimeSeconds(text: string): number | undefined {
    if (!LIFETIME_PATTERN.test(text)) return undefined;
    return Number(text.slice(0, -1)) * UNIT_SECONDS[text.slice(-1) as keyof typeof UNIT_SECONDS];
}

export function isSigningSecret(value: unknown): value is string {
    return typeof value === "string" && SIGNING_SECRET.test(value);
}

/**
 * What is wrong with a new value, given the one it replaces; empty when it is usable. Names keys
 * only, never a value.
 */
export function problemsOfRotatedValue(pending: Record<string, unknown>, current: Record<string, unknown>): string[] {
    const problems: string[] = [];
    if (!isSigningSecret(pending.secret)) problems.push(`secret is not ${SIGNING_SECRET_LENGTH} base64url characters`);
    if (pending.secret === current.secret) problems.push("secret did not change");
    if (pending.previous !== current.secret) problems.push("previous is not the secret it replaces");
    for (const key of ["expiresIn", "refreshExpiresIn"] as const) {
        const lifetime = pending[key];
        if (typeof lifetime !== "string" || lifetimeSeconds(lifetime) === undefined) problems.push(`${key} is not a lifetime such as 15m or 7d`);
    }
    return problems;
}
