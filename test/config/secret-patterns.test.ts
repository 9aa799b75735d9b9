// The New Relic license key and app name patterns at their edges. The key is a secret: the
// refusal names the key and never echoes the value.
import { expect } from "chai";
import { configProblems, editSection, keyOf, setKey } from "./edit";

const LICENSE_KEY = "hse-platform:newRelicLicenseKey";
const appName = keyOf("secrets")("newRelic.appName");
const withAppName = (value: string) => editSection("secrets", (s) => { s.newRelic.appName = value; });

describe("New Relic values at their edges", () => {
    for (const key of ["0123456789abcdefABCDEF0123456789abcdefAB", "Z".repeat(40)]) {
        it(`accepts the license key ${key.slice(0, 6)}... (40 letters and digits)`, () => {
            expect(configProblems("dev", setKey("newRelicLicenseKey", `secret:${key}`))).to.deep.equal([]);
        });
    }
    for (const [what, key] of [["41 characters", "a".repeat(41)], ["39 characters", "a".repeat(39)], ["a leading dash", `-${"a".repeat(40)}`], ["a trailing dash", `${"a".repeat(40)}-`], ["an underscore", `${"a".repeat(39)}_`]]) {
        it(`refuses a license key with ${what}, without echoing it`, () => {
            const problems = configProblems("dev", setKey("newRelicLicenseKey", `secret:${key}`));
            expect(problems.map((p) => p.key)).to.deep.equal([LICENSE_KEY]);
            expect(problems[0].message).to.include("must be a New Relic license key: 40 letters and digits");
            expect(problems[0].message).not.to.include(key);
        });
    }

    for (const name of ["HSE Backend Production", "HSE;HSE all", "a;b;c", "HSE (dev);Shared apps"]) {
        it(`accepts the app name ${JSON.stringify(name)}`, () => {
            expect(configProblems("dev", withAppName(name))).to.deep.equal([]);
        });
    }
    for (const name of ["HSE; all", "HSE;;all", "HSE;", ";HSE", "a;b;c;d", " HSE", "a;b; c"]) {
        it(`refuses the app name ${JSON.stringify(name)}`, () => {
            const problems = configProblems("dev", withAppName(name));
            expect(problems.map((p) => p.key)).to.deep.equal([appName]);
            expect(problems[0].message).to.include("must be an application name, or up to three separated by ;");
        });
    }
});
