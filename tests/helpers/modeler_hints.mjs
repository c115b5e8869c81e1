// The modeler panel's hints (web/assets/modeler/panel/duration.js) for the values on the
// command line (JSON [[kind, expression], …]), printed as JSON, in zh-CN and English.
import { timerHint, humanDuration } from "../../web/assets/modeler/panel/duration.js";
import { translator } from "../../web/assets/modeler/panel/labels.js";

const cases = JSON.parse(process.argv[2]);
const settings = { notice_period: "P15D" };
const out = {};
for (const lang of ["zh-CN", "en"]) {
  const t = translator(lang);
  out[lang] = cases.map(([kind, value]) => (kind === "due" ? humanDuration(value, t) : timerHint(kind, value, settings, t)));
}
process.stdout.write(JSON.stringify(out));
