// Invalid values of the application secrets: the JWT lifetimes and rotation, New Relic's app name
// and license key (a secret key, never echoed).
import { editSection, InvalidCase, keyOf, setKey } from "../edit";

const secrets = keyOf("secrets");
const LICENSE_KEY = "hse-platform:newRelicLicenseKey";
const editJwt = (change: (j: Record<string, any>) => void) => editSection("secrets", (s) => change(s.jwt));
const editSecrets = (change: (s: Record<string, any>) => void) => editSection("secrets", change);

export const SECRETS_CASES: InvalidCase[] = [
    { title: "a missing New Relic license key", edit: setKey("newRelicLicenseKey", undefined), key: LICENSE_KEY, says: "is required; it must be set once, with: pulumi config set --secret hse-platform:newRelicLicenseKey <license key>" },
    { title: "a New Relic license key that is not one", edit: setKey("newRelicLicenseKey", "secret:not-a-license-key"), key: LICENSE_KEY, says: "must be a New Relic license key: 40 letters and digits" },
    { title: "a New Relic license key in plain text", edit: setKey("newRelicLicenseKey", "a".repeat(40)), key: LICENSE_KEY, says: "is a secret but is stored in plain text in Pulumi.dev.yaml; remove it and run: pulumi config set --secret hse-platform:newRelicLicenseKey <license key>" },
    { title: "an access-token lifetime that does not parse", edit: editJwt((j) => { j.expiresIn = "15 minutes"; }), key: secrets("jwt.expiresIn"), says: "must be a lifetime: a whole number of s, m, h or d, such as 15m or 7d" },
    { title: "a refresh-token lifetime in weeks", edit: editJwt((j) => { j.refreshExpiresIn = "1w"; }), key: secrets("jwt.refreshExpiresIn"), says: "such as 15m or 7d" },
    { title: "a lifetime of zero", edit: editJwt((j) => { j.expiresIn = "0m"; }), key: secrets("jwt.expiresIn"), says: "such as 15m or 7d" },
    { title: "a lifetime that is a number", edit: editJwt((j) => { j.expiresIn = 900; }), key: secrets("jwt.expiresIn"), says: "must be a lifetime such as 15m or 7d" },
    { title: "a rotation interval of 0 days (Secrets Manager allows 1-1000)", edit: editJwt((j) => { j.rotationDays = 0; }), key: secrets("jwt.rotationDays"), says: "at least 1" },
    { title: "a rotation interval above Secrets Manager's 1000 days", edit: editJwt((j) => { j.rotationDays = 1001; }), key: secrets("jwt.rotationDays"), says: "at most 1000" },
    { title: "a rotation interval shorter than a refresh token's life", edit: editJwt((j) => { j.rotationDays = 5; }), key: secrets("jwt.rotationDays"), says: "is 5: a refresh token (7d) must expire at least a day within one rotation interval" },
    { title: "a rotation interval equal to a refresh token's life (a rotation may run a day early)", edit: editJwt((j) => { j.rotationDays = 7; }), key: secrets("jwt.rotationDays"), says: "is 7: a refresh token (7d) must expire at least a day within" },
    { title: "a refresh token one second short of the allowed interval", edit: editJwt((j) => { j.rotationDays = 2; j.refreshExpiresIn = "86401s"; }), key: secrets("jwt.rotationDays"), says: "is 2: a refresh token (86401s)" },
    { title: "an access token that outlives its refresh token", edit: editJwt((j) => { j.expiresIn = "8d"; }), key: secrets("jwt.expiresIn"), says: "is 8d, longer than refreshExpiresIn (7d)" },
    { title: "an unknown JWT setting", edit: editJwt((j) => { j.algorithm = "HS256"; }), key: secrets("jwt.algorithm"), says: "unknown key; allowed here: expiresIn, refreshExpiresIn, rotationDays" },
    { title: "no New Relic app name", edit: editSecrets((s) => { s.newRelic = {}; }), key: secrets("newRelic.appName"), says: "is required" },
    { title: "more than three New Relic app names", edit: editSecrets((s) => { s.newRelic.appName = "a;b;c;d"; }), key: secrets("newRelic.appName"), says: "must be an application name, or up to three separated by ;" },
    { title: "a New Relic app name that starts with a space", edit: editSecrets((s) => { s.newRelic.appName = " HSE"; }), key: secrets("newRelic.appName"), says: "up to three separated by ;" },
    { title: "function logs kept a number of days CloudWatch does not offer", edit: editSecrets((s) => { s.functionLogRetentionInDays = 10; }), key: secrets("functionLogRetentionInDays"), says: "must be one of the values CloudWatch Logs accepts" },
];
