// Invalid values of the cost section: usage assumptions of the cost estimate.
import { editSection, InvalidCase, keyOf } from "../edit";

const cost = keyOf("cost");
const assume = (change: (a: Record<string, unknown>) => void) => editSection("cost", (c) => {
    c.assumptions = { ...(c.assumptions as Record<string, unknown> | undefined) };
    change(c.assumptions as Record<string, unknown>);
});

export const COST_CASES: InvalidCase[] = [
    { title: "negative internet egress", edit: assume((a) => { a.internetEgressGb = -1; }), key: cost("assumptions.internetEgressGb"), says: "must be 0 or more" },
    { title: "log volume given as text", edit: assume((a) => { a.logIngestionGb = "50 GB"; }), key: cost("assumptions.logIngestionGb"), says: "must be a number" },
    { title: "backup change above 100 percent", edit: assume((a) => { a.backupChangePercentPerDay = 150; }), key: cost("assumptions.backupChangePercentPerDay"), says: "must be at most 100 (a percentage)" },
    { title: "misspelt cost assumption", edit: assume((a) => { a.egressGb = 10; }), key: cost("assumptions.egressGb"), says: "unknown key" },
    { title: "misspelt cost key", edit: editSection("cost", (c) => { c.assumption = {}; }), key: cost("assumption"), says: "unknown key" },
];
