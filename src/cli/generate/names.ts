/** The names one generated capability uses, from the MCP name the user gave (`lookup_order`). */
export interface GeneratedNames {
  /** The MCP name: `lookup_order`. */
  name: string;
  /** File base name: `lookup-order`. */
  file: string;
  /** PascalCase stem: `LookupOrder`. */
  pascal: string;
}

const NAME = /^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/;

/** Splits `lookup_order`, `lookup-order` or `lookupOrder` into words; undefined when not a valid MCP name. */
export function generatedNames(name: string): GeneratedNames | undefined {
  if (!NAME.test(name)) return undefined;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  return {
    name,
    file: words.join('-'),
    pascal: words.map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
  };
}
