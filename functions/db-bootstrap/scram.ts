// A SCRAM-SHA-256 password verifier, computed here so that CREATE ROLE carries the verifier
// and never the password: a statement that reaches the server log reveals nothing (RFC 5802,
// RFC 7677; PostgreSQL's format "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>").
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "crypto";

/** PostgreSQL's default (scram_iterations). */
export const SCRAM_ITERATIONS = 4096;

export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = SCRAM_ITERATIONS): string {
    // Passwords here are generated ASCII, for which SASLprep is the identity.
    const salted = pbkdf2Sync(password.normalize("NFKC"), salt, iterations, 32, "sha256");
    const clientKey = createHmac("sha256", salted).update("Client Key").digest();
    const storedKey = createHash("sha256").update(clientKey).digest();
    const serverKey = createHmac("sha256", salted).update("Server Key").digest();
    return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
