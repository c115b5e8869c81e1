// A human hint for a timer or `due` value: "15 天" for P15D, "重复 3 次，每 1 小时" for R3/PT1H,
// the default of a named setting ("变量 notice_period（默认 15 天）").
const PARTS = [["Y", "year"], ["M", "month"], ["W", "week"], ["D", "day"]];
const TIME = [["H", "hour"], ["M", "minute"], ["S", "second"]];

export function humanDuration(iso, t) {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || "");
  if (!m || iso === "P" || iso.endsWith("T")) return null;
  const words = [];
  [...PARTS, ...TIME].forEach(([, unit], i) => {
    if (m[i + 1]) words.push(`${m[i + 1]} ${t(unit)}${t("day") === "day" && m[i + 1] !== "1" ? "s" : ""}`);
  });
  return words.join(" ");
}

function literal(expression) {
  const m = /^\s*(["'])([^"']*)\1\s*$/.exec(expression || "");
  return m ? m[2] : null;
}

export function timerHint(kind, expression, settings, t) {
  if (!expression) return "";
  const text = literal(expression);
  if (text === null) {
    const name = expression.trim();
    if (/^[A-Za-z_]\w*$/.test(name)) {
      const value = settings[name];
      const human = value && humanDuration(value, t);
      return value ? t("variable {name} (default {value})", { name, value: human || value })
        : t("variable {name}", { name });
    }
    return "";
  }
  if (kind === "timeDuration") return humanDuration(text, t) || t("not a duration");
  if (kind === "timeCycle") {
    const m = /^R(\d*)\/(?:[^/]+\/)?(P[^/]+)$/.exec(text);
    if (!m) return "";
    const every = humanDuration(m[2], t) || m[2];
    return m[1] ? t("repeats {n} times, every {every}", { n: m[1], every }) : t("repeats forever, every {every}", { every });
  }
  return text;
}
