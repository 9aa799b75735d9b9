// The offline engine has no Pulumi CLI to decrypt `secure:` values and no person to supply a
// vendor key, so it stands in for the program's secret keys: a well-formed value that is not real
// (each SecretKeySpec's offlineStandIn) for every encrypted value, and for every required one the
// stack file lacks. The plan warns about the latter: `pulumi up` would refuse that stack.
import { secretKeysOf, setSecretCommand } from "../stacks/config/validate";
import { SECTIONS } from "../stacks/config/sections";
import { mockSecretValue, readStackConfig, REPO_ROOT, StackConfig } from "./stack-file";

/** A required secret key the stack file lacks, and the command that sets it. */
export interface MissingSecret {
    readonly key: string;
    readonly setWith: string;
}

/** Stands in for the secret keys of `config` in place; returns the required keys that were missing. */
export function standInSecrets(config: StackConfig): MissingSecret[] {
    const missing: MissingSecret[] = [];
    for (const spec of secretKeysOf(SECTIONS)) {
        const key = `${config.project}:${spec.key}`;
        const encrypted = config.secretKeys.includes(key) && config.values[key] === mockSecretValue(key);
        const absent = !(key in config.values) && spec.required === true;
        if (encrypted || absent) {
            config.values[key] = spec.offlineStandIn;
            if (!config.secretKeys.includes(key)) config.secretKeys.push(key);
        }
        if (absent) missing.push({ key, setWith: setSecretCommand(spec, config.project) });
    }
    return missing;
}

/** A stack file as the offline engine hands it to the program: its config, with the stand-ins. */
export function readOfflineStackConfig(stack: string, root = REPO_ROOT): StackConfig {
    const config = readStackConfig(stack, root);
    standInSecrets(config);
    return config;
}
