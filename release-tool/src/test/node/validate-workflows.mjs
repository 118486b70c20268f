// Parses and converts each GitHub Actions workflow with GitHub's own parser (@actions/workflow-parser): the schema,
// expressions and the job graph as GitHub reads them. Prints "OK <file>", or "ERROR <file>: <message>" per problem;
// exits 1 if any file has one. Usage: node validate-workflows.mjs FILE...
import fs from "node:fs";
import { register } from "node:module";

// The parser imports its JSON schemas without an import attribute (it is built for bundlers), which Node refuses:
// serve those .json files as ES modules instead.
register("data:text/javascript," + encodeURIComponent(`
  import fs from "node:fs";
  export async function load(url, context, nextLoad) {
    if (url.startsWith("file:") && url.endsWith(".json") && url.includes("/@actions/")) {
      const json = fs.readFileSync(new URL(url), "utf8");
      return { format: "module", source: "export default " + json + ";", shortCircuit: true };
    }
    return nextLoad(url, context);
  }`));
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import("@actions/workflow-parser");

let failed = false;
for (const name of process.argv.slice(2)) {
  const parsed = parseWorkflow({ name, content: fs.readFileSync(name, "utf8") }, new NoOperationTraceWriter());
  const messages = parsed.context.errors.getErrors().map((e) => e.message);
  if (messages.length === 0) {
    if (parsed.value === undefined) {
      messages.push("empty: not a workflow");
    } else {
      const template = await convertWorkflowTemplate(parsed.context, parsed.value);
      messages.push(...(template.errors ?? []).map((e) => e.Message));
    }
  }
  messages.forEach((message) => console.log(`ERROR ${name}: ${message}`));
  if (messages.length === 0) {
    console.log(`OK ${name}`);
  }
  failed ||= messages.length > 0;
}
process.exit(failed ? 1 : 0);
