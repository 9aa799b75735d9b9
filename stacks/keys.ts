// Wiring of the keys tier: one customer-managed KMS key per purpose, before anything that
// encrypts with them.
import { EncryptionKey, EncryptionKeys } from "../components/keys/encryption-keys";
import { KeyPurpose } from "../components/keys/key-policies";
import { secretName } from "../components/secrets/platform-secret";
import { TierContext } from "./context";
import { TierHandle } from "./tier";

/** Each purpose's key, by purpose (`keys.data.arn`), and the tier's outputs. */
export type KeysTier = Readonly<Record<KeyPurpose, EncryptionKey>> & TierHandle<ReturnType<typeof keysOutputs>>;

export function buildKeysTier({ config, namePrefix, providers }: TierContext): KeysTier {
    const keys = new EncryptionKeys(`${namePrefix}-keys`, {
        namePrefix,
        // Buckets are named <namePrefix>-<purpose>-..., secrets hse/<env>/<name>, topics <namePrefix>-<purpose>.
        names: { bucketPrefix: `${namePrefix}-`, secretPrefix: secretName(config.environment, ""), topicPrefix: `${namePrefix}-` },
        deletionWindowInDays: config.keys.deletionWindowInDays,
        rotationPeriodInDays: config.keys.rotationPeriodInDays,
        protect: config.protectStatefulResources,
    }, { providers: [providers.aws] }).keys;
    return { ...keys, outputs: keysOutputs(keys) };
}

function keysOutputs(keys: Readonly<Record<KeyPurpose, EncryptionKey>>) {
    return {
        ...Object.fromEntries(Object.entries(keys).map(([purpose, key]) => [purpose, { arn: key.arn, alias: key.alias }])),
        // KMS bills per customer-managed key (docs/outputs.md).
        sizing: { customerManagedKeys: Object.keys(keys).length },
    };
}
