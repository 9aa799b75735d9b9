// The effective config: flattened readably, secrets masked (and only said to have changed).
import { expect } from "chai";
import { readOfflineStackConfig } from "../../offline/secret-stand-ins";
import { cellText, configDiff, effectiveConfig, flatten, sideBySide } from "../../review/effective-config";

describe("review: effective configuration", () => {
    it("flattens to dotted keys, scalar arrays in one cell and arrays of objects indexed", () => {
        expect(flatten({ a: { b: 1, c: ["x", "y"] }, zones: [{ az: "a" }, { az: "b" }], off: undefined, empty: {} })).to.deep.equal({
            "a.b": "1",
            "a.c": "[x, y]",
            "zones[0].az": "a",
            "zones[1].az": "b",
            off: "(unset)",
            empty: "{}",
        });
    });

    it("applies the defaults and masks every secret value, also where a secret is copied", () => {
        const config = readOfflineStackConfig("production");
        const key = "hse-platform:newRelicLicenseKey";
        config.values[key] = "0123456789abcdef0123456789abcdef01234567";
        // The app name is no secret; set to the licence key, it must be masked all the same.
        const secrets = JSON.parse(config.values["hse-platform:secrets"]) as { newRelic: { appName: string } };
        secrets.newRelic.appName = config.values[key];
        config.values["hse-platform:secrets"] = JSON.stringify(secrets);
        const flat = effectiveConfig(config);
        expect(cellText(flat["secrets.newRelic.appName"])).to.equal("[secret]");
        expect(flat["postgres.schema"], "a default of the postgres section").to.equal("app");
        expect(cellText(flat["secretValues.newRelicLicenseKey"])).to.equal("[secret]");
        expect(Object.values(flat).map(cellText).join("\n")).to.not.include("0123456789abcdef0123456789abcdef01234567");
    });

    it("a changed secret reads '[secret] (changed)'; equal rows are left out of a diff", () => {
        const [a, b] = [readOfflineStackConfig("dev"), readOfflineStackConfig("dev")];
        a.values["hse-platform:newRelicLicenseKey"] = "0123456789abcdef0123456789abcdef01234567";
        b.values["hse-platform:newRelicLicenseKey"] = "76543210fedcba9876543210fedcba9876543210";
        const rows = configDiff(effectiveConfig(a), effectiveConfig(b));
        expect(rows).to.deep.equal([{ key: "secretValues.newRelicLicenseKey", values: ["[secret]", "[secret] (changed)"] }]);
    });

    it("puts stacks side by side, a key missing in one reading '(not set)'", () => {
        const rows = sideBySide([{ a: "1", b: "2" }, { a: "1", c: "3" }]);
        expect(rows.map((r) => [r.key, ...r.values.map(cellText)])).to.deep.equal([
            ["a", "1", "1"],
            ["b", "2", "(not set)"],
            ["c", "(not set)", "3"],
        ]);
        expect(sideBySide([{ a: "1", b: "2" }, { a: "1", b: "3" }], true).map((r) => r.key)).to.deep.equal(["b"]);
    });
});
