// Invalid values of the data-tier sections that exist so far (their ports).
import { editSection, InvalidCase, keyOf, setKey } from "../edit";

export const DATA_PORT_CASES: InvalidCase[] = [
    { title: "PostgreSQL port out of range", edit: editSection("postgres", (p) => { p.port = 0; }), key: keyOf("postgres")("port"), says: "must be at least 1 (got 0)" },
    { title: "PostgreSQL port as text", edit: editSection("postgres", (p) => { p.port = "5432"; }), key: keyOf("postgres")("port"), says: "whole number" },
    { title: "cache section that is not an object", edit: setKey("cache", "6379"), key: "hse-platform:cache", says: "must be a mapping" },
    { title: "misspelt cache key", edit: editSection("cache", (c) => { c.prot = 6379; }), key: keyOf("cache")("prot"), says: "allowed here: engine, engineVersion" },
];
