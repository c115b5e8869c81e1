// A diagram through bpmn-moddle, what bpmn-js reads and writes: import the file named on the
// command line, print it exported again; import warnings (unresolved references, unknown
// content) go to stderr with exit code 2.
import { readFileSync } from "node:fs";
import { BpmnModdle } from "bpmn-moddle";

const moddle = new BpmnModdle();
const { rootElement, warnings } = await moddle.fromXML(readFileSync(process.argv[2], "utf8"));
if (warnings.length) {
  console.error(warnings.map((w) => w.message).join("\n"));
  process.exit(2);
}
const { xml } = await moddle.toXML(rootElement, { format: true });
process.stdout.write(xml);
