// Unknown `spiffworkflow:` elements survive a round trip: moddle drops an element of a known
// namespace whose type it lacks, so such a type is declared the first time it is met, keeping
// its attributes, children and text as they were.
export function keepUnknown(moddle, prefix) {
  const getType = moddle.getType.bind(moddle);
  moddle.getType = (name) => {
    if (typeof name === "string" && name.startsWith(prefix + ":")
        && !moddle.registry.typeMap[name]) {
      const pkg = moddle.registry.packageMap[prefix];
      const type = { name: name.slice(prefix.length + 1), superClass: ["Element"],
        properties: [{ name: "values", type: "Element", isMany: true },
                     { name: "body", type: "String", isBody: true }] };
      pkg.types.push(type);
      moddle.registry.registerType(type, pkg);
    }
    return getType(name);
  };
  return moddle;
}
