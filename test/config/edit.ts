// Helpers to derive an invalid config from a real stack file, one edit at a time.
import { readStackConfig } from "../harness/stack-file";

export const PROJECT = "hse-platform";
export type Values = Record<string, string>;
export type Edit = (values: Values) => void;

export function stackValues(stack: string): Values {
    return { ...readStackConfig(stack).values };
}

/** Sets (or with `undefined`, removes) a top-level project key. */
export function setKey(key: string, value: string | undefined): Edit {
    return (values) => {
        if (value === undefined) delete values[`${PROJECT}:${key}`];
        else values[`${PROJECT}:${key}`] = value;
    };
}

/** Edits the network section as an object. */
export function editNetwork(change: (network: Record<string, any>) => void): Edit {
    return (values) => {
        const network = JSON.parse(values[`${PROJECT}:network`]) as Record<string, any>;
        change(network);
        values[`${PROJECT}:network`] = JSON.stringify(network);
    };
}
