// The two formats of a review: text aligned for a terminal, Markdown safe for a PR comment.
import { expect } from "chai";
import { renderMarkdown } from "../../review/render-markdown";
import { renderText } from "../../review/render-text";
import { details, lines, pre, Report, table } from "../../review/report";

const REPORT: Report = {
    title: "T",
    sections: [
        { title: "S", blocks: [lines("names read <env>"), table(["key", "value"], [["a|b", "x"], ["long.key", "y"]]), details("2 updated", [pre(["~ one", "~ two"])])] },
    ],
};

describe("review: rendering", () => {
    it("text: underlined titles, columns aligned, folded lists printed in full", () => {
        expect(renderText(REPORT)).to.equal(
            ["T", "=", "", "S", "-", "names read <env>", "", "key       value", "--------  -----", "a|b       x", "long.key  y", "", "2 updated:", "  ~ one", "  ~ two"].join("\n"),
        );
    });

    it("markdown: headings, a table with pipes escaped, <details> for folded lists, no raw angle brackets outside code", () => {
        const markdown = renderMarkdown(REPORT);
        expect(markdown).to.include("## T\n\n### S\n");
        expect(markdown).to.include("names read &lt;env&gt;");
        expect(markdown).to.include("| key | value |\n|---|---|\n| `a\\|b` | `x` |\n| `long.key` | `y` |");
        expect(markdown).to.include("<details>\n<summary>2 updated</summary>\n\n```text\n~ one\n~ two\n```\n\n</details>");
    });
});
