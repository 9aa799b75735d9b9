// Choices a stack may make but a reviewer must see: each is allowed by the config, and printed by
// the offline plan and by `pulumi up` (as a warning) every time it runs, naming its key.
import { PlatformConfig } from "./load";

export interface ConfigWarning {
    /** The full config key of the choice. */
    readonly key: string;
    readonly message: string;
}

export function configWarnings(config: PlatformConfig): ConfigWarning[] {
    const warnings: ConfigWarning[] = [];
    const hasDevices = Object.values(config.services).some((s) => s.nlb !== undefined);
    if (hasDevices && config.nlb.protocol === "TCP") {
        warnings.push({
            key: `${config.project}:nlb.protocol`,
            message: "is TCP: device traffic crosses the internet in plain text and devices cannot authenticate the server (allowed in dev only; set TLS to encrypt it)",
        });
    }
    return warnings;
}

/** One warning as a line: the key, then what it means. */
export function formatWarning(warning: ConfigWarning): string {
    return `Warning: ${warning.key} ${warning.message}`;
}
