// Wiring of the keys tier: one customer-managed KMS key per purpose, before anything that
// encrypts with them.
import { EncryptionKey, EncryptionKeys } from "../components/keys/encryption-keys";
import { KeyPurpose } from "../components/keys/key-policies";
import { secretName } from "../components/secrets/platform-secret";
import { TierContext } from "./context";

export type KeysTier = Readonly<Record<KeyPurpose, EncryptionKey>>;

export function buildKeysTier({ config, namePrefix, providers }: TierContext): KeysTier {
    return new EncryptionKeys(`${namePrefix}-keys`, {
        namePrefix,
        // Buckets are named <namePrefix>-<purpose>-..., secrets hse/<env>/<name>, topics <namePrefix>-<purpose>.
        names: { bucketPrefix: `${namePrefix}-`, secretPrefix: secretName(config.environment, ""), topicPrefix: `${namePrefix}-` },
        deletionWindowInDays: config.keys.deletionWindowInDays,
        rotationPeriodInDays: config.keys.rotationPeriodInDays,
        protect: config.protectStatefulResources,
    }, { providers: [providers.aws] }).keys;
}

export function keysOutputs(keys: KeysTier) {
    return {
        ...Object.fromEntries(Object.entries(keys).map(([purpose, key]) => [purpose, { arn: key.arn, alias: key.alias }])),
        // KMS bills per customer-managed key (docs/outputs.md).
        sizing: { customerManagedKeys: Object.keys(keys).length },
    };
}
