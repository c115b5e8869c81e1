// The form editor: a JSON Schema form (with its x-ui section) edited as a list of fields, or
// as JSON; every change is checked and rendered by the server (the task pages' renderer)
// into the preview, and "save" stores the form in the draft of the next version. The server
// decides what is valid: its messages are shown beside the fields they name.
(() => {
  const data = JSON.parse(document.getElementById("editor-data").textContent);
  const $ = id => document.getElementById(id);
  const list = $("field-list"), template = $("field-template");
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const KNOWN = ["type", "title", "description", "enum", "minimum", "maximum", "maxLength"];
  const UI_KNOWN = ["widget", "labels", "order"];
  let fields = [], top = {}, mode = "structured", timer = null, asked = 0;

  const without = (object, keys) => Object.fromEntries(Object.entries(object || {}).filter(([k]) => !keys.includes(k)));
  const number = (text, whole) => {
    if (text === "" || text === null || text === undefined) return undefined;
    const n = whole ? parseInt(text, 10) : parseFloat(text);
    return Number.isFinite(n) ? n : undefined;
  };

  function load(schema) {
    const props = schema.properties || {}, look = schema["x-ui"] || {};
    const required = new Set(schema.required || []);
    const names = Object.keys(props);
    names.sort((a, b) => ((look[a] || {}).order ?? names.indexOf(a) + 1000) - ((look[b] || {}).order ?? names.indexOf(b) + 1000));
    top = without(schema, ["title", "description", "required", "properties", "x-ui", "type"]);
    $("form-title").value = schema.title || "";
    $("form-description").value = schema.description || "";
    fields = names.map(key => {
      const spec = props[key] || {}, ui = look[key] || {}, items = spec.items || {};
      const values = spec.type === "array" ? items.enum : spec.enum;
      const labels = ui.labels || {};
      return {
        key, title: spec.title || "", description: spec.description || "", required: required.has(key),
        type: spec.type || "", widget: ui.widget || "", minimum: spec.minimum ?? "", maximum: spec.maximum ?? "",
        maxLength: spec.maxLength ?? "",
        enumValues: values || [],
        enumText: (values || []).map(v => labels[v] ? `${v}=${labels[v]}` : String(v)).join("\n"),
        extra: without(spec, KNOWN.concat(spec.type === "array" ? ["items"] : [])),
        itemsExtra: without(items, ["enum", "type"]), itemsType: items.type, uiExtra: without(ui, UI_KNOWN),
      };
    });
  }

  function build() {
    const properties = {}, look = {}, required = [];
    fields.forEach((f, order) => {
      const spec = { ...f.extra };
      if (f.type) spec.type = f.type;
      if (f.title) spec.title = f.title;
      if (f.description) spec.description = f.description;
      const whole = f.type === "integer";
      for (const [name, value] of [["minimum", number(f.minimum, whole)], ["maximum", number(f.maximum, whole)],
                                   ["maxLength", number(f.maxLength, true)]]) {
        if (value !== undefined) spec[name] = value;
      }
      const labels = {}, values = [], typed = new Map((f.enumValues || []).map(v => [String(v), v]));
      f.enumText.split("\n").map(line => line.trim()).filter(Boolean).forEach(line => {
        const at = line.indexOf("=");
        const value = at < 0 ? line : line.slice(0, at).trim(), label = at < 0 ? "" : line.slice(at + 1).trim();
        values.push(typed.has(value) ? typed.get(value) : value);  // a number stays a number
        if (label) labels[value] = label;
      });
      if (f.type === "array") spec.items = { ...f.itemsExtra, ...(f.itemsType ? { type: f.itemsType } : {}), ...(values.length ? { enum: values } : {}) };
      else if (values.length) spec.enum = values;
      if (f.widget === "date" && !spec.format) spec.format = "date";
      if (f.widget === "duration" && !spec.format) spec.format = "duration";
      const ui = { ...f.uiExtra, order };
      if (f.widget) ui.widget = f.widget;
      if (Object.keys(labels).length) ui.labels = labels;
      properties[f.key] = spec;
      look[f.key] = ui;
      if (f.required) required.push(f.key);
    });
    const schema = { ...top, type: "object" };
    if ($("form-title").value.trim()) schema.title = $("form-title").value.trim();
    if ($("form-description").value.trim()) schema.description = $("form-description").value.trim();
    return { ...schema, required, properties, "x-ui": look };
  }

  function current() {
    if (mode === "structured") return build();
    try {
      const schema = JSON.parse($("json-text").value);
      $("json-error").hidden = true;
      return schema;
    } catch (err) {
      $("json-error").textContent = `${data.messages.json} ${err.message}`;
      $("json-error").hidden = false;
      return null;
    }
  }

  function render() {
    list.replaceChildren();
    fields.forEach((f, index) => {
      const card = template.content.firstElementChild.cloneNode(true);
      card.dataset.index = index;
      card.dataset.key = f.key;
      card.querySelectorAll("[data-prop]").forEach(input => {
        const prop = input.dataset.prop, value = prop === "enum" ? f.enumText : f[prop];
        if (input.type === "checkbox") input.checked = !!value;
        else input.value = value ?? "";
      });
      card.querySelector("[data-act=up]").disabled = index === 0;
      card.querySelector("[data-act=down]").disabled = index === fields.length - 1;
      list.appendChild(card);
    });
  }

  list.addEventListener("input", event => {
    const input = event.target, card = input.closest(".field-card");
    if (!card || !input.dataset.prop) return;
    const f = fields[Number(card.dataset.index)], prop = input.dataset.prop;
    if (prop === "enum") f.enumText = input.value;
    else f[prop] = input.type === "checkbox" ? input.checked : input.value;
    if (prop === "key") card.dataset.key = input.value;
    schedule();
  });
  list.addEventListener("click", event => {
    const button = event.target.closest("[data-act]");
    if (!button) return;
    const index = Number(button.closest(".field-card").dataset.index);
    if (button.dataset.act === "remove") fields.splice(index, 1);
    const to = button.dataset.act === "up" ? index - 1 : button.dataset.act === "down" ? index + 1 : null;
    if (to !== null && to >= 0 && to < fields.length) [fields[index], fields[to]] = [fields[to], fields[index]];
    render();
    schedule();
  });
  // a checkbox or select reports "change": the delegated handler above reads it as an input
  list.addEventListener("change", event => {
    if (event.target.type === "checkbox" || event.target.tagName === "SELECT") {
      event.target.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });

  $("add-field").addEventListener("click", () => {
    const n = fields.length + 1;
    fields.push({ key: `field_${n}`, title: "", description: "", required: false, type: "string", widget: "",
                  minimum: "", maximum: "", maxLength: "", enumText: "", extra: {}, itemsExtra: {}, itemsType: "string",
                  uiExtra: {} });
    render();
    list.lastElementChild.querySelector("[data-prop=key]").focus();
    schedule();
  });
  for (const id of ["form-name", "form-title", "form-description", "json-text"]) $(id).addEventListener("input", () => schedule());

  function switchTo(next) {
    if (next === mode) return;
    if (next === "json") {
      $("json-text").value = JSON.stringify(build(), null, 2);
    } else {
      const schema = current();
      if (!schema) return;  // stay in the JSON until it parses
      load(schema);
      render();
    }
    mode = next;
    $("structured").hidden = mode !== "structured";
    $("json-mode").hidden = mode !== "json";
    $("mode-structured").setAttribute("aria-pressed", String(mode === "structured"));
    $("mode-json").setAttribute("aria-pressed", String(mode === "json"));
    $("mode-structured").classList.toggle("secondary", mode !== "structured");
    $("mode-json").classList.toggle("secondary", mode !== "json");
    schedule();
  }
  $("mode-structured").addEventListener("click", () => switchTo("structured"));
  $("mode-json").addEventListener("click", () => switchTo("json"));

  function showErrors(error) {
    const check = $("check");
    list.querySelectorAll(".field-card").forEach(card => {
      card.classList.remove("invalid");
      card.querySelector("[data-errors]").hidden = true;
    });
    $("err-name").hidden = true;
    if (!error) { check.hidden = true; check.replaceChildren(); return; }
    const lines = [error.message];
    for (const [name, messages] of Object.entries(error.fields || {})) {
      const card = mode === "structured" && [...list.querySelectorAll(".field-card")].find(c => c.dataset.key === name);
      if (card) {
        card.classList.add("invalid");
        const where = card.querySelector("[data-errors]");
        where.textContent = messages.join(" ");
        where.hidden = false;
      }
      if (name === "name") { $("err-name").textContent = messages.join(" "); $("err-name").hidden = false; }
      lines.push(`${name === "_form" ? data.messages.form : `${data.messages.field} ${name}`}: ${messages.join(" ")}`);
    }
    check.replaceChildren(...lines.map(text => Object.assign(document.createElement("p"), { textContent: text })));
    check.hidden = false;
  }

  async function post(url, schema) {
    return fetch(url, { method: "POST", credentials: "same-origin",
                        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
                        body: JSON.stringify({ schema, name: $("form-name").value.trim() }) });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  }

  async function refresh() {
    const schema = current();
    if (!schema) return;
    const preview = $("preview"), ask = ++asked;
    preview.dataset.state = "loading";
    const response = await post(data.preview_url, schema);
    if (ask !== asked) return;  // a later edit has asked again: its answer counts
    if (response.ok) {
      preview.innerHTML = await response.text();  // the server's own escaped template
      showErrors(null);
      preview.dataset.state = "ok";
    } else {
      showErrors((await response.json()).error);
      preview.dataset.state = "refused";
    }
  }

  $("save-form").addEventListener("click", async () => {
    const name = $("form-name").value.trim(), result = $("save-result");
    result.replaceChildren();
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(name)) {
      $("err-name").textContent = data.messages.name;
      $("err-name").hidden = false;
      $("form-name").focus();
      return;
    }
    const schema = current();
    if (!schema) return;
    const response = await post(data.save_url.replace("__name__", encodeURIComponent(name)), schema);
    const body = await response.json();
    if (!response.ok) { result.className = "error"; result.textContent = body.error.message; showErrors(body.error); return; }
    showErrors(null);
    result.className = "notice";
    const link = Object.assign(document.createElement("a"), { href: body.draft_url, textContent: data.messages.draft });
    result.append(`${body.message} `, link);
    $("form-name").readOnly = true;
    history.replaceState(null, "", `${data.editor_url}?form=${encodeURIComponent(name)}`);
  });

  load(data.schema);
  render();
  refresh();
})();
